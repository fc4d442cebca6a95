//! The demo workspace: a fictional company's partner program, generated from a seed so that
//! the same seed and size always give the same rows.
//!
//! Partners carry a hidden quality that drives their factor scores, readiness, profile match
//! and deal production, so every later screen shows patterns worth looking at.

pub use super::deals::{Outcome, Source as DealSource};
use super::defaults::{self, STAGES};
pub use super::profile::TraitState;
use super::program::IncentiveKind;
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const DEFAULT_PARTNERS: usize = 140;
pub const DEFAULT_SEED: u64 = 7;
/// Two years of deal history before the as-of date.
const HISTORY_DAYS: i64 = 730;

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

fn demo_types() -> Vec<DemoType> {
    vec![
        DemoType {
            name: "Reseller",
            motion: "Resell annual plans into mid-market accounts the partner already bills; the partner owns the paper and first-line support.",
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 20.0,
            enablement: &["Partner agreement and portal access", "Sales certification (2 reps)", "Demo environment set up", "First registered deal", "First closed deal"],
            joint_solution: "A packaged analytics rollout the reseller sells with its own services hours.",
            traits: &[
                ("Customer overlap", "At least 30 shared accounts in an account mapping", "Account mapping before signing"),
                ("Target-account fit", "A third of its book in our ICP segments", "Review of its customer list"),
                ("Buying-committee presence", "Named relationships with finance or data leaders", "Reference call with two customers"),
                ("Registers deals", "Uses deal registration with its other vendors", "Ask for a registration report"),
                ("Named champion", "An executive who will sponsor the motion", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "SI / services",
            motion: "Bring us into data modernisation projects; we co-sell and the SI delivers the implementation.",
            incentive_kind: IncentiveKind::CoSellCredit,
            incentive_value: 10.0,
            enablement: &["Solution architecture training", "Implementation certification", "Joint reference architecture", "First co-sold project"],
            joint_solution: "A modern reporting stack delivered as a fixed-scope implementation project.",
            traits: &[
                ("Practice in our category", "A data or analytics practice of 10+ consultants", "Practice lead interview"),
                ("Target-account fit", "Active projects in our ICP segments", "Project list review"),
                ("Attach to projects", "Willing to name us in proposals", "Sample proposal"),
                ("Certified delivery", "Two consultants able to certify in 60 days", "Named consultants"),
                ("Named champion", "A practice lead who will sponsor the motion", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "Technology / ISV",
            motion: "Integrate, list in each other's marketplace, and co-sell to shared customers found through account mapping.",
            incentive_kind: IncentiveKind::CoSellCredit,
            incentive_value: 5.0,
            enablement: &["Integration built and certified", "Marketplace listing", "Account mapping", "Joint pitch enablement"],
            joint_solution: "An integration that puts our analytics inside the partner's product workflow.",
            traits: &[
                ("Customer overlap", "At least 50 shared customers in account mapping", "Account mapping"),
                ("Integration value", "A use case customers ask for today", "Three customer requests on record"),
                ("Co-sell motion", "A partner team that co-sells with other ISVs", "Partner team interview"),
                ("Marketplace reach", "A marketplace with active buyers", "Listing traffic figures"),
                ("Named champion", "A product or partner lead who sponsors the integration", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "Referral",
            motion: "Introduce accounts in return for a flat fee on deals that close; we run the sales cycle.",
            incentive_kind: IncentiveKind::ReferralFee,
            incentive_value: 2_500.0,
            enablement: &["Referral agreement", "Ideal customer brief", "First introduction"],
            joint_solution: "Warm introductions to buyers the referrer already advises.",
            traits: &[
                ("Advises our buyers", "Trusted by finance or data leaders", "Two client references"),
                ("Target-account fit", "Clients in our ICP segments", "Client list review"),
                ("Introduces, does not just forward", "Past referrals came with context", "Example introduction"),
                ("Named champion", "One person accountable for introductions", "Meeting with that person"),
                ("Registers deals", "Willing to register before introducing", "Agreement signed"),
            ],
        },
    ]
}

fn demo_team() -> Vec<DemoMember> {
    vec![
        DemoMember {
            name: "Maya Lindqvist",
            role: "Head of partnerships",
            hours_per_month: 100.0,
        },
        DemoMember {
            name: "Jonas Ferreira",
            role: "Partner manager",
            hours_per_month: 120.0,
        },
        DemoMember {
            name: "Priya Raman",
            role: "Partner manager",
            hours_per_month: 120.0,
        },
        DemoMember {
            name: "Tomás Adeyemi",
            role: "Partner operations",
            hours_per_month: 60.0,
        },
    ]
}

const NAME_HEADS: [&str; 24] = [
    "Apex",
    "Bluefin",
    "Cedar",
    "Driftwood",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northgate",
    "Oakline",
    "Pioneer",
    "Quarry",
    "Redwood",
    "Summit",
    "Tidewater",
    "Upland",
    "Vantage",
    "Willow",
    "Zenith",
];
const NAME_TAILS: [&str; 12] = [
    "Consulting",
    "Systems",
    "Partners",
    "Labs",
    "Digital",
    "Group",
    "Solutions",
    "Analytics",
    "Advisory",
    "Software",
    "Data",
    "Works",
];
const ACCOUNT_HEADS: [&str; 20] = [
    "Alder",
    "Brightwater",
    "Copperleaf",
    "Dunmore",
    "Eastbrook",
    "Foxglove",
    "Greystone",
    "Hollis",
    "Ironbridge",
    "Kingsley",
    "Larkspur",
    "Millbrook",
    "Norwood",
    "Orchard",
    "Pemberton",
    "Ravenwood",
    "Silverton",
    "Thornbury",
    "Westfield",
    "Yarrow",
];
const ACCOUNT_TAILS: [&str; 10] = [
    "Foods",
    "Health",
    "Logistics",
    "Bank",
    "Retail",
    "Energy",
    "Insurance",
    "Manufacturing",
    "Media",
    "Travel",
];
const FIRST_NAMES: [&str; 16] = [
    "Alex", "Sam", "Jordan", "Riley", "Casey", "Morgan", "Avery", "Quinn", "Elena", "Marco",
    "Hana", "Omar", "Lena", "Kofi", "Sofia", "Ravi",
];
const LAST_NAMES: [&str; 16] = [
    "Nguyen", "Schmidt", "Okoro", "Rossi", "Tanaka", "Silva", "Kowalski", "Haddad", "Larsen",
    "Moreau", "Patel", "Garcia", "Novak", "Byrne", "Ito", "Mensah",
];
const REGIONS: [&str; 4] = ["North America", "EMEA", "APAC", "LATAM"];
const CONTACT_ROLES: [&str; 3] = ["Partner rep", "Sales lead", "Alliance manager"];
const CHANNELS: [&str; 4] = ["call", "email", "meeting", "message"];
const TOUCH_NOTES: [&str; 4] = [
    "Shared two target accounts from the overlap list",
    "Reviewed the open joint deal and next step",
    "Sent the new pricing brief with a customer example",
    "Agreed the account plan for next month",
];
const REVIEW_NOTES: [&str; 3] = [
    "Certified reps in place; motion agreed",
    "Reps stretched across vendors this quarter",
    "No deals worked in 60 days",
];
const SALES_OWNERS: [&str; 6] = [
    "Dana Whitfield",
    "Luis Romero",
    "Grace Holm",
    "Ahmed Karimi",
    "Nora Blake",
    "Ivan Petrov",
];

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn unique_name(heads: &[&str], tails: &[&str], i: usize) -> String {
    let combos = heads.len() * tails.len();
    // A stride coprime with the combination count walks every pair once before repeating.
    let k = (i * 7 + 3) % combos;
    let base = format!("{} {}", heads[k % heads.len()], tails[k / heads.len()]);
    if i < combos {
        base
    } else {
        format!("{base} {}", i / combos + 1)
    }
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
                DemoStatus::Prospect
            } else {
                DemoStatus::Active
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
        if roster[p].status == DemoStatus::Prospect {
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
        if partner.status == DemoStatus::Prospect {
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
            DemoStatus::Active
        } else if last_total >= defaults::READINESS_NURTURE_MIN {
            DemoStatus::Nurture
        } else {
            DemoStatus::Offboarded
        };
    }

    let mut trait_checks = Vec::new();
    for (p, partner) in roster.iter().enumerate() {
        if partner.status != DemoStatus::Prospect {
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
            if partner.status != DemoStatus::Active {
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

fn generate_deals(
    rng: &mut ChaCha8Rng,
    roster: &[DemoPartner],
    quality: &[f64],
    start: NaiveDate,
    as_of: NaiveDate,
) -> Vec<DemoDeal> {
    let mut deals = Vec::new();
    let signed: Vec<usize> = (0..roster.len())
        .filter(|&p| roster[p].status != DemoStatus::Prospect)
        .collect();
    // Partners produce deals in proportion to quality²: pick by binary search over cumulative weights.
    let cumulative: Vec<f64> = signed
        .iter()
        .scan(0.0, |total, &p| {
            *total += quality[p].powi(2);
            Some(*total)
        })
        .collect();
    let total_quality = cumulative.last().copied().unwrap_or(0.0);
    let partner_deals = roster.len() * 5 / 2;
    let influenced = roster.len() * 6 / 5;
    let direct = roster.len() * 4;

    let pick_partner = |rng: &mut ChaCha8Rng| -> Option<usize> {
        let target = rng.random::<f64>() * total_quality;
        let i = cumulative.partition_point(|&c| c < target);
        signed.get(i.min(signed.len().saturating_sub(1))).copied()
    };

    let plan = [
        (DealSource::PartnerSourced, partner_deals),
        (DealSource::PartnerInfluenced, influenced),
        (DealSource::Direct, direct),
    ];
    for (source, count) in plan {
        for _ in 0..count {
            let partner_index = match source {
                DealSource::Direct => None,
                _ => pick_partner(rng),
            };
            deals.push(simulate_deal(
                rng,
                source,
                partner_index,
                deals.len(),
                start,
                as_of,
            ));
        }
    }
    deals
}

fn simulate_deal(
    rng: &mut ChaCha8Rng,
    source: DealSource,
    partner_index: Option<usize>,
    n: usize,
    start: NaiveDate,
    as_of: NaiveDate,
) -> DemoDeal {
    // Partner deals win more often and move faster; direct deals set the baseline.
    let (advance_lift, pace, median_amount) = match source {
        DealSource::PartnerSourced => (1.12, 0.72, 38_000.0),
        DealSource::PartnerInfluenced => (1.06, 0.85, 34_000.0),
        DealSource::Direct => (1.0, 1.0, 30_000.0),
    };
    const ADVANCE: [f64; 5] = [0.72, 0.74, 0.70, 0.80, 0.86];
    let created_on = start + Duration::days(rng.random_range(0..HISTORY_DAYS));
    let amount = ((median_amount * (0.6 * normal(rng)).exp()) / 500.0)
        .round()
        .max(2.0)
        * 500.0;

    let mut history = vec![(0usize, created_on)];
    let mut day = created_on;
    let mut stage = 0usize;
    let mut outcome = Outcome::Open;
    let mut closed_on = None;
    loop {
        let expected = STAGES[stage].expected_days as f64 * pace;
        let stay = (expected * (0.35 + 1.3 * rng.random::<f64>()))
            .round()
            .max(1.0) as i64;
        let leave = day + Duration::days(stay);
        if leave > as_of {
            break;
        }
        let advances = rng.random::<f64>() < (ADVANCE[stage] * advance_lift).min(0.97);
        if !advances {
            outcome = Outcome::Lost;
            closed_on = Some(leave);
            break;
        }
        if stage + 1 == STAGES.len() {
            outcome = Outcome::Won;
            closed_on = Some(leave);
            break;
        }
        stage += 1;
        day = leave;
        history.push((stage, day));
    }
    let remaining: i64 = STAGES[stage..].iter().map(|s| s.expected_days).sum();
    let expected_close = match closed_on {
        Some(d) => d,
        None => (day + Duration::days((remaining as f64 * pace) as i64))
            .max(as_of + Duration::days(rng.random_range(3..21))),
    };
    let (credit_rule, credit_split_pct) = match source {
        DealSource::PartnerSourced => ("sourced", 100.0),
        DealSource::PartnerInfluenced => ("influenced", 20.0),
        DealSource::Direct => ("none", 0.0),
    };
    DemoDeal {
        account: unique_name(&ACCOUNT_HEADS, &ACCOUNT_TAILS, n),
        partner_index,
        source,
        amount,
        stage_index: stage,
        created_on,
        expected_close,
        outcome,
        closed_on,
        credit_rule,
        credit_split_pct,
        owner: SALES_OWNERS[n % SALES_OWNERS.len()],
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    #[test]
    fn same_seed_same_workspace_other_seed_other_workspace() {
        let a = generate(140, 7, as_of());
        let b = generate(140, 7, as_of());
        assert_eq!(a, b);
        let c = generate(140, 8, as_of());
        assert_ne!(a.deals, c.deals);
    }

    #[test]
    fn the_default_demo_has_the_shape_the_product_describes() {
        let w = generate(DEFAULT_PARTNERS, DEFAULT_SEED, as_of());
        assert_eq!(w.types.len(), 4);
        assert_eq!(w.team.len(), 4);
        assert_eq!(w.team.iter().map(|m| m.hours_per_month).sum::<f64>(), 400.0);
        assert_eq!(w.partners.len(), 140);
        assert_eq!(w.deals.len(), 140 * 5 / 2 + 140 * 6 / 5 + 140 * 4);
        for source in [
            DealSource::PartnerSourced,
            DealSource::PartnerInfluenced,
            DealSource::Direct,
        ] {
            assert!(w.deals.iter().any(|d| d.source == source));
        }
        for outcome in [Outcome::Open, Outcome::Won, Outcome::Lost] {
            assert!(
                w.deals.iter().filter(|d| d.outcome == outcome).count() > 20,
                "{outcome:?}"
            );
        }
        let names: std::collections::HashSet<_> = w.partners.iter().map(|p| &p.name).collect();
        assert_eq!(names.len(), 140, "partner names are unique");
        assert!(w.partners.iter().any(|p| p.status == DemoStatus::Prospect));
        assert!(w
            .partners
            .iter()
            .any(|p| p.scores.iter().any(Option::is_none)));
        assert!(!w.contacts.is_empty() && !w.touches.is_empty() && !w.reviews.is_empty());
    }

    #[test]
    fn deal_history_is_ordered_and_inside_the_window() {
        let w = generate(60, 3, as_of());
        let start = as_of() - Duration::days(HISTORY_DAYS);
        for d in &w.deals {
            assert!(d.created_on >= start && d.created_on <= as_of());
            assert!(d
                .history
                .windows(2)
                .all(|p| p[0].1 <= p[1].1 && p[0].0 + 1 == p[1].0));
            assert_eq!(d.history.last().map(|h| h.0), Some(d.stage_index));
            match d.outcome {
                Outcome::Open => assert!(d.closed_on.is_none() && d.expected_close > as_of()),
                _ => assert!(d
                    .closed_on
                    .is_some_and(|c| c <= as_of() && c >= d.created_on)),
            }
            assert_eq!(d.partner_index.is_none(), d.source == DealSource::Direct);
        }
    }

    #[test]
    fn partner_sourced_deals_win_more_often_than_direct() {
        let w = generate(400, 11, as_of());
        let rate = |s: DealSource| {
            let closed: Vec<_> = w
                .deals
                .iter()
                .filter(|d| d.source == s && d.outcome != Outcome::Open)
                .collect();
            closed.iter().filter(|d| d.outcome == Outcome::Won).count() as f64 / closed.len() as f64
        };
        assert!(rate(DealSource::PartnerSourced) > rate(DealSource::Direct) + 0.05);
    }
}
