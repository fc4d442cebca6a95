//! The track record: each method replayed from past days on which the workspace was told
//! something (an import's as-of day, an edit), reading only what was known on that day, and
//! scored against what was then won in the window, per source line.

use super::history::History;
use super::methods::{build, Method};
use super::simulate::{simulate, Range};
use super::timeline::Timeline;
use crate::domain::deals::Source;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// Trials per origin: enough for P10 and P90 to settle, few enough for two years of weekly
/// origins to run in well under the budget.
pub(crate) const TRIALS: usize = 400;
/// Closed deals that must be known at an origin before it is scored.
const MIN_CLOSED: usize = 10;
/// Past errors needed before a method's range is widened by them, and before its record may
/// recommend it.
const MIN_ERRORS: usize = 8;
/// Origins at least this many days apart: weekly.
const ORIGIN_STEP: i64 = 7;
/// How much lower another method's error must be before the recommendation moves to it.
pub const SWITCH_MARGIN: f64 = 0.10;
/// Finished windows a method's record needs before it may take the recommendation from
/// another: half a year of weekly origins, so a few lucky overlapping windows do not decide.
const MIN_RECORD: usize = 26;
/// The method recommended until any has a record: it reads the most of the history.
const FIRST_CHOICE: Method = Method::Calibrated;

/// The lines a track record is kept for: the total and each source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceLine {
    /// All sources together.
    Total,
    /// Deals a partner brought.
    PartnerSourced,
    /// Deals a partner helped win.
    PartnerInfluenced,
    /// Deals won without a partner.
    Direct,
}

impl SourceLine {
    /// Every line, in the order records and the fan list them.
    pub const ALL: [SourceLine; 4] = [
        Self::Total,
        Self::PartnerSourced,
        Self::PartnerInfluenced,
        Self::Direct,
    ];

    /// As screens and exports name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Total => "All sources",
            Self::PartnerSourced => "Partner-sourced",
            Self::PartnerInfluenced => "Partner-influenced",
            Self::Direct => "Direct",
        }
    }

    /// Whether a deal of `source` adds to this line.
    fn counts(self, source: Source) -> bool {
        match self {
            Self::Total => true,
            Self::PartnerSourced => source == Source::PartnerSourced,
            Self::PartnerInfluenced => source == Source::PartnerInfluenced,
            Self::Direct => source == Source::Direct,
        }
    }

    /// The line's range in a simulation.
    fn of(self, sim: &super::simulate::Simulated) -> Range {
        match self {
            Self::Total => sim.total,
            Self::PartnerSourced => sim.sources[0],
            Self::PartnerInfluenced => sim.sources[1],
            Self::Direct => sim.sources[2],
        }
    }
}

/// One replayed origin: what the method said then and what was then won, as the track-record
/// chart plots it.
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
    /// Won amount in the window after the origin, as known on the backtest's as-of day.
    pub actual: f64,
}

/// One method's scores on one line over the origins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The method scored.
    pub method: Method,
    /// The line scored.
    pub line: SourceLine,
    /// Average error: Σ|P50 − actual| / Σ actual.
    pub wape: f64,
    /// Σ(P50 − actual) / Σ actual: positive means it forecast too much.
    pub bias: f64,
    /// Share of origins whose actual fell inside P10–P90.
    pub coverage: f64,
    /// Origins scored.
    pub origins: usize,
    /// Origins whose windows do not overlap one another: how many independent tries the
    /// record rests on.
    pub independent_windows: usize,
    /// Every origin's forecast and actual, oldest first.
    pub points: Vec<Point>,
}

/// The method the record recommends for a line, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The line it is recommended for.
    pub line: SourceLine,
    /// The method.
    pub method: Method,
    /// Why, in a sentence.
    pub reason: String,
}

