//! Program design through IPC: partner types, targets and the header, with undo and redo.

use super::{harness, reseller};
use serde_json::{json, Value};

#[test]
fn create_edit_reorder_delete_and_undo_through_ipc() {
    let h = harness(true);
    let program = h
        .call("partner_type_create", json!({ "draft": reseller() }))
        .unwrap();
    assert_eq!(program["types"][0]["name"], "Resellers");
    assert_eq!(
        program["types"][0]["enablement"],
        json!(["Certify two reps", "First registered deal"])
    );
    let id = program["types"][0]["id"].as_i64().unwrap();

    let mut agency = reseller();
    agency["name"] = json!("Agencies");
    agency["incentive_kind"] = json!("referral_fee");
    agency["incentive_value"] = json!(1500);
    h.call("partner_type_create", json!({ "draft": agency }))
        .unwrap();
    let program = h
        .call("partner_type_move", json!({ "id": id, "offset": 1 }))
        .unwrap();
    let names: Vec<&str> = program["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Agencies", "Resellers"]);

    let mut edited = reseller();
    edited["motion"] = json!("Resell and support");
    let program = h
        .call("partner_type_update", json!({ "id": id, "draft": edited }))
        .unwrap();
    assert_eq!(program["types"][1]["motion"], "Resell and support");

    let program = h.call("partner_type_delete", json!({ "id": id })).unwrap();
    assert_eq!(program["types"].as_array().unwrap().len(), 1);

    let step = h.call("history_undo", json!({})).unwrap();
    assert_eq!(step["applied"], "Delete partner type “Resellers”");
    let program = h.call("program_get", json!({})).unwrap();
    assert_eq!(program["types"][1]["motion"], "Resell and support");
    let step = h.call("history_redo", json!({})).unwrap();
    assert_eq!(step["applied"], "Delete partner type “Resellers”");
    assert_eq!(step["state"]["redo"], Value::Null);

    let info = h.call("workspace_info", json!({})).unwrap();
    assert_eq!(info["name"], "cmd");
    assert_eq!(info["company"], "Acme");
    assert_eq!(info["counts"]["partner_types"], 1);
    assert_eq!(info["counts"]["stages"], 5);
}

#[test]
fn bad_input_is_refused_with_kind_and_message() {
    let h = harness(true);
    let cases = [
        (
            json!({ "name": "", "motion": "", "incentive_kind": "margin", "incentive_value": 10, "enablement": [] }),
            "cannot be empty",
        ),
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "margin", "incentive_value": 150, "enablement": [] }),
            "between 0 and 100",
        ),
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "margin", "incentive_value": -5, "enablement": [] }),
            "between 0 and 100",
        ),
        // NaN crosses JSON as null.
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "margin", "incentive_value": null, "enablement": [] }),
            "could not be read",
        ),
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "margin", "incentive_value": "ten", "enablement": [] }),
            "could not be read",
        ),
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "bribe", "incentive_value": 1, "enablement": [] }),
            "could not be read",
        ),
        (
            json!({ "name": "x".repeat(81), "motion": "", "incentive_kind": "margin", "incentive_value": 1, "enablement": [] }),
            "limit is 80",
        ),
        (
            json!({ "name": "X", "motion": "m".repeat(2001), "incentive_kind": "margin", "incentive_value": 1, "enablement": [] }),
            "limit is 2000",
        ),
        (
            json!({ "name": "X", "motion": "", "incentive_kind": "margin", "incentive_value": 1, "enablement": vec!["s"; 21] }),
            "at most 20 steps",
        ),
        (json!("not an object"), "could not be read"),
    ];
    for (draft, expected) in cases {
        let err = h
            .call("partner_type_create", json!({ "draft": draft.clone() }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{draft}");
        let message = err["message"].as_str().unwrap();
        assert!(message.contains(expected), "{draft} → {message}");
    }
    let program = h.call("program_get", json!({})).unwrap();
    assert!(
        program["types"].as_array().unwrap().is_empty(),
        "nothing was written"
    );
    assert_eq!(
        h.call("history_state", json!({})).unwrap()["undo"],
        Value::Null
    );

    let err = h
        .call("partner_type_delete", json!({ "id": 999 }))
        .unwrap_err();
    assert_eq!(err["kind"], "not_found");
    let err = h
        .call("partner_type_move", json!({ "id": 1, "offset": 5 }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");

    h.call("partner_type_create", json!({ "draft": reseller() }))
        .unwrap();
    let err = h
        .call("partner_type_create", json!({ "draft": reseller() }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("already exists"));

    let err = h
        .call(
            "program_target_set",
            json!({ "draft": { "metric": "retention", "quarterly_value": 101 } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    let err = h
        .call(
            "program_update",
            json!({ "draft": { "company": " ", "thesis": "" } }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "The company name cannot be empty.");
}

#[test]
fn targets_and_header_round_trip() {
    let h = harness(true);
    h.call(
        "program_update",
        json!({ "draft": { "company": "Northwind", "thesis": "Partners open doors" } }),
    )
    .unwrap();
    h.call(
        "program_target_set",
        json!({ "draft": { "metric": "sourced_pipeline", "quarterly_value": 1500000 } }),
    )
    .unwrap();
    let program = h
        .call(
            "program_target_set",
            json!({ "draft": { "metric": "retention", "quarterly_value": 92 } }),
        )
        .unwrap();
    assert_eq!(program["company"], "Northwind");
    assert_eq!(program["targets"].as_array().unwrap().len(), 2);
    let err = h
        .call(
            "program_target_set",
            json!({ "draft": { "metric": "attached_revenue", "quarterly_value": 1 } }),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("one or two"));
    let id = program["targets"][1]["id"].as_i64().unwrap();
    let program = h
        .call("program_target_delete", json!({ "id": id }))
        .unwrap();
    assert_eq!(program["targets"].as_array().unwrap().len(), 1);
}

#[test]
fn currencies_round_trip_through_ipc_and_bad_rates_are_refused() {
    let h = harness(true);
    let start = h.call("currencies_get", json!({})).unwrap();
    assert_eq!(start, json!({ "home": "USD", "rates": [] }));
    let saved = h
        .call(
            "currencies_set",
            json!({ "currencies": { "home": "usd", "rates": [
                { "currency": "eur", "to_home": 1.08, "on": "2026-01-01" }
            ] } }),
        )
        .unwrap();
    assert_eq!(
        saved,
        json!({ "home": "USD", "rates": [
            { "currency": "EUR", "to_home": 1.08, "on": "2026-01-01" }
        ] })
    );
    let err = h
        .call(
            "currencies_set",
            json!({ "currencies": { "home": "USD", "rates": [
                { "currency": "GBP", "to_home": -2.0, "on": "2026-01-01" }
            ] } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(h.call("currencies_get", json!({})).unwrap(), saved);
    h.call("history_undo", json!({})).unwrap();
    assert_eq!(h.call("currencies_get", json!({})).unwrap(), start);
}
