//! The 90-day forecast: won amount expected in a window after an as-of date, as P10 / P50 /
//! P90, by source, partner, tier and type, from the method with the best track record on the
//! workspace's own history.

pub mod backtest;
pub mod compare;
pub mod history;
pub mod methods;
pub mod plan;
mod pooled;
pub mod simulate;
mod survival;
pub mod timeline;

pub use backtest::{Backtest, SourceLine};
pub use history::History;
use methods::Dimension;
pub use methods::Method;
pub use simulate::Range;
pub use timeline::Timeline;

use super::deals::Outcome;
use super::validate::InvalidInput;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// The window when none is asked for: the quarter ahead.
pub(crate) const DEFAULT_WINDOW: i64 = 90;
/// The longest window: a year.
const MAX_WINDOW: i64 = 365;
/// Trials a forecast draws: enough for its P10 and P90 to hold still from seed to seed.
pub const TRIALS: usize = 10_000;
/// The seed when none is asked for, so the same deals always give the same forecast.
pub(crate) const DEFAULT_SEED: u64 = 20_261_125;

/// What a forecast runs with, every default already chosen (`Request` may leave them out).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The day the forecast stands on: only what was known by its end is read.
    pub as_of: NaiveDate,
    /// Days after `as_of` whose won amount is forecast.
    pub window_days: i64,
    /// `None` lets the backtest choose.
    pub method: Option<Method>,
    /// Same seed, same numbers: a forecast can be reproduced.
    pub seed: u64,
    /// Monte Carlo trials, 1,000 to 100,000: more settle P10 and P90 but take longer.
    pub trials: usize,
}

/// One line of a breakdown (a source, partner, tier or type) with its range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The source, partner, tier or type as shown.
    pub label: String,
    /// Its range, widened by the method's past errors like the total.
    #[serde(flatten)]
    pub range: Range,
}

/// The won amount by the end of one week of the window, cumulative: a point of the fan chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The last day of the week.
    pub ends: NaiveDate,
    /// All sources together.
    pub total: Range,
    /// Deals a partner brought.
    pub partner_sourced: Range,
    /// Deals a partner helped win.
    pub partner_influenced: Range,
    /// Deals won without a partner.
    pub direct: Range,
}

/// A method's track record on one line, without its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackRecord {
    /// The method scored.
    pub method: Method,
    /// The line scored: the total or one source.
    pub line: SourceLine,
    /// Average error: Σ|P50 − actual| / Σ actual over the replayed origins.
    pub wape: f64,
    /// Σ(P50 − actual) / Σ actual: positive means it forecast too much.
    pub bias: f64,
    /// Share of origins whose actual fell inside P10–P90.
    pub coverage: f64,
    /// Weekly origins the scores rest on.
    pub origins: usize,
    /// Of those, origins whose windows do not overlap: the independent tries.
    pub independent_windows: usize,
    /// The window each origin forecast, in days.
    pub window_days: i64,
}

impl TrackRecord {
    /// The record in words, e.g. "average error 20% over 75 weekly origins (8 non-overlapping
    /// quarters)": what the screen, the chart footers and the operating model print.
    pub fn sentence(&self) -> String {
        if !self.wape.is_finite() {
            return format!(
                "no error measurable over {} weekly origins: nothing was won in their windows",
                self.origins
            );
        }
        let windows = match (self.window_days, self.independent_windows) {
            (84..=98, 1) => "1 non-overlapping quarter".to_string(),
            (84..=98, n) => format!("{n} non-overlapping quarters"),
            (w, 1) => format!("1 non-overlapping {w}-day window"),
            (w, n) => format!("{n} non-overlapping {w}-day windows"),
        };
        format!(
            "average error {:.0}% over {} weekly origins ({windows})",
            self.wape * 100.0,
            self.origins
        )
    }
}

