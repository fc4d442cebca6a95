//! Native save dialogs, with one test hook: when the app starts with `PARTNERBOARD_E2E_SAVE_DIR`
//! set, every save dialog answers with that folder and the suggested file name instead of
//! asking, so end-to-end tests can drive exports (native dialogs cannot be driven).

use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The environment variable read once at startup.
pub const E2E_SAVE_DIR: &str = "PARTNERBOARD_E2E_SAVE_DIR";

/// Where save dialogs write without asking; `None` in normal use. Managed as app state.
#[derive(Debug, Clone, Default)]
pub struct SaveDir(pub Option<PathBuf>);

impl SaveDir {
    /// Reads [`E2E_SAVE_DIR`]; unset or empty means ask the person as usual.
    pub fn from_env() -> Self {
        Self(
            std::env::var_os(E2E_SAVE_DIR)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        )
    }
}

/// Asks where to save a file, suggesting `default_name`; `filters` are (label, extensions).
/// `None` when the person cancels. Blocks: call it from an async command.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    default_name: &str,
    filters: &[(&str, &[&str])],
) -> Option<PathBuf> {
    if let Some(dir) = app.try_state::<SaveDir>().and_then(|s| s.0.clone()) {
        return Some(dir.join(default_name));
    }
    let mut dialog = app.dialog().file().set_file_name(default_name);
    for (label, extensions) in filters {
        dialog = dialog.add_filter(*label, extensions);
    }
    dialog.blocking_save_file().and_then(|p| p.into_path().ok())
}
