//! Why an import stopped before writing anything, in words a person can act on; the UI and the
//! command line sort these into their own kinds of failure.

use crate::store::StoreError;
use std::path::{Path, PathBuf};

use super::MAX_BYTES;

/// Why an import (or its preview) stopped. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The person pressed Cancel while the rows were being written; the workspace is unchanged.
    #[error("The import was cancelled; nothing was written.")]
    Cancelled,
    /// The chosen file could not be opened or read from disk.
    #[error("{} cannot be read: {source}", path.display())]
    Read {
        /// The file the person chose.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// The file is over [`MAX_BYTES`], refused before reading so the app stays responsive.
    #[error("{} is {} MB; the limit is {} MB.", path.display(), bytes / 1_048_576, MAX_BYTES / 1_048_576)]
    TooLarge {
        /// The file the person chose.
        path: PathBuf,
        /// Its size on disk.
        bytes: u64,
    },
    /// The rejected-rows report beside the source could not be written; the import is undone.
    #[error("The rejected-rows report could not be written{}: {source}", to(path.as_deref()))]
    Report {
        /// Where the report was going, when the failure was in creating or writing it.
        path: Option<PathBuf>,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// The file cannot be read as CSV at all (empty, binary, no header).
    #[error("{0}")]
    File(#[from] super::decode::DecodeError),
    /// The column mapping or preset asked for cannot be applied to this file.
    #[error("{0}")]
    Map(#[from] super::mapping::MappingError),
    /// The snapshot date asked for is after today: an export cannot be from the future.
    #[error("The export's as-of date {as_of} is after today ({today}): an export cannot be taken in the future.")]
    AsOfInFuture {
        /// The date asked for.
        as_of: chrono::NaiveDate,
        /// Today.
        today: chrono::NaiveDate,
    },
    /// A stage-map entry names a sales stage the workspace does not have.
    #[error("“{0}” is not a stage of this workspace.")]
    UnknownStage(String),
    /// Reading the workspace's names or writing the rows failed in the workspace itself.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The ` to <path>` of the report message, when the path is known.
fn to(path: Option<&Path>) -> String {
    path.map(|p| format!(" to {}", p.display()))
        .unwrap_or_default()
}
