//! The window's budgets, measured in the real app under Xvfb through WebDriver, beside the
//! floor for this stack (a minimal window from the same Tauri version, `examples/
//! floor_window`) in the same run: launch to interactive (the window's
//! `partnerboard-interactive` performance mark) on the demo workspace and on a 10,000-partner
//! one; idle memory (RSS of the app and its WebKit processes together); the weight slider
//! end to end; the binary size.
//!
//! `cargo build --release --example floor_window && cargo bench --bench startup` (Linux, with
//! webkit2gtk-driver, xvfb and tauri-driver).

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "report/mod.rs"]
mod report;

mod process_tree;

use report::{median, Unit};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::{missing_prerequisite, Desktop};

const RUNS: usize = 7;
const BUDGET_MS: f64 = 1000.0;
const SIZE_BUDGET_MB: f64 = 20.0;
/// How long a window sits after its first screen before its memory is read.
const SETTLE: Duration = Duration::from_secs(2);

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// One launch: milliseconds from the request to the `partnerboard-interactive` mark, and
/// the idle RSS of the process tree in MB when `memory` is asked for.
async fn launch_timed(
    desktop: &Desktop,
    app: &Path,
    memory: bool,
) -> (fantoccini::Client, f64, f64) {
    let asked = epoch_ms();
    let client = desktop.launch_app(&app.display().to_string()).await;
    let script = "const m = performance.getEntriesByName('partnerboard-interactive')[0]; return performance.timeOrigin + m.startTime;";
    let interactive = client
        .execute(script, vec![])
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN);
    let rss = if memory {
        tokio::time::sleep(SETTLE).await;
        process_tree::rss_mb(app).unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    (client, interactive - asked, rss)
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

/// The floor window beside the bench's own binary, when it has been built.
fn floor_window() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let floor = profile_dir.join("examples").join("floor_window");
    floor.is_file().then_some(floor)
}

fn size_mb(path: &Path) -> f64 {
    std::fs::metadata(path)
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(f64::NAN)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    report::section("Window (real app under Xvfb, WebDriver)");
    if let Some(reason) = missing_prerequisite() {
        report::note(&format!("startup bench skipped: {reason}"));
        return;
    }
    let app = PathBuf::from(env!("CARGO_BIN_EXE_partnerboard"));
    let floor = floor_window();
    let desktop = Desktop::start();
    // The first launch creates the demo workspace; the runs after it open it. The floor
    // window is launched between them, so both see the same machine.
    let (client, first, _) = launch_timed(&desktop, &app, false).await;
    let _ = client.close().await;
    // The minimal window's own first launch, on a desktop of its own as fresh as the app's:
    // a first launch pays for more than the app (fresh WebKit data folders, cold caches).
    let floor_first = match &floor {
        Some(f) => {
            let fresh = Desktop::start();
            let (client, ms, _) = launch_timed(&fresh, f, false).await;
            let _ = client.close().await;
            Some(ms)
        }
        None => None,
    };
    let (mut demo, mut demo_rss, mut bare, mut bare_rss) = (vec![], vec![], vec![], vec![]);
    for run in 0..RUNS {
        let memory = run % 2 == 0;
        let (client, ms, rss) = launch_timed(&desktop, &app, memory).await;
        let _ = client.close().await;
        demo.push(ms);
        if memory {
            demo_rss.push(rss);
        }
        if let Some(floor) = &floor {
            let (client, ms, rss) = launch_timed(&desktop, floor, memory).await;
            let _ = client.close().await;
            bare.push(ms);
            if memory {
                bare_rss.push(rss);
            }
        }
    }
    // A 10,000-partner workspace in place of the demo.
    let path = desktop.workspace();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    drop(
        partnerboard_core::store::create_demo(
            &path,
            &partnerboard_core::domain::demo::generate(10_000, 7, as_of),
        )
        .expect("10k demo"),
    );
    let (mut big, mut big_rss, mut big_screen, mut slider) = (vec![], vec![], vec![], vec![]);
    for run in 0..5 {
        let (client, ms, rss) = launch_timed(&desktop, &app, run == 0).await;
        big.push(ms);
        if run == 0 {
            big_rss.push(rss);
        }
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
    let floor_ms = median(&mut bare);
    let floor_rss = median(&mut bare_rss);
    report::budget(
        "first launch on a fresh desktop, creates the demo workspace",
        Unit::Ms,
        BUDGET_MS,
        first,
    );
    report::budget(
        &format!("launch to interactive, demo workspace, median of {RUNS}"),
        Unit::Ms,
        BUDGET_MS,
        median(&mut demo),
    );
    report::budget(
        "launch to interactive, 10,000 partners, median of 5",
        Unit::Ms,
        BUDGET_MS,
        median(&mut big),
    );
    report::budget(
        "10,000 partners: prioritization screen drawn",
        Unit::Ms,
        BUDGET_MS,
        median(&mut big_screen),
    );
    report::budget(
        "weight slider to redrawn roster, 10,000 partners, median of 15",
        Unit::Ms,
        50.0,
        median(&mut slider),
    );
    report::budget(
        "release binary size (partnerboard)",
        Unit::Mb,
        SIZE_BUDGET_MB,
        size_mb(&app),
    );
    report::info(
        "idle RSS, app + WebKit processes, demo workspace",
        "MB",
        median(&mut demo_rss),
    );
    report::info(
        "idle RSS, app + WebKit processes, 10,000 partners",
        "MB",
        median(&mut big_rss),
    );
    match &floor {
        Some(floor) => {
            report::info("floor window: launch to interactive", "ms", floor_ms);
            if let Some(ms) = floor_first {
                report::info("floor window: first launch on a fresh desktop", "ms", ms);
                report::peer("first launch", first, "minimal Tauri window", ms);
            }
            report::info(
                "floor window: idle RSS with its WebKit processes",
                "MB",
                floor_rss,
            );
            report::info("floor window: binary size", "MB", size_mb(floor));
            report::peer(
                "launch to interactive, demo workspace",
                median(&mut demo),
                "minimal Tauri window",
                floor_ms,
            );
            report::note(&format!(
                "idle RSS vs the minimal Tauri window: ratio {:.2} (demo), {:.2} (10,000 partners)",
                median(&mut demo_rss) / floor_rss,
                median(&mut big_rss) / floor_rss
            ));
            report::note(&format!(
                "launch to interactive, 10,000 partners vs the minimal Tauri window: ratio {:.2}",
                median(&mut big) / floor_ms
            ));
        }
        None => report::note(
            "floor window not built: cargo build --release --example floor_window, then run again",
        ),
    }
}
