//! The importer against files as CRMs and spreadsheets write them: strict amounts, every
//! reason of a row, spreadsheet line numbers, encodings, deals kept with marks, and the
//! rejected-rows report that is ours alone.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod amounts;
mod files;
mod keep;
mod report_file;

use crate::domain::demo::generate;
use crate::import::{self, ImportOptions, ImportReport, Kind};
use crate::store::{create_demo, Workspace};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A demo workspace (its partners include Bluefin Data and Cedar Software).
fn workspace(dir: &Path) -> Workspace {
    create_demo(
        &dir.join("w.partnerboard"),
        &generate(140, 7, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
    )
    .unwrap()
}

/// A fixture of `src-tauri/core/tests/fixtures` copied into `dir`, so its report lands there.
fn fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        &to,
    )
    .unwrap();
    to
}

fn options(preset: Option<&str>, map: &str, stage_map: &str) -> ImportOptions {
    ImportOptions {
        preset: preset.map(String::from),
        map: import::parse_pairs(map).unwrap(),
        stage_map: import::parse_pairs(stage_map).unwrap(),
        as_of: None,
        strict: false,
    }
}

fn run(ws: &mut Workspace, path: &Path, opts: &ImportOptions) -> ImportReport {
    import::run(
        ws,
        Kind::Deals,
        path,
        opts,
        today(),
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn run_bytes(ws: &mut Workspace, bytes: &[u8], opts: &ImportOptions) -> ImportReport {
    import::run_bytes(
        ws,
        Kind::Deals,
        bytes,
        None,
        opts,
        today(),
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn deals(ws: &Workspace) -> i64 {
    ws.conn()
        .query_row("SELECT COUNT(*) FROM deals", [], |r| r.get(0))
        .unwrap()
}

/// (line, column, reason) of every rejected row shown.
fn reasons(r: &ImportReport) -> Vec<(usize, String, String)> {
    r.rejected_rows
        .iter()
        .map(|x| (x.line, x.column.clone(), x.reason.clone()))
        .collect()
}
