//! Prioritization: a short list of weighted factors turns every partner's 1–5 scores into one
//! weighted score, a rank and a tier.
//!
//! Weighted score = Σ wᵢ·sᵢ / Σ wᵢ on the 1–5 scale, shown on 0–100 as (score − 1) / 4 × 100.
//! Rank descending, ties by name. A partner missing any factor score is unscored: listed apart,
//! never ranked, never tiered.

use super::cycles::CycleEntry;
use super::gate::Held;
use super::tiers::{Tier, TierRule};
use super::validate::{self, InvalidInput};
use serde::{Deserialize, Serialize};

/// Fewer factors rank partners on too thin a view.
pub const MIN_FACTORS: usize = 3;
/// More factors dilute each weight until none matters.
pub const MAX_FACTORS: usize = 5;

/// One scoring factor as edited: what it measures and how much it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// `None` for a factor not saved yet.
    pub id: Option<i64>,
    /// Shown in the weights editor, ranking and exports.
    pub name: String,
    /// How a partner is scored 1–5 on the factor, so scorers agree.
    pub description: String,
    /// How much the factor counts, relative to the others.
    pub weight: f64,
}

/// A validated factor model: 3 to 5 factors, each with a positive, finite weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorModel {
    /// The factors in the order they are shown and scored.
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
            if clean
                .iter()
                .any(|c: &Factor| c.name.eq_ignore_ascii_case(&name))
            {
                return Err(InvalidInput::new(
                    "name",
                    format!("Two factors are called “{name}”; give each its own name."),
                ));
            }
            let description = validate::text(
                "description",
                &format!("{name}'s description"),
                &f.description,
                0,
                500,
            )?;
            if !f.weight.is_finite() || f.weight <= 0.0 {
                return Err(InvalidInput::new(
                    "weight",
                    format!("{name}'s weight must be a positive number; a factor that counts for nothing should be removed."),
                ));
            }
            if f.weight > 1_000_000.0 {
                return Err(InvalidInput::new(
                    "weight",
                    format!("{name}'s weight is too large (at most 1,000,000)."),
                ));
            }
            clean.push(Factor {
                id: f.id,
                name,
                description,
                weight: f.weight,
            });
        }
        Ok(Self { factors: clean })
    }

    /// Sum of the weights, the denominator of every weighted score.
    pub fn total_weight(&self) -> f64 {
        self.factors.iter().map(|f| f.weight).sum()
    }

    /// Each factor's weight as a share of the total, in %.
    pub fn shares(&self) -> Vec<f64> {
        let total = self.total_weight();
        self.factors
            .iter()
            .map(|f| f.weight / total * 100.0)
            .collect()
    }
}

/// Checks a single 1–5 factor score.
pub fn check_score(value: f64) -> Result<u8, InvalidInput> {
    if !value.is_finite() || value.fract() != 0.0 || !(1.0..=5.0).contains(&value) {
        return Err(InvalidInput::new(
            "score",
            "A factor score is a whole number from 1 to 5.",
        ));
    }
    Ok(value as u8)
}

/// A partner's scores, aligned with the model's factors.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerScores {
    /// The partner scored.
    pub partner_id: i64,
    /// Its name, carried for the ranking screen.
    pub name: String,
    /// One 1–5 score per factor; `None` where it was never scored.
    pub scores: Vec<Option<u8>>,
}

/// A partner with every factor scored, placed in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// The partner ranked.
    pub partner_id: i64,
    /// Its name, shown in the ranking.
    pub name: String,
    /// Σ wᵢ·sᵢ / Σ wᵢ, on the 1–5 scale.
    pub weighted: f64,
    /// The weighted score on 0–100.
    pub score: f64,
    /// 1 for the first partner.
    pub rank: usize,
}

/// A partner missing a factor score, so left out of the ranking until it is scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unscored {
    /// The partner left out.
    pub partner_id: i64,
    /// Its name, shown in the unscored list.
    pub name: String,
    /// The factors with no score.
    pub missing: Vec<String>,
}

