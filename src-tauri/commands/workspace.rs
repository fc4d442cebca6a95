use super::error::CommandError;
use super::AppState;
use partnerboard_core::store::HistoryState;
use serde::Serialize;
use std::collections::BTreeMap;
use tauri::State;

/// What the window header and the overview show about the open workspace.
#[derive(Debug, Serialize)]
pub struct WorkspaceInfo {
    pub name: String,
    pub path: String,
    pub company: String,
    pub counts: BTreeMap<String, i64>,
    pub history: HistoryState,
    /// The file can only be read: the window turns editing off and says why.
    pub read_only: bool,
    /// Why it can only be read ("you do not have permission to change it", …), for the bar.
    pub read_only_reason: Option<String>,
    /// Where the automatic backups of this workspace go.
    pub backups: String,
}

#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> Result<WorkspaceInfo, CommandError> {
    state.with(|ws| {
        Ok(WorkspaceInfo {
            name: ws.display_name(),
            path: ws.path().display().to_string(),
            company: ws.program()?.company,
            counts: ws.row_counts()?.into_iter().collect(),
            history: ws.history_state()?,
            read_only: ws.read_only(),
            read_only_reason: ws.read_only_reason().map(str::to_string),
            backups: partnerboard_core::store::backups_dir(ws.path())
                .display()
                .to_string(),
        })
    })
}
