//! Draws prepared for speed: each item's weekly chances as 32-bit thresholds a uniform draw is
//! compared against, held and padded into whole blocks the hot loop counts in one go.

use super::super::plan::{Draw, Plan};
use rand_distr::Poisson;

/// Week thresholds are counted in blocks of this many, each block compared in one go.
pub(super) const BLOCK: usize = 8;

fn thresholds(cum: &[f64]) -> Vec<u64> {
    cum.iter()
        .map(|p| (p.clamp(0.0, 1.0) * 4_294_967_296.0) as u64)
        .collect()
}

/// A draw prepared for speed: probabilities as 32-bit thresholds.
pub(super) enum Prepared {
    Once(Vec<u64>),
    /// The mean, the library's sampler for large means, and the week thresholds held and
    /// padded (see `hold`) with how many are real.
    Repeat(f64, Option<Poisson<f64>>, Vec<u32>, usize),
    Normal(f64, f64),
    Weekly(Vec<f64>, Vec<f64>),
}

pub(super) fn prepare(plan: &Plan) -> Vec<Prepared> {
    plan.items
        .iter()
        .map(|item| match &item.draw {
            Draw::Once { cum } => Prepared::Once(thresholds(cum)),
            Draw::Repeat { mean, weeks } => {
                let mut held = Vec::new();
                hold(&thresholds(weeks), &mut held);
                Prepared::Repeat(
                    *mean,
                    (*mean >= 12.0).then(|| Poisson::new(*mean).ok()).flatten(),
                    held,
                    weeks.len(),
                )
            }
            Draw::Normal { mean, variance } => Prepared::Normal(*mean, *variance),
            Draw::Weekly { mean, factor } => Prepared::Weekly(mean.clone(), factor.clone()),
        })
        .collect()
}

/// Appends week thresholds held to 32 bits (2³² becomes 2³² − 1) and padded to whole blocks
/// with 2³² − 1: a draw below 2³² − 1 counts the same weeks as against the exact thresholds.
pub(super) fn hold(th: &[u64], into: &mut Vec<u32>) {
    into.extend(th.iter().map(|&t| u32::try_from(t).unwrap_or(u32::MAX)));
    into.resize(
        into.len() + th.len().div_ceil(BLOCK) * BLOCK - th.len(),
        u32::MAX,
    );
}

/// The weeks whose threshold the draw reaches: the week of a win, counted without a search's
/// chain of dependent reads (and in whole blocks, which vectorise without a remainder).
#[inline]
pub(super) fn weeks_before(blocks: &[u32], u: u32) -> usize {
    let mut count = 0;
    for &t in blocks {
        count += usize::from(t <= u);
    }
    count
}
