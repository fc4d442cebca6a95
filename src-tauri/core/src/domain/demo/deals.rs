//! The demo's deal history: partner-sourced, partner-influenced and direct deals, each walked
//! through the default stages to a win, a loss or still open at the as-of date.

use super::names::unique_name;
use super::names::{ACCOUNT_HEADS, ACCOUNT_TAILS, SALES_OWNERS};
use super::{normal, DealSource, DemoDeal, DemoPartner, Outcome, PartnerStatus, HISTORY_DAYS};
use crate::domain::defaults::STAGES;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) fn generate_deals(
    rng: &mut ChaCha8Rng,
    roster: &[DemoPartner],
    quality: &[f64],
    start: NaiveDate,
    as_of: NaiveDate,
) -> Vec<DemoDeal> {
    let mut deals = Vec::new();
    let signed: Vec<usize> = (0..roster.len())
        .filter(|&p| roster[p].status != PartnerStatus::Prospect)
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

pub(super) fn simulate_deal(
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
