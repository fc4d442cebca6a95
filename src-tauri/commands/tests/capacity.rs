//! Tiers and capacity through IPC: the plan preview and save, owner moves, cadence and contacts.

use super::demo_harness;
use serde_json::{json, Value};

#[test]
fn capacity_preview_plan_save_owner_moves_and_cadence_through_ipc() {
    let h = demo_harness();
    let saved = h.call("capacity_get", json!({})).unwrap();
    assert_eq!(saved["capacity"], 400.0);
    assert_eq!(
        saved["statement"],
        // Tier 2's 15 ready partners need 30 h: (400 − 30) ÷ 8 = 46, not the 50 of all 400 h.
        "At 400 h/month, once the other tiers have their 30 h, Tier 1 holds at most 46 partners at 8 h each."
    );
    let tiers = saved["tiers"].clone();
    let mut members: Vec<Value> = saved["members"].as_array().unwrap().clone();

    for bad in [json!(-1), json!(null), json!(745), json!("lots")] {
        let mut m = members.clone();
        m[0]["hours_per_month"] = bad.clone();
        let err = h
            .call("capacity_preview", json!({ "tiers": tiers, "members": m }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{bad}");
        let err = h
            .call("plan_save", json!({ "tiers": tiers, "members": m }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{bad}");
    }
    assert_eq!(
        h.call("history_state", json!({})).unwrap()["undo"],
        Value::Null
    );

    for m in members.iter_mut() {
        m["hours_per_month"] = json!(10);
    }
    let preview = h
        .call(
            "capacity_preview",
            json!({ "tiers": tiers, "members": members }),
        )
        .unwrap();
    assert_eq!(preview["capacity"], 40.0);
    assert_eq!(preview["tier_loads"][0]["placed"], 5);
    // Tier 1's 18 seats go to ready partners (nurture ones sit in the lowest tier, whose
    // service costs no hours); the 40 hours carry 5 of them, and nobody in Tier 2.
    let eligible = |t: usize| preview["tier_loads"][t]["eligible"].as_u64().unwrap() as usize;
    assert_eq!(eligible(0), 18);
    assert_eq!(eligible(1), 15, "the demo's ready partners run out 33 deep");
    assert_eq!(
        preview["held_back"].as_array().unwrap().len(),
        (18 - 5) + eligible(1)
    );
    assert_eq!(
        h.call("capacity_get", json!({})).unwrap()["capacity"],
        400.0,
        "a preview saves nothing"
    );

    h.call("plan_save", json!({ "tiers": tiers, "members": members }))
        .unwrap();
    assert_eq!(h.call("capacity_get", json!({})).unwrap()["capacity"], 40.0);
    let moves = h.call("capacity_get", json!({})).unwrap()["moves"]
        .as_array()
        .unwrap()
        .len();
    let moved = h.call("owners_apply", json!({})).unwrap();
    assert_eq!(moved.as_u64().unwrap() as usize, moves);
    assert_eq!(
        h.call("capacity_get", json!({})).unwrap()["moves"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    h.call("history_undo", json!({})).unwrap();
    h.call("history_undo", json!({})).unwrap();
    assert_eq!(
        h.call("capacity_get", json!({})).unwrap()["capacity"],
        400.0
    );

    let cadence = h.call("cadence_get", json!({})).unwrap();
    assert_eq!(cadence["adherence"].as_array().unwrap().len(), 3);
    assert_eq!(
        cadence["adherence"][2]["percent"],
        Value::Null,
        "self-serve owes no touches"
    );
    let due = cadence["due"].as_array().unwrap();
    assert!(
        due.windows(2).all(|w| (
            w[0]["tier_index"].as_u64(),
            -w[0]["days_overdue"].as_i64().unwrap()
        ) <= (
            w[1]["tier_index"].as_u64(),
            -w[1]["days_overdue"].as_i64().unwrap()
        )),
        "sorted by tier then days overdue"
    );

    let partner = h.call("prioritization_get", json!({})).unwrap()["partners"][0]["id"].clone();
    let err = h
        .call(
            "contact_save",
            json!({ "draft": { "id": null, "partner_id": partner, "name": "" } }),
        )
        .unwrap_err();
    assert_eq!(err["message"], "A contact's name cannot be empty.");
    let id = h
        .call(
            "contact_save",
            json!({ "draft": { "id": null, "partner_id": partner, "name": "Ines Duarte" } }),
        )
        .unwrap();
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    let err = h
        .call(
            "touch_log",
            json!({ "draft": { "contact_id": id, "touched_on": tomorrow, "channel": "call" } }),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("future"));
    let today = chrono::Local::now().date_naive().to_string();
    h.call("touch_log", json!({ "draft": { "contact_id": id, "touched_on": today, "channel": "call", "note": "Intro" } })).unwrap();
    let contacts = h
        .call("contacts_list", json!({ "partnerId": partner }))
        .unwrap();
    let ines = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap();
    assert_eq!(ines["touches"][0]["note"], "Intro");
}
