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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::program::{IncentiveKind, PartnerTypeDraft};
    use crate::store::{create_new, open_existing};

    #[test]
    fn save_as_copies_everything_including_uncheckpointed_edits() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = create_new(&dir.path().join("a.partnerboard"), "Acme").unwrap();
        let draft = PartnerTypeDraft {
            name: "Resellers".into(),
            motion: String::new(),
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 15.0,
            enablement: vec!["Certify".into()],
        };
        ws.partner_type_create(&draft).unwrap();
        let copy = dir.path().join("copies").join("b.partnerboard");
        backup_to(ws.conn(), &copy).unwrap();
        drop(ws);
        let mut b = open_existing(&copy).unwrap();
        assert_eq!(b.program().unwrap().types[0].name, "Resellers");
        // The copy carries the undo history too.
        assert!(b.undo().unwrap().is_some());
        assert!(b.program().unwrap().types.is_empty());
    }

    #[test]
    fn save_as_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let ws = create_new(&dir.path().join("a.partnerboard"), "Acme").unwrap();
        let taken = dir.path().join("taken.partnerboard");
        std::fs::write(&taken, b"someone else's file").unwrap();
        assert!(matches!(
            backup_to(ws.conn(), &taken),
            Err(StoreError::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read(&taken).unwrap(), b"someone else's file");
    }
}
