//! The one error every command returns. It reaches the UI as `{kind, message}`, and the
//! message is written for the person using the app. Which kind each error of the core is, and
//! what it says, is decided once in the core (`views::failure`), for the app and the CLI alike.

pub use partnerboard_core::views::{ErrorKind, Failure as CommandError};

/// No workspace is open: the window asks for one.
pub fn no_workspace() -> CommandError {
    CommandError::new(
        ErrorKind::Workspace,
        "No workspace is open. Use File ▸ New or File ▸ Open.",
    )
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
