//! A version 3 workspace, whose imports invented stage rows, migrates to dated facts: the
//! invented rows are marked unknown, recorded moves become facts, and the forecast's as-of
//! view sees nothing before the one snapshot the old state becomes.

use super::*;
use crate::domain::deals::Outcome;
use crate::store::open_existing;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A workspace as version 3 wrote it: deals A (open, a move recorded mid-way), B (won, its
/// stage row put on the created day by an import), C (lost, no rows) and D (won, its stage
/// row put on the close day).
fn version_3(path: &std::path::Path) {
    let conn = super::tests::workspace_at(path, 3);
    conn.execute_batch(
        "INSERT INTO program (id, company) VALUES (1, 'Old Inc');
         INSERT INTO factors (id, position, name, weight)
              VALUES (1, 1, 'Fit', 0.4), (2, 2, 'Reach', 0.3), (3, 3, 'Motion', 0.3);
         INSERT INTO stages (id, position, name, owner, exit_criterion, probability, expected_days)
              VALUES (1, 1, 'Discovery', 'AE', 'Pain named', 0.2, 20),
                     (2, 2, 'Commit', 'AE', 'Paper out', 0.7, 10);
         INSERT INTO deals (id, account, source, amount, stage_id, created_on, outcome, closed_on, credit_rule)
              VALUES (1, 'A', 'direct', 100, 2, '2026-01-05', 'open', NULL, 'none'),
                     (2, 'B', 'direct', 200, 2, '2026-01-10', 'won', '2026-03-01', 'none'),
                     (3, 'C', 'direct', 300, NULL, '2026-01-20', 'lost', '2026-02-20', 'none'),
                     (4, 'D', 'direct', 400, 2, '2026-01-03', 'won', '2026-02-01', 'none');
         INSERT INTO deal_stage_history (deal_id, stage_id, entered_on)
              VALUES (1, 1, '2026-01-05'), (1, 2, '2026-02-10'),
                     (2, 2, '2026-01-10'),
                     (4, 2, '2026-02-01');",
    )
    .unwrap();
}

/// Every row of a four-column query.
fn rows<A, B, C, D>(ws: &crate::store::Workspace, sql: &str) -> Vec<(A, B, C, D)>
where
    A: rusqlite::types::FromSql,
    B: rusqlite::types::FromSql,
    C: rusqlite::types::FromSql,
    D: rusqlite::types::FromSql,
{
    ws.conn()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn a_version_3_workspace_becomes_one_dated_snapshot_with_its_invented_stages_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.partnerboard");
    version_3(&path);
    let ws = open_existing(&path).unwrap();
    assert_eq!(user_version(ws.conn()).unwrap(), SCHEMA_VERSION);

    let known: Vec<(i64, i64, String, i64)> = rows(
        &ws,
        "SELECT deal_id, stage_id, entered_on, known FROM deal_stage_history ORDER BY id",
    );
    assert_eq!(
        known,
        vec![
            (1, 1, "2026-01-05".into(), 0),
            (1, 2, "2026-02-10".into(), 1),
            (2, 2, "2026-01-10".into(), 0),
            (4, 2, "2026-02-01".into(), 0),
        ],
        "rows on the created day or at the close were invented; the mid-way move was seen"
    );

    let facts: Vec<(i64, String, Option<i64>, String)> = rows(
        &ws,
        "SELECT deal_id, known_on, stage_id, outcome FROM deal_facts ORDER BY deal_id, known_on",
    );
    assert_eq!(
        facts,
        vec![
            (1, "2026-02-10".into(), Some(2), "open".into()),
            (1, "2026-03-01".into(), Some(2), "open".into()),
            (2, "2026-03-01".into(), Some(2), "won".into()),
            (3, "2026-03-01".into(), None, "lost".into()),
            (4, "2026-03-01".into(), Some(2), "won".into()),
        ],
        "the old state is one snapshot dated the last day the file speaks of"
    );

    let timeline = ws.forecast_history().unwrap();
    assert_eq!(
        timeline.known_range(),
        Some((day("2026-02-10"), day("2026-03-01")))
    );
    let before = timeline.as_of(day("2026-02-28"));
    assert_eq!(
        before.deals.len(),
        1,
        "only A was told of before the snapshot"
    );
    assert_eq!(before.deals[0].outcome, Outcome::Open);
    assert_eq!(before.deals[0].moves, vec![(1, day("2026-02-10"))]);
    let after = timeline.as_of(day("2026-03-01"));
    assert_eq!(after.deals.len(), 4);
    for d in after.deals.iter().filter(|d| d.outcome != Outcome::Open) {
        assert!(
            d.moves.is_empty(),
            "a deal first seen closed has no open stage: {d:?}"
        );
    }
}
