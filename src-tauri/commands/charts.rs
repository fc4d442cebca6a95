//! Charts for the screen and the board deck: SVG for the window, PNG / SVG / CSV exports
//! through the native save dialog, a PNG on the clipboard, the board pack into a folder, and
//! the brand colour that colours every chart's partner series.

use super::error::{CommandError, ErrorKind};
use super::{save_path, AppState, SaveDir};
use chrono::NaiveDate;
use partnerboard_core::charts::{self, Chart, ChartError, PackProgress, PackSummary, Theme};
use partnerboard_core::clock::today;
use partnerboard_core::domain::forecast::{self, Request};
use partnerboard_core::domain::validate;
use partnerboard_core::export::file::{write_bytes, Replace};
use partnerboard_core::store::Workspace;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

/// Every chart is laid out at this size; the PNG exports are this or twice it.
pub const WIDTH: u32 = 1920;
pub const HEIGHT: u32 = 1080;
/// Event carrying the board pack's progress: `{done, total, chart}`.
pub const PACK_PROGRESS: &str = "board-pack-progress";

/// The end-to-end test folder that stands in for save and folder dialogs, when set.
fn hook_dir<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    app.try_state::<SaveDir>().and_then(|h| h.0.clone())
}

/// How the window wants the chart: light or dark, and as of when.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartOptions {
    #[serde(default)]
    pub dark: bool,
    /// YYYY-MM-DD: the day to stand on, today when left out. Every chart is drawn as of the
    /// forecast's as-of for it (the last day the deals speak of when that is earlier).
    #[serde(default)]
    pub as_of: Option<String>,
    /// For `forecast-fan`: the forecast to draw (as-of date, window, method, seed).
    #[serde(default)]
    pub forecast: Option<Request>,
}

/// The workspace's brand colour, light or dark.
fn theme(ws: &Workspace, dark: bool) -> Result<Theme, CommandError> {
    let brand = ws.brand_colour()?;
    Ok(Theme {
        dark,
        brand: Theme::parse_brand(&brand).unwrap_or(Theme::default().brand),
    })
}

fn as_of(options: &ChartOptions) -> Result<NaiveDate, CommandError> {
    match options.as_of.as_deref() {
        None | Some("") => Ok(today()),
        Some(text) => Ok(validate::date("as_of", "The as-of date", text)?),
    }
}

fn check_name(name: &str) -> Result<&'static str, CommandError> {
    charts::NAMES
        .iter()
        .find(|n| **n == name)
        .copied()
        .ok_or_else(|| ChartError::UnknownChart(name.chars().take(60).collect()).into())
}

/// The chart and the theme to draw it in, gathered under the workspace lock.
fn gather(
    ws: &Workspace,
    name: &str,
    options: &ChartOptions,
) -> Result<(Chart, Theme), CommandError> {
    let theme = theme(ws, options.dark)?;
    let chart = match (name, &options.forecast) {
        ("forecast-fan", Some(request)) => {
            let history = ws.forecast_history()?;
            let (f, _) = forecast::run(&history, request, today())?;
            charts::fan_chart(&f)
        }
        _ => charts::chart(ws, name, as_of(options)?)?,
    };
    Ok((chart, theme))
}

fn chart_of(
    state: &AppState,
    name: &str,
    options: Option<ChartOptions>,
) -> Result<(Chart, Theme), CommandError> {
    let name = check_name(name)?;
    let options = options.unwrap_or_default();
    state.with(|ws| gather(ws, name, &options))
}

/// The names of every chart, in board-pack order.
#[tauri::command]
pub fn chart_names() -> Vec<&'static str> {
    charts::NAMES.to_vec()
}

/// One chart as an SVG document, for an `<img>` in the window.
#[tauri::command]
pub async fn chart_svg(
    state: State<'_, AppState>,
    name: String,
    options: Option<ChartOptions>,
) -> Result<String, CommandError> {
    let (chart, theme) = chart_of(&state, &name, options)?;
    Ok(charts::render_svg(&chart, &theme, WIDTH, HEIGHT)?)
}

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Png,
    Png2x,
    Svg,
    Csv,
}

impl Format {
    fn file_name(self, name: &str) -> String {
        match self {
            Self::Png => format!("{name}.png"),
            Self::Png2x => format!("{name}@2x.png"),
            Self::Svg => format!("{name}.svg"),
            Self::Csv => format!("{name}.csv"),
        }
    }

