//! What a new, empty workspace starts with: a sales process, a scoring model, tiers and
//! readiness bands that a program can run on from day one and then edit.

use super::tiers::{Cadence, TierRule};

/// A sales stage a new workspace starts with, so deals can be entered at once.
pub struct StageDefault {
    /// Stage name on the pipeline.
    pub name: &'static str,
    /// Who moves a deal out of the stage.
    pub owner: &'static str,
    /// What must be true for a deal to leave the stage.
    pub exit_criterion: &'static str,
    /// Default win probability of a deal in the stage, 0–1.
    pub probability: f64,
    /// Days a deal is expected to spend in it; longer means stalled.
    pub expected_days: i64,
}

/// A scoring factor a new workspace starts with, so partners can be ranked at once.
pub struct FactorDefault {
    /// Factor name in the weights editor.
    pub name: &'static str,
    /// How a partner is scored 1–5 on it.
    pub description: &'static str,
    /// Its starting weight.
    pub weight: f64,
}

/// A tier a new workspace starts with, so the roster is tiered from day one.
pub struct TierDefault {
    /// Tier name.
    pub name: &'static str,
    /// Which partners it admits.
    pub rule: TierRule,
    /// How often its partners are owed a 1:1.
    pub cadence: Cadence,
    /// Team hours a month each partner costs.
    pub hours_per_partner: f64,
    /// What a partner in it receives.
    pub benefits: &'static str,
}

/// The default sales process: five stages from a registered deal to commit.
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

/// The default scoring model: four factors that predict a partner's return.
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

/// The default tiers: three, the last one self-serve.
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
/// Lowest readiness total that is nurture rather than off-board.
pub const READINESS_NURTURE_MIN: i64 = 3;

/// Missed traits that make a prospect a walk-away.
pub const WALK_AWAY_COUNT: i64 = 2;

/// Currency of a new workspace.
pub const CURRENCY: &str = "USD";
