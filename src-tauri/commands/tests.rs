//! Command tests through Tauri's mock runtime: the same IPC path the window uses.

use super::{handler, AppState, COMMANDS};
use partnerboard_core::store::create_new;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

pub(super) struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    pub(super) window: WebviewWindow<MockRuntime>,
}

fn harness(with_workspace: bool) -> Harness {
    harness_with(with_workspace, false)
}

pub(super) fn demo_harness() -> Harness {
    harness_with(true, true)
}

fn harness_with(with_workspace: bool, demo: bool) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_builder()
        .manage(AppState::default())
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    if with_workspace {
        let path = dir.path().join("cmd.partnerboard");
        let ws = if demo {
            let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
            partnerboard_core::store::create_demo(
                &path,
                &partnerboard_core::domain::demo::generate(80, 9, as_of),
            )
            .unwrap()
        } else {
            create_new(&path, "Acme").unwrap()
        };
        app.state::<AppState>().set_workspace(ws);
    }
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

impl Harness {
    pub(super) fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }
}

fn reseller() -> Value {
    json!({
        "name": "Resellers",
        "motion": "Resell annual plans",
        "incentive_kind": "margin",
        "incentive_value": 20.0,
        "enablement": ["Certify two reps", "First registered deal"]
    })
}

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
fn without_a_workspace_commands_say_so() {
    let h = harness(false);
    let err = h.call("program_get", json!({})).unwrap_err();
    assert_eq!(err["kind"], "workspace");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("No workspace is open"));
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("capabilities/main.json")).unwrap(),
    )
    .unwrap();
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(String::from)
        .collect();
    let expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "capabilities/main.json grants exactly the app's commands"
    );
    let core: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.contains(':'))
        .collect();
    assert_eq!(
        core,
        ["core:event:allow-listen", "core:event:allow-unlisten"],
        "no file, shell or HTTP access from the page"
    );
}

#[test]
fn the_content_security_policy_is_strict() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let conf: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json")).unwrap())
            .unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    let scripts = csp["script-src"].as_str().unwrap();
    assert_eq!(scripts, "'self'");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(
            !value.contains("unsafe-inline") && !value.contains("unsafe-eval"),
            "{directive}: {value}"
        );
        for source in value.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(
                !remote && source != "*",
                "{directive} allows a remote origin: {source}"
            );
        }
    }
    assert_eq!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        Value::Null
    );
}

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

