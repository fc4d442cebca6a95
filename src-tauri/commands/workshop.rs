//! Workshop mode: every design step, decided or open, and the operating model export.

use super::dialogs::save_path;
use super::error::{CommandError, ErrorKind};
use super::AppState;
use partnerboard_core::clock::today;
use partnerboard_core::domain::workshop::Workshop;
use partnerboard_core::export::file::Replace;
use partnerboard_core::export::operating_model::{self, Format};
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub fn workshop_get(state: State<'_, AppState>) -> Result<Workshop, CommandError> {
    state.with(|ws| Ok(ws.workshop()?))
}

/// Decides a step as it stands, recording today's date and `by`; returns the workshop.
#[tauri::command]
pub fn workshop_decide(
    state: State<'_, AppState>,
    step: String,
    by: String,
) -> Result<Workshop, CommandError> {
    state.with(|ws| Ok(ws.workshop_decide(&step, &by, today())?))
}

/// Takes a step's decision back; returns the workshop.
#[tauri::command]
pub fn workshop_reopen(state: State<'_, AppState>, step: String) -> Result<Workshop, CommandError> {
    state.with(|ws| Ok(ws.workshop_reopen(&step)?))
}

/// Writes the operating model as `html` or `md` where the person picks; the path written, or
/// `None` when they cancel.
#[tauri::command]
pub async fn operating_model_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: String,
) -> Result<Option<String>, CommandError> {
    let Some(format) = Format::parse(&format) else {
        return Err(CommandError::new(
            ErrorKind::InvalidInput,
            "The operating model is exported as html or md.",
        ));
    };
    let date = today();
    let company = state.with(|ws| Ok(ws.program()?.company))?;
    let name = operating_model::file_name(&company, date, format);
    let filter: (&str, &[&str]) = match format {
        Format::Html => ("Web page (prints to PDF)", &["html"]),
        Format::Markdown => ("Markdown", &["md"]),
    };
    let Some(path) = save_path(&app, &name, &[filter]) else {
        return Ok(None);
    };
    state.with(|ws| {
        let written = operating_model::write(ws, &path, format, date, Replace::Yes)?;
        Ok(Some(written.display().to_string()))
    })
}
