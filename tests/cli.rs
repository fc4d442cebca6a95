//! The command line, run as a user would run it.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_partnerboard-cli"))
        .args(args)
        .output()
        .expect("cli runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn new_creates_an_empty_workspace_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.partnerboard");
    let (code, json, _) = cli(&["new", arg(&file)]);
    assert_eq!(code, 0, "{json}");
    let (code, json, _) = cli(&["check", arg(&file)]);
    assert_eq!(code, 0);
    let check = &json["check"];
    assert_eq!(check["schema_version"], 8);
    assert_eq!(check["integrity"], "ok");
    assert_eq!(check["row_counts"]["stages"], 5);
    assert_eq!(check["row_counts"]["factors"], 4);
    assert_eq!(check["row_counts"]["tiers"], 3);
    assert_eq!(check["row_counts"]["partners"], 0);
    let company: String = Connection::open(&file)
        .unwrap()
        .query_row("SELECT company FROM program", [], |r| r.get(0))
        .unwrap();
    assert_eq!(company, "acme");

    // A second `new` on the same path refuses and keeps the file.
    let (code, json, stderr) = cli(&["new", arg(&file)]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "conflict");
    assert!(stderr.contains("already exists"));
}

#[test]
fn demo_writes_the_size_and_seed_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.partnerboard");
    let b = dir.path().join("b.partnerboard");
    for file in [&a, &b] {
        let (code, json, _) = cli(&[
            "demo",
            "--out",
            arg(file),
            "--partners",
            "300",
            "--seed",
            "42",
            "--as-of",
            "2026-06-30",
        ]);
        assert_eq!(code, 0, "{json}");
        assert_eq!(json["row_counts"]["partners"], 300);
        assert_eq!(
            json["row_counts"]["deals"],
            300 * 5 / 2 + 300 * 6 / 5 + 300 * 4
        );
    }
    let (_, first, _) = cli(&["check", arg(&a)]);
    let (_, second, _) = cli(&["check", arg(&b)]);
    assert_eq!(
        first["check"]["row_counts"], second["check"]["row_counts"],
        "same seed, same rows"
    );
    let total = |p: &Path| -> f64 {
        Connection::open(p)
            .unwrap()
            .query_row("SELECT SUM(amount) FROM deals", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(total(&a), total(&b));
}

#[test]
fn bad_arguments_and_bad_files_exit_non_zero_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.partnerboard");
    let (code, json, _) = cli(&["demo", "--out", arg(&out), "--partners", "0"]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("invalid_input")));
    let (code, json, _) = cli(&["demo", "--out", arg(&out), "--as-of", "yesterday"]);
    assert_eq!(code, 2);
    assert!(json["error"].as_str().unwrap().contains("YYYY-MM-DD"));
    assert!(!out.exists());

    let garbage = dir.path().join("garbage.partnerboard");
    std::fs::write(&garbage, vec![0x42u8; 5000]).unwrap();
    let (code, json, stderr) = cli(&["check", arg(&garbage)]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "corrupt");
    assert!(stderr.contains("not a database file"), "{stderr}");

    let missing = dir.path().join("missing.partnerboard");
    let (code, json, _) = cli(&["check", arg(&missing)]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("not_found")));

    let newer = dir.path().join("newer.partnerboard");
    assert_eq!(cli(&["new", arg(&newer)]).0, 0);
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let (code, json, _) = cli(&["check", arg(&newer)]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("newer_version")));
}

