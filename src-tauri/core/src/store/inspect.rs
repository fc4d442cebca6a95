//! Looking at a file before opening it: is it a workspace, of which version, and sound?
//! Nothing here writes; the opener and the restore both ask it first.

use super::migrate::{self, SCHEMA_VERSION};
use super::{Result, StoreError};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{Migrations, SchemaVersion};
use std::io::Read;
use std::path::Path;

/// Written into the SQLite header so that another application's database is recognised.
pub(crate) const APPLICATION_ID: i64 = 0x5042_4431;
/// The first bytes of every SQLite database file.
pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Reads the file without writing to it and returns how many migrations it is behind, or the
/// reason it cannot be opened.
pub(crate) fn inspect(path: &Path, migrations: &Migrations<'_>) -> Result<i32> {
    ordinary_file(path)?;
    let shown = path.display().to_string();
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Missing {
            path: shown.clone(),
        },
        _ => StoreError::Io(format!("{shown} cannot be read: {e}")),
    })?;
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(StoreError::Io(format!("{shown} cannot be read: {e}"))),
        }
    }
    if read == 0 {
        return Err(StoreError::NotAWorkspace {
            path: shown,
            reason: "the file is empty".into(),
        });
    }
    if read < header.len() || &header != SQLITE_MAGIC {
        return Err(StoreError::NotAWorkspace {
            path: shown,
            reason: "it is not a database file".into(),
        });
    }
    drop(file);

    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    let version = migrate::user_version(&conn).map_err(|e| reclassify(path, e))?;
    if let Ok(SchemaVersion::Outside(_)) = migrations.current_version(&conn) {
        return Err(StoreError::NewerVersion {
            path: shown,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotAWorkspace {
            path: shown,
            reason: "it is a database that belongs to another application".into(),
        });
    }
    let verdict = integrity(&conn).map_err(|e| classify(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: verdict,
        });
    }
    migrations
        .pending_migrations(&conn)
        .map_err(|e| StoreError::Migration(e.to_string()))
}

/// The opener's read-only checks, for `check`.
/// Refuses at once a folder, a pipe or a device given as a workspace: opening a pipe would
/// wait for a writer forever. A path that does not exist is left to the opener to report.
pub(crate) fn ordinary_file(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let reason = if meta.is_file() {
        return Ok(());
    } else if meta.is_dir() {
        "it is a folder"
    } else {
        "it is not an ordinary file (a pipe or a device)"
    };
    Err(StoreError::NotAWorkspace {
        path: path.display().to_string(),
        reason: reason.into(),
    })
}

pub(crate) fn inspect_for_check(path: &Path) -> Result<i32> {
    inspect(path, &migrate::migrations())
}

/// `PRAGMA integrity_check`, joined into one line: "ok" when the file is sound.
pub(crate) fn integrity(conn: &Connection) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("; "))
}

pub(crate) fn reclassify(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e) => classify(path, e),
        other => other,
    }
}

/// Turns SQLite's low-level codes into the reasons a person needs.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let shown = path.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotAWorkspace {
            path: shown,
            reason: "it is not a database file".into(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: shown,
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Io(format!(
            "{shown} is locked by another program. Close it there, then open it again."
        )),
        Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied)
        | Some(ErrorCode::ReadOnly) => {
            StoreError::Io(format!("{shown} cannot be opened for writing: {e}"))
        }
        _ => StoreError::Sqlite(e),
    }
}
