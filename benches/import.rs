//! CSV import budget (release build): 100,000 deal rows, end to end in the core (decode, map,
//! validate, write in one transaction) ≥ 200,000 rows/s.
//!
//! `cargo bench --bench import`

use partnerboard::domain::demo::generate;
use partnerboard::import::{self, ImportOptions, Kind};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

const ROWS: usize = 100_000;
const BUDGET_ROWS_PER_S: f64 = 200_000.0;

fn main() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let demo = generate(140, 7, as_of);
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
    for i in 0..ROWS {
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
    let bytes = csv.into_bytes();
    let opts = ImportOptions {
        preset: Some("salesforce".into()),
        ..ImportOptions::default()
    };
    let mut times = Vec::new();
    let mut updates = Vec::new();
    for run in 0..5 {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = partnerboard::store::create_demo(
            &dir.path().join(format!("b{run}.partnerboard")),
            &demo,
        )
        .expect("workspace");
        let t = Instant::now();
        let r = import::run_bytes(
            &mut ws,
            Kind::Deals,
            &bytes,
            None,
            &opts,
            as_of,
            &AtomicBool::new(false),
        )
        .expect("import");
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(r.inserted + r.rejected, ROWS, "every row accounted for");
        let t = Instant::now();
        let again = import::run_bytes(
            &mut ws,
            Kind::Deals,
            &bytes,
            None,
            &opts,
            as_of,
            &AtomicBool::new(false),
        )
        .expect("re-import");
        updates.push(t.elapsed().as_secs_f64());
        assert_eq!(again.updated, r.inserted);
    }
    times.sort_by(f64::total_cmp);
    updates.sort_by(f64::total_cmp);
    let (t, u) = (times[times.len() / 2], updates[updates.len() / 2]);
    println!(
        "{:<52} {:>12} {:>14} {:>7}",
        "measure (median of 5)", "budget", "measured", "ratio"
    );
    println!(
        "{:<52} {:>8} r/s {:>10.0} r/s {:>7.2}",
        "import 100,000 new deal rows",
        BUDGET_ROWS_PER_S,
        ROWS as f64 / t,
        (ROWS as f64 / t) / BUDGET_ROWS_PER_S
    );
    println!(
        "{:<52} {:>8} r/s {:>10.0} r/s {:>7.2}",
        "re-import the same 100,000 rows (updates)",
        BUDGET_ROWS_PER_S,
        ROWS as f64 / u,
        (ROWS as f64 / u) / BUDGET_ROWS_PER_S
    );
}
