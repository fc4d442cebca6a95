//! Board charts through IPC: every chart as SVG, exports, the board pack and the brand colour.

use super::{demo_harness, harness};
use serde_json::json;
use tauri::Manager;

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
