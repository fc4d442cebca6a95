//! The one way a file a person asked for is written: exports, charts, documents. The bytes go
//! to a temporary file beside the target, reach the disk, and only then take the target's
//! name, so a failed or killed write leaves the old file (or none), never half of one. It never
//! writes onto a workspace (the open one, another `.partnerboard`, or any SQLite database),
//! never through a link, and replaces an existing file only when asked.

pub(crate) use crate::disk::sync_dir;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Whether an existing file at the target may be replaced: the person said so (the native
/// "Replace?" answer, or `--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// An existing file is left alone and the write refused.
    No,
    /// An existing ordinary file is replaced, in one step.
    Yes,
}

/// Why a file was not written. The target is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and replacing it was not asked for.
    #[error("{} already exists; choose another name, or ask to replace it (on the command line: --force).", .0.display())]
    Exists(PathBuf),
    /// The target is a workspace, or the database of one.
    #[error("{} is a workspace; nothing is ever written over a workspace. Choose another name.", .0.display())]
    Workspace(PathBuf),
    /// The target is a symbolic link.
    #[error("{} is a link to another file; nothing is written through a link. Give the file itself, or another name.", .0.display())]
    Link(PathBuf),
    /// The target is a folder, a device or a pipe.
    #[error("{} is not an ordinary file (a folder, device or pipe); choose a file name.", .0.display())]
    NotAFile(PathBuf),
    /// The disk refused the write (full, read-only, no permission).
    #[error("{}", problem(path, source))]
    Io {
        /// The target.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
}

/// The disk's refusal in words a person can act on.
fn problem(path: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.display().to_string(),
        _ => "this folder".to_string(),
    };
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => format!(
            "{dir} cannot be written to (it is read-only or not yours): choose another folder. Nothing was written."
        ),
        K::StorageFull | K::QuotaExceeded => format!(
            "The disk holding {dir} is full: free some space or choose another folder. Nothing was written."
        ),
        K::NotFound => format!("The folder {dir} does not exist. Nothing was written."),
        _ => format!(
            "{} could not be written: {e}. Nothing was written.",
            path.display()
        ),
    }
}

/// Writes the file at `path` through `fill`, replacing an existing ordinary file only with
/// [`Replace::Yes`]; `workspace` is the workspace the content comes from, refused as a target
/// under any of its names (hard links included).
pub fn write_file<T, E: From<WriteError>>(
    path: &Path,
    replace: Replace,
    workspace: Option<&Path>,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    check_target(path, replace, workspace)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    remove_abandoned(&dir, path);
    let (temp, file) = temporary(&dir, path).map_err(io)?;
    let mut out = BufWriter::new(file);
    let filled = fill(&mut out);
    let finished = filled.and_then(|value| {
        let done = (|| {
            out.flush()?;
            out.get_ref().sync_all()?;
            std::fs::rename(&temp, path)?;
            sync_dir(&dir);
            Ok(())
        })();
        done.map(|()| value).map_err(|e| E::from(io(e)))
    });
    if finished.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    finished
}

