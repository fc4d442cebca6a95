//! The core's budgets from PRODUCT.md (Qualities → Fast), measured in one release build on
//! this machine, each as a table row (budget, median, ratio), with the peers and the scaling
//! runs beside them. The window's own budgets (launch to interactive, the slider end to end,
//! idle memory, binary size) are in `cargo bench --bench startup`.
//!
//! `cargo bench --bench core` runs every section; `cargo bench --bench core -- import
//! forecast` runs only those named (scoring, allocation, forecast, import, charts, workspace).
//! `PARTNERBOARD_BENCH_QUICK=1` skips the 100× scaling runs.

#[path = "../report/mod.rs"]
mod report;

mod charts;
mod forecast;
mod import;
mod scoring;
mod workspace;

/// Whether the 100× runs are left out.
pub fn quick() -> bool {
    std::env::var_os("PARTNERBOARD_BENCH_QUICK").is_some()
}

fn main() {
    let asked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |name: &str| asked.is_empty() || asked.iter().any(|a| a == name);
    if wants("scoring") || wants("allocation") {
        scoring::run();
    }
    if wants("forecast") {
        forecast::run();
    }
    if wants("import") {
        import::run();
    }
    if wants("charts") {
        charts::run();
    }
    if wants("workspace") {
        workspace::run();
    }
}
