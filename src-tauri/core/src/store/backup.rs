//! Copies of a workspace made with SQLite's online backup API, so a copy taken while the
//! workspace is open is always consistent. They live in `<name>.backups/` beside the file:
//! - `daily-<date>.partnerboard`: one a day while the workspace is open, the last
//!   [`DAILY_KEPT`] kept;
//! - `before-v<n>-<time>.partnerboard`: taken before a migration, never removed;
//! - `before-restore-<time>.partnerboard`: the state replaced by a restore, never removed.

use super::migrate;
use super::{Result, StoreError, Workspace};
use chrono::NaiveDate;
use rusqlite::{Connection, MAIN_DB};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Daily backups kept; older ones are deleted when a new one is taken.
pub const DAILY_KEPT: usize = 7;
const DAILY_PREFIX: &str = "daily-";
const MIGRATION_PREFIX: &str = "before-v";
const RESTORE_PREFIX: &str = "before-restore-";

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
    // Written under a temporary name and renamed when complete: a crash mid-copy never
    // leaves a half backup that looks whole.
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    // SQLite's copy commits (and syncs) the whole file before it returns.
    conn.backup(MAIN_DB, &partial, None)?;
    std::fs::rename(&partial, dest)
        .map_err(|e| StoreError::Io(format!("Could not write {}: {e}", dest.display())))?;
    if let Some(dir) = dest.parent() {
        crate::disk::sync_dir(dir);
    }
    Ok(())
}

/// How old a half-written backup must be before it counts as left by a run that was killed,
/// when the one-editor lock is not held.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes half-written backups (and their journals) that a killed run left in `dir`. Only the
/// editor writes backups, so while it holds the one-editor lock (`editing`) every one found is
/// a leftover; otherwise only those over [`LEFTOVER_AGE`] old are, as one being written now is
/// younger.
pub(crate) fn remove_leftovers(dir: &Path, editing: bool) {
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let partial = [
            ".partial",
            ".partial-journal",
            ".partial-wal",
            ".partial-shm",
        ]
        .iter()
        .any(|end| name.ends_with(end));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if partial && (editing || old) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The folder that holds `path`'s backups: `<dir>/<name>.backups`.
pub fn backups_dir(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.parent()
        .unwrap_or(Path::new("."))
        .join(format!("{stem}.backups"))
}

fn stamp() -> String {
    crate::clock::file_stamp()
}

/// `<backups>/<prefix><time>.partnerboard`, with `-2`, `-3`… when that second is taken.
fn stamped(path: &Path, prefix: &str) -> PathBuf {
    let dir = backups_dir(path);
    let base = format!("{prefix}{}", stamp());
    let ext = super::WORKSPACE_EXTENSION;
    let mut candidate = dir.join(format!("{base}.{ext}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{base}-{n}.{ext}"));
        n += 1;
    }
    candidate
}

/// Where the automatic copy taken before migrating `path` from `version` goes.
pub(crate) fn pre_migration_path(path: &Path, version: i64) -> PathBuf {
    stamped(path, &format!("{MIGRATION_PREFIX}{}-", version + 1))
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Taken at most once a day, so a bad day's edits can be rolled back.
    Daily,
    /// Taken just before an upgrade rewrote the file, so the old version can be recovered.
    BeforeMigration,
    /// Taken just before a restore replaced the file, so the restore itself can be undone.
    BeforeRestore,
}

/// One backup file of a workspace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backup {
    /// Where the backup file lives, so the user can restore or reveal it.
    pub path: PathBuf,
    /// Why it was taken, shown to help the user pick the right one.
    pub kind: BackupKind,
}

