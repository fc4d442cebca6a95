//! The general path of a trial: amounts drawn from a pool, repeated wins, normal sums, and
//! any single-chance draw the hot loop's held thresholds could misread.

use super::super::plan::{Amount, Item, Plan};
use super::prepared::{weeks_before, Prepared};
use rand::{Rng, RngCore};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};

/// e^-mean, remembered for the last mean asked: items in a row often share one.
pub(super) struct LastExp(pub(super) f64, pub(super) f64);

impl LastExp {
    fn of(&mut self, mean: f64) -> f64 {
        if self.0 != mean {
            *self = LastExp(mean, (-mean).exp());
        }
        self.1
    }
}

/// A Poisson count: inversion for small means, the library's sampler for large ones.
fn poisson(
    mean: f64,
    large: Option<&Poisson<f64>>,
    rng: &mut ChaCha8Rng,
    exp: &mut LastExp,
) -> u64 {
    if let Some(p) = large {
        return p.sample(rng) as u64;
    }
    if mean <= 0.0 {
        return 0;
    }
    let u: f64 = rng.random();
    let (mut k, mut p) = (0u64, exp.of(mean));
    let mut cdf = p;
    while u > cdf && k < 1000 {
        k += 1;
        p *= mean / k as f64;
        cdf += p;
    }
    k
}

/// One trial's lines, and what an item off the plain path reads.
pub(super) struct Trial<'a> {
    pub(super) row: &'a mut [f64],
    pub(super) week_row: &'a mut [f64],
    pub(super) multipliers: &'a [f64],
    pub(super) weeks: usize,
    /// Scratch for a weekly draw's normals.
    pub(super) normals: &'a mut Vec<f64>,
}

impl Trial<'_> {
    /// Adds to the total, the source's line and the item's buckets.
    #[inline]
    pub(super) fn add_lines(&mut self, source: usize, buckets: &[u32], amount: f64) {
        self.row[0] += amount;
        self.row[1 + source] += amount;
        for b in buckets {
            self.row[4 + *b as usize] += amount;
        }
    }

    #[inline]
    fn add_week(&mut self, source: usize, week: usize, amount: f64) {
        self.week_row[week.min(self.weeks - 1) * 3 + source] += amount;
    }

    fn multiplier(&self, shock: Option<usize>) -> f64 {
        shock.map_or(1.0, |s| self.multipliers[s])
    }
}

/// An item off the plain path: amounts from a pool, repeated wins, normal sums, or a draw a
/// held threshold could misread. Kept out of line so the plain path's loop stays small.
#[inline(never)]
pub(super) fn draw_general(
    plan: &Plan,
    item: &Item,
    prepared: &Prepared,
    u: u64,
    trial: &mut Trial,
    rng: &mut ChaCha8Rng,
    exp: &mut LastExp,
) {
    let (source, buckets) = (item.source, item.buckets.as_slice());
    match prepared {
        Prepared::Once(th) => {
            let week = th.partition_point(|&t| t <= u);
            let amount = match item.amount {
                Amount::Fixed(a) => a,
                Amount::Pool(p) => pick(&plan.pools[p], rng.next_u32()),
            };
            trial.add_lines(source, buckets, amount);
            trial.add_week(source, week, amount);
        }
        Prepared::Normal(mean, variance) => {
            let m = trial.multiplier(item.shock);
            let z: f64 = StandardNormal.sample(rng);
            let total = (m * mean + (m * variance).sqrt() * z).max(0.0);
            trial.add_lines(source, buckets, total);
            trial.add_week(source, trial.weeks - 1, total);
        }
        Prepared::Weekly(mean, factor) => {
            let mut z = std::mem::take(trial.normals);
            z.clear();
            let mut total = 0.0;
            for (k, m) in mean.iter().enumerate() {
                z.push(StandardNormal.sample(rng));
                let row = factor
                    .get(k * mean.len()..=k * mean.len() + k)
                    .unwrap_or(&[]);
                let mut won = *m;
                for (j, l) in row.iter().enumerate() {
                    won += l * z[j];
                }
                // Never below zero, as a week's wins never are: each trial's path only rises.
                let won = won.max(0.0);
                trial.add_week(source, k, won);
                total += won;
            }
            *trial.normals = z;
            trial.add_lines(source, buckets, total);
        }
        Prepared::Repeat(mean, large, held, len) => {
            let m = trial.multiplier(item.shock);
            let count = if m == 1.0 {
                poisson(*mean, large.as_ref(), rng, exp)
            } else {
                let mean = mean * m;
                let large = (mean >= 12.0).then(|| Poisson::new(mean).ok()).flatten();
                poisson(mean, large.as_ref(), rng, exp)
            };
            let mut total = 0.0;
            for _ in 0..count {
                // One 64-bit draw: its high half places the win in a week, its low half picks
                // the amount. The week's draw stops short of 2³² − 1, which the held thresholds
                // could misread: the last week's chance moves by 2⁻³² at most.
                let r = rng.next_u64();
                let u = ((r >> 32) as u32).min(u32::MAX - 1);
                let week = weeks_before(held, u).min(len.saturating_sub(1));
                let amount = match item.amount {
                    Amount::Fixed(a) => a,
                    Amount::Pool(p) => pick(&plan.pools[p], r as u32),
                };
                trial.add_week(source, week, amount);
                total += amount;
            }
            trial.add_lines(source, buckets, total);
        }
    }
}

/// The pool's amount at a uniform 32-bit draw scaled to its length: each amount is picked with
/// chance 1/len, off by at most len/2³² of that.
fn pick(pool: &[f64], u: u32) -> f64 {
    let at = (u64::from(u) * pool.len() as u64) >> 32;
    usize::try_from(at)
        .ok()
        .and_then(|at| pool.get(at))
        .copied()
        .unwrap_or(0.0)
}
