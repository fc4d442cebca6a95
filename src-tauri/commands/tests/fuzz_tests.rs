//! Every command's JSON input, fuzzed through the same IPC path the window uses: arbitrary
//! argument objects (the commands' own argument names, in both spellings, holding arbitrary
//! JSON) must never panic. Each call answers with a value or a `{kind, message}` error, and
//! afterwards the workspace still passes SQLite's integrity check.
//!
//! Cases per command: `PROPTEST_CASES` (24 by default here); e.g.
//! `PROPTEST_CASES=2000 cargo test --release --lib fuzz_tests` for a longer run.

use super::{demo_harness, Harness, COMMANDS};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};
use tauri::Manager;

/// The one command that only opens a native file picker (there is none in the mock runtime)
/// and takes no input. Save dialogs answer with a test folder (see `dialogs.rs`).
const DIALOGS: &[&str] = &["pick_csv"];

/// Every argument name the commands take, plus a few that none does.
const KEYS: &[&str] = &[
    "after",
    "bands",
    "before",
    "colour",
    "date",
    "dealId",
    "deal_id",
    "draft",
    "factorId",
    "factor_id",
    "factors",
    "format",
    "from",
    "headers",
    "id",
    "mapping",
    "members",
    "name",
    "note",
    "offset",
    "options",
    "outcome",
    "overrideReason",
    "override_reason",
    "partnerId",
    "partner_id",
    "profile",
    "request",
    "reviewer",
    "rows",
    "score",
    "scores",
    "stageId",
    "stage_id",
    "stages",
    "table",
    "tiers",
    "to",
    "traitId",
    "trait_id",
    "file",
    "path",
    "kind",
    "asOf",
    "windowDays",
    "method",
    "seed",
    "scale",
    "unknown",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-3_i64..400).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        prop_oneof![
            Just("deals"),
            Just("partners"),
            Just("png"),
            Just("svg"),
            Just("won"),
            Just("calibrated"),
            Just("<script>alert(1)</script>"),
            Just("../../etc/passwd"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                proptest::sample::select(KEYS).prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn args() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => proptest::collection::btree_map(
            proptest::sample::select(KEYS).prop_map(str::to_string),
            json(),
            0..5
        )
        .prop_map(|m| Value::Object(m.into_iter().collect())),
        1 => json(),
    ]
}

fn integrity(h: &Harness) -> String {
    let state = h.window.state::<super::AppState>();
    state.with(|ws| Ok(ws.integrity()?)).unwrap_or_default()
}

#[test]
fn no_command_panics_on_any_json_input() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let h = demo_harness();
    let saves = tempfile::tempdir().unwrap();
    h.window
        .app_handle()
        .manage(super::SaveDir(Some(saves.path().to_path_buf())));
    let calls = std::cell::Cell::new(0_u64);
    let refused = std::cell::Cell::new(0_u64);
    for cmd in COMMANDS.iter().filter(|c| !DIALOGS.contains(c)) {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let outcome = runner.run(&args(), |input| {
            calls.set(calls.get() + 1);
            match h.call(cmd, input.clone()) {
                Ok(_) => {}
                Err(e) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(
                        e.get("message")
                            .and_then(Value::as_str)
                            .is_some_and(|m| !m.is_empty())
                            || e.as_str().is_some_and(|m| !m.is_empty()),
                        "{cmd} refused {input} without a message: {e}"
                    );
                }
            }
            Ok(())
        });
        if let Err(e) = outcome {
            panic!("{cmd}: {e}");
        }
    }
    let (calls, refused) = (calls.get(), refused.get());
    assert_eq!(
        integrity(&h),
        "ok",
        "the workspace is sound after {calls} fuzzed calls"
    );
    eprintln!(
        "command fuzz: {calls} calls over {} commands, {refused} refused with a message, 0 panics",
        COMMANDS.len() - DIALOGS.len()
    );
    assert!(refused > 0 && refused < calls);
}
