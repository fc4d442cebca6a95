//! A version 6 workspace migrates to version 7, where a partner may have no type: every
//! partner keeps its id, type, owner and dates, what points at partners still does, and a
//! partner can then be stored with no type.

use super::*;
use crate::store::open_existing;

fn version_6(path: &std::path::Path) {
    let conn = super::tests::workspace_at(path, 6);
    conn.execute_batch(
        "INSERT INTO program (id, company) VALUES (1, 'Old Inc');
         INSERT INTO partner_types (id, position, name, incentive_kind, incentive_value)
              VALUES (1, 0, 'Reseller', 'margin', 20);
         INSERT INTO team_members (id, position, name, hours_per_month) VALUES (1, 0, 'Maria', 100);
         INSERT INTO partners (id, name, type_id, status, owner_id, region, signed_on, created_on, external_id)
              VALUES (7, 'Acme', 1, 'active', 1, 'EMEA', '2026-02-01', '2026-01-01', 'P-7'),
                     (9, 'Globex', 1, 'prospect', NULL, '', NULL, '2026-03-01', NULL);
         INSERT INTO contacts (id, partner_id, name) VALUES (1, 9, 'Ana');
         INSERT INTO stages (id, position, name, owner, exit_criterion, probability, expected_days)
              VALUES (1, 1, 'Discovery', 'AE', 'Pain named', 0.2, 20);
         INSERT INTO deals (id, account, partner_id, source, amount, stage_id, created_on, outcome, credit_rule)
              VALUES (1, 'Initech', 7, 'partner_sourced', 100, 1, '2026-04-01', 'open', 'sourced');",
    )
    .unwrap();
}

/// (id, name, type, owner, signed, external id)
type PartnerRow = (
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

#[test]
fn a_version_6_workspace_keeps_every_partner_and_may_then_hold_one_with_no_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.partnerboard");
    version_6(&path);
    let ws = open_existing(&path).unwrap();
    assert_eq!(user_version(ws.conn()).unwrap(), SCHEMA_VERSION);
    let partners: Vec<PartnerRow> = ws
        .conn()
        .prepare(
            "SELECT id, name, type_id, owner_id, signed_on, external_id FROM partners ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        partners,
        vec![
            (
                7,
                "Acme".into(),
                Some(1),
                Some(1),
                Some("2026-02-01".into()),
                Some("P-7".into())
            ),
            (9, "Globex".into(), Some(1), None, None, None),
        ]
    );
    let joined: (String, String) = ws
        .conn()
        .query_row(
            "SELECT p.name, (SELECT p2.name FROM contacts c JOIN partners p2 ON p2.id = c.partner_id)
             FROM deals d JOIN partners p ON p.id = d.partner_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(joined, ("Acme".into(), "Globex".into()));
    let broken: i64 = ws
        .conn()
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    ws.conn()
        .execute(
            "INSERT INTO partners (name, type_id, status, created_on) VALUES ('Untyped', NULL, 'prospect', '2026-12-01')",
            [],
        )
        .unwrap();
    // The external id stays unique, as before.
    let dup = ws.conn().execute(
        "INSERT INTO partners (name, status, created_on, external_id) VALUES ('Again', 'active', '2026-12-01', 'P-7')",
        [],
    );
    assert!(dup.is_err());
}

/// Version 8 adds whether a member carries partners: every member of an older file does, as
/// every member did before, so the capacity plan is unchanged by the upgrade.
#[test]
fn an_older_workspaces_team_members_all_carry_partners_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.partnerboard");
    version_6(&path);
    let ws = open_existing(&path).unwrap();
    assert_eq!(SCHEMA_VERSION, 8);
    let team = ws.team().unwrap();
    assert_eq!(team.len(), 1);
    assert!(team[0].carries_partners);
    assert_eq!(team[0].hours_per_month, 100.0);
}