#[test]
fn capacity_preview_plan_save_owner_moves_and_cadence_through_ipc() {
    let h = demo_harness();
    let saved = h.call("capacity_get", json!({})).unwrap();
    assert_eq!(saved["capacity"], 400.0);
    assert_eq!(
        saved["statement"],
        "At 400 h/month, Tier 1 holds at most 50 partners at 8 h each."
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
    assert_eq!(preview["held_back"].as_array().unwrap().len(), 13 + 40);
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
    h.call(
        "partner_sign",
        json!({ "partnerId": pid, "overrideReason": null }),
    )
    .unwrap();
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

#[test]
fn forecast_and_scoreboard_through_ipc() {
    let h = demo_harness();
    let view = h
        .call("forecast_get", json!({ "requestJson": null }))
        .unwrap();
    let f = &view["forecast"];
    assert_eq!(
        f["as_of"], view["last_day"],
        "defaults to the end of the history"
    );
    assert!(f["total"]["p50"].as_f64().unwrap() > 0.0);
    assert_eq!(view["backtest"].as_array().unwrap().len(), 3);
    assert!(
        view["partner_vs_direct"]["partner"]["closed"]
            .as_u64()
            .unwrap()
            > 0
    );
    let earlier = h
        .call(
            "forecast_get",
            json!({ "requestJson": { "as_of": "2026-06-30", "window_days": 60, "method": "run_rate" } }),
        )
        .unwrap();
    assert_eq!(earlier["forecast"]["as_of"], "2026-06-30");
    assert_eq!(earlier["forecast"]["method"], "run_rate");
    assert_eq!(earlier["forecast"]["window_days"], 60);
    assert_eq!(earlier["forecast"]["chosen_because"], "chosen");
    for (ask, words) in [
        (json!({ "as_of": "30/06/2026" }), "YYYY-MM-DD"),
        (json!({ "window_days": 0 }), "1 to 365 days"),
        (json!({ "method": "guess" }), "not a forecast method"),
        (json!({ "as_of": "2001-01-01" }), "inside that range"),
        (json!({ "seed": "x" }), "could not be read"),
        (json!({ "colour": "red" }), "could not be read"),
    ] {
        let e = h
            .call("forecast_get", json!({ "requestJson": ask }))
            .unwrap_err();
        assert_eq!(e["kind"], "invalid_input", "{e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    let board = h
        .call("scoreboard_get", json!({ "requestJson": null }))
        .unwrap();
    for line in [
        "sourced_pipeline",
        "sourced_bookings",
        "partner_vs_direct",
        "forecast",
        "readiness",
        "coverage",
    ] {
        assert!(
            !board[line]["rests_on"].as_str().unwrap().is_empty(),
            "{line}"
        );
    }
    assert_eq!(
        board["forecast"]["value"]["total"], f["total"],
        "the scoreboard shows the same forecast"
    );
}

/// A demo workspace whose save dialogs answer with `save_dir` (the end-to-end test hook).
fn workshop_harness(save_dir: &std::path::Path) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_builder()
        .manage(AppState::default())
        .manage(super::SaveDir(Some(save_dir.to_path_buf())))
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let ws = partnerboard_core::store::create_demo(
        &dir.path().join("ws.partnerboard"),
        &partnerboard_core::domain::demo::generate(80, 9, as_of),
    )
    .unwrap();
    app.state::<AppState>().set_workspace(ws);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

#[test]
fn workshop_steps_and_operating_model_export_through_ipc() {
    let saved = tempfile::tempdir().unwrap();
    let h = workshop_harness(saved.path());
    let w = h.call("workshop_get", json!({})).unwrap();
    assert_eq!(w["total"], 8);
    assert_eq!(w["steps"].as_array().unwrap().len(), 8);
    assert_eq!(w["steps"][0]["id"], "thesis");
    assert_eq!(w["steps"][0]["screen"], "program");
    assert_eq!(w["company"], "Northwind Analytics");
    let decided = w["decided"].as_u64().unwrap();

    // A new type without a profile opens the profile step; the count drops and says why.
    let mut t = reseller();
    t["name"] = json!("Marketplace");
    h.call("partner_type_create", json!({ "draft": t }))
        .unwrap();
    let w = h.call("workshop_get", json!({})).unwrap();
    let profiles = &w["steps"][2];
    assert_eq!(profiles["decided"], false);
    assert!(profiles["open"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q == "Marketplace has no ideal partner profile yet."));
    assert!(w["decided"].as_u64().unwrap() < decided.max(1));

    for (format, ext) in [("html", "html"), ("md", "md")] {
        let path = h
            .call("operating_model_export", json!({ "format": format }))
            .unwrap();
        let path = std::path::PathBuf::from(path.as_str().unwrap());
        assert_eq!(path.parent().unwrap(), saved.path());
        assert_eq!(path.extension().unwrap(), ext);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Northwind Analytics"));
        assert!(text.contains("Marketplace has no ideal partner profile yet."));
    }
    let e = h
        .call("operating_model_export", json!({ "format": "pdf" }))
        .unwrap_err();
    assert_eq!(e["kind"], "invalid_input");
}

#[test]
fn operating_model_export_into_a_missing_folder_says_so() {
    let saved = tempfile::tempdir().unwrap();
    let h = workshop_harness(&saved.path().join("gone"));
    let e = h
        .call("operating_model_export", json!({ "format": "html" }))
        .unwrap_err();
    assert_eq!(e["kind"], "io");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("Nothing was written"));
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

#[test]
fn every_chart_comes_back_as_well_formed_svg_and_unknown_names_are_refused() {
    let h = demo_harness();
    let names = h.call("chart_names", json!({})).unwrap();
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    assert_eq!(names, partnerboard_core::charts::NAMES);
    for name in &names {
        for dark in [false, true] {
            let svg = h
                .call(
                    "chart_svg",
                    json!({ "name": name, "options": { "dark": dark } }),
                )
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let svg = svg.as_str().unwrap();
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
            assert_eq!(
                doc.root_element().attribute("viewBox"),
                Some("0 0 1920 1080")
            );
        }
    }
    let err = h
        .call("chart_svg", json!({ "name": "<script>", "options": {} }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("no chart named"));
    let err = h
        .call(
            "chart_svg",
            json!({ "name": "pipeline", "options": { "as_of": "31/12/2026" } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    // A forecast of the Forecast screen's choosing: 4 weeks, stage-weighted.
    let svg = h
        .call(
            "chart_svg",
            json!({ "name": "forecast-fan", "options": { "forecast": { "as_of": "2026-10-01", "window_days": 28, "method": "stage" } } }),
        )
        .unwrap();
    assert!(svg.as_str().unwrap().contains("28-day forecast"));
    let err = h
        .call(
            "chart_svg",
            json!({ "name": "forecast-fan", "options": { "forecast": { "window_days": 9999 } } }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    let err = harness(false)
        .call("chart_svg", json!({ "name": "pipeline" }))
        .unwrap_err();
    assert_eq!(err["kind"], "workspace");
}

#[test]
fn charts_export_into_the_test_folder_and_the_brand_colour_round_trips() {
    let h = demo_harness();
    let out = tempfile::tempdir().unwrap();
    h._app
        .manage(super::SaveDir(Some(out.path().to_path_buf())));
    for (format, file) in [
        ("png", "pipeline.png"),
        ("png2x", "pipeline@2x.png"),
        ("svg", "pipeline.svg"),
        ("csv", "pipeline.csv"),
    ] {
        let path = h
            .call(
                "chart_export",
                json!({ "name": "pipeline", "format": format, "options": {} }),
            )
            .unwrap();
        assert_eq!(
            path.as_str().unwrap(),
            out.path().join(file).display().to_string()
        );
    }
    let png = std::fs::read(out.path().join("pipeline.png")).unwrap();
    assert_eq!(png_size(&png), (1920, 1080));
    let png = std::fs::read(out.path().join("pipeline@2x.png")).unwrap();
    assert_eq!(png_size(&png), (3840, 2160));
    let csv = std::fs::read_to_string(out.path().join("pipeline.csv")).unwrap();
    assert!(csv.lines().count() >= 2);
    assert!(h
        .call(
            "chart_export",
            json!({ "name": "pipeline", "format": "gif", "options": {} })
        )
        .is_err());

    assert_eq!(h.call("brand_colour_get", json!({})).unwrap(), "#2563eb");
    assert_eq!(
        h.call("brand_colour_set", json!({ "colour": "#E11D48" }))
            .unwrap(),
        "#e11d48"
    );
    let svg = h
        .call("chart_svg", json!({ "name": "win-rate", "options": {} }))
        .unwrap();
    assert!(svg.as_str().unwrap().contains("#e11d48"));
    let err = h
        .call("brand_colour_set", json!({ "colour": "red\"/><script>" }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(h.call("brand_colour_get", json!({})).unwrap(), "#e11d48");

    let summary = h.call("board_pack", json!({ "options": {} })).unwrap();
    assert_eq!(
        summary["files"].as_u64().unwrap() as usize,
        partnerboard_core::charts::NAMES.len() * 3 + 1
    );
    let second = h.call("board_pack", json!({ "options": {} })).unwrap();
    assert_ne!(
        summary["dir"], second["dir"],
        "a second pack goes to a new folder"
    );
}
