//! Scoring cycles: dated snapshots of every partner's score, rank and tier, and what changed
//! between any two of them.

use super::gate::Held;
use super::tiers::Tier;
use serde::Serialize;
use std::collections::HashMap;

/// Where the tiers partners are served at come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TierSource {
    /// No scoring cycle is closed yet: partners are placed by their live scores.
    LiveScore,
    /// The last closed cycle: a live score change moves a partner only when the next one
    /// closes.
    Cycle {
        /// The cycle's name.
        name: String,
        /// The day it closed.
        closed_on: String,
    },
}

impl TierSource {
    /// How the roster says where its tiers come from.
    pub fn sentence(&self) -> String {
        match self {
            Self::LiveScore => "No scoring cycle is closed yet, so tiers follow the live scores. \
                               Close a cycle to hold them until the next re-score."
                .to_string(),
            Self::Cycle { name, closed_on } => format!(
                "Tiers are those of the last closed cycle, “{name}” ({closed_on}); score \
                 changes since move a partner at the next re-score."
            ),
        }
    }
}

/// Partners with the same score on both sides of a tier cut: the tie-break, not the score,
/// decided which side each is on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieAtCut {
    /// The score they share, 0–100.
    pub score: f64,
    /// (tier, partners placed in it), top tier first.
    pub sides: Vec<(String, Vec<String>)>,
    /// The whole flag in words, with the tie-break rule.
    pub sentence: String,
}

/// How a tie in the ranking is settled, as the roster shows it.
pub const TIE_BREAK: &str = "equal scores are ranked by name, A to Z";

/// The ties that straddle a tier cut in `entries` (ranked partners in rank order), leaving out
/// partners the readiness gate `held`, whose tier the score did not decide.
pub fn ties_at_cuts(entries: &[CycleEntry], held: &Held) -> Vec<TieAtCut> {
    let ranked: Vec<(&CycleEntry, f64, &str)> = entries
        .iter()
        .filter(|e| !held.contains_key(&e.partner_id))
        .filter_map(|e| Some((e, e.score?, e.tier.as_deref()?)))
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < ranked.len() {
        let score = ranked[start].1;
        let end = ranked[start..]
            .iter()
            .position(|(_, s, _)| (s - score).abs() > 1e-9)
            .map_or(ranked.len(), |n| start + n);
        let run = &ranked[start..end];
        let mut sides: Vec<(String, Vec<String>)> = Vec::new();
        for (e, _, tier) in run {
            match sides.last_mut() {
                Some((t, names)) if t == tier => names.push(e.name.clone()),
                _ => sides.push(((*tier).to_string(), vec![e.name.clone()])),
            }
        }
        if sides.len() > 1 {
            let listed: Vec<String> = sides
                .iter()
                .map(|(t, names)| format!("{} ({t})", names.join(", ")))
                .collect();
            let sentence = format!(
                "Tie at the {} cut: {} all score {}; {TIE_BREAK}.",
                sides
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" / "),
                listed.join(" and "),
                super::format::decimal_ungrouped((score * 10.0).round() / 10.0),
            );
            out.push(TieAtCut {
                score,
                sides,
                sentence,
            });
        }
        start = end;
    }
    out
}

/// The tiers partners are served at: each partner's tier in the `last` closed cycle where it
/// had one (and the tier still exists), else the tier its live score earns (a partner new since
/// the cycle, or no cycle at all). The readiness gate applies at once: a partner it `held` is
/// served in the lowest tier at most. Scores and ranks stay live.
pub fn served(
    live: &[CycleEntry],
    last: Option<&[CycleEntry]>,
    tiers: &[Tier],
    held: &Held,
) -> Vec<CycleEntry> {
    let Some(last) = last else {
        return live.to_vec();
    };
    let cycle_tier: HashMap<i64, &str> = last
        .iter()
        .filter_map(|e| Some((e.partner_id, e.tier.as_deref()?)))
        .filter(|(_, t)| tiers.iter().any(|x| x.name == *t))
        .collect();
    let lowest = tiers.last().map(|t| t.name.clone());
    live.iter()
        .map(|e| {
            let mut out = e.clone();
            if let Some(t) = cycle_tier.get(&e.partner_id) {
                out.tier = Some((*t).to_string());
            }
            if held.contains_key(&e.partner_id) {
                out.tier.clone_from(&lowest);
            }
            out
        })
        .collect()
}

/// One partner in a snapshot. Unscored partners have no score, rank or tier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleEntry {
    /// The partner, stable across cycles, so movements follow it through renames.
    pub partner_id: i64,
    /// Name at the time of the snapshot.
    pub name: String,
    /// Weighted score (0–100) when the cycle closed.
    pub score: Option<f64>,
    /// Place in the ranking, 1 the best.
    pub rank: Option<usize>,
    /// Tier name the partner was placed in.
    pub tier: Option<String>,
}

