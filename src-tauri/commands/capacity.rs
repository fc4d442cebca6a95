//! Capacity: the allocation of the ranked roster to tiers and people, its what-if, and owner
//! moves.

use super::error::{parse, CommandError};
use super::AppState;
use partnerboard_core::domain::capacity::Member;
use partnerboard_core::domain::roster::ScoredRoster;
use partnerboard_core::domain::tiers::{validate_tiers, Tier};
use partnerboard_core::domain::InvalidInput;
use partnerboard_core::views::capacity::{self, CapacityView};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub fn capacity_get(state: State<'_, AppState>) -> Result<CapacityView, CommandError> {
    state.with(|ws| {
        let scored = state.scored(ws)?;
        Ok(capacity::saved(ws, &scored)?)
    })
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
        Ok(capacity::draft(ws, &scored, tiers, members)?)
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
