//! Capacity and 1:1 cadence: the allocation of the ranked roster to tiers and people, its
//! what-if, owner moves, and the cadence each tier promises.

use super::error::{parse, CommandError};
use super::AppState;
use chrono::NaiveDate;
use partnerboard_core::clock::today;
use partnerboard_core::domain::cadence::{adherence, due_state};
use partnerboard_core::domain::capacity::{Member, MemberLoad, TierLoad};
use partnerboard_core::domain::capacity_plan::{capacity_plan, CapacityPlan};
use partnerboard_core::domain::roster::ScoredRoster;
use partnerboard_core::domain::tiers::{same_service_warnings, validate_tiers, Cadence, Tier};
use partnerboard_core::domain::InvalidInput;
use partnerboard_core::store::{Contact, ContactDraft, TouchDraft};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use tauri::State;

#[derive(Debug, Serialize)]
pub struct HeldBack {
    pub partner_id: i64,
    pub name: String,
    pub rank: usize,
    pub rule_tier: String,
    pub placed_tier: String,
}

#[derive(Debug, Serialize)]
pub struct MoveView {
    pub partner_id: i64,
    pub name: String,
    pub from: Option<String>,
    pub to: String,
    pub hours: f64,
}

#[derive(Debug, Serialize)]
pub struct CapacityView {
    pub members: Vec<Member>,
    pub tiers: Vec<Tier>,
    pub capacity: f64,
    pub shortfall: f64,
    pub slack: f64,
    pub max_top_tier: Option<usize>,
    /// The plan in one sentence, e.g. "At 400 h/month, Tier 1 holds at most 50 partners at 8 h each."
    pub statement: String,
    pub tier_loads: Vec<TierLoad>,
    pub member_loads: Vec<MemberLoad>,
    pub held_back: Vec<HeldBack>,
    pub moves: Vec<MoveView>,
    /// Tiers that promise the same service level.
    pub warnings: Vec<String>,
}

