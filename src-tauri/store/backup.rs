//! Copies of a workspace made with SQLite's online backup API, so a copy taken while the
//! workspace is open is always consistent.

use super::{Result, StoreError};
use rusqlite::{Connection, MAIN_DB};
use std::path::{Path, PathBuf};

/// Writes a consistent copy of `conn`'s database to `dest`, which must not exist yet.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::AlreadyExists {
            path: dest.display().to_string(),
        });
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Io(format!("Could not create {}: {e}", dir.display())))?;
    }
    conn.backup(MAIN_DB, dest, None)?;
    Ok(())
}

/// Where the automatic copy taken before migrating `path` from `version` goes:
/// `<dir>/<name>.backups/before-v<next>-<timestamp>.partnerboard`.
pub(crate) fn pre_migration_path(path: &Path, version: i64) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{stem}.backups"));
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    dir.join(format!(
        "before-v{}-{stamp}.{}",
        version + 1,
        super::WORKSPACE_EXTENSION
    ))
}
