//! Forecast budgets (release build, 2 cores): a forecast with 10,000 trials over 5,000 open
//! deals ≤ 250 ms, and a full backtest over two years of weekly origins ≤ 2 s. The history is
//! a generated demo workspace scaled until about 5,000 deals are open at the as-of date.
//!
//! `cargo bench --bench forecast`

use chrono::NaiveDate;
use partnerboard::domain::demo::generate;
use partnerboard::domain::forecast::{self, backtest, history::Standing, Settings, TRIALS};
use partnerboard::store;
use std::time::Instant;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn row(what: &str, budget: f64, measured: f64) {
    println!(
        "{what:<58} {budget:>7.0} ms {measured:>9.1} ms {:>7.3}",
        measured / budget
    );
}

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.partnerboard");
    let ws = store::create_demo(&path, &generate(10_500, 7, as_of)).expect("demo workspace");
    let history = ws.forecast_history().expect("history");
    let (_, last) = history.span().expect("deals");
    let open = history
        .deals
        .iter()
        .filter(|d| matches!(d.standing(last), Standing::Open { .. }))
        .count();
    println!(
        "{} deals, {open} open at {last}; {} trials",
        history.deals.len(),
        TRIALS
    );
    println!(
        "{:<58} {:>10} {:>12} {:>7}",
        "", "budget", "median", "ratio"
    );
    let mut origins = 0;
    let bt_ms = median_ms(3, || {
        let b = backtest::run(&history, last, 90, 7);
        origins = b.records.first().map_or(0, |r| r.origins);
    });
    let bt = backtest::run(&history, last, 90, 7);
    let settings = Settings {
        as_of: last,
        window_days: 90,
        method: None,
        seed: 7,
        trials: TRIALS,
    };
    let fc_ms = median_ms(7, || {
        let f = forecast::forecast(&history, &settings, &bt).expect("forecast");
        std::hint::black_box(f);
    });
    row(
        &format!("forecast, {} trials over {open} open deals", TRIALS),
        250.0,
        fc_ms,
    );
    row(
        &format!("backtest, 3 methods × {origins} weekly origins"),
        2000.0,
        bt_ms,
    );
}
