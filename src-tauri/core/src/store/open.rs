//! Opening a workspace file: check it first without writing, refuse what is not ours,
//! back up before migrating, then open read-write with durable settings.

use super::access::{probe, reading_connection, Access};
use super::backup::{backup_to, pre_migration_path};
use super::inspect::{classify, inspect, reclassify, APPLICATION_ID};
use super::migrate::{self, SCHEMA_VERSION};
use super::{seed, Result, StoreError, Workspace};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::Migrations;
use std::path::Path;

/// File extension of workspace files, used by file dialogs and Save As.
pub const WORKSPACE_EXTENSION: &str = "partnerboard";
/// How long a write waits for another writer to finish before saying the file is busy.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Creates a new workspace at `path` with the default process, scoring model and tiers.
pub fn create_new(path: &Path, company: &str) -> Result<Workspace> {
    if path.exists() {
        return Err(StoreError::AlreadyExists {
            path: path.display().to_string(),
        });
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate::apply(&mut conn, &migrate::migrations())?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    seed::defaults(&mut conn, company)?;
    Ok(Workspace::new(conn, path))
}

/// Opens an existing workspace without the one-editor lock, migrating it (after a backup)
/// when it is older. For tests and benches that open a file they alone use; the app and the
/// CLI open with [`open_for_editing`] or [`open_for_reading`].
pub fn open_existing(path: &Path) -> Result<Workspace> {
    open_with(path, &migrate::migrations(), probe(path))
}

/// Opens a workspace to edit it: takes the one-editor lock first (so a second window is told
/// the file is in use before anything is read or migrated), then opens it. A file this user
/// cannot write opens read-only, with the reason, and takes no lock.
pub fn open_for_editing(path: &Path) -> Result<Workspace> {
    // Refused before the lock, so a folder or a pipe gains no lock file beside it.
    super::inspect::ordinary_file(path)?;
    let access = probe(path);
    let lock = match access {
        Access::Writable => Some(super::WorkspaceLock::acquire(path)?),
        Access::ReadOnly(_) => None,
    };
    if lock.is_some() {
        // Under the lock, a half-written backup can only be a killed run's.
        super::backup::remove_leftovers(&super::backups_dir(path), true);
    }
    let mut ws = open_with(path, &migrate::migrations(), access)?;
    // A file that opened read-only after all needs no lock; `claim` keeps the one taken.
    ws.lock = lock.filter(|_| ws.read_only.is_none());
    ws.claim()?;
    Ok(ws)
}

/// Opens a workspace for a report: read-only, never migrated, no lock, and nothing left
/// beside the file afterwards. A file an older version wrote is refused with what to do.
pub fn open_for_reading(path: &Path) -> Result<Workspace> {
    let access = probe(path);
    let found = inspect(path, &migrate::migrations(), &access)?;
    if found.pending > 0 {
        return Err(StoreError::OlderVersion {
            path: path.display().to_string(),
            found: SCHEMA_VERSION - i64::from(found.pending),
            supported: SCHEMA_VERSION,
        });
    }
    let conn = reading_connection(path, &access).map_err(|e| classify(path, e))?;
    let mut ws = Workspace::new(conn, path);
    ws.read_only = Some(match access {
        Access::ReadOnly(reason) => reason,
        Access::Writable => "it was opened for a report".into(),
    });
    Ok(ws)
}

pub(crate) fn open_with(
    path: &Path,
    migrations: &Migrations<'_>,
    access: Access,
) -> Result<Workspace> {
    let found = inspect(path, migrations, &access)?;
    let reason = match access {
        Access::ReadOnly(reason) => reason,
        Access::Writable => match open_writable(path) {
            Ok(mut conn) => {
                if found.unmarked {
                    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
                }
                if found.pending > 0 {
                    let version = migrate::user_version(&conn)?;
                    backup_to(&conn, &pre_migration_path(path, version))?;
                    migrate::apply(&mut conn, migrations)?;
                }
                return Ok(Workspace::new(conn, path));
            }
            Err(StoreError::Sqlite(e)) if cannot_write(&e) => {
                format!("it could not be opened for writing: {e}")
            }
            Err(e) => return Err(reclassify(path, e)),
        },
    };
    if found.pending > 0 {
        return Err(StoreError::Io(format!(
            "{} cannot be written ({reason}), and it was made by an older version of Partnerboard: it must be updated before it can be read. Copy it to a folder you can write to (or make it writable), then open it again.",
            path.display()
        )));
    }
    let conn = reading_connection(path, &Access::ReadOnly(reason.clone()))
        .map_err(|e| classify(path, e))?;
    let mut ws = Workspace::new(conn, path);
    ws.read_only = Some(reason);
    Ok(ws)
}

fn open_writable(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

/// SQLite's ways of saying the file (or its folder) cannot be written.
fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) | Some(ErrorCode::CannotOpen)
    )
}

