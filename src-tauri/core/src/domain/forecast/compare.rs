//! Partner-sourced against direct: win rate and cycle days measured from the workspace's own
//! closed deals, each with a bootstrap 90% interval and the sample it rests on.

use super::history::History;
use crate::domain::deals::{median_of, Outcome, Source};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Bootstrap resamples behind each interval: enough for its 5th and 95th percentiles to settle.
pub(crate) const RESAMPLES: usize = 2_000;

/// A measured value with its 90% interval, so a small sample shows as the guess it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The value measured on the deals themselves.
    pub value: f64,
    /// 5th percentile of the bootstrap.
    pub low: f64,
    /// 95th percentile of the bootstrap.
    pub high: f64,
}

/// Partner-sourced or direct deals, measured alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Deals closed won or lost.
    pub closed: usize,
    /// Of those, deals won.
    pub won: usize,
    /// Won / closed.
    pub win_rate: Option<Interval>,
    /// Median days from created to closed won.
    pub cycle_days: Option<Interval>,
}

/// Whether partner-sourced deals win more often or faster than direct ones: the case for the
/// programme, in the workspace's own numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerVsDirect {
    /// Deals closed by this day count.
    pub as_of: NaiveDate,
    /// Partner-sourced deals.
    pub partner: Side,
    /// Direct deals.
    pub direct: Side,
}

fn median(values: &mut [f64]) -> f64 {
    median_of(values).unwrap_or(f64::NAN)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let i = ((q * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1);
    sorted[i]
}

/// A statistic with its bootstrap interval over `values`.
fn bootstrap(
    values: &[f64],
    stat: fn(&mut [f64]) -> f64,
    rng: &mut ChaCha8Rng,
) -> Option<Interval> {
    if values.is_empty() {
        return None;
    }
    let value = stat(&mut values.to_vec());
    let mut sample = vec![0.0; values.len()];
    let mut stats: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            for s in sample.iter_mut() {
                *s = values[rng.random_range(0..values.len())];
            }
            stat(&mut sample)
        })
        .collect();
    stats.sort_by(f64::total_cmp);
    Some(Interval {
        value,
        low: percentile(&stats, 0.05),
        high: percentile(&stats, 0.95),
    })
}

fn mean(values: &mut [f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn side(history: &History, as_of: NaiveDate, source: Source, rng: &mut ChaCha8Rng) -> Side {
    let closed: Vec<_> = history
        .deals
        .iter()
        .filter(|d| d.source == source && d.outcome != Outcome::Open)
        .filter(|d| d.closed.is_some_and(|c| c <= as_of))
        .collect();
    let wins: Vec<f64> = closed
        .iter()
        .map(|d| if d.outcome == Outcome::Won { 1.0 } else { 0.0 })
        .collect();
    let cycles: Vec<f64> = closed
        .iter()
        .filter(|d| d.outcome == Outcome::Won)
        .filter_map(|d| d.closed.map(|c| (c - d.created).num_days() as f64))
        .collect();
    Side {
        closed: closed.len(),
        won: cycles.len(),
        win_rate: bootstrap(&wins, mean, rng),
        cycle_days: bootstrap(&cycles, median, rng),
    }
}

/// Partner-sourced and direct deals closed by `as_of`, compared.
pub fn partner_vs_direct(history: &History, as_of: NaiveDate, seed: u64) -> PartnerVsDirect {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    PartnerVsDirect {
        as_of,
        partner: side(history, as_of, Source::PartnerSourced, &mut rng),
        direct: side(history, as_of, Source::Direct, &mut rng),
    }
}
