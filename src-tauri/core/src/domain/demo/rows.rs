//! The rows a demo workspace is made of, in the shape the store writes them: indexes point
//! into the workspace's own lists so the rows can be inserted in one pass.

use super::{DealSource, Outcome, TraitState};
use crate::domain::program::IncentiveKind;
use crate::domain::status::PartnerStatus;
use chrono::NaiveDate;

/// A partner type of the demo program, with its profile, written as a new user would.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoType {
    /// Shown on the program screen and the roster.
    pub name: &'static str,
    /// How this kind of partner sells with the company.
    pub motion: &'static str,
    /// What the partner earns: margin, referral fee or co-sell credit.
    pub incentive_kind: IncentiveKind,
    /// The incentive's size: a percentage, or a fee in the workspace currency.
    pub incentive_value: f64,
    /// Ordered steps from signed to productive.
    pub enablement: &'static [&'static str],
    /// What the partner and the company sell together (the profile's first line).
    pub joint_solution: &'static str,
    /// (trait, evidence that verifies it, how it is checked)
    pub traits: &'static [(&'static str, &'static str, &'static str)],
}

/// A member of the demo partnerships team, whose hours carry the tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoMember {
    /// Owner name on partners and reviews.
    pub name: &'static str,
    /// Shown beside the name on the team screen.
    pub role: &'static str,
    /// Partner-facing hours the capacity plan may spend.
    pub hours_per_month: f64,
}

/// A demo partner on the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoPartner {
    /// Unique partner name, drawn from the word lists.
    pub name: String,
    /// Index into the workspace's types.
    pub type_index: usize,
    /// Life-cycle status to store.
    pub status: PartnerStatus,
    /// Index into the team of the member who owns the partner, if any.
    pub owner_index: Option<usize>,
    /// Region, for filters and exports.
    pub region: &'static str,
    /// Signing date; `None` for prospects.
    pub signed_on: Option<NaiveDate>,
    /// Whether it matched its type's profile when signed, for the profile validity check.
    pub profile_match_at_signing: Option<bool>,
    /// One score per default factor, 1–5; `None` where it was never scored.
    pub scores: Vec<Option<u8>>,
}

/// A person at a demo partner, the one 1:1 touches are logged against.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoContact {
    /// Index into the workspace's partners.
    pub partner_index: usize,
    /// Shown in the cadence lists.
    pub name: String,
    /// Their job at the partner.
    pub role: &'static str,
    /// Fictional address on a reserved domain.
    pub email: String,
}

/// A logged 1:1 touch, so cadence adherence and overdue lists have history.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTouch {
    /// Index into the workspace's contacts.
    pub contact_index: usize,
    /// The day of the touch.
    pub touched_on: NaiveDate,
    /// Call, email, meeting or message.
    pub channel: &'static str,
    /// What was said, in a line.
    pub note: &'static str,
}

/// A readiness review, so bands and their history have data.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoReview {
    /// Index into the workspace's partners.
    pub partner_index: usize,
    /// The day of the review.
    pub reviewed_on: NaiveDate,
    /// Capability, 0–3.
    pub capability: u8,
    /// Capacity, 0–3.
    pub capacity: u8,
    /// Motion commitment, 0–3.
    pub motion_commitment: u8,
    /// Index into the team of the reviewer.
    pub reviewer_index: usize,
    /// The reviewer's comment.
    pub note: &'static str,
}

/// One profile trait checked on a partner, for the IPP evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTraitCheck {
    /// Index into the workspace's partners.
    pub partner_index: usize,
    /// Index into the partner's type's traits.
    pub trait_index: usize,
    /// Met, missed or unverified.
    pub state: TraitState,
    /// The day of the check.
    pub checked_on: NaiveDate,
    /// How it was verified.
    pub note: &'static str,
}

/// A deal with its stage history, for the forecast, win rates and the scoreboard.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoDeal {
    /// The customer account, fictional.
    pub account: String,
    /// Index into the partners of the partner of record; `None` for direct deals.
    pub partner_index: Option<usize>,
    /// Partner-sourced, partner-influenced or direct.
    pub source: DealSource,
    /// Deal value in the workspace currency.
    pub amount: f64,
    /// Index into the default stages of the current stage.
    pub stage_index: usize,
    /// When the deal entered the pipeline.
    pub created_on: NaiveDate,
    /// When it is expected to close.
    pub expected_close: NaiveDate,
    /// Open, won or lost.
    pub outcome: Outcome,
    /// Close date for won and lost deals.
    pub closed_on: Option<NaiveDate>,
    /// Credit recorded when the deal entered: "sourced", "influenced" or "none", with a split %.
    pub credit_rule: &'static str,
    /// Share of the deal credited to the partner, in percent.
    pub credit_split_pct: f64,
    /// The company's seller on the deal.
    pub owner: &'static str,
    /// Every stage the deal entered, with the date.
    pub history: Vec<(usize, NaiveDate)>,
}

/// A whole demo workspace, ready for the store to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoWorkspace {
    /// The fictional company's name.
    pub company: &'static str,
    /// Its written program thesis.
    pub thesis: &'static str,
    /// The date the history ends, the workspace's as-of date.
    pub as_of: NaiveDate,
    /// Partner types with profiles.
    pub types: Vec<DemoType>,
    /// The partnerships team.
    pub team: Vec<DemoMember>,
    /// The roster, prospects included.
    pub partners: Vec<DemoPartner>,
    /// People at partners.
    pub contacts: Vec<DemoContact>,
    /// Logged 1:1 touches.
    pub touches: Vec<DemoTouch>,
    /// Readiness reviews.
    pub reviews: Vec<DemoReview>,
    /// Profile trait checks.
    pub trait_checks: Vec<DemoTraitCheck>,
    /// Two years of deals.
    pub deals: Vec<DemoDeal>,
}
