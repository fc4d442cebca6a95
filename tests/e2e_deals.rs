//! End to end: a Salesforce export imported through the UI with its stage mapping, the counts
//! and rejected-rows report shown, and a stage moved in the UI landing in the stage history.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::Locator;
use std::path::Path;
use support::{can_run, count, open_screen, text, wait_for, Desktop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_salesforce_file_then_move_a_stage() {
    if !can_run() {
        return;
    }
    // The open dialog's test hook answers Browse… with the newest CSV in this folder.
    let dir = tempfile::tempdir().unwrap();
    let desktop = Desktop::start_with(&[("PARTNERBOARD_E2E_SAVE_DIR", dir.path().as_os_str())]);
    let db = desktop.workspace();
    let csv = dir.path().join("opportunities.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/salesforce_opportunities.csv"),
        &csv,
    )
    .unwrap();

    let client = desktop.launch().await;
    open_screen(&client, "deals", "deals-headline").await;
    // The file is picked (Browse… previews it at once); the page holds only its token.
    client
        .find(Locator::Id("import-browse"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let picked = wait_for("the picked file's name", || async {
        let shown = client
            .execute(
                "const e = document.querySelector(\"[data-testid='import-file']\"); return e ? e.textContent : '';",
                vec![],
            )
            .await
            .ok()?;
        shown
            .as_str()
            .filter(|t| *t == "opportunities.csv")
            .map(str::to_string)
    })
    .await;
    assert_eq!(picked, "opportunities.csv");
    let stage = wait_for("the unknown stage to be offered for mapping", || async {
        client
            .find(Locator::Css("[data-stage-map='Negotiation']"))
            .await
            .ok()
    })
    .await;
    stage.select_by_value("Proposal").await.unwrap();
    wait_for("the preview without the stage problem", || async {
        let t = text(&client, "[data-testid='import-preview']").await?;
        (!t.contains("unknown stage")).then_some(())
    })
    .await;
    // Fields in words, amounts as money, rejected rows on the spreadsheet's lines.
    let preview = text(&client, "[data-testid='import-preview']")
        .await
        .unwrap();
    assert!(
        preview.contains("Expected close") && !preview.contains("expected_close"),
        "{preview}"
    );
    assert!(preview.contains("$48,500"), "{preview}");
    assert!(
        preview.contains("Line numbers are the spreadsheet’s")
            && preview.contains("Line 9 · Opportunity ID: duplicate id"),
        "{preview}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM deals WHERE external_id LIKE '006A%'"
        ),
        0,
        "a preview writes nothing"
    );
    client
        .find(Locator::Id("import-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let report = wait_for("the import report", || async {
        text(&client, "[data-testid='import-report']").await
    })
    .await;
    // The partner the roster lacks is created (a prospect with no type): its row lands.
    assert!(
        report.starts_with("6 added, 0 updated, 3 rejected."),
        "{report}"
    );
    assert!(
        report.contains("New partners, no type yet (1)") && report.contains("Unknown Partners Ltd"),
        "{report}"
    );
    assert!(
        report.contains("opportunities.rejected.csv") && report.contains("duplicate id"),
        "{report}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM deals WHERE external_id LIKE '006A%'"
        ),
        6
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM partners WHERE name = 'Unknown Partners Ltd' AND status = 'prospect' AND type_id IS NULL"
        ),
        1
    );
    // The import is a snapshot dated the day the file was saved (today here): one fact per deal.
    let today = chrono::Local::now().date_naive();
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM deal_facts f JOIN deals d ON d.id = f.deal_id WHERE d.external_id LIKE '006A%' AND f.known_on = '{today}'")
        ),
        6
    );
    let rejected = std::fs::read_to_string(dir.path().join("opportunities.rejected.csv")).unwrap();
    assert_eq!(
        rejected.lines().filter(|l| !l.is_empty()).count(),
        4,
        "header and three rejected rows: {rejected}"
    );
    support::save_screenshot(&client, "deals-import.png").await;

    client
        .execute(
            "document.querySelector(\"[data-testid='created-partners']\").scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    support::save_screenshot(&client, "deals-created-partners.png").await;
    // The picker gives the new partner a type, and SQLite has it.
    let picker = client
        .find(Locator::Css("[data-testid='created-type']"))
        .await
        .unwrap();
    let options = picker.find_all(Locator::Css("option")).await.unwrap();
    let first_type = options[1].prop("value").await.unwrap().unwrap();
    picker.select_by_value(&first_type).await.unwrap();
    client
        .find(Locator::Css("[data-testid='created-type-apply']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the new partner to get its type", || async {
        (count(
            &db,
            &format!("SELECT COUNT(*) FROM partners WHERE name = 'Unknown Partners Ltd' AND type_id = {first_type}"),
        ) == 1)
            .then_some(())
    })
    .await;

    // Move the first open deal on screen to another stage.
    let select = client
        .find(Locator::Css("[data-deal-stage]"))
        .await
        .unwrap();
    let deal: i64 = select
        .attr("data-deal-stage")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let current = select.prop("value").await.unwrap().unwrap();
    let options = select.find_all(Locator::Css("option")).await.unwrap();
    let mut target = String::new();
    for o in options {
        let v = o.prop("value").await.unwrap().unwrap();
        if v != current {
            target = v;
            break;
        }
    }
    let before = count(
        &db,
        &format!("SELECT COUNT(*) FROM deal_stage_history WHERE deal_id = {deal}"),
    );
    select.select_by_value(&target).await.unwrap();
    wait_for("the stage history row", || async {
        let sql = format!("SELECT COUNT(*) FROM deal_stage_history WHERE deal_id = {deal} AND stage_id = {target} AND entered_on = date('now', 'localtime')");
        (count(&db, &sql) == 1 && count(&db, &format!("SELECT COUNT(*) FROM deal_stage_history WHERE deal_id = {deal}")) == before + 1).then_some(())
    })
    .await;
    assert_eq!(
        count(
            &db,
            &format!("SELECT stage_id FROM deals WHERE id = {deal}")
        )
        .to_string(),
        target
    );
    client.close().await.unwrap();
}
