//! `check`: what a workspace file holds and whether it is sound, without changing it.

use super::migrate::{self, TABLES};
use super::{Result, StoreError};
use rusqlite::Connection;
use serde::Serialize;
use std::path::Path;

/// Health summary of a workspace file, printed by the command-line check for support.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The file that was checked, so the report says which workspace it is about.
    pub path: String,
    /// Workspace format version found in the file.
    pub schema_version: i64,
    /// Newest workspace format this build can read, to spot files from a newer app.
    pub supported_version: i64,
    /// SQLite integrity check result; anything but "ok" means the file is damaged.
    pub integrity: String,
    /// Rows per table, to see at a glance whether data is missing.
    pub row_counts: std::collections::BTreeMap<String, i64>,
}

/// Rows per table of the schema, for the tables the file's version has.
pub(crate) fn row_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut exists =
        conn.prepare("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1")?;
    let mut present = Vec::new();
    for t in TABLES {
        if exists.query_row([t], |r| r.get::<_, bool>(0))? {
            present.push(*t);
        }
    }
    present
        .into_iter()
        .map(|t| {
            let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?;
            Ok((t.to_string(), n))
        })
        .collect()
}

/// Opens `path` read-only and reports on it. Any reason it is not a sound workspace is an error.
pub fn check_file(path: &Path) -> Result<CheckReport> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(StoreError::Missing { path: shown });
    }
    // The opener's checks (header, version, owner, integrity) run without writing.
    super::inspect::inspect_for_check(path)?;
    let conn = super::access::reading_connection(path, &super::access::probe(path))
        .map_err(|e| super::inspect::classify(path, e))?;
    let schema_version = migrate::user_version(&conn)?;
    // The inspection ran the integrity check and refuses anything but "ok".
    let integrity = "ok".to_string();
    Ok(CheckReport {
        path: shown,
        schema_version,
        supported_version: migrate::SCHEMA_VERSION,
        integrity,
        row_counts: row_counts(&conn)?.into_iter().collect(),
    })
}
