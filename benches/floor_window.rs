//! The floor for this stack: a minimal Tauri window built from the same Tauri version as the
//! app, showing one line of HTML and marking itself interactive the way the app does. The
//! startup benchmark launches it beside the app in the same run; the app's launch time and
//! idle memory are reported as ratios to this window's.
//!
//! `cargo build --release --example floor_window`

// No console window beside it on Windows release builds, like the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use tauri::http::Response;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Floor</title></head>\
<body data-ready=\"true\"><p data-testid=\"program-headline\">Floor</p>\
<script>performance.mark('partnerboard-interactive');</script></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    // The app's own window (and its UI) stays out: this window is the only one.
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("floor", |_, _| {
            Response::builder()
                .header("Content-Type", "text/html")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let url = "floor://localhost/"
                .parse()
                .map_err(|e| format!("floor url: {e}"))?;
            WebviewWindowBuilder::new(app, "main", WebviewUrl::CustomProtocol(url))
                .title("Floor")
                .inner_size(1280.0, 820.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("the floor window could not start: {e}");
        std::process::exit(1);
    }
}
