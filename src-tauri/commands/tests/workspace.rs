//! What commands answer while no workspace is open.

use super::harness;
use serde_json::json;

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
