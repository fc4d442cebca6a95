//! The 1:1 cadence screen's read model: the contacts due or overdue a touch, and how well each
//! tier's promised cadence was kept.

use crate::domain::cadence::{adherence, due_state};
use crate::domain::roster::ScoredRoster;
use crate::domain::tiers::Cadence;
use crate::store::{self, Workspace};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// How many days ahead a touch coming due is listed.
const DUE_AHEAD_DAYS: i64 = 7;

/// A contact owed a touch, overdue or due soon.
#[derive(Debug, Serialize)]
pub struct DueRow {
    /// The contact.
    pub contact_id: i64,
    /// Their name.
    pub contact: String,
    /// Their partner.
    pub partner_id: i64,
    /// The partner's name.
    pub partner: String,
    /// The tier the plan places the partner in.
    pub tier: String,
    /// That tier's place, 0 for the top: the list's first sort key.
    pub tier_index: usize,
    /// The cadence the tier promises.
    pub cadence: Cadence,
    /// The last touch, if any.
    pub last_touch: Option<String>,
    /// When the next touch is due.
    pub due: Option<String>,
    /// Days past due (negative: days left).
    pub days_overdue: i64,
}

/// How well one tier's cadence was kept.
#[derive(Debug, Serialize)]
pub struct TierAdherence {
    /// The tier's name.
    pub tier: String,
    /// The cadence it promises.
    pub cadence: Cadence,
    /// Contacts of partners in the tier.
    pub contacts: usize,
    /// Touches owed that were made on time.
    pub on_time: usize,
    /// Touches owed.
    pub due: usize,
    /// On time ÷ due, in %; `None` when nothing is owed.
    pub percent: Option<f64>,
}

/// The whole cadence screen.
#[derive(Debug, Serialize)]
pub struct CadenceView {
    /// The day the list is as of.
    pub today: String,
    /// Overdue or due within 7 days, by tier then days overdue.
    pub due: Vec<DueRow>,
    /// How many of those are overdue.
    pub overdue: usize,
    /// Adherence per tier, top first.
    pub adherence: Vec<TierAdherence>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The cadence screen of `ws` as of `today`, under the saved plan.
pub fn cadence(
    ws: &Workspace,
    scored: &ScoredRoster,
    today: NaiveDate,
) -> store::Result<CadenceView> {
    let plan = ws.saved_capacity_plan(scored)?;
    let tier_of: HashMap<i64, usize> = plan
        .allocation
        .placements
        .iter()
        .map(|p| (p.partner_id, p.tier))
        .collect();
    let mut due = Vec::new();
    let mut adherence_by_tier: Vec<(usize, usize, usize)> = vec![(0, 0, 0); scored.tiers.len()];
    // A partner the readiness gate holds back is owed no 1:1 unless the gate says otherwise.
    let owes = |partner: i64| {
        scored.gate.consequence.owes_one_to_one() || !scored.held.contains_key(&partner)
    };
    for c in ws.contacts(None)? {
        let Some(&t) = tier_of.get(&c.partner_id) else {
            continue;
        };
        if !owes(c.partner_id) {
            continue;
        }
        let cadence = scored.tiers[t].cadence;
        let touches: Vec<NaiveDate> = c
            .touches
            .iter()
            .filter_map(|x| parse_date(&x.touched_on))
            .collect();
        let last = touches.iter().max().copied();
        let (on_time, owed) = adherence(cadence, &touches, today);
        let entry = &mut adherence_by_tier[t];
        entry.0 += 1;
        entry.1 += on_time;
        entry.2 += owed;
        let state = due_state(cadence, last, today);
        if let Some(d) = state.due {
            if state.days_overdue >= -DUE_AHEAD_DAYS {
                due.push(DueRow {
                    contact_id: c.id,
                    contact: c.name,
                    partner_id: c.partner_id,
                    partner: c.partner_name,
                    tier: scored.tiers[t].name.clone(),
                    tier_index: t,
                    cadence,
                    last_touch: last.map(|l| l.to_string()),
                    due: Some(d.to_string()),
                    days_overdue: state.days_overdue,
                });
            }
        }
    }
    due.sort_by(|a, b| {
        a.tier_index
            .cmp(&b.tier_index)
            .then(b.days_overdue.cmp(&a.days_overdue))
            .then(a.partner.cmp(&b.partner))
    });
    let overdue = due.iter().filter(|d| d.days_overdue > 0).count();
    let adherence = scored
        .tiers
        .iter()
        .zip(adherence_by_tier)
        .map(|(t, (contacts, on_time, owed))| TierAdherence {
            tier: t.name.clone(),
            cadence: t.cadence,
            contacts,
            on_time,
            due: owed,
            percent: (owed > 0).then(|| on_time as f64 / owed as f64 * 100.0),
        })
        .collect();
    Ok(CadenceView {
        today: today.to_string(),
        due,
        overdue,
        adherence,
    })
}
