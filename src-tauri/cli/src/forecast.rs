//! `forecast` and `backtest`: the forecast with its track record, as JSON.

use partnerboard_core::domain::forecast::{self, Method, Request};
use partnerboard_core::domain::validate;
use partnerboard_core::store;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub struct Options {
    pub as_of: Option<String>,
    pub method: String,
    pub window_days: i64,
    pub seed: Option<u64>,
}

fn request(o: &Options) -> Result<Request, String> {
    let as_of = o
        .as_of
        .as_deref()
        .map(|t| validate::date("as_of", "--as-of", t))
        .transpose()
        .map_err(|e| e.message)?;
    let method = match o.method.as_str() {
        "auto" => None,
        other => Some(Method::parse(other).ok_or_else(|| {
            format!("--method is auto, stage, calibrated or runrate; got “{other}”.")
        })?),
    };
    Ok(Request {
        as_of,
        window_days: Some(o.window_days),
        method,
        seed: o.seed,
    })
}

/// A score, or null when nothing was won to measure it against.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Runs the forecast (or only the backtest) and prints it; errors as `crate::fail` does.
pub fn print(file: &Path, options: &Options, only_backtest: bool) -> ExitCode {
    let request = match request(options) {
        Ok(r) => r,
        Err(e) => return crate::invalid(e),
    };
    let history = match store::open_for_reading(file).and_then(|ws| ws.forecast_history()) {
        Ok(h) => h,
        Err(e) => return crate::fail(e),
    };
    match forecast::run(&history, &request, partnerboard_core::clock::today()) {
        Ok((_, backtest)) if only_backtest => {
            let summary = |r: &forecast::backtest::Record| {
                json!({
                    "method": r.method, "line": r.line, "wape": finite(r.wape), "bias": finite(r.bias),
                    "coverage": r.coverage, "origins": r.origins,
                    "independent_windows": r.independent_windows,
                })
            };
            let methods: Vec<_> = backtest
                .records
                .iter()
                .filter(|r| r.line == forecast::SourceLine::Total)
                .map(summary)
                .collect();
            let records: Vec<_> = backtest.records.iter().map(summary).collect();
            let followed: Vec<_> = backtest.followed.iter().map(summary).collect();
            // Every origin's row, as it was forecast then and as it turned out.
            let rows: Vec<_> = backtest
                .records
                .iter()
                .flat_map(|r| {
                    r.points.iter().map(move |p| {
                        json!({
                            "as_of": p.origin, "method": r.method, "line": r.line,
                            "p10": p.p10, "p50": p.p50, "p90": p.p90, "actual": p.actual,
                        })
                    })
                })
                .collect();
            say!(
                "{}",
                json!({
                    "ok": true, "as_of": backtest.as_of, "window_days": backtest.window_days,
                    "recommended": backtest.recommended(), "recommendations": backtest.recommendations,
                    "methods": methods, "records": records, "followed": followed, "rows": rows,
                    "too_short": backtest.too_short,
                })
            );
            ExitCode::SUCCESS
        }
        Ok((forecast, _)) => {
            say!("{}", json!({ "ok": true, "forecast": forecast }));
            ExitCode::SUCCESS
        }
        Err(e) => crate::invalid(e.message),
    }
}
