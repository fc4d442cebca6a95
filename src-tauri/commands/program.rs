use super::error::{parse, CommandError};
use super::AppState;
use partnerboard_core::domain::currency::Currencies;
use partnerboard_core::domain::program::{
    PartnerTypeDraft, Program, ProgramHeaderDraft, ProgramTargetDraft,
};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub fn program_get(state: State<'_, AppState>) -> Result<Program, CommandError> {
    state.with(|ws| Ok(ws.program()?))
}

#[tauri::command]
pub fn program_update(state: State<'_, AppState>, draft: Value) -> Result<Program, CommandError> {
    let draft: ProgramHeaderDraft = parse("program", draft)?;
    state.with(|ws| {
        ws.program_header_update(&draft)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn partner_type_create(
    state: State<'_, AppState>,
    draft: Value,
) -> Result<Program, CommandError> {
    let draft: PartnerTypeDraft = parse("partner type", draft)?;
    state.with(|ws| {
        ws.partner_type_create(&draft)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn partner_type_update(
    state: State<'_, AppState>,
    id: i64,
    draft: Value,
) -> Result<Program, CommandError> {
    let draft: PartnerTypeDraft = parse("partner type", draft)?;
    state.with(|ws| {
        ws.partner_type_update(id, &draft)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn partner_type_delete(state: State<'_, AppState>, id: i64) -> Result<Program, CommandError> {
    state.with(|ws| {
        ws.partner_type_delete(id)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn partner_type_move(
    state: State<'_, AppState>,
    id: i64,
    offset: i64,
) -> Result<Program, CommandError> {
    state.with(|ws| {
        ws.partner_type_move(id, offset)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn program_target_set(
    state: State<'_, AppState>,
    draft: Value,
) -> Result<Program, CommandError> {
    let draft: ProgramTargetDraft = parse("target", draft)?;
    state.with(|ws| {
        ws.program_target_set(&draft)?;
        Ok(ws.program()?)
    })
}

#[tauri::command]
pub fn program_target_delete(state: State<'_, AppState>, id: i64) -> Result<Program, CommandError> {
    state.with(|ws| {
        ws.program_target_delete(id)?;
        Ok(ws.program()?)
    })
}

/// The home currency and the rates other currencies convert at.
#[tauri::command]
pub fn currencies_get(state: State<'_, AppState>) -> Result<Currencies, CommandError> {
    state.with(|ws| Ok(ws.currencies()?))
}

/// Saves the home currency and the rate table (one undoable edit); returns them as saved.
#[tauri::command]
pub fn currencies_set(
    state: State<'_, AppState>,
    currencies: Value,
) -> Result<Currencies, CommandError> {
    let currencies: Currencies = parse("currencies", currencies)?;
    state.with(|ws| Ok(ws.set_currencies(&currencies)?))
}
