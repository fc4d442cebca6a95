//! The rows a demo workspace is made of, in the shape the store writes them: indexes point
//! into the workspace's own lists so the rows can be inserted in one pass.

use super::{DealSource, Outcome, TraitState};
use crate::domain::program::IncentiveKind;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct DemoType {
    pub name: &'static str,
    pub motion: &'static str,
    pub incentive_kind: IncentiveKind,
    pub incentive_value: f64,
    pub enablement: &'static [&'static str],
    pub joint_solution: &'static str,
    /// (trait, evidence that verifies it, how it is checked)
    pub traits: &'static [(&'static str, &'static str, &'static str)],
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoMember {
    pub name: &'static str,
    pub role: &'static str,
    pub hours_per_month: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStatus {
    Prospect,
    Active,
    Nurture,
    Offboarded,
}

impl DemoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospect => "prospect",
            Self::Active => "active",
            Self::Nurture => "nurture",
            Self::Offboarded => "offboarded",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoPartner {
    pub name: String,
    pub type_index: usize,
    pub status: DemoStatus,
    pub owner_index: Option<usize>,
    pub region: &'static str,
    pub signed_on: Option<NaiveDate>,
    pub profile_match_at_signing: Option<bool>,
    /// One score per default factor, 1–5; `None` where it was never scored.
    pub scores: Vec<Option<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoContact {
    pub partner_index: usize,
    pub name: String,
    pub role: &'static str,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoTouch {
    pub contact_index: usize,
    pub touched_on: NaiveDate,
    pub channel: &'static str,
    pub note: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoReview {
    pub partner_index: usize,
    pub reviewed_on: NaiveDate,
    pub capability: u8,
    pub capacity: u8,
    pub motion_commitment: u8,
    pub reviewer_index: usize,
    pub note: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoTraitCheck {
    pub partner_index: usize,
    pub trait_index: usize,
    pub state: TraitState,
    pub checked_on: NaiveDate,
    pub note: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoDeal {
    pub account: String,
    pub partner_index: Option<usize>,
    pub source: DealSource,
    pub amount: f64,
    pub stage_index: usize,
    pub created_on: NaiveDate,
    pub expected_close: NaiveDate,
    pub outcome: Outcome,
    pub closed_on: Option<NaiveDate>,
    /// Credit recorded when the deal entered: "sourced", "influenced" or "none", with a split %.
    pub credit_rule: &'static str,
    pub credit_split_pct: f64,
    pub owner: &'static str,
    /// Every stage the deal entered, with the date.
    pub history: Vec<(usize, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoWorkspace {
    pub company: &'static str,
    pub thesis: &'static str,
    pub as_of: NaiveDate,
    pub types: Vec<DemoType>,
    pub team: Vec<DemoMember>,
    pub partners: Vec<DemoPartner>,
    pub contacts: Vec<DemoContact>,
    pub touches: Vec<DemoTouch>,
    pub reviews: Vec<DemoReview>,
    pub trait_checks: Vec<DemoTraitCheck>,
    pub deals: Vec<DemoDeal>,
}
