//! Scoring cycles: dated snapshots of every partner's score, rank and tier, and what changed
//! between any two of them.

use serde::Serialize;
use std::collections::HashMap;

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
