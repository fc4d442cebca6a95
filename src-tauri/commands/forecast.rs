//! The forecast with its track record, and the scoreboard built on it.

use super::error::{parse, CommandError, ErrorKind};
use super::AppState;
use chrono::NaiveDate;
use partnerboard_core::clock::today;
use partnerboard_core::domain::forecast::backtest::Point;
use partnerboard_core::domain::forecast::compare::{partner_vs_direct, PartnerVsDirect};
use partnerboard_core::domain::forecast::{self, Forecast, Method, Request, SourceLine, Timeline};
use partnerboard_core::domain::readiness::Band;
use partnerboard_core::domain::scoreboard::{self, ReadinessCounts, Scoreboard};
use partnerboard_core::domain::validate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::State;

/// What the Forecast screen asks for; every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ask {
    as_of: Option<String>,
    window_days: Option<i64>,
    /// "auto", "stage", "calibrated" or "run_rate".
    method: Option<String>,
    seed: Option<u64>,
}

fn request(value: Value) -> Result<Request, CommandError> {
    let ask: Ask = if value.is_null() {
        Ask::default()
    } else {
        parse("forecast request", value)?
    };
    let as_of = ask
        .as_of
        .filter(|s| !s.trim().is_empty())
        .map(|s| validate::date("as_of", "The as-of date", &s))
        .transpose()?;
    let method = match ask.method.as_deref().map(str::trim) {
        None | Some("" | "auto") => None,
        Some(m) => Some(Method::parse(m).ok_or_else(|| {
            CommandError::new(
                ErrorKind::InvalidInput,
                format!("“{m}” is not a forecast method: use auto, stage, calibrated or run_rate."),
            )
        })?),
    };
    Ok(Request {
        as_of,
        window_days: ask.window_days,
        method,
        seed: ask.seed,
    })
}

#[derive(Debug, Serialize)]
pub struct MethodScore {
    pub method: Method,
    pub label: &'static str,
    pub wape: f64,
    pub bias: f64,
    pub coverage: f64,
    pub origins: usize,
    pub independent_windows: usize,
    pub points: Vec<Point>,
}

#[derive(Debug, Serialize)]
pub struct ForecastView {
    pub forecast: Forecast,
    pub backtest: Vec<MethodScore>,
    pub partner_vs_direct: PartnerVsDirect,
    /// The first and last day of the deal history: the as-of dates that can be chosen.
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

fn compute(timeline: &Timeline, request: &Request) -> Result<ForecastView, CommandError> {
    let (forecast, backtest) = forecast::run(timeline, request, today())?;
    let span = timeline.known_range();
    let known = timeline.as_of(forecast.as_of);
    Ok(ForecastView {
        partner_vs_direct: partner_vs_direct(&known, forecast.as_of, forecast.seed),
        backtest: backtest
            .records
            .into_iter()
            .filter(|r| r.line == SourceLine::Total)
            .map(|r| MethodScore {
                method: r.method,
                label: r.method.label(),
                wape: r.wape,
                bias: r.bias,
                coverage: r.coverage,
                origins: r.origins,
                independent_windows: r.independent_windows,
                points: r.points,
            })
            .collect(),
        forecast,
        first_day: span.map(|s| s.0),
        last_day: span.map(|s| s.1),
    })
}

/// Runs heavy numeric work off the command thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        CommandError::new(ErrorKind::Workspace, format!("The forecast stopped: {e}"))
    })?
}

/// The forecast as of a date over a window, with every method's backtest and partner vs
/// direct.
#[tauri::command]
pub async fn forecast_get(
    state: State<'_, AppState>,
    request_json: Value,
) -> Result<ForecastView, CommandError> {
    let request = request(request_json)?;
    let history = state.with(|ws| Ok(ws.forecast_history()?))?;
    blocking(move || compute(&history, &request)).await
}

/// The scoreboard's revenue lines as of a date.
#[tauri::command]
pub async fn scoreboard_get(
    state: State<'_, AppState>,
    request_json: Value,
) -> Result<Scoreboard, CommandError> {
    let request = request(request_json)?;
    let (history, allocation, members) = state.with(|ws| {
        let history = ws.forecast_history()?;
        let scored = state.scored(ws)?;
        let plan = ws.saved_capacity_plan(&scored)?;
        Ok((history, plan.allocation, ws.team()?.len()))
    })?;
    let (history, forecast) = blocking(move || {
        let (forecast, _) = forecast::run(&history, &request, today())?;
        Ok((history, forecast))
    })
    .await?;
    // Readiness is counted as of the forecast's date, like every other line of the scoreboard.
    let readiness = state.with(|ws| {
        let mut counts = ReadinessCounts::default();
        for row in ws.readiness(forecast.as_of)? {
            match row.band {
                Some(Band::Active) => counts.active += 1,
                Some(Band::Nurture) => counts.nurture += 1,
                Some(Band::Offboard) => counts.offboard += 1,
                None => counts.unreviewed += 1,
            }
        }
        Ok(counts)
    })?;
    blocking(move || {
        let left_out = history.left_out.clone();
        let history = history.as_of(forecast.as_of);
        let pvd = partner_vs_direct(&history, forecast.as_of, forecast.seed);
        Ok(scoreboard::build(scoreboard::Inputs {
            history: &history,
            as_of: forecast.as_of,
            forecast: &forecast,
            partner_vs_direct: pvd,
            readiness,
            allocation: &allocation,
            members,
            left_out: left_out.as_deref(),
        }))
    })
    .await
}
