//! `partnerboard-cli workshop FILE --json`: the workshop's steps with their status.

use crate::fail;
use partnerboard_core::store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints the workshop: the summary, the counts, and each step with its status, decision,
/// what it decides and what is still open.
pub(crate) fn run(file: PathBuf) -> ExitCode {
    match store::open_for_reading(&file).and_then(|ws| ws.workshop()) {
        Ok(w) => {
            say!("{}", json!(w));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
