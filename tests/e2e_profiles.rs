//! End to end: the profile filter and readiness. A prospect evaluated to walk away cannot be
//! signed without an override; a partner in nurture is held in the lowest tier on the roster,
//! the readiness consequence is chosen on screen, and a 2/2/2 review makes the partner active
//! (on screen and in SQLite) and no longer held.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use support::{can_run, open_screen, text, wait_for, Desktop};

fn status(db: &Path, id: i64) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT status FROM partners WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walk_away_demands_an_override_and_a_two_two_two_review_makes_a_partner_active() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();
    let db = desktop.workspace();
    let client = desktop.launch().await;
    open_screen(&client, "profiles", "profiles-headline").await;

    // Evaluate the first prospect: two traits missed is a walk-away.
    let card = client.find(Locator::Css("[data-prospect]")).await.unwrap();
    let prospect: i64 = card
        .attr("data-prospect")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    card.click().await.unwrap();
    for n in 1..=2 {
        let css =
            format!("[data-testid='evaluation'] .trait:nth-of-type({n}) [data-state='missed']");
        // The panel redraws after each check: find and click again until a click lands. The
        // button is brought to the middle of the window first, clear of the sticky header.
        let centre = format!(
            "const b = document.querySelector(\"{css}\"); if (b) b.scrollIntoView({{ block: 'center' }}); return !!b;"
        );
        wait_for("a click on the trait button", || async {
            client.execute(&centre, vec![]).await.ok()?;
            client
                .find(Locator::Css(&css))
                .await
                .ok()?
                .click()
                .await
                .ok()
        })
        .await;
        wait_for("the check to land", || async {
            let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
            let missed: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM trait_checks WHERE partner_id = ?1 AND state = 'missed'",
                    [prospect],
                    |r| r.get(0),
                )
                .ok()?;
            (missed >= n).then_some(())
        })
        .await;
    }
    let verdict = wait_for("the walk-away verdict", || async {
        text(&client, "[data-testid='verdict']")
            .await
            .filter(|t| t.starts_with("Walk away"))
    })
    .await;
    assert!(verdict.starts_with("Walk away: missed"), "{verdict}");

    // Signing asks for an override with a reason and changes nothing until it has one.
    support::click(&client, "#sign-prospect").await;
    let demand = wait_for("the override demand", || async {
        text(&client, "[data-testid='override']").await
    })
    .await;
    assert!(
        demand.contains("is not a fit") && demand.contains("say why"),
        "{demand}"
    );
    assert_eq!(status(&db, prospect), "prospect");
    support::click(&client, "#sign-prospect").await;
    let banner = wait_for("the refusal", || async {
        text(&client, "#banner-text")
            .await
            .filter(|t| !t.is_empty())
    })
    .await;
    assert!(banner.contains("override"), "{banner}");
    assert_eq!(status(&db, prospect), "prospect");
    support::save_screenshot(&client, "profiles-walk-away.png").await;

    // Readiness: a nurture partner scored 2/2/2 becomes active.
    open_screen(&client, "readiness", "readiness-headline").await;
    let script = "const r = Array.from(document.querySelectorAll('.review-row')).find((x) => x.querySelector('.hint').textContent.includes('nurture')); return r ? Number(r.dataset.partner) : null;";
    let partner = client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .expect("a nurture partner is due for review");
    assert_eq!(status(&db, partner), "nurture");
    let name: String = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("SELECT name FROM partners WHERE id = ?1", [partner], |r| {
            r.get(0)
        })
        .unwrap();

    // In nurture, the roster holds it in the lowest tier at most and says why.
    let held = roster_held(&client, partner, &name).await;
    assert!(
        held.starts_with("Held back: ") && held.contains("placed in the lowest tier at most"),
        "{held}"
    );

    // The consequence is the readiness screen's to choose, and lands in SQLite.
    open_screen(&client, "readiness", "readiness-headline").await;
    let gate_line = text(&client, "[data-testid='gate-line']").await.unwrap();
    assert!(
        gate_line.starts_with("Service threshold 6/9"),
        "{gate_line}"
    );
    client
        .execute(
            "const s = document.querySelector(\"[data-testid='gate-consequence']\"); s.value = 'lowest_tier'; document.querySelector(\"[data-testid='bands-save']\").click(); return true;",
            vec![],
        )
        .await
        .unwrap();
    wait_for("the consequence in SQLite", || async {
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        let v: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'readiness_consequence'",
                [],
                |r| r.get(0),
            )
            .ok()?;
        (v == "lowest_tier").then_some(())
    })
    .await;
    wait_for("the readiness screen again", || async {
        text(&client, "[data-testid='gate-line']")
            .await
            .filter(|t| t.contains("at that tier's cadence"))
    })
    .await;
    let row = format!(".review-row[data-partner='{partner}']");
    for label in ["Capability", "Capacity", "Motion commitment"] {
        let field = client
            .find(Locator::Css(&format!(
                "{row} input[aria-label^='{label} for']"
            )))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys("2").await.unwrap();
    }
    client
        .find(Locator::Css(&format!(
            "{row} input[aria-label^='Motion commitment for']"
        )))
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_for("the partner to turn active in SQLite", || async {
        (status(&db, partner) == "active").then_some(())
    })
    .await;
    support::save_screenshot(&client, "readiness.png").await;

    // And on the roster, where readiness is a column and a filter: active, no longer held.
    assert_eq!(roster_held(&client, partner, &name).await, "");
    let script = format!(
        "const r = document.querySelector(\"[data-partner-row='{partner}'] [data-testid='readiness']\"); return r ? r.textContent : null;"
    );
    let cell = client.execute(&script, vec![]).await.unwrap();
    assert_eq!(cell.as_str(), Some("Active"));
    client.close().await.unwrap();
}

/// The roster row of `partner`, found by searching for `name`: its tier cell's "held back"
/// tooltip, empty when the partner is served as its rank places it.
async fn roster_held(client: &fantoccini::Client, partner: i64, name: &str) -> String {
    open_screen(client, "prioritization", "prioritization-headline").await;
    let search = client
        .find(Locator::Css("[data-testid='roster-search']"))
        .await
        .unwrap();
    search.clear().await.unwrap();
    search.send_keys(name).await.unwrap();
    wait_for("the roster row", || async {
        let script = format!(
            "const r = document.querySelector(\"[data-partner-row='{partner}'] [data-testid='tier']\"); return r ? r.title : null;"
        );
        client.execute(&script, vec![]).await.ok()?.as_str().map(String::from)
    })
    .await
}
