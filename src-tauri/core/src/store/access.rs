//! Whether a workspace file can be written, and if not why, asked before any lock is taken;
//! and the connection that reads a file without leaving anything beside it.
//!
//! SQLite's WAL mode keeps two side files (`-wal`, `-shm`) beside the workspace while it is
//! open. A plain read-only connection creates them and cannot remove them, so a report, or a
//! file that is then refused, would gain them. The reading connection avoids that: where no
//! `-wal` file exists it either opens read-write with every write refused (`query_only`), and
//! so tidies up when it closes, or, where nobody can write the file, reads it as it is
//! (`immutable`). Where a `-wal` file exists, someone has the file open and the side files are
//! theirs: it reads through them as SQLite does.

use rusqlite::{Connection, OpenFlags};
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a read waits for a writer's checkpoint before saying the file is busy.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// What this user may do with a workspace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Access {
    /// The file and its folder can be written: it can be edited.
    Writable,
    /// It can only be read, for the reason given (shown in the window's read-only bar).
    ReadOnly(String),
}

/// Asks the system, without writing anything, whether `path` can be edited. A file that does
/// not exist, or is not an ordinary file, is `Writable` here; the opener refuses it.
pub(crate) fn probe(path: &Path) -> Access {
    // Only an ordinary file is asked: opening a pipe to write would wait for a reader forever.
    // Anything else is refused by the opener.
    let Ok(meta) = std::fs::metadata(path) else {
        return Access::Writable;
    };
    if !meta.is_file() {
        return Access::Writable;
    }
    if meta.permissions().readonly() {
        return Access::ReadOnly("the file is marked read-only".into());
    }
    // Opening for writing, without truncating or writing, changes nothing in the file.
    if let Err(e) = OpenOptions::new().write(true).open(path) {
        match e.kind() {
            ErrorKind::ReadOnlyFilesystem => {
                return Access::ReadOnly("the disk it is on is read-only".into())
            }
            ErrorKind::PermissionDenied => {
                return Access::ReadOnly("you do not have permission to change it".into())
            }
            // Anything else (a file held by another program on Windows) is the opener's to say.
            _ => {}
        }
    }
    if !folder_writable(&folder_of(path)) {
        return Access::ReadOnly(
            "its folder cannot be written to, and edits need a journal beside the file".into(),
        );
    }
    Access::Writable
}

/// The folder a file sits in; "." for a bare file name.
fn folder_of(path: &Path) -> PathBuf {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn folder_writable(folder: &Path) -> bool {
    use rustix::fs::{accessat, Access as Mode, AtFlags, CWD};
    // With the effective user's rights, as opening a file would be checked.
    accessat(CWD, folder, Mode::WRITE_OK, AtFlags::EACCESS).is_ok()
}

#[cfg(not(unix))]
fn folder_writable(folder: &Path) -> bool {
    // Windows keeps folder rights in ACLs; SQLite's own refusal is caught by the opener.
    !std::fs::metadata(folder).is_ok_and(|m| m.permissions().readonly())
}

/// `<file>-wal`: present while someone has the workspace open, or after a run that ended
/// without folding its journal in.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// A connection that reads `path` and can never write it, and leaves no side files behind.
pub(crate) fn reading_connection(path: &Path, access: &Access) -> rusqlite::Result<Connection> {
    let conn = if wal_path(path).exists() {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?
    } else if *access == Access::Writable {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "query_only", true)?;
        conn
    } else {
        immutable(path)?
    };
    conn.busy_timeout(BUSY_WAIT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Reading the schema now turns a file SQLite cannot read after all into an error here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(conn)
}

/// Reads the file as it lies on disk, with no locks and no side files: for a file nobody can
/// be writing (no `-wal` beside it, or none can be made).
pub(crate) fn immutable(path: &Path) -> rusqlite::Result<Connection> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = real.to_string_lossy().replace('\\', "/");
    // Windows' canonical names start with the verbatim prefix `\\?\`, which URIs do not take.
    let shown = shown
        .strip_prefix("//?/")
        .map_or(shown.clone(), str::to_string);
    // "C:/x" becomes "/C:/x", as SQLite's file: names want on Windows.
    let shown = if shown.starts_with('/') {
        shown
    } else {
        format!("/{shown}")
    };
    let mut uri = String::from("file://");
    for b in shown.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}