#[test]
fn rank_lists_every_scored_partner_and_rescore_closes_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.partnerboard");
    assert_eq!(
        cli(&[
            "demo",
            "--out",
            arg(&file),
            "--partners",
            "120",
            "--seed",
            "3",
            "--as-of",
            "2026-11-01"
        ])
        .0,
        0
    );
    let (code, rows, _) = cli(&["rank", arg(&file), "--json"]);
    assert_eq!(code, 0);
    let rows = rows.as_array().unwrap();
    let ranked: Vec<&Value> = rows.iter().filter(|r| r["rank"].is_number()).collect();
    let ranks: Vec<u64> = ranked.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert_eq!(
        ranks,
        (1..=ranked.len() as u64).collect::<Vec<_>>(),
        "ranked first, in order"
    );
    assert!(ranked
        .windows(2)
        .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
    assert_eq!(ranked[0]["tier"], "Tier 1");
    assert_eq!(ranked.iter().filter(|r| r["tier"] == "Tier 1").count(), 18);
    let unscored: Vec<&Value> = rows.iter().filter(|r| r["rank"].is_null()).collect();
    assert!(unscored.iter().all(|r| r["unscored_reason"]
        .as_str()
        .unwrap()
        .starts_with("missing ")));

    let (code, json, _) = cli(&[
        "rescore",
        arg(&file),
        "--name",
        "Q4 2026",
        "--date",
        "2026-12-31",
    ]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["cycle"]["name"], "Q4 2026");
    assert_eq!(
        json["cycle"]["ranked"].as_u64().unwrap() as usize,
        ranked.len()
    );
    let (code, json, _) = cli(&["rescore", arg(&file), "--name", " "]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("invalid_input")));
    let (code, _, stderr) = cli(&["rank", arg(&dir.path().join("nope.partnerboard"))]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be found"));
}

#[test]
fn allocate_reports_tiers_members_and_held_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.partnerboard");
    assert_eq!(
        cli(&["demo", "--out", arg(&file), "--as-of", "2026-11-01"]).0,
        0
    );
    let (code, plan, _) = cli(&["allocate", arg(&file), "--json"]);
    assert_eq!(code, 0, "{plan}");
    assert_eq!(plan["capacity"], 400.0);
    assert_eq!(plan["tiers"][0]["partners"], 18);
    assert_eq!(plan["tiers"][0]["hours_needed"], 144.0);
    assert_eq!(plan["tiers"][1]["partners"], 40);
    assert_eq!(plan["shortfall"], 0.0);
    assert_eq!(plan["held_back"].as_array().unwrap().len(), 0);
    assert_eq!(plan["members"].as_array().unwrap().len(), 4);
    let planned: f64 = plan["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["hours_needed"].as_f64().unwrap())
        .sum();
    assert_eq!(planned, 224.0);

    // With 100 hours the top tier holds 12 and the rest of its rule's partners are held back;
    // once Tier 2 has the 80 h its rule asks, Tier 1 would hold at most (100 − 80) ÷ 8 = 2.
    Connection::open(&file)
        .unwrap()
        .execute("UPDATE team_members SET hours_per_month = 25", [])
        .unwrap();
    let (_, plan, _) = cli(&["allocate", arg(&file), "--json"]);
    assert_eq!(plan["max_top_tier"], 2);
    assert_eq!(plan["tiers"][0]["partners"], 12);
    assert_eq!(plan["shortfall"], 124.0);
    assert_eq!(plan["held_back"][0]["rank"], 13);
    assert_eq!(plan["held_back"][0]["rule_tier"], "Tier 1");
}

#[test]
fn readiness_and_ipp_check_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("i.partnerboard");
    assert_eq!(
        cli(&["demo", "--out", arg(&file), "--as-of", "2026-11-01"]).0,
        0
    );
    let (code, rows, _) = cli(&["readiness", arg(&file), "--json"]);
    assert_eq!(code, 0);
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["status"] != "prospect"));
    for r in rows.iter().filter(|r| r["total"].is_number()) {
        let s = &r["scores"];
        let sum = s["capability"].as_i64().unwrap()
            + s["capacity"].as_i64().unwrap()
            + s["motion_commitment"].as_i64().unwrap();
        assert_eq!(r["total"].as_i64().unwrap(), sum);
        let band = match sum {
            0..=2 => "offboard",
            3..=5 => "nurture",
            _ => "active",
        };
        assert_eq!(r["band"], band);
    }
    let args = [
        "ipp-check",
        arg(&file),
        "--json",
        "--from",
        "2024-11-01",
        "--to",
        "2026-11-01",
    ];
    let (code, first, _) = cli(&args);
    assert_eq!(code, 0, "{first}");
    let (_, second, _) = cli(&args);
    assert_eq!(first, second, "seeded: the same p-value every run");
    let check = &first["check"];
    assert!(check["matched"]["size"].as_u64().unwrap() >= 5);
    assert!(check["p_value"].as_f64().unwrap() > 0.0);
    let verdict = check["verdict"].as_str().unwrap();
    assert!(
        [
            "Profile predicts",
            "Profile does not predict",
            "Inconclusive"
        ]
        .iter()
        .any(|v| verdict.starts_with(v)),
        "{verdict}"
    );
    // Each partner type is checked on its own, with an interval where both groups are large
    // enough, and the types' partners add up to the pooled groups.
    let by_type = first["by_type"].as_array().unwrap();
    assert!(by_type.len() >= 2, "{first}");
    let size = |c: &serde_json::Value, g: &str| c[g]["size"].as_u64().unwrap();
    assert_eq!(
        by_type.iter().map(|t| size(t, "matched")).sum::<u64>(),
        size(check, "matched")
    );
    assert_eq!(
        by_type.iter().map(|t| size(t, "unmatched")).sum::<u64>(),
        size(check, "unmatched")
    );
    for t in by_type {
        assert!(t["type_name"].is_string());
        let kind = t["outcome"]["kind"].as_str().unwrap();
        assert!(
            ["predicts", "does_not_predict", "inconclusive"].contains(&kind),
            "{t}"
        );
        if size(t, "matched") >= 5 && size(t, "unmatched") >= 5 && t["ratio"].is_number() {
            let i = t["interval"].as_array().unwrap();
            assert!(
                i[0].as_f64().unwrap() <= t["ratio"].as_f64().unwrap(),
                "{t}"
            );
            assert!(
                i[1].as_f64().unwrap() >= t["ratio"].as_f64().unwrap(),
                "{t}"
            );
        }
    }
    let (code, json, _) = cli(&[
        "ipp-check",
        arg(&file),
        "--from",
        "2026-12-01",
        "--to",
        "2026-01-01",
    ]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("invalid_input")));
}

