//! `partnerboard-cli`: the same core as the app, for scripts and tests.

use args::{Cli, Command, MAX_PARTNERS};
use chrono::NaiveDate;
use clap::Parser;
use partnerboard_core::domain::demo::generate;
use partnerboard_core::import::ImportError;
use partnerboard_core::store::{self, StoreError};
use serde_json::json;
use std::process::ExitCode;

mod args;
#[path = "charts.rs"]
mod cli_charts;
mod currency;
mod forecast;
mod operating_model;
mod soak;

pub(crate) fn fail(kind: &str, message: String) -> ExitCode {
    println!("{}", json!({ "ok": false, "kind": kind, "error": message }));
    eprintln!("partnerboard-cli: {message}");
    ExitCode::from(2)
}

pub(crate) fn store_failure(e: StoreError) -> ExitCode {
    let kind = match e {
        StoreError::NewerVersion { .. } => "newer_version",
        StoreError::NotAWorkspace { .. } | StoreError::Corrupt { .. } => "corrupt",
        StoreError::Missing { .. } | StoreError::NotFound(_) => "not_found",
        StoreError::AlreadyExists { .. } | StoreError::Conflict(_) | StoreError::Cancelled => {
            "conflict"
        }
        StoreError::Invalid(_) => "invalid_input",
        StoreError::InUse { .. } => "in_use",
        StoreError::ReadOnly { .. } => "read_only",
        _ => "workspace",
    };
    fail(kind, e.to_string())
}