/// The backups of the workspace at `path`, oldest first by name within each kind.
pub fn list_backups(path: &Path) -> Vec<Backup> {
    let ext = format!(".{}", super::WORKSPACE_EXTENSION);
    let mut found: Vec<Backup> = std::fs::read_dir(backups_dir(path))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(&ext) {
                return None;
            }
            let kind = if name.starts_with(DAILY_PREFIX) {
                BackupKind::Daily
            } else if name.starts_with(RESTORE_PREFIX) {
                BackupKind::BeforeRestore
            } else if name.starts_with(MIGRATION_PREFIX) {
                BackupKind::BeforeMigration
            } else {
                return None;
            };
            Some(Backup {
                path: entry.path(),
                kind,
            })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

impl Workspace {
    /// Takes today's backup unless there is one already, then keeps only the last
    /// [`DAILY_KEPT`] daily ones. Returns the new file, if one was written. Half-written
    /// backups a killed run left behind go first.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        if self.read_only() {
            return Ok(None);
        }
        remove_leftovers(&backups_dir(&self.path), self.lock.is_some());
        let dest = backups_dir(&self.path).join(format!(
            "{DAILY_PREFIX}{}.{}",
            today.format("%Y-%m-%d"),
            super::WORKSPACE_EXTENSION
        ));
        if dest.exists() {
            return Ok(None);
        }
        backup_to(&self.conn, &dest)?;
        // The newest by the time they were written, not by their names: a backup named for
        // a later day (a clock that was wrong, a copied folder) never pushes today's out.
        let written = |b: &Backup| std::fs::metadata(&b.path).and_then(|m| m.modified()).ok();
        let mut daily: Vec<(Option<std::time::SystemTime>, Backup)> = list_backups(&self.path)
            .into_iter()
            .filter(|b| b.kind == BackupKind::Daily && b.path != dest)
            .map(|b| (written(&b), b))
            .collect();
        daily.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
        let excess = (daily.len() + 1).saturating_sub(DAILY_KEPT);
        for (_, old) in daily.iter().take(excess) {
            std::fs::remove_file(&old.path).map_err(|e| {
                StoreError::Io(format!("Could not remove {}: {e}", old.path.display()))
            })?;
        }
        Ok(Some(dest))
    }

    /// Replaces this workspace's contents with those of `backup`, after checking it the way
    /// a file is checked before it opens and after saving the current state as a
    /// `before-restore` backup (returned), so a restore can itself be undone by restoring that.
    /// An older backup is migrated forward.
    pub fn restore_from(&mut self, backup: &Path) -> Result<PathBuf> {
        self.writable()?;
        let migrations = migrate::migrations();
        // A backup is only read: it gains no side files, and is never migrated in place.
        let found = super::inspect::inspect(
            backup,
            &migrations,
            &super::access::Access::ReadOnly("a backup".into()),
        )?;
        let safety = stamped(&self.path, RESTORE_PREFIX);
        backup_to(&self.conn, &safety)?;
        self.conn
            .restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)?;
        if found.unmarked {
            self.conn
                .pragma_update(None, "application_id", super::inspect::APPLICATION_ID)?;
        }
        if found.pending > 0 {
            migrate::apply(&mut self.conn, &migrations)?;
        }
        let verdict = super::inspect::integrity(&self.conn)?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt {
                path: backup.display().to_string(),
                detail: verdict,
            });
        }
        self.touch();
        Ok(safety)
    }
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

    fn type_names(ws: &Workspace) -> Vec<String> {
        ws.program()
            .unwrap()
            .types
            .into_iter()
            .map(|t| t.name)
            .collect()
    }

    fn add_type(ws: &mut Workspace, name: &str) {
        ws.partner_type_create(&PartnerTypeDraft {
            name: name.into(),
            motion: String::new(),
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 10.0,
            enablement: vec![],
        })
        .unwrap();
    }

    fn integrity_of(path: &Path) -> String {
        let conn = Connection::open(path).unwrap();
        crate::store::inspect::integrity(&conn).unwrap()
    }

    #[test]
    fn one_daily_backup_a_day_and_only_the_last_seven_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.partnerboard");
        let mut ws = create_new(&path, "Acme").unwrap();
        let first = NaiveDate::from_ymd_opt(2026, 10, 28).unwrap();
        for day in 0..10 {
            add_type(&mut ws, &format!("Type {day}"));
            let date = first + chrono::Days::new(day);
            let written = ws.daily_backup(date).unwrap().unwrap();
            assert!(written.ends_with(format!("daily-{date}.partnerboard")));
            // A second call the same day writes nothing.
            assert_eq!(ws.daily_backup(date).unwrap(), None);
        }
        let daily: Vec<String> = list_backups(&path)
            .iter()
            .map(|b| {
                assert_eq!(b.kind, BackupKind::Daily);
                b.path.file_name().unwrap().to_string_lossy().into_owned()
            })
            .collect();
        assert_eq!(daily.len(), DAILY_KEPT);
        assert_eq!(daily[0], "daily-2026-10-31.partnerboard");
        assert_eq!(daily[6], "daily-2026-11-06.partnerboard");
        // The newest holds all ten types, and nothing half-written is left behind.
        let newest = open_existing(&dir.path().join("acme.backups").join(&daily[6])).unwrap();
        assert_eq!(type_names(&newest).len(), 10);
        assert!(std::fs::read_dir(dir.path().join("acme.backups"))
            .unwrap()
            .all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".partial")));
    }

    #[test]
    fn restoring_each_kind_of_backup_brings_back_its_contents_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.partnerboard");
        let mut ws = create_new(&path, "Acme").unwrap();
        add_type(&mut ws, "Resellers");
        let daily = ws
            .daily_backup(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
            .unwrap()
            .unwrap();
        add_type(&mut ws, "Referral partners");

        // Daily: the later type is gone, the earlier one is back, and the undo history is
        // the backup's own.
        let safety = ws.restore_from(&daily).unwrap();
        assert_eq!(type_names(&ws), ["Resellers"]);
        assert_eq!(crate::store::inspect::integrity(ws.conn()).unwrap(), "ok");
        assert_eq!(integrity_of(&safety), "ok");
        let listed = list_backups(&path);
        assert!(listed.contains(&Backup {
            path: safety.clone(),
            kind: BackupKind::BeforeRestore
        }));

        // Before-restore: the state the restore replaced comes back whole.
        ws.restore_from(&safety).unwrap();
        assert_eq!(type_names(&ws), ["Resellers", "Referral partners"]);
        assert_eq!(
            ws.undo()
                .unwrap()
                .as_deref()
                .map(|l| l.contains("Referral partners")),
            Some(true)
        );
        drop(ws);

        // The restored file opens cleanly on its own.
        let reopened = open_existing(&path).unwrap();
        assert_eq!(type_names(&reopened), ["Resellers"]);
    }

    #[test]
    fn a_pre_migration_backup_restores_and_is_migrated_forward() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.partnerboard");
        {
            let mut conn = Connection::open(&path).unwrap();
            rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
                "schema.sql"
            ))])
            .to_latest(&mut conn)
            .unwrap();
            conn.pragma_update(
                None,
                "application_id",
                crate::store::inspect::APPLICATION_ID,
            )
            .unwrap();
            conn.execute(
                "INSERT INTO program (id, company) VALUES (1, 'Before Upgrade Inc')",
                [],
            )
            .unwrap();
        }
        let mut ws = open_existing(&path).unwrap();
        ws.program_header_update(&crate::domain::program::ProgramHeaderDraft {
            company: "After Upgrade Inc".into(),
            thesis: String::new(),
        })
        .unwrap();
        let backup = list_backups(&path)
            .into_iter()
            .find(|b| b.kind == BackupKind::BeforeMigration)
            .unwrap();
        ws.restore_from(&backup.path).unwrap();
        assert_eq!(ws.program().unwrap().company, "Before Upgrade Inc");
        assert_eq!(
            migrate::user_version(ws.conn()).unwrap(),
            crate::store::SCHEMA_VERSION
        );
        assert_eq!(crate::store::inspect::integrity(ws.conn()).unwrap(), "ok");
        // The backup itself is left as it was: still version 1.
        let copy = Connection::open(&backup.path).unwrap();
        assert_eq!(migrate::user_version(&copy).unwrap(), 1);
    }

    #[test]
    fn a_damaged_or_foreign_backup_is_refused_and_the_workspace_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.partnerboard");
        let mut ws = create_new(&path, "Acme").unwrap();
        add_type(&mut ws, "Resellers");
        let junk = dir.path().join("junk.partnerboard");
        std::fs::write(&junk, b"SQLite format 3\0 and then nothing useful").unwrap();
        assert!(ws.restore_from(&junk).is_err());
        let foreign = dir.path().join("foreign.partnerboard");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t(x);")
            .unwrap();
        let err = ws.restore_from(&foreign).unwrap_err();
        assert!(err.to_string().contains("another application"), "{err}");
        assert_eq!(type_names(&ws), ["Resellers"]);
        assert!(
            list_backups(&path).is_empty(),
            "nothing to undo, no safety copy"
        );
    }

    #[test]
    fn todays_backup_is_kept_whatever_later_days_other_backups_are_named_for_and_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        let ws = create_new(&dir.path().join("f.partnerboard"), "Futures Inc").unwrap();
        let backups = backups_dir(ws.path());
        std::fs::create_dir_all(&backups).unwrap();
        let day = std::time::Duration::from_secs(86_400);
        let now = std::time::SystemTime::now();
        let aged = |path: &Path, age: std::time::Duration| {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(now - age)
                .unwrap();
        };
        // Seven backups named for days to come, written over the last week (oldest: 2099-01-07).
        for n in 1..=7u64 {
            let path = backups.join(format!("daily-2099-01-0{n}.partnerboard"));
            std::fs::write(&path, b"a backup").unwrap();
            aged(&path, day * (n as u32));
        }
        let stale = backups.join("before-v8-2026-01-01T00-00-00.partial");
        let stale_journal = backups.join("before-v8-2026-01-01T00-00-00.partial-journal");
        let fresh = backups.join("before-v8-2026-12-06T00-00-00.partial");
        for p in [&stale, &stale_journal, &fresh] {
            std::fs::write(p, b"half").unwrap();
        }
        aged(&stale, day);
        aged(&stale_journal, day);

        let today = ws
            .daily_backup(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
            .unwrap()
            .unwrap();
        assert!(today.exists(), "today's backup is kept");
        let daily: Vec<String> = list_backups(ws.path())
            .into_iter()
            .filter(|b| b.kind == BackupKind::Daily)
            .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(daily.len(), DAILY_KEPT, "{daily:?}");
        assert!(daily.contains(&"daily-2026-12-06.partnerboard".to_string()));
        assert!(
            !daily.contains(&"daily-2099-01-07.partnerboard".to_string()),
            "the one written longest ago goes: {daily:?}"
        );
        assert!(
            !stale.exists() && !stale_journal.exists(),
            "a killed run's leftovers go"
        );
        assert!(fresh.exists(), "a backup being written now is left alone");
    }
}
