//! Native save dialogs, with one test hook: when a debug build starts with
//! `PARTNERBOARD_E2E_SAVE_DIR` set, every save dialog answers with that folder and the suggested
//! file name instead of asking, so end-to-end tests (run against the debug binary) can drive
//! exports (native dialogs cannot be driven). A release build ignores the variable: what ships
//! writes files only where the person picked them.

use std::ffi::OsString;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The environment variable read once at startup (debug builds only).
pub const E2E_SAVE_DIR: &str = "PARTNERBOARD_E2E_SAVE_DIR";

/// Where save dialogs write without asking; `None` in normal use. Managed as app state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveDir(pub Option<PathBuf>);

impl SaveDir {
    /// Whether this build honours [`E2E_SAVE_DIR`]: debug builds do, release builds never.
    pub const HONOURED: bool = cfg!(debug_assertions);

    /// Reads [`E2E_SAVE_DIR`] in a debug build; a release build does not read it at all.
    pub fn from_env() -> Self {
        #[cfg(debug_assertions)]
        let value = std::env::var_os(E2E_SAVE_DIR);
        #[cfg(not(debug_assertions))]
        let value = None;
        Self::from_value(value, Self::HONOURED)
    }

    /// The hook for `value` (the variable's value, if set) in a build that honours it or not:
    /// unset, empty or not honoured means ask the person as usual.
    pub fn from_value(value: Option<OsString>, honoured: bool) -> Self {
        Self(
            value
                .filter(|v| honoured && !v.is_empty())
                .map(PathBuf::from),
        )
    }
}

/// `name.ext` with every character a file name cannot hold on macOS or Windows (path
/// separators, `:*?"<>|`, control characters) replaced by `-`, and no leading dots: a name
/// taken from user text can only ever suggest a file in the folder being saved to.
pub fn safe_file_name(name: &str, ext: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let stem = if cleaned.is_empty() {
        "export"
    } else {
        cleaned
    };
    format!("{stem}.{ext}")
}

/// Asks where to save a file, suggesting `default_name`; `filters` are (label, extensions).
/// `None` when the person cancels. Blocks: call it from an async command.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    default_name: &str,
    filters: &[(&str, &[&str])],
) -> Option<PathBuf> {
    if let Some(dir) = app.try_state::<SaveDir>().and_then(|s| s.0.clone()) {
        // Only ever a file directly inside the test folder.
        let name = std::path::Path::new(default_name).file_name()?;
        return Some(dir.join(name));
    }
    let mut dialog = app.dialog().file().set_file_name(default_name);
    for (label, extensions) in filters {
        dialog = dialog.add_filter(*label, extensions);
    }
    dialog.blocking_save_file().and_then(|p| p.into_path().ok())
}

#[cfg(test)]
mod tests {
    use super::{safe_file_name, SaveDir};
    use std::path::PathBuf;

    #[test]
    fn a_suggested_file_name_never_leaves_the_folder() {
        assert_eq!(safe_file_name("deals-view", "csv"), "deals-view.csv");
        assert_eq!(
            safe_file_name("../../etc/passwd", "csv"),
            "-..-etc-passwd.csv"
        );
        assert_eq!(safe_file_name("a\\b:c*?\"<>|", "csv"), "a-b-c------.csv");
        assert_eq!(safe_file_name(" .. ", "csv"), "export.csv");
        assert_eq!(
            safe_file_name("Q4 “board” pack", "png"),
            "Q4 “board” pack.png"
        );
    }

    #[test]
    fn a_release_build_ignores_the_save_folder_hook() {
        let dir = Some("/tmp/steered".into());
        assert_eq!(SaveDir::from_value(dir.clone(), false), SaveDir(None));
        assert_eq!(
            SaveDir::from_value(dir, true),
            SaveDir(Some(PathBuf::from("/tmp/steered")))
        );
        assert_eq!(SaveDir::from_value(Some("".into()), true), SaveDir(None));
        assert_eq!(SaveDir::from_value(None, true), SaveDir(None));
        assert_eq!(SaveDir::HONOURED, cfg!(debug_assertions));
    }
}
