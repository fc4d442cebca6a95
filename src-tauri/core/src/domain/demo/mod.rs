//! The demo workspace: a fictional company's partner program, generated from a seed so that
//! the same seed and size always give the same rows.
//!
//! Partners carry a hidden quality that drives their factor scores, readiness, profile match
//! and deal production, so every later screen shows patterns worth looking at.

mod deals;
mod names;
mod program;
mod rows;

use super::deals::AmountSource;
pub use super::deals::{Outcome, Source as DealSource};
use super::defaults;
use super::forecast::history::Deal;
use super::forecast::timeline::{observed_facts, snapshot_days, Fact, Timeline};
pub use super::profile::TraitState;
pub use crate::domain::status::PartnerStatus;
use chrono::{Duration, NaiveDate};
use deals::generate_deals;
use names::{
    unique_name, CHANNELS, CONTACT_ROLES, FIRST_NAMES, LAST_NAMES, NAME_HEADS, NAME_TAILS, REGIONS,
    REVIEW_NOTES, TOUCH_NOTES,
};
use program::{demo_team, demo_types};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
pub use rows::{
    DemoContact, DemoDeal, DemoMember, DemoPartner, DemoReview, DemoTouch, DemoTraitCheck,
    DemoType, DemoWorkspace,
};

/// Roster size of the demo a new user opens: large enough for every chart to show a pattern.
pub const DEFAULT_PARTNERS: usize = 140;
/// Seed of the demo a new user opens, so everyone sees the same company.
pub const DEFAULT_SEED: u64 = 7;
/// Two years of deal history before the as-of date.
const HISTORY_DAYS: i64 = 730;

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn score_from_quality(rng: &mut ChaCha8Rng, quality: f64) -> u8 {
    let s = 1.0 + 4.0 * (quality + 0.22 * normal(rng)).clamp(0.0, 1.0);
    s.round().clamp(1.0, 5.0) as u8
}

fn readiness_part(rng: &mut ChaCha8Rng, quality: f64) -> u8 {
    (3.0 * (0.35 + 0.75 * quality + 0.2 * normal(rng)).clamp(0.0, 1.0))
        .round()
        .clamp(0.0, 3.0) as u8
}

