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
    Repeat(f64, Option<Poisson<f64>>, Vec<u64>),
    Normal(f64, f64),
}

fn prepare(plan: &Plan) -> Vec<Prepared> {
    plan.items
        .iter()
        .map(|item| match &item.draw {
            Draw::Once { cum } => Prepared::Once(thresholds(cum)),
            Draw::Repeat { mean, weeks } => Prepared::Repeat(
                *mean,
                (*mean >= 12.0).then(|| Poisson::new(*mean).ok()).flatten(),
                thresholds(weeks),
            ),
            Draw::Normal { mean, variance } => Prepared::Normal(*mean, *variance),
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

fn week_of(thresholds: &[u64], u: u64) -> usize {
    thresholds
        .partition_point(|&t| t <= u)
        .min(thresholds.len().saturating_sub(1))
}

/// What the hot loop reads of each item, in 40 bytes laid out flat: every trial walks every
/// item, and reaching into each item's own vectors (weeks, buckets) and enums cost more than
/// the draws themselves.
#[derive(Clone, Copy)]
struct Hot {
    /// The chance of a win at all as a 32-bit threshold, or `REPEATS`.
    last: u64,
    /// The amount of a single-chance item with a fixed amount (`plain`).
    amount: f64,
    /// Its week thresholds (single-chance items) from here in `Flat::thresholds`…
    weeks_at: u32,
    /// …and its buckets from here in `Flat::buckets`.
    buckets_at: u32,
    /// The item's shock, or `usize::MAX`.
    shock: usize,
    weeks_len: u8,
    buckets_len: u8,
    source: u8,
    /// A single chance, a fixed amount and week thresholds in order: read from here alone.
    plain: bool,
}

struct Flat {
    hot: Vec<Hot>,
    /// Week thresholds held to 32 bits: a threshold of 2³² (a certain win) becomes 2³² − 1,
    /// which no draw that reaches the plain path equals (see `run_chunk`).
    thresholds: Vec<u32>,
    buckets: Vec<u32>,
}

fn flatten(plan: &Plan, prepared: &[Prepared]) -> Option<Flat> {
    let mut flat = Flat {
        hot: Vec::with_capacity(plan.items.len()),
        thresholds: Vec::new(),
        buckets: Vec::new(),
    };
    for (item, prep) in plan.items.iter().zip(prepared) {
        let (last, th): (u64, &[u64]) = match prep {
            Prepared::Once(th) => (th.last().copied().unwrap_or(0), th),
            Prepared::Repeat(..) | Prepared::Normal(..) => (REPEATS, &[]),
        };
        let amount = match item.amount {
            Amount::Fixed(a) => Some(a),
            Amount::Pool(_) => None,
        };
        let sorted = th.windows(2).all(|w| w[0] <= w[1]);
        flat.hot.push(Hot {
            last,
            amount: amount.unwrap_or(0.0),
            weeks_at: u32::try_from(flat.thresholds.len()).ok()?,
            buckets_at: u32::try_from(flat.buckets.len()).ok()?,
            shock: item.shock.unwrap_or(usize::MAX),
            weeks_len: u8::try_from(th.len()).ok()?,
            buckets_len: u8::try_from(item.buckets.len()).ok()?,
            source: u8::try_from(item.source).ok()?,
            plain: matches!(prep, Prepared::Once(_)) && amount.is_some() && sorted,
        });
        flat.thresholds
            .extend(th.iter().map(|&t| u32::try_from(t).unwrap_or(u32::MAX)));
        flat.buckets.extend_from_slice(&item.buckets);
    }
    Some(flat)
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
                    Prepared::Repeat(..) | Prepared::Normal(..) => REPEATS,
                },
                amount: 0.0,
                weeks_at: 0,
                buckets_at: 0,
                shock: item.shock.unwrap_or(usize::MAX),
                weeks_len: 0,
                buckets_len: 0,
                source: 0,
                plain: false,
            })
            .collect(),
        thresholds: Vec::new(),
        buckets: Vec::new(),
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
            let shock = hot.shock;
            let u = if last == REPEATS {
                0
            } else {
                // u < p·m ⇔ u/m < p: scaling the draw scales every week's chance.
                let u = u64::from(rng.next_u32());
                let u = if shock == usize::MAX {
                    u
                } else {
                    (u as f64 * inverse[shock]) as u64
                };
                if u >= last {
                    continue;
                }
                u
            };
            // A draw of 2³² − 1 is the one a held threshold could misread: it takes the general
            // path, which reads the exact thresholds.
            if hot.plain && u < u64::from(u32::MAX) {
                // The thresholds are in order: the weeks at or below the draw are the weeks
                // before the win, counted without a search's chain of dependent reads.
                let u = u as u32;
                let at = hot.weeks_at as usize;
                let th = &flat.thresholds[at..at + usize::from(hot.weeks_len)];
                let week: usize = th.iter().map(|&t| usize::from(t <= u)).sum();
                let at = hot.buckets_at as usize;
                let source = usize::from(hot.source);
                row[0] += hot.amount;
                row[1 + source] += hot.amount;
                for b in &flat.buckets[at..at + usize::from(hot.buckets_len)] {
                    row[4 + *b as usize] += hot.amount;
                }
                week_row[week.min(weeks - 1) * 3 + source] += hot.amount;
                continue;
            }
            let item = &plan.items[i];
            let add = |amount: f64, week: usize, row: &mut [f64], week_row: &mut [f64]| {
                row[0] += amount;
                row[1 + item.source] += amount;
                for b in &item.buckets {
                    row[4 + *b as usize] += amount;
                }
                week_row[week.min(weeks - 1) * 3 + item.source] += amount;
            };
            match &prepared[i] {
                Prepared::Once(th) => {
                    let week = th.partition_point(|&t| t <= u);
                    let amount = match item.amount {
                        Amount::Fixed(a) => a,
                        Amount::Pool(p) => pick(&plan.pools[p], &mut rng),
                    };
                    add(amount, week, row, week_row);
                }
                Prepared::Normal(mean, variance) => {
                    let m = if shock == usize::MAX {
                        1.0
                    } else {
                        multipliers[shock]
                    };
                    let z: f64 = StandardNormal.sample(&mut rng);
                    let total = (m * mean + (m * variance).sqrt() * z).max(0.0);
                    add(total, weeks - 1, row, week_row);
                }
                Prepared::Repeat(mean, large, th) => {
                    let m = if shock == usize::MAX {
                        1.0
                    } else {
                        multipliers[shock]
                    };
                    let count = if m == 1.0 {
                        poisson(*mean, large.as_ref(), &mut rng, &mut exp)
                    } else {
                        let mean = mean * m;
                        let large = (mean >= 12.0).then(|| Poisson::new(mean).ok()).flatten();
                        poisson(mean, large.as_ref(), &mut rng, &mut exp)
                    };
                    for _ in 0..count {
                        let week = week_of(th, u64::from(rng.next_u32()));
                        let amount = match item.amount {
                            Amount::Fixed(a) => a,
                            Amount::Pool(p) => pick(&plan.pools[p], &mut rng),
                        };
                        add(amount, week, row, week_row);
                    }
                }
            }
        }
    }
    out
}