/// Durable settings for every read-write connection.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Io(format!(
            "The workspace could not switch to WAL mode (it reports {mode})."
        )));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 32 MB of page cache: a large import spills to the WAL as it goes (no faster with more,
    // measured), and its peak memory stays near three times the file (benches/import_memory.rs).
    conn.pragma_update(None, "cache_size", -32_768)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::inspect::SQLITE_MAGIC;
    use sha2::{Digest, Sha256};
    use std::path::Path;

    fn hash(path: &Path) -> Vec<u8> {
        Sha256::digest(std::fs::read(path).unwrap()).to_vec()
    }

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn a_new_workspace_is_migrated_from_empty_with_durable_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.partnerboard");
        let ws = create_new(&path, "Acme").unwrap();
        let conn = ws.conn();
        assert_eq!(migrate::user_version(conn).unwrap(), SCHEMA_VERSION);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let names = tables(conn);
        for t in migrate::TABLES {
            assert!(names.iter().any(|n| n == t), "missing table {t}");
        }
        drop(ws);
        // It opens again without a migration and without a backup.
        let again = open_existing(&path).unwrap();
        assert_eq!(again.display_name(), "new");
        assert!(!dir.path().join("new.backups").exists());
    }

    #[test]
    fn creating_over_an_existing_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken.partnerboard");
        std::fs::write(&path, b"keep me").unwrap();
        assert!(matches!(
            create_new(&path, "Acme"),
            Err(StoreError::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[test]
    fn a_newer_file_is_refused_and_left_byte_for_byte_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.partnerboard");
        drop(create_new(&path, "Acme").unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 3)
                .unwrap();
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
                .unwrap();
        }
        let before = hash(&path);
        let err = open_existing(&path).err().unwrap();
        assert!(
            matches!(err, StoreError::NewerVersion { found, .. } if found == SCHEMA_VERSION + 3)
        );
        assert!(err.to_string().contains("newer version of Partnerboard"));
        assert_eq!(hash(&path), before);
        assert!(!dir.path().join("future.backups").exists());
    }

    #[test]
    fn corrupt_and_foreign_files_are_reported_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();

        let empty = dir.path().join("empty.partnerboard");
        std::fs::write(&empty, b"").unwrap();
        assert!(open_existing(&empty)
            .err()
            .unwrap()
            .to_string()
            .contains("the file is empty"));
        assert_eq!(std::fs::read(&empty).unwrap(), b"");

        let text = dir.path().join("notes.partnerboard");
        std::fs::write(&text, "these are not the partners you are looking for").unwrap();
        let err = open_existing(&text).err().unwrap();
        assert!(matches!(err, StoreError::NotAWorkspace { .. }), "{err}");

        let other = dir.path().join("other.partnerboard");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        let before = hash(&other);
        assert!(open_existing(&other)
            .err()
            .unwrap()
            .to_string()
            .contains("another application"));
        assert_eq!(hash(&other), before);

        // A real workspace with its pages scrambled past the header.
        let broken = dir.path().join("broken.partnerboard");
        drop(create_new(&broken, "Acme").unwrap());
        Connection::open(&broken)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
        let mut bytes = std::fs::read(&broken).unwrap();
        let page = 4096;
        for b in bytes.iter_mut().skip(page).take(page * 3) {
            *b = 0xA5;
        }
        std::fs::write(&broken, &bytes).unwrap();
        let before = hash(&broken);
        let err = open_existing(&broken).err().unwrap();
        assert!(
            matches!(
                err,
                StoreError::Corrupt { .. } | StoreError::NotAWorkspace { .. }
            ),
            "{err}"
        );
        assert!(
            err.to_string().contains("not changed") || err.to_string().contains("was not changed"),
            "{err}"
        );
        assert_eq!(hash(&broken), before);
    }

    #[test]
    fn an_older_file_is_backed_up_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.partnerboard");
        // A workspace as version 1 of the schema wrote it.
        migrate::tests::workspace_at(&path, 1)
            .execute(
                "INSERT INTO program (id, company) VALUES (1, 'Before Upgrade Inc')",
                [],
            )
            .unwrap();
        let ws = open_existing(&path).unwrap();
        assert_eq!(migrate::user_version(ws.conn()).unwrap(), SCHEMA_VERSION);
        let column = |name: &str| -> bool {
            ws.conn()
                .query_row(
                    "SELECT COUNT(*) > 0 FROM pragma_table_info('deals') WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert!(column("external_id"), "version 2 adds external ids");
        assert!(
            column("product") && column("amount_source"),
            "version 3 adds products and amount sources"
        );
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("old.backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1);
        let name = backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("before-v2-") && name.ends_with(".partnerboard"),
            "{name}"
        );
        let copy = Connection::open(&backups[0]).unwrap();
        assert_eq!(migrate::user_version(&copy).unwrap(), 1);
        let company: String = copy
            .query_row("SELECT company FROM program", [], |r| r.get(0))
            .unwrap();
        assert_eq!(company, "Before Upgrade Inc");
    }

    fn demo_file(dir: &Path, name: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        let demo = crate::domain::demo::generate(
            30,
            3,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        );
        drop(crate::store::create_demo(&path, &demo).unwrap());
        // Fold the WAL into the file so the file alone holds everything.
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        path
    }

    #[test]
    fn truncated_and_random_files_are_refused_with_a_reason_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let whole = demo_file(dir.path(), "whole.partnerboard");
        let bytes = std::fs::read(&whole).unwrap();
        assert!(bytes.len() > 40_000, "a demo workspace spans many pages");
        // Cut inside the header, inside the first page, and at later page boundaries.
        for cut in [
            10,
            50,
            100,
            4095,
            4096,
            8192,
            bytes.len() / 2,
            bytes.len() - 4096,
        ] {
            let path = dir.path().join(format!("cut-{cut}.partnerboard"));
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let err = open_existing(&path)
                .err()
                .unwrap_or_else(|| panic!("a file cut at {cut} of {} bytes opened", bytes.len()));
            assert!(
                matches!(
                    err,
                    StoreError::Corrupt { .. } | StoreError::NotAWorkspace { .. }
                ),
                "cut at {cut}: {err}"
            );
            assert!(err.to_string().contains("not changed"), "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), &bytes[..cut]);
        }
        // Random bytes, with and without a SQLite header in front.
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for (i, with_header) in [(0, false), (1, true), (2, false), (3, true)] {
            let mut junk: Vec<u8> = (0..20_000)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            if with_header {
                junk[..16].copy_from_slice(SQLITE_MAGIC);
            }
            let path = dir.path().join(format!("random-{i}.partnerboard"));
            std::fs::write(&path, &junk).unwrap();
            let err = open_existing(&path).err().unwrap();
            assert!(
                matches!(
                    err,
                    StoreError::Corrupt { .. } | StoreError::NotAWorkspace { .. }
                ),
                "{err}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), junk);
        }
    }

    #[test]
    fn a_read_only_file_opens_read_only_and_refuses_every_edit_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "shared.partnerboard");
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let before = hash(&path);

        let mut ws = open_for_editing(&path).unwrap();
        assert!(ws.read_only());
        // Everything reads.
        assert_eq!(ws.program().unwrap().company, "Northwind Analytics");
        assert!(ws.scored_roster().unwrap().roster.len() >= 30);
        assert!(ws
            .daily_backup(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
            .unwrap()
            .is_none());
        // Every kind of write is refused with the same words.
        let draft = crate::domain::program::PartnerTypeDraft {
            name: "Resellers".into(),
            motion: String::new(),
            incentive_kind: crate::domain::program::IncentiveKind::Margin,
            incentive_value: 10.0,
            enablement: vec![],
        };
        let err = ws.partner_type_create(&draft).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("open read-only"), "{err}");
        assert!(matches!(ws.undo(), Err(StoreError::ReadOnly { .. })));
        assert!(matches!(
            ws.close_cycle("Q4", "2026-11-02"),
            Err(StoreError::ReadOnly { .. })
        ));
        // A raw write that bypasses the guard is stopped by SQLite itself.
        assert!(ws.conn().execute("DELETE FROM partners", []).is_err());
        drop(ws);
        assert_eq!(hash(&path), before, "the file was not changed");
        assert!(
            !crate::store::lock::lock_path(&path).exists(),
            "no lock needed to read"
        );
    }

    #[test]
    fn a_second_editor_is_refused_before_anything_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "acme.partnerboard");
        let first = open_for_editing(&path).unwrap();
        let err = open_for_editing(&path).err().unwrap();
        assert!(matches!(err, StoreError::InUse { .. }), "{err}");
        // A reader (a report) still opens and reads alongside.
        let reader = open_existing(&path).unwrap();
        assert_eq!(reader.program().unwrap().company, "Northwind Analytics");
        drop(first);
        open_for_editing(&path).unwrap();
    }

    #[test]
    fn a_file_another_program_holds_locked_gives_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path(), "held.partnerboard");
        // Another program takes the file in exclusive locking mode and keeps a write open.
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE program SET company = company;",
            )
            .unwrap();
        let err = open_existing(&path).err().unwrap();
        assert!(
            err.to_string().contains("locked by another program"),
            "{err}"
        );
        other.execute_batch("ROLLBACK;").unwrap();
        drop(other);
        open_existing(&path).unwrap();
    }
}
