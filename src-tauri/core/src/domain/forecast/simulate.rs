//! The seeded Monte Carlo: each trial decides which deals are won inside the window, in
//! which week, and sums them per breakdown. Same plan and seed give the same numbers on any
//! machine: trials run in fixed chunks, each with its own seed, whatever the thread count.

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use serde::Serialize;

const CHUNK: usize = 500;
/// Marks an item that may win more than once in the hot loop.
const REPEATS: u64 = u64::MAX;

/// How an item produces wins in one trial.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Won at most once. `cum[k]` is the probability of being won by the end of week `k`.
    Once { cum: Vec<f64> },
    /// Won a Poisson number of times with this mean; each win falls in a week by `weeks`
    /// (cumulative shares summing to 1).
    Repeat { mean: f64, weeks: Vec<f64> },
    /// Many small items summed: a normal total with this mean and variance (scaled by the
    /// item's shock), never below zero. Used only where the breakdowns are not asked for.
    Normal { mean: f64, variance: f64 },
    /// Many deals summed week by week (see `pooled`): each week's won amount is
    /// `mean[k] + Σⱼ factor[k·weeks + j]·zⱼ` over independent standard normals z, never below
    /// zero.
    Weekly { mean: Vec<f64>, factor: Vec<f64> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Fixed(f64),
    /// Each win draws an amount from this pool (index into `Plan::pools`).
    Pool(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub draw: Draw,
    pub amount: Amount,
    /// 0 = partner-sourced, 1 = partner-influenced, 2 = direct.
    pub source: usize,
    /// Breakdown buckets (beyond total and source) this item adds to.
    pub buckets: Vec<u32>,
    /// A shared shock (index into `Plan::shocks`) that scales this item's chances in each
    /// trial, for what moves many deals at once.
    pub shock: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub weeks: usize,
    pub items: Vec<Item>,
    pub pools: Vec<Vec<f64>>,
    /// Number of breakdown buckets the items refer to.
    pub buckets: usize,
    /// Log-normal shocks by their spread (σ of the log): each trial draws one multiplier per
    /// shock, with mean 1, and every item tied to it has its chances scaled by it.
    pub shocks: Vec<f64>,
}

/// P10 / P50 / P90 and the mean of a simulated amount.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Range {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simulated {
    pub total: Range,
    /// Per source: partner-sourced, partner-influenced, direct.
    pub sources: [Range; 3],
    pub buckets: Vec<Range>,
    /// Per week, cumulative: total, then each source.
    pub weekly: Vec<[Range; 4]>,
}

/// What each trial records.
struct Trials {
    /// Per trial: total, 3 sources, then the buckets.
    sums: Vec<f64>,
    /// Per trial: per week, per source (not cumulative).
    weeks: Vec<f64>,
}

fn thresholds(cum: &[f64]) -> Vec<u64> {
    cum.iter()
        .map(|p| (p.clamp(0.0, 1.0) * 4_294_967_296.0) as u64)
        .collect()
}

/// A draw prepared for speed: probabilities as 32-bit thresholds.
enum Prepared {
    Once(Vec<u64>),
    /// The mean, the library's sampler for large means, and the week thresholds held and
    /// padded (see `hold`) with how many are real.
    Repeat(f64, Option<Poisson<f64>>, Vec<u32>, usize),
    Normal(f64, f64),
    Weekly(Vec<f64>, Vec<f64>),
}

