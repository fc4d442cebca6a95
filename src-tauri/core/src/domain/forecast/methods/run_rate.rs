//! Run-rate: the last window's wins, each expected again on the same day of the next window.

use super::super::history::Deal;
use super::super::plan::{Amount, Draw};
use super::built::{source_index, weeks, Builder};
use super::drift::drift;
use chrono::{Duration, NaiveDate};

/// Builds the run-rate plan.
pub(super) fn run_rate(b: &mut Builder) {
    let since = b.origin - Duration::days(b.window);
    let weeks = weeks(b.window);
    let history = b.history;
    let mut wins: Vec<NaiveDate> = history
        .deals
        .iter()
        .filter_map(Deal::won_on)
        .filter(|w| *w <= b.origin)
        .collect();
    wins.sort_unstable();
    b.out.plan.shocks.push(drift(&wins, b.origin, b.window));
    for deal in &history.deals {
        let Some(won) = deal.won_on().filter(|w| *w > since && *w <= b.origin) else {
            continue;
        };
        if !deal.has_amount() {
            continue;
        }
        // The same day of the next window.
        let week = (((won - since).num_days() - 1) / 7) as usize;
        let shares = (0..weeks)
            .map(|k| if k >= week { 1.0 } else { 0.0 })
            .collect();
        b.push_shocked(
            Some(deal),
            source_index(deal),
            Draw::Repeat {
                mean: 1.0,
                weeks: shares,
            },
            Amount::Fixed(deal.amount),
            Some(0),
        );
    }
}
