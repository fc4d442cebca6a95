//! The workshop through IPC: its steps and the operating model export.

use super::{demo_workspace, harness_from, reseller, Harness};
use serde_json::json;
use tauri::test::mock_builder;

/// A demo workspace whose save dialogs answer with `save_dir` (the end-to-end test hook).
fn workshop_harness(save_dir: &std::path::Path) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_workspace(&dir.path().join("ws.partnerboard"));
    let builder = mock_builder().manage(super::SaveDir(Some(save_dir.to_path_buf())));
    harness_from(builder, dir, Some(ws))
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

    // Deciding is explicit: a step with a question cannot be decided, a proposed one can, with
    // the day and the name kept; reopening and undo take it back.
    let err = h
        .call(
            "workshop_decide",
            json!({ "step": "profiles", "by": "Dana" }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "conflict");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("still has open questions"));
    let proposed = w["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "proposed")
        .expect("a proposed step")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let empty = h
        .call("workshop_decide", json!({ "step": proposed, "by": "  " }))
        .unwrap_err();
    assert_eq!(empty["kind"], "invalid_input");
    let w = h
        .call(
            "workshop_decide",
            json!({ "step": proposed, "by": "Dana (CEO)" }),
        )
        .unwrap();
    let s = w["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == proposed)
        .unwrap();
    assert_eq!(s["status"], "decided");
    assert_eq!(s["decision"]["by"], "Dana (CEO)");
    assert_eq!(
        s["decision"]["on"],
        chrono::Local::now().date_naive().to_string()
    );
    assert_eq!(w["decided"], 1);
    let w = h
        .call("workshop_reopen", json!({ "step": proposed }))
        .unwrap();
    assert_eq!(w["decided"], 0);
    h.call("history_undo", json!({})).unwrap();
    assert_eq!(h.call("workshop_get", json!({})).unwrap()["decided"], 1);

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