fn prepare(plan: &Plan) -> Vec<Prepared> {
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

/// Items summed with the normal approximation once a group holds this many.
const AGGREGATE_FROM: usize = 300;

/// For a total only: replaces large groups of independent items by one normal item each —
/// single-chance items without a shock, and repeating fixed-amount items per shock.
fn aggregate(plan: &Plan) -> Plan {
    let mut out = Plan {
        items: Vec::new(),
        ..plan.clone()
    };
    let once = |i: &Item| i.shock.is_none() && matches!(i.draw, Draw::Once { .. });
    let repeat = |i: &Item| {
        matches!(
            (&i.draw, &i.amount),
            (Draw::Repeat { .. }, Amount::Fixed(_))
        )
    };
    let mut groups: Vec<(Option<usize>, bool, f64, f64, usize)> = Vec::new();
    let mut keep = Vec::new();
    for item in &plan.items {
        let (key, is_once) = if once(item) {
            (None, true)
        } else if repeat(item) {
            (item.shock, false)
        } else {
            keep.push(item.clone());
            continue;
        };
        let a = match item.amount {
            Amount::Fixed(a) => a,
            Amount::Pool(_) => 0.0,
        };
        let (m, v) = match &item.draw {
            Draw::Once { cum } => {
                let p = cum.last().copied().unwrap_or(0.0);
                (p * a, p * (1.0 - p) * a * a)
            }
            Draw::Repeat { mean, .. } => (mean * a, mean * a * a),
            Draw::Normal { mean, variance } => (*mean, *variance),
            Draw::Weekly { mean, .. } => (mean.iter().sum(), 0.0),
        };
        match groups.iter_mut().find(|g| g.0 == key && g.1 == is_once) {
            Some(g) => {
                g.2 += m;
                g.3 += v;
                g.4 += 1;
            }
            None => groups.push((key, is_once, m, v, 1)),
        }
    }
    let small: Vec<bool> = groups.iter().map(|g| g.4 < AGGREGATE_FROM).collect();
    for item in &plan.items {
        let key = if once(item) {
            Some((None, true))
        } else if repeat(item) {
            Some((item.shock, false))
        } else {
            None
        };
        if let Some(k) = key {
            let g = groups.iter().position(|g| (g.0, g.1) == k);
            if g.is_some_and(|g| small[g]) {
                out.items.push(item.clone());
            }
        }
    }
    out.items.extend(keep);
    for (g, is_small) in groups.iter().zip(&small) {
        if !is_small {
            out.items.push(Item {
                draw: Draw::Normal {
                    mean: g.2,
                    variance: g.3,
                },
                amount: Amount::Fixed(1.0),
                source: 2,
                buckets: Vec::new(),
                shock: g.0,
            });
        }
    }
    out
}

/// e^-mean, remembered for the last mean asked: items in a row often share one.
struct LastExp(f64, f64);

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

/// What the hot loop reads of each item, in 32 bytes laid out flat: every trial walks every
/// item, and reaching into each item's own vectors (weeks, buckets) and enums cost more than
/// the draws themselves.
#[derive(Clone, Copy)]
struct Hot {
    /// The chance of a win at all as a 32-bit threshold, or `REPEATS`.
    last: u64,
    /// The amount of a single-chance item with a fixed amount (`plain`).
    amount: f64,
    /// Its week thresholds (single-chance items) from here in `Flat::thresholds`, in
    /// `blocks` blocks of `BLOCK`.
    weeks_at: u32,
    /// Its place in `Flat::groups`: the items that add to the same lines.
    group: u32,
    /// Whether a shock scales the item's chances (read from the item itself: it is rare).
    shocked: bool,
    blocks: u8,
    source: u8,
    /// A single chance, a fixed amount and week thresholds in order: read from here alone.
    plain: bool,
}

/// Week thresholds are counted in blocks of this many, each block compared in one go.
const BLOCK: usize = 8;

/// Items that add to the same lines (a source and the same breakdown buckets): a win on the
/// plain path adds to its group's tally, and each trial spreads the tallies over the lines
/// once at its end.
struct Group {
    source: usize,
    buckets: Vec<u32>,
}

struct Flat {
    hot: Vec<Hot>,
    /// Week thresholds held to 32 bits: a threshold of 2³² (a certain win) becomes 2³² − 1,
    /// which no draw that reaches the plain path equals (see `run_chunk`). Each item's list is
    /// padded to whole blocks with 2³² − 1, which no such draw reaches either.
    thresholds: Vec<u32>,
    groups: Vec<Group>,
}

fn flatten(plan: &Plan, prepared: &[Prepared]) -> Option<Flat> {
    let mut flat = Flat {
        hot: Vec::with_capacity(plan.items.len()),
        thresholds: Vec::new(),
        groups: Vec::new(),
    };
    let mut groups = std::collections::HashMap::new();
    for (item, prep) in plan.items.iter().zip(prepared) {
        let (last, th): (u64, &[u64]) = match prep {
            Prepared::Once(th) => (th.last().copied().unwrap_or(0), th),
            Prepared::Repeat(..) | Prepared::Normal(..) | Prepared::Weekly(..) => (REPEATS, &[]),
        };
        let amount = match item.amount {
            Amount::Fixed(a) => Some(a),
            Amount::Pool(_) => None,
        };
        let sorted = th.windows(2).all(|w| w[0] <= w[1]);
        let blocks = th.len().div_ceil(BLOCK);
        let group = *groups
            .entry((item.source, item.buckets.as_slice()))
            .or_insert_with(|| {
                flat.groups.push(Group {
                    source: item.source,
                    buckets: item.buckets.clone(),
                });
                flat.groups.len() - 1
            });
        flat.hot.push(Hot {
            last,
            amount: amount.unwrap_or(0.0),
            weeks_at: u32::try_from(flat.thresholds.len()).ok()?,
            group: u32::try_from(group).ok()?,
            shocked: item.shock.is_some(),
            blocks: u8::try_from(blocks).ok()?,
            source: u8::try_from(item.source).ok().filter(|&s| s < 3)?,
            plain: matches!(prep, Prepared::Once(_)) && amount.is_some() && sorted,
        });
        hold(th, &mut flat.thresholds);
    }
    Some(flat)
}

/// Appends week thresholds held to 32 bits (2³² becomes 2³² − 1) and padded to whole blocks
/// with 2³² − 1: a draw below 2³² − 1 counts the same weeks as against the exact thresholds.
fn hold(th: &[u64], into: &mut Vec<u32>) {
    into.extend(th.iter().map(|&t| u32::try_from(t).unwrap_or(u32::MAX)));
    into.resize(
        into.len() + th.len().div_ceil(BLOCK) * BLOCK - th.len(),
        u32::MAX,
    );
}

/// Every item on the general path.
fn general(plan: &Plan, prepared: &[Prepared]) -> Flat {
    Flat {
        hot: plan
            .items
            .iter()
            .zip(prepared)
            .map(|(item, prep)| Hot {
                last: match prep {
                    Prepared::Once(th) => th.last().copied().unwrap_or(0),
                    Prepared::Repeat(..) | Prepared::Normal(..) | Prepared::Weekly(..) => REPEATS,
                },
                amount: 0.0,
                weeks_at: 0,
                group: 0,
                shocked: item.shock.is_some(),
                blocks: 0,
                source: 0,
                plain: false,
            })
            .collect(),
        thresholds: Vec::new(),
        groups: Vec::new(),
    }
}

/// The weeks whose threshold the draw reaches: the week of a win, counted without a search's
/// chain of dependent reads (and in whole blocks, which vectorise without a remainder).
#[inline]
fn weeks_before(blocks: &[u32], u: u32) -> usize {
    let mut count = 0;
    for &t in blocks {
        count += usize::from(t <= u);
    }
    count
}

/// One trial's lines, and what an item off the plain path reads.
struct Trial<'a> {
    row: &'a mut [f64],
    week_row: &'a mut [f64],
    multipliers: &'a [f64],
    weeks: usize,
    /// Scratch for a weekly draw's normals.
    normals: &'a mut Vec<f64>,
}

