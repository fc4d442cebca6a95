//! Tiers: how a ranked roster is cut into groups that receive different service.

use serde::{Deserialize, Serialize};

/// How often a tier's partners get a 1:1 touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
    SelfServe,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Biweekly => "biweekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::SelfServe => "self_serve",
        }
    }

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

    /// Days between two touches; `None` for self-serve, which owes no 1:1 touches.
    pub fn interval_days(self) -> Option<i64> {
        match self {
            Self::Weekly => Some(7),
            Self::Biweekly => Some(14),
            Self::Monthly => Some(30),
            Self::Quarterly => Some(91),
            Self::SelfServe => None,
        }
    }
}

/// Which partners a tier admits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TierRule {
    /// The first N of the ranking.
    TopN(u32),
    /// A weighted score (0–100) at or above this value.
    MinScore(f64),
    /// Everyone left: the lowest tier.
    Rest,
}

impl TierRule {
    /// The rule as two columns: kind and value.
    pub fn to_columns(self) -> (&'static str, Option<f64>) {
        match self {
            Self::TopN(n) => ("top_n", Some(f64::from(n))),
            Self::MinScore(s) => ("min_score", Some(s)),
            Self::Rest => ("rest", None),
        }
    }
}