fn pick(pool: &[f64], rng: &mut ChaCha8Rng) -> f64 {
    if pool.is_empty() {
        0.0
    } else {
        pool[rng.random_range(0..pool.len())]
    }
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

/// Runs `trials` trials of the plan. `detail` adds the breakdown buckets and weekly path;
/// without it only the total is meaningful, and large groups of items are summed by the
/// normal approximation.
pub fn simulate(plan: &Plan, trials: usize, seed: u64, detail: bool) -> Simulated {
    simulate_on(plan, trials, seed, detail, true)
}

/// `simulate`, with `flat` false sending every item down the general path (to check both give
/// the same numbers).
fn simulate_on(plan: &Plan, trials: usize, seed: u64, detail: bool, flat: bool) -> Simulated {
    let aggregated;
    let plan = if detail {
        plan
    } else {
        aggregated = aggregate(plan);
        &aggregated
    };
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
        let exact = simulate(&plan, 4_000, 3, true).total;
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
            assert_eq!(
                simulate_on(&plan, 3_000, 11, detail, true),
                simulate_on(&plan, 3_000, 11, detail, false)
            );
        }
    }

    #[test]
    fn quantiles_are_nearest_rank() {
        let mut v: Vec<f64> = (1..=11).map(f64::from).rev().collect();
        let r = range_of(&mut v);
        assert_eq!((r.p10, r.p50, r.p90, r.mean), (2.0, 6.0, 10.0, 6.0));
    }
}
