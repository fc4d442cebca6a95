//! Launch to interactive, measured in the real app under Xvfb: from the moment the app is
//! asked to start to the window's `partnerboard-interactive` performance mark (the first
//! screen drawn from the workspace). Also reports the size of the binary measured.
//!
//! `cargo bench --bench startup` (Linux, with webkit2gtk-driver, xvfb and tauri-driver).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{SystemTime, UNIX_EPOCH};
use support::{missing_prerequisite, Desktop};

const RUNS: usize = 7;
const BUDGET_MS: f64 = 1000.0;
const SIZE_BUDGET_MB: f64 = 20.0;

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Starts the app and returns it with the milliseconds from the request to its
/// `partnerboard-interactive` mark.
async fn launch_timed(desktop: &Desktop, app: &str) -> (fantoccini::Client, f64) {
    let asked = epoch_ms();
    let client = desktop.launch_app(app).await;
    let script = "const m = performance.getEntriesByName('partnerboard-interactive')[0]; return performance.timeOrigin + m.startTime;";
    let interactive = client
        .execute(script, vec![])
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN);
    (client, interactive - asked)
}

/// Waits for a performance mark and returns its time on the page's clock.
async fn wait_mark(client: &fantoccini::Client, name: &str) -> f64 {
    let script = format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[m.length - 1].startTime : null;");
    support::wait_for(name, || async {
        client
            .execute(&script, vec![])
            .await
            .ok()
            .and_then(|v| v.as_f64())
    })
    .await
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Some(reason) = missing_prerequisite() {
        println!("startup bench skipped: {reason}");
        return;
    }
    let app = env!("CARGO_BIN_EXE_partnerboard");
    let desktop = Desktop::start();
    let mut first = None;
    let mut later = Vec::new();
    for run in 0..=RUNS {
        let (client, ms) = launch_timed(&desktop, app).await;
        let _ = client.close().await;
        if run == 0 {
            first = Some(ms);
        } else {
            later.push(ms);
        }
    }
    // A 10,000-partner workspace in place of the demo.
    let path = desktop.workspace();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    drop(
        partnerboard::store::create_demo(
            &path,
            &partnerboard::domain::demo::generate(10_000, 7, as_of),
        )
        .expect("10k demo"),
    );
    let mut big_launch = Vec::new();
    let mut big_screen = Vec::new();
    let mut slider = Vec::new();
    for run in 0..3 {
        let (client, ms) = launch_timed(&desktop, app).await;
        big_launch.push(ms);
        let open = "performance.clearMarks(); const t0 = performance.now(); document.querySelector(\"[data-screen-link='prioritization']\").click(); return t0;";
        let t0 = client
            .execute(open, vec![])
            .await
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN);
        big_screen.push(wait_mark(&client, "partnerboard-prioritization").await - t0);
        if run == 0 {
            for step in 0..15 {
                let drag = format!(
                    "performance.clearMarks('partnerboard-preview'); const s = document.querySelector(\"[data-testid='weight-slider-0']\"); s.value = '{}'; const t0 = performance.now(); s.dispatchEvent(new Event('input')); return t0;",
                    5 + step * 6
                );
                let t0 = client
                    .execute(&drag, vec![])
                    .await
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(f64::NAN);
                slider.push(wait_mark(&client, "partnerboard-preview").await - t0);
            }
        }
        let _ = client.close().await;
    }
    let size_mb = std::fs::metadata(app)
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(f64::NAN);
    let later = median(later);
    let first = first.unwrap_or(f64::NAN);
    println!(
        "{:<48} {:>10} {:>12} {:>8}",
        "measure", "budget", "measured", "ratio"
    );
    row(
        "first launch, creates the demo workspace",
        BUDGET_MS,
        first,
        "ms",
    );
    row(
        &format!("launch to interactive, median of {RUNS}"),
        BUDGET_MS,
        later,
        "ms",
    );
    row(
        "binary size (this build's profile)",
        SIZE_BUDGET_MB,
        size_mb,
        "MB",
    );
    row(
        "10,000 partners: launch to interactive",
        BUDGET_MS,
        median(big_launch),
        "ms",
    );
    row(
        "10,000 partners: prioritization screen drawn",
        BUDGET_MS,
        median(big_screen),
        "ms",
    );
    row(
        "10,000 partners: slider move to redrawn roster",
        50.0,
        median(slider),
        "ms",
    );
}

fn row(what: &str, budget: f64, measured: f64, unit: &str) {
    println!(
        "{what:<48} {budget:>8} {unit} {measured:>9.1} {unit} {:>8.2}",
        measured / budget
    );
}
