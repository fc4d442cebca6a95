//! `partnerboard-cli allocate FILE --json`: the capacity plan, compact.

use crate::fail;
use partnerboard_core::store;
use partnerboard_core::views;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints the saved capacity plan in its compact form.
pub(crate) fn run(file: PathBuf) -> ExitCode {
    match store::open_for_reading(&file).and_then(|ws| {
        let scored = ws.scored_roster()?;
        views::capacity::saved(&ws, &scored)
    }) {
        Ok(plan) => {
            let compact = views::capacity::Allocation::from(&plan);
            say!("{}", json!(compact));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
