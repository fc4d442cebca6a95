//! The hot loop: every trial walks every item, the plain single-chance ones from a flat
//! layout, and hands the rest to the general path.

use super::super::plan::{Amount, Plan};
use super::general::{draw_general, LastExp, Trial};
use super::prepared::{hold, weeks_before, Prepared, BLOCK};
use super::summary::Trials;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// Marks an item that may win more than once in the hot loop.
const REPEATS: u64 = u64::MAX;

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

/// Items that add to the same lines (a source and the same breakdown buckets): a win on the
/// plain path adds to its group's tally, and each trial spreads the tallies over the lines
/// once at its end.
struct Group {
    source: usize,
    buckets: Vec<u32>,
}

pub(super) struct Flat {
    hot: Vec<Hot>,
    /// Week thresholds held to 32 bits: a threshold of 2³² (a certain win) becomes 2³² − 1,
    /// which no draw that reaches the plain path equals (see `run_chunk`). Each item's list is
    /// padded to whole blocks with 2³² − 1, which no such draw reaches either.
    thresholds: Vec<u32>,
    groups: Vec<Group>,
}

pub(super) fn flatten(plan: &Plan, prepared: &[Prepared]) -> Option<Flat> {
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

/// Every item on the general path.
pub(super) fn all_general(plan: &Plan, prepared: &[Prepared]) -> Flat {
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

pub(super) fn run_chunk(
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
