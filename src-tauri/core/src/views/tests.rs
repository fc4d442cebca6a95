use super::*;
use crate::charts::ChartError;
use crate::domain::demo::generate;
use crate::import::ImportError;
use crate::store::{self, StoreError};
use chrono::NaiveDate;
use std::error::Error as _;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn demo(dir: &tempfile::TempDir) -> store::Workspace {
    let as_of = day("2026-11-01");
    store::create_demo(&dir.path().join("v.partnerboard"), &generate(120, 3, as_of)).unwrap()
}

#[test]
fn every_core_error_maps_to_one_kind_and_its_own_sentence() {
    let cases: Vec<(Failure, &str)> = vec![
        (StoreError::Missing { path: "x".into() }.into(), "not_found"),
        (StoreError::Io("disk full".into()).into(), "io"),
        (StoreError::Cancelled.into(), "conflict"),
        (
            StoreError::ReadOnly {
                path: "x".into(),
                reason: "the file is marked read-only".into(),
            }
            .into(),
            "read_only",
        ),
        (ImportError::Cancelled.into(), "conflict"),
        (
            ImportError::UnknownStage("Won?".into()).into(),
            "invalid_input",
        ),
        (
            ChartError::UnknownChart("pie".into()).into(),
            "invalid_input",
        ),
        (ChartError::Font.into(), "chart"),
        (
            ChartError::Store(StoreError::NotFound("gone".into())).into(),
            "not_found",
        ),
    ];
    for (failure, kind) in cases {
        assert_eq!(
            serde_json::to_value(failure.kind).unwrap(),
            kind,
            "{failure}"
        );
    }
    let f = Failure::from(ImportError::UnknownStage("Won?".into()));
    assert_eq!(f.message, "“Won?” is not a stage of this workspace.");
}

#[test]
fn a_sqlite_read_only_or_busy_failure_says_so() {
    let code = |c| {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(c),
            None,
        ))
    };
    assert_eq!(Failure::from(code(8)).kind, ErrorKind::ReadOnly);
    assert_eq!(Failure::from(code(5)).kind, ErrorKind::InUse);
    assert_eq!(Failure::from(code(1)).kind, ErrorKind::Workspace);
}

#[test]
fn a_chart_write_failure_keeps_the_system_error_as_its_source() {
    let e = ChartError::Write {
        path: "/pack".into(),
        source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
    };
    assert_eq!(
        e.to_string(),
        "/pack could not be written: denied. Nothing was written there."
    );
    let source = e
        .source()
        .unwrap()
        .downcast_ref::<std::io::Error>()
        .unwrap();
    assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied);
    assert_eq!(Failure::from(e).kind, ErrorKind::Io);
}

#[test]
fn the_ranking_lists_ranked_partners_in_order_then_the_unscored_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let scored = ws.scored_roster().unwrap();
    let view = roster::prioritization(&ws, &scored, day("2026-11-01")).unwrap();
    let rows = view.ranking();
    assert_eq!(rows.len(), scored.entries.len());
    let ranks: Vec<usize> = rows.iter().filter_map(|r| r.rank).collect();
    assert_eq!(ranks, (1..=view.ranked).collect::<Vec<_>>());
    let unscored = &rows[view.ranked..];
    assert_eq!(unscored.len(), view.unscored);
    for r in unscored {
        assert_eq!(
            r.unscored_reason.as_deref(),
            Some(format!("missing {}", r.missing.join(", ")).as_str())
        );
    }
    assert_eq!(
        view.tiers.iter().map(|t| t.partners).sum::<usize>(),
        view.ranked
    );
}

#[test]
fn the_compact_allocation_adds_up_to_the_capacity_screen() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let scored = ws.scored_roster().unwrap();
    let plan = capacity::saved(&ws, &scored).unwrap();
    let compact = capacity::Allocation::from(&plan);
    assert_eq!(compact.capacity, plan.capacity);
    assert_eq!(compact.tiers.len(), plan.tiers.len());
    assert_eq!(compact.members.len(), plan.members.len());
    assert_eq!(
        compact.tiers.iter().map(|t| t.partners).sum::<usize>(),
        plan.tier_loads.iter().map(|t| t.placed).sum::<usize>()
    );
    assert_eq!(compact.owner_moves, plan.moves.len());
    assert_eq!(compact.held_back.len(), plan.held_back.len());
}

#[test]
fn readiness_lines_lift_the_latest_review_to_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let view = readiness::readiness(&ws, day("2026-11-01")).unwrap();
    assert_eq!(
        view.due,
        view.partners.iter().filter(|p| p.due.is_some()).count()
    );
    let reviewed = view.partners.iter().find(|p| p.last.is_some()).unwrap();
    let line = readiness::ReadinessLine::from(reviewed);
    let last = reviewed.last.as_ref().unwrap();
    assert_eq!(line.total, Some(last.total));
    assert_eq!(line.total, line.scores.map(|s| s.total()));
    assert_eq!(line.id, reviewed.partner_id);
}

