//! End to end: the Board charts screen shows every chart drawn by the app, and a chart exported
//! as PNG through the UI lands on disk at exactly 1920×1080 (the save dialog replaced by the
//! debug-build test folder), then the board pack is written with its progress shown.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::Locator;
use serde_json::Value;
use support::{can_run, open_screen, text, wait_for, Desktop};

fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[1..4] != b"PNG" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((be(16), be(20)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn board_charts_show_every_chart_and_export_a_png() {
    if !can_run() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let desktop = Desktop::start_with(&[("PARTNERBOARD_E2E_SAVE_DIR", out.path().as_os_str())]);
    let client = desktop.launch().await;
    open_screen(&client, "charts", "charts-headline").await;
    let headline = text(&client, "[data-testid='charts-headline']")
        .await
        .unwrap();
    assert!(
        headline.starts_with("9 charts for the board deck"),
        "{headline}"
    );

    let probe = "return [...document.querySelectorAll('img[data-chart]')].map((i) => [i.dataset.chart, i.complete ? i.naturalWidth : 0, i.alt]);";
    let images: Vec<Value> = wait_for("every chart image to load", || async {
        let v = client.execute(probe, vec![]).await.ok()?;
        let list = v.as_array()?.clone();
        (list.len() == 9 && list.iter().all(|i| i[1].as_u64().unwrap_or(0) > 0)).then_some(list)
    })
    .await;
    let names: Vec<&str> = images.iter().map(|i| i[0].as_str().unwrap()).collect();
    assert!(
        names.contains(&"forecast-fan") && names.contains(&"win-rate"),
        "{names:?}"
    );
    for i in &images {
        assert!(
            !i[2].as_str().unwrap().is_empty(),
            "every chart has alt text: {i}"
        );
    }
    support::save_screenshot(&client, "board-charts.png").await;

    client
        .find(Locator::Css(
            "[data-chart-card='pipeline'] [data-export='png']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = out.path().join("pipeline.png");
    let size = wait_for("the exported PNG", || async {
        let bytes = std::fs::read(&file).ok()?;
        png_size(&bytes)
    })
    .await;
    assert_eq!(size, (1920, 1080));
    let status = wait_for("the saved status", || async {
        text(&client, "#status")
            .await
            .filter(|t| t.contains("pipeline.png"))
    })
    .await;
    assert!(status.starts_with("Saved"), "{status}");

    client
        .find(Locator::Id("board-pack"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let done = wait_for("the board pack", || async {
        text(&client, "[data-testid='pack-status']")
            .await
            .filter(|t| t.contains("files in"))
    })
    .await;
    assert!(done.starts_with("9 charts, 28 files in"), "{done}");
    let pack = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    assert!(pack.join("forecast-fan.png").is_file());
    assert!(pack.join("index.html").is_file());
    client.close().await.unwrap();
}
