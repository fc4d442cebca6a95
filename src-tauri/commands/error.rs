//! The one error every command returns. It reaches the UI as `{kind, message}`, and the
//! message is written for the person using the app.

use partnerboard_core::domain::InvalidInput;
use partnerboard_core::import::ImportError;
use partnerboard_core::store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A value was refused; the message says which and why.
    InvalidInput,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The edit would break something else (a type still in use, a name taken).
    Conflict,
    /// No workspace is open, or the file could not be opened.
    Workspace,
    /// The file is damaged or is not a workspace.
    Corrupt,
    /// The file comes from a newer version of the app.
    NewerVersion,
    /// Reading or writing the disk failed.
    Io,
    /// The workspace is open for editing elsewhere.
    InUse,
    /// The workspace can only be read; the change was not made.
    ReadOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn no_workspace() -> Self {
        Self::new(
            ErrorKind::Workspace,
            "No workspace is open. Use File ▸ New or File ▸ Open.",
        )
    }
}

impl From<InvalidInput> for CommandError {
    fn from(e: InvalidInput) -> Self {
        Self::new(ErrorKind::InvalidInput, e.message)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        if let StoreError::Sqlite(inner) = &e {
            match inner.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ReadOnly) => {
                    return Self::new(
                        ErrorKind::ReadOnly,
                        "The workspace file cannot be written (it is read-only or on a read-only disk), so this change was not made. Use File ▸ Save As… to edit a copy.",
                    )
                }
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    return Self::new(
                        ErrorKind::InUse,
                        "Another program is writing to the workspace file, so this change was not made. Close that program, then try again.",
                    )
                }
                _ => {}
            }
        }
        let kind = match &e {
            StoreError::InUse { .. } => ErrorKind::InUse,
            StoreError::ReadOnly { .. } => ErrorKind::ReadOnly,
            StoreError::Invalid(_) => ErrorKind::InvalidInput,
            StoreError::NotFound(_) | StoreError::Missing { .. } => ErrorKind::NotFound,
            StoreError::Conflict(_) | StoreError::AlreadyExists { .. } | StoreError::Cancelled => {
                ErrorKind::Conflict
            }
            StoreError::NewerVersion { .. } => ErrorKind::NewerVersion,
            StoreError::NotAWorkspace { .. } | StoreError::Corrupt { .. } => ErrorKind::Corrupt,
            StoreError::Sqlite(_) | StoreError::Migration(_) => ErrorKind::Workspace,
            StoreError::Io(_) => ErrorKind::Io,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<ImportError> for CommandError {
    fn from(e: ImportError) -> Self {
        let kind = match e {
            ImportError::Store(inner) => return inner.into(),
            ImportError::Cancelled => ErrorKind::Conflict,
            ImportError::Read { .. }
            | ImportError::TooLarge { .. }
            | ImportError::Report { .. } => ErrorKind::Io,
            ImportError::File(_)
            | ImportError::Map(_)
            | ImportError::UnknownStage(_)
            | ImportError::AsOfInFuture { .. } => ErrorKind::InvalidInput,
        };
        Self::new(kind, e.to_string())
    }
}

/// Reads a JSON argument into `T`, turning a wrong shape into words instead of a parser dump.
pub fn parse<T: serde::de::DeserializeOwned>(
    what: &str,
    value: serde_json::Value,
) -> Result<T, CommandError> {
    serde_json::from_value(value).map_err(|e| {
        let detail = e.to_string();
        let detail = detail
            .split(" at line")
            .next()
            .unwrap_or(&detail)
            .to_string();
        CommandError::new(
            ErrorKind::InvalidInput,
            format!("The {what} could not be read: {detail}."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let e = CommandError::new(ErrorKind::InvalidInput, "Margin % must be a number.");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "invalid_input", "message": "Margin % must be a number."})
        );
    }
}
