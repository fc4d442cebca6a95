//! Ideal partner profiles: per partner type, the joint solution and 3–7 production traits, each
//! verifiable before signing. A prospect is judged trait by trait; and once partners are signed,
//! the profile is checked against what they actually produce.

use super::validate::{self, InvalidInput};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Fewer traits cannot tell a producing partner from a hopeful one.
pub const MIN_TRAITS: usize = 3;
/// More traits than this cannot all be verified before signing.
pub const MAX_TRAITS: usize = 7;
/// The count the editor suggests: enough to judge, few enough to check.
pub const RECOMMENDED_TRAITS: usize = 5;
/// Each group needs this many partners before the validity check says anything.
pub const MIN_GROUP: usize = 5;
/// Shuffles in the validity check's permutation test: enough for a stable p-value.
pub const PERMUTATIONS: usize = 10_000;
/// Seed of the permutation test, so the same data always gives the same p-value.
pub const SEED: u64 = 20_261_125;

/// One production trait of an ideal partner profile, checkable before signing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileTrait {
    /// `None` for a trait not saved yet.
    pub id: Option<i64>,
    /// Shown in the profile editor and the trait-by-trait evaluation.
    pub name: String,
    /// The observable evidence that verifies the trait before signing.
    pub evidence: String,
    /// How the evidence is checked.
    pub verification: String,
}

/// The ideal partner profile of one partner type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The partner type the profile describes.
    pub type_id: i64,
    /// What the partner and the company sell together.
    pub joint_solution: String,
    /// Missed traits that make a prospect a walk-away.
    pub walk_away_count: i64,
    /// The 3–7 traits, in editor order.
    pub traits: Vec<ProfileTrait>,
}

/// Words that describe an impression rather than something observable.
const VAGUE: [&str; 12] = [
    "good",
    "great",
    "strong",
    "engaged",
    "committed",
    "motivated",
    "excellent",
    "solid",
    "relationship",
    "passionate",
    "big",
    "leading",
];

impl Profile {
    /// Refuses a trait count outside 3–7, a trait without a name, or text over its limits.
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        let joint_solution = validate::text(
            "joint_solution",
            "The joint solution",
            &self.joint_solution,
            0,
            1000,
        )?;
        let n = self.traits.len();
        if !(MIN_TRAITS..=MAX_TRAITS).contains(&n) {
            return Err(InvalidInput::new(
                "traits",
                format!("A profile has {MIN_TRAITS} to {MAX_TRAITS} production traits ({RECOMMENDED_TRAITS} recommended); this one has {n}."),
            ));
        }
        let mut traits = Vec::with_capacity(n);
        for (i, t) in self.traits.iter().enumerate() {
            let name = validate::text("name", &format!("Trait {}'s name", i + 1), &t.name, 1, 80)?;
            let evidence = validate::text(
                "evidence",
                &format!("{name}'s evidence"),
                &t.evidence,
                0,
                500,
            )?;
            let verification = validate::text(
                "verification",
                &format!("How {name} is verified"),
                &t.verification,
                0,
                500,
            )?;
            if verification.is_empty() {
                return Err(InvalidInput::new(
                    "verification",
                    format!("“{name}” has no verification method: a trait that cannot be checked before signing becomes a hope after."),
                ));
            }
            traits.push(ProfileTrait {
                id: t.id,
                name,
                evidence,
                verification,
            });
        }
        if self.walk_away_count < 1 || self.walk_away_count > n as i64 {
            return Err(InvalidInput::new(
                "walk_away_count",
                format!(
                    "The walk-away count is between 1 and the number of traits ({n}); got {}.",
                    self.walk_away_count
                ),
            ));
        }
        Ok(Self {
            type_id: self.type_id,
            joint_solution,
            walk_away_count: self.walk_away_count,
            traits,
        })
    }

    /// Advice for the editor: trait count and vague wording. Never blocks a save.
    pub fn guidance(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.traits.len() != RECOMMENDED_TRAITS {
            out.push(format!(
                "{RECOMMENDED_TRAITS} traits are recommended; this profile has {}.",
                self.traits.len()
            ));
        }
        for t in &self.traits {
            let text = format!("{} {}", t.name, t.evidence).to_lowercase();
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            if let Some(w) = VAGUE.iter().find(|v| words.contains(v)) {
                if !t.evidence.chars().any(|c| c.is_ascii_digit()) {
                    out.push(format!("“{}” reads as an impression (“{w}”): name something observable, with a number if you can.", t.name));
                }
            }
        }
        out
    }
}