#[test]
fn import_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.partnerboard");
    assert_eq!(
        cli(&["demo", "--out", arg(&file), "--as-of", "2026-11-01"]).0,
        0
    );
    let csv = dir.path().join("sf.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/salesforce_opportunities.csv"),
        &csv,
    )
    .unwrap();
    let args = [
        "import",
        "deals",
        arg(&file),
        arg(&csv),
        "--preset",
        "salesforce",
        "--stage-map",
        "Negotiation=Proposal",
        "--json",
    ];
    let (code, r, _) = cli(&args);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (
            r["accepted"].as_u64(),
            r["updated"].as_u64(),
            r["rejected"].as_u64()
        ),
        (Some(6), Some(0), Some(3)),
        "the partner the roster lacks is created: {r}"
    );
    assert_eq!(r["created_partners"]["names"][0], "Unknown Partners Ltd");
    let report = r["report"].as_str().unwrap();
    assert!(report.ends_with("sf.rejected.csv") && Path::new(report).exists());
    let (_, again, _) = cli(&args);
    assert_eq!(
        (again["accepted"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(6)),
        "re-import updates"
    );

    let out = dir.path().join("deals.csv");
    let (code, e, _) = cli(&["export", "deals", arg(&file), "--out", arg(&out)]);
    assert_eq!(code, 0, "{e}");
    let text = std::fs::read_to_string(&out).unwrap();
    let records = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .count();
    assert_eq!(records as u64, e["rows"].as_u64().unwrap());
    assert_eq!(
        text.lines().next(),
        Some("\u{feff}external id,deal name,account,partner,source,amount,currency,product,stage,created,expected close,outcome,closed,owner")
    );
    // The Salesforce rows keep their opportunity names, and the partner is named, not numbered.
    let harbor = text.lines().find(|l| l.starts_with("006A001,")).unwrap();
    assert_eq!(
        harbor,
        "006A001,Harbor Foods expansion,Harbor Foods,Bluefin Data,partner-sourced,48500,USD,,Qualified,2026-03-14,2026-06-30,open,,Dana Whitfield"
    );
    assert!(!text.contains("_id"));
    // The file goes back in as it is: the same deals, updated.
    let (code, again, _) = cli(&["import", "deals", arg(&file), arg(&out), "--json"]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(
        (
            again["accepted"].as_u64(),
            again["updated"].as_u64(),
            again["rejected"].as_u64()
        ),
        (Some(0), e["rows"].as_u64(), Some(0)),
        "{again}"
    );
    for kind in ["partners", "contacts"] {
        let (code, e, _) = cli(&["export", kind, arg(&file), "--out", arg(&out), "--force"]);
        assert_eq!((code, e["table"].as_str()), (0, Some(kind)), "{e}");
    }
    let (code, e, _) = cli(&["export", "secrets", arg(&file), "--out", arg(&out)]);
    assert_eq!((code, e["kind"].as_str()), (2, Some("not_found")));
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("deals, partners or contacts"),
        "{e}"
    );
    let (code, e, _) = cli(&[
        "import",
        "deals",
        arg(&file),
        arg(&csv),
        "--preset",
        "pipedrive",
    ]);
    assert_eq!((code, e["kind"].as_str()), (2, Some("invalid_input")));
}

