//! The live what-if of the prioritization screen: the ranking under a model (and tiers) not
//! saved yet, and what it would change against the saved ranking.

use crate::domain::cycles::{compare, CycleComparison};
use crate::domain::roster::{ranked_scores, ScoredRoster};
use crate::domain::scoring::{self, FactorModel};
use crate::domain::tiers::{same_service_warnings, Tier};
use crate::domain::InvalidInput;
use serde::Serialize;

/// How many of the biggest rank changes a preview lists.
pub const BIGGEST_CHANGES: usize = 10;

/// A what-if: the ranking under a model that is not saved, as parallel arrays (rank order),
/// and what it changes against the saved model.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// Each factor's % of the total weight, in the saved factors' order.
    pub shares: Vec<f64>,
    /// The ranked partners' ids, best first.
    pub ids: Vec<i64>,
    /// 0–100, to two decimals (the table shows one): a short payload for 10,000 rows.
    pub scores: Vec<f64>,
    /// Index into the tiers, per partner in `ids`.
    pub tiers: Vec<usize>,
    /// Partners per tier under the what-if.
    pub tier_counts: Vec<usize>,
    /// Partners moving to a higher tier; `changes.tier_moves` lists the first few.
    pub moved_up: usize,
    /// Partners moving to a lower tier.
    pub moved_down: usize,
    /// Tiers in the previewed plan that promise the same service level.
    pub warnings: Vec<String>,
    /// The biggest risers and fallers and the first tier moves, against the saved ranking.
    pub changes: CycleComparison,
}

/// The names of `tiers`, best first, as the cycle comparison takes them.
pub fn tier_names(tiers: &[Tier]) -> Vec<String> {
    tiers.iter().map(|t| t.name.clone()).collect()
}

/// Ranks the saved roster under `model` and `tiers` (the saved tiers when `None`). The model must
/// have the saved factors: added or removed ones have no scores to preview yet.
pub fn preview(
    saved: &ScoredRoster,
    model: &FactorModel,
    tiers: Option<Vec<Tier>>,
) -> Result<Preview, InvalidInput> {
    let mut asked: Vec<Option<i64>> = model.factors.iter().map(|f| f.id).collect();
    let mut stored: Vec<Option<i64>> = saved.model.factors.iter().map(|f| f.id).collect();
    asked.sort_unstable();
    stored.sort_unstable();
    if asked != stored {
        // New or removed factors have no scores yet: they are previewed once applied.
        return Err(InvalidInput::new(
            "factors",
            "Apply added or removed factors first; the preview works on the saved factors' scores.",
        ));
    }
    let aligned: Vec<_> = saved
        .model
        .factors
        .iter()
        .filter_map(|s| model.factors.iter().find(|f| f.id == s.id).cloned())
        .collect();
    let model = FactorModel::validated(&aligned)?;
    let tiers = tiers.unwrap_or_else(|| saved.tiers.clone());
    let ranking = scoring::rank(&model, &ranked_scores(&saved.roster));
    let tier_of = scoring::assign_tiers(&tiers, &ranking, &saved.held);
    let mut tier_counts = vec![0usize; tiers.len()];
    for t in &tier_of {
        tier_counts[*t] += 1;
    }
    let entries = scoring::entries(&tiers, &ranking, &saved.held);
    let names = tier_names(&tiers);
    let mut changes = compare(&saved.live, &entries, &names);
    changes.risers.truncate(BIGGEST_CHANGES);
    changes.fallers.truncate(BIGGEST_CHANGES);
    let level = |t: &Option<String>| t.as_ref().and_then(|t| names.iter().position(|n| n == t));
    let moved_up = changes
        .tier_moves
        .iter()
        .filter(|m| level(&m.to_tier) < level(&m.from_tier))
        .count();
    let moved_down = changes.tier_moves.len() - moved_up;
    // The window lists the first few up and down; the counts above carry the rest.
    let mut shown_up = 0;
    let mut shown_down = 0;
    changes.tier_moves.retain(|m| {
        let up = level(&m.to_tier) < level(&m.from_tier);
        let shown = if up { &mut shown_up } else { &mut shown_down };
        *shown += 1;
        *shown <= BIGGEST_CHANGES
    });
    Ok(Preview {
        shares: model.shares(),
        ids: ranking.ranked.iter().map(|r| r.partner_id).collect(),
        scores: ranking
            .ranked
            .iter()
            .map(|r| (r.score * 100.0).round() / 100.0)
            .collect(),
        moved_up,
        moved_down,
        tiers: tier_of,
        tier_counts,
        warnings: same_service_warnings(&tiers),
        changes,
    })
}
