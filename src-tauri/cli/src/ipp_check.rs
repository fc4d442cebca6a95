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
    match store::open_for_reading(&file)
        .and_then(|ws| partnerboard_core::views::ipp::check(&ws, from, to))
    {
        Ok(c) => {
            say!(
                "{}",
                json!({
                    "from": c.from, "to": c.to, "check": c.pooled, "by_type": c.by_type,
                    "left_out": c.left_out,
                })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