#[test]
fn forecast_and_backtest_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.partnerboard");
    let (code, _, _) = cli(&["demo", "--out", arg(&file), "--as-of", "2026-11-01"]);
    assert_eq!(code, 0);
    let (code, json, err) = cli(&["forecast", arg(&file), "--json"]);
    assert_eq!(code, 0, "{err}");
    let f = &json["forecast"];
    assert_eq!(f["method"], "calibrated", "{}", f["chosen_because"]);
    assert!(f["headline"]
        .as_str()
        .unwrap()
        .starts_with("Calibrated · average error "));
    let total = &f["total"];
    let (p10, p50, p90) = (
        total["p10"].as_f64().unwrap(),
        total["p50"].as_f64().unwrap(),
        total["p90"].as_f64().unwrap(),
    );
    assert!(0.0 < p10 && p10 <= p50 && p50 <= p90, "{total}");
    assert_eq!(f["trials"], 10_000);
    let labels: Vec<&str> = f["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Partner-sourced", "Partner-influenced", "Direct"]);
    for key in ["by_partner", "by_tier", "by_type"] {
        assert!(!f[key].as_array().unwrap().is_empty(), "{key}");
    }
    // Same data and seed, same numbers; another seed, other draws.
    let (_, again, _) = cli(&["forecast", arg(&file), "--json"]);
    assert_eq!(again["forecast"]["total"], *total);
    let (_, other, _) = cli(&["forecast", arg(&file), "--seed", "11", "--json"]);
    assert_ne!(other["forecast"]["total"], *total);

    let (code, bt, err) = cli(&["backtest", arg(&file), "--json"]);
    assert_eq!(code, 0, "{err}");
    let methods = bt["methods"].as_array().unwrap();
    assert_eq!(methods.len(), 3);
    for m in methods {
        assert!(m["origins"].as_u64().unwrap() > 50, "{m}");
        assert!(m["wape"].as_f64().unwrap() >= 0.0);
    }
    assert_eq!(bt["recommended"], f["method"]);
    // Every origin's row, per method and line, and a record per method and line.
    let origins = methods[0]["origins"].as_u64().unwrap() as usize;
    let rows = bt["rows"].as_array().unwrap();
    assert_eq!(rows.len(), origins * 3 * 4);
    for key in ["as_of", "method", "line", "p10", "p50", "p90", "actual"] {
        assert!(!rows[0][key].is_null(), "{key}: {}", rows[0]);
    }
    let records = bt["records"].as_array().unwrap();
    assert_eq!(records.len(), 12);
    for r in records {
        let independent = r["independent_windows"].as_u64().unwrap() as usize;
        assert!(independent >= 1 && independent * 13 <= origins + 13, "{r}");
    }
    assert_eq!(bt["recommendations"].as_array().unwrap().len(), 4);

    // Bad requests are refused in words.
    for (args, words) in [
        (vec!["--window-days", "0"], "1 to 365 days"),
        (vec!["--window-days", "400"], "1 to 365 days"),
        (vec!["--as-of", "2035-01-01"], "in that range"),
        (vec!["--method", "crystal-ball"], "--method is auto"),
    ] {
        let mut all = vec!["forecast", arg(&file)];
        all.extend(args);
        let (code, json, _) = cli(&all);
        assert_eq!(code, 2);
        assert!(json["error"].as_str().unwrap().contains(words), "{json}");
    }
}