fn hours(h: f64) -> String {
    if h.fract().abs() < 1e-9 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

fn view(plan: CapacityPlan, tiers: Vec<Tier>, members: Vec<Member>) -> CapacityView {
    let a = plan.allocation;
    let name_of = |i: usize| tiers.get(i).map(|t| t.name.clone()).unwrap_or_default();
    let member_name: HashMap<i64, String> = members
        .iter()
        .filter_map(|m| Some((m.id?, m.name.clone())))
        .collect();
    let statement = match (tiers.first(), a.max_top_tier) {
        (Some(top), Some(n)) => format!(
            "At {} h/month, {} holds at most {n} partner{} at {} h each.",
            hours(a.capacity),
            top.name,
            if n == 1 { "" } else { "s" },
            hours(top.hours_per_partner)
        ),
        (Some(top), None) => format!(
            "{} costs no hours: every partner its rule admits fits.",
            top.name
        ),
        (None, _) => "No tiers are defined.".to_string(),
    };
    CapacityView {
        held_back: a
            .held_back()
            .map(|p| HeldBack {
                partner_id: p.partner_id,
                name: p.name.clone(),
                rank: p.rank,
                rule_tier: name_of(p.eligible),
                placed_tier: name_of(p.tier),
            })
            .collect(),
        moves: plan
            .assignment
            .moves
            .iter()
            .map(|m| MoveView {
                partner_id: m.partner_id,
                name: m.name.clone(),
                from: m.from.and_then(|f| member_name.get(&f).cloned()),
                to: member_name.get(&m.to).cloned().unwrap_or_default(),
                hours: m.hours,
            })
            .collect(),
        capacity: a.capacity,
        shortfall: a.shortfall,
        slack: a.slack,
        max_top_tier: a.max_top_tier,
        statement,
        tier_loads: a.tiers,
        member_loads: plan.assignment.members,
        warnings: same_service_warnings(&tiers),
        members,
        tiers,
    }
}

fn saved_view(
    state: &AppState,
    ws: &partnerboard_core::store::Workspace,
) -> Result<CapacityView, CommandError> {
    let scored = state.scored(ws)?;
    let members = ws.team()?;
    let plan = capacity_plan(&scored, &scored.tiers, &members, &ws.owners()?);
    Ok(view(plan, scored.tiers.clone(), members))
}

#[tauri::command]
pub fn capacity_get(state: State<'_, AppState>) -> Result<CapacityView, CommandError> {
    state.with(|ws| saved_view(&state, ws))
}

fn drafts(tiers: Value, members: Value) -> Result<(Vec<Tier>, Vec<Member>), CommandError> {
    let tiers: Vec<Tier> = parse("tiers", tiers)?;
    let members: Vec<Member> = parse("team", members)?;
    let tiers = validate_tiers(&tiers)?;
    let members = members
        .iter()
        .map(Member::validated)
        .collect::<Result<Vec<_>, InvalidInput>>()?;
    Ok((tiers, members))
}

/// The plan under tiers and a team that are not saved.
#[tauri::command]
pub fn capacity_preview(
    state: State<'_, AppState>,
    tiers: Value,
    members: Value,
) -> Result<CapacityView, CommandError> {
    let (tiers, members) = drafts(tiers, members)?;
    state.with(|ws| {
        let scored = state.scored(ws)?;
        // A member not saved yet has no id to own partners; it still adds hours.
        let mut numbered = members.clone();
        for (i, m) in numbered.iter_mut().enumerate() {
            if m.id.is_none() {
                m.id = Some(-(i as i64) - 1);
            }
        }
        let plan = capacity_plan(&scored, &tiers, &numbered, &ws.owners()?);
        Ok(view(plan, tiers, numbered))
    })
}

/// Saves tiers and team as one undoable edit.
#[tauri::command]
pub fn plan_save(
    state: State<'_, AppState>,
    tiers: Value,
    members: Value,
) -> Result<(), CommandError> {
    let (tiers, members) = drafts(tiers, members)?;
    state.with(|ws| Ok(ws.save_plan(Some(&tiers), Some(&members))?))
}

/// Applies the saved plan's owner moves as one undoable edit; returns how many moved.
#[tauri::command]
pub fn owners_apply(state: State<'_, AppState>) -> Result<usize, CommandError> {
    state.with(|ws| {
        let scored: std::sync::Arc<ScoredRoster> = state.scored(ws)?;
        Ok(ws.apply_owner_moves(&scored)?)
    })
}

#[derive(Debug, Serialize)]
pub struct DueRow {
    pub contact_id: i64,
    pub contact: String,
    pub partner_id: i64,
    pub partner: String,
    pub tier: String,
    pub tier_index: usize,
    pub cadence: Cadence,
    pub last_touch: Option<String>,
    pub due: Option<String>,
    pub days_overdue: i64,
}

#[derive(Debug, Serialize)]
pub struct TierAdherence {
    pub tier: String,
    pub cadence: Cadence,
    pub contacts: usize,
    pub on_time: usize,
    pub due: usize,
    /// On time ÷ due, in %; `None` when nothing is owed.
    pub percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct CadenceView {
    pub today: String,
    /// Overdue or due within 7 days, by tier then days overdue.
    pub due: Vec<DueRow>,
    pub overdue: usize,
    pub adherence: Vec<TierAdherence>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[tauri::command]
pub fn cadence_get(state: State<'_, AppState>) -> Result<CadenceView, CommandError> {
    state.with(|ws| {
        let scored = state.scored(ws)?;
        let plan = capacity_plan(&scored, &scored.tiers, &ws.team()?, &ws.owners()?);
        let tier_of: HashMap<i64, usize> = plan
            .allocation
            .placements
            .iter()
            .map(|p| (p.partner_id, p.tier))
            .collect();
        let today = today();
        let mut due = Vec::new();
        let mut adherence_by_tier: Vec<(usize, usize, usize)> = vec![(0, 0, 0); scored.tiers.len()];
        for c in ws.contacts(None)? {
            let Some(&t) = tier_of.get(&c.partner_id) else {
                continue;
            };
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
                if state.days_overdue >= -7 {
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
    })
}

#[tauri::command]
pub fn contacts_list(
    state: State<'_, AppState>,
    partner_id: i64,
) -> Result<Vec<Contact>, CommandError> {
    state.with(|ws| Ok(ws.contacts(Some(partner_id))?))
}

#[tauri::command]
pub fn contact_save(state: State<'_, AppState>, draft: Value) -> Result<i64, CommandError> {
    let draft: ContactDraft = parse("contact", draft)?;
    state.with(|ws| Ok(ws.contact_save(&draft)?))
}

#[tauri::command]
pub fn contact_delete(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    state.with(|ws| Ok(ws.contact_delete(id)?))
}

#[tauri::command]
pub fn touch_log(state: State<'_, AppState>, draft: Value) -> Result<i64, CommandError> {
    let draft: TouchDraft = parse("touch", draft)?;
    state.with(|ws| Ok(ws.touch_log(&draft, today())?))
}

#[tauri::command]
pub fn touch_delete(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    state.with(|ws| Ok(ws.touch_delete(id)?))
}
