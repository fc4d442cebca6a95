//! Tiers: how a ranked roster is cut into groups that receive different service.

use super::validate::{self, InvalidInput};
use serde::{Deserialize, Serialize};

/// How often a tier's partners get a 1:1 touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// A touch every week, for the partners worth the most hours.
    Weekly,
    /// A touch every two weeks.
    Biweekly,
    /// A touch every month.
    Monthly,
    /// A touch every quarter.
    Quarterly,
    /// No 1:1 owed: the partner is served by automation and content.
    SelfServe,
}

impl Cadence {
    /// The stored code of the cadence.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Biweekly => "biweekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::SelfServe => "self_serve",
        }
    }

    /// Reads a stored or imported cadence code; `None` when unknown.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "weekly" => Some(Self::Weekly),
            "biweekly" => Some(Self::Biweekly),
            "monthly" => Some(Self::Monthly),
            "quarterly" => Some(Self::Quarterly),
            "self_serve" => Some(Self::SelfServe),
            _ => None,
        }
    }
}

/// Which partners a tier admits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TierRule {
    /// The first N of the ranking.
    TopN(i64),
    /// A weighted score (0–100) at or above this value.
    MinScore(f64),
    /// Everyone left: the lowest tier.
    Rest,
}

impl TierRule {
    /// The rule as two columns: kind and value.
    pub fn to_columns(self) -> (&'static str, Option<f64>) {
        match self {
            Self::TopN(n) => ("top_n", Some(n as f64)),
            Self::MinScore(s) => ("min_score", Some(s)),
            Self::Rest => ("rest", None),
        }
    }
}

/// Fewer tiers would not separate who gets more service from who gets less.
pub const MIN_TIERS: usize = 2;
/// More tiers than this blur into each other and overload the team.
pub const MAX_TIERS: usize = 4;

/// A tier as stored and edited, top tier first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// `None` for a tier not saved yet.
    pub id: Option<i64>,
    /// Shown on the roster, charts and exports; unique in the workspace.
    pub name: String,
    /// Which partners of the ranking the tier admits.
    pub rule: TierRule,
    /// How often each partner in the tier is owed a 1:1 touch.
    pub cadence: Cadence,
    /// Team hours a month each partner in the tier costs, for the capacity plan.
    pub hours_per_partner: f64,
    /// What a partner in the tier actually receives, in words.
    pub benefits: String,
}

/// Checks 2–4 tiers, top first. The lowest tier always takes everyone left, so its rule
/// becomes `Rest`; no other tier may be `Rest`.
pub fn validate_tiers(tiers: &[Tier]) -> Result<Vec<Tier>, InvalidInput> {
    if tiers.len() < MIN_TIERS || tiers.len() > MAX_TIERS {
        return Err(InvalidInput::new(
            "tiers",
            format!(
                "A program has {MIN_TIERS} to {MAX_TIERS} tiers; this plan has {}.",
                tiers.len()
            ),
        ));
    }
    let mut clean: Vec<Tier> = Vec::with_capacity(tiers.len());
    let last = tiers.len() - 1;
    for (i, t) in tiers.iter().enumerate() {
        let name = validate::text("name", &format!("Tier {}'s name", i + 1), &t.name, 1, 40)?;
        if clean.iter().any(|c| c.name.eq_ignore_ascii_case(&name)) {
            return Err(InvalidInput::new(
                "name",
                format!("Two tiers are called “{name}”; tier names must differ."),
            ));
        }
        let rule = if i == last {
            TierRule::Rest
        } else {
            match t.rule {
                TierRule::TopN(n) if n < 1 => {
                    return Err(InvalidInput::new("rule", format!("{name}: “top N” needs N of at least 1.")))
                }
                TierRule::TopN(n) if n > 1_000_000 => {
                    return Err(InvalidInput::new("rule", format!("{name}: “top N” is at most 1,000,000.")))
                }
                TierRule::MinScore(s) if !s.is_finite() || !(0.0..=100.0).contains(&s) => {
                    return Err(InvalidInput::new("rule", format!("{name}: a minimum score is between 0 and 100.")))
                }
                TierRule::Rest => {
                    return Err(InvalidInput::new(
                        "rule",
                        format!("{name}: only the lowest tier takes everyone left; give this tier a top-N or minimum-score rule."),
                    ))
                }
                rule => rule,
            }
        };
        if let Some(prev) = clean.last() {
            match (prev.rule, rule) {
                (TierRule::TopN(a), TierRule::TopN(b)) if b <= a => {
                    return Err(InvalidInput::new(
                        "rule",
                        format!("{name}: top {b} is inside {}'s top {a}, so {name} would hold nobody. Use a larger N.", prev.name),
                    ))
                }
                (TierRule::MinScore(a), TierRule::MinScore(b)) if b >= a => {
                    return Err(InvalidInput::new(
                        "rule",
                        format!("{name}: a minimum of {b} is not below {}'s {a}, so {name} would hold nobody.", prev.name),
                    ))
                }
                _ => {}
            }
        }
        let hours = validate::number(
            "hours_per_partner",
            &format!("{name}'s hours per partner"),
            t.hours_per_partner,
            0.0,
            200.0,
        )?;
        let benefits = validate::text(
            "benefits",
            &format!("{name}'s benefits"),
            &t.benefits,
            0,
            1000,
        )?;
        clean.push(Tier {
            id: t.id,
            name,
            rule,
            cadence: t.cadence,
            hours_per_partner: hours,
            benefits,
        });
    }
    Ok(clean)
}

