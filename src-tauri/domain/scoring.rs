//! Prioritization: a short list of weighted factors turns every partner's 1–5 scores into one
//! weighted score, a rank and a tier.
//!
//! Weighted score = Σ wᵢ·sᵢ / Σ wᵢ on the 1–5 scale, shown on 0–100 as (score − 1) / 4 × 100.
//! Rank descending, ties by name. A partner missing any factor score is unscored: listed apart,
//! never ranked, never tiered.

use super::tiers::{Tier, TierRule};
use super::validate::{self, InvalidInput};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

pub const MIN_FACTORS: usize = 3;
pub const MAX_FACTORS: usize = 5;

/// One scoring factor as edited: what it measures and how much it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// `None` for a factor not saved yet.
    pub id: Option<i64>,
    pub name: String,
    pub description: String,
    pub weight: f64,
}

/// A validated factor model: 3 to 5 factors, each with a positive, finite weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorModel {
    pub factors: Vec<Factor>,
}

impl FactorModel {
    /// Checks the 3-to-5 rule, names and weights; returns the cleaned model.
    pub fn validated(factors: &[Factor]) -> Result<Self, InvalidInput> {
        if factors.len() < MIN_FACTORS {
            return Err(InvalidInput::new(
                "factors",
                format!(
                    "A scoring model needs at least {MIN_FACTORS} factors; fewer misses what predicts revenue. This one has {}.",
                    factors.len()
                ),
            ));
        }
        if factors.len() > MAX_FACTORS {
            return Err(InvalidInput::new(
                "factors",
                format!(
                    "A scoring model holds at most {MAX_FACTORS} factors; more turns every score into a debate about inputs. This one has {}.",
                    factors.len()
                ),
            ));
        }
        let mut clean = Vec::with_capacity(factors.len());
        for (i, f) in factors.iter().enumerate() {
            let name = validate::text("name", &format!("Factor {}'s name", i + 1), &f.name, 1, 60)?;
            if clean.iter().any(|c: &Factor| c.name.eq_ignore_ascii_case(&name)) {
                return Err(InvalidInput::new("name", format!("Two factors are called “{name}”; give each its own name.")));
            }
            let description = validate::text("description", &format!("{name}'s description"), &f.description, 0, 500)?;
            if !f.weight.is_finite() || f.weight <= 0.0 {
                return Err(InvalidInput::new(
                    "weight",
                    format!("{name}'s weight must be a positive number; a factor that counts for nothing should be removed."),
                ));
            }
            if f.weight > 1_000_000.0 {
                return Err(InvalidInput::new("weight", format!("{name}'s weight is too large (at most 1,000,000).")));
            }
            clean.push(Factor { id: f.id, name, description, weight: f.weight });
        }
        Ok(Self { factors: clean })
    }

    pub fn total_weight(&self) -> f64 {
        self.factors.iter().map(|f| f.weight).sum()
    }

    /// Each factor's weight as a share of the total, in %.
    pub fn shares(&self) -> Vec<f64> {
        let total = self.total_weight();
        self.factors.iter().map(|f| f.weight / total * 100.0).collect()
    }
}

/// Checks a single 1–5 factor score.
pub fn check_score(value: f64) -> Result<u8, InvalidInput> {
    if !value.is_finite() || value.fract() != 0.0 || !(1.0..=5.0).contains(&value) {
        return Err(InvalidInput::new("score", "A factor score is a whole number from 1 to 5."));
    }
    Ok(value as u8)
}

/// A partner's scores, aligned with the model's factors.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerScores {
    pub partner_id: i64,
    pub name: String,
    pub scores: Vec<Option<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub partner_id: i64,
    pub name: String,
    /// Σ wᵢ·sᵢ / Σ wᵢ, on the 1–5 scale.
    pub weighted: f64,
    /// The weighted score on 0–100.
    pub score: f64,
    /// 1 for the first partner.
    pub rank: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unscored {
    pub partner_id: i64,
    pub name: String,
    /// The factors with no score.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    pub unscored: Vec<Unscored>,
}

/// (score − 1) / 4 × 100.
pub fn to_hundred(weighted: f64) -> f64 {
    (weighted - 1.0) / 4.0 * 100.0
}

/// Scores and ranks every partner under `model`.
pub fn rank(model: &FactorModel, partners: &[PartnerScores]) -> Ranking {
    let total = model.total_weight();
    let mut ranked = Vec::with_capacity(partners.len());
    let mut unscored = Vec::new();
    for p in partners {
        let mut sum = 0.0;
        let mut missing = Vec::new();
        for (i, f) in model.factors.iter().enumerate() {
            match p.scores.get(i).copied().flatten() {
                Some(s) => sum += f.weight * f64::from(s),
                None => missing.push(f.name.clone()),
            }
        }
        if missing.is_empty() {
            let weighted = sum / total;
            ranked.push(Ranked { partner_id: p.partner_id, name: p.name.clone(), weighted, score: to_hundred(weighted), rank: 0 });
        } else {
            unscored.push(Unscored { partner_id: p.partner_id, name: p.name.clone(), missing });
        }
    }
    ranked.sort_by(|a, b| {
        b.weighted
            .partial_cmp(&a.weighted)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.partner_id.cmp(&b.partner_id))
    });
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    unscored.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
    Ranking { ranked, unscored }
}

/// The tier index (into `tiers`, top first) of each ranked partner, in ranking order.
/// Each partner goes to the first tier whose rule it meets; the lowest tier takes the rest.
pub fn assign_tiers(tiers: &[Tier], ranking: &Ranking) -> Vec<usize> {
    let last = tiers.len().saturating_sub(1);
    ranking
        .ranked
        .iter()
        .map(|r| {
            tiers
                .iter()
                .position(|t| match t.rule {
                    TierRule::TopN(n) => r.rank <= n as usize,
                    TierRule::MinScore(s) => r.score >= s - 1e-9,
                    TierRule::Rest => true,
                })
                .unwrap_or(last)
        })
        .collect()
}
