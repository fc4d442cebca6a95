//! Peak memory of a deals import against the file's size: the budget is about 3× the file plus
//! a constant, even for millions of tiny rows, and with many rows rejected (they are streamed to
//! the report, not held). Each file is imported in a child process of this binary, which
//! reads its own peak resident set (`VmHWM` in /proc/self/status) before and after, so the
//! generation of the files is not counted.
//!
//! `cargo bench -p partnerboard-core --bench import_memory` runs it; with
//! `PARTNERBOARD_BENCH_QUICK=1` the files are a tenth of the size.

#![allow(clippy::unwrap_used)] // a benchmark that cannot run has nothing to report

#[path = "report/mod.rs"]
mod report;

use partnerboard_core::import::{self, ImportOptions, Kind};
use report::Unit;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

/// Memory every import may use whatever the file's size: SQLite's page cache (a workspace
/// opens with `cache_size` 32 MB, which a large transaction fills), as much again for the
/// sorter that rebuilds the indexes after a large load, and 16 MB besides.
const CONSTANT_MB: f64 = 32.0 + 32.0 + 16.0;

/// A kilobyte figure from /proc/self/status (`VmHWM`, `VmRSS`), in megabytes.
fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// In the child: imports `file` into a new workspace and prints "before peak" in MB.
/// Peak memory of one import of `file` into a new workspace, or of its preview.
fn measure(file: &Path, workspace: &Path, preview: bool) {
    let mut ws = partnerboard_core::store::create_new(workspace, "Memory Co").unwrap();
    let before = status_mb("VmRSS:");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let stage_map = std::env::var("PARTNERBOARD_BENCH_STAGE_MAP").unwrap_or_default();
    let opts = ImportOptions {
        as_of: Some(as_of),
        stage_map: import::parse_pairs(&stage_map).unwrap(),
        ..ImportOptions::default()
    };
    let t = std::time::Instant::now();
    if preview {
        let p = import::preview(&ws, Kind::Deals, file, &opts).unwrap();
        let seconds = t.elapsed().as_secs_f64();
        let peak = status_mb("VmHWM:");
        println!("{before} {peak} {} 0 {seconds}", p.total_rows);
        return;
    }
    let r = import::run(
        &mut ws,
        Kind::Deals,
        file,
        &opts,
        as_of,
        &AtomicBool::new(false),
    )
    .unwrap();
    let seconds = t.elapsed().as_secs_f64();
    let peak = status_mb("VmHWM:");
    println!("{before} {peak} {} {} {seconds}", r.inserted, r.rejected);
}

/// Writes `rows` tiny deal rows (an id, a one-letter account, an amount, a date); every
/// `bad`th row has an amount that is refused. Written as it goes, so little is held.
fn tiny(file: &Path, rows: usize, bad: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    writeln!(out, "id,account,amount,created").unwrap();
    for i in 0..rows {
        let amount = if bad > 0 && i % bad == 0 { "5k" } else { "100" };
        writeln!(
            out,
            "{i:x},{},{amount},2026-{:02}-{:02}",
            (b'A' + (i % 26) as u8) as char,
            1 + i % 10,
            1 + i % 28
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Writes `rows` rows shaped as a CRM pipeline export (about 90 bytes a row).
fn pipeline(file: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    writeln!(
        out,
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"
    )
    .unwrap();
    let stages = ["Won", "Lost", "Engaging", "Prospecting"];
    for i in 0..rows {
        let stage = stages[i % 4];
        let (close, value) = match stage {
            "Won" => ("2026-09-30", "5120"),
            "Lost" => ("2026-09-30", "0"),
            _ => ("", ""),
        };
        let engage = if stage == "Prospecting" {
            ""
        } else {
            "2026-03-02"
        };
        writeln!(
            out,
            "{i:08X},Agent {},GTX Pro,Account {},{stage},{engage},{close},{value}",
            i % 30,
            i % 900
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Writes a file of so many rows.
type Writer = Box<dyn Fn(&Path, usize)>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        let preview = args.get(i + 3).is_some_and(|a| a == "preview");
        measure(Path::new(&args[i + 1]), Path::new(&args[i + 2]), preview);
        return;
    }
    report::section("CSV import: peak memory (VmHWM) against the file's size");
    let scale = if std::env::var_os("PARTNERBOARD_BENCH_QUICK").is_some() {
        10
    } else {
        1
    };
    let dir = tempfile::tempdir().unwrap();
    let stage_map = "Engaging=Qualified,Prospecting=Registered";
    let cases: [(&str, usize, Writer); 3] = [
        ("tiny rows", 2_000_000, Box::new(|f, n| tiny(f, n, 0))),
        (
            "tiny rows, one in two refused",
            2_000_000,
            Box::new(|f, n| tiny(f, n, 2)),
        ),
        ("pipeline export rows", 500_000, Box::new(pipeline)),
    ];
    for (n, (what, rows, write)) in cases.iter().enumerate() {
        let rows = rows / scale;
        let file = dir.path().join(format!("memory-{n}.csv"));
        write(&file, rows);
        let file_mb = std::fs::metadata(&file).unwrap().len() as f64 / 1_048_576.0;
        for step in ["import", "preview"] {
            let out = Command::new(std::env::current_exe().unwrap())
                .env("PARTNERBOARD_BENCH_STAGE_MAP", stage_map)
                .arg("--measure")
                .arg(&file)
                .arg(dir.path().join(format!("memory-{n}-{step}.partnerboard")))
                .arg(step)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let numbers: Vec<f64> = text
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect();
            let [before, peak, inserted, rejected, seconds] = numbers[..] else {
                report::note(&format!(
                    "{what}: the {step} did not finish: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
                continue;
            };
            report::budget(
                &format!("peak memory, {step} of {rows} {what} ({file_mb:.0} MB file)"),
                Unit::Mb,
                3.0 * file_mb + CONSTANT_MB,
                peak - before,
            );
            if step == "preview" {
                continue;
            }
            report::info(
                &format!("  rows kept / refused (peak {peak:.0} MB, before {before:.0} MB)"),
                "rows",
                inserted + rejected,
            );
            report::info(
                "  rows a second, for scale (the speed budget is in the core suite)",
                "rows/s",
                (inserted + rejected) / seconds,
            );
        }
        let _ = std::fs::remove_file(&file);
    }
}
