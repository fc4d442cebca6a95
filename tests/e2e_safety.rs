//! End to end: a workspace that cannot be written opens read-only with editing off and says
//! so, and a second window on a workspace that is already open is told the file is in use
//! instead of editing it alongside the first.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::{Client, Locator};
use sha2::{Digest, Sha256};
use std::ffi::OsStr;
use support::{can_run, open_screen, save_screenshot, text, wait_for, Desktop};

fn hash(path: &std::path::Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

async fn property(client: &Client, css: &str, js: &str) -> serde_json::Value {
    let script = format!("const e = document.querySelector({css:?}); return e ? ({js}) : null;");
    client.execute(&script, vec![]).await.expect("script")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_workspace_opens_with_editing_off_and_changes_nothing() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let path = desktop.workspace();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let demo = partnerboard_core::domain::demo::generate(
        60,
        7,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    );
    let ws = partnerboard_core::store::create_demo(&path, &demo).unwrap();
    ws.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(ws);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let before = hash(&path);

    let client = desktop.launch().await;
    let bar = wait_for("the read-only bar", || async {
        text(&client, "[data-testid='read-only-bar']")
            .await
            .filter(|t| !t.is_empty())
    })
    .await;
    assert!(bar.starts_with("Read-only:"), "{bar}");
    assert!(bar.contains("(the file is marked read-only)"), "{bar}");
    assert!(bar.contains("Save As"), "{bar}");

    // Program design: the new-type field is read-only and its button is off; so is Undo.
    assert_eq!(
        property(&client, "#new-type-name", "e.readOnly").await,
        true
    );
    assert_eq!(property(&client, "#add-type", "e.disabled").await, true);
    assert_eq!(property(&client, "#undo", "e.disabled").await, true);

    // Deals: moving a stage is off, filtering still works.
    open_screen(&client, "deals", "deals-headline").await;
    wait_for("deal stage selects locked", || async {
        let v = client
            .execute(
                "const s = Array.from(document.querySelectorAll('[data-deal-stage]')); return s.length > 0 && s.every((e) => e.disabled);",
                vec![],
            )
            .await
            .ok()?;
        (v == true).then_some(())
    })
    .await;
    assert_eq!(
        property(
            &client,
            "[aria-label='Search deals']",
            "e.readOnly || e.disabled"
        )
        .await,
        false,
        "the deal search is a view control and stays on"
    );
    let search = client
        .find(Locator::Css("[aria-label='Search deals']"))
        .await
        .unwrap();
    search.send_keys("zzz-no-such-account").await.unwrap();
    wait_for("the filter to apply", || async {
        text(&client, "#deal-count")
            .await
            .filter(|t| t.starts_with("0 "))
    })
    .await;
    save_screenshot(&client, "read-only-deals.png").await;

    // Forecast still computes: reading needs no writing.
    open_screen(&client, "forecast", "forecast-headline").await;
    client.close().await.unwrap();
    assert_eq!(hash(&path), before, "the read-only file was not changed");
    let backups = path.with_file_name("Northwind Analytics demo.backups");
    assert!(
        !backups.exists(),
        "no backup is taken of a file that cannot change"
    );
    drop(desktop);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_window_on_the_same_workspace_is_told_it_is_in_use() {
    if !can_run() {
        return;
    }
    let first = Desktop::start();
    let client = first.launch().await;
    let path = first.workspace();
    assert!(path.exists());
    // The first window takes its daily backup in the background.
    let backups = path.with_file_name("Northwind Analytics demo.backups");
    wait_for("the first window's daily backup", || async {
        std::fs::read_dir(&backups)
            .ok()?
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("daily-"))
            .then_some(())
    })
    .await;

    // A second app with the same data directory opens the same workspace at launch.
    let data_home = first.data_home();
    let second = Desktop::start_with(&[("XDG_DATA_HOME", data_home.as_os_str() as &OsStr)]);
    let other = second
        .launch_until(env!("CARGO_BIN_EXE_partnerboard"), "#banner:not([hidden])")
        .await;
    let message = text(&other, "#banner-text").await.unwrap_or_default();
    assert!(
        message.contains("is open in another Partnerboard window"),
        "{message}"
    );
    assert_eq!(
        property(&other, "#workspace-name", "e.textContent").await,
        "No workspace open"
    );
    save_screenshot(&other, "in-use.png").await;
    other.close().await.unwrap();

    // The first window still edits, and its edit lands.
    let input = client.find(Locator::Id("new-type-name")).await.unwrap();
    input.send_keys("Marketplace partners").await.unwrap();
    client
        .find(Locator::Id("add-type"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the first window's edit in SQLite", || async {
        (support::count(
            &path,
            "SELECT COUNT(*) FROM partner_types WHERE name = 'Marketplace partners'",
        ) == 1)
            .then_some(())
    })
    .await;
    client.close().await.unwrap();
}
