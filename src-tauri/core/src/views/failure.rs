//! The one mapping from every error of the core to what a person is shown: a [`Failure`] with a
//! [`ErrorKind`] and a sentence. The app's windows and the command line both print this.

use crate::charts::ChartError;
use crate::domain::InvalidInput;
use crate::export::file::WriteError;
use crate::export::operating_model::ExportError;
use crate::import::ImportError;
use crate::store::StoreError;
use serde::Serialize;

/// What sort of failure it was, so a window or a script can react without reading the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A value was refused; the message says which and why.
    InvalidInput,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The edit would break something else (a type still in use, a name taken), or was cancelled.
    Conflict,
    /// No workspace is open, or the file could not be opened.
    Workspace,
    /// The file is damaged or is not a workspace.
    Corrupt,
    /// The file comes from a newer version of the app.
    NewerVersion,
    /// A report was asked of a file an older version wrote; opening it to edit updates it.
    OlderVersion,
    /// Reading or writing the disk failed.
    Io,
    /// The workspace is open for editing elsewhere.
    InUse,
    /// The workspace can only be read; the change was not made.
    ReadOnly,
    /// A chart could not be drawn (its font or the drawing itself failed).
    Chart,
}

/// A failure as a person reads it: `{kind, message}`, the message written for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// What sort of failure it was.
    pub kind: ErrorKind,
    /// What happened and what to do, in a sentence.
    pub message: String,
}

impl Failure {
    /// A failure of `kind` told in `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A refused value, told in `message`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }
}

impl From<InvalidInput> for Failure {
    fn from(e: InvalidInput) -> Self {
        Self::invalid(e.message)
    }
}

impl From<StoreError> for Failure {
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
            StoreError::OlderVersion { .. } => ErrorKind::OlderVersion,
            StoreError::NotAWorkspace { .. } | StoreError::Corrupt { .. } => ErrorKind::Corrupt,
            StoreError::Sqlite(_) | StoreError::Migration(_) => ErrorKind::Workspace,
            StoreError::Io(_) => ErrorKind::Io,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<ImportError> for Failure {
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

impl From<ChartError> for Failure {
    fn from(e: ChartError) -> Self {
        let kind = match e {
            ChartError::Store(inner) => return inner.into(),
            ChartError::Input(inner) => return inner.into(),
            ChartError::UnknownChart(_) | ChartError::Size { .. } => ErrorKind::InvalidInput,
            ChartError::Cancelled => ErrorKind::Conflict,
            ChartError::Write { .. } => ErrorKind::Io,
            ChartError::Font | ChartError::Draw(_) => ErrorKind::Chart,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        let kind = match e {
            WriteError::Io { .. } => ErrorKind::Io,
            WriteError::Exists(_) => ErrorKind::Conflict,
            WriteError::Workspace(_) | WriteError::Link(_) | WriteError::NotAFile(_) => {
                ErrorKind::InvalidInput
            }
        };
        Self::new(kind, e.to_string())
    }
}

impl From<ExportError> for Failure {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Store(inner) => inner.into(),
            ExportError::Chart(inner) => inner.into(),
            ExportError::File(inner) => inner.into(),
        }
    }
}