/// How one trait checked out on a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraitState {
    /// Verified and present.
    Met,
    /// Verified and absent.
    Missed,
    /// Not checked yet.
    Unverified,
}

impl TraitState {
    /// The stored code of the state.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Missed => "missed",
            Self::Unverified => "unverified",
        }
    }

    /// Reads a stored code; `None` when unknown.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "met" => Some(Self::Met),
            "missed" => Some(Self::Missed),
            "unverified" => Some(Self::Unverified),
            _ => None,
        }
    }
}

/// What the profile says about signing a prospect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Too many traits missed: do not sign.
    WalkAway {
        /// The traits that were missed.
        missed: Vec<String>,
    },
    /// Every trait verified and few enough missed: sign.
    Fit,
    /// Not enough known yet.
    Incomplete {
        /// The traits still to check.
        to_verify: Vec<String>,
    },
}

impl Verdict {
    /// The verdict's code, for lists and exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::WalkAway { .. } => "walk_away",
            Self::Fit => "fit",
            Self::Incomplete { .. } => "incomplete",
        }
    }
}

/// Walk away when missed ≥ the walk-away count; fit when every trait is verified and missed is
/// below it; otherwise incomplete, naming the traits still to verify. `states[i]` belongs to
/// `traits[i]`; a trait never checked is unverified.
pub fn verdict(traits: &[String], states: &[TraitState], walk_away: i64) -> Verdict {
    let state = |i: usize| states.get(i).copied().unwrap_or(TraitState::Unverified);
    let missed: Vec<String> = (0..traits.len())
        .filter(|&i| state(i) == TraitState::Missed)
        .map(|i| traits[i].clone())
        .collect();
    if missed.len() as i64 >= walk_away {
        return Verdict::WalkAway { missed };
    }
    let to_verify: Vec<String> = (0..traits.len())
        .filter(|&i| state(i) == TraitState::Unverified)
        .map(|i| traits[i].clone())
        .collect();
    if to_verify.is_empty() {
        Verdict::Fit
    } else {
        Verdict::Incomplete { to_verify }
    }
}

/// Sourced pipeline of one group of partners in the validity check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    /// Partners in the group.
    pub size: usize,
    /// Median sourced pipeline per partner.
    pub median: f64,
    /// Mean sourced pipeline per partner.
    pub mean: f64,
}

/// Whether partners that matched the profile out-produce those that did not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidityCheck {
    /// Partners that matched their profile at signing.
    pub matched: GroupStats,
    /// Partners that did not.
    pub unmatched: GroupStats,
    /// Mean of the matched group ÷ mean of the unmatched; `None` when the unmatched mean is 0.
    pub ratio: Option<f64>,
    /// One-sided permutation test: the chance of a matched-minus-unmatched mean difference at
    /// least this large if matching did not matter.
    pub p_value: Option<f64>,
    /// A 95% bootstrap interval on `ratio` (each group resampled, seeded); `None` when a group
    /// is too small or the unmatched group produced nothing.
    pub interval: Option<(f64, f64)>,
    /// What the numbers allow one to say.
    pub outcome: Outcome,
    /// One sentence on what the numbers say.
    pub verdict: String,
}

/// What the validity check allows one to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Matched partners produce more: the interval lies above 1 and the test agrees.
    Predicts,
    /// The interval rules out a lift worth profiling for (see `USEFUL_LIFT`).
    DoesNotPredict,
    /// Neither: about `more` partners more would tell.
    Inconclusive {
        /// Partners more (both groups together) the check needs, roughly.
        more: usize,
    },
}

