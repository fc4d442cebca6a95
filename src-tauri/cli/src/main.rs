//! `partnerboard-cli`: the same core as the app, for scripts and tests.

use args::{Cli, Command, MAX_PARTNERS};
use chrono::NaiveDate;
use clap::Parser;
use partnerboard_core::domain::demo::generate;
use partnerboard_core::store::{self, StoreError};
use partnerboard_core::views::{self, ErrorKind, Failure};
use serde_json::json;
use std::process::ExitCode;

mod args;
#[path = "charts.rs"]
mod cli_charts;
mod currency;
mod forecast;
mod operating_model;
mod soak;

/// Prints a failure as `{ok: false, kind, error}` on stdout and as a sentence on stderr; exit 2.
/// Which kind each error of the core is, and what it says, is decided once in the core.
pub(crate) fn fail(e: impl Into<Failure>) -> ExitCode {
    let f = e.into();
    println!(
        "{}",
        json!({ "ok": false, "kind": f.kind, "error": f.message })
    );
    eprintln!("partnerboard-cli: {}", f.message);
    ExitCode::from(2)
}

/// A refused argument, told in `message`.
pub(crate) fn invalid(message: impl Into<String>) -> ExitCode {
    fail(Failure::invalid(message))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::New { file, company } => {
            let company = company.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "My company".into())
            });
            let company = match partnerboard_core::domain::validate::text(
                "company",
                "The company name",
                &company,
                1,
                80,
            ) {
                Ok(c) => c,
                Err(e) => return invalid(e.message),
            };
            match store::create_new(&file, &company) {
                Ok(ws) => report(&ws),
                Err(e) => fail(e),
            }
        }
        Command::Demo {
            out,
            partners,
            seed,
            as_of,
        } => {
            if partners == 0 || partners > MAX_PARTNERS {
                return invalid(format!(
                    "--partners must be between 1 and {MAX_PARTNERS}; got {partners}."
                ));
            }
            let as_of = match as_of {
                None => partnerboard_core::clock::today(),
                Some(text) => {
                    match partnerboard_core::domain::validate::date("as_of", "--as-of", &text) {
                        Ok(d) => d,
                        Err(e) => return invalid(e.message),
                    }
                }
            };
            write_demo(&out, partners, seed, as_of)
        }
        Command::Rank { file, json } => match store::open_existing(&file) {
            Ok(ws) => rank(&ws, json),
            Err(e) => fail(e),
        },
        Command::Soak {
            file,
            edits,
            start,
            seed,
        } => soak::run(&file, start, edits, seed),
        Command::Rescore { file, name, date } => {
            let date = date.unwrap_or_else(|| partnerboard_core::clock::today().to_string());
            let closed = store::open_for_editing(&file).and_then(|mut ws| {
                let id = ws.close_cycle(&name, &date)?;
                let summary = ws.cycles()?.into_iter().find(|c| c.id == id);
                Ok(summary)
            });
            match closed {
                Ok(summary) => {
                    println!("{}", json!({ "ok": true, "cycle": summary }));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Allocate { file, json: _ } => match store::open_existing(&file).and_then(|ws| {
            let scored = ws.scored_roster()?;
            views::capacity::saved(&ws, &scored)
        }) {
            Ok(plan) => {
                let compact = views::capacity::Allocation::from(&plan);
                println!("{}", json!(compact));
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Readiness { file, json: _ } => {
            let today = partnerboard_core::clock::today();
            match store::open_existing(&file).and_then(|ws| views::readiness::readiness(&ws, today))
            {
                Ok(view) => {
                    let lines: Vec<views::readiness::ReadinessLine> =
                        view.partners.iter().map(Into::into).collect();
                    println!("{}", json!(lines));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::IppCheck {
            file,
            json: _,
            from,
            to,
        } => {
            let to = match to
                .map(|t| partnerboard_core::domain::validate::date("to", "--to", &t))
                .transpose()
            {
                Ok(t) => t.unwrap_or_else(partnerboard_core::clock::today),
                Err(e) => return invalid(e.message),
            };
            let from = match from
                .map(|f| partnerboard_core::domain::validate::date("from", "--from", &f))
                .transpose()
            {
                Ok(f) => f.unwrap_or_else(|| {
                    to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to)
                }),
                Err(e) => return invalid(e.message),
            };
            if from > to {
                return invalid("--from is after --to.");
            }
            use partnerboard_core::domain::profile::{validity, PERMUTATIONS, SEED};
            match store::open_existing(&file).and_then(|ws| ws.pipeline_by_profile_match(from, to))
            {
                Ok((matched, unmatched)) => {
                    let check = validity(&matched, &unmatched, PERMUTATIONS, SEED);
                    println!(
                        "{}",
                        json!({ "from": from.to_string(), "to": to.to_string(), "check": check })
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Import {
            kind,
            file,
            csv,
            preset,
            map,
            stage_map,
            as_of,
            json: _,
        } => {
            let as_of = match as_of
                .map(|t| partnerboard_core::domain::validate::date("as_of", "--as-of", &t))
                .transpose()
            {
                Ok(d) => d,
                Err(e) => return invalid(e.message),
            };
            let Some(kind) = partnerboard_core::import::Kind::parse(&kind) else {
                return invalid(format!(
                    "“{kind}” is not something to import: use deals, partners or contacts."
                ));
            };
            let pairs = |text: Option<String>| {
                text.map(|t| partnerboard_core::import::parse_pairs(&t))
                    .transpose()
            };
            let (map, stage_map) = match (pairs(map), pairs(stage_map)) {
                (Ok(m), Ok(s)) => (m.unwrap_or_default(), s.unwrap_or_default()),
                (Err(e), _) | (_, Err(e)) => return invalid(e),
            };
            let opts = partnerboard_core::import::ImportOptions {
                preset,
                map,
                stage_map,
                as_of,
            };
            let today = partnerboard_core::clock::today();
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let mut ws = match store::open_for_editing(&file) {
                Ok(ws) => ws,
                Err(e) => return fail(e),
            };
            match partnerboard_core::import::run(&mut ws, kind, &csv, &opts, today, &cancel) {
                Ok(r) => {
                    println!(
                        "{}",
                        json!({
                            "ok": true, "encoding": r.encoding, "delimiter": r.delimiter, "rows": r.rows,
                            "accepted": r.inserted, "updated": r.updated, "rejected": r.rejected, "report": r.report_path,
                            "as_of": r.as_of,
                            "without_amount": r.amounts.without_amount(), "estimated": r.amounts.estimated(),
                            "estimated_by_product": r.amounts.by_product, "estimated_overall": r.amounts.overall,
                            "missing_amounts": r.amounts.missing, "amounts": r.amount_note,
                        })
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Export { table, file, out } => {
            let written = store::open_existing(&file).and_then(|ws| {
                let f = std::fs::File::create(&out).map_err(|e| {
                    StoreError::Io(format!("{} cannot be written: {e}", out.display()))
                })?;
                ws.export_table(&table, std::io::BufWriter::new(f))
            });
            match written {
                Ok(n) => {
                    println!(
                        "{}",
                        json!({ "ok": true, "table": table, "rows": n, "path": out.display().to_string() })
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Forecast {
            file,
            as_of,
            method,
            window_days,
            seed,
            json: _,
        } => forecast::print(
            &file,
            &forecast::Options {
                as_of,
                method,
                window_days,
                seed,
            },
            false,
        ),
        Command::Backtest {
            file,
            as_of,
            window_days,
            seed,
            json: _,
        } => forecast::print(
            &file,
            &forecast::Options {
                as_of,
                method: "auto".into(),
                window_days,
                seed,
            },
            true,
        ),
        Command::Chart {
            name,
            file,
            out,
            width,
            height,
            scale,
            look,
        } => cli_charts::chart(
            &name,
            &file,
            &out,
            cli_charts::Size {
                width,
                height,
                scale,
            },
            &look,
        ),
        Command::BoardPack { file, out, look } => cli_charts::board_pack(&file, &out, &look),
        Command::OperatingModel { file, out, as_of } => {
            operating_model::write(&file, &out, as_of.as_deref())
        }
        Command::Currency { file, action } => currency::run(&file, action),
        Command::Check { file } => match store::check_file(&file) {
            Ok(report) if report.integrity == "ok" => {
                println!("{}", json!({ "ok": true, "check": report }));
                ExitCode::SUCCESS
            }
            Ok(report) => fail(Failure::new(
                ErrorKind::Corrupt,
                format!(
                    "{} failed its integrity check: {}",
                    report.path, report.integrity
                ),
            )),
            Err(e) => fail(e),
        },
    }
}

fn write_demo(out: &std::path::Path, partners: usize, seed: u64, as_of: NaiveDate) -> ExitCode {
    let demo = generate(partners, seed, as_of);
    match store::create_demo(out, &demo) {
        Ok(ws) => report(&ws),
        Err(e) => fail(e),
    }
}

fn report(ws: &store::Workspace) -> ExitCode {
    match ws.row_counts() {
        Ok(counts) => {
            let counts: std::collections::BTreeMap<_, _> = counts.into_iter().collect();
            println!(
                "{}",
                json!({ "ok": true, "path": ws.path().display().to_string(), "row_counts": counts })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn rank(ws: &store::Workspace, as_json: bool) -> ExitCode {
    let today = partnerboard_core::clock::today();
    let view = match ws
        .scored_roster()
        .and_then(|scored| views::roster::prioritization(ws, &scored, today))
    {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let rows = view.ranking();
    if as_json {
        println!("{}", json!(rows));
    } else {
        println!(
            "{:>5}  {:<32} {:>6}  {:<10} note",
            "rank", "partner", "score", "tier"
        );
        for r in &rows {
            println!(
                "{:>5}  {:<32} {:>6}  {:<10} {}",
                r.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
                r.partner.name,
                r.score
                    .map(|x| format!("{x:.1}"))
                    .unwrap_or_else(|| "—".into()),
                r.tier.as_deref().unwrap_or("—"),
                r.unscored_reason.as_deref().unwrap_or("")
            );
        }
    }
    ExitCode::SUCCESS
}
