//! The roster as the scoring rules see it: every partner with its factor scores, and the saved
//! model applied to it.

use super::cycles::{CycleEntry, TierSource};
use super::gate::{Gate, Held};
use super::scoring::{FactorModel, PartnerScores};
use super::status::PartnerStatus;
use super::tiers::Tier;
use serde::Serialize;

/// One partner as the roster shows it, with scores aligned to the factor model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterPartner {
    /// The partner's id in the workspace: what edits and deals refer to.
    pub id: i64,
    /// The name people know the partner by; unique in the workspace.
    pub name: String,
    /// The partner type whose profile and motion the partner follows; `None` until the
    /// person picks one for a partner an import created.
    pub type_id: Option<i64>,
    /// That type's name, for display; empty when there is no type yet.
    pub type_name: String,
    /// Whether the partner is ranked, tiered and served.
    pub status: PartnerStatus,
    /// The team member who owns the relationship, if one does.
    pub owner: Option<String>,
    /// One 1–5 score per factor of the model, in its order; `None` where not scored yet.
    pub scores: Vec<Option<u8>>,
    /// The total (of 9) of its latest readiness review; `None` when never reviewed.
    pub readiness: Option<i64>,
}

impl RosterPartner {
    /// Whether this partner competes for a rank and a tier.
    pub fn is_ranked(&self) -> bool {
        self.status.is_ranked()
    }
}

/// The saved model applied to the saved roster: what every ranking view starts from.
#[derive(Debug, Clone)]
pub struct ScoredRoster {
    /// The factors and weights the ranks were computed under.
    pub model: FactorModel,
    /// The tier rules the ranks were placed under.
    pub tiers: Vec<Tier>,
    /// Every partner, ranked or not.
    pub roster: Vec<RosterPartner>,
    /// Ranked partners in order, then the unscored, each with the tier it is served at: the
    /// last closed cycle's (see `cycles::served`).
    pub entries: Vec<CycleEntry>,
    /// The same partners with the tier their live score earns (see `scoring::entries`): what
    /// the next re-score will give them.
    pub live: Vec<CycleEntry>,
    /// Where `entries` takes its tiers from.
    pub tier_source: TierSource,
    /// The readiness gate the tiers were placed under.
    pub gate: Gate,
    /// The partners it holds in the lowest tier at most, each with why.
    pub held: Held,
}

/// The partners that are ranked, as the scoring rules take them.
pub fn ranked_scores(roster: &[RosterPartner]) -> Vec<PartnerScores> {
    roster
        .iter()
        .filter(|p| p.is_ranked())
        .map(|p| PartnerScores {
            partner_id: p.id,
            name: p.name.clone(),
            scores: p.scores.clone(),
        })
        .collect()
}
