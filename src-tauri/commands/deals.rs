//! The sales process, the deals list, stage moves, CSV import and CSV export.

use super::dialogs::{safe_file_name, save_path, SaveDir};
use super::error::{parse, CommandError, ErrorKind};
use super::picked::PickedFile;
use super::AppState;
use partnerboard_core::clock::today;
use partnerboard_core::domain::deals::{Outcome, Stage};
use partnerboard_core::domain::validate;
use partnerboard_core::export::cells::spreadsheet_cell;
use partnerboard_core::export::file::{write_file, Replace};
use partnerboard_core::export::records::{self, Records};
use partnerboard_core::import::{self, ImportOptions, ImportReport, Kind, Preview};
use partnerboard_core::store::{DealRow, SavedMapping, StageSummary};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

#[derive(Debug, Serialize)]
pub struct DealsView {
    pub today: String,
    pub stages: Vec<StageSummary>,
    pub deals: Vec<DealRow>,
    /// Partner id → tier name under the saved ranking.
    pub tiers: Vec<(i64, String)>,
}

#[tauri::command]
pub fn deals_get(state: State<'_, AppState>) -> Result<DealsView, CommandError> {
    state.with(|ws| {
        let scored = state.scored(ws)?;
        let tiers = scored
            .entries
            .iter()
            .filter_map(|e| Some((e.partner_id, e.tier.clone()?)))
            .collect();
        Ok(DealsView {
            today: today().to_string(),
            stages: ws.process_summary(today())?,
            deals: ws.deals(today())?,
            tiers,
        })
    })
}

#[tauri::command]
pub fn stages_save(state: State<'_, AppState>, stages: Value) -> Result<(), CommandError> {
    let stages: Vec<Stage> = parse("sales process", stages)?;
    state.with(|ws| Ok(ws.save_stages(&stages)?))
}

#[tauri::command]
pub fn deal_move(
    state: State<'_, AppState>,
    deal_id: i64,
    stage_id: i64,
) -> Result<(), CommandError> {
    state.with(|ws| Ok(ws.move_deal(deal_id, stage_id, today())?))
}

#[tauri::command]
pub fn deal_close(
    state: State<'_, AppState>,
    deal_id: i64,
    outcome: String,
    date: String,
) -> Result<(), CommandError> {
    let outcome = match outcome.as_str() {
        "won" => Outcome::Won,
        "lost" => Outcome::Lost,
        "open" => Outcome::Open,
        _ => {
            return Err(CommandError::new(
                ErrorKind::InvalidInput,
                "A deal is won, lost or open.",
            ))
        }
    };
    let date = validate::date("date", "The close date", &date)?;
    state.with(|ws| Ok(ws.close_deal(deal_id, outcome, date, today())?))
}

/// What the import screen sends: the file (by the token its picking gave), what it holds, and
/// how its columns map.
#[derive(Debug, Deserialize)]
pub struct ImportRequest {
    #[serde(default)]
    pub file: String,
    pub kind: String,
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub map: Vec<(String, String)>,
    #[serde(default)]
    pub stage_map: Vec<(String, String)>,
    /// The day the export was taken (deals): its rows are that day's facts. Today when left
    /// out.
    #[serde(default)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Strict matching: refuse rows naming a partner, type or owner the workspace lacks.
    #[serde(default)]
    pub strict: bool,
}

fn request(state: &AppState, value: Value) -> Result<(PathBuf, Kind, ImportOptions), CommandError> {
    let r: ImportRequest = parse("import", value)?;
    let kind = Kind::parse(&r.kind).ok_or_else(|| {
        CommandError::new(
            ErrorKind::InvalidInput,
            "Import deals, partners or contacts.",
        )
    })?;
    if r.file.trim().is_empty() {
        return Err(CommandError::new(
            ErrorKind::InvalidInput,
            "Choose a CSV file to import.",
        ));
    }
    let path = state.picked.resolve(r.file.trim())?;
    let preset = r.preset.filter(|p| !p.is_empty());
    let map = r.map.into_iter().filter(|(c, _)| !c.is_empty()).collect();
    Ok((
        path,
        kind,
        ImportOptions {
            preset,
            map,
            stage_map: r.stage_map,
            as_of: r.as_of,
            strict: r.strict,
        },
    ))
}

