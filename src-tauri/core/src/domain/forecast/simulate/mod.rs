//! The seeded Monte Carlo: each trial decides which deals are won inside the window, in
//! which week, and sums them per breakdown. Same plan and seed give the same numbers on any
//! machine: trials run in fixed chunks, each with its own seed, whatever the thread count.

mod aggregate;
mod general;
mod hot;
mod prepared;
mod summary;

#[cfg(test)]
use summary::range_of;
pub use summary::{Range, Simulated};

use super::plan::Plan;
use aggregate::aggregate;
use hot::{all_general, flatten, run_chunk};
use prepared::prepare;
use summary::{summarise, Trials};

/// Trials per chunk: each chunk has its own seed, so the numbers do not depend on the threads.
const CHUNK: usize = 500;

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
        .unwrap_or_else(|| all_general(plan, &prepared));
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

#[cfg(test)]
mod tests;
