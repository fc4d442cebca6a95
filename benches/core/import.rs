//! CSV import: 100,000 deal rows end to end in the core (read, decode, map, validate, write in
//! one transaction) ≥ 200,000 rows/s, new rows and the same file again as updates; the
//! `sqlite3` shell's `.import` of the same file into a bare table as the floor; and 10,000 /
//! 100,000 / 1,000,000 rows for the growth.

use crate::report::{self, median, median_ms, Unit};
use partnerboard_core::domain::demo::{generate, DemoWorkspace};
use partnerboard_core::import::{self, ImportOptions, Kind};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

const BUDGET_ROWS_PER_S: f64 = 200_000.0;

/// A Salesforce opportunity export of `rows` deals over the demo's partners.
fn export(demo: &DemoWorkspace, rows: usize) -> String {
    let partners: Vec<&str> = demo
        .partners
        .iter()
        .take(50)
        .map(|p| p.name.as_str())
        .collect();
    let stages = [
        "Registered",
        "Qualified",
        "Joint working",
        "Proposal",
        "Commit",
        "Closed Won",
        "Closed Lost",
    ];
    let mut csv = String::from("Opportunity ID,Account Name,Partner Account,Amount,Stage,Created Date,Close Date,Opportunity Owner\n");
    for i in 0..rows {
        let partner = if i % 3 == 0 {
            ""
        } else {
            partners[i % partners.len()]
        };
        csv.push_str(&format!(
            "OPP{i:07},Account {i},{partner},\"${},{:03}.00\",{},{:02}/{:02}/2026,{:02}/{:02}/2026,Owner {}\n",
            1 + i % 90,
            i % 1000,
            stages[i % stages.len()],
            1 + i % 6,
            1 + i % 28,
            7 + i % 6,
            1 + i % 28,
            i % 12
        ));
    }
    csv
}

/// Seconds for a new import of `file` into a fresh demo workspace, then for the same file
/// again (every row an update), then once more as a snapshot a week later.
fn import_once(
    demo: &DemoWorkspace,
    file: &Path,
    rows: usize,
    dir: &Path,
    run: usize,
) -> (f64, f64, f64) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let opts = ImportOptions {
        preset: Some("salesforce".into()),
        ..ImportOptions::default()
    };
    let mut ws =
        partnerboard_core::store::create_demo(&dir.join(format!("b{run}.partnerboard")), demo)
            .expect("workspace");
    let cancel = AtomicBool::new(false);
    let t = Instant::now();
    let r = import::run(&mut ws, Kind::Deals, file, &opts, as_of, &cancel).expect("import");
    let new = t.elapsed().as_secs_f64();
    assert_eq!(r.inserted + r.rejected, rows, "every row accounted for");
    let t = Instant::now();
    let again = import::run(&mut ws, Kind::Deals, file, &opts, as_of, &cancel).expect("re-import");
    let updates = t.elapsed().as_secs_f64();
    assert_eq!(again.updated, r.inserted);
    // A week later the same export is a new snapshot: every deal gets that day's fact.
    let week_later = as_of + chrono::Days::new(7);
    let t = Instant::now();
    let later =
        import::run(&mut ws, Kind::Deals, file, &opts, week_later, &cancel).expect("a week later");
    let snapshot = t.elapsed().as_secs_f64();
    assert_eq!(later.updated, r.inserted);
    (new, updates, snapshot)
}

/// The `sqlite3` shell importing the same file into a bare table of a new database file, in
/// milliseconds (median of `runs`), or why it could not.
fn sqlite3_ms(file: &Path, dir: &Path, runs: usize) -> Result<f64, String> {
    let mut times = Vec::new();
    for run in 0..runs {
        let db = dir.join(format!("peer{run}.db"));
        let script = format!(".mode csv\n.import '{}' deals\n", file.display());
        let t = Instant::now();
        let mut child = Command::new("sqlite3")
            .arg(&db)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                format!("the sqlite3 shell is not installed ({e}); apt-get install sqlite3")
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            stdin
                .write_all(script.as_bytes())
                .map_err(|e| format!("sqlite3: {e}"))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| format!("sqlite3: {e}"))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if !out.status.success() || !out.stderr.is_empty() {
            return Err(format!(
                "sqlite3 failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    Ok(median(&mut times))
}

pub fn run() {
    report::section("CSV import (core)");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let demo = generate(140, 7, as_of);
    let dir = tempfile::tempdir().expect("temp dir");
    let sizes: &[usize] = if crate::quick() {
        &[10_000, 100_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    };
    let mut points = Vec::new();
    for &rows in sizes {
        let file = dir.path().join(format!("deals-{rows}.csv"));
        std::fs::write(&file, export(&demo, rows)).expect("csv written");
        let runs = match rows {
            r if r <= 10_000 => 9,
            r if r <= 100_000 => 5,
            _ => 1,
        };
        let (mut new, mut updates, mut later) = (Vec::new(), Vec::new(), Vec::new());
        for run in 0..runs {
            let (n, u, l) = import_once(&demo, &file, rows, dir.path(), run);
            new.push(n);
            updates.push(u);
            later.push(l);
        }
        let (new, updates, later) = (median(&mut new), median(&mut updates), median(&mut later));
        points.push((rows as f64, new * 1000.0));
        if rows == 100_000 {
            report::budget(
                "import 100,000 new deal rows",
                Unit::RowsPerS,
                BUDGET_ROWS_PER_S,
                rows as f64 / new,
            );
            report::budget(
                "re-import the same 100,000 rows (updates)",
                Unit::RowsPerS,
                BUDGET_ROWS_PER_S,
                rows as f64 / updates,
            );
            report::info(
                "  the same rows a week later (a new fact per deal)",
                "rows/s",
                rows as f64 / later,
            );
            match sqlite3_ms(&file, dir.path(), 5) {
                Ok(peer) => report::peer(
                    "CSV import of the same 100,000 rows",
                    new * 1000.0,
                    "sqlite3 .import into a bare table",
                    peer,
                ),
                Err(why) => report::note(&format!("sqlite3 peer skipped: {why}")),
            }
        }
        for run in 0..runs {
            let _ = std::fs::remove_file(dir.path().join(format!("b{run}.partnerboard")));
        }
    }
    report::scaling("import, new rows", "rows", &points);
    // The file read and written by the app's own path, for scale: a bare read of the bytes.
    let file = dir.path().join("deals-100000.csv");
    let read_ms = median_ms(5, || {
        std::hint::black_box(std::fs::read(&file).expect("read"));
    });
    report::info("  reading the 100,000-row file alone", "ms", read_ms);
}
