//! End to end: the Forecast screen on the demo workspace shows P10/P50/P90 and the track
//! record; changing the as-of date changes both; each matches the CLI's JSON for that date.
//! The Scoreboard shows every revenue line with what it rests on.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value;
use std::path::Path;
use support::{can_run, open_screen, save_screenshot, text, wait_for, Desktop};

async fn shown(client: &Client) -> Option<(String, [f64; 3], String)> {
    let mut values = [0.0; 3];
    for (i, id) in ["forecast-p10", "forecast-p50", "forecast-p90"]
        .iter()
        .enumerate()
    {
        let el = client
            .find(Locator::Css(&format!("[data-testid='{id}']")))
            .await
            .ok()?;
        values[i] = el.attr("data-value").await.ok()??.parse().ok()?;
    }
    let as_of = client
        .find(Locator::Css("[data-testid='forecast-as-of']"))
        .await
        .ok()?
        .prop("value")
        .await
        .ok()??;
    let track = text(client, "[data-testid='forecast-track-record']").await?;
    Some((as_of, values, track))
}

fn cli_forecast(db: &Path, as_of: &str) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_partnerboard-cli"))
        .args(["forecast", db.to_str().unwrap(), "--as-of", as_of, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout).unwrap()["forecast"].clone()
}

fn assert_matches_cli(db: &Path, as_of: &str, values: [f64; 3], track: &str) {
    let f = cli_forecast(db, as_of);
    for (key, shown) in ["p10", "p50", "p90"].iter().zip(values) {
        let cli = f["total"][key].as_f64().unwrap();
        assert!(
            (cli - shown).abs() < 1e-6,
            "{key} as of {as_of}: window {shown}, CLI {cli}"
        );
    }
    assert_eq!(f["headline"].as_str().unwrap(), track);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forecast_follows_the_as_of_date_and_matches_the_cli() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_screen(&client, "forecast", "forecast-headline").await;
    let (as_of, first, track) = wait_for("the forecast numbers", || shown(&client)).await;
    assert!(first[0] > 0.0 && first[0] <= first[1] && first[1] <= first[2]);
    assert!(
        track.contains("weekly backtests"),
        "the track record is printed beside the number: {track}"
    );
    save_screenshot(&client, "forecast.png").await;
    assert_matches_cli(&db, &as_of, first, &track);

    // Two months earlier: a different pipeline and a shorter track record.
    let earlier =
        chrono::NaiveDate::parse_from_str(&as_of, "%Y-%m-%d").unwrap() - chrono::Duration::days(60);
    let earlier = earlier.to_string();
    client
        .execute(
            "const el = document.querySelector(\"[data-testid='forecast-as-of']\"); el.value = arguments[0]; el.dispatchEvent(new Event('change'));",
            vec![Value::String(earlier.clone())],
        )
        .await
        .unwrap();
    let (shown_as_of, second, second_track) =
        wait_for("the forecast as of the earlier date", || async {
            let s = shown(&client).await?;
            (s.0 == earlier && s.1 != first).then_some(s)
        })
        .await;
    assert_eq!(shown_as_of, earlier);
    assert_ne!(second_track, track, "fewer weeks of history behind it");
    assert_matches_cli(&db, &earlier, second, &second_track);

    open_screen(&client, "scoreboard", "scoreboard").await;
    for line in [
        "pipeline",
        "bookings",
        "win-rate",
        "cycle",
        "forecast",
        "readiness",
        "coverage",
    ] {
        let t = text(&client, &format!("[data-line='{line}']"))
            .await
            .unwrap();
        assert!(t.contains("Rests on:"), "{line}: {t}");
    }
    let forecast_line = text(&client, "[data-line='forecast']").await.unwrap();
    assert!(
        forecast_line.contains("weekly backtests"),
        "{forecast_line}"
    );
    save_screenshot(&client, "scoreboard.png").await;
}