/// Every partner under one model: ranked best first, then the unscored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranking {
    /// Partners with every factor scored, best first.
    pub ranked: Vec<Ranked>,
    /// Partners missing a score, listed so they get scored.
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
            ranked.push(Ranked {
                partner_id: p.partner_id,
                name: p.name.clone(),
                weighted,
                score: to_hundred(weighted),
                rank: 0,
            });
        } else {
            unscored.push(Unscored {
                partner_id: p.partner_id,
                name: p.name.clone(),
                missing,
            });
        }
    }
    // Scores equal to nine decimals are a tie, whatever order the sums were rounded in; a tie
    // goes by name as a person reads it (spaces around it and case aside).
    let key = |r: &Ranked| (r.weighted * 1e9).round() as i64;
    let by_name = |name: &str| name.trim().to_lowercase();
    ranked.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then_with(|| by_name(&a.name).cmp(&by_name(&b.name)))
            .then_with(|| a.partner_id.cmp(&b.partner_id))
    });
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    unscored.sort_by_key(|u| by_name(&u.name));
    Ranking { ranked, unscored }
}

/// The tier index (into `tiers`, top first) of each ranked partner, in ranking order.
/// Each partner goes to the first tier whose rule it meets; the lowest tier takes the rest.
/// A partner the readiness gate `held` goes to the lowest tier, and a "top N" rule counts
/// only the partners it does not hold, so the seats go to partners that are ready.
pub fn assign_tiers(tiers: &[Tier], ranking: &Ranking, held: &Held) -> Vec<usize> {
    let last = tiers.len().saturating_sub(1);
    // Ranks run 1, 2, 3… in order (ties go by name), so a partner's place among the ready
    // is its rank less the held partners ranked above it.
    let mut held_above = 0;
    ranking
        .ranked
        .iter()
        .map(|r| {
            if held.contains_key(&r.partner_id) {
                held_above += 1;
                return last;
            }
            let rank = r.rank - held_above;
            tiers
                .iter()
                .position(|t| match t.rule {
                    TierRule::TopN(n) => rank as i64 <= n,
                    TierRule::MinScore(s) => r.score >= s - 1e-9,
                    TierRule::Rest => true,
                })
                .unwrap_or(last)
        })
        .collect()
}

