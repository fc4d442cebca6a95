//! The prioritization screen's read model: the saved model's factors and shares, the tiers with
//! their head counts, and every partner with its score, rank, tier, band and verdict. The
//! command line's `rank` lists the same rows.

use crate::domain::cycles::{ties_at_cuts, CycleEntry, TieAtCut, TierSource};
use crate::domain::gate::Gate;
use crate::domain::readiness::Band;
use crate::domain::roster::{RosterPartner, ScoredRoster};
use crate::domain::scoring::Factor;
use crate::domain::tiers::{same_service_warnings, Tier};
use crate::store::{self, Workspace};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// A factor of the saved model with its share of the total weight, for the weight sliders.
#[derive(Debug, Serialize)]
pub struct FactorView {
    /// The factor as saved.
    #[serde(flatten)]
    pub factor: Factor,
    /// % of the total weight.
    pub share: f64,
}

/// A tier with how many partners it holds today, for the tier headings.
#[derive(Debug, Serialize)]
pub struct TierView {
    /// The tier as saved.
    #[serde(flatten)]
    pub tier: Tier,
    /// Partners the saved ranking places in it.
    pub partners: usize,
}

/// One partner's line of the roster: who it is and where the saved model puts it.
#[derive(Debug, Serialize)]
pub struct RosterRow {
    /// The partner as saved.
    #[serde(flatten)]
    pub partner: RosterPartner,
    /// 0–100 under the saved model; `None` when not ranked.
    pub score: Option<f64>,
    /// 1 for the best; `None` when not ranked.
    pub rank: Option<usize>,
    /// The tier it is served at: the last closed cycle's (see `tier_source`).
    pub tier: Option<String>,
    /// The tier its live score earns, when that differs: where it moves at the next
    /// re-score. Nothing it is owed changes before then.
    pub next_tier: Option<String>,
    /// Factors with no score, for a partner that would be ranked but cannot be.
    pub missing: Vec<String>,
    /// Why a partner that would be ranked is not, as a phrase ("missing Reach, Fit").
    pub unscored_reason: Option<String>,
    /// The band of the latest readiness review (signed partners).
    pub band: Option<Band>,
    /// The profile verdict (prospects): walk_away, fit or incomplete.
    pub verdict: Option<&'static str>,
    /// Why the readiness gate holds the partner in the lowest tier at most; `None` when it is
    /// served as its rank places it.
    pub held: Option<String>,
}

/// The whole prioritization screen.
#[derive(Debug, Serialize)]
pub struct Prioritization {
    /// The saved factors with their shares.
    pub factors: Vec<FactorView>,
    /// The saved tiers with their head counts.
    pub tiers: Vec<TierView>,
    /// Tiers that promise the same service level.
    pub warnings: Vec<String>,
    /// Every partner, in roster order.
    pub partners: Vec<RosterRow>,
    /// How many partners are ranked.
    pub ranked: usize,
    /// How many would be ranked but miss a score.
    pub unscored: usize,
    /// The readiness gate the tiers were placed under.
    pub gate: Gate,
    /// How many ranked partners it holds in the lowest tier at most.
    pub held: usize,
    /// Where the tiers come from: the last closed cycle, or the live scores.
    pub tier_source: TierSource,
    /// The same in a sentence, for the screen.
    pub tier_source_note: String,
    /// How many partners move tier at the next re-score.
    pub moving: usize,
    /// Equal scores on both sides of a tier cut in the live ranking, each with the tie-break.
    pub ties: Vec<TieAtCut>,
}

impl Prioritization {
    /// The partners the ranking lists: the ranked in rank order, then those missing a score.
    pub fn ranking(&self) -> Vec<&RosterRow> {
        let mut rows: Vec<&RosterRow> = self
            .partners
            .iter()
            .filter(|r| r.rank.is_some() || r.unscored_reason.is_some())
            .collect();
        rows.sort_by_key(|r| (r.rank.is_none(), r.rank));
        rows
    }
}

/// Counts the saved ranking's partners per tier, in the order of `tiers`.
fn tier_counts(tiers: &[Tier], entries: &[CycleEntry]) -> Vec<usize> {
    let mut counts = vec![0usize; tiers.len()];
    for x in entries {
        if let Some(i) = x
            .tier
            .as_ref()
            .and_then(|t| tiers.iter().position(|tier| &tier.name == t))
        {
            counts[i] += 1;
        }
    }
    counts
}

/// Builds the prioritization screen from the scored roster of `ws`, bands as of `today`.
pub fn prioritization(
    ws: &Workspace,
    scored: &ScoredRoster,
    today: NaiveDate,
) -> store::Result<Prioritization> {
    let shares = scored.model.shares();
    let bands: HashMap<i64, Band> = ws
        .readiness(today)?
        .into_iter()
        .filter_map(|r| Some((r.partner_id, r.band?)))
        .collect();
    let verdicts: HashMap<i64, &'static str> = ws
        .prospects()?
        .into_iter()
        .map(|p| (p.partner_id, p.verdict.as_str()))
        .collect();
    let by_id: HashMap<i64, &CycleEntry> =
        scored.entries.iter().map(|x| (x.partner_id, x)).collect();
    let live_tier: HashMap<i64, Option<&String>> = scored
        .live
        .iter()
        .map(|x| (x.partner_id, x.tier.as_ref()))
        .collect();
    let counts = tier_counts(&scored.tiers, &scored.entries);
    let factor_names: Vec<&str> = scored
        .model
        .factors
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    let partners: Vec<RosterRow> = scored
        .roster
        .iter()
        .cloned()
        .map(|p| {
            let entry = by_id.get(&p.id);
            let missing: Vec<String> = if entry.is_some_and(|x| x.rank.is_none()) {
                p.scores
                    .iter()
                    .zip(&factor_names)
                    .filter(|(s, _)| s.is_none())
                    .map(|(_, n)| (*n).to_string())
                    .collect()
            } else {
                Vec::new()
            };
            RosterRow {
                held: scored.held.get(&p.id).cloned(),
                band: bands.get(&p.id).copied(),
                verdict: verdicts.get(&p.id).copied(),
                score: entry.and_then(|x| x.score),
                rank: entry.and_then(|x| x.rank),
                tier: entry.and_then(|x| x.tier.clone()),
                next_tier: live_tier
                    .get(&p.id)
                    .copied()
                    .flatten()
                    .filter(|t| entry.and_then(|x| x.tier.as_ref()) != Some(*t))
                    .cloned(),
                unscored_reason: (!missing.is_empty())
                    .then(|| format!("missing {}", missing.join(", "))),
                missing,
                partner: p,
            }
        })
        .collect();
    let ranked = scored.entries.iter().filter(|x| x.rank.is_some()).count();
    Ok(Prioritization {
        warnings: same_service_warnings(&scored.tiers),
        factors: scored
            .model
            .factors
            .iter()
            .cloned()
            .zip(shares)
            .map(|(factor, share)| FactorView { factor, share })
            .collect(),
        tiers: scored
            .tiers
            .iter()
            .cloned()
            .zip(counts)
            .map(|(tier, partners)| TierView { tier, partners })
            .collect(),
        unscored: scored.entries.len() - ranked,
        gate: scored.gate,
        held: scored.held.len(),
        moving: partners.iter().filter(|r| r.next_tier.is_some()).count(),
        ties: ties_at_cuts(&scored.live, &scored.held),
        tier_source_note: scored.tier_source.sentence(),
        tier_source: scored.tier_source.clone(),
        ranked,
        partners,
    })
}
