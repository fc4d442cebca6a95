//! One editor per workspace. Whoever edits a workspace (the app's window, or a command-line
//! edit) holds an exclusive lock on `<file>.lock` beside it; a second editor is told the file
//! is in use instead of writing under the first one's feet. Readers (reports, `check`) do not
//! need the lock: SQLite's WAL mode gives them a consistent view.
//!
//! The lock is the operating system's (`flock` / `LockFileEx`), so it is released when the
//! holder exits, however it exits: a crash never leaves a workspace locked. The lock file
//! itself stays behind, empty of meaning; it is never deleted, because deleting it would let
//! two editors lock two different files of the same name.
//!
//! The lock is for the file, not for the name it was opened by. The lock file sits beside the
//! file a symbolic link points to, and a second lock, keyed by the file's identity (device and
//! inode on Unix, volume and file index on Windows) in the user's own folder, holds the file
//! under every hard-linked name too.

use super::{Result, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while a workspace is open for editing; dropping it releases the lock.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
    /// The lock by device and inode, where the system has them and it could be taken.
    _identity: Option<File>,
}

/// `<dir>/<name>.partnerboard.lock`.
pub(crate) fn lock_path(workspace: &Path) -> PathBuf {
    let mut name = workspace
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    workspace.with_file_name(name)
}

impl WorkspaceLock {
    /// Takes the lock for `workspace`, or says who cannot have it.
    pub fn acquire(workspace: &Path) -> Result<Self> {
        // Through a symbolic link, the lock of the file it points to.
        let real = std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
        let path = lock_path(&real);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                StoreError::Io(format!(
                    "{} cannot be opened for editing: its lock file {} cannot be created ({e}).",
                    workspace.display(),
                    path.display()
                ))
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                _file: file,
                _identity: identity_lock(&real, workspace)?,
            }),
            Err(TryLockError::WouldBlock) => Err(in_use(workspace)),
            Err(TryLockError::Error(e)) => Err(StoreError::Io(format!(
                "{} cannot be locked for editing: {e}",
                workspace.display()
            ))),
        }
    }
}

fn in_use(workspace: &Path) -> StoreError {
    StoreError::InUse {
        path: workspace.display().to_string(),
    }
}

/// The lock of the file itself, whatever its name: `<lock folder>/<identity>.lock`, where the
/// identity is the file's device and inode (Unix) or volume and file index (Windows). `None`
/// where it cannot be had (a file not created yet, a folder that cannot be written): the lock
/// beside the file still holds.
fn identity_lock(real: &Path, workspace: &Path) -> Result<Option<File>> {
    let Some(identity) = identity(real) else {
        return Ok(None);
    };
    let dir = identity_folder();
    if std::fs::create_dir_all(&dir).is_err() {
        return Ok(None);
    }
    let opened = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(format!("{identity}.lock")));
    let Ok(file) = opened else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(in_use(workspace)),
        Err(TryLockError::Error(_)) => Ok(None),
    }
}

#[cfg(unix)]
fn identity(real: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(real).ok()?;
    Some(format!("{}-{}", meta.dev(), meta.ino()))
}

#[cfg(windows)]
fn identity(real: &Path) -> Option<String> {
    let file = File::open(real).ok()?;
    let info = winapi_util::file::information(&file).ok()?;
    Some(format!(
        "{:08x}-{:016x}",
        info.volume_serial_number(),
        info.file_index()
    ))
}

#[cfg(not(any(unix, windows)))]
fn identity(_real: &Path) -> Option<String> {
    None
}

/// The user's own runtime folder where there is one; else the temporary folder (the user's
/// own on Windows and macOS), under a name of the user's.
fn identity_folder() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(run) => PathBuf::from(run).join("partnerboard-locks"),
        None => std::env::temp_dir().join(format!(
            "partnerboard-locks-{}",
            std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_editor_is_told_the_file_is_in_use_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("acme.partnerboard");
        let first = WorkspaceLock::acquire(&ws).unwrap();
        let err = WorkspaceLock::acquire(&ws).unwrap_err();
        assert!(matches!(err, StoreError::InUse { .. }));
        assert!(err
            .to_string()
            .contains("open in another Partnerboard window"));
        // Another workspace in the same folder is not affected.
        let _other = WorkspaceLock::acquire(&dir.path().join("other.partnerboard")).unwrap();
        drop(first);
        let _again = WorkspaceLock::acquire(&ws).unwrap();
        assert!(lock_path(&ws).ends_with("acme.partnerboard.lock"));
    }

    #[cfg(unix)]
    #[test]
    fn a_second_editor_through_a_symbolic_or_hard_link_is_told_the_file_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("acme.partnerboard");
        std::fs::write(&ws, b"a workspace").unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let soft = elsewhere.path().join("soft.partnerboard");
        std::os::unix::fs::symlink(&ws, &soft).unwrap();
        let hard = elsewhere.path().join("hard.partnerboard");
        std::fs::hard_link(&ws, &hard).unwrap();
        for (first, second) in [(&ws, &soft), (&ws, &hard), (&hard, &ws), (&soft, &hard)] {
            let held = WorkspaceLock::acquire(first).unwrap();
            let err = WorkspaceLock::acquire(second).unwrap_err();
            assert!(
                matches!(err, StoreError::InUse { .. }),
                "{} then {}: {err}",
                first.display(),
                second.display()
            );
            drop(held);
            drop(WorkspaceLock::acquire(second).unwrap());
        }
        // A copy is another file: it has its own lock.
        let copy = dir.path().join("copy.partnerboard");
        std::fs::copy(&ws, &copy).unwrap();
        let _held = WorkspaceLock::acquire(&ws).unwrap();
        let _copy = WorkspaceLock::acquire(&copy).unwrap();
    }

    #[test]
    fn the_lock_is_released_when_its_holder_dies() {
        // A child process holds the lock (flock through the shell's own tool when present)
        // and is killed; the lock must come back at once.
        let Some(flock) = ["/usr/bin/flock", "/bin/flock"]
            .into_iter()
            .map(Path::new)
            .find(|p| p.exists())
        else {
            eprintln!("skipped: no flock(1) on this machine");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("acme.partnerboard");
        let mut child = std::process::Command::new(flock)
            .args(["--exclusive", "--no-fork"])
            .arg(lock_path(&ws))
            .args(["sleep", "60"])
            .spawn()
            .unwrap();
        // Wait (bounded) until the child holds it.
        let start = std::time::Instant::now();
        while WorkspaceLock::acquire(&ws).is_ok() {
            assert!(start.elapsed() < std::time::Duration::from_secs(10));
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        WorkspaceLock::acquire(&ws).unwrap();
    }
}