/// A forecast as the Forecast screen, the fan chart, the scoreboard and exports show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The day it stands on.
    pub as_of: NaiveDate,
    /// Days ahead it covers.
    pub window_days: i64,
    /// The seed it was drawn with, to reproduce it.
    pub seed: u64,
    /// Trials drawn.
    pub trials: usize,
    /// The method that produced it.
    pub method: Method,
    /// Why this method: chosen by the user, recommended by the backtest, or the only one.
    pub chosen_because: String,
    /// The backtest's pick for the total, shown beside a method the user chose instead.
    pub recommended: Option<Method>,
    /// The number's one-line provenance, e.g. "Calibrated · average error 20% over 75 weekly
    /// origins (8 non-overlapping quarters)".
    pub headline: String,
    /// The partner-sourced line's provenance: the method's record on that line, not the
    /// total's.
    pub partner_headline: String,
    /// The chosen method's backtest scores on the total, once it has any.
    pub track_record: Option<TrackRecord>,
    /// Every method's backtest score on every line, for comparison.
    pub methods: Vec<TrackRecord>,
    /// Per line, the method its own record recommends and why.
    pub recommendations: Vec<backtest::Recommendation>,
    /// Why there is no backtest, when the history is too short for one.
    pub backtest_note: Option<String>,
    /// Won amount expected in the window, all sources.
    pub total: Range,
    /// True when past errors were wider than the simulation and widened the range.
    pub widened: bool,
    /// Partner-sourced, partner-influenced and direct, in that order.
    pub by_source: Vec<Line>,
    /// Per partner, largest first, the smallest summed in one line.
    pub by_partner: Vec<Line>,
    /// Per tier, largest first.
    pub by_tier: Vec<Line>,
    /// Per partner type, largest first.
    pub by_type: Vec<Line>,
    /// The cumulative path week by week.
    pub weekly: Vec<Week>,
    /// Open deals the method counted.
    pub open_deals: usize,
    /// Open deals left out for want of an amount.
    pub excluded_no_amount: usize,
    /// Open deals counted at an amount estimated at import.
    pub estimated_amounts: usize,
    /// Expected won amount from deals not yet created (calibrated only).
    pub new_pipeline: f64,
    /// Caveats printed under the number.
    pub notes: Vec<String>,
}

/// Checks a window length.
fn check_window(days: i64) -> Result<i64, InvalidInput> {
    if !(1..=MAX_WINDOW).contains(&days) {
        return Err(InvalidInput::new(
            "window_days",
            format!("The forecast window is 1 to {MAX_WINDOW} days; {days} is outside that."),
        ));
    }
    Ok(days)
}

/// Checks the as-of date lies between the first and last day the workspace was told anything.
fn check_as_of(timeline: &Timeline, as_of: NaiveDate) -> Result<NaiveDate, InvalidInput> {
    let Some((first, last)) = timeline.known_range() else {
        return Err(InvalidInput::new(
            "deals",
            "There are no deals yet: import or add deals to forecast from.",
        ));
    };
    if as_of < first || as_of > last {
        return Err(InvalidInput::new(
            "as_of",
            format!(
                "The workspace knows its deals from {first} (its first snapshot) to {last} (its latest snapshot or edit); pick an as-of date in that range ({as_of} is outside)."
            ),
        ));
    }
    Ok(as_of)
}

/// The default as-of date for someone standing on `today`: the last day the workspace was
/// told anything, or today when that is earlier, kept no earlier than the first (so a history
/// that ends before today is read as of its last day, never as of the wall clock); today when
/// it was told nothing yet.
pub fn default_as_of(timeline: &Timeline, today: NaiveDate) -> NaiveDate {
    timeline
        .known_range()
        .map_or(today, |(first, last)| today.min(last).max(first))
}

fn record(r: &backtest::Record, window_days: i64) -> TrackRecord {
    TrackRecord {
        method: r.method,
        line: r.line,
        wape: r.wape,
        bias: r.bias,
        coverage: r.coverage,
        origins: r.origins,
        independent_windows: r.independent_windows,
        window_days,
    }
}