/// The smallest lift a profile must bring to be worth filtering prospects by: a profile whose
/// matched partners produce less than 1.25× the others does not earn its walk-aways.
pub const USEFUL_LIFT: f64 = 1.25;

/// Resamples in the bootstrap interval.
pub const BOOTSTRAPS: usize = 2_000;

fn stats(values: &[f64]) -> GroupStats {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let median = match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    };
    let mean = if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    };
    GroupStats {
        size: v.len(),
        median,
        mean,
    }
}

/// Compares sourced pipeline per partner between partners that matched their profile at
/// signing and those that did not, with a seeded permutation test.
pub fn validity(
    matched: &[f64],
    unmatched: &[f64],
    permutations: usize,
    seed: u64,
) -> ValidityCheck {
    let a = stats(matched);
    let b = stats(unmatched);
    let ratio = (b.mean > 0.0).then(|| a.mean / b.mean);
    if a.size < MIN_GROUP || b.size < MIN_GROUP {
        let more = MIN_GROUP.saturating_sub(a.size) + MIN_GROUP.saturating_sub(b.size);
        return ValidityCheck {
            matched: a,
            unmatched: b,
            ratio,
            p_value: None,
            interval: None,
            outcome: Outcome::Inconclusive { more },
            verdict: format!(
                "Inconclusive: each group needs at least {MIN_GROUP} signed partners; {} more \
                 would tell.",
                more
            ),
        };
    }
    let observed = a.mean - b.mean;
    let mut pool: Vec<f64> = matched.iter().chain(unmatched).copied().collect();
    let total: f64 = pool.iter().sum();
    let k = matched.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut extreme = 0usize;
    for _ in 0..permutations {
        pool.shuffle(&mut rng);
        let first: f64 = pool[..k].iter().sum();
        let diff = first / k as f64 - (total - first) / (pool.len() - k) as f64;
        if diff >= observed - 1e-9 {
            extreme += 1;
        }
    }
    let p = (extreme + 1) as f64 / (permutations + 1) as f64;
    let interval = ratio.and_then(|_| bootstrap_interval(matched, unmatched, &mut rng));
    let (outcome, verdict) = judge(ratio, interval, p, matched.len() + unmatched.len());
    ValidityCheck {
        matched: a,
        unmatched: b,
        ratio,
        p_value: Some(p),
        interval,
        outcome,
        verdict,
    }
}

