//! Calibrated: each open deal's chance from the workspace's own time-to-win curve, moved by its
//! group and by how deals in its stage have fared, plus pipeline not yet created.

use super::super::history::{Deal, History, Standing};
use super::built::{week_ends, Builder};
use super::curves::{group_key, shrink, Curves};
use super::new_pipeline::new_pipeline;
use crate::domain::deals::Outcome;
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// Past landmarks the stage calibration looks back over, two weeks apart (half a year).
const LANDMARKS: i64 = 13;
/// Pseudo-wins that pull a stage's factor toward 1 when it has few deals behind it.
const STAGE_PRIOR: f64 = 3.0;

/// A deal's stage state: the stage, and whether it has been there past the stage's
/// expected days.
type StageState = (usize, bool);

fn stage_state(history: &History, stage: usize, entered: NaiveDate, on: NaiveDate) -> StageState {
    let expected = history
        .stages
        .get(stage)
        .map_or(i64::MAX, |s| s.expected_days);
    (stage, (on - entered).num_days() > expected)
}

/// How much more (or less) often deals in each stage state were won within the window than
/// the age curve said, measured at weekly landmarks whose window had ended by the origin.
/// Only deals with a recorded stage history count.
fn stage_factors(
    history: &History,
    curves: &Curves,
    origin: NaiveDate,
    window: i64,
) -> HashMap<StageState, f64> {
    // Expected and actual wins per stage state, at `2 × stage + over` (a hash map here cost
    // more than the sums themselves over two years of weekly backtests).
    let mut sums: Vec<Option<(f64, f64)>> = Vec::new();
    let latest = origin - Duration::days(window);
    let earliest = latest - Duration::days(14 * (LANDMARKS - 1));
    // A stage history kept only for deals still open (as an import of open deals leaves it)
    // says nothing about how stages end: calibrate only on histories that closed deals have.
    let closed_with_history = history.deals.iter().any(|d| {
        !d.moves.is_empty() && d.outcome != Outcome::Open && d.closed.is_some_and(|c| c <= latest)
    });
    if !closed_with_history {
        return HashMap::new();
    }
    // Deals with a stage history that were open at some landmark.
    let candidates: Vec<&Deal> = history
        .deals
        .iter()
        .filter(|d| !d.moves.is_empty() && d.created <= latest)
        .filter(|d| d.outcome == Outcome::Open || d.closed.is_none_or(|c| c > earliest))
        .collect();
    // The curve's chance for each age a candidate can have at a landmark, looked up.
    let oldest = candidates.iter().map(|d| d.created).min().unwrap_or(latest);
    let by_age = curves
        .overall
        .won_within_by_age(window, (latest - oldest).num_days());
    for k in 0..LANDMARKS {
        let landmark = latest - Duration::days(14 * k);
        for d in candidates.iter().copied() {
            let Standing::Open {
                stage: Some((s, entered)),
            } = d.standing(landmark)
            else {
                continue;
            };
            let age = (landmark - d.created).num_days();
            let p = usize::try_from(age)
                .ok()
                .and_then(|a| by_age.get(a).copied())
                .unwrap_or_else(|| curves.overall.won_within(age, window));
            let won = d
                .won_on()
                .is_some_and(|w| w > landmark && w <= landmark + Duration::days(window));
            let (stage, over) = stage_state(history, s, entered, landmark);
            let at = 2 * stage + usize::from(over);
            if at >= sums.len() {
                sums.resize(at + 1, None);
            }
            let e = sums[at].get_or_insert((0.0, 0.0));
            e.0 += p;
            e.1 += f64::from(u8::from(won));
        }
    }
    sums.into_iter()
        .enumerate()
        .filter_map(|(at, sum)| {
            let (expected, won) = sum?;
            Some((
                (at / 2, at % 2 == 1),
                ((won + STAGE_PRIOR) / (expected + STAGE_PRIOR)).clamp(0.1, 10.0),
            ))
        })
        .collect()
}

pub(super) fn calibrated(b: &mut Builder) {
    let curves = Curves::fit(b.history, b.origin);
    let factors = stage_factors(b.history, &curves, b.origin, b.window);
    let ends = week_ends(b.window);
    let window = b.window;
    for (deal, stage) in b.open_deals() {
        let age = (b.origin - deal.created).num_days();
        let overall: Vec<f64> = ends
            .iter()
            .map(|&e| curves.overall.won_within(age, e))
            .collect();
        let p_all = overall.last().copied().unwrap_or(0.0);
        // The deal's group (source and partner type) moves it up or down from overall…
        let group = match curves.groups.get(&group_key(b.history, deal)) {
            Some(g) if p_all > 1e-9 => {
                (shrink(g.won_within(age, window), g.closed, p_all) / p_all).clamp(0.25, 4.0)
            }
            _ => 1.0,
        };
        // …and so does its stage, where the history records it.
        let stage = match stage.filter(|_| !deal.moves.is_empty()) {
            Some((s, entered)) => factors
                .get(&stage_state(b.history, s, entered, b.origin))
                .copied()
                .unwrap_or(1.0),
            None => 1.0,
        };
        let cum = overall
            .iter()
            .map(|p| (p * group * stage).min(1.0))
            .collect();
        b.push_once(deal, cum);
    }
    new_pipeline(b, &curves);
}
