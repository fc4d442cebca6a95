//! `partnerboard-cli check FILE`: integrity, version and rows of a workspace file.

use crate::fail;
use partnerboard_core::store;
use partnerboard_core::views::{ErrorKind, Failure};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks a workspace file's integrity and prints its version and rows.
pub(crate) fn run(file: PathBuf) -> ExitCode {
    match store::check_file(&file) {
        Ok(report) if report.integrity == "ok" => {
            say!("{}", json!({ "ok": true, "check": report }));
            ExitCode::SUCCESS
        }
        Ok(report) => fail(Failure::new(
            ErrorKind::Corrupt,
            format!(
                "{} failed its integrity check: {}",
                report.path, report.integrity
            ),
        )),
        Err(e) => fail(e),
    }
}
