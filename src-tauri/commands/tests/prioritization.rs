//! Prioritization through IPC: the what-if, the scoring model, scores, tiers, partners and cycles.

use super::demo_harness;
use serde_json::{json, Value};

fn order(view: &Value) -> Vec<i64> {
    let mut ranked: Vec<(i64, i64)> = view["partners"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["rank"].as_i64().map(|r| (r, p["id"].as_i64().unwrap())))
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn preview_matches_what_apply_saves_and_undo_restores() {
    let h = demo_harness();
    let saved = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(saved["factors"].as_array().unwrap().len(), 4);
    assert_eq!(saved["tiers"].as_array().unwrap().len(), 3);
    let ranked = saved["ranked"].as_u64().unwrap() as usize;
    assert_eq!(order(&saved).len(), ranked);
    let tier_total: u64 = saved["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["partners"].as_u64().unwrap())
        .sum();
    assert_eq!(
        tier_total as usize, ranked,
        "every ranked partner has exactly one tier"
    );

    let mut factors: Vec<Value> = saved["factors"].as_array().unwrap().clone();
    factors[0]["weight"] = json!(1);
    factors[3]["weight"] = json!(100);
    let preview = h
        .call(
            "prioritization_preview",
            json!({ "factors": factors, "tiers": null }),
        )
        .unwrap();
    let previewed: Vec<i64> = preview["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    assert_eq!(previewed.len(), ranked);
    assert_ne!(previewed, order(&saved));
    assert!((preview["shares"][3].as_f64().unwrap() - 100.0 / 151.0 * 100.0).abs() < 1e-9);
    let moves = preview["changes"]["tier_moves"].as_array().unwrap().len();
    assert!(
        moves > 0,
        "a big reweighting moves someone across a tier line"
    );
    assert_eq!(
        order(&h.call("prioritization_get", json!({})).unwrap()),
        order(&saved),
        "a preview saves nothing"
    );

    h.call("factor_model_save", json!({ "factors": factors }))
        .unwrap();
    assert_eq!(
        order(&h.call("prioritization_get", json!({})).unwrap()),
        previewed
    );
    let step = h.call("history_undo", json!({})).unwrap();
    assert_eq!(step["applied"], "Change scoring model");
    assert_eq!(
        order(&h.call("prioritization_get", json!({})).unwrap()),
        order(&saved)
    );
}

#[test]
fn bad_models_scores_and_tiers_are_refused_and_nothing_is_half_saved() {
    let h = demo_harness();
    let saved = h.call("prioritization_get", json!({})).unwrap();
    let factors: Vec<Value> = saved["factors"].as_array().unwrap().clone();
    let mut six = factors.clone();
    six.push(json!({ "id": null, "name": "Five", "description": "", "weight": 1 }));
    six.push(json!({ "id": null, "name": "Six", "description": "", "weight": 1 }));
    let err = h
        .call("factor_model_save", json!({ "factors": six }))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("at most 5"),
        "{err}"
    );
    let err = h
        .call("factor_model_save", json!({ "factors": factors[..2] }))
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("at least 3"));
    for weight in [json!(0), json!(-3), json!(null), json!("heavy")] {
        let mut bad = factors.clone();
        bad[1]["weight"] = weight.clone();
        let err = h
            .call("factor_model_save", json!({ "factors": bad }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{weight}");
    }

    let partner = saved["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["rank"].is_number())
        .unwrap();
    let (pid, fid) = (
        partner["id"].as_i64().unwrap(),
        factors[0]["id"].as_i64().unwrap(),
    );
    for score in [
        json!(0),
        json!(6),
        json!(2.5),
        json!(""),
        json!("x"),
        json!([3]),
    ] {
        let err = h
            .call(
                "factor_score_set",
                json!({ "partnerId": pid, "factorId": fid, "score": score }),
            )
            .expect_err(&score.to_string());
        assert_eq!(
            err["message"], "A factor score is a whole number from 1 to 5.",
            "{score}"
        );
    }

    let tiers: Vec<Value> = saved["tiers"].as_array().unwrap().clone();
    let mut top_minus_one = tiers.clone();
    top_minus_one[0]["rule"] = json!({ "kind": "top_n", "value": -1 });
    let err = h
        .call("tiers_save", json!({ "tiers": top_minus_one }))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("at least 1"),
        "{err}"
    );
    let mut same_name = tiers.clone();
    same_name[1]["name"] = tiers[0]["name"].clone();
    let err = h
        .call("tiers_save", json!({ "tiers": same_name }))
        .unwrap_err();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("Two tiers are called"));

    assert_eq!(
        h.call("history_state", json!({})).unwrap()["undo"],
        Value::Null,
        "nothing was written"
    );
    let again = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(order(&again), order(&saved));
}

#[test]
fn scores_tiers_partners_and_cycles_through_ipc() {
    let h = demo_harness();
    let saved = h.call("prioritization_get", json!({})).unwrap();
    let factors = saved["factors"].as_array().unwrap();
    let last = *order(&saved).last().unwrap();
    for f in factors {
        h.call(
            "factor_score_set",
            json!({ "partnerId": last, "factorId": f["id"], "score": 5 }),
        )
        .unwrap();
    }
    let view = h.call("prioritization_get", json!({})).unwrap();
    let p = view["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == last)
        .unwrap();
    assert_eq!(p["score"], 100.0);
    h.call(
        "factor_score_set",
        json!({ "partnerId": last, "factorId": factors[0]["id"], "score": null }),
    )
    .unwrap();
    let view = h.call("prioritization_get", json!({})).unwrap();
    let p = view["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == last)
        .unwrap();
    assert_eq!(p["rank"], Value::Null);
    assert_eq!(p["missing"], json!([factors[0]["name"]]));

    let mut tiers: Vec<Value> = view["tiers"].as_array().unwrap().clone();
    tiers[1]["cadence"] = tiers[0]["cadence"].clone();
    h.call("tiers_save", json!({ "tiers": tiers })).unwrap();
    let view = h.call("prioritization_get", json!({})).unwrap();
    assert_eq!(view["warnings"].as_array().unwrap().len(), 1);

    let type_id = view["partners"][0]["type_id"].clone();
    let id = h.call("partner_create", json!({ "draft": { "name": "Nimbus Partners", "type_id": type_id, "status": "active" } })).unwrap();
    let view = h.call("prioritization_get", json!({})).unwrap();
    let nimbus = view["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap();
    assert_eq!(nimbus["missing"].as_array().unwrap().len(), 4);
    h.call("partner_delete", json!({ "id": id })).unwrap();

    let q3 = h.call("cycle_close", json!({ "name": "Q3" })).unwrap();
    let q4 = h.call("cycle_close", json!({ "name": "Q4" })).unwrap();
    assert_eq!(
        h.call("cycle_list", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let c = h
        .call("cycle_compare", json!({ "before": q3, "after": q4 }))
        .unwrap();
    assert_eq!(
        c["risers"].as_array().unwrap().len(),
        0,
        "nothing changed between the two cycles"
    );
    let err = h
        .call("cycle_compare", json!({ "before": q3, "after": 999 }))
        .unwrap_err();
    assert_eq!(err["kind"], "not_found");
    let err = h.call("cycle_close", json!({ "name": "  " })).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
}
