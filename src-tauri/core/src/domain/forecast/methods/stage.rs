//! Stage-weighted: each open deal won at its stage's probability, on its expected close date.

use super::super::history::{Deal, History};
use super::built::{week_ends, Builder};
use crate::domain::deals::Outcome;
use chrono::{Duration, NaiveDate};

/// When a deal is expected to close: its own expected close date while it is open today,
/// else the day it entered its stage plus the expected days of that stage and those after.
fn expected_close(history: &History, deal: &Deal, stage: usize, entered: NaiveDate) -> NaiveDate {
    if let (Some(d), Outcome::Open) = (deal.expected_close, deal.outcome) {
        return d;
    }
    let days: i64 = history
        .stages
        .iter()
        .skip(stage)
        .map(|s| s.expected_days)
        .sum();
    entered + Duration::days(days)
}

/// Builds the stage-weighted plan.
pub(super) fn stage_weighted(b: &mut Builder) {
    let open = b.open_deals();
    let ends = week_ends(b.window);
    for (deal, stage) in open {
        let (s, entered) = stage.unwrap_or((0, deal.created));
        let p = b.history.stages.get(s).map_or(0.0, |s| s.probability);
        let close = expected_close(b.history, deal, s, entered);
        // A deal already past its expected close is expected now.
        let offset = (close - b.origin).num_days().max(1);
        if offset > b.window {
            continue;
        }
        let cum = ends
            .iter()
            .map(|&e| if offset <= e { p } else { 0.0 })
            .collect();
        b.push_once(deal, cum);
    }
}
