//! End to end: the weights editor. A slider moved in the real app reorders the roster live,
//! Apply saves the model, a restart shows the same order, and undo brings the old one back.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use partnerboard_core::domain::scoring::{rank, Factor, FactorModel, PartnerScores};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use support::{can_run, open_screen, wait_for, Desktop};

/// The weights saved in the workspace, in factor order.
fn weights(db: &Path) -> Vec<f64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn
        .prepare("SELECT weight FROM factors ORDER BY position")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The top of the ranking computed from what SQLite holds, with the app's own rules.
fn top_from_sqlite(db: &Path, n: usize) -> Vec<String> {
    top_with_weights(db, n, None)
}

/// The same, with the weights replaced (in factor order).
fn top_with_weights(db: &Path, n: usize, weights: Option<&[f64]>) -> Vec<String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, name, description, weight FROM factors ORDER BY position")
        .unwrap();
    let factors: Vec<Factor> = stmt
        .query_map([], |r| {
            Ok(Factor {
                id: Some(r.get(0)?),
                name: r.get(1)?,
                description: r.get(2)?,
                weight: r.get(3)?,
            })
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let column: HashMap<i64, usize> = factors
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.unwrap(), i))
        .collect();
    let mut partners: HashMap<i64, PartnerScores> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT id, name FROM partners WHERE status IN ('active', 'nurture')")
        .unwrap();
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (id, name) = row.unwrap();
        partners.insert(
            id,
            PartnerScores {
                partner_id: id,
                name,
                scores: vec![None; factors.len()],
            },
        );
    }
    let mut stmt = conn
        .prepare("SELECT partner_id, factor_id, score FROM factor_scores")
        .unwrap();
    for row in stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
        })
        .unwrap()
    {
        let (p, f, s) = row.unwrap();
        if let Some(partner) = partners.get_mut(&p) {
            partner.scores[column[&f]] = Some(s);
        }
    }
    let mut factors = factors;
    if let Some(w) = weights {
        for (f, w) in factors.iter_mut().zip(w) {
            f.weight = *w;
        }
    }
    let model = FactorModel::validated(&factors).unwrap();
    let list: Vec<PartnerScores> = partners.into_values().collect();
    rank(&model, &list)
        .ranked
        .into_iter()
        .take(n)
        .map(|r| r.name)
        .collect()
}

async fn top_on_screen(client: &Client, n: usize) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll(\"[data-testid='partner-name']\"), (c) => c.textContent);";
    let names: Vec<String> =
        serde_json::from_value(client.execute(script, vec![]).await.unwrap()).unwrap();
    names.into_iter().take(n).collect()
}