/// The track record in words, as printed beside the number.
fn headline(method: Method, record: Option<&TrackRecord>) -> String {
    match record {
        Some(r) => format!("{} · {}", method.label(), r.sentence()),
        None => format!("{} · no track record yet", method.label()),
    }
}

fn lines(
    built: &methods::Built,
    sim: &simulate::Simulated,
    dim: Dimension,
    adjust: &dyn Fn(Range) -> Range,
) -> Vec<Line> {
    let mut out: Vec<Line> = built
        .buckets
        .labels
        .iter()
        .zip(&sim.buckets)
        .filter(|((d, _), r)| *d == dim && r.mean > 0.0)
        .map(|((_, label), r)| Line {
            label: label.clone(),
            range: adjust(*r),
        })
        .collect();
    out.sort_by(|a, b| {
        b.range
            .mean
            .total_cmp(&a.range.mean)
            .then(a.label.cmp(&b.label))
    });
    out
}

/// The forecast as of `settings.as_of`, with the method's backtest beside it.
pub fn forecast(
    history: &History,
    settings: &Settings,
    backtest: &Backtest,
) -> Result<Forecast, InvalidInput> {
    let window = check_window(settings.window_days)?;
    let as_of = settings.as_of;
    if history.deals.is_empty() {
        return Err(InvalidInput::new(
            "deals",
            format!("No deal was known by {as_of}: import or add deals to forecast from."),
        ));
    }
    if !(1_000..=100_000).contains(&settings.trials) {
        return Err(InvalidInput::new(
            "trials",
            "Trials are between 1,000 and 100,000.",
        ));
    }
    let any_closed = history
        .deals
        .iter()
        .any(|d| d.outcome != Outcome::Open && d.closed.is_some_and(|c| c <= as_of));
    let mut notes = Vec::new();
    let (method, chosen_because) = match (settings.method, any_closed) {
        (Some(m @ (Method::Calibrated | Method::RunRate)), false) => {
            return Err(InvalidInput::new(
                "method",
                format!(
                    "{} needs closed deals and none had closed by {as_of}; only the stage-weighted method can forecast this workspace.",
                    m.label()
                ),
            ))
        }
        (Some(m), _) => (m, "chosen".to_string()),
        (None, false) => (
            Method::Stage,
            "Stage-weighted only: no deal has closed yet, so there is no history to calibrate or backtest against.".to_string(),
        ),
        (None, true) => match backtest.recommendation(SourceLine::Total) {
            Some(r) => (r.method, format!("recommended. {}", r.reason)),
            None => (
                Method::Calibrated,
                "no backtest yet, so the calibrated method by default".to_string(),
            ),
        },
    };
    let built = methods::build(history, method, as_of, window, true);
    let sim = simulate::simulate(&built.plan, settings.trials, settings.seed, true);
    let past = backtest.record(method);
    // Each line is widened by the method's own past errors on that line.
    let band_of = |line: SourceLine| {
        backtest
            .record_on(method, line)
            .map_or(backtest::PRIOR_BAND, |r| {
                backtest::error_band(&r.points, as_of, window)
            })
    };
    let bands = SourceLine::ALL.map(band_of);
    let widen_on = |k: usize, r: Range| backtest::widen(backtest::centred(method, r), bands[k]);
    let adjust = |r: Range| widen_on(0, r);
    let total = adjust(sim.total);
    let widened = total.p10 < sim.total.p10 || total.p90 > sim.total.p90;
    let by_source = SourceLine::ALL[1..]
        .iter()
        .zip(sim.sources)
        .enumerate()
        .map(|(k, (line, r))| Line {
            label: line.label().to_string(),
            range: widen_on(k + 1, r),
        })
        .collect();
    let weekly = sim
        .weekly
        .iter()
        .enumerate()
        .map(|(k, w)| Week {
            ends: as_of + Duration::days(((k as i64 + 1) * 7).min(window)),
            total: widen_on(0, w[0]),
            partner_sourced: widen_on(1, w[1]),
            partner_influenced: widen_on(2, w[2]),
            direct: widen_on(3, w[3]),
        })
        .collect();
    // Counted whatever the method, since a method that ignores open deals still leaves them out.
    let no_amount = history
        .deals
        .iter()
        .filter(|d| !d.has_amount())
        .filter(|d| matches!(d.standing(as_of), history::Standing::Open { .. }))
        .count();
    if no_amount > 0 {
        notes.push(format!(
            "{no_amount} open deals have no amount and are left out."
        ));
    }
    if built.estimated > 0 {
        notes.push(format!(
            "{} open deals carry an amount estimated at import from the median won amount.",
            built.estimated
        ));
    }
    if method == Method::Calibrated && built.new_pipeline > 0.0 {
        notes.push(
            "Includes deals not yet created that are expected to be created and won inside the window, at the trailing 90-day creation rate."
                .to_string(),
        );
    }
    let track_record = past.map(|r| record(r, window));
    let partner_headline = headline(
        method,
        backtest
            .record_on(method, SourceLine::PartnerSourced)
            .map(|r| record(r, window))
            .as_ref(),
    );
    Ok(Forecast {
        as_of,
        window_days: window,
        seed: settings.seed,
        trials: settings.trials,
        method,
        chosen_because,
        recommended: backtest.recommended(),
        headline: headline(method, track_record.as_ref()),
        track_record,
        partner_headline,
        methods: backtest.records.iter().map(|r| record(r, window)).collect(),
        recommendations: backtest.recommendations.clone(),
        backtest_note: backtest.too_short.clone(),
        total,
        widened,
        by_source,
        by_partner: lines(&built, &sim, Dimension::Partner, &adjust),
        by_tier: lines(&built, &sim, Dimension::Tier, &adjust),
        by_type: lines(&built, &sim, Dimension::Type, &adjust),
        weekly,
        open_deals: built.open_deals,
        excluded_no_amount: no_amount,
        estimated_amounts: built.estimated,
        new_pipeline: built.new_pipeline,
        notes,
    })
}