#[test]
fn a_partner_below_the_readiness_threshold_keeps_its_rank_but_is_served_in_the_lowest_tier() {
    use crate::domain::gate::Consequence;
    use crate::domain::readiness::Scores;
    use crate::store::ContactDraft;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo(&dir);
    let today = day("2026-11-01");
    let before = ws.scored_roster().unwrap();
    let lowest = before.tiers.last().unwrap().name.clone();
    let top = before.entries[0].clone();
    assert_eq!(top.rank, Some(1));
    assert_ne!(top.tier.as_deref(), Some(lowest.as_str()));
    let tier_counts = |s: &crate::domain::roster::ScoredRoster| -> Vec<usize> {
        s.tiers
            .iter()
            .map(|t| {
                s.entries
                    .iter()
                    .filter(|e| e.tier.as_deref() == Some(t.name.as_str()))
                    .count()
            })
            .collect()
    };
    let contact = ws
        .contact_save(&ContactDraft {
            id: None,
            partner_id: top.partner_id,
            name: "Ines Duarte".into(),
            role: "Partner lead".into(),
            email: String::new(),
        })
        .unwrap();
    let owed = |ws: &store::Workspace| {
        let scored = ws.scored_roster().unwrap();
        cadence::cadence(ws, &scored, today)
            .unwrap()
            .due
            .iter()
            .any(|d| d.contact_id == contact)
    };
    assert!(owed(&ws), "a new top-tier contact is owed a touch at once");

    // Reviewed at 3/9: below the default threshold of 6.
    let low = Scores {
        capability: 1,
        capacity: 1,
        motion_commitment: 1,
    };
    ws.add_review(top.partner_id, "2026-10-30", low, "Maya", "", today)
        .unwrap();
    let after = ws.scored_roster().unwrap();
    let entry = after
        .entries
        .iter()
        .find(|e| e.partner_id == top.partner_id)
        .unwrap();
    assert_eq!(entry.rank, Some(1), "the score still ranks it first");
    assert_eq!(entry.tier.as_deref(), Some(lowest.as_str()));
    // Its seat went to the next ready partner: the top tier holds as many as before (the
    // demo has fewer ready partners than the first two tiers' seats, so the second tier is
    // one short and the lowest one more).
    let (b, a) = (tier_counts(&before), tier_counts(&after));
    assert_eq!(a[0], b[0]);
    assert_eq!(a.iter().sum::<usize>(), b.iter().sum::<usize>());
    assert_eq!(a[a.len() - 1], b[b.len() - 1] + 1);
    let why = after.held.get(&top.partner_id).unwrap();
    assert_eq!(
        why,
        "readiness 3/9, below 6/9: placed in the lowest tier at most, with no 1:1 until a \
         review reaches 6/9"
    );
    let view = roster::prioritization(&ws, &after, today).unwrap();
    let row = view
        .partners
        .iter()
        .find(|r| r.partner.id == top.partner_id)
        .unwrap();
    assert_eq!(row.held.as_deref(), Some(why.as_str()));
    assert_eq!(row.tier.as_deref(), Some(lowest.as_str()));
    assert!(view.held >= 1);
    assert!(!owed(&ws), "a held partner is owed no 1:1");

    // The consequence is the workspace's to choose, and undoable.
    ws.save_readiness_consequence(Consequence::LowestTier)
        .unwrap();
    let gate = ws.readiness_gate().unwrap();
    assert_eq!(gate.consequence, Consequence::LowestTier);
    let why = ws.scored_roster().unwrap().held[&top.partner_id].clone();
    assert!(!why.contains("no 1:1"), "{why}");
    ws.undo().unwrap();
    assert_eq!(
        ws.readiness_gate().unwrap().consequence,
        Consequence::LowestTierNoOneToOne
    );

    // A review at the threshold lifts the partner back to the tier its rank earns.
    let ready = Scores {
        capability: 2,
        capacity: 2,
        motion_commitment: 2,
    };
    ws.add_review(top.partner_id, "2026-10-31", ready, "Maya", "", today)
        .unwrap();
    let lifted = ws.scored_roster().unwrap();
    assert!(!lifted.held.contains_key(&top.partner_id));
    assert_eq!(lifted.entries[0].tier, top.tier);
    assert!(owed(&ws));
}

