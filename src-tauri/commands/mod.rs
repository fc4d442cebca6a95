//! Thin `#[tauri::command]` functions: check what came in, call the store, return serde types
//! or a [`CommandError`].

mod allowed;
mod cadence;
mod capacity;
pub mod charts;
mod deals;
mod dialogs;
mod error;
mod forecast;
mod history;
mod picked;
mod prioritization;
mod profiles;
mod program;
mod readiness;
mod workshop;
mod workspace;

#[cfg(test)]
mod tests;

pub use allowed::COMMANDS;
pub use deals::is_csv;
pub use dialogs::{save_path, SaveDir, E2E_SAVE_DIR};
pub use error::{CommandError, ErrorKind};
pub use picked::{PickedFile, PickedFiles};

use partnerboard_core::domain::roster::ScoredRoster;
use partnerboard_core::store::Workspace;
use std::sync::{Arc, Mutex};
use tauri::Runtime;

/// The open workspace, shared by every command.
#[derive(Default)]
pub struct AppState {
    workspace: Mutex<Option<Workspace>>,
    /// Why the last attempt to open a workspace failed, shown until another one opens.
    problem: Mutex<Option<CommandError>>,
    /// The saved roster scored under the saved model, for the workspace generation it was
    /// computed at: a weight slider previews against it without reading the file again.
    scored: Mutex<Option<(u64, Arc<ScoredRoster>)>>,
    /// Set to stop a running import; it then writes nothing.
    pub(crate) cancel_import: std::sync::atomic::AtomicBool,
    /// The files the person picked or dropped, which the page names by token.
    pub picked: PickedFiles,
}

impl AppState {
    /// Makes `ws` the open workspace, closing the previous one.
    pub fn set_workspace(&self, ws: Workspace) {
        if let Ok(mut slot) = self.workspace.lock() {
            *slot = Some(ws);
        }
        if let Ok(mut p) = self.problem.lock() {
            *p = None;
        }
    }

    /// Records why a workspace could not be opened; the open one (if any) stays open.
    pub fn set_problem(&self, e: CommandError) {
        if let Ok(mut p) = self.problem.lock() {
            *p = Some(e);
        }
    }

    /// The scored roster of `ws`, from the cache while `ws` has not changed.
    pub fn scored(&self, ws: &Workspace) -> Result<Arc<ScoredRoster>, CommandError> {
        let generation = ws.generation();
        if let Ok(cache) = self.scored.lock() {
            if let Some((g, scored)) = cache.as_ref() {
                if *g == generation {
                    return Ok(Arc::clone(scored));
                }
            }
        }
        let scored = Arc::new(ws.scored_roster()?);
        if let Ok(mut cache) = self.scored.lock() {
            *cache = Some((generation, Arc::clone(&scored)));
        }
        Ok(scored)
    }

    pub fn problem(&self) -> Option<CommandError> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }

    /// Runs `f` on the open workspace.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut slot = self.workspace.lock().map_err(|_| {
            CommandError::new(
                ErrorKind::Workspace,
                "The workspace is unavailable; restart Partnerboard.",
            )
        })?;
        match slot.as_mut() {
            Some(ws) => f(ws),
            None => Err(self.problem().unwrap_or_else(error::no_workspace)),
        }
    }
}

pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        workspace::workspace_info,
        program::program_get,
        program::program_update,
        program::partner_type_create,
        program::partner_type_update,
        program::partner_type_delete,
        program::partner_type_move,
        program::program_target_set,
        program::program_target_delete,
        history::history_undo,
        history::history_redo,
        history::history_state,
        prioritization::prioritization_get,
        prioritization::prioritization_preview,
        prioritization::factor_model_save,
        prioritization::factor_score_set,
        prioritization::tiers_save,
        prioritization::partner_create,
        prioritization::partners_set_type,
        prioritization::partner_delete,
        prioritization::cycle_close,
        prioritization::cycle_list,
        prioritization::cycle_compare,
        capacity::capacity_get,
        capacity::capacity_preview,
        capacity::plan_save,
        capacity::owners_apply,
        cadence::cadence_get,
        cadence::contacts_list,
        cadence::contact_save,
        cadence::contact_delete,
        cadence::touch_log,
        cadence::touch_delete,
        profiles::profiles_get,
        profiles::profile_save,
        profiles::trait_check_set,
        profiles::partner_sign,
        profiles::validity_check,
        readiness::readiness_get,
        readiness::readiness_review_add,
        readiness::readiness_history,
        readiness::bands_save,
        readiness::readiness_consequence_save,
        forecast::forecast_get,
        forecast::scoreboard_get,
        deals::deals_get,
        deals::stages_save,
        deals::deal_move,
        deals::deal_close,
        deals::import_preview,
        deals::import_run,
        deals::import_cancel,
        deals::pick_csv,
        deals::export_rows,
        deals::export_table,
        deals::mapping_save,
        deals::mappings_list,
        workshop::workshop_get,
        workshop::workshop_decide,
        workshop::workshop_reopen,
        workshop::operating_model_export,
        charts::chart_names,
        charts::chart_svg,
        charts::chart_export,
        charts::chart_copy,
        charts::board_pack,
        charts::brand_colour_get,
        charts::brand_colour_set,
        program::currencies_get,
        program::currencies_set,
    ]
}