/// The same for bytes already in memory.
pub fn write_bytes(
    path: &Path,
    replace: Replace,
    workspace: Option<&Path>,
    bytes: &[u8],
) -> Result<(), WriteError> {
    write_file(path, replace, workspace, |out| {
        out.write_all(bytes).map_err(|source| WriteError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Refuses a target that is a workspace, a link, not an ordinary file, or (unless replacing)
/// an existing file.
pub fn check_target(
    path: &Path,
    replace: Replace,
    workspace: Option<&Path>,
) -> Result<(), WriteError> {
    let own = || path.to_path_buf();
    let is_workspace_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("partnerboard"));
    if is_workspace_name {
        return Err(WriteError::Workspace(own()));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(WriteError::Io {
                path: own(),
                source,
            })
        }
    };
    if meta.file_type().is_symlink() {
        return Err(WriteError::Link(own()));
    }
    if !meta.is_file() {
        return Err(WriteError::NotAFile(own()));
    }
    let same = workspace.is_some_and(|w| same_file::is_same_file(w, path).unwrap_or(false));
    if same || is_database(path) {
        return Err(WriteError::Workspace(own()));
    }
    if replace == Replace::No {
        return Err(WriteError::Exists(own()));
    }
    Ok(())
}

/// Whether the file begins as every SQLite database does.
fn is_database(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// A new file beside the target, under a name no one else is using.
pub(crate) fn temporary(dir: &Path, path: &Path) -> std::io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let mut attempt = 0u32;
    loop {
        let temp = dir.join(format!(".{name}.{}-{attempt}.partial", std::process::id()));
        match File::options().write(true).create_new(true).open(&temp) {
            Ok(f) => {
                // Held while it is written: a temporary whose lock is free was left by a
                // killed run, and the next write of the same name removes it.
                f.lock()?;
                return Ok((temp, f));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporaries of `path` that killed runs left in `dir`: `.{name}.{pid}-{n}.partial`
/// files whose lock nobody holds.
pub(crate) fn remove_abandoned(dir: &Path, path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".partial"))
        else {
            continue;
        };
        let numbered = middle.split_once('-').is_some_and(|(pid, n)| {
            [pid, n]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        if !numbered || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let free = File::options()
            .write(true)
            .open(entry.path())
            .is_ok_and(|f| f.try_lock().is_ok());
        if free {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, replace: Replace, ws: Option<&Path>) -> Result<(), WriteError> {
        write_bytes(path, replace, ws, b"new")
    }

    #[test]
    fn a_new_file_is_written_and_an_existing_one_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deals.csv");
        write(&out, Replace::No, None).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        std::fs::write(&out, b"old").unwrap();
        let err = write(&out, Replace::No, None).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        write(&out, Replace::Yes, None).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }

    #[test]
    fn a_workspace_is_never_a_target_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("w.partnerboard");
        std::fs::write(&ws, b"SQLite format 3\0 and pages").unwrap();
        let before = std::fs::read(&ws).unwrap();
        for replace in [Replace::No, Replace::Yes] {
            let err = write(&ws, replace, Some(&ws)).unwrap_err();
            assert!(matches!(err, WriteError::Workspace(_)), "{err}");
            // A new file named like a workspace is refused too.
            let other = dir.path().join("Other.PartnerBoard");
            assert!(matches!(
                write(&other, replace, None),
                Err(WriteError::Workspace(_))
            ));
            // A hard link to the workspace, under a name that looks like an export.
            let hard = dir.path().join("hard.csv");
            if !hard.exists() {
                std::fs::hard_link(&ws, &hard).unwrap();
            }
            assert!(matches!(
                write(&hard, replace, Some(&ws)),
                Err(WriteError::Workspace(_))
            ));
            // Another SQLite database, whatever its name.
            let db = dir.path().join("notes.db");
            std::fs::write(&db, b"SQLite format 3\0xyz").unwrap();
            assert!(matches!(
                write(&db, replace, None),
                Err(WriteError::Workspace(_))
            ));
        }
        assert_eq!(
            std::fs::read(&ws).unwrap(),
            before,
            "the workspace is untouched"
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link_or_onto_a_folder_or_pipe() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious.txt");
        std::fs::write(&target, b"precious").unwrap();
        let link = dir.path().join("chart.png");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for replace in [Replace::No, Replace::Yes] {
            let err = write(&link, replace, None).unwrap_err();
            assert!(matches!(err, WriteError::Link(_)), "{err}");
            let err = write(dir.path(), replace, None).unwrap_err();
            assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        }
        let fifo = dir.path().join("pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = write(&fifo, Replace::Yes, None).unwrap_err();
            assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pack.csv");
        std::fs::write(&out, b"old").unwrap();
        let failed: Result<(), WriteError> = write_file(&out, Replace::Yes, None, |w| {
            w.write_all(b"half").unwrap();
            Err(WriteError::Io {
                path: out.clone(),
                source: std::io::Error::other("the disk is full"),
            })
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