/// Every method's track record on the workspace's own history: what recommends a method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The last day the backtest read: no origin's window runs past it.
    pub as_of: NaiveDate,
    /// The window each origin forecast.
    pub window_days: i64,
    /// One per method and line, methods in `Method::ALL` order, lines in `SourceLine::ALL`
    /// order within each; empty when the history is too short.
    pub records: Vec<Record>,
    /// Per line, the method its record recommends; empty when the history is too short.
    pub recommendations: Vec<Recommendation>,
    /// Following the recommendation as it stood at each origin (switching only by a clear
    /// margin), per line: the record of the choice itself, which can be worse than the best
    /// single method in hindsight.
    pub followed: Vec<Record>,
    /// Why there is no backtest, when history is too short.
    pub too_short: Option<String>,
}

impl Backtest {
    /// The method's scores on a line, if it was backtested.
    pub fn record_on(&self, method: Method, line: SourceLine) -> Option<&Record> {
        self.records
            .iter()
            .find(|r| r.method == method && r.line == line)
    }

    /// The method's scores on the total, if it was backtested.
    pub(crate) fn record(&self, method: Method) -> Option<&Record> {
        self.record_on(method, SourceLine::Total)
    }

    /// The recommendation for a line, once the record can make one.
    pub fn recommendation(&self, line: SourceLine) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.line == line)
    }

    /// The method recommended for the total.
    pub fn recommended(&self) -> Option<Method> {
        self.recommendation(SourceLine::Total).map(|r| r.method)
    }
}

/// Only the most recent finished windows speak for a method's errors, so the band follows
/// the business as it changes.
const RECENT_ERRORS: usize = 1000;
/// The share of past errors the band leaves out. Errors are taken either way (as the size of
/// the log of actual / P50), since a method that under-forecast last quarter may over-forecast
/// the next: the band reaches as far as three in four past misses did, each side.
const BAND_TAIL: f64 = 0.25;
/// The band assumed until a method has `MIN_ERRORS` finished windows of its own: a 90-day
/// window's bookings routinely land a fifth either side of the simulation's median.
pub(crate) const PRIOR_BAND: (f64, f64) = (0.8, 1.25);

/// Points whose window had ended by `day`.
fn finished(points: &[Point], day: NaiveDate, window: i64) -> impl Iterator<Item = &Point> {
    points
        .iter()
        .filter(move |p| p.origin + Duration::days(window) <= day)
}

/// How far actuals fell from the P50 in the past, as a band of ratios actual / P50 around 1,
/// from the origins whose window had ended by `origin`; the prior band until there are
/// enough of them.
pub(crate) fn error_band(points: &[Point], origin: NaiveDate, window: i64) -> (f64, f64) {
    let done: Vec<&Point> = finished(points, origin, window)
        .filter(|p| p.p50 > 0.0)
        .collect();
    if done.len() < MIN_ERRORS {
        return PRIOR_BAND;
    }
    let mut misses: Vec<f64> = done
        .iter()
        .rev()
        .take(RECENT_ERRORS)
        .map(|p| (p.actual / p.p50).max(1e-9).ln().abs())
        .collect();
    misses.sort_unstable_by(f64::total_cmp);
    let k = quantile(&misses, 1.0 - BAND_TAIL).exp();
    (1.0 / k, k)
}

