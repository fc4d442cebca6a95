//! End to end: the real app under Xvfb, driven through tauri-driver and WebKitWebDriver, with
//! what reaches SQLite checked from outside the app.
//!
//! With `CI` set these tests must run; elsewhere they skip with the reason when the tools are
//! missing (Linux with `webkit2gtk-driver`, `xvfb` and `cargo install tauri-driver --locked`).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use std::path::Path;
use support::{can_run, wait_for, Desktop};

fn type_rows(path: &Path, name: &str) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("workspace opens read-only");
    conn.query_row(
        "SELECT COUNT(*) FROM partner_types WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .expect("query")
}

/// The type names as the table shows them, read in one step so a redraw cannot interleave.
async fn type_names(client: &Client) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll(\"[data-testid='type-name']\"), (c) => c.textContent);";
    let value = client
        .execute(script, vec![])
        .await
        .expect("read the table");
    serde_json::from_value(value).expect("a list of names")
}

async fn wait_for_types(
    client: &Client,
    what: &str,
    check: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    wait_for(what, || async {
        let names = type_names(client).await;
        check(&names).then_some(names)
    })
    .await
}

async fn wait_for_rows(path: &Path, name: &str, expected: i64) {
    wait_for(
        &format!("{expected} row(s) named {name} in SQLite"),
        || async { (type_rows(path, name) == expected).then_some(()) },
    )
    .await
}

async fn add_type(client: &Client, name: &str) {
    let input = client
        .find(Locator::Id("new-type-name"))
        .await
        .expect("new type field");
    input.click().await.expect("focus");
    input.send_keys(name).await.expect("typing");
    client
        .find(Locator::Id("add-type"))
        .await
        .expect("add button")
        .click()
        .await
        .expect("click add");
}

/// Presses Ctrl + `keys` with the focus on the screen, not in a text field.
async fn shortcut(client: &Client, keys: &str) {
    let screen = client.find(Locator::Id("screen")).await.expect("screen");
    client
        .execute("document.getElementById('screen').focus()", vec![])
        .await
        .expect("focus screen");
    screen
        .send_keys(&format!("{}{keys}", Key::Control))
        .await
        .expect("shortcut");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partner_types_reach_sqlite_survive_restart_undo_and_stay_text() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();

    // First launch on a fresh data directory opens the generated demo workspace.
    let client = desktop.launch().await;
    let headline = client
        .find(Locator::Css("[data-testid='program-headline']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        headline.starts_with("4 partner types carry 140 partners"),
        "{headline}"
    );
    assert_eq!(
        wait_for_types(&client, "the demo's four types", |n| n.len() == 4).await,
        ["Reseller", "SI / services", "Technology / ISV", "Referral"]
    );
    let db = desktop.workspace();
    assert!(
        db.exists(),
        "the demo workspace lives in the app data directory: {}",
        db.display()
    );
    support::save_screenshot(&client, "program-design.png").await;

    // Add a partner type in the UI: the row reaches SQLite.
    add_type(&client, "Agency").await;
    wait_for_types(&client, "Agency in the table", |n| {
        n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 1).await;

    // Ctrl+Z removes it, Ctrl+Shift+Z brings it back, in the UI and in the file.
    shortcut(&client, "z").await;
    wait_for_types(&client, "Agency gone after undo", |n| {
        n.len() == 4 && !n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 0).await;
    shortcut(&client, &format!("{}z", Key::Shift)).await;
    wait_for_types(&client, "Agency back after redo", |n| {
        n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 1).await;
    client.close().await.expect("app closes");

    // Restart: the type is still there, and undo still knows how to remove it.
    let client = desktop.launch().await;
    let names = wait_for_types(&client, "types after restart", |n| n.len() == 5).await;
    assert_eq!(names.last().map(String::as_str), Some("Agency"));
    shortcut(&client, "z").await;
    wait_for_types(&client, "Agency gone after undo across restart", |n| {
        n.len() == 4
    })
    .await;
    wait_for_rows(&db, "Agency", 0).await;

    // A refused value shows as a readable banner, keeps what was typed, and writes nothing.
    let field = client
        .find(Locator::Css("[data-key='type-incentive-value']"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys(&format!("150{}", Key::Tab)).await.unwrap();
    let banner = wait_for("the error banner", || async {
        let text = client
            .find(Locator::Id("banner-text"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (!text.is_empty()).then_some(text)
    })
    .await;
    assert_eq!(banner, "Margin % must be between 0 and 100; got 150.");
    let field = client
        .find(Locator::Css("[data-key='type-incentive-value']"))
        .await
        .unwrap();
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("150"));
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let margin: f64 = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row(
            "SELECT incentive_value FROM partner_types WHERE name = 'Reseller'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(margin, 20.0);

    // The CSP blocks inline script, whoever adds it.
    let script = "const s = document.createElement('script'); s.textContent = 'window.__inline = true'; document.body.append(s); return window.__inline === true;";
    assert_eq!(client.execute(script, vec![]).await.unwrap(), json!(false));

    // Markup in a name is shown as the literal text and never becomes an element.
    let payload = "<img src=x onerror=alert(1)>";
    add_type(&client, payload).await;
    let names = wait_for_types(&client, "the payload as a name", |n| {
        n.iter().any(|x| x == payload)
    })
    .await;
    assert!(names.iter().any(|x| x == payload));
    wait_for_rows(&db, payload, 1).await;
    let script =
        "return Array.from(document.querySelectorAll('img'), (i) => i.getAttribute('src'));";
    let images = client.execute(script, vec![]).await.unwrap();
    assert_eq!(
        images,
        json!(["brand.svg"]),
        "only the app's own logo is an image"
    );
    let editor_name = client
        .find(Locator::Css("[data-key='type-name']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(editor_name.as_deref(), Some(payload));
    support::save_screenshot(&client, "payload-as-text.png").await;
    client.close().await.expect("app closes");
}
