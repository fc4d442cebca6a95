//! Chart budgets (release build): a 1920×1080 PNG ≤ 100 ms, an SVG ≤ 20 ms, and the full board
//! pack of the demo workspace ≤ 3 s. Every chart in `NAMES` is measured, the forecast fan and
//! the win-rate chart included; gathering each chart's data (the fan runs the forecast and its
//! backtest) is timed per chart.
//!
//! The peer: the same forecast fan drawn by matplotlib from the chart's own CSV.

use crate::report::{self, Unit};
use chrono::NaiveDate;
use partnerboard_core::charts::{self, Theme};
use partnerboard_core::domain::demo::{generate, DEFAULT_PARTNERS, DEFAULT_SEED};
use partnerboard_core::store::create_demo;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// The same forecast fan drawn by matplotlib from the chart's own CSV, in the same run.
fn peer(all: &[(&str, charts::Chart)], theme: &Theme, dir: &std::path::Path) {
    let Some((_, fan)) = all.iter().find(|(n, _)| *n == "forecast-fan") else {
        return;
    };
    let csv = dir.join("fan.csv");
    std::fs::write(&csv, charts::data_csv(fan)).expect("fan csv");
    let ours = time(9, || {
        charts::render_png(fan, theme, 1920, 1080, 1).expect("png")
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/fan_matplotlib.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&csv)
        .arg(dir.join("fan-matplotlib.png"))
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let theirs: f64 = String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            report::peer(
                "forecast fan PNG 1920×1080 from the same CSV",
                ours.as_secs_f64() * 1e3,
                "matplotlib",
                theirs,
            );
        }
        _ => report::note("matplotlib peer skipped: python3 with matplotlib not found"),
    }
}

pub fn run() {
    report::section("Charts (core)");
    let dir = tempfile::tempdir().expect("temp dir");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let ws = create_demo(
        &dir.path().join("demo.partnerboard"),
        &generate(DEFAULT_PARTNERS, DEFAULT_SEED, as_of),
    )
    .expect("demo workspace");
    let theme = Theme::default();
    let all = charts::from_workspace(&ws, as_of).expect("charts");
    let mut worst_png_name = "";
    let mut worst_svg_name = "";
    let mut worst_png = Duration::ZERO;
    let mut worst_svg = Duration::ZERO;
    for (name, chart) in &all {
        let gather_one = time(3, || charts::chart(&ws, name, as_of).expect("chart"));
        let png = time(9, || {
            charts::render_png(chart, &theme, 1920, 1080, 1).expect("png")
        });
        let png2 = time(3, || {
            charts::render_png(chart, &theme, 1920, 1080, 2).expect("png")
        });
        let svg = time(9, || {
            charts::render_svg(chart, &theme, 1920, 1080).expect("svg")
        });
        if png >= worst_png {
            (worst_png, worst_png_name) = (png, name);
        }
        if svg >= worst_svg {
            (worst_svg, worst_svg_name) = (svg, name);
        }
        report::note(&format!(
            "  {name}: gather {:.0} ms · PNG {:.1} ms · PNG 2× {:.1} ms · SVG {:.2} ms",
            gather_one.as_secs_f64() * 1e3,
            png.as_secs_f64() * 1e3,
            png2.as_secs_f64() * 1e3,
            svg.as_secs_f64() * 1e3
        ));
    }
    peer(&all, &theme, dir.path());
    let mut n = 0;
    let pack = time(3, || {
        n += 1;
        let out = dir.path().join(format!("pack-{n}"));
        charts::board_pack(&ws, &out, &theme, as_of, &mut |_| true).expect("pack")
    });
    let gather = time(5, || charts::from_workspace(&ws, as_of).expect("charts"));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    report::budget(
        &format!(
            "PNG chart 1920×1080, slowest of {} ({worst_png_name})",
            all.len()
        ),
        Unit::Ms,
        100.0,
        ms(worst_png),
    );
    report::budget(
        &format!("SVG chart, slowest of {} ({worst_svg_name})", all.len()),
        Unit::Ms,
        20.0,
        ms(worst_svg),
    );
    report::budget(
        "board pack of the demo workspace (every chart, PNG + SVG)",
        Unit::Ms,
        3000.0,
        ms(pack),
    );
    report::info("gathering every chart's data", "ms", ms(gather));
}
