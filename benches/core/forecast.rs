//! The forecast: 10,000 trials over about 5,000 open deals ≤ 250 ms, and a full backtest over
//! two years of weekly origins ≤ 2 s. The history is a generated demo workspace scaled until
//! about 5,000 deals are open at the as-of date; the scaling runs copy its open deals 10 and
//! 100 times over the same closed history (the 100× run is timed once).

use crate::report::{self, median_ms, Unit};
use chrono::NaiveDate;
use partnerboard_core::domain::demo::generate;
use partnerboard_core::domain::forecast::history::{History, Standing};
use partnerboard_core::domain::forecast::methods::{self, Method};
use partnerboard_core::domain::forecast::{self, backtest, simulate, Backtest, Settings, TRIALS};
use partnerboard_core::store;
use std::hint::black_box;

fn open_at(history: &History, day: NaiveDate) -> usize {
    history
        .deals
        .iter()
        .filter(|d| matches!(d.standing(day), Standing::Open { .. }))
        .count()
}

/// The history with each deal open on `day` there `times` times.
fn with_open_copies(history: &History, day: NaiveDate, times: usize) -> History {
    let mut out = history.clone();
    for d in &history.deals {
        if matches!(d.standing(day), Standing::Open { .. }) {
            for _ in 1..times {
                out.deals.push(d.clone());
            }
        }
    }
    out
}

fn forecast_ms(history: &History, settings: &Settings, bt: &Backtest, runs: usize) -> f64 {
    median_ms(runs, || {
        black_box(forecast::forecast(history, settings, bt).expect("forecast"));
    })
}

pub fn run() {
    report::section("Forecast (core)");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = store::create_demo(
        &dir.path().join("bench.partnerboard"),
        &generate(10_500, 7, as_of),
    )
    .expect("demo workspace");
    let timeline = ws.forecast_history().expect("history");
    let (_, last) = timeline.known_range().expect("deals");
    // The deals as known on the last snapshot: what the forecast itself reads.
    let history = timeline.as_of(last);
    let open = open_at(&history, last);
    let mut origins = 0;
    let bt_ms = median_ms(3, || {
        let b = backtest::run(&timeline, last, 90, 7);
        origins = b.records.first().map_or(0, |r| r.origins);
    });
    let bt = backtest::run(&timeline, last, 90, 7);
    let settings = Settings {
        as_of: last,
        window_days: 90,
        method: None,
        seed: 7,
        trials: TRIALS,
    };
    let fc_ms = forecast_ms(&history, &settings, &bt, 7);
    let method = bt.recommended().unwrap_or(Method::Calibrated);
    let plan_ms = median_ms(7, || {
        black_box(methods::build(&history, method, last, 90, true));
    });
    let built = methods::build(&history, method, last, 90, true);
    let sim_ms = median_ms(7, || {
        black_box(simulate::simulate(&built.plan, TRIALS, 7, true));
    });
    report::budget(
        &format!(
            "forecast, {TRIALS} trials over {open} open deals ({})",
            method.label()
        ),
        Unit::Ms,
        250.0,
        fc_ms,
    );
    report::info(
        "  of which: the plan (curves, stage factors)",
        "ms",
        plan_ms,
    );
    report::info(
        "  of which: the Monte Carlo and its quantiles",
        "ms",
        sim_ms,
    );
    report::budget(
        &format!(
            "backtest, 3 methods × {origins} weekly origins ({} deals)",
            history.deals.len()
        ),
        Unit::Ms,
        2000.0,
        bt_ms,
    );
    let mut points = vec![(open as f64, fc_ms)];
    let times: &[usize] = if crate::quick() { &[10] } else { &[10, 100] };
    for &times in times {
        let bigger = with_open_copies(&history, last, times);
        let runs = if times >= 100 { 1 } else { 3 };
        points.push((
            open_at(&bigger, last) as f64,
            forecast_ms(&bigger, &settings, &bt, runs),
        ));
    }
    report::scaling(&format!("forecast, {TRIALS} trials"), "open deals", &points);
}