    fn filter(self) -> (&'static str, &'static str) {
        match self {
            Self::Png | Self::Png2x => ("PNG image", "png"),
            Self::Svg => ("SVG image", "svg"),
            Self::Csv => ("CSV data", "csv"),
        }
    }

    fn bytes(self, chart: &Chart, theme: &Theme) -> Result<Vec<u8>, ChartError> {
        match self {
            Self::Png => charts::render_png(chart, theme, WIDTH, HEIGHT, 1),
            Self::Png2x => charts::render_png(chart, theme, WIDTH, HEIGHT, 2),
            Self::Svg => charts::render_svg(chart, theme, WIDTH, HEIGHT).map(String::into_bytes),
            Self::Csv => Ok(charts::data_csv(chart).into_bytes()),
        }
    }
}

/// Draws the chart as PNG (1920×1080), PNG 2× (3840×2160), SVG or its data as CSV, and
/// writes it where the person picks. `None` when they cancel.
#[tauri::command]
pub async fn chart_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    format: Format,
    options: Option<ChartOptions>,
) -> Result<Option<String>, CommandError> {
    let (chart, theme) = chart_of(&state, &name, options)?;
    let bytes = format.bytes(&chart, &theme)?;
    let (label, ext) = format.filter();
    let Some(path) = save_path(&app, &format.file_name(&name), &[(label, &[ext])]) else {
        return Ok(None);
    };
    // The save dialog asked before replacing a file; the writer still refuses a workspace
    // or a link.
    let workspace = state.with(|ws| Ok(ws.path().to_path_buf()))?;
    write_bytes(&path, Replace::Yes, Some(&workspace), &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Puts the chart on the clipboard as a 1920×1080 image.
#[tauri::command]
pub async fn chart_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    options: Option<ChartOptions>,
) -> Result<(), CommandError> {
    let (chart, theme) = chart_of(&state, &name, options)?;
    let (rgba, w, h) = charts::render_rgba(&chart, &theme, WIDTH, HEIGHT, 1)?;
    let clipboard = app
        .try_state::<tauri_plugin_clipboard_manager::Clipboard<R>>()
        .ok_or_else(|| CommandError::new(ErrorKind::Io, "The clipboard is not available."))?;
    clipboard
        .write_image(&tauri::image::Image::new_owned(rgba, w, h))
        .map_err(|e| {
            CommandError::new(
                ErrorKind::Io,
                format!("The chart could not be put on the clipboard: {e}"),
            )
        })
}

/// A folder name inside `parent` that is not taken yet.
fn new_folder(parent: &Path, base: &str) -> PathBuf {
    let first = parent.join(base);
    if !first.exists() {
        return first;
    }
    (2..1000)
        .map(|n| parent.join(format!("{base} {n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Writes every chart (PNG + SVG) and its data (CSV) into a new folder inside the one the
/// person picks; progress goes to the window as `board-pack-progress` events.
#[tauri::command]
pub async fn board_pack<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    options: Option<ChartOptions>,
) -> Result<Option<PackSummary>, CommandError> {
    let options = options.unwrap_or_default();
    let as_of = as_of(&options)?;
    let parent = match hook_dir(&app) {
        Some(dir) => Some(dir),
        None => app
            .dialog()
            .file()
            .set_title("Choose where to put the board pack")
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(parent) = parent else {
        return Ok(None);
    };
    let drawn_as_of = state.with(|ws| Ok(charts::as_of(&ws.forecast_history()?, as_of)))?;
    let dir = new_folder(&parent, &format!("Board pack {drawn_as_of}"));
    let mut report = |p: PackProgress| {
        let _ = app.emit(PACK_PROGRESS, p);
        true
    };
    let summary = state.with(|ws| {
        let theme = theme(ws, options.dark)?;
        Ok(charts::board_pack(ws, &dir, &theme, as_of, &mut report)?)
    })?;
    Ok(Some(summary))
}

/// The brand colour as `#rrggbb`.
#[tauri::command]
pub fn brand_colour_get(state: State<'_, AppState>) -> Result<String, CommandError> {
    state.with(|ws| Ok(ws.brand_colour()?))
}

/// Saves the brand colour (`#rrggbb`); returns it as saved.
#[tauri::command]
pub fn brand_colour_set(
    state: State<'_, AppState>,
    colour: String,
) -> Result<String, CommandError> {
    state.with(|ws| Ok(ws.set_brand_colour(&colour)?))
}
