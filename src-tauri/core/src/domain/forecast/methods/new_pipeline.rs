//! Deals not yet created that the calibrated method expects to be created and won inside the
//! window.

use super::super::plan::{Amount, Draw};
use super::built::{source_index, weeks, Builder};
use super::curves::{shrink, Curves};
use super::drift::drift;
use chrono::{Duration, NaiveDate};

/// Days of trailing history the creation rate of new pipeline is measured over.
const CREATION_DAYS: i64 = 90;

/// Deals not yet created that will be created and won inside the window, at the trailing
/// creation rate of each source and its own time-to-win curve.
pub(super) fn new_pipeline(b: &mut Builder, curves: &Curves) {
    let first = b
        .history
        .deals
        .iter()
        .map(|d| d.created)
        .min()
        .unwrap_or(b.origin);
    let days = CREATION_DAYS.min((b.origin - first).num_days() + 1).max(1);
    let since = b.origin - Duration::days(days);
    let won_since = b.origin - Duration::days(365);
    let window = b.window;
    let mut created: Vec<NaiveDate> = b
        .history
        .deals
        .iter()
        .map(|d| d.created)
        .filter(|c| *c <= b.origin)
        .collect();
    created.sort_unstable();
    b.out.plan.shocks.push(drift(&created, b.origin, window));
    let shock = b.out.plan.shocks.len() - 1;
    for source in 0..3 {
        let of_source = || {
            b.history
                .deals
                .iter()
                .filter(move |d| source_index(d) == source)
        };
        let created = of_source()
            .filter(|d| d.created > since && d.created <= b.origin)
            .count();
        if created == 0 {
            continue;
        }
        let rate = created as f64 / days as f64;
        let curve = &curves.by_source[source];
        // Won-by-day curve for a deal of this source, shrunk toward overall.
        let won_by: Vec<f64> = (0..=window)
            .map(|d| shrink(curve.won_by(d), curve.closed, curves.overall.won_by(d)))
            .collect();
        // Created on day u (1..=window), won on day u + a within the window.
        let mut per_week = vec![0.0; weeks(window)];
        for u in 1..=window {
            for a in 0..=(window - u) {
                let inc = won_by[a as usize] - if a > 0 { won_by[a as usize - 1] } else { 0.0 };
                per_week[((u + a - 1) / 7) as usize] += rate * inc.max(0.0);
            }
        }
        let mean: f64 = per_week.iter().sum();
        let won_amounts = |from: NaiveDate| -> Vec<f64> {
            of_source()
                .filter(|d| d.has_amount())
                .filter(|d| d.won_on().is_some_and(|w| w > from && w <= b.origin))
                .map(|d| d.amount)
                .collect()
        };
        let mut pool = won_amounts(won_since);
        if pool.is_empty() {
            pool = won_amounts(NaiveDate::MIN);
        }
        if mean <= 0.0 || pool.is_empty() {
            continue;
        }
        b.out.new_pipeline += mean * pool.iter().sum::<f64>() / pool.len() as f64;
        let mut acc = 0.0;
        let shares = per_week
            .iter()
            .map(|w| {
                acc += w / mean;
                acc
            })
            .collect();
        b.out.plan.pools.push(pool);
        let pool = b.out.plan.pools.len() - 1;
        b.push_shocked(
            None,
            source,
            Draw::Repeat {
                mean,
                weeks: shares,
            },
            Amount::Pool(pool),
            Some(shock),
        );
    }
}
