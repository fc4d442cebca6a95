//! The track record: each method forecast from weekly origins over the history, with only
//! what was known at each origin, scored against what was then won in the window.

use super::history::History;
use super::methods::{build, Method};
use super::simulate::{simulate, Range};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Trials per origin: enough for P10 and P90 to settle, few enough for two years of weekly
/// origins to run in well under the budget.
pub(crate) const TRIALS: usize = 400;
/// Closed deals that must be known at an origin before it is scored.
const MIN_CLOSED: usize = 10;
/// Past errors needed before a method's range is widened by them.
const MIN_ERRORS: usize = 8;

/// One weekly backtest: what the method said at an origin and what was then won, as the
/// track-record chart plots it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The day the method forecast from, knowing only what was known then.
    pub origin: NaiveDate,
    /// Its cautious number.
    pub p10: f64,
    /// Its number to plan on.
    pub p50: f64,
    /// Its upside.
    pub p90: f64,
    /// Won amount in the window after the origin.
    pub actual: f64,
}

/// One method's scores over the origins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The method scored.
    pub method: Method,
    /// Σ|forecast − actual| / Σ actual.
    pub wape: f64,
    /// Σ(forecast − actual) / Σ actual: positive means it forecast too much.
    pub bias: f64,
    /// Share of origins whose actual fell inside P10–P90.
    pub coverage: f64,
    /// Origins scored.
    pub origins: usize,
    /// Every origin's forecast and actual, oldest first.
    pub points: Vec<Point>,
}

/// Every method's track record on the workspace's own history: what recommends a method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The last day the backtest read: no origin's window runs past it.
    pub as_of: NaiveDate,
    /// The window each origin forecast.
    pub window_days: i64,
    /// One per method, in `Method::ALL` order; empty when the history is too short.
    pub records: Vec<Record>,
    /// Why there is no backtest, when history is too short.
    pub too_short: Option<String>,
}

impl Backtest {
    /// The method's scores, if it was backtested.
    pub(crate) fn record(&self, method: Method) -> Option<&Record> {
        self.records.iter().find(|r| r.method == method)
    }

    /// The method with the lowest WAPE.
    pub fn recommended(&self) -> Option<Method> {
        self.records
            .iter()
            .filter(|r| r.wape.is_finite())
            .min_by(|a, b| a.wape.total_cmp(&b.wape))
            .map(|r| r.method)
    }
}

/// Only the most recent finished windows speak for a method's errors, so the band follows
/// the business as it changes.
const RECENT_ERRORS: usize = 1000;
/// The band assumed until a method has `MIN_ERRORS` finished windows of its own: actuals
/// between 75% and 130% of the P50.
pub(crate) const PRIOR_BAND: (f64, f64) = (1.0, 1.0);

/// How far actuals fell from the P50 in the past, as ratios actual / P50 at P10 and P90,
/// from the latest origins whose window had ended by `origin`; the prior band until there
/// are enough of them.
pub(crate) fn error_band(points: &[Point], origin: NaiveDate, window: i64) -> (f64, f64) {
    let finished: Vec<&Point> = points
        .iter()
        .filter(|p| p.origin + Duration::days(window) <= origin && p.p50 > 0.0)
        .collect();
    if finished.len() < MIN_ERRORS {
        return PRIOR_BAND;
    }
    let mut ratios: Vec<f64> = finished
        .iter()
        .rev()
        .take(RECENT_ERRORS)
        .map(|p| p.actual / p.p50)
        .collect();
    let r = super::simulate::range_of(&mut ratios);
    (r.p10, r.p90)
}

/// Widens a simulated range where the method's past errors were wider.
pub(crate) fn widen(raw: Range, (lo, hi): (f64, f64)) -> Range {
    Range {
        p10: raw.p10.min(raw.p50 * lo).max(0.0),
        p90: raw.p90.max(raw.p50 * hi),
        ..raw
    }
}

/// The point forecast a method stands behind: run-rate is trailing bookings themselves.
pub(crate) fn centred(method: Method, raw: Range) -> Range {
    if method == Method::RunRate {
        Range {
            p50: raw.mean,
            p10: raw.p10.min(raw.mean),
            p90: raw.p90.max(raw.mean),
            ..raw
        }
    } else {
        raw
    }
}