/// The 2.5th and 97.5th percentiles of the ratio of means over `BOOTSTRAPS` resamples of each
/// group; `None` when too many resamples leave the unmatched group at zero.
fn bootstrap_interval(
    matched: &[f64],
    unmatched: &[f64],
    rng: &mut ChaCha8Rng,
) -> Option<(f64, f64)> {
    use rand::Rng;
    let mean_of = |values: &[f64], rng: &mut ChaCha8Rng| {
        let n = values.len();
        (0..n).map(|_| values[rng.random_range(0..n)]).sum::<f64>() / n as f64
    };
    let mut ratios: Vec<f64> = Vec::with_capacity(BOOTSTRAPS);
    for _ in 0..BOOTSTRAPS {
        let a = mean_of(matched, rng);
        let b = mean_of(unmatched, rng);
        if b > 0.0 {
            ratios.push(a / b);
        }
    }
    if ratios.len() < BOOTSTRAPS * 9 / 10 {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    Some((at(0.025), at(0.975)))
}

/// The outcome and its sentence. "Predicts" needs the interval above 1 and the test below
/// 0.05; "does not predict" needs the interval below the useful lift; anything else is
/// inconclusive, with roughly how many more partners (the interval narrowing as 1/√n) would
/// settle it one way or the other.
fn judge(ratio: Option<f64>, interval: Option<(f64, f64)>, p: f64, n: usize) -> (Outcome, String) {
    let (Some(r), Some((lo, hi))) = (ratio, interval) else {
        return (
            Outcome::Inconclusive { more: n },
            "Inconclusive: partners that did not match produced nothing to compare with."
                .to_string(),
        );
    };
    let range = format!("{lo:.1}× to {hi:.1}×");
    if lo > 1.0 && p < 0.05 {
        return (
            Outcome::Predicts,
            format!(
                "Profile predicts production: matched partners produce {r:.1}× ({range}, 95%)."
            ),
        );
    }
    if hi < USEFUL_LIFT {
        return (
            Outcome::DoesNotPredict,
            format!(
                "Profile does not predict production: matched partners produce {r:.1}× ({range}, \
                 95%), short of the {USEFUL_LIFT}× a profile must earn. Revise it."
            ),
        );
    }
    // Half-widths (in log terms) that would settle it: above 1, or below the useful lift.
    let half = ((hi.max(1e-9)).ln() - (lo.max(1e-9)).ln()) / 2.0;
    let centre = r.max(1e-9).ln();
    let target = centre.abs().max((USEFUL_LIFT.ln() - centre).max(0.0));
    let more = if target > 1e-9 && half > 0.0 {
        ((n as f64 * (half / target).powi(2)).ceil() as usize).saturating_sub(n)
    } else {
        n
    };
    let more = more.max(1);
    (
        Outcome::Inconclusive { more },
        format!(
            "Inconclusive: matched partners produce {r:.1}× ({range}, 95%; p = {p:.2}); about \
             {more} more partners would tell."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use TraitState::{Met, Missed, Unverified};

    fn names() -> Vec<String> {
        (1..=5).map(|i| format!("T{i}")).collect()
    }

    #[test]
    fn verdict_truth_table_for_five_traits_and_walk_away_two() {
        let all = [Met, Missed, Unverified];
        let mut seen = 0;
        for a in all {
            for b in all {
                for c in all {
                    for d in all {
                        for e in all {
                            let states = [a, b, c, d, e];
                            let missed = states.iter().filter(|s| **s == Missed).count();
                            let unverified = states.iter().filter(|s| **s == Unverified).count();
                            let v = verdict(&names(), &states, 2);
                            let expected = if missed >= 2 {
                                "walk_away"
                            } else if unverified == 0 {
                                "fit"
                            } else {
                                "incomplete"
                            };
                            assert_eq!(v.as_str(), expected, "{states:?}");
                            if let Verdict::Incomplete { to_verify } = &v {
                                assert_eq!(to_verify.len(), unverified);
                            }
                            seen += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(seen, 243);
        assert_eq!(
            verdict(&names(), &[Met, Unverified, Met, Met, Unverified], 2),
            Verdict::Incomplete {
                to_verify: vec!["T2".into(), "T5".into()]
            }
        );
        assert_eq!(
            verdict(&names(), &[], 2).as_str(),
            "incomplete",
            "nothing checked yet"
        );
    }

    fn profile(traits: usize, walk_away: i64) -> Profile {
        Profile {
            type_id: 1,
            joint_solution: "Packaged rollout".into(),
            walk_away_count: walk_away,
            traits: (0..traits)
                .map(|i| ProfileTrait {
                    id: None,
                    name: format!("Trait {i}"),
                    evidence: "30 shared accounts".into(),
                    verification: "Account mapping".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn profiles_need_three_to_seven_verifiable_traits_and_a_sane_walk_away_count() {
        assert!(profile(2, 1)
            .validated()
            .unwrap_err()
            .message
            .contains("3 to 7"));
        assert!(profile(8, 2).validated().is_err());
        assert!(profile(5, 0)
            .validated()
            .unwrap_err()
            .message
            .contains("walk-away"));
        assert!(profile(5, 6).validated().is_err());
        assert!(profile(5, 5).validated().is_ok());
        let mut p = profile(5, 2);
        p.traits[1].verification = "  ".into();
        assert!(p
            .validated()
            .unwrap_err()
            .message
            .contains("no verification method"));
        let mut p = profile(4, 2);
        p.traits[0].evidence = "Strong relationship with buyers".into();
        let g = p.guidance();
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g[0].starts_with("5 traits are recommended"));
        assert!(g[1].contains("impression"));
    }

    #[test]
    fn permutation_test_on_a_hand_checked_example_is_reproducible() {
        // Matched: clearly higher pipeline. The observed difference of means is 40; with 10,000
        // seeded shuffles only the most extreme splits reach it.
        let matched = [90.0, 80.0, 85.0, 95.0, 70.0];
        let unmatched = [40.0, 50.0, 45.0, 35.0, 55.0];
        let a = validity(&matched, &unmatched, PERMUTATIONS, SEED);
        assert_eq!(
            a.matched,
            GroupStats {
                size: 5,
                median: 85.0,
                mean: 84.0
            }
        );
        assert_eq!(
            a.unmatched,
            GroupStats {
                size: 5,
                median: 45.0,
                mean: 45.0
            }
        );
        assert!((a.ratio.unwrap() - 84.0 / 45.0).abs() < 1e-12);
        // Exactly one of the 252 ways to split ten values 5/5 is as extreme: p ≈ 1/252.
        let p = a.p_value.unwrap();
        assert!((p - 1.0 / 252.0).abs() < 0.003, "{p}");
        assert_eq!(a.outcome, Outcome::Predicts);
        let (lo, hi) = a.interval.unwrap();
        assert!(
            lo > 1.0 && lo < 84.0 / 45.0 && hi > 84.0 / 45.0,
            "{lo} {hi}"
        );
        assert_eq!(
            a.verdict,
            format!(
                "Profile predicts production: matched partners produce 1.9× ({lo:.1}× to \
                 {hi:.1}×, 95%)."
            )
        );
        let b = validity(&matched, &unmatched, PERMUTATIONS, SEED);
        assert_eq!(a.p_value, b.p_value, "same data and seed, same p-value");
        assert_eq!(a.interval, b.interval, "and the same interval");

        let flat = validity(
            &[50.0, 60.0, 40.0, 55.0, 45.0],
            &[52.0, 58.0, 41.0, 50.0, 49.0],
            PERMUTATIONS,
            SEED,
        );
        // Flat and tight: the interval rules out a useful lift, so this is a verdict.
        assert!(flat.p_value.unwrap() > 0.2);
        assert_eq!(flat.outcome, Outcome::DoesNotPredict);
        assert!(flat.interval.unwrap().1 < USEFUL_LIFT);
        assert!(flat
            .verdict
            .starts_with("Profile does not predict production"));
        assert!(flat.verdict.ends_with("Revise it."));
        // A lift with noise and few partners (as referral partners at 2.2× and p = 0.07): not a
        // verdict either way, and the check says how many more partners would tell.
        let noisy = validity(
            &[300.0, 20.0, 150.0, 10.0, 250.0, 40.0],
            &[60.0, 10.0, 120.0, 5.0, 30.0, 50.0],
            PERMUTATIONS,
            SEED,
        );
        let p = noisy.p_value.unwrap();
        assert!(p > 0.05, "{p}");
        let Outcome::Inconclusive { more } = noisy.outcome else {
            panic!("{:?}", noisy.outcome);
        };
        assert!(more >= 1);
        assert!(
            noisy.verdict.starts_with("Inconclusive"),
            "{}",
            noisy.verdict
        );
        assert!(
            noisy
                .verdict
                .contains(&format!("about {more} more partners would tell")),
            "{}",
            noisy.verdict
        );
        assert!(!noisy.verdict.contains("Revise"));
        let small = validity(
            &[90.0, 80.0],
            &[10.0, 20.0, 30.0, 40.0, 50.0],
            PERMUTATIONS,
            SEED,
        );
        assert_eq!(small.p_value, None);
        assert_eq!(small.outcome, Outcome::Inconclusive { more: 3 });
        assert_eq!(
            small.verdict,
            "Inconclusive: each group needs at least 5 signed partners; 3 more would tell."
        );
    }
}
