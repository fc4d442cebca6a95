//! The one table every benchmark prints: what was measured, its budget, the median and the
//! ratio to the budget (at most 1.00 meets it, whatever the unit); peers as ratios; scaling
//! with the growth fitted on a log-log scale. With `PARTNERBOARD_BENCH_TABLE` set to a file,
//! each line is also appended there, so `benches/run.sh` can print the whole run at the end.

#![allow(dead_code)]

use std::io::Write;
use std::time::Instant;

/// What a budget bounds.
#[derive(Clone, Copy)]
pub enum Unit {
    /// Milliseconds, at most the budget.
    Ms,
    /// Megabytes, at most the budget.
    Mb,
    /// Rows per second, at least the budget.
    RowsPerS,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::Mb => "MB",
            Unit::RowsPerS => "rows/s",
        }
    }

    /// Measured over budget as a cost: time and size as they are, throughput inverted.
    fn ratio(self, budget: f64, measured: f64) -> f64 {
        match self {
            Unit::Ms | Unit::Mb => measured / budget,
            Unit::RowsPerS => budget / measured,
        }
    }
}

fn emit(line: &str) {
    println!("{line}");
    if let Some(path) = std::env::var_os("PARTNERBOARD_BENCH_TABLE") {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path);
        if let Ok(mut f) = file {
            let _ = writeln!(f, "{line}");
        }
    }
}

fn number(v: f64) -> String {
    if !v.is_finite() {
        "n/a".into()
    } else if v >= 10_000.0 {
        let whole = format!("{:.0}", v);
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A section heading, with the column names.
pub fn section(title: &str) {
    emit("");
    emit(&format!("## {title}"));
    emit(&format!(
        "{:<62} {:>16} {:>16} {:>7}  {}",
        "measure", "budget", "median", "ratio", ""
    ));
}

/// One budget line.
pub fn budget(what: &str, unit: Unit, budget: f64, measured: f64) {
    let ratio = unit.ratio(budget, measured);
    let verdict = if !ratio.is_finite() {
        "not measured"
    } else if ratio <= 1.0 {
        "met"
    } else {
        "MISSED"
    };
    let limit = match unit {
        Unit::RowsPerS => "≥",
        _ => "≤",
    };
    emit(&format!(
        "{what:<62} {:>16} {:>16} {ratio:>7.2}  {verdict}",
        format!("{limit} {} {}", number(budget), unit.name()),
        format!("{} {}", number(measured), unit.name()),
    ));
}

/// A measure with no budget of its own, for context.
pub fn info(what: &str, unit: &str, measured: f64) {
    emit(&format!(
        "{what:<62} {:>16} {:>16}",
        "-",
        format!("{} {unit}", number(measured))
    ));
}

/// Ours against a peer on the same input in the same run: the ratio of times (below 1 is
/// faster than the peer).
pub fn peer(what: &str, ours_ms: f64, peer: &str, peer_ms: f64) {
    emit(&format!(
        "peer: {what}: ours {} ms · {peer} {} ms · ratio {:.2}",
        number(ours_ms),
        number(peer_ms),
        ours_ms / peer_ms
    ));
}

/// A line of text in the table (a skipped peer, a note).
pub fn note(text: &str) {
    emit(&format!("note: {text}"));
}

/// The exponent k of time ∝ sizeᵏ, fitted by least squares on log-log.
pub fn growth(points: &[(f64, f64)]) -> f64 {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(n, t)| *n > 0.0 && *t > 0.0)
        .map(|(n, t)| (n.ln(), t.ln()))
        .collect();
    let n = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    sxy / sxx
}

/// Words for a fitted exponent.
pub fn growth_words(k: f64) -> &'static str {
    if k < 0.85 {
        "sub-linear"
    } else if k <= 1.15 {
        "linear"
    } else if k <= 1.35 {
        "slightly super-linear (n log n-like)"
    } else {
        "super-linear"
    }
}

/// One operation at 1×, 10× and 100× its size: the medians, and the growth.
pub fn scaling(what: &str, size_unit: &str, points: &[(f64, f64)]) {
    let cells: Vec<String> = points
        .iter()
        .map(|(n, ms)| format!("{} {size_unit}: {} ms", number(*n), number(*ms)))
        .collect();
    let k = growth(points);
    emit(&format!(
        "scaling: {what}: {} · growth n^{k:.2} ({})",
        cells.join(" · "),
        growth_words(k)
    ));
}

/// Median wall time of `runs` calls, in milliseconds.
pub fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(&mut times)
}

pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
