//! Command tests through Tauri's mock runtime: the same IPC path the window uses. One file per
//! command module; the mock app and its workspace are built here.

use super::{handler, AppState, SaveDir, COMMANDS};
use partnerboard_core::store::{create_new, Workspace};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

mod allowed;
mod capacity;
mod charts;
mod deals;
mod forecast;
mod fuzz_tests;
mod prioritization;
mod profiles;
mod program;
mod workshop;
mod workspace;

pub(super) struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    pub(super) window: WebviewWindow<MockRuntime>,
}

pub(super) fn harness(with_workspace: bool) -> Harness {
    harness_with(with_workspace, false)
}

pub(super) fn demo_harness() -> Harness {
    harness_with(true, true)
}

fn harness_with(with_workspace: bool, demo: bool) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let ws = with_workspace.then(|| {
        let path = dir.path().join("cmd.partnerboard");
        if demo {
            demo_workspace(&path)
        } else {
            create_new(&path, "Acme").unwrap()
        }
    });
    harness_from(mock_builder(), dir, ws)
}

/// The generated demo company (80 partners, as of 1 November 2026), written at `path`.
fn demo_workspace(path: &std::path::Path) -> Workspace {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    partnerboard_core::store::create_demo(
        path,
        &partnerboard_core::domain::demo::generate(80, 9, as_of),
    )
    .unwrap()
}

/// The app on `builder` with its commands and `ws` open, and the main window they answer.
fn harness_from(
    builder: tauri::Builder<MockRuntime>,
    dir: tempfile::TempDir,
    ws: Option<Workspace>,
) -> Harness {
    let app = builder
        .manage(AppState::default())
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    if let Some(ws) = ws {
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
    /// What picking `path` in the open dialog gives the page: the file's token.
    pub(super) fn pick(&self, path: &std::path::Path) -> String {
        self._app
            .state::<AppState>()
            .picked
            .register(path.to_path_buf())
            .token
    }

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

pub(super) fn reseller() -> Value {
    json!({
        "name": "Resellers",
        "motion": "Resell annual plans",
        "incentive_kind": "margin",
        "incentive_value": 20.0,
        "enablement": ["Certify two reps", "First registered deal"]
    })
}
