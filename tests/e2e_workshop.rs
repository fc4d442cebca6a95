//! End to end: Workshop mode shows the eight design steps with their states, leads to a module
//! and back, saves the thesis in place, and exports the operating model through the UI (the
//! save dialog answered by the `PARTNERBOARD_E2E_SAVE_DIR` test hook).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::Locator;
use support::{can_run, open_screen, text, wait_for, Desktop, TIMEOUT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_steps_and_operating_model_export() {
    if !can_run() {
        return;
    }
    let saved = tempfile::tempdir().unwrap();
    // Read by the app at startup: its save dialogs write here instead of asking. tauri-driver
    // and the app it starts inherit this process's environment.
    std::env::set_var("PARTNERBOARD_E2E_SAVE_DIR", saved.path());
    let desktop = Desktop::start();
    let client = desktop.launch().await;
    open_screen(&client, "workshop", "workshop-headline").await;

    let headline = text(&client, "[data-testid='workshop-headline']")
        .await
        .unwrap();
    assert!(headline.contains("8 steps decided"), "{headline}");
    let steps = client
        .find_all(Locator::Css("[data-testid='workshop-steps'] [data-step]"))
        .await
        .unwrap();
    assert_eq!(steps.len(), 8);
    let mut ids = Vec::new();
    for s in &steps {
        let state = s.attr("data-state").await.unwrap().unwrap();
        assert!(
            ["decided", "proposed", "open"].contains(&state.as_str()),
            "{state}"
        );
        ids.push(s.attr("data-step").await.unwrap().unwrap());
    }
    assert_eq!(
        ids,
        [
            "thesis",
            "types",
            "profiles",
            "scoring",
            "tiers",
            "capacity",
            "stages",
            "scoreboard"
        ]
    );

    // A step shows its decisions; its edit button opens the module, and a bar leads back.
    client
        .find(Locator::Css("[data-step='tiers']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let decisions = wait_for("the tiers step's decisions", || async {
        client
            .find(Locator::Css(
                "[data-step-detail='tiers'] [data-testid='step-decisions']",
            ))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(decisions.contains("Tier 1: top 18"), "{decisions}");
    client
        .find(Locator::Css("[data-testid='step-edit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css("[data-testid='tiers-headline']"))
        .await
        .unwrap();
    let back = client
        .find(Locator::Css("[data-testid='return-button']"))
        .await
        .unwrap();
    assert_eq!(back.text().await.unwrap(), "← Back to Workshop");
    back.click().await.unwrap();
    client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css("[data-step-detail='tiers']"))
        .await
        .unwrap();

    // The thesis is edited in place with the existing command.
    client
        .find(Locator::Css("[data-step='thesis']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let thesis = wait_for("the thesis editor", || async {
        client
            .find(Locator::Css("[data-testid='workshop-thesis']"))
            .await
            .ok()
    })
    .await;
    thesis.clear().await.unwrap();
    thesis
        .send_keys("Data consultancies bring us into modernisation projects we never hear about.")
        .await
        .unwrap();
    client
        .find(Locator::Css("[data-testid='workshop-thesis-save']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the new thesis among the decisions", || async {
        let t = text(
            &client,
            "[data-step-detail='thesis'] [data-testid='step-decisions']",
        )
        .await?;
        t.contains("Thesis: Data consultancies bring us")
            .then_some(())
    })
    .await;

    // A complete step is only proposed until someone decides it, by name; the decision, with
    // the day, lands in SQLite.
    let status = text(
        &client,
        "[data-step-detail='thesis'] [data-testid='step-status']",
    )
    .await
    .unwrap();
    assert_eq!(status, "Proposed");
    client
        .find(Locator::Css("[data-testid='decide-by']"))
        .await
        .unwrap()
        .send_keys("Dana (CEO)")
        .await
        .unwrap();
    client
        .find(Locator::Css("[data-testid='step-decide']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let decision = wait_for("the thesis decided", || async {
        text(
            &client,
            "[data-step-detail='thesis'] [data-testid='step-decision']",
        )
        .await
    })
    .await;
    assert!(decision.ends_with("by Dana (CEO)."), "{decision}");
    let stored: String = rusqlite::Connection::open_with_flags(
        desktop.workspace(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
    .query_row(
        "SELECT value FROM settings WHERE key = 'workshop_decisions'",
        [],
        |r| r.get(0),
    )
    .unwrap();
    assert!(
        stored.contains("\"thesis\"")
            && stored.contains("Dana (CEO)")
            && stored.contains("Data consultancies"),
        "{stored}"
    );
    let headline = text(&client, "[data-testid='workshop-headline']")
        .await
        .unwrap();
    assert!(headline.starts_with("1 of 8 steps decided"), "{headline}");
    support::save_screenshot(&client, "workshop.png").await;

    // Export through the UI: the hook writes into the folder without a dialog.
    client
        .find(Locator::Css("[data-testid='export-html']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let result = wait_for("the export result", || async {
        let t = text(&client, "[data-testid='export-result']").await?;
        t.starts_with("Written to").then_some(t)
    })
    .await;
    let files: Vec<_> = std::fs::read_dir(saved.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let html = &files[0];
    assert!(result.contains(&html.display().to_string()), "{result}");
    let name = html.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("Northwind Analytics operating model ") && name.ends_with(".html"),
        "{name}"
    );
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("<h1>Northwind Analytics</h1>"));
    assert!(page.contains("Data consultancies bring us"));
    assert!(!page.contains("<script"));

    // Look at the documents as a browser draws them (kept for a person to inspect): the demo's,
    // top and charts, and a new workspace's, where most is still open.
    let fresh = saved.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let ws = partnerboard_core::store::create_new(&fresh.join("acme.partnerboard"), "Acme Data")
        .unwrap();
    let fresh_html = fresh.join("acme.html");
    partnerboard_core::export::operating_model::write(
        &ws,
        &fresh_html,
        partnerboard_core::export::operating_model::Format::Html,
        chrono::Local::now().date_naive(),
        partnerboard_core::export::file::Replace::No,
    )
    .unwrap();
    if client
        .goto(&format!("file://{}", html.display()))
        .await
        .is_ok()
    {
        support::save_screenshot(&client, "operating-model.png").await;
        let _ = client
            .execute("document.querySelector('.charts').scrollIntoView()", vec![])
            .await;
        support::save_screenshot(&client, "operating-model-charts.png").await;
        if client
            .goto(&format!("file://{}", fresh_html.display()))
            .await
            .is_ok()
        {
            support::save_screenshot(&client, "operating-model-new.png").await;
        }
    }
    client.close().await.unwrap();
}
