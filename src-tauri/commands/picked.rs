//! Files the person picked, in the native open dialog or by dropping them on the window. The
//! page knows each only by a token and may show its name; it can never name a file by a path.
//! A script in the page therefore reads only what the person chose, and the import's rejected-
//! rows report lands only beside such a file.

use super::error::{CommandError, ErrorKind};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;

/// A picked file as the page sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PickedFile {
    /// What the page sends back to name the file.
    pub token: String,
    /// The file's name, to show.
    pub name: String,
    /// Where it is, to show (never accepted back).
    pub shown: String,
}

/// Every file picked since the window opened, by token.
#[derive(Debug, Default)]
pub struct PickedFiles {
    files: Mutex<Vec<PathBuf>>,
}

/// Tokens are `picked-<n>`: nothing in them to guess, as only picked files have one.
const PREFIX: &str = "picked-";

impl PickedFiles {
    /// Gives `path`, which the person picked, a token for the page.
    pub fn register(&self, path: PathBuf) -> PickedFile {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = path.display().to_string();
        let n = match self.files.lock() {
            Ok(mut files) => {
                files.push(path);
                files.len()
            }
            Err(_) => 0,
        };
        PickedFile {
            token: format!("{PREFIX}{n}"),
            name,
            shown,
        }
    }

    /// The file behind `token`; anything else the page sends (a path, a made-up token) is
    /// refused.
    pub fn resolve(&self, token: &str) -> Result<PathBuf, CommandError> {
        let refused = || {
            CommandError::new(
                ErrorKind::InvalidInput,
                "Choose the file with Browse…, or drop it on the window.",
            )
        };
        let n: usize = token
            .strip_prefix(PREFIX)
            .and_then(|n| n.parse().ok())
            .ok_or_else(refused)?;
        let files = self.files.lock().map_err(|_| refused())?;
        n.checked_sub(1)
            .and_then(|i| files.get(i))
            .cloned()
            .ok_or_else(refused)
    }
}

#[cfg(test)]
mod tests {
    use super::PickedFiles;
    use std::path::PathBuf;

    #[test]
    fn only_a_token_given_out_names_a_file() {
        let picked = PickedFiles::default();
        let first = picked.register(PathBuf::from("/data/exports/deals.csv"));
        assert_eq!(first.name, "deals.csv");
        assert_eq!(
            picked.resolve(&first.token).unwrap(),
            PathBuf::from("/data/exports/deals.csv")
        );
        for made_up in [
            "/etc/passwd",
            "/data/exports/deals.csv",
            "picked-0",
            "picked-2",
            "picked-1/../x",
            "",
        ] {
            let err = picked.resolve(made_up).unwrap_err();
            assert!(err.message.contains("Browse"), "{made_up}: {err:?}");
        }
    }
}
