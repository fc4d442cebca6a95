//! Deals through IPC: the sales process, moving and closing deals, and CSV import.

use super::demo_harness;
use serde_json::{json, Value};

#[test]
fn deals_process_and_import_through_ipc() {
    let h = demo_harness();
    let view = h.call("deals_get", json!({})).unwrap();
    let stages = view["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5);
    let open = view["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["outcome"] == "open")
        .unwrap()
        .clone();
    let target = stages
        .iter()
        .map(|s| s["stage"]["id"].clone())
        .find(|id| *id != open["stage_id"])
        .unwrap();
    h.call(
        "deal_move",
        json!({ "dealId": open["id"], "stageId": target }),
    )
    .unwrap();
    let moved = h.call("deals_get", json!({})).unwrap()["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == open["id"])
        .unwrap()
        .clone();
    assert_eq!(moved["stage_id"], target);
    assert_eq!(moved["days_in_stage"], 0);
    let err = h
        .call(
            "deal_close",
            json!({ "dealId": open["id"], "outcome": "maybe", "date": "2026-01-01" }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");

    let mut process: Vec<Value> = stages.iter().map(|s| s["stage"].clone()).collect();
    process[1]["owner"] = json!("");
    let err = h
        .call("stages_save", json!({ "stages": process }))
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("needs an owner"));

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("hs.csv");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hubspot_deals.csv"),
        &csv,
    )
    .unwrap();
    let request =
        json!({ "path": csv.display().to_string(), "kind": "deals", "preset": "hubspot" });
    let preview = h
        .call("import_preview", json!({ "requestJson": request }))
        .unwrap();
    let (shown, refused) = (
        preview["rows"].as_array().unwrap().len(),
        preview["rejected_rows"].as_array().unwrap().len(),
    );
    assert_eq!(shown + refused, 5, "every row is previewed or refused");
    assert!(refused >= 1, "the row with amount “abc” is refused");
    let report = h
        .call("import_run", json!({ "requestJson": request }))
        .unwrap();
    assert_eq!(
        (
            report["inserted"].as_u64().unwrap() as usize,
            report["rejected"].as_u64().unwrap() as usize
        ),
        (shown, refused)
    );
    assert!(dir.path().join("hs.rejected.csv").exists());
    let err = h
        .call(
            "import_run",
            json!({ "requestJson": { "path": "", "kind": "deals" } }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "Choose a CSV file to import.");
    let err = h
        .call(
            "import_run",
            json!({ "requestJson": { "path": "/nope/missing.csv", "kind": "deals" } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "io");
}
