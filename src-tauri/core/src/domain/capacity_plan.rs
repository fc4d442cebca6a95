//! The capacity plan: the ranked roster placed into tiers within the team's hours, and an owner
//! for every placed partner.

use super::capacity::{allocate, assign, Allocation, Assignment, Member};
use super::roster::ScoredRoster;
use super::scoring::{self, Ranked, Ranking};
use super::tiers::Tier;
use std::collections::HashMap;

/// An allocation and the owner assignment that goes with it.
#[derive(Debug, Clone)]
pub struct CapacityPlan {
    /// Who each tier holds within the team's hours, and who is held back.
    pub allocation: Allocation,
    /// Which member owns each placed partner, keeping today's owners where they fit.
    pub assignment: Assignment,
}

/// The plan for `scored` under `tiers` and `members` (drafts or saved), with today's `owners`
/// (partner id → member id).
pub fn capacity_plan(
    scored: &ScoredRoster,
    tiers: &[Tier],
    members: &[Member],
    owners: &HashMap<i64, i64>,
) -> CapacityPlan {
    let ranked: Vec<Ranked> = scored
        .entries
        .iter()
        .filter_map(|e| {
            Some(Ranked {
                partner_id: e.partner_id,
                name: e.name.clone(),
                weighted: 0.0,
                score: e.score?,
                rank: e.rank?,
            })
        })
        .collect();
    let ranking = Ranking {
        ranked,
        unscored: Vec::new(),
    };
    // Under the saved tiers a partner is owed the tier it is served at (the last closed
    // cycle's); under draft tiers, what the rules would give at the next re-score.
    let eligible = if tiers == scored.tiers.as_slice() {
        let served: HashMap<i64, usize> = scored
            .entries
            .iter()
            .filter_map(|e| {
                let t = e.tier.as_ref()?;
                Some((e.partner_id, tiers.iter().position(|x| &x.name == t)?))
            })
            .collect();
        let last = tiers.len().saturating_sub(1);
        ranking
            .ranked
            .iter()
            .map(|r| served.get(&r.partner_id).copied().unwrap_or(last))
            .collect()
    } else {
        scoring::assign_tiers(tiers, &ranking, &scored.held)
    };
    let capacity = members
        .iter()
        .filter(|m| m.carries_partners)
        .map(|m| m.hours_per_month)
        .sum();
    let allocation = allocate(tiers, &ranking, &eligible, capacity);
    let assignment = assign(&allocation, members, owners);
    CapacityPlan {
        allocation,
        assignment,
    }
}