/// A partner whose rank changed between two cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    /// The partner that moved.
    pub partner_id: i64,
    /// Its name, as the later cycle has it.
    pub name: String,
    /// Rank in the earlier cycle.
    pub from_rank: usize,
    /// Rank in the later cycle.
    pub to_rank: usize,
    /// Places gained: positive for a riser.
    pub places: i64,
    /// Tier in the earlier cycle.
    pub from_tier: Option<String>,
    /// Tier in the later cycle.
    pub to_tier: Option<String>,
}

/// What changed between two scoring cycles, for the tier movement chart and review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleComparison {
    /// Biggest risers first.
    pub risers: Vec<Movement>,
    /// Biggest fallers first.
    pub fallers: Vec<Movement>,
    /// Ranked in both and in a different tier, best new rank first.
    pub tier_moves: Vec<Movement>,
    /// Row and column labels of `matrix`: the tiers, then "Unscored".
    pub tiers: Vec<String>,
    /// `matrix[from][to]`: partners in both cycles by tier before and after.
    pub matrix: Vec<Vec<usize>>,
    /// In the later cycle only.
    pub added: Vec<String>,
    /// In the earlier cycle only.
    pub removed: Vec<String>,
}

/// Row and column label for partners without a score, so they still show in the matrix.
pub const UNSCORED: &str = "Unscored";