/// What a caller asks for; everything left out takes its default.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Defaults to the last day the workspace was told anything (`default_as_of`).
    pub as_of: Option<NaiveDate>,
    /// Defaults to `DEFAULT_WINDOW` days.
    pub window_days: Option<i64>,
    /// `None` lets the backtest choose.
    pub method: Option<Method>,
    /// Defaults to a fixed seed, so asking twice gives the same numbers.
    pub seed: Option<u64>,
}

/// The backtest as of the request's date, then the forecast with its track record. Everything
/// after the first line reads only what was known by the as-of day: the same facts up to that
/// day give the same numbers, whatever was told later.
pub fn run(
    timeline: &Timeline,
    request: &Request,
    today: NaiveDate,
) -> Result<(Forecast, Backtest), InvalidInput> {
    let window = check_window(request.window_days.unwrap_or(DEFAULT_WINDOW))?;
    let as_of = check_as_of(
        timeline,
        request
            .as_of
            .unwrap_or_else(|| default_as_of(timeline, today)),
    )?;
    let known = timeline.known_by(as_of);
    let seed = request.seed.unwrap_or(DEFAULT_SEED);
    let backtest = backtest::run(&known, as_of, window, seed);
    let history = known.as_of(as_of);
    let history = &history;
    let settings = Settings {
        as_of,
        window_days: window,
        method: request.method,
        seed,
        trials: TRIALS,
    };
    let mut forecast = forecast(history, &settings, &backtest)?;
    forecast.notes.extend(timeline.left_out.clone());
    Ok((forecast, backtest))
}

#[cfg(test)]
mod tests;
