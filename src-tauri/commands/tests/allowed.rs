//! What the window may call and load: the capability's command list and the content security policy.

use super::COMMANDS;
use serde_json::Value;

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
