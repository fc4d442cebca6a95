//! One editor per workspace. Whoever edits a workspace (the app's window, or a command-line
//! edit) holds an exclusive lock on `<file>.lock` beside it; a second editor is told the file
//! is in use instead of writing under the first one's feet. Readers (reports, `check`) do not
//! need the lock: SQLite's WAL mode gives them a consistent view.
//!
//! The lock is the operating system's (`flock` / `LockFileEx`), so it is released when the
//! holder exits, however it exits: a crash never leaves a workspace locked. The lock file
//! itself stays behind, empty of meaning; it is never deleted, because deleting it would let
//! two editors lock two different files of the same name.

use super::{Result, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while a workspace is open for editing; dropping it releases the lock.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
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
        let path = lock_path(workspace);
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
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse {
                path: workspace.display().to_string(),
            }),
            Err(TryLockError::Error(e)) => Err(StoreError::Io(format!(
                "{} cannot be locked for editing: {e}",
                workspace.display()
            ))),
        }
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