/// Pairs of tiers that promise the same service level: a tier that changes nothing is decoration.
pub fn same_service_warnings(tiers: &[Tier]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in tiers.iter().enumerate() {
        for b in &tiers[i + 1..] {
            if a.cadence == b.cadence {
                out.push(format!(
                    "{} and {} both promise a {} cadence: a tier that changes nothing a partner receives is decoration.",
                    a.name,
                    b.name,
                    a.cadence.label()
                ));
            }
        }
    }
    out
}

impl Cadence {
    /// How the cadence reads on screens and in sentences.
    pub fn label(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Biweekly => "biweekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::SelfServe => "self-serve",
        }
    }
}

impl TierRule {
    /// Rebuilds a rule from its two stored columns.
    pub fn from_columns(kind: &str, value: Option<f64>) -> Option<Self> {
        match (kind, value) {
            ("top_n", Some(v)) => Some(Self::TopN(v as i64)),
            ("min_score", Some(v)) => Some(Self::MinScore(v)),
            ("rest", _) => Some(Self::Rest),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, rule: TierRule, cadence: Cadence) -> Tier {
        Tier {
            id: None,
            name: name.into(),
            rule,
            cadence,
            hours_per_partner: 2.0,
            benefits: String::new(),
        }
    }

    #[test]
    fn two_to_four_tiers_and_the_last_takes_the_rest() {
        let one = [tier("A", TierRule::Rest, Cadence::Weekly)];
        assert!(validate_tiers(&one).unwrap_err().message.contains("2 to 4"));
        let ok = validate_tiers(&[
            tier("A", TierRule::TopN(10), Cadence::Weekly),
            tier("B", TierRule::TopN(99), Cadence::SelfServe),
        ])
        .unwrap();
        assert_eq!(ok[1].rule, TierRule::Rest);
        let five: Vec<Tier> = (0..5)
            .map(|i| {
                tier(
                    &format!("T{i}"),
                    TierRule::TopN(i as i64 + 1),
                    Cadence::Monthly,
                )
            })
            .collect();
        assert!(validate_tiers(&five).is_err());
    }

    #[test]
    fn bad_rules_and_duplicate_names_are_refused() {
        let rest = tier("Rest", TierRule::Rest, Cadence::SelfServe);
        for bad in [
            vec![tier("A", TierRule::TopN(0), Cadence::Weekly), rest.clone()],
            vec![tier("A", TierRule::TopN(-1), Cadence::Weekly), rest.clone()],
            vec![
                tier("A", TierRule::MinScore(120.0), Cadence::Weekly),
                rest.clone(),
            ],
            vec![
                tier("A", TierRule::MinScore(f64::NAN), Cadence::Weekly),
                rest.clone(),
            ],
            vec![tier("A", TierRule::Rest, Cadence::Weekly), rest.clone()],
            vec![
                tier("A", TierRule::TopN(20), Cadence::Weekly),
                tier("a", TierRule::Rest, Cadence::SelfServe),
            ],
            vec![
                tier("A", TierRule::TopN(20), Cadence::Weekly),
                tier("B", TierRule::TopN(10), Cadence::Monthly),
                rest.clone(),
            ],
            vec![
                tier("A", TierRule::MinScore(50.0), Cadence::Weekly),
                tier("B", TierRule::MinScore(60.0), Cadence::Monthly),
                rest.clone(),
            ],
        ] {
            assert!(validate_tiers(&bad).is_err(), "{bad:?}");
        }
        let mut t = tier("A", TierRule::TopN(5), Cadence::Weekly);
        t.hours_per_partner = -1.0;
        assert!(validate_tiers(&[t, rest]).is_err());
    }

    #[test]
    fn same_cadence_is_flagged() {
        let tiers = [
            tier("Gold", TierRule::TopN(5), Cadence::Monthly),
            tier("Silver", TierRule::TopN(20), Cadence::Monthly),
            tier("Bronze", TierRule::Rest, Cadence::SelfServe),
        ];
        let w = same_service_warnings(&tiers);
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("Gold and Silver both promise a monthly cadence"));
    }
}
