use super::*;
use crate::domain::demo::generate;
use crate::store::create_demo;
use chrono::NaiveDate;

fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let ws = create_demo(&dir.path().join("d.partnerboard"), &generate(60, 5, as_of)).unwrap();
    (dir, ws)
}

fn order(ws: &Workspace) -> Vec<i64> {
    ws.scored_roster()
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.rank.is_some())
        .map(|e| e.partner_id)
        .collect()
}

#[test]
fn a_new_model_is_one_undoable_edit_and_removing_a_factor_takes_its_scores() {
    let (_d, mut ws) = demo();
    let before = order(&ws);
    let mut factors = ws.factor_model().unwrap().factors;
    factors[0].weight = 1.0;
    factors[3].weight = 90.0;
    let removed = factors.remove(1).id.unwrap();
    ws.save_factor_model(&factors).unwrap();
    assert_eq!(ws.factor_model().unwrap().factors.len(), 3);
    let left: i64 = ws
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM factor_scores WHERE factor_id = ?1",
            [removed],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert_ne!(order(&ws), before);
    ws.undo().unwrap();
    assert_eq!(ws.factor_model().unwrap().factors.len(), 4);
    assert_eq!(order(&ws), before);

    let mut two = ws.factor_model().unwrap().factors;
    two.truncate(2);
    assert!(ws
        .save_factor_model(&two)
        .unwrap_err()
        .to_string()
        .contains("at least 3"));
    assert_eq!(
        ws.factor_model().unwrap().factors.len(),
        4,
        "nothing half-saved"
    );
}

#[test]
fn scores_set_clear_and_undo() {
    let (_d, mut ws) = demo();
    let model = ws.factor_model().unwrap();
    let p = ws
        .roster(&model)
        .unwrap()
        .into_iter()
        .find(|p| p.scores.iter().all(Option::is_some))
        .unwrap();
    let f = model.factors[2].id.unwrap();
    ws.set_factor_score(p.id, f, None).unwrap();
    let now = ws
        .roster(&model)
        .unwrap()
        .into_iter()
        .find(|x| x.id == p.id)
        .unwrap();
    assert_eq!(now.scores[2], None);
    ws.undo().unwrap();
    let now = ws
        .roster(&model)
        .unwrap()
        .into_iter()
        .find(|x| x.id == p.id)
        .unwrap();
    assert_eq!(now.scores, p.scores);
    assert!(ws.set_factor_score(p.id, f, Some(6)).is_err());
    assert!(ws.set_factor_score(p.id, f, Some(0)).is_err());
    assert!(ws.set_factor_score(999_999, f, Some(3)).is_err());
}

#[test]
fn tiers_are_replaced_as_one_edit() {
    let (_d, mut ws) = demo();
    let mut tiers = ws.tiers().unwrap();
    tiers.remove(1);
    tiers[0].rule = TierRule::MinScore(70.0);
    ws.save_tiers(&tiers).unwrap();
    assert_eq!(ws.tiers().unwrap().len(), 2);
    ws.undo().unwrap();
    assert_eq!(ws.tiers().unwrap().len(), 3);
    let mut bad = ws.tiers().unwrap();
    bad[1].name = bad[0].name.clone();
    assert!(ws.save_tiers(&bad).is_err());
    bad = ws.tiers().unwrap();
    bad[0].rule = TierRule::TopN(0);
    assert!(ws
        .save_tiers(&bad)
        .unwrap_err()
        .to_string()
        .contains("at least 1"));
}

#[test]
fn partners_are_added_and_deleted_with_undo_but_not_off_their_deals() {
    let (_d, mut ws) = demo();
    let type_id: i64 = ws
        .conn()
        .query_row("SELECT id FROM partner_types LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let id = ws
        .partner_create(
            &PartnerDraft {
                name: "Zephyr Labs".into(),
                type_id,
                status: "active".into(),
            },
            crate::clock::today(),
        )
        .unwrap();
    let model = ws.factor_model().unwrap();
    ws.set_factor_score(id, model.factors[0].id.unwrap(), Some(4))
        .unwrap();
    ws.partner_delete(id).unwrap();
    assert!(!ws.roster(&model).unwrap().iter().any(|p| p.id == id));
    ws.undo().unwrap();
    let back = ws
        .roster(&model)
        .unwrap()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap();
    assert_eq!(back.scores[0], Some(4));
    let with_deals: i64 = ws
        .conn()
        .query_row(
            "SELECT partner_id FROM deals WHERE partner_id IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(ws
        .partner_delete(with_deals)
        .unwrap_err()
        .to_string()
        .contains("partner of record"));
    assert!(ws
        .partner_create(
            &PartnerDraft {
                name: "X".into(),
                type_id: 9999,
                status: "active".into()
            },
            crate::clock::today()
        )
        .is_err());
    assert!(ws
        .partner_create(
            &PartnerDraft {
                name: "X".into(),
                type_id,
                status: "gold".into()
            },
            crate::clock::today()
        )
        .is_err());
}

#[test]
fn a_cycle_snapshot_never_changes_with_later_edits() {
    let (_d, mut ws) = demo();
    let cycle = ws.close_cycle("Q3 2026", "2026-09-30").unwrap();
    let snapshot = ws.cycle_entries(cycle).unwrap();
    let ranked = snapshot.iter().filter(|e| e.rank.is_some()).count();
    assert_eq!(ranked, order(&ws).len());
    assert_eq!(snapshot[0].rank, Some(1));
    assert!(snapshot[0].tier.is_some());
    let mut factors = ws.factor_model().unwrap().factors;
    factors[0].weight = 5.0;
    ws.save_factor_model(&factors).unwrap();
    let first = snapshot[0].partner_id;
    ws.conn()
        .execute(
            "UPDATE partners SET name = 'Renamed' WHERE id = ?1",
            [first],
        )
        .unwrap();
    assert_eq!(ws.cycle_entries(cycle).unwrap(), snapshot);
    assert_eq!(ws.cycles().unwrap()[0].ranked as usize, ranked);
    assert!(ws.close_cycle("", "2026-09-30").is_err());
    assert!(ws.close_cycle("Q4", "2026-13-01").is_err());
}
