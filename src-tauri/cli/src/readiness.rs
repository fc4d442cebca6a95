//! `partnerboard-cli readiness FILE --json`: the readiness list, one flat line per partner.

use crate::fail;
use partnerboard_core::store;
use partnerboard_core::views;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints every partner's latest readiness, one flat line each.
pub(crate) fn run(file: PathBuf) -> ExitCode {
    let today = partnerboard_core::clock::today();
    match store::open_for_reading(&file).and_then(|ws| views::readiness::readiness(&ws, today)) {
        Ok(view) => {
            let lines: Vec<views::readiness::ReadinessLine> =
                view.partners.iter().map(Into::into).collect();
            say!("{}", json!(lines));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
