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
    let out = std::process::Command::new(support::cli_binary())
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

/// The window's numbers for `as_of` equal the CLI's JSON for the same date.
fn matches_cli(cli: &Value, shown: &(String, [f64; 3], String)) -> bool {
    ["p10", "p50", "p90"].iter().zip(shown.1).all(|(key, v)| {
        cli["total"][key]
            .as_f64()
            .is_some_and(|c| (c - v).abs() < 1e-6)
    }) && cli["headline"].as_str() == Some(shown.2.as_str())
}

/// Waits until the window shows `as_of` with exactly the CLI's P10/P50/P90 and track record
/// (a redraw in flight may show the previous numbers for a moment).
async fn wait_for_cli_numbers(
    client: &Client,
    db: &Path,
    as_of: &str,
) -> (String, [f64; 3], String) {
    let cli = cli_forecast(db, as_of);
    let mut last = None;
    let found = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            if let Some(s) = shown(client).await {
                if s.0 == as_of && matches_cli(&cli, &s) {
                    return s;
                }
                last = Some(s);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await;
    match found {
        Ok(s) => s,
        Err(_) => panic!(
            "as of {as_of} the window shows {last:?}; the CLI says {} / {} / {} and {}",
            cli["total"]["p10"], cli["total"]["p50"], cli["total"]["p90"], cli["headline"]
        ),
    }
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
        track.contains("weekly origins"),
        "the track record is printed beside the number: {track}"
    );
    save_screenshot(&client, "forecast.png").await;
    let (_, first, track) = wait_for_cli_numbers(&client, &db, &as_of).await;

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
    let (_, second, second_track) = wait_for_cli_numbers(&client, &db, &earlier).await;
    assert_ne!(second, first, "another pipeline two months earlier");
    assert_ne!(second_track, track, "fewer weeks of history behind it");

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
    assert!(forecast_line.contains("weekly origins"), "{forecast_line}");
    save_screenshot(&client, "scoreboard.png").await;
}
