//! `partnerboard-cli ipp-check FILE [--from DATE] [--to DATE]`: the profile's validity check.

use crate::{fail, invalid};
use partnerboard_core::store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks whether the ideal partner profile predicts production over a period.
pub(crate) fn run(file: PathBuf, from: Option<String>, to: Option<String>) -> ExitCode {
    let to = match to
        .map(|t| partnerboard_core::domain::validate::date("to", "--to", &t))
        .transpose()
    {
        Ok(t) => t.unwrap_or_else(partnerboard_core::clock::today),
        Err(e) => return invalid(e.message),
    };
    let from = match from
        .map(|f| partnerboard_core::domain::validate::date("from", "--from", &f))
        .transpose()
    {
        Ok(f) => f.unwrap_or_else(|| to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to)),
        Err(e) => return invalid(e.message),
    };
    if from > to {
        return invalid("--from is after --to.");
    }
    use partnerboard_core::domain::profile::{validity, PERMUTATIONS, SEED};
    match store::open_for_reading(&file).and_then(|ws| ws.pipeline_by_profile_match(from, to)) {
        Ok(p) => {
            let check = validity(&p.matched, &p.unmatched, PERMUTATIONS, SEED);
            say!(
                "{}",
                json!({ "from": from.to_string(), "to": to.to_string(), "check": check, "left_out": p.left_out.note })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