/// The `q` quantile of sorted `values`, interpolated between neighbours.
fn quantile(values: &[f64], q: f64) -> f64 {
    let at = q * (values.len().saturating_sub(1)) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    match (values.get(lo), values.get(hi)) {
        (Some(a), Some(b)) => a + (b - a) * (at - lo as f64),
        _ => 1.0,
    }
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

/// The origins: days on which the workspace was told something, at least a week apart, the
/// latest one window before `as_of`, each with enough closed deals known that day. `Err` says
/// why there are none.
fn origins(
    known: &Timeline,
    now: &History,
    as_of: NaiveDate,
    window: i64,
) -> Result<Vec<NaiveDate>, String> {
    if now.first_close().is_none() {
        return Err(
            "No deal had closed by the as-of date, so there is nothing to backtest against.".into(),
        );
    }
    let days = known.known_days();
    let mut out = Vec::new();
    let mut t = as_of - Duration::days(window);
    while let Some(&day) = days.iter().rev().find(|d| **d <= t) {
        if known.closed_by(day) < MIN_CLOSED {
            break;
        }
        out.push(day);
        t = day - Duration::days(ORIGIN_STEP);
    }
    out.reverse();
    if out.len() < 4 {
        let first = days.first().copied().unwrap_or(as_of);
        return Err(format!(
            "No honest track record yet: a backtest replays the deals as they were known on past days, and only {} such days (a week apart, with {MIN_CLOSED} closed deals known and a full {window}-day window after them) are on record. The workspace has known its deals since {first}; import earlier exports with their own as-of dates to build one.",
            out.len()
        ));
    }
    Ok(out)
}

/// Origins at least one window apart, counted from the oldest: independent tries.
fn independent(points: &[Point], window: i64) -> usize {
    let mut n = 0;
    let mut next = None;
    for p in points {
        if next.is_none_or(|d| p.origin >= d) {
            n += 1;
            next = Some(p.origin + Duration::days(window));
        }
    }
    n
}

fn score(method: Method, line: SourceLine, points: Vec<Point>, window: i64) -> Record {
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
        line,
        wape: ratio(abs),
        bias: ratio(signed),
        coverage: if points.is_empty() {
            0.0
        } else {
            inside as f64 / points.len() as f64
        },
        origins: points.len(),
        independent_windows: independent(&points, window),
        points,
    }
}

