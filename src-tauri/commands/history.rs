use super::error::CommandError;
use super::AppState;
use partnerboard_core::store::HistoryState;
use serde::Serialize;
use tauri::State;

/// What an undo or redo did, and what the next one would do.
#[derive(Debug, Serialize)]
pub struct HistoryStep {
    /// The edit that was undone or redone; `None` when there was nothing to do.
    pub applied: Option<String>,
    pub state: HistoryState,
}

#[tauri::command]
pub fn history_undo(state: State<'_, AppState>) -> Result<HistoryStep, CommandError> {
    state.with(|ws| {
        let applied = ws.undo()?;
        Ok(HistoryStep {
            applied,
            state: ws.history_state()?,
        })
    })
}

#[tauri::command]
pub fn history_redo(state: State<'_, AppState>) -> Result<HistoryStep, CommandError> {
    state.with(|ws| {
        let applied = ws.redo()?;
        Ok(HistoryStep {
            applied,
            state: ws.history_state()?,
        })
    })
}

#[tauri::command]
pub fn history_state(state: State<'_, AppState>) -> Result<HistoryState, CommandError> {
    state.with(|ws| Ok(ws.history_state()?))
}