/// The weekly origins: from one window after the first close, to one window before `as_of`,
/// aligned so the last origin's window ends on `as_of`. `Err` says why there are none.
fn origins(history: &History, as_of: NaiveDate, window: i64) -> Result<Vec<NaiveDate>, String> {
    let Some(first_close) = history.first_close().filter(|c| *c <= as_of) else {
        return Err(
            "No deal had closed by the as-of date, so there is nothing to backtest against.".into(),
        );
    };
    let span = (as_of - first_close).num_days();
    if span < 2 * window {
        return Err(format!(
            "History is too short for a backtest: closed deals span {span} days up to the as-of date, and a backtest needs at least {} (two {window}-day windows).",
            2 * window
        ));
    }
    let first = first_close + Duration::days(window);
    let mut out = Vec::new();
    let mut t = as_of - Duration::days(window);
    while t >= first {
        let closed = history
            .deals
            .iter()
            .filter(|d| {
                d.closed.is_some_and(|c| c <= t) && d.outcome != crate::domain::deals::Outcome::Open
            })
            .count();
        if closed >= MIN_CLOSED {
            out.push(t);
        }
        t -= Duration::days(7);
    }
    out.reverse();
    if out.len() < 4 {
        return Err(format!(
            "History is too short for a backtest: only {} weekly origins have {MIN_CLOSED} closed deals behind them and a full {window}-day window after them.",
            out.len()
        ));
    }
    Ok(out)
}

fn score(method: Method, points: Vec<Point>) -> Record {
    let actual: f64 = points.iter().map(|p| p.actual).sum();
    let abs: f64 = points.iter().map(|p| (p.p50 - p.actual).abs()).sum();
    let signed: f64 = points.iter().map(|p| p.p50 - p.actual).sum();
    let inside = points
        .iter()
        .filter(|p| p.actual >= p.p10 && p.actual <= p.p90)
        .count();
    let ratio = |x: f64| if actual > 0.0 { x / actual } else { f64::NAN };
    Record {
        method,
        wape: ratio(abs),
        bias: ratio(signed),
        coverage: if points.is_empty() {
            0.0
        } else {
            inside as f64 / points.len() as f64
        },
        origins: points.len(),
        points,
    }
}

fn simulate_origins(
    history: &History,
    method: Method,
    origins: &[NaiveDate],
    window: i64,
    seed: u64,
) -> Vec<Range> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut out = vec![Range::default(); origins.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                scope.spawn(move || {
                    origins
                        .iter()
                        .enumerate()
                        .skip(w)
                        .step_by(threads)
                        .map(|(i, &origin)| {
                            let built = build(history, method, origin, window, false);
                            let sim =
                                simulate(&built.plan, TRIALS, seed.wrapping_add(i as u64), false);
                            (i, sim.total)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    out[i] = r;
                }
            }
        }
    });
    out
}

/// Backtests every method as of `as_of` over `window`-day windows.
pub fn run(history: &History, as_of: NaiveDate, window: i64, seed: u64) -> Backtest {
    let mut out = Backtest {
        as_of,
        window_days: window,
        records: Vec::new(),
        too_short: None,
    };
    let origins = match origins(history, as_of, window) {
        Ok(o) => o,
        Err(why) => {
            out.too_short = Some(why);
            return out;
        }
    };
    for method in Method::ALL {
        // The simulations are independent: run them on every core, then widen in order, each
        // origin by the errors of the origins whose window had ended by then.
        let raw = simulate_origins(history, method, &origins, window, seed);
        let mut points: Vec<Point> = Vec::with_capacity(origins.len());
        for (&origin, raw) in origins.iter().zip(raw) {
            let range = widen(centred(method, raw), error_band(&points, origin, window));
            points.push(Point {
                origin,
                p10: range.p10,
                p50: range.p50,
                p90: range.p90,
                actual: history.won_between(origin, window),
            });
        }
        out.records.push(score(method, points));
    }
    out
}