/// Each origin's simulated lines, per method, on every core. Each origin's view of the deals
/// is built once, shared by the methods, and dropped before the next: views are never all
/// held at once.
fn simulate_origins(
    known: &Timeline,
    origins: &[NaiveDate],
    window: i64,
    seed: u64,
) -> Vec<[[Range; 4]; Method::ALL.len()]> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut out = vec![[[Range::default(); 4]; Method::ALL.len()]; origins.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                scope.spawn(move || {
                    origins
                        .iter()
                        .enumerate()
                        .skip(w)
                        .step_by(threads)
                        .map(|(i, origin)| {
                            let view = known.as_of(*origin);
                            // Seeded by the day, so an origin draws the same trials in every
                            // backtest that replays it.
                            let day_seed = seed.wrapping_add(origin.num_days_from_ce() as u64);
                            let lines = Method::ALL.map(|method| {
                                let built = build(&view, method, *origin, window, false);
                                let sim = simulate(&built.plan, TRIALS, day_seed, false);
                                SourceLine::ALL.map(|l| l.of(&sim))
                            });
                            (i, lines)
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

/// Won amount of a line in the days after `origin` up to `origin + window`, as known now.
fn won_on_line(now: &History, line: SourceLine, origin: NaiveDate, window: i64) -> f64 {
    let end = origin + Duration::days(window);
    now.deals
        .iter()
        .filter(|d| line.counts(d.source) && d.has_amount())
        .filter(|d| d.won_on().is_some_and(|w| w > origin && w <= end))
        .map(|d| d.amount)
        .sum()
}

/// WAPE of the points whose window had ended by `day`, if there are enough of them.
fn wape_by(points: &[Point], day: NaiveDate, window: i64) -> Option<f64> {
    let done: Vec<&Point> = finished(points, day, window).collect();
    let actual: f64 = done.iter().map(|p| p.actual).sum();
    (done.len() >= MIN_RECORD && actual > 0.0)
        .then(|| done.iter().map(|p| (p.p50 - p.actual).abs()).sum::<f64>() / actual)
}

/// Walks the origins in order, recommending at each the method with the lowest error on the
/// windows finished by then, but moving away from the one recommended only when another is
/// lower by `SWITCH_MARGIN`. Returns the recommendation on `as_of` with its reason, and the
/// record of having followed it.
fn follow(
    line: SourceLine,
    records: &[&Record],
    as_of: NaiveDate,
    window: i64,
) -> (Recommendation, Record) {
    let mut current = FIRST_CHOICE;
    let mut points = Vec::new();
    let origins: Vec<NaiveDate> = records
        .first()
        .map(|r| r.points.iter().map(|p| p.origin).collect())
        .unwrap_or_default();
    let choose = |current: Method, day: NaiveDate| -> Method {
        let errors: Vec<(Method, f64)> = records
            .iter()
            .filter_map(|r| Some((r.method, wape_by(&r.points, day, window)?)))
            .collect();
        let Some(&(best, low)) = errors.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
            return current;
        };
        match errors.iter().find(|e| e.0 == current) {
            Some(&(_, held)) if low >= held * (1.0 - SWITCH_MARGIN) => current,
            _ => best,
        }
    };
    for (i, origin) in origins.iter().enumerate() {
        current = choose(current, *origin);
        if let Some(r) = records.iter().find(|r| r.method == current) {
            points.push(r.points[i].clone());
        }
    }
    let before = current;
    current = choose(current, as_of);
    let record = |m: Method| records.iter().find(|r| r.method == m);
    let reason = match (
        record(current),
        wape_by(
            record(current).map_or(&[][..], |r| &r.points),
            as_of,
            window,
        ),
    ) {
        (Some(r), Some(w)) => {
            let others: Vec<String> = records
                .iter()
                .filter(|o| o.method != current)
                .filter_map(|o| {
                    Some(format!(
                        "{} {:.0}%",
                        o.method.label().to_lowercase(),
                        wape_by(&o.points, as_of, window)? * 100.0
                    ))
                })
                .collect();
            let held = if before == current && current != FIRST_CHOICE {
                format!(
                    " It stays until another method's error is at least {:.0}% lower.",
                    SWITCH_MARGIN * 100.0
                )
            } else {
                String::new()
            };
            format!(
                "Lowest average error on the {} line: {:.0}% over {} past origins ({}).{held}",
                line.label().to_lowercase(),
                w * 100.0,
                finished(&r.points, as_of, window).count(),
                if others.is_empty() {
                    "no other method scored".to_string()
                } else {
                    others.join(", ")
                }
            )
        }
        _ => format!(
            "{} by default: too few finished windows to compare methods yet.",
            current.label()
        ),
    };
    (
        Recommendation {
            line,
            method: current,
            reason,
        },
        score(current, line, points, window),
    )
}

/// Backtests every method as of `as_of` over `window`-day windows, reading `known` (which
/// should hold nothing after `as_of`) only through its as-of views.
pub fn run(known: &Timeline, as_of: NaiveDate, window: i64, seed: u64) -> Backtest {
    let mut out = Backtest {
        as_of,
        window_days: window,
        records: Vec::new(),
        recommendations: Vec::new(),
        followed: Vec::new(),
        too_short: None,
    };
    let now = known.as_of(as_of);
    let origins = match origins(known, &now, as_of, window) {
        Ok(o) => o,
        Err(why) => {
            out.too_short = Some(why);
            return out;
        }
    };
    let actuals: Vec<[f64; 4]> = origins
        .iter()
        .map(|o| SourceLine::ALL.map(|l| won_on_line(&now, l, *o, window)))
        .collect();
    // The simulations are independent: run them on every core, then widen in order, each
    // origin by the errors of the origins whose window had ended by then.
    let raw = simulate_origins(known, &origins, window, seed);
    for (m, method) in Method::ALL.into_iter().enumerate() {
        for (k, line) in SourceLine::ALL.into_iter().enumerate() {
            let mut points: Vec<Point> = Vec::with_capacity(origins.len());
            for (i, origin) in origins.iter().enumerate() {
                let range = widen(
                    centred(method, raw[i][m][k]),
                    error_band(&points, *origin, window),
                );
                points.push(Point {
                    origin: *origin,
                    p10: range.p10,
                    p50: range.p50,
                    p90: range.p90,
                    actual: actuals[i][k],
                });
            }
            out.records.push(score(method, line, points, window));
        }
    }
    for line in SourceLine::ALL {
        let of_line: Vec<&Record> = out.records.iter().filter(|r| r.line == line).collect();
        let (recommendation, followed) = follow(line, &of_line, as_of, window);
        out.recommendations.push(recommendation);
        out.followed.push(followed);
    }
    out
}
