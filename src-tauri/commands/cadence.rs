//! 1:1 cadence: what each tier's partners are owed and when, the partners' contacts, and the
//! touches that keep the cadence.

use super::error::{parse, CommandError};
use super::AppState;
use partnerboard_core::clock::today;
use partnerboard_core::store::{Contact, ContactDraft, TouchDraft};
use partnerboard_core::views::cadence::{self, CadenceView};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub fn cadence_get(state: State<'_, AppState>) -> Result<CadenceView, CommandError> {
    state.with(|ws| {
        let scored = state.scored(ws)?;
        Ok(cadence::cadence(ws, &scored, today())?)
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
