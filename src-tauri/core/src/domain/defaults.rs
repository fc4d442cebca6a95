//! What a new, empty workspace starts with: a sales process, a scoring model, tiers and
//! readiness bands that a program can run on from day one and then edit.

use super::tiers::{Cadence, TierRule};

pub struct StageDefault {
    pub name: &'static str,
    pub owner: &'static str,
    pub exit_criterion: &'static str,
    pub probability: f64,
    pub expected_days: i64,
}

pub struct FactorDefault {
    pub name: &'static str,
    pub description: &'static str,
    pub weight: f64,
}

pub struct TierDefault {
    pub name: &'static str,
    pub rule: TierRule,
    pub cadence: Cadence,
    pub hours_per_partner: f64,
    pub benefits: &'static str,
}

pub const STAGES: [StageDefault; 5] = [
    StageDefault {
        name: "Registered",
        owner: "Partner manager",
        exit_criterion:
            "Named account, confirmed need and a partner of record on the registration.",
        probability: 0.10,
        expected_days: 7,
    },
    StageDefault {
        name: "Qualified",
        owner: "Account executive",
        exit_criterion:
            "Budget, timing and fit checked with the buyer; credit rule written on the deal.",
        probability: 0.25,
        expected_days: 14,
    },
    StageDefault {
        name: "Joint working",
        owner: "Account executive",
        exit_criterion:
            "Partner owns technical fit, seller owns the relationship; a mutual plan is agreed.",
        probability: 0.45,
        expected_days: 30,
    },
    StageDefault {
        name: "Proposal",
        owner: "Account executive",
        exit_criterion: "Proposal accepted in principle by the economic buyer.",
        probability: 0.65,
        expected_days: 21,
    },
    StageDefault {
        name: "Commit",
        owner: "Sales leader",
        exit_criterion: "Signature scheduled; partner told the expected close date.",
        probability: 0.85,
        expected_days: 14,
    },
];

pub const FACTORS: [FactorDefault; 4] = [
    FactorDefault {
        name: "ICP overlap",
        description: "Share of the partner's customers that match our ideal customer profile (1 = almost none, 5 = most).",
        weight: 35.0,
    },
    FactorDefault {
        name: "Active co-sell deals",
        description: "Deals worked together in the last 90 days (1 = none, 5 = five or more).",
        weight: 30.0,
    },
    FactorDefault {
        name: "Product fit",
        description: "How naturally our product completes what the partner sells or builds (1 = weak, 5 = essential).",
        weight: 20.0,
    },
    FactorDefault {
        name: "Target-account reach",
        description: "Relationships inside our named target accounts (1 = none, 5 = many buying committees).",
        weight: 15.0,
    },
];

pub const TIERS: [TierDefault; 3] = [
    TierDefault {
        name: "Tier 1",
        rule: TierRule::TopN(18),
        cadence: Cadence::Biweekly,
        hours_per_partner: 8.0,
        benefits: "Named partner manager, biweekly 1:1 with partner reps, joint account planning, co-marketing funds.",
    },
    TierDefault {
        name: "Tier 2",
        rule: TierRule::TopN(58),
        cadence: Cadence::Monthly,
        hours_per_partner: 2.0,
        benefits: "Monthly group session, deal registration support, enablement track.",
    },
    TierDefault {
        name: "Tier 3",
        rule: TierRule::Rest,
        cadence: Cadence::SelfServe,
        hours_per_partner: 0.0,
        benefits: "Self-serve portal, content library, quarterly check-in by email.",
    },
];

/// Readiness bands: a total at or above `active_min` is active; at or above `nurture_min` nurture;
/// below that, off-board.
pub const READINESS_ACTIVE_MIN: i64 = 6;
pub const READINESS_NURTURE_MIN: i64 = 3;

/// Missed traits that make a prospect a walk-away.
pub const WALK_AWAY_COUNT: i64 = 2;

pub const CURRENCY: &str = "USD";