#[test]
fn a_crm_pipeline_export_imports_with_estimated_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pipeline.partnerboard");
    assert_eq!(cli(&["new", arg(&file)]).0, 0);
    let csv = dir.path().join("crm_pipeline.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/crm_pipeline.csv"),
        &csv,
    )
    .unwrap();
    let (code, r, _) = cli(&[
        "import",
        "deals",
        arg(&file),
        arg(&csv),
        "--stage-map",
        "Engaging=Qualified,Prospecting=Registered",
        "--json",
    ]);
    assert_eq!(code, 0, "{r}");
    let count = |k: &str| r[k].as_u64();
    assert_eq!(
        [
            "accepted",
            "rejected",
            "without_amount",
            "estimated",
            "estimated_by_product",
            "estimated_overall",
            "missing_amounts"
        ]
        .map(count),
        [28, 3, 14, 14, 8, 6, 0].map(Some)
    );
    assert!(r["amounts"]
        .as_str()
        .unwrap()
        .starts_with("14 deals had no amount: 8 got the median won amount of their product"));
    let conn = Connection::open(&file).unwrap();
    let mut stmt = conn
        .prepare("SELECT product, COUNT(*), MIN(amount), MAX(amount) FROM deals WHERE amount_source = 'estimated' GROUP BY product ORDER BY product")
        .unwrap();
    let rows: Vec<(String, i64, f64, f64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            ("GTK 500".to_string(), 6, 2500.0, 2500.0),
            ("GTX Pro".to_string(), 4, 5250.0, 5250.0),
            ("GTXPlus Basic".to_string(), 2, 1000.0, 1000.0),
            ("MG Special".to_string(), 2, 60.0, 60.0),
        ]
    );
}

