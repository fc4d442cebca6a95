//! Partner profiles and readiness through IPC: trait checks, signing, reviews and bands.

use super::demo_harness;
use serde_json::json;

#[test]
fn profiles_signing_and_readiness_through_ipc() {
    let h = demo_harness();
    let view = h.call("profiles_get", json!({})).unwrap();
    assert_eq!(view["profiles"].as_array().unwrap().len(), 4);
    let prospect = view["prospects"][0].clone();
    let pid = prospect["partner_id"].clone();
    let profile = view["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type_id"] == prospect["type_id"])
        .unwrap()["profile"]
        .clone();
    let today = chrono::Local::now().date_naive().to_string();
    for t in profile["traits"].as_array().unwrap() {
        h.call("trait_check_set", json!({ "partnerId": pid, "traitId": t["id"], "stateName": "met", "note": "Verified", "date": today })).unwrap();
    }
    let view = h.call("profiles_get", json!({})).unwrap();
    let p = view["prospects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["partner_id"] == pid)
        .unwrap();
    assert_eq!(p["verdict"]["verdict"], "fit");
    // A fit alone does not sign: the first readiness review comes with it, or an override.
    let refused = h
        .call(
            "partner_sign",
            json!({ "partnerId": pid, "overrideReason": null }),
        )
        .unwrap_err();
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("needs a first readiness review"),
        "{refused}"
    );
    h.call(
        "partner_sign",
        json!({
            "partnerId": pid,
            "review": { "capability": 2, "capacity": 2, "motion_commitment": 3 },
            "overrideReason": null
        }),
    )
    .unwrap();
    let history = h
        .call("readiness_history", json!({ "partnerId": pid }))
        .unwrap();
    assert_eq!(
        history[0]["total"], 7,
        "the first review is kept: {history}"
    );
    let roster = h.call("prioritization_get", json!({})).unwrap();
    let signed = roster["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pid)
        .unwrap();
    assert_eq!(signed["status"], "active");

    let err = h.call("trait_check_set", json!({ "partnerId": pid, "traitId": 1, "stateName": "maybe", "note": "", "date": today })).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    let mut bad = profile.clone();
    bad["walk_away_count"] = json!(0);
    assert_eq!(
        h.call("profile_save", json!({ "profile": bad }))
            .unwrap_err()["kind"],
        "invalid_input"
    );
    bad["walk_away_count"] = json!(99);
    assert_eq!(
        h.call("profile_save", json!({ "profile": bad }))
            .unwrap_err()["kind"],
        "invalid_input"
    );

    let readiness = h.call("readiness_get", json!({})).unwrap();
    let row = readiness["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "nurture")
        .unwrap()
        .clone();
    for bad in [
        json!({ "capability": 4, "capacity": 0, "motion_commitment": 0 }),
        json!({ "capability": 1.5, "capacity": 0, "motion_commitment": 0 }),
    ] {
        let err = h
            .call("readiness_review_add", json!({ "partnerId": row["partner_id"], "date": today, "scores": bad, "reviewer": "", "note": "" }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{bad}");
    }
    let scores = json!({ "capability": 2, "capacity": 2, "motion_commitment": 2 });
    h.call("readiness_review_add", json!({ "partnerId": row["partner_id"], "date": today, "scores": scores, "reviewer": "Maya", "note": "" })).unwrap();
    let history = h
        .call(
            "readiness_history",
            json!({ "partnerId": row["partner_id"] }),
        )
        .unwrap();
    assert_eq!(history[0]["total"], 6);
    let gap = json!({ "ranges": [{ "band": "offboard", "min": 0, "max": 2 }, { "band": "nurture", "min": 4, "max": 5 }, { "band": "active", "min": 6, "max": 9 }] });
    assert!(
        h.call("bands_save", json!({ "bands": gap })).unwrap_err()["message"]
            .as_str()
            .unwrap()
            .contains("gap")
    );
    let check = h
        .call("validity_check", json!({ "from": null, "to": null }))
        .unwrap();
    assert!(check["verdict"].is_string());
}