#[test]
fn a_score_change_moves_a_partners_tier_only_when_the_next_cycle_closes() {
    use crate::domain::cycles::TierSource;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo(&dir);
    let today = day("2026-11-01");
    // No cycle yet: placed by the live score, and the roster says so.
    let view = roster::prioritization(&ws, &ws.scored_roster().unwrap(), today).unwrap();
    assert_eq!(view.tier_source, TierSource::LiveScore);
    assert!(view
        .tier_source_note
        .starts_with("No scoring cycle is closed yet"));
    assert_eq!(view.moving, 0);

    ws.close_cycle("Q3 2026", "2026-09-30").unwrap();
    let before = ws.scored_roster().unwrap();
    let plan_before = ws.saved_capacity_plan(&before).unwrap();
    // The top partner's scores drop to 1 across the board: live, it falls out of Tier 1.
    let top = before.entries[0].clone();
    let top_tier = top.tier.clone().unwrap();
    for f in before.model.factors.iter().filter_map(|f| f.id) {
        ws.set_factor_score(top.partner_id, f, Some(1)).unwrap();
    }
    let after = ws.scored_roster().unwrap();
    let served = |s: &crate::domain::roster::ScoredRoster, id: i64| {
        s.entries
            .iter()
            .find(|e| e.partner_id == id)
            .and_then(|e| e.tier.clone())
    };
    let live = after
        .live
        .iter()
        .find(|e| e.partner_id == top.partner_id)
        .unwrap()
        .clone();
    assert_ne!(
        live.tier.as_deref(),
        Some(top_tier.as_str()),
        "live, it falls"
    );
    assert!(live.rank.unwrap() > 1);
    assert_eq!(
        served(&after, top.partner_id).as_deref(),
        Some(top_tier.as_str())
    );
    // What it is owed does not change: the capacity plan places it as before.
    let plan_after = ws.saved_capacity_plan(&after).unwrap();
    let placed = |p: &crate::domain::capacity_plan::CapacityPlan| {
        p.allocation
            .placements
            .iter()
            .find(|x| x.partner_id == top.partner_id)
            .map(|x| (x.tier, x.hours))
    };
    assert_eq!(placed(&plan_after), placed(&plan_before));
    // The roster says where it goes next.
    let view = roster::prioritization(&ws, &after, today).unwrap();
    assert!(matches!(view.tier_source, TierSource::Cycle { ref name, .. } if name == "Q3 2026"));
    let row = view
        .partners
        .iter()
        .find(|r| r.partner.id == top.partner_id)
        .unwrap();
    assert_eq!(row.tier.as_deref(), Some(top_tier.as_str()));
    assert_eq!(row.next_tier, live.tier);
    assert!(view.moving >= 1);

    // The re-score moves it.
    ws.close_cycle("Q4 2026", "2026-12-31").unwrap();
    let moved = ws.scored_roster().unwrap();
    assert_eq!(served(&moved, top.partner_id), live.tier);
    let view = roster::prioritization(&ws, &moved, today).unwrap();
    assert_eq!(view.moving, 0);
}

#[test]
fn the_ipp_check_counts_production_per_month_signed_and_judges_each_type_alone() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(&dir);
    let (from, to) = (day("2025-11-01"), day("2026-11-01"));
    let c = ipp::check(&ws, from, to).unwrap();
    assert_eq!(c.by_type.len(), 4, "the demo's four partner types");
    let sum = |f: fn(&ipp::TypeCheck) -> usize| c.by_type.iter().map(f).sum::<usize>();
    assert_eq!(sum(|t| t.check.matched.size), c.pooled.matched.size);
    assert_eq!(sum(|t| t.check.unmatched.size), c.pooled.unmatched.size);
    // One partner is said to have signed in May: its production is its pipeline in the window
    // ÷ the months it was signed (May to November), not ÷ twelve.
    let (id, matched): (i64, bool) = ws
        .conn()
        .query_row(
            "SELECT p.id, p.profile_match_at_signing FROM partners p
             WHERE p.profile_match_at_signing IS NOT NULL AND p.status != 'prospect'
               AND EXISTS (SELECT 1 FROM deals d WHERE d.partner_id = p.id
                 AND d.source = 'partner_sourced' AND d.created_on >= ?1)
             ORDER BY p.id LIMIT 1",
            [from.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let signed = "2026-05-01";
    ws.conn()
        .execute(
            "UPDATE partners SET signed_on = ?1 WHERE id = ?2",
            rusqlite::params![signed, id],
        )
        .unwrap();
    let pipeline: f64 = ws
        .conn()
        .query_row(
            "SELECT COALESCE(SUM(amount), 0) FROM deals WHERE partner_id = ?1
               AND source = 'partner_sourced' AND created_on >= ?2 AND created_on <= ?3",
            rusqlite::params![id, from.to_string(), to.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let months = ((to - day(signed)).num_days() + 1) as f64 / 30.436_875;
    assert!((months - 6.05).abs() < 0.1, "{months}");
    let p = ws.pipeline_by_profile_match(from, to).unwrap();
    let group = if matched { &p.matched } else { &p.unmatched };
    assert!(
        group.iter().any(|x| (x - pipeline / months).abs() < 1e-6),
        "{pipeline} over {months} months"
    );
}
