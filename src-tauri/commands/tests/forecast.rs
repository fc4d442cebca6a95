//! The forecast and the scoreboard through IPC.

use super::demo_harness;
use serde_json::json;

#[test]
fn forecast_and_scoreboard_through_ipc() {
    let h = demo_harness();
    let view = h
        .call("forecast_get", json!({ "requestJson": null }))
        .unwrap();
    let f = &view["forecast"];
    assert_eq!(
        f["as_of"], view["last_day"],
        "defaults to the end of the history"
    );
    assert!(f["total"]["p50"].as_f64().unwrap() > 0.0);
    assert_eq!(view["backtest"].as_array().unwrap().len(), 3);
    assert!(
        view["partner_vs_direct"]["partner"]["closed"]
            .as_u64()
            .unwrap()
            > 0
    );
    let earlier = h
        .call(
            "forecast_get",
            json!({ "requestJson": { "as_of": "2026-06-30", "window_days": 60, "method": "run_rate" } }),
        )
        .unwrap();
    assert_eq!(earlier["forecast"]["as_of"], "2026-06-30");
    assert_eq!(earlier["forecast"]["method"], "run_rate");
    assert_eq!(earlier["forecast"]["window_days"], 60);
    assert_eq!(earlier["forecast"]["chosen_because"], "chosen");
    for (ask, words) in [
        (json!({ "as_of": "30/06/2026" }), "YYYY-MM-DD"),
        (json!({ "window_days": 0 }), "1 to 365 days"),
        (json!({ "method": "guess" }), "not a forecast method"),
        (json!({ "as_of": "2001-01-01" }), "in that range"),
        (json!({ "seed": "x" }), "could not be read"),
        (json!({ "colour": "red" }), "could not be read"),
    ] {
        let e = h
            .call("forecast_get", json!({ "requestJson": ask }))
            .unwrap_err();
        assert_eq!(e["kind"], "invalid_input", "{e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    let board = h
        .call("scoreboard_get", json!({ "requestJson": null }))
        .unwrap();
    for line in [
        "sourced_pipeline",
        "sourced_bookings",
        "partner_vs_direct",
        "forecast",
        "readiness",
        "coverage",
    ] {
        assert!(
            !board[line]["rests_on"].as_str().unwrap().is_empty(),
            "{line}"
        );
    }
    assert_eq!(
        board["forecast"]["value"]["total"], f["total"],
        "the scoreboard shows the same forecast"
    );
}

#[test]
fn the_scoreboard_says_which_deals_no_rate_could_convert() {
    let dir = tempfile::tempdir().unwrap();
    let ws = super::demo_workspace(&dir.path().join("cmd.partnerboard"));
    // Two deals told in yen, a currency the workspace has no rate for.
    for table in ["deals", "deal_facts"] {
        let key = if table == "deals" { "id" } else { "deal_id" };
        ws.conn()
            .execute(
                &format!("UPDATE {table} SET currency = 'JPY' WHERE {key} IN (SELECT id FROM deals ORDER BY id LIMIT 2)"),
                [],
            )
            .unwrap();
    }
    let h = super::harness_from(tauri::test::mock_builder(), dir, Some(ws));
    let board = h
        .call("scoreboard_get", json!({ "requestJson": null }))
        .unwrap();
    let sentence = "2 deals in JPY are left out: no JPY rate in Settings.";
    for line in ["sourced_pipeline", "sourced_bookings"] {
        let rests_on = board[line]["rests_on"].as_str().unwrap();
        assert!(rests_on.ends_with(sentence), "{line}: {rests_on}");
    }
}