async fn open_prioritization(client: &Client) {
    open_screen(client, "prioritization", "prioritization-headline").await;
    wait_for("ranked rows", || async {
        (!top_on_screen(client, 1).await.is_empty()).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weight_slider_reorders_live_applies_survives_restart_and_undoes() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_prioritization(&client).await;
    let before = top_on_screen(&client, 10).await;
    assert_eq!(
        before,
        top_from_sqlite(&db, 10),
        "the screen ranks as the rules do"
    );
    let headline = client
        .find(Locator::Css("[data-testid='prioritization-headline']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        headline.contains("in Tier 1") && headline.contains("ranked on 4 factors"),
        "{headline}"
    );

    // Keyboard on the sliders: ICP overlap to its minimum, target-account reach to its maximum.
    client
        .find(Locator::Css("[data-testid='weight-slider-0']"))
        .await
        .unwrap()
        .send_keys(&Key::Home.to_string())
        .await
        .unwrap();
    client
        .find(Locator::Css("[data-testid='weight-slider-3']"))
        .await
        .unwrap()
        .send_keys(&Key::End.to_string())
        .await
        .unwrap();
    let during = wait_for("the roster to reorder under the what-if", || async {
        let top = top_on_screen(&client, 10).await;
        let shown = client
            .find(Locator::Css("[data-testid='what-if']"))
            .await
            .is_ok();
        (shown && top != before).then_some(top)
    })
    .await;
    assert_eq!(
        weights(&db),
        [35.0, 30.0, 20.0, 15.0],
        "nothing is saved before Apply"
    );
    support::save_screenshot(&client, "prioritization-what-if.png").await;

    client
        .execute("document.querySelector('.roster').scrollIntoView()", vec![])
        .await
        .unwrap();
    support::save_screenshot(&client, "prioritization-roster.png").await;
    client
        .find(Locator::Id("apply-model"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the model in SQLite", || async {
        (weights(&db) == [1.0, 30.0, 20.0, 100.0]).then_some(())
    })
    .await;
    // The preview of both slider moves may land after the first reorder was seen: the
    // window, once applied, must show what SQLite now ranks (preview = apply is also checked
    // exactly by the command test `preview_matches_what_apply_saves_and_undo_restores`).
    assert_ne!(during, before, "the what-if reordered the roster live");
    let during = top_from_sqlite(&db, 10);
    wait_for("the window to show the saved ranking", || async {
        (top_on_screen(&client, 10).await == during).then_some(())
    })
    .await;
    client.close().await.unwrap();

    let client = desktop.launch().await;
    open_prioritization(&client).await;
    assert_eq!(
        top_on_screen(&client, 10).await,
        during,
        "the new order survives a restart"
    );
    client
        .execute("document.getElementById('screen').focus()", vec![])
        .await
        .unwrap();
    client
        .find(Locator::Id("screen"))
        .await
        .unwrap()
        .send_keys(&format!("{}z", Key::Control))
        .await
        .unwrap();
    wait_for("undo to restore the model", || async {
        (weights(&db) == [35.0, 30.0, 20.0, 15.0]).then_some(())
    })
    .await;
    wait_for("the old order on screen", || async {
        (top_on_screen(&client, 10).await == before).then_some(())
    })
    .await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiers_preview_counts_warn_on_same_service_and_save() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_screen(&client, "tiers", "tiers-headline").await;
    let headline = client
        .find(Locator::Css("[data-testid='tiers-headline']"))
        .await
        .unwrap();
    let text = headline.text().await.unwrap();
    assert_eq!(text, "18 partners in Tier 1 use 144 of 400 team hours.");

    let rule = client
        .find(Locator::Css("[data-testid='tier-rule-0']"))
        .await
        .unwrap();
    client
        .execute("document.querySelector(\"[data-testid='tier-rule-0']\").scrollIntoView({ block: 'center' })", vec![])
        .await
        .unwrap();
    rule.clear().await.unwrap();
    rule.send_keys("10").await.unwrap();
    wait_for("the live count", || async {
        let t = client
            .find(Locator::Css("[data-testid='tiers-headline']"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (t == "10 partners in Tier 1 use 80 of 400 team hours.").then_some(())
    })
    .await;
    let cadence = client
        .find(Locator::Css(
            "[data-tier='1'] select[aria-label$='cadence']",
        ))
        .await
        .unwrap();
    cadence.select_by_value("biweekly").await.unwrap();
    let warning = client
        .wait()
        .at_most(support::TIMEOUT)
        .for_element(Locator::Css("[data-testid='tier-warning']"))
        .await
        .unwrap();
    assert!(warning
        .text()
        .await
        .unwrap()
        .starts_with("Tier 1 and Tier 2 both promise a biweekly cadence"));
    support::save_screenshot(&client, "tiers.png").await;

    client
        .find(Locator::Id("save-tiers"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the tiers in SQLite", || async {
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        let (value, cadence): (f64, String) = conn
            .query_row("SELECT (SELECT rule_value FROM tiers WHERE position = 0), (SELECT cadence FROM tiers WHERE position = 1)", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .ok()?;
        (value == 10.0 && cadence == "biweekly").then_some(())
    })
    .await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lowering_hours_shrinks_the_top_tier_holds_partners_back_and_saves() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_screen(&client, "tiers", "tiers-headline").await;
    let held = client
        .find(Locator::Css("[data-testid='held-back'] h2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(held, "HELD BACK BY CAPACITY (0)");

    // Maya and Jonas to 0 h, Priya to 10 h: 70 h left with Tomás's 60.
    for (i, hours) in [(0, "0"), (1, "0"), (2, "10")] {
        let field = client
            .find(Locator::Css(&format!("[data-testid='member-hours-{i}']")))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(hours).await.unwrap();
    }
    wait_for("the top tier to shrink", || async {
        let t = client.find(Locator::Css("[data-testid='tiers-headline']")).await.ok()?.text().await.ok()?;
        (t == "8 partners in Tier 1 use 64 of 70 team hours; 50 partners are held back by capacity.").then_some(())
    })
    .await;
    let statement = client
        .find(Locator::Css("[data-testid='capacity-statement']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        statement,
        "At 70 h/month, the other tiers' rules alone ask 80 h; filled from the top, Tier 1 holds 8 partners at 8 h each."
    );
    // Numeric columns are right-aligned, their headers included, so "Placed" sits over its
    // numbers.
    let aligned = client
        .execute(
            "const th = Array.from(document.querySelectorAll('.table th.num')); return [th.length, th.filter((x) => getComputedStyle(x).textAlign === 'right').length];",
            vec![],
        )
        .await
        .unwrap();
    let (headers, right) = (aligned[0].as_u64().unwrap(), aligned[1].as_u64().unwrap());
    assert_eq!(
        headers, 7,
        "the two loads tables have 4 + 3 numeric headers: {aligned}"
    );
    assert_eq!(right, headers, "every numeric header is right-aligned");
    let held = client
        .find(Locator::Css("[data-testid='held-back'] h2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(held, "HELD BACK BY CAPACITY (50)");
    let team_hours = |db: &Path| -> Vec<f64> {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let mut stmt = conn
            .prepare("SELECT hours_per_month FROM team_members ORDER BY position")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        team_hours(&db),
        [100.0, 120.0, 120.0, 60.0],
        "nothing saved before Save plan"
    );
    support::save_screenshot(&client, "capacity-what-if.png").await;

    client
        .find(Locator::Id("save-tiers"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the team's hours in SQLite", || async {
        (team_hours(&db) == [0.0, 0.0, 10.0, 60.0]).then_some(())
    })
    .await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_a_touch_clears_the_rep_from_the_due_list() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_screen(&client, "cadence", "cadence-headline").await;
    let headline = client
        .find(Locator::Css("[data-testid='cadence-headline']"))
        .await
        .unwrap();
    let text = headline.text().await.unwrap();
    assert!(
        text.contains("overdue for a 1:1") && text.contains("adherence is"),
        "{text}"
    );
    let first = client.find(Locator::Css("tr[data-contact]")).await.unwrap();
    let contact: i64 = first
        .attr("data-contact")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let touches = |db: &Path| -> i64 {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        conn.query_row(
            "SELECT COUNT(*) FROM touches WHERE contact_id = ?1",
            [contact],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = touches(&db);
    first
        .find(Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = client
        .wait()
        .at_most(support::TIMEOUT)
        .for_element(Locator::Css(&format!("[data-contact-id='{contact}']")))
        .await
        .unwrap();
    form.find(Locator::Css("input[aria-label^='Note']"))
        .await
        .unwrap()
        .send_keys("Walked through two shared accounts")
        .await
        .unwrap();
    form.find(Locator::Css(".touch-form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the touch in SQLite", || async {
        (touches(&db) == before + 1).then_some(())
    })
    .await;
    wait_for("the rep to leave the due list", || async {
        let still = client
            .find(Locator::Css(&format!("tr[data-contact='{contact}']")))
            .await
            .is_ok();
        (!still).then_some(())
    })
    .await;
    support::save_screenshot(&client, "cadence.png").await;
    client.close().await.unwrap();
}