#[test]
fn operating_model_writes_html_and_markdown_with_the_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.partnerboard");
    let (code, _, _) = cli(&[
        "demo",
        "--out",
        arg(&file),
        "--partners",
        "60",
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(code, 0);
    let html = dir.path().join("model.html");
    let (code, json, _) = cli(&[
        "operating-model",
        arg(&file),
        "--out",
        arg(&html),
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["format"], "html");
    assert_eq!(json["steps"], 8);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Content-Security-Policy"));
    assert!(page.contains("Northwind Analytics"));
    assert!(page.contains("Dated 1 November 2026"));
    assert!(page.contains("Registered → Qualified"));
    assert!(!page.contains("<script"));

    let md = dir.path().join("model.md");
    let (code, json, _) = cli(&["operating-model", arg(&file), "--out", arg(&md)]);
    assert_eq!(code, 0, "{json}");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Northwind Analytics — partner operating model"));

    // A fresh workspace: most is open, and the document says what.
    let fresh = dir.path().join("fresh.partnerboard");
    cli(&["new", arg(&fresh), "--company", "Acme"]);
    let (code, json, _) = cli(&["operating-model", arg(&fresh), "--out", arg(&md), "--force"]);
    assert_eq!(code, 0, "{json}");
    assert!(json["decided"].as_u64().unwrap() < 4, "{json}");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("Open: No thesis is written yet"));

    // Wrong extension and an unwritable place are refused with a clear message.
    let (code, json, _) = cli(&[
        "operating-model",
        arg(&file),
        "--out",
        arg(&dir.path().join("m.pdf")),
    ]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "invalid_input");
    let (code, json, _) = cli(&[
        "operating-model",
        arg(&file),
        "--out",
        arg(&dir.path().join("nope").join("m.html")),
    ]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "io");
    assert!(json["error"].as_str().unwrap().contains("does not exist"));
}

#[test]
fn currency_sets_the_home_currency_and_keeps_dated_rates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("money.partnerboard");
    let f = arg(&file);
    assert_eq!(cli(&["new", f]).0, 0);
    let (code, json, _) = cli(&["currency", f, "show"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["currencies"]["home"], "USD");
    assert_eq!(json["currencies"]["rates"].as_array().unwrap().len(), 0);

    let (code, json, _) = cli(&["currency", f, "set-home", "eur"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["currencies"]["home"], "EUR");
    let (code, _, _) = cli(&["currency", f, "add-rate", "usd", "0.92", "2026-01-01"]);
    assert_eq!(code, 0);
    let (code, json, _) = cli(&["currency", f, "add-rate", "GBP", "1.17", "2026-02-01"]);
    assert_eq!(code, 0, "{json}");
    let rates = json["currencies"]["rates"].as_array().unwrap();
    assert_eq!(rates.len(), 2);
    assert_eq!(rates[0]["currency"], "GBP");
    assert_eq!(rates[0]["to_home"], 1.17);
    assert_eq!(rates[1]["currency"], "USD");
    assert_eq!(rates[1]["to_home"], 0.92);
    assert_eq!(rates[1]["on"], "2026-01-01");
    let home: String = Connection::open(&file)
        .unwrap()
        .query_row("SELECT currency FROM program", [], |r| r.get(0))
        .unwrap();
    assert_eq!(home, "EUR");

    let (code, json, _) = cli(&["currency", f, "remove-rate", "GBP", "2026-02-01"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["currencies"]["rates"].as_array().unwrap().len(), 1);

    let (code, json, _) = cli(&["currency", f, "add-rate", "JPY", "0", "2026-01-01"]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "invalid_input");
    let (code, json, _) = cli(&["currency", f, "set-home", "EURO"]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "invalid_input");
    let (code, json, _) = cli(&["currency", f, "remove-rate", "GBP", "2026-02-01"]);
    assert_eq!(code, 2);
    assert_eq!(json["kind"], "not_found");
    let (_, json, _) = cli(&["currency", f, "show"]);
    assert_eq!(json["currencies"]["home"], "EUR");
    assert_eq!(json["currencies"]["rates"].as_array().unwrap().len(), 1);
}

#[test]
fn a_deals_import_is_a_dated_snapshot_and_an_older_one_fills_in_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("snap.partnerboard");
    assert_eq!(cli(&["new", arg(&file)]).0, 0);
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let later = write(
        "later.csv",
        "id,account,amount,created,stage,outcome,closed\r\nD1,Acme,1000,2026-01-05,,won,2026-03-01\r\nD2,Beta,500,2026-02-01,,open,\r\n",
    );
    let (code, r, _) = cli(&[
        "import",
        "deals",
        arg(&file),
        arg(&later),
        "--as-of",
        "2026-03-10",
        "--json",
    ]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["as_of"], "2026-03-10");
    // An older export: D1 was still open then, and D3 was created after its day.
    let older = write(
        "older.csv",
        "id,account,amount,created,stage,outcome,closed\r\nD1,Acme,800,2026-01-05,,open,\r\nD3,Gamma,90,2026-02-20,,open,\r\n",
    );
    let (code, r, _) = cli(&[
        "import",
        "deals",
        arg(&file),
        arg(&older),
        "--as-of",
        "2026-02-01",
        "--json",
    ]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (
            r["accepted"].as_u64(),
            r["updated"].as_u64(),
            r["rejected"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
    let conn = rusqlite::Connection::open(&file).unwrap();
    let now: (String, f64) = conn
        .query_row(
            "SELECT outcome, amount FROM deals WHERE external_id = 'D1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(now, ("won".to_string(), 1000.0), "the later facts stand");
    let facts: i64 = conn
        .query_row("SELECT COUNT(*) FROM deal_facts f JOIN deals d ON d.id = f.deal_id WHERE d.external_id = 'D1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(facts, 2, "one fact per snapshot");
    // A forecast before the first snapshot names the range; an export from the future is refused.
    let (code, e, _) = cli(&["forecast", arg(&file), "--as-of", "2026-01-15", "--json"]);
    assert_eq!(code, 2);
    assert!(
        e["error"].as_str().unwrap().contains("from 2026-02-01"),
        "{e}"
    );
    let (code, e, _) = cli(&[
        "import",
        "deals",
        arg(&file),
        arg(&older),
        "--as-of",
        "2099-01-01",
        "--json",
    ]);
    assert_eq!(
        (code, e["kind"].as_str()),
        (2, Some("invalid_input")),
        "{e}"
    );
}

#[test]
fn import_json_counts_the_deals_kept_with_marks_and_a_clean_import_removes_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marks.partnerboard");
    assert_eq!(cli(&["new", arg(&file)]).0, 0);
    let csv = dir.path().join("pipeline.csv");
    let head = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n";
    let rows = "M1,Ann,GTX Pro,,Engaging,2026-02-01,,\r\n\
                M2,Ann,GTX Pro,Acme,Prospecting,,,\r\n\
                M3,Bo,GTX Pro,,Prospecting,,,\r\n\
                M4,Bo,GTX Pro,Initech,Won,2026-03-01,2026-02-01,1e3\r\n";
    std::fs::write(&csv, format!("{head}{rows}")).unwrap();
    let args = [
        "import",
        "deals",
        arg(&file),
        arg(&csv),
        "--stage-map",
        "Engaging=Qualified,Prospecting=Registered",
        "--as-of",
        "2026-11-01",
        "--json",
    ];
    let (code, r, _) = cli(&args);
    assert_eq!(code, 0, "{r}");
    let count = |k: &str| r[k].as_u64();
    assert_eq!(
        [
            "rows",
            "accepted",
            "rejected",
            "no_account",
            "created_as_of"
        ]
        .map(count),
        [4, 3, 1, 2, 2].map(Some),
        "{r}"
    );
    assert_eq!(
        r["kept"],
        "Kept with a mark: 2 deals without an account (under “(none)”); 2 open deals without a created date (created on the export's as-of date)."
    );
    let report = dir.path().join("pipeline.rejected.csv");
    let text = std::fs::read_to_string(&report).unwrap();
    // Line 5 is the spreadsheet's (CRLF counted alike), with both of its reasons.
    assert!(
        text.lines().nth(1).unwrap().starts_with(
            "5,\"close_value, close_date\",\"“1e3” is not an amount: write digits with at most one decimal separator, such as 1,234.56; the close date 2026-02-01 (close_date) is before the created date 2026-03-01 (engage_date)\""
        ),
        "{text}"
    );
    std::fs::write(
        &csv,
        head.to_string()
            + &rows
                .replace("1e3", "1000")
                .replace("2026-02-01,1000", "2026-04-01,1000"),
    )
    .unwrap();
    let (code, r, _) = cli(&args);
    assert_eq!(
        (code, r["rejected"].as_u64(), r["report"].is_null()),
        (0, Some(0), true),
        "{r}"
    );
    assert!(!report.exists(), "the old report is removed");
}

#[test]
fn a_salesforce_report_goes_into_a_new_workspace_with_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.partnerboard");
    assert_eq!(cli(&["new", arg(&file)]).0, 0);
    let csv = dir.path().join("report.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/salesforce_new_workspace.csv"),
        &csv,
    )
    .unwrap();
    let stage_map = "Prospecting=Registered,Qualification=Qualified,Needs Analysis=Joint working,Proposal/Price Quote=Proposal,Negotiation/Review=Commit";
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "deals",
            arg(&file),
            arg(&csv),
            "--preset",
            "salesforce",
            "--stage-map",
            stage_map,
            "--as-of",
            "2026-11-30",
            "--json",
        ];
        args.extend_from_slice(extra);
        cli(&args)
    };
    let (code, strict, _) = import(&["--no-create-partners"]);
    assert_eq!(code, 0, "{strict}");
    assert_eq!(
        (strict["accepted"].as_u64(), strict["rejected"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(strict["created_partners"]["count"], 0);

    let (code, r, _) = import(&[]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (
            r["accepted"].as_u64(),
            r["updated"].as_u64(),
            r["rejected"].as_u64()
        ),
        (Some(11), Some(2), Some(0)),
        "{r}"
    );
    assert_eq!(r["report"], Value::Null, "the strict run's report is gone");
    assert_eq!(r["created_partners"]["count"], 4);
    assert_eq!(r["created_partners"]["names"][0], "Reseller X");
    assert_eq!(r["created_types"]["count"], 0);
    assert!(r["created"].as_str().unwrap().contains("choose their type"));

    let help = Command::new(env!("CARGO_BIN_EXE_partnerboard-cli"))
        .args(["import", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(!help.contains("come next"), "{help}");
    for field in [
        "expected_close",
        "signed",
        "region",
        "email",
        "role",
        "--no-create-partners",
        "created_types",
    ] {
        assert!(help.contains(field), "import --help lacks {field}: {help}");
    }
}

/// The workspace's bytes, to show a refused write left them as they were.
fn bytes_of(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn no_output_lands_on_a_workspace_a_link_or_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.partnerboard");
    assert_eq!(cli(&["new", arg(&ws)]).0, 0);
    let before = bytes_of(&ws);
    // The workspace itself, under its own name and under a hard link named like an export.
    let hard = dir.path().join("deals.csv");
    std::fs::hard_link(&ws, &hard).unwrap();
    for out in [&ws, &hard] {
        for force in [false, true] {
            let mut args = vec!["export", "deals", arg(&ws), "--out", arg(out)];
            if force {
                args.push("--force");
            }
            let (code, json, _) = cli(&args);
            assert_ne!(code, 0, "{json}");
            assert!(
                json["error"].as_str().unwrap().contains("is a workspace"),
                "{json}"
            );
            let (code, json, _) = cli(&["chart", "pipeline", arg(&ws), "--out", arg(out)]);
            assert_ne!(code, 0, "{json}");
        }
    }
    let (code, json, _) = cli(&["operating-model", arg(&ws), "--out", arg(&ws), "--force"]);
    assert_ne!(code, 0, "{json}");
    assert_eq!(bytes_of(&ws), before, "the workspace is untouched");
    let conn = Connection::open(&ws).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");

    // A link to someone's file is never written through.
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, b"keep").unwrap();
    let link = dir.path().join("chart.svg");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let (code, json, _) = cli(&[
        "chart",
        "pipeline",
        arg(&ws),
        "--out",
        arg(&link),
        "--force",
    ]);
    assert_ne!(code, 0, "{json}");
    assert!(json["error"].as_str().unwrap().contains("link"), "{json}");
    assert_eq!(bytes_of(&precious), b"keep");

    // An existing export is replaced only with --force, and then in one piece.
    let out = dir.path().join("partners.csv");
    std::fs::write(&out, b"yesterday's").unwrap();
    let (code, json, _) = cli(&["export", "partners", arg(&ws), "--out", arg(&out)]);
    assert_ne!(code, 0, "{json}");
    assert!(
        json["error"].as_str().unwrap().contains("--force"),
        "{json}"
    );
    assert_eq!(bytes_of(&out), b"yesterday's");
    let (code, json, _) = cli(&[
        "export",
        "partners",
        arg(&ws),
        "--out",
        arg(&out),
        "--force",
    ]);
    assert_eq!(code, 0, "{json}");
    assert!(String::from_utf8(bytes_of(&out)).unwrap().contains("name"));
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_or_a_pipe_as_workspace_is_told_at_once() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("d.partnerboard");
    assert_eq!(cli(&["demo", "--out", arg(&ws)]).0, 0);
    let bin = env!("CARGO_BIN_EXE_partnerboard-cli");

    // `rank … | head -0`: the reader is gone before the first line.
    let mut child = Command::new(bin)
        .args(["rank", arg(&ws), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A disk that is full.
    if Path::new("/dev/full").exists() {
        let out = Command::new(bin)
            .args(["rank", arg(&ws), "--json"])
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{stderr}");
        assert!(stderr.contains("could not be written"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    // A folder, and a pipe no one writes to, given as the workspace: refused, not waited on.
    let fifo = dir.path().join("pipe.partnerboard");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut refused = vec![dir.path().to_path_buf()];
    if made.is_ok_and(|s| s.success()) {
        refused.push(fifo);
    }
    for path in refused {
        for args in [
            vec!["rank", arg(&path), "--json"],
            vec!["soak", arg(&path), "--edits", "1"],
        ] {
            let mut child = Command::new(bin)
                .args(&args)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let start = std::time::Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if start.elapsed() > std::time::Duration::from_secs(20) {
                    child.kill().unwrap();
                    panic!("{args:?} waited on {}", path.display());
                }
                std::thread::yield_now();
            };
            let mut text = String::new();
            std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut text).unwrap();
            assert!(!status.success(), "{args:?}: {text}");
            assert!(
                text.contains("is a folder") || text.contains("not an ordinary file"),
                "{args:?}: {text}"
            );
        }
        assert!(!dir.path().join("pipe.partnerboard.lock").exists());
    }
}

/// A new workspace's defaults are proposals, never decisions: `workshop` lists every step with
/// its status, and none is decided until someone decides it.
#[test]
fn workshop_lists_the_steps_and_a_new_workspace_has_none_decided() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fresh.partnerboard");
    let (code, _, _) = cli(&["new", arg(&file), "--company", "Fresh Co"]);
    assert_eq!(code, 0);
    let (code, w, err) = cli(&["workshop", arg(&file), "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(w["company"], "Fresh Co");
    assert_eq!(
        (w["decided"].as_u64(), w["total"].as_u64()),
        (Some(0), Some(8))
    );
    let steps = w["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8);
    for s in steps {
        assert_ne!(s["status"], "decided", "{s}");
        assert_eq!(s["decided"], false);
        assert!(s["decision"].is_null());
    }
    // The thesis is unwritten: open, not merely proposed.
    assert_eq!(steps[0]["id"], "thesis");
    assert_eq!(steps[0]["status"], "open");
    assert!(w["summary"]
        .as_str()
        .unwrap()
        .starts_with("0 of 8 steps decided"));
}