/// An import that stopped, with the same kinds the store's own failures print.
fn import_failure(e: ImportError) -> ExitCode {
    let kind = match e {
        ImportError::Store(inner) => return store_failure(inner),
        ImportError::Cancelled => "conflict",
        ImportError::File(_)
        | ImportError::Map(_)
        | ImportError::UnknownStage(_)
        | ImportError::AsOfInFuture { .. } => "invalid_input",
        ImportError::Read { .. } | ImportError::TooLarge { .. } | ImportError::Report { .. } => {
            "workspace"
        }
    };
    fail(kind, e.to_string())
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
                Err(e) => return fail("invalid_input", e.message),
            };
            match store::create_new(&file, &company) {
                Ok(ws) => report(&ws),
                Err(e) => store_failure(e),
            }
        }
        Command::Demo {
            out,
            partners,
            seed,
            as_of,
        } => {
            if partners == 0 || partners > MAX_PARTNERS {
                return fail(
                    "invalid_input",
                    format!("--partners must be between 1 and {MAX_PARTNERS}; got {partners}."),
                );
            }
            let as_of = match as_of {
                None => partnerboard_core::clock::today(),
                Some(text) => {
                    match partnerboard_core::domain::validate::date("as_of", "--as-of", &text) {
                        Ok(d) => d,
                        Err(e) => return fail("invalid_input", e.message),
                    }
                }
            };
            write_demo(&out, partners, seed, as_of)
        }
        Command::Rank { file, json } => match store::open_existing(&file) {
            Ok(ws) => rank(&ws, json),
            Err(e) => store_failure(e),
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
                Err(e) => store_failure(e),
            }
        }
        Command::Allocate { file, json: _ } => match store::open_existing(&file).and_then(|ws| {
            let scored = ws.scored_roster()?;
            let plan = ws.saved_capacity_plan(&scored)?;
            Ok((scored, plan))
        }) {
            Ok((scored, plan)) => {
                let a = &plan.allocation;
                let name = |i: usize| scored.tiers.get(i).map(|t| t.name.as_str()).unwrap_or("");
                let tiers: Vec<serde_json::Value> = a
                    .tiers
                    .iter()
                    .map(|t| {
                        json!({
                            "tier": t.name, "partners": t.placed, "eligible": t.eligible,
                            "hours_needed": t.hours_needed, "hours_used": t.hours_used,
                        })
                    })
                    .collect();
                let members: Vec<serde_json::Value> = plan
                    .assignment
                    .members
                    .iter()
                    .map(|m| {
                        json!({
                            "member": m.name, "partners": m.partners_planned, "hours_needed": m.hours_planned,
                            "hours_available": m.hours_available, "shortfall": (m.hours_planned - m.hours_available).max(0.0),
                            "hours_today": m.hours_today,
                        })
                    })
                    .collect();
                let held: Vec<serde_json::Value> = a
                    .held_back()
                    .map(|p| json!({ "partner": p.name, "rank": p.rank, "rule_tier": name(p.eligible), "placed_tier": name(p.tier) }))
                    .collect();
                println!(
                    "{}",
                    json!({
                        "capacity": a.capacity, "shortfall": a.shortfall, "slack": a.slack, "max_top_tier": a.max_top_tier,
                        "tiers": tiers, "members": members, "held_back": held, "owner_moves": plan.assignment.moves.len(),
                    })
                );
                ExitCode::SUCCESS
            }
            Err(e) => store_failure(e),
        },
        Command::Readiness { file, json: _ } => {
            let today = partnerboard_core::clock::today();
            match store::open_existing(&file).and_then(|ws| ws.readiness(today)) {
                Ok(rows) => {
                    let out: Vec<serde_json::Value> = rows
                        .iter()
                        .map(|r| {
                            json!({
                                "id": r.partner_id, "name": r.name, "status": r.status,
                                "scores": r.last.as_ref().map(|l| l.scores), "total": r.last.as_ref().map(|l| l.total),
                                "band": r.band, "days_since_review": r.days_since, "due": r.due,
                            })
                        })
                        .collect();
                    println!("{}", serde_json::Value::Array(out));
                    ExitCode::SUCCESS
                }
                Err(e) => store_failure(e),
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
                Err(e) => return fail("invalid_input", e.message),
            };
            let from = match from
                .map(|f| partnerboard_core::domain::validate::date("from", "--from", &f))
                .transpose()
            {
                Ok(f) => f.unwrap_or_else(|| {
                    to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to)
                }),
                Err(e) => return fail("invalid_input", e.message),
            };
            if from > to {
                return fail("invalid_input", "--from is after --to.".into());
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
                Err(e) => store_failure(e),
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
                Err(e) => return fail("invalid_input", e.message),
            };
            let Some(kind) = partnerboard_core::import::Kind::parse(&kind) else {
                return fail(
                    "invalid_input",
                    format!(
                        "“{kind}” is not something to import: use deals, partners or contacts."
                    ),
                );
            };
            let pairs = |text: Option<String>| {
                text.map(|t| partnerboard_core::import::parse_pairs(&t))
                    .transpose()
            };
            let (map, stage_map) = match (pairs(map), pairs(stage_map)) {
                (Ok(m), Ok(s)) => (m.unwrap_or_default(), s.unwrap_or_default()),
                (Err(e), _) | (_, Err(e)) => return fail("invalid_input", e),
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
                Err(e) => return store_failure(e),
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
                Err(e) => import_failure(e),
            }
        }
        Command::Export { table, file, out } => {
            use partnerboard_core::export::records::{self, Records};
            let written = Records::parse(&table)
                .ok_or_else(|| StoreError::NotFound(records::unknown(&table)))
                .and_then(|what| {
                    let ws = store::open_existing(&file)?;
                    let f = std::fs::File::create(&out).map_err(|e| {
                        StoreError::Io(format!("{} cannot be written: {e}", out.display()))
                    })?;
                    records::write(&ws, what, std::io::BufWriter::new(f))
                });
            match written {
                Ok(n) => {
                    println!(
                        "{}",
                        json!({ "ok": true, "table": table, "rows": n, "path": out.display().to_string() })
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => store_failure(e),
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
            Ok(report) => fail(
                "corrupt",
                format!(
                    "{} failed its integrity check: {}",
                    report.path, report.integrity
                ),
            ),
            Err(e) => store_failure(e),
        },
    }
}

fn write_demo(out: &std::path::Path, partners: usize, seed: u64, as_of: NaiveDate) -> ExitCode {
    let demo = generate(partners, seed, as_of);
    match store::create_demo(out, &demo) {
        Ok(ws) => report(&ws),
        Err(e) => store_failure(e),
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
        Err(e) => store_failure(e),
    }
}

fn rank(ws: &store::Workspace, as_json: bool) -> ExitCode {
    let scored = match ws.scored_roster() {
        Ok(s) => s,
        Err(e) => return store_failure(e),
    };
    let partners: std::collections::HashMap<
        i64,
        &partnerboard_core::domain::roster::RosterPartner,
    > = scored.roster.iter().map(|p| (p.id, p)).collect();
    let rows: Vec<serde_json::Value> = scored
        .entries
        .iter()
        .map(|e| {
            let p = partners.get(&e.partner_id);
            let missing: Vec<&str> = match (e.rank, p) {
                (None, Some(p)) => scored
                    .model
                    .factors
                    .iter()
                    .zip(&p.scores)
                    .filter(|(_, s)| s.is_none())
                    .map(|(f, _)| f.name.as_str())
                    .collect(),
                _ => Vec::new(),
            };
            json!({
                "id": e.partner_id,
                "name": e.name,
                "type": p.map(|p| p.type_name.as_str()),
                "status": p.map(|p| p.status.as_str()),
                "score": e.score.map(|s| (s * 100.0).round() / 100.0),
                "rank": e.rank,
                "tier": e.tier,
                "unscored_reason": (!missing.is_empty()).then(|| format!("missing {}", missing.join(", "))),
            })
        })
        .collect();
    if as_json {
        println!("{}", serde_json::Value::Array(rows));
    } else {
        println!(
            "{:>5}  {:<32} {:>6}  {:<10} note",
            "rank", "partner", "score", "tier"
        );
        for r in &rows {
            println!(
                "{:>5}  {:<32} {:>6}  {:<10} {}",
                r["rank"]
                    .as_u64()
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "—".into()),
                r["name"].as_str().unwrap_or(""),
                r["score"]
                    .as_f64()
                    .map(|x| format!("{x:.1}"))
                    .unwrap_or_else(|| "—".into()),
                r["tier"].as_str().unwrap_or("—"),
                r["unscored_reason"].as_str().unwrap_or("")
            );
        }
    }
    ExitCode::SUCCESS
}
