//! Workspace open in the core: the file checked, opened and configured, as the app does at
//! launch, on the demo workspace and on a 10,000-partner one. It has no budget of its own: it
//! is part of the window's launch to interactive (≤ 1 s), and is shown against that.

use crate::report::{self, median_ms, Unit};
use partnerboard_core::domain::demo::{generate, DEFAULT_PARTNERS, DEFAULT_SEED};
use partnerboard_core::store;
use std::hint::black_box;

pub fn run() {
    report::section("Workspace open (core)");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    for (label, partners) in [("demo", DEFAULT_PARTNERS), ("10,000-partner", 10_000)] {
        let path = dir.path().join(format!("{partners}.partnerboard"));
        drop(store::create_demo(&path, &generate(partners, DEFAULT_SEED, as_of)).expect("demo"));
        let open = median_ms(21, || {
            black_box(store::open_existing(&path).expect("opens"));
        });
        report::budget(
            &format!("open the {label} workspace (share of launch ≤ 1 s)"),
            Unit::Ms,
            1000.0,
            open,
        );
    }
}