/// Generates the demo workspace for `partners` partners from `seed`, with history ending at `as_of`.
pub fn generate(partners: usize, seed: u64, as_of: NaiveDate) -> DemoWorkspace {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let types = demo_types();
    let team = demo_team();
    let start = as_of - Duration::days(HISTORY_DAYS);

    let mut roster = Vec::with_capacity(partners);
    let mut quality = Vec::with_capacity(partners);
    for i in 0..partners {
        let q: f64 = rng.random::<f64>().powf(1.4);
        let type_index = match rng.random_range(0..100) {
            0..=29 => 0,
            30..=54 => 1,
            55..=79 => 2,
            _ => 3,
        };
        let prospect = rng.random_range(0..100) < 9;
        let mut scores: Vec<Option<u8>> = (0..defaults::FACTORS.len())
            .map(|_| Some(score_from_quality(&mut rng, q)))
            .collect();
        if rng.random_range(0..100) < 3 {
            let missing = rng.random_range(0..scores.len());
            scores[missing] = None;
        }
        let signed_on = (!prospect).then(|| start - Duration::days(rng.random_range(0..900)));
        let matched = (!prospect).then(|| q + 0.25 * normal(&mut rng) > 0.4);
        roster.push(DemoPartner {
            name: unique_name(&NAME_HEADS, &NAME_TAILS, i),
            type_index,
            status: if prospect {
                PartnerStatus::Prospect
            } else {
                PartnerStatus::Active
            },
            owner_index: None,
            region: REGIONS[rng.random_range(0..REGIONS.len())],
            signed_on,
            profile_match_at_signing: matched,
            scores,
        });
        quality.push(q);
    }

    // Owners: the strongest partners go to the partner managers, the rest spread across the team.
    let mut by_quality: Vec<usize> = (0..partners).collect();
    by_quality.sort_by(|&a, &b| quality[b].total_cmp(&quality[a]).then(a.cmp(&b)));
    for (rank, &p) in by_quality.iter().enumerate() {
        if roster[p].status == PartnerStatus::Prospect {
            continue;
        }
        roster[p].owner_index = Some(if rank < 40 {
            1 + rank % 2
        } else {
            rank % team.len()
        });
    }

    let mut reviews = Vec::new();
    for (p, partner) in roster.iter_mut().enumerate() {
        if partner.status == PartnerStatus::Prospect {
            continue;
        }
        let count = rng.random_range(1..=3);
        let mut last_total = 0;
        for k in (0..count).rev() {
            let days_ago = 30 * k + rng.random_range(2..45);
            let review = DemoReview {
                partner_index: p,
                reviewed_on: as_of - Duration::days(days_ago),
                capability: readiness_part(&mut rng, quality[p]),
                capacity: readiness_part(&mut rng, quality[p]),
                motion_commitment: readiness_part(&mut rng, quality[p]),
                reviewer_index: partner.owner_index.unwrap_or(0),
                note: REVIEW_NOTES[rng.random_range(0..REVIEW_NOTES.len())],
            };
            last_total = i64::from(review.capability + review.capacity + review.motion_commitment);
            reviews.push(review);
        }
        partner.status = if last_total >= defaults::READINESS_ACTIVE_MIN {
            PartnerStatus::Active
        } else if last_total >= defaults::READINESS_NURTURE_MIN {
            PartnerStatus::Nurture
        } else {
            PartnerStatus::Offboarded
        };
    }

    let mut trait_checks = Vec::new();
    for (p, partner) in roster.iter().enumerate() {
        if partner.status != PartnerStatus::Prospect {
            continue;
        }
        for t in 0..types[partner.type_index].traits.len() {
            let roll: f64 = rng.random();
            let state = if roll < 0.25 {
                TraitState::Unverified
            } else if roll < 0.25 + 0.75 * quality[p] {
                TraitState::Met
            } else {
                TraitState::Missed
            };
            if state == TraitState::Unverified && rng.random_range(0..2) == 0 {
                continue;
            }
            trait_checks.push(DemoTraitCheck {
                partner_index: p,
                trait_index: t,
                state,
                checked_on: as_of - Duration::days(rng.random_range(1..40)),
                note: if state == TraitState::Missed {
                    "Evidence did not hold up"
                } else {
                    "Checked in recruitment call"
                },
            });
        }
    }

    let mut contacts = Vec::new();
    let mut touches = Vec::new();
    for (p, partner) in roster.iter().enumerate() {
        let count = 1 + usize::from(quality[p] > 0.35) + usize::from(quality[p] > 0.7);
        for c in 0..count {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let domain: String = partner
                .name
                .to_lowercase()
                .chars()
                .filter(|ch| ch.is_ascii_alphanumeric())
                .collect();
            let contact_index = contacts.len();
            contacts.push(DemoContact {
                partner_index: p,
                name: format!("{first} {last}"),
                role: CONTACT_ROLES[c % CONTACT_ROLES.len()],
                email: format!(
                    "{}.{}@{domain}.example",
                    first.to_lowercase(),
                    last.to_lowercase()
                ),
            });
            if partner.status != PartnerStatus::Active {
                continue;
            }
            // Strong partners are touched about every two weeks, weaker ones now and then.
            let gap = if quality[p] > 0.6 { 14 } else { 45 };
            let mut day = rng.random_range(1..gap + 10);
            while day < 120 {
                touches.push(DemoTouch {
                    contact_index,
                    touched_on: as_of - Duration::days(day),
                    channel: CHANNELS[rng.random_range(0..CHANNELS.len())],
                    note: TOUCH_NOTES[rng.random_range(0..TOUCH_NOTES.len())],
                });
                day += gap + rng.random_range(0..8) - 3;
            }
        }
    }

    let deals = generate_deals(&mut rng, &roster, &quality, start, as_of);

    DemoWorkspace {
        company: "Northwind Analytics",
        thesis: "Partners who already serve mid-market data teams bring us into deals we cannot reach alone; we win more of those and close them faster.",
        as_of,
        types,
        team,
        partners: roster,
        contacts,
        touches,
        reviews,
        trait_checks,
        deals,
    }
}

/// The demo's CRM was exported this often over its history, so its track record can be
/// replayed honestly from what each export said.
const SNAPSHOT_EVERY: i64 = 7;

impl DemoWorkspace {
    /// What weekly exports of the demo's CRM, the last on its as-of day, told about each deal
    /// (in the order of `deals`): a fact per export on which the deal had changed.
    pub fn facts(&self) -> Vec<Vec<Fact>> {
        let first = self
            .deals
            .iter()
            .map(|d| d.created_on)
            .min()
            .unwrap_or(self.as_of);
        let days = snapshot_days(&Timeline::every(first, self.as_of, SNAPSHOT_EVERY));
        self.deals
            .iter()
            .map(|d| {
                let truth = Deal {
                    amount: d.amount,
                    amount_source: AmountSource::Given,
                    source: d.source,
                    partner: None,
                    created: d.created_on,
                    outcome: d.outcome,
                    closed: d.closed_on,
                    expected_close: Some(d.expected_close),
                    stage: Some(d.stage_index),
                    moves: d.history.clone(),
                };
                observed_facts(&truth, &days)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