impl Trial<'_> {
    /// Adds to the total, the source's line and the item's buckets.
    #[inline]
    fn add_lines(&mut self, source: usize, buckets: &[u32], amount: f64) {
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
fn draw_general(
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

fn run_chunk(
    plan: &Plan,
    prepared: &[Prepared],
    flat: &Flat,
    seed: u64,
    chunk: usize,
    n: usize,
) -> Trials {
    let width = 4 + plan.buckets;
    let weeks = plan.weeks.max(1);
    let mut out = Trials {
        sums: vec![0.0; n * width],
        weeks: vec![0.0; n * weeks * 3],
    };
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed ^ (chunk as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut inverse = vec![1.0; plan.shocks.len()];
    let mut multipliers = vec![1.0; plan.shocks.len()];
    let mut exp = LastExp(f64::NAN, 0.0);
    let mut tallies = vec![0.0; flat.groups.len()];
    let mut normals = Vec::with_capacity(weeks);
    for t in 0..n {
        for ((m, inv), sigma) in multipliers
            .iter_mut()
            .zip(inverse.iter_mut())
            .zip(&plan.shocks)
        {
            let z: f64 = StandardNormal.sample(&mut rng);
            *m = (sigma * z - sigma * sigma / 2.0).exp();
            *inv = 1.0 / *m;
        }
        let row = &mut out.sums[t * width..(t + 1) * width];
        let week_row = &mut out.weeks[t * weeks * 3..(t + 1) * weeks * 3];
        for (i, hot) in flat.hot.iter().enumerate() {
            let last = hot.last;
            if last == 0 {
                continue;
            }
            let u = if last == REPEATS {
                0
            } else {
                // u < p·m ⇔ u/m < p: scaling the draw scales every week's chance.
                let u = u64::from(rng.next_u32());
                if hot.shocked {
                    let shock = plan.items[i].shock.unwrap_or(0);
                    (u as f64 * inverse[shock]) as u64
                } else {
                    u
                }
            };
            let won = u < last;
            // A draw of 2³² − 1 is the one a held threshold could misread: it takes the general
            // path, which reads the exact thresholds.
            if hot.plain && u < u64::from(u32::MAX) {
                // Whether won or not, without a branch on a coin flip: a lost draw adds zero.
                let at = hot.weeks_at as usize;
                let blocks = &flat.thresholds[at..at + usize::from(hot.blocks) * BLOCK];
                let week = weeks_before(blocks, u as u32).min(weeks - 1);
                let amount = if won { hot.amount } else { 0.0 };
                tallies[hot.group as usize] += amount;
                week_row[week * 3 + usize::from(hot.source)] += amount;
                continue;
            }
            if !won {
                continue;
            }
            let mut trial = Trial {
                row: &mut *row,
                week_row: &mut *week_row,
                multipliers: &multipliers,
                weeks,
                normals: &mut normals,
            };
            draw_general(
                plan,
                &plan.items[i],
                &prepared[i],
                u,
                &mut trial,
                &mut rng,
                &mut exp,
            );
        }
        let mut trial = Trial {
            row,
            week_row,
            multipliers: &multipliers,
            weeks,
            normals: &mut normals,
        };
        for (tally, group) in tallies.iter_mut().zip(&flat.groups) {
            trial.add_lines(group.source, &group.buckets, *tally);
            *tally = 0.0;
        }
    }
    out
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

/// Nearest-rank quantiles of a column.
pub fn range_of(values: &mut [f64]) -> Range {
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

/// Runs `trials` trials of the plan. `detail` adds the breakdown buckets and weekly path, with
/// large groups of deals that add to the same lines drawn week by week as one (`pooled`);
/// without it only the total is meaningful, and large groups of items are summed by the
/// normal approximation.
pub fn simulate(plan: &Plan, trials: usize, seed: u64, detail: bool) -> Simulated {
    let plan = if detail {
        super::pooled::pool_groups(plan)
    } else {
        aggregate(plan)
    };
    run(&plan, trials, seed, detail, true)
}

/// The trials of the plan as it stands, every item drawn as it is. `flat` false sends every
/// item down the general path (to check both give the same numbers).
fn run(plan: &Plan, trials: usize, seed: u64, detail: bool, flat: bool) -> Simulated {
    let prepared = prepare(plan);
    // Without the flat layout (a plan beyond its field widths), every item takes the general
    // path: the same draws in the same order, so the same numbers.
    let flat = flatten(plan, &prepared)
        .filter(|_| flat)
        .unwrap_or_else(|| general(plan, &prepared));
    let chunks: Vec<(usize, usize)> = (0..trials.div_ceil(CHUNK))
        .map(|c| (c, CHUNK.min(trials - c * CHUNK)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(chunks.len().max(1));
    let mut results: Vec<Option<Trials>> = (0..chunks.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                let chunks = &chunks;
                let prepared = &prepared;
                let flat = &flat;
                scope.spawn(move || {
                    chunks
                        .iter()
                        .skip(w)
                        .step_by(threads)
                        .map(|&(c, n)| (c, run_chunk(plan, prepared, flat, seed, c, n)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            if let Ok(done) = h.join() {
                for (c, t) in done {
                    results[c] = Some(t);
                }
            }
        }
    });
    let results: Vec<Trials> = results.into_iter().flatten().collect();
    summarise(plan, &results, detail)
}

fn summarise(plan: &Plan, results: &[Trials], detail: bool) -> Simulated {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            weeks: 2,
            items: vec![
                Item {
                    draw: Draw::Once {
                        cum: vec![0.2, 0.5],
                    },
                    amount: Amount::Fixed(100.0),
                    source: 0,
                    buckets: vec![0],
                    shock: None,
                },
                Item {
                    draw: Draw::Repeat {
                        mean: 3.0,
                        weeks: vec![0.5, 1.0],
                    },
                    amount: Amount::Pool(0),
                    source: 2,
                    buckets: vec![],
                    shock: None,
                },
            ],
            pools: vec![vec![10.0, 20.0]],
            buckets: 1,
            shocks: Vec::new(),
        }
    }

    #[test]
    fn same_seed_same_numbers_and_means_match_the_plan() {
        let a = simulate(&plan(), 10_000, 42, true);
        let b = simulate(&plan(), 10_000, 42, true);
        assert_eq!(a, b);
        let c = simulate(&plan(), 10_000, 43, true);
        assert_ne!(a.total.mean, c.total.mean);
        // Expected: 0.5 × 100 + 3 × 15 = 95.
        assert!((a.total.mean - 95.0).abs() < 2.0, "{}", a.total.mean);
        assert!((a.sources[0].mean - 50.0).abs() < 1.5);
        assert!((a.buckets[0].mean - 50.0).abs() < 1.5);
        assert!(a.total.p10 <= a.total.p50 && a.total.p50 <= a.total.p90);
        // The deal is won in week 1 with probability 0.2: cumulative week-1 mean ≈ 20 + 22.5.
        assert!((a.weekly[0][1].mean - 20.0).abs() < 1.5);
        assert!((a.weekly[1][0].mean - a.total.mean).abs() < 1e-9);
    }

    #[test]
    fn large_groups_summed_normally_match_the_item_by_item_draw() {
        let mut plan = Plan {
            weeks: 1,
            shocks: vec![0.1],
            ..Plan::default()
        };
        for i in 0..600 {
            let amount = 1_000.0 + f64::from(i % 7) * 500.0;
            plan.items.push(Item {
                draw: Draw::Once {
                    cum: vec![0.2 + f64::from(i % 5) * 0.1],
                },
                amount: Amount::Fixed(amount),
                source: 0,
                buckets: vec![],
                shock: None,
            });
            plan.items.push(Item {
                draw: Draw::Repeat {
                    mean: 1.0,
                    weeks: vec![1.0],
                },
                amount: Amount::Fixed(amount),
                source: 2,
                buckets: vec![],
                shock: Some(0),
            });
        }
        assert_eq!(aggregate(&plan).items.len(), 2, "two groups of 600");
        let exact = run(&plan, 4_000, 3, true, true).total;
        let fast = simulate(&plan, 4_000, 3, false).total;
        for (a, b) in [
            (exact.mean, fast.mean),
            (exact.p10, fast.p10),
            (exact.p50, fast.p50),
            (exact.p90, fast.p90),
        ] {
            assert!((a / b - 1.0).abs() < 0.02, "{exact:?} vs {fast:?}");
        }
    }

    /// Every line of a detail run: total, sources, buckets, then each week's cumulative lines.
    fn lines(s: &Simulated) -> Vec<Range> {
        let mut all = vec![s.total];
        all.extend(s.sources);
        all.extend(s.buckets.iter().copied());
        all.extend(s.weekly.iter().flatten().copied());
        all
    }

    #[test]
    fn pooled_groups_give_the_deal_by_deal_lines() {
        let mut plan = Plan {
            weeks: 4,
            buckets: 3,
            ..Plan::default()
        };
        for i in 0..900u32 {
            // Skewed amounts, chances from 5% to 95%, wins spread unevenly over the weeks.
            let amount = 2_000.0 * (1.0 + f64::from(i % 17).powi(2) / 8.0);
            let p = 0.05 + 0.9 * f64::from(i % 19) / 18.0;
            let shape = [0.1, 0.4, 0.7, 1.0];
            let early = [0.4, 0.7, 0.9, 1.0];
            let cum = if i % 3 == 0 { shape } else { early };
            plan.items.push(Item {
                draw: Draw::Once {
                    cum: cum.iter().map(|c| c * p).collect(),
                },
                amount: Amount::Fixed(amount),
                source: (i % 2) as usize,
                buckets: vec![(i % 2), 2],
                shock: None,
            });
        }
        let pooled = super::super::pooled::pool_groups(&plan);
        assert!(pooled.items.len() < 100, "{} items", pooled.items.len());
        let exact = lines(&run(&plan, 10_000, 5, true, true));
        let fast = lines(&simulate(&plan, 10_000, 5, true));
        assert_eq!(exact.len(), 4 + 3 + 4 * 4);
        for (e, f) in exact.iter().zip(&fast) {
            // Within 1% of the line's mean, or of the total's for a small line.
            let tolerance = 0.01 * e.mean.max(exact[0].mean / 10.0);
            for (a, b) in [
                (e.p10, f.p10),
                (e.p50, f.p50),
                (e.p90, f.p90),
                (e.mean, f.mean),
            ] {
                assert!((a - b).abs() < tolerance, "{e:?} vs {f:?}");
            }
        }
    }

    #[test]
    fn the_flat_path_gives_the_general_paths_numbers() {
        let mut plan = Plan {
            weeks: 3,
            buckets: 3,
            shocks: vec![0.2],
            pools: vec![vec![5.0, 7.0, 11.0]],
            ..Plan::default()
        };
        for i in 0..400u32 {
            let p = f64::from(i % 11) / 10.0;
            plan.items.push(Item {
                draw: Draw::Once {
                    // Certain wins (p = 1), zero weeks and, once in a while, weeks out of order.
                    cum: if i % 37 == 0 {
                        vec![p, p / 2.0, p]
                    } else {
                        vec![p / 3.0, p / 3.0, p]
                    },
                },
                amount: if i % 13 == 0 {
                    Amount::Pool(0)
                } else {
                    Amount::Fixed(100.0 + f64::from(i))
                },
                source: (i % 3) as usize,
                buckets: (0..i % 4).collect(),
                shock: (i % 5 == 0).then_some(0),
            });
        }
        plan.items.push(Item {
            draw: Draw::Repeat {
                mean: 2.5,
                weeks: vec![0.3, 0.6, 1.0],
            },
            amount: Amount::Pool(0),
            source: 2,
            buckets: vec![1],
            shock: Some(0),
        });
        for detail in [true, false] {
            let plan = if detail {
                super::super::pooled::pool_groups(&plan)
            } else {
                aggregate(&plan)
            };
            let flat = run(&plan, 3_000, 11, detail, true);
            let general = run(&plan, 3_000, 11, detail, false);
            // The same draws; only the order of adding up differs.
            let (a, b) = (lines(&flat), lines(&general));
            assert_eq!(a.len(), b.len());
            assert!(a.len() > 4 || !detail);
            for (x, y) in a.iter().zip(&b) {
                for (p, q) in [
                    (x.p10, y.p10),
                    (x.p50, y.p50),
                    (x.p90, y.p90),
                    (x.mean, y.mean),
                ] {
                    assert!((p - q).abs() <= 1e-9 * q.abs().max(1.0), "{x:?} vs {y:?}");
                }
            }
        }
    }

    #[test]
    fn quantiles_are_nearest_rank() {
        let mut v: Vec<f64> = (1..=11).map(f64::from).rev().collect();
        let r = range_of(&mut v);
        assert_eq!((r.p10, r.p50, r.p90, r.mean), (2.0, 6.0, 10.0, 6.0));
    }
}
