//! Command tests through Tauri's mock runtime: the same IPC path the window uses.

use super::{handler, AppState, COMMANDS};
use crate::store::create_new;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness(with_workspace: bool) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_builder()
        .manage(AppState::default())
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    if with_workspace {
        let ws = create_new(&dir.path().join("cmd.partnerboard"), "Acme").unwrap();
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
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
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