/// A ranking and its tiers as snapshot entries: ranked partners in order, then the unscored.
/// The same shape serves closed cycles and the live what-if, so both compare the same way.
pub fn entries(tiers: &[Tier], ranking: &Ranking, held: &Held) -> Vec<CycleEntry> {
    let tier_of = assign_tiers(tiers, ranking, held);
    let mut out: Vec<CycleEntry> = ranking
        .ranked
        .iter()
        .zip(tier_of)
        .map(|(r, t)| CycleEntry {
            partner_id: r.partner_id,
            name: r.name.clone(),
            score: Some(r.score),
            rank: Some(r.rank),
            tier: tiers.get(t).map(|t| t.name.clone()),
        })
        .collect();
    out.extend(ranking.unscored.iter().map(|u| CycleEntry {
        partner_id: u.partner_id,
        name: u.name.clone(),
        score: None,
        rank: None,
        tier: None,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tiers::Cadence;
    use proptest::prelude::*;

    fn model(weights: &[f64]) -> FactorModel {
        let names = [
            "ICP overlap",
            "Active co-sell deals",
            "Product fit",
            "Target-account reach",
            "Fifth",
        ];
        let factors: Vec<Factor> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| Factor {
                id: Some(i as i64 + 1),
                name: names[i].into(),
                description: String::new(),
                weight: *w,
            })
            .collect();
        FactorModel::validated(&factors).unwrap()
    }

    fn partner(id: i64, name: &str, scores: &[Option<u8>]) -> PartnerScores {
        PartnerScores {
            partner_id: id,
            name: name.into(),
            scores: scores.to_vec(),
        }
    }

    fn roster() -> Vec<PartnerScores> {
        vec![
            partner(1, "Charlie", &[Some(3), Some(3), Some(3), Some(3)]),
            partner(2, "Echo", &[Some(4), Some(4), Some(4), Some(4)]),
            partner(3, "Alpha", &[Some(5), Some(4), Some(3), Some(2)]),
            partner(4, "Delta", &[Some(5), Some(3), Some(4), Some(1)]),
            partner(5, "Bravo", &[Some(4), Some(5), Some(4), Some(5)]),
            partner(6, "Foxtrot", &[Some(5), Some(5), None, Some(5)]),
        ]
    }

    fn tier(name: &str, rule: TierRule) -> Tier {
        Tier {
            id: None,
            name: name.into(),
            rule,
            cadence: Cadence::Monthly,
            hours_per_partner: 1.0,
            benefits: String::new(),
        }
    }

    #[test]
    fn hand_computed_ranking_with_a_tie_and_an_unscored_partner() {
        let r = rank(&model(&[40.0, 30.0, 20.0, 10.0]), &roster());
        let got: Vec<(&str, f64, f64, usize)> = r
            .ranked
            .iter()
            .map(|x| {
                (
                    x.name.as_str(),
                    (x.weighted * 100.0).round() / 100.0,
                    (x.score * 1e6).round() / 1e6,
                    x.rank,
                )
            })
            .collect();
        // Bravo 4·40+5·30+4·20+5·10 = 440 → 4.40 → 85; Alpha 400 → 4.00 → 75; Echo 4.00 → 75 (after
        // Alpha by name); Delta 380 → 3.80 → 70; Charlie 3.00 → 50.
        assert_eq!(
            got,
            [
                ("Bravo", 4.4, 85.0, 1),
                ("Alpha", 4.0, 75.0, 2),
                ("Echo", 4.0, 75.0, 3),
                ("Delta", 3.8, 70.0, 4),
                ("Charlie", 3.0, 50.0, 5)
            ]
        );
        assert_eq!(r.unscored.len(), 1);
        assert_eq!(r.unscored[0].name, "Foxtrot");
        assert_eq!(r.unscored[0].missing, ["Product fit"]);
    }

    #[test]
    fn tiers_cut_by_top_n_then_minimum_score_and_the_rest() {
        let r = rank(&model(&[40.0, 30.0, 20.0, 10.0]), &roster());
        let tiers = [
            tier("Tier 1", TierRule::TopN(2)),
            tier("Tier 2", TierRule::MinScore(70.0)),
            tier("Tier 3", TierRule::Rest),
        ];
        assert_eq!(assign_tiers(&tiers, &r, &Held::new()), [0, 0, 1, 1, 2]);
        let by_score = [
            tier("Top", TierRule::MinScore(80.0)),
            tier("Rest", TierRule::Rest),
        ];
        assert_eq!(assign_tiers(&by_score, &r, &Held::new()), [0, 1, 1, 1, 1]);
    }

    #[test]
    fn a_partner_readiness_holds_goes_to_the_lowest_tier_and_its_seat_to_the_next_ready_one() {
        let r = rank(&model(&[40.0, 30.0, 20.0, 10.0]), &roster());
        let tiers = [
            tier("Tier 1", TierRule::TopN(2)),
            tier("Tier 2", TierRule::TopN(3)),
            tier("Tier 3", TierRule::Rest),
        ];
        // Bravo, rank 1, is below the readiness threshold.
        let bravo = r.ranked[0].partner_id;
        let held: Held = [(bravo, "readiness 3/9".to_string())].into();
        // Bravo drops to Tier 3; Alpha and Echo (ranks 2, 3) take Tier 1's two seats, Delta
        // (rank 4, third ready) Tier 2's; Charlie, fourth ready, stays in Tier 3.
        assert_eq!(assign_tiers(&tiers, &r, &held), [2, 0, 0, 1, 2]);
        // The entries keep the rank (the score still says where it stands) but not the tier.
        let e = entries(&tiers, &r, &held);
        assert_eq!((e[0].rank, e[0].tier.as_deref()), (Some(1), Some("Tier 3")));
        // A score rule is not about seats: only the held partner moves.
        let by_score = [
            tier("Top", TierRule::MinScore(80.0)),
            tier("Rest", TierRule::Rest),
        ];
        assert_eq!(assign_tiers(&by_score, &r, &held), [1, 1, 1, 1, 1]);
        // Holding every partner leaves every seat empty.
        let all: Held = r
            .ranked
            .iter()
            .map(|x| (x.partner_id, String::new()))
            .collect();
        assert_eq!(assign_tiers(&tiers, &r, &all), [2, 2, 2, 2, 2]);
    }

    #[test]
    fn three_to_five_factors_with_positive_weights() {
        let f = |n: usize| -> Vec<Factor> {
            (0..n)
                .map(|i| Factor {
                    id: None,
                    name: format!("F{i}"),
                    description: String::new(),
                    weight: 1.0,
                })
                .collect()
        };
        assert!(FactorModel::validated(&f(2))
            .unwrap_err()
            .message
            .contains("at least 3"));
        assert!(FactorModel::validated(&f(6))
            .unwrap_err()
            .message
            .contains("at most 5"));
        assert!(FactorModel::validated(&f(3)).is_ok() && FactorModel::validated(&f(5)).is_ok());
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let mut bad = f(3);
            bad[1].weight = w;
            assert!(
                FactorModel::validated(&bad)
                    .unwrap_err()
                    .message
                    .contains("positive number"),
                "{w}"
            );
        }
        let mut dup = f(3);
        dup[2].name = "f0".into();
        assert!(FactorModel::validated(&dup).is_err());
        assert_eq!(
            model(&[40.0, 30.0, 20.0, 10.0]).shares(),
            [40.0, 30.0, 20.0, 10.0]
        );
    }

    #[test]
    fn scores_are_whole_numbers_from_one_to_five() {
        for bad in [0.0, 6.0, 2.5, f64::NAN, -3.0] {
            assert!(check_score(bad).is_err(), "{bad}");
        }
        assert_eq!(check_score(5.0).unwrap(), 5);
    }

    fn arb_case() -> impl Strategy<Value = (Vec<f64>, Vec<Vec<u8>>)> {
        (3usize..=5).prop_flat_map(|k| {
            (
                prop::collection::vec(0.1f64..100.0, k),
                prop::collection::vec(prop::collection::vec(1u8..=5, k), 1..40),
            )
        })
    }

    fn partners_of(scores: &[Vec<u8>]) -> Vec<PartnerScores> {
        scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                partner(
                    i as i64,
                    &format!("P{i:03}"),
                    &s.iter().map(|x| Some(*x)).collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn ranks_are_a_permutation((weights, scores) in arb_case()) {
            let r = rank(&model(&weights), &partners_of(&scores));
            let mut ranks: Vec<usize> = r.ranked.iter().map(|x| x.rank).collect();
            ranks.sort_unstable();
            prop_assert_eq!(ranks, (1..=scores.len()).collect::<Vec<_>>());
        }

        #[test]
        fn raising_a_score_never_lowers_the_rank((weights, scores) in arb_case(), who in 0usize..40, factor in 0usize..5) {
            let who = who % scores.len();
            let factor = factor % weights.len();
            prop_assume!(scores[who][factor] < 5);
            let m = model(&weights);
            let before = rank(&m, &partners_of(&scores));
            let mut raised = scores.clone();
            raised[who][factor] += 1;
            let after = rank(&m, &partners_of(&raised));
            let rank_of = |r: &Ranking| r.ranked.iter().find(|x| x.partner_id == who as i64).map(|x| x.rank);
            prop_assert!(rank_of(&after) <= rank_of(&before));
        }

        #[test]
        fn scaling_every_weight_changes_nothing((weights, scores) in arb_case(), k in 0.01f64..1000.0) {
            let a = rank(&model(&weights), &partners_of(&scores));
            let scaled: Vec<f64> = weights.iter().map(|w| w * k).collect();
            let b = rank(&model(&scaled), &partners_of(&scores));
            let order = |r: &Ranking| r.ranked.iter().map(|x| x.partner_id).collect::<Vec<_>>();
            prop_assert_eq!(order(&a), order(&b));
            for (x, y) in a.ranked.iter().zip(&b.ranked) {
                prop_assert!((x.score - y.score).abs() < 1e-9);
            }
        }
    }
}