/// Compares `before` with `after`. `tier_order` lists tier names top first; names found in
/// the snapshots but not in it are appended.
pub fn compare(
    before: &[CycleEntry],
    after: &[CycleEntry],
    tier_order: &[String],
) -> CycleComparison {
    let mut tiers: Vec<String> = tier_order.to_vec();
    for e in before.iter().chain(after) {
        if let Some(t) = &e.tier {
            if !tiers.contains(t) {
                tiers.push(t.clone());
            }
        }
    }
    tiers.push(UNSCORED.to_string());
    let index = |t: &Option<String>| -> usize {
        t.as_ref()
            .and_then(|t| tiers.iter().position(|x| x == t))
            .unwrap_or(tiers.len() - 1)
    };
    let mut matrix = vec![vec![0usize; tiers.len()]; tiers.len()];
    let earlier: HashMap<i64, &CycleEntry> = before.iter().map(|e| (e.partner_id, e)).collect();
    let later: HashMap<i64, &CycleEntry> = after.iter().map(|e| (e.partner_id, e)).collect();

    let mut risers = Vec::new();
    let mut fallers = Vec::new();
    let mut tier_moves = Vec::new();
    for b in after {
        let Some(a) = earlier.get(&b.partner_id) else {
            continue;
        };
        matrix[index(&a.tier)][index(&b.tier)] += 1;
        if let (Some(from), Some(to)) = (a.rank, b.rank) {
            let places = from as i64 - to as i64;
            let m = Movement {
                partner_id: b.partner_id,
                name: b.name.clone(),
                from_rank: from,
                to_rank: to,
                places,
                from_tier: a.tier.clone(),
                to_tier: b.tier.clone(),
            };
            if m.from_tier != m.to_tier {
                tier_moves.push(m.clone());
            }
            match places {
                p if p > 0 => risers.push(m),
                p if p < 0 => fallers.push(m),
                _ => {}
            }
        }
    }
    risers.sort_by(|x, y| y.places.cmp(&x.places).then(x.to_rank.cmp(&y.to_rank)));
    fallers.sort_by(|x, y| x.places.cmp(&y.places).then(x.to_rank.cmp(&y.to_rank)));
    tier_moves.sort_by_key(|m| m.to_rank);
    let mut added: Vec<String> = after
        .iter()
        .filter(|e| !earlier.contains_key(&e.partner_id))
        .map(|e| e.name.clone())
        .collect();
    let mut removed: Vec<String> = before
        .iter()
        .filter(|e| !later.contains_key(&e.partner_id))
        .map(|e| e.name.clone())
        .collect();
    added.sort();
    removed.sort();
    CycleComparison {
        risers,
        fallers,
        tier_moves,
        tiers,
        matrix,
        added,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: i64, rank: Option<usize>, tier: Option<&str>) -> CycleEntry {
        CycleEntry {
            partner_id: id,
            name: format!("P{id}"),
            score: rank.map(|r| 100.0 - r as f64),
            rank,
            tier: tier.map(String::from),
        }
    }

    fn tiers(names: &[&str]) -> Vec<Tier> {
        names
            .iter()
            .map(|n| Tier {
                id: None,
                name: (*n).into(),
                rule: crate::domain::tiers::TierRule::Rest,
                cadence: crate::domain::tiers::Cadence::Monthly,
                hours_per_partner: 1.0,
                benefits: String::new(),
            })
            .collect()
    }

    #[test]
    fn a_tie_that_straddles_a_tier_cut_is_flagged_with_the_tie_break() {
        let at = |id: i64, name: &str, score: f64, tier: &str| CycleEntry {
            partner_id: id,
            name: name.into(),
            score: Some(score),
            rank: Some(id as usize),
            tier: Some(tier.into()),
        };
        let entries = [
            at(1, "Apex", 90.0, "T1"),
            at(2, "Birch", 72.5, "T1"),
            at(3, "Cedar", 72.5, "T2"),
            at(4, "Dune", 72.5, "T2"),
            at(5, "Elm", 60.0, "T2"),
            at(6, "Fir", 60.0, "T2"),
        ];
        let ties = ties_at_cuts(&entries, &Held::new());
        assert_eq!(ties.len(), 1, "the 60.0 tie sits inside one tier");
        assert_eq!(
            ties[0].sides,
            [
                ("T1".to_string(), vec!["Birch".to_string()]),
                (
                    "T2".to_string(),
                    vec!["Cedar".to_string(), "Dune".to_string()]
                ),
            ]
        );
        assert_eq!(
            ties[0].sentence,
            "Tie at the T1 / T2 cut: Birch (T1) and Cedar, Dune (T2) all score 72.5; equal \
             scores are ranked by name, A to Z."
        );
        // A held partner's tier is the gate's doing, not the tie-break's.
        let held: Held = [(2, String::new())].into();
        assert!(ties_at_cuts(&entries, &held).is_empty());
    }

    #[test]
    fn partners_are_served_at_the_last_cycles_tier_until_the_next_re_score() {
        let t = tiers(&["T1", "T2", "T3"]);
        // Live: 3 has risen to T1, 1 fell to T2, 6 is new since the cycle, 5 is unscored now.
        let live = [
            e(3, Some(1), Some("T1")),
            e(1, Some(2), Some("T2")),
            e(2, Some(3), Some("T2")),
            e(6, Some(4), Some("T3")),
            e(5, None, None),
        ];
        let none = Held::new();
        // No cycle: the live tiers.
        assert_eq!(served(&live, None, &t, &none), live.to_vec());
        let last = [
            e(1, Some(1), Some("T1")),
            e(2, Some(2), Some("T2")),
            e(3, Some(3), Some("T2")),
            e(5, Some(4), Some("T3")),
            e(7, Some(5), Some("Gone")),
        ];
        let got = served(&live, Some(&last), &t, &none);
        let tier_of = |id: i64| {
            got.iter()
                .find(|x| x.partner_id == id)
                .and_then(|x| x.tier.clone())
        };
        assert_eq!(tier_of(3).as_deref(), Some("T2"), "the riser waits");
        assert_eq!(
            tier_of(1).as_deref(),
            Some("T1"),
            "the faller keeps its tier"
        );
        assert_eq!(
            tier_of(6).as_deref(),
            Some("T3"),
            "a new partner is placed live"
        );
        assert_eq!(
            tier_of(5).as_deref(),
            Some("T3"),
            "unscored now, served as before"
        );
        // Ranks and scores stay live.
        assert_eq!(got[0].rank, Some(1));
        // The readiness gate applies at once.
        let held: Held = [(1, "not ready".to_string())].into();
        let got = served(&live, Some(&last), &t, &held);
        assert_eq!(got[1].tier.as_deref(), Some("T3"));
        // A tier the cycle named that no longer exists falls back to the live one.
        let renamed = [e(3, Some(1), Some("Old T2"))];
        assert_eq!(
            served(&live, Some(&renamed), &t, &none)[0].tier.as_deref(),
            Some("T1")
        );
    }

    #[test]
    fn risers_fallers_transitions_and_roster_changes() {
        let q1 = [
            e(1, Some(1), Some("T1")),
            e(2, Some(2), Some("T1")),
            e(3, Some(3), Some("T2")),
            e(4, Some(4), Some("T2")),
            e(5, None, None),
        ];
        let q2 = [
            e(3, Some(1), Some("T1")),
            e(1, Some(2), Some("T1")),
            e(2, Some(3), Some("T2")),
            e(5, Some(4), Some("T2")),
            e(6, Some(5), Some("T2")),
        ];
        let c = compare(&q1, &q2, &["T1".into(), "T2".into()]);
        assert_eq!(c.tiers, ["T1", "T2", "Unscored"]);
        assert_eq!(
            c.risers
                .iter()
                .map(|m| (m.partner_id, m.places))
                .collect::<Vec<_>>(),
            [(3, 2)]
        );
        assert_eq!(
            c.fallers
                .iter()
                .map(|m| (m.partner_id, m.places))
                .collect::<Vec<_>>(),
            [(1, -1), (2, -1)]
        );
        // T1→T1: P1; T1→T2: P2; T2→T1: P3; Unscored→T2: P5. P4 left, P6 is new.
        assert_eq!(c.matrix, vec![vec![1, 1, 0], vec![1, 0, 0], vec![0, 1, 0]]);
        assert_eq!(
            c.tier_moves
                .iter()
                .map(|m| m.partner_id)
                .collect::<Vec<_>>(),
            [3, 2]
        );
        assert_eq!(c.added, ["P6"]);
        assert_eq!(c.removed, ["P4"]);
        let moved: usize = c.matrix.iter().flatten().sum();
        assert_eq!(moved, 4, "every partner in both cycles is counted once");
    }
}
