//! What the trials add up to: P10 / P50 / P90 and the mean of every line, by nearest rank.

use super::super::plan::Plan;
use serde::Serialize;

/// P10 / P50 / P90 and the mean of a simulated amount: every forecast line is shown as one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Range {
    /// Nine trials in ten won at least this much: the cautious number.
    pub p10: f64,
    /// The middle trial: the number to plan on.
    pub p50: f64,
    /// One trial in ten won more than this: the upside.
    pub p90: f64,
    /// The average over the trials: what breakdown lines are ranked by.
    pub mean: f64,
}

/// Every line of one simulation, before the backtest widens it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simulated {
    pub(crate) total: Range,
    /// Per source: partner-sourced, partner-influenced, direct.
    pub(crate) sources: [Range; 3],
    pub(crate) buckets: Vec<Range>,
    /// Per week, cumulative: total, then each source.
    pub(crate) weekly: Vec<[Range; 4]>,
}

/// What each trial records.
pub(super) struct Trials {
    /// Per trial: total, 3 sources, then the buckets.
    pub(super) sums: Vec<f64>,
    /// Per trial: per week, per source (not cumulative).
    pub(super) weeks: Vec<f64>,
}

/// Nearest-rank quantiles of a column.
pub(crate) fn range_of(values: &mut [f64]) -> Range {
    if values.is_empty() {
        return Range::default();
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let at = |values: &mut [f64], q: f64| {
        let i = ((q * (n - 1) as f64).round() as usize).min(n - 1);
        *values.select_nth_unstable_by(i, f64::total_cmp).1
    };
    Range {
        p10: at(values, 0.1),
        p50: at(values, 0.5),
        p90: at(values, 0.9),
        mean,
    }
}

pub(super) fn summarise(plan: &Plan, results: &[Trials], detail: bool) -> Simulated {
    let width = 4 + plan.buckets;
    let weeks = plan.weeks.max(1);
    let column = |col: usize| -> Vec<f64> {
        results
            .iter()
            .flat_map(|t| t.sums.chunks_exact(width).map(move |row| row[col]))
            .collect()
    };
    let mut out = Simulated {
        total: range_of(&mut column(0)),
        sources: [
            range_of(&mut column(1)),
            range_of(&mut column(2)),
            range_of(&mut column(3)),
        ],
        ..Simulated::default()
    };
    if !detail {
        return out;
    }
    out.buckets = (0..plan.buckets)
        .map(|b| range_of(&mut column(4 + b)))
        .collect();
    // Cumulative weekly paths per trial.
    let paths: Vec<Vec<[f64; 4]>> = results
        .iter()
        .flat_map(|t| t.weeks.chunks_exact(weeks * 3))
        .map(|trial| {
            let mut acc = [0.0; 4];
            (0..weeks)
                .map(|w| {
                    for s in 0..3 {
                        acc[1 + s] += trial[w * 3 + s];
                        acc[0] += trial[w * 3 + s];
                    }
                    acc
                })
                .collect()
        })
        .collect();
    out.weekly = (0..weeks)
        .map(|w| {
            let mut lines = [Range::default(); 4];
            for (k, line) in lines.iter_mut().enumerate() {
                let mut col: Vec<f64> = paths.iter().map(|p| p[w][k]).collect();
                *line = range_of(&mut col);
            }
            lines
        })
        .collect();
    out
}
