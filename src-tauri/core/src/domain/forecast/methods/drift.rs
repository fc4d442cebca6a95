//! How much a count of deals moves from one window to the next beyond chance: the shared
//! shock that widens the calibrated method's new pipeline and the run-rate.

use chrono::{Duration, NaiveDate};

/// The drift assumed before the history is long enough to measure it: a window's count moves
/// by about 15% from the one before.
const UNMEASURED_DRIFT: f64 = 0.15;

/// How much a count over `window` days moves from one window to the next beyond chance: the
/// spread (σ of the log) of the ratio of consecutive windows, measured weekly over `dates` up
/// to the origin, less the Poisson part the simulation already draws. With too little
/// history, the error of estimating the rate from the latest window alone.
pub(super) fn drift(dates: &[NaiveDate], origin: NaiveDate, window: i64) -> f64 {
    let count = |a: NaiveDate, b: NaiveDate| {
        (dates.partition_point(|d| *d <= b) - dates.partition_point(|d| *d <= a)) as f64
    };
    let w = Duration::days(window);
    let mut logs = Vec::new();
    let mut chance = 0.0;
    if let Some(&first) = dates.first() {
        let mut s = origin - w;
        while s - w >= first {
            let (before, after) = (count(s - w, s), count(s, s + w));
            if before >= 5.0 && after >= 5.0 {
                logs.push((after / before).ln());
                chance += 1.0 / after;
            }
            s -= Duration::days(7);
        }
    }
    if logs.len() < 4 {
        let latest = count(origin - w, origin).max(1.0);
        return (1.0 / latest).sqrt().max(UNMEASURED_DRIFT);
    }
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (var - chance / n).max(0.0).sqrt()
}
