//! Deals through IPC: the sales process, moving and closing deals, and CSV import.

use super::{demo_harness, harness, reseller};
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
    let picked = h.pick(&csv);
    let request = json!({ "file": picked, "kind": "deals", "preset": "hubspot" });
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
            json!({ "requestJson": { "file": "", "kind": "deals" } }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "Choose a CSV file to import.");
    // A path the page made up, or a token nobody gave out, names no file.
    for made_up in [
        csv.display().to_string(),
        "/etc/passwd".into(),
        "picked-99".into(),
    ] {
        let err = h
            .call(
                "import_preview",
                json!({ "requestJson": { "file": made_up, "kind": "deals" } }),
            )
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input");
        assert!(err["message"].as_str().unwrap().contains("Browse"), "{err}");
    }
    // The old field, a raw path, is not read at all.
    let err = h
        .call(
            "import_run",
            json!({ "requestJson": { "path": csv.display().to_string(), "kind": "deals" } }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "Choose a CSV file to import.");
    // A picked file that has since gone is told as such.
    let gone = dir.path().join("gone.csv");
    std::fs::write(&gone, "Deal ID\n").unwrap();
    let token = h.pick(&gone);
    std::fs::remove_file(&gone).unwrap();
    let err = h
        .call(
            "import_run",
            json!({ "requestJson": { "file": token, "kind": "deals" } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "io");
}

#[test]
fn a_report_into_an_empty_workspace_creates_its_partners_and_the_picker_types_them() {
    let h = harness(true);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sf.csv");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/salesforce_new_workspace.csv"),
        &csv,
    )
    .unwrap();
    let stage_map = [
        ["Prospecting", "Registered"],
        ["Qualification", "Qualified"],
        ["Needs Analysis", "Joint working"],
        ["Proposal/Price Quote", "Proposal"],
        ["Negotiation/Review", "Commit"],
    ];
    let picked = h.pick(&csv);
    let request = |strict: bool| {
        json!({ "file": picked, "kind": "deals", "preset": "salesforce",
                "stage_map": stage_map, "as_of": "2026-11-30", "strict": strict })
    };
    let strict = h
        .call("import_preview", json!({ "requestJson": request(true) }))
        .unwrap();
    assert_eq!(strict["rejected_rows"].as_array().unwrap().len(), 11);
    assert_eq!(strict["created"]["partners"]["count"], 0);

    let report = h
        .call("import_run", json!({ "requestJson": request(false) }))
        .unwrap();
    assert_eq!(
        (report["inserted"].as_u64(), report["rejected"].as_u64()),
        (Some(13), Some(0))
    );
    let created = &report["created"]["partners"];
    assert_eq!(created["count"], 4);
    let ids = created["ids"].clone();
    assert_eq!(ids.as_array().unwrap().len(), 4);
    let untyped = |view: &Value| -> usize {
        view["partners"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["type_id"].is_null() && p["type_name"] == "")
            .count()
    };
    let view = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(untyped(&view), 4);

    // No type exists yet: the picker's call is refused, nothing changes.
    let err = h
        .call(
            "partners_set_type",
            json!({ "partnerIds": ids, "typeId": 1 }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input", "{err}");
    let program = h
        .call("partner_type_create", json!({ "draft": reseller() }))
        .unwrap();
    let type_id = program["types"][0]["id"].clone();
    let changed = h
        .call(
            "partners_set_type",
            json!({ "partnerIds": ids, "typeId": type_id }),
        )
        .unwrap();
    assert_eq!(changed, 4);
    let view = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(untyped(&view), 0);
    assert!(view["partners"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["type_name"] == "Resellers"));
    // One undoable step.
    h.call("history_undo", json!({})).unwrap();
    let view = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(untyped(&view), 4);
    let err = h
        .call(
            "partners_set_type",
            json!({ "partnerIds": [], "typeId": type_id }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
}
