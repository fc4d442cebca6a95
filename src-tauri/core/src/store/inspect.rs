//! Looking at a file before opening it: is it a workspace, of which version, and sound?
//! Nothing here writes; the opener and the restore both ask it first.

use super::access::{reading_connection, wal_path, Access};
use super::migrate::{self, SCHEMA_VERSION};
use super::schema_check::differences;
use super::{Result, StoreError};
use rusqlite::{Connection, ErrorCode};
use rusqlite_migration::Migrations;
use std::io::Read;
use std::path::Path;

/// Written into the SQLite header so that another application's database is recognised.
pub(crate) const APPLICATION_ID: i64 = 0x5042_4431;
/// The first bytes of every SQLite database file.
pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the opener needs to know about a file it may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inspection {
    /// How many migrations the file is behind.
    pub pending: i32,
    /// The file is ours but lacks our `application_id` (it lost it to another tool): an
    /// editing open writes it back.
    pub unmarked: bool,
}

/// Reads the file without writing to it (and without leaving side files beside it) and says
/// how many migrations it is behind, or the true reason it cannot be opened: not SQLite, SQLite
/// but another application's, ours but newer, or ours but damaged.
pub(crate) fn inspect(
    path: &Path,
    migrations: &Migrations<'_>,
    access: &Access,
) -> Result<Inspection> {
    let quiet = !wal_path(path).exists();
    match inspect_with(path, migrations, access, quiet) {
        // An editor started while the file was read as it lay: read it again through its
        // journal before calling it damaged.
        Err(StoreError::Corrupt { .. }) if quiet && wal_path(path).exists() => {
            inspect_with(path, migrations, access, false)
        }
        other => other,
    }
}

/// `quiet`: no journal beside the file, so nobody has it open and it is read as it lies on
/// disk (no locks, no side files, and SQLite's fastest integrity check).
fn inspect_with(
    path: &Path,
    migrations: &Migrations<'_>,
    access: &Access,
    quiet: bool,
) -> Result<Inspection> {
    ordinary_file(path)?;
    let shown = path.display().to_string();
    let header = Header::read(path)?;
    let raw_id = header.application_id();
    if raw_id != 0 && raw_id != APPLICATION_ID {
        return Err(foreign(&shown));
    }
    if let Some(reason) = header.cut_short(path) {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: reason,
        });
    }
    let conn = if quiet {
        super::access::immutable(path)
    } else {
        reading_connection(path, access)
    }
    .map_err(|e| classify(path, e))?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    let version = migrate::user_version(&conn).map_err(|e| reclassify(path, e))?;
    let ours = app_id == APPLICATION_ID;
    // A file that lost its mark is ours only when it has our shape, table for table.
    let unmarked = !ours
        && app_id == 0
        && (1..=SCHEMA_VERSION).contains(&version)
        && integrity(&conn).is_ok_and(|v| v == "ok")
        && matches!(differences(&conn, version, migrations), Ok(None));
    if !ours && !unmarked {
        return Err(foreign(&shown));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: shown,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: format!(
                "its version number is {version}, which no version of Partnerboard writes"
            ),
        });
    }
    let verdict = integrity(&conn).map_err(|e| classify(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: verdict,
        });
    }
    if let Some(detail) = differences(&conn, version, migrations).map_err(|e| classify(path, e))? {
        return Err(StoreError::Corrupt {
            path: shown,
            detail,
        });
    }
    let pending = i32::try_from(SCHEMA_VERSION - version).unwrap_or(i32::MAX);
    Ok(Inspection { pending, unmarked })
}

fn foreign(shown: &str) -> StoreError {
    StoreError::NotAWorkspace {
        path: shown.to_string(),
        reason: "it is a database that belongs to another application".into(),
    }
}

/// The first 100 bytes of a SQLite file, which say whose it is and how long it should be.
struct Header {
    bytes: [u8; 100],
    file_len: u64,
}

impl Header {
    /// Reads the header, refusing an empty file, a file that is not SQLite, and one cut inside
    /// its header.
    fn read(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let cannot_read = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::Missing {
                path: shown.clone(),
            },
            _ => StoreError::Io(format!("{shown} cannot be read: {e}")),
        };
        let mut file = std::fs::File::open(path).map_err(cannot_read)?;
        let file_len = file.metadata().map_err(cannot_read)?.len();
        let mut bytes = [0u8; 100];
        let mut read = 0;
        while read < bytes.len() {
            match file.read(&mut bytes[read..]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) => return Err(cannot_read(e)),
            }
        }
        if read == 0 {
            return Err(StoreError::NotAWorkspace {
                path: shown,
                reason: "the file is empty".into(),
            });
        }
        if read < SQLITE_MAGIC.len() || &bytes[..SQLITE_MAGIC.len()] != SQLITE_MAGIC {
            return Err(StoreError::NotAWorkspace {
                path: shown,
                reason: "it is not a database file".into(),
            });
        }
        if read < bytes.len() {
            return Err(StoreError::Corrupt {
                path: shown,
                detail: format!(
                    "it is cut short: {read} bytes, less than a database's 100-byte header"
                ),
            });
        }
        Ok(Self { bytes, file_len })
    }

    fn be_u32(&self, at: usize) -> u32 {
        u32::from_be_bytes([
            self.bytes[at],
            self.bytes[at + 1],
            self.bytes[at + 2],
            self.bytes[at + 3],
        ])
    }

    fn application_id(&self) -> i64 {
        i64::from(self.be_u32(68) as i32)
    }

    /// Says so when the file is shorter than the pages its header counts. The count is trusted
    /// only when SQLite marked it valid, and only with no journal beside the file that could
    /// hold the rest.
    fn cut_short(&self, path: &Path) -> Option<String> {
        if wal_path(path).exists() || self.be_u32(24) != self.be_u32(92) {
            return None;
        }
        let page = match u16::from_be_bytes([self.bytes[16], self.bytes[17]]) {
            1 => 65_536,
            n => u64::from(n),
        };
        let promised = page * u64::from(self.be_u32(28));
        (self.file_len < promised).then(|| {
            format!(
                "it is cut short: {} bytes of the {promised} its header promises",
                self.file_len
            )
        })
    }
}

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

/// The opener's read-only checks, for `check`.
pub(crate) fn inspect_for_check(path: &Path) -> Result<Inspection> {
    inspect(path, &migrate::migrations(), &super::access::probe(path))
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