/// The file as it would land; nothing is written.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    request_json: Value,
) -> Result<Preview, CommandError> {
    let (path, kind, opts) = request(&state, request_json)?;
    state.with(|ws| Ok(import::preview(ws, kind, &path, &opts)?))
}

/// Imports the file; good rows in one transaction, bad rows reported beside it. Progress goes
/// to the window as `import-progress` events: `[rows written, rows to write]`.
#[tauri::command]
pub async fn import_run<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request_json: Value,
) -> Result<ImportReport, CommandError> {
    let (path, kind, opts) = request(&state, request_json)?;
    state.cancel_import.store(false, Ordering::Relaxed);
    let progress = |done: usize, total: usize| {
        let _ = app.emit("import-progress", (done, total));
    };
    let control = partnerboard_core::store::Control {
        cancel: &state.cancel_import,
        progress: &progress,
    };
    state.with(|ws| {
        Ok(import::run_watched(
            ws,
            kind,
            &path,
            &opts,
            today(),
            &control,
        )?)
    })
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::Relaxed);
}

/// Opens the system's file picker for a CSV file and gives the page a token for it; `None`
/// when the person cancels.
#[tauri::command]
pub async fn pick_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<PickedFile>, CommandError> {
    let picked = match app.try_state::<SaveDir>().and_then(|s| s.0.clone()) {
        // The debug builds' test hook: the newest CSV in the test folder.
        Some(dir) => newest_csv(&dir),
        None => app
            .dialog()
            .file()
            .add_filter("CSV", &CSV_EXTENSIONS)
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok()),
    };
    Ok(picked.map(|p| state.picked.register(p)))
}

/// The kinds of file the import reads.
pub const CSV_EXTENSIONS: [&str; 3] = ["csv", "txt", "tsv"];

/// Whether `path` names a file the import reads, by its extension.
pub fn is_csv(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CSV_EXTENSIONS.iter().any(|c| c.eq_ignore_ascii_case(e)))
}

fn newest_csv(dir: &std::path::Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| is_csv(&e.path()) && !e.file_name().to_string_lossy().contains(".rejected."))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}

/// Writes rows (the current filtered view) as CSV to a file the person picks.
#[tauri::command]
pub async fn export_rows<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Result<Option<String>, CommandError> {
    let name = validate::text("name", "The file name", &name, 1, 80)?;
    let Some(path) = save_path(&app, &safe_file_name(&name, "csv"), &[("CSV", &["csv"])]) else {
        return Ok(None);
    };
    let io = |e: csv::Error| {
        CommandError::new(
            ErrorKind::Io,
            format!("{} could not be written: {e}", path.display()),
        )
    };
    let mut w = csv::Writer::from_path(&path).map_err(io)?;
    w.write_record(&headers).map_err(io)?;
    for r in &rows {
        w.write_record(r.iter().map(|c| spreadsheet_cell(c)))
            .map_err(io)?;
    }
    w.flush()
        .map_err(|e| CommandError::new(ErrorKind::Io, e.to_string()))?;
    Ok(Some(path.display().to_string()))
}

/// Writes deals, partners or contacts as CSV for people (names, ISO dates, plain amounts;
/// the import reads the file back as it is) to a file the person picks.
#[tauri::command]
pub async fn export_table<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    table: String,
) -> Result<Option<String>, CommandError> {
    let what = Records::parse(&table)
        .ok_or_else(|| partnerboard_core::store::StoreError::NotFound(records::unknown(&table)))?;
    let Some(path) = save_path(
        &app,
        &safe_file_name(what.as_str(), "csv"),
        &[("CSV", &["csv"])],
    ) else {
        return Ok(None);
    };
    // The save dialog asked the person before replacing a file (and the writer still
    // refuses a workspace or a link).
    state.with(|ws| {
        write_file(&path, Replace::Yes, Some(ws.path()), |w| {
            records::write(ws, what, today(), w).map_err(CommandError::from)
        })?;
        Ok(Some(path.display().to_string()))
    })
}

#[tauri::command]
pub fn mapping_save(state: State<'_, AppState>, mapping: Value) -> Result<(), CommandError> {
    let mapping: SavedMapping = parse("mapping", mapping)?;
    state.with(|ws| Ok(ws.save_mapping(&mapping)?))
}

#[tauri::command]
pub fn mappings_list(state: State<'_, AppState>) -> Result<Vec<SavedMapping>, CommandError> {
    state.with(|ws| Ok(ws.mappings()?))
}
