//! The SQLite workspace: open, migrate, back up, and read and write domain types.
//! All SQL lives in this module.

mod access;
mod backup;
mod brand;
mod check;
mod contacts;
mod currency;
mod cycles;
mod deal_imports;
mod deal_writer;
mod deals;
mod demo;
mod exports;
mod facts;
mod forecast;
mod history;
mod imports;
mod inspect;
mod lock;
mod migrate;
mod open;
#[cfg(test)]
mod open_fuzz;
#[cfg(test)]
mod opener_tests;
mod profiles;
mod program;
mod readiness;
mod schema_check;
mod scoring;
mod seed;
mod settings;
mod soak;
mod team;
mod workshop;

pub use backup::{backup_to, backups_dir, list_backups, Backup, BackupKind, DAILY_KEPT};
pub use brand::{check_brand, DEFAULT_BRAND};
pub use check::{check_file, CheckReport};
pub use contacts::{Contact, ContactDraft, Touch, TouchDraft, CHANNELS};
pub use cycles::CycleSummary;
pub use deal_writer::DealWriter;
pub use deals::{DealRow, StageSummary};
pub use demo::create_demo;
pub use exports::{ContactRecord, PartnerRecord};
pub use history::{HistoryState, Recorder};
pub use imports::{Control, CreatedIds, SavedMapping, Written};
pub use lock::WorkspaceLock;
pub use migrate::SCHEMA_VERSION;
pub use open::{
    create_new, open_existing, open_for_editing, open_for_reading, WORKSPACE_EXTENSION,
};
pub use profiles::{ProfilePipeline, Prospect, TraitCheck, TypePipeline};
pub use readiness::{ReadinessRow, Review};
pub use scoring::PartnerDraft;
pub use soak::EditTargets;

use crate::domain::InvalidInput;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What went wrong with a workspace, in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file comes from a newer app; refusing keeps that version's data intact.
    #[error("{path} was written by a newer version of Partnerboard (workspace version {found}; this version reads up to {supported}). Update Partnerboard to open it. The file was not changed.")]
    NewerVersion {
        /// The file the user tried to open.
        path: String,
        /// Workspace format version written in the file.
        found: i64,
        /// Newest format this build understands, so the user knows an update is needed.
        supported: i64,
    },
    /// The file picked is something else, e.g. a random database or document.
    #[error("{path} is not a Partnerboard workspace: {reason}. The file was not changed.")]
    NotAWorkspace {
        /// The file the user tried to open.
        path: String,
        /// What about it gave it away, so the user can tell a wrong pick from a broken file.
        reason: String,
    },
    /// The file fails its integrity check and should be restored from a backup.
    #[error("{path} is damaged: {detail}. It was not changed; restore it from a backup.")]
    Corrupt {
        /// The damaged file, so the user knows which one to restore.
        path: String,
        /// What the integrity check found, for support.
        detail: String,
    },
    /// Another window or command holds the file; two writers would lose edits.
    #[error("{path} is open in another Partnerboard window (or a command-line edit is running on it). Switch to that window, or close it and open the file again.")]
    InUse {
        /// The file that is locked, so the user can find the other window.
        path: String,
    },
    /// The file was opened without write access, so edits are refused rather than lost.
    #[error("{path} is open read-only ({reason}), so this change was not made. Use File ▸ Save As… to edit a copy.")]
    ReadOnly {
        /// The file that cannot be written.
        path: String,
        /// Why it is read-only, e.g. "you do not have permission to change it".
        reason: String,
    },
    /// A report was asked of a file an older version wrote; only an editing open updates it.
    #[error("{path} was written by an older version of Partnerboard (workspace version {found}; this version writes {supported}). Reports do not change files: open it in Partnerboard, or run an editing command such as import, to update it (a backup is taken first). The file was not changed.")]
    OlderVersion {
        /// The file the report was asked of.
        path: String,
        /// Workspace format version written in the file.
        found: i64,
        /// The format this build writes.
        supported: i64,
    },
    /// The file is gone, e.g. moved or deleted since it was last opened.
    #[error("{path} cannot be found.")]
    Missing {
        /// Where the file was expected, e.g. a recent entry that was moved.
        path: String,
    },
    /// Save As or New would overwrite an existing file.
    #[error("{path} already exists; choose another name.")]
    AlreadyExists {
        /// The name that is taken, so nothing is overwritten by accident.
        path: String,
    },
    /// The user's input breaks a domain rule; the message says which.
    #[error("{0}")]
    Invalid(#[from] InvalidInput),
    /// The record being edited no longer exists, e.g. deleted in another step.
    #[error("{0}")]
    NotFound(String),
    /// The change clashes with existing data, e.g. a duplicate name.
    #[error("{0}")]
    Conflict(String),
    /// The person cancelled a long write part-way; the transaction was rolled back whole.
    #[error("The import was cancelled; nothing was written.")]
    Cancelled,
    /// SQLite failed underneath, e.g. a full disk or a broken file.
    #[error("The workspace could not be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Upgrading the file to this version's format failed; the backup remains.
    #[error("The workspace could not be migrated: {0}")]
    Migration(String),
    /// The file system refused, e.g. no permission or a vanished folder.
    #[error("{0}")]
    Io(String),
}

/// Every store operation's outcome, with errors the UI can show as they are.
pub type Result<T> = std::result::Result<T, StoreError>;

/// One open workspace file.
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
    generation: u64,
    /// Why the file can only be read; `None` when it can be edited.
    read_only: Option<String>,
    lock: Option<WorkspaceLock>,
}

/// Source of [`Workspace::generation`] values, unique across every workspace this process opens.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

pub(crate) fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

impl Workspace {
    fn new(conn: Connection, path: &Path) -> Self {
        Self {
            conn,
            path: path.to_path_buf(),
            generation: next_generation(),
            read_only: None,
            lock: None,
        }
    }

    /// True when the file could only be opened for reading: every edit is refused.
    pub fn read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Why the file can only be read ("the file is marked read-only", "you do not have
    /// permission to change it", …), for the window's read-only bar.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Refuses a write on a read-only workspace with words a person can act on.
    pub(crate) fn writable(&self) -> Result<()> {
        if let Some(reason) = &self.read_only {
            Err(StoreError::ReadOnly {
                path: self.path.display().to_string(),
                reason: reason.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Takes the one-editor lock (see [`WorkspaceLock`]) unless this handle holds it already.
    /// A read-only workspace needs none.
    pub fn claim(&mut self) -> Result<()> {
        if self.lock.is_none() && self.read_only.is_none() {
            self.lock = Some(WorkspaceLock::acquire(&self.path)?);
        }
        Ok(())
    }

    /// Changes whenever the workspace's data may have changed through this handle (every edit,
    /// undo and redo), and differs between workspaces: a key for caches of derived data.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn touch(&mut self) {
        self.generation = next_generation();
    }

    /// Where the workspace file lives, for the title bar, recents and backups.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's name without its extension, as shown in the window header.
    pub fn display_name(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Workspace".to_string())
    }

    /// Read access to the database for queries outside the store's own methods.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// SQLite's `PRAGMA integrity_check`, joined into one line: "ok" when the file is sound.
    pub fn integrity(&self) -> Result<String> {
        Ok(inspect::integrity(&self.conn)?)
    }

    /// Rows per table, for `check` and the overview.
    pub fn row_counts(&self) -> Result<Vec<(String, i64)>> {
        check::row_counts(&self.conn)
    }
}

pub(crate) fn now() -> String {
    crate::clock::now_stamp()
}
