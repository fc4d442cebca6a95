//! `partnerboard-cli rank FILE [--json]`: the ranking, as the prioritization screen lists it.

use crate::fail;
use partnerboard_core::store;
use partnerboard_core::views;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lists every partner the ranking holds: score, rank, tier, or why it is unscored.
pub(crate) fn run(file: PathBuf, json: bool) -> ExitCode {
    match store::open_for_reading(&file) {
        Ok(ws) => rank(&ws, json),
        Err(e) => fail(e),
    }
}

fn rank(ws: &store::Workspace, as_json: bool) -> ExitCode {
    let today = partnerboard_core::clock::today();
    let view = match ws
        .scored_roster()
        .and_then(|scored| views::roster::prioritization(ws, &scored, today))
    {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let rows = view.ranking();
    if as_json {
        say!("{}", json!(rows));
    } else {
        say!(
            "{:>5}  {:<32} {:>6}  {:<10} note",
            "rank",
            "partner",
            "score",
            "tier"
        );
        for r in &rows {
            say!(
                "{:>5}  {:<32} {:>6}  {:<10} {}",
                r.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
                r.partner.name,
                r.score
                    .map(|x| format!("{x:.1}"))
                    .unwrap_or_else(|| "—".into()),
                r.tier.as_deref().unwrap_or("—"),
                r.unscored_reason.as_deref().unwrap_or("")
            );
        }
    }
    ExitCode::SUCCESS
}
