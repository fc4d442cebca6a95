//! The desktop shell: window, native menu, file dialogs and the workspace opened at launch.

mod menu;
mod recent;

use crate::commands::{self, AppState, CommandError, ErrorKind};
use crate::domain::demo::{generate, DEFAULT_PARTNERS, DEFAULT_SEED};
use crate::store::{self, Workspace, WORKSPACE_EXTENSION};
use recent::RecentFiles;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The file first launch creates in the app data directory.
pub const DEMO_FILE: &str = "Northwind Analytics demo.partnerboard";
/// Event telling the window to reload everything it shows.
const WORKSPACE_CHANGED: &str = "workspace-changed";
/// Event carrying a `{kind, message}` for the window's error banner.
const APP_ERROR: &str = "app-error";

struct Shell {
    recent: Mutex<RecentFiles>,
}

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::default())
        .manage(commands::SaveDir::from_env())
        .invoke_handler(commands::handler())
        .setup(|app| {
            let handle = app.handle().clone();
            let data_dir = handle.path().app_data_dir()?;
            std::fs::create_dir_all(&data_dir)?;
            let recent = RecentFiles::load(&data_dir);
            let start = recent.paths().iter().find(|p| p.exists()).cloned();
            app.manage(Shell {
                recent: Mutex::new(recent),
            });
            match start {
                Some(path) => open_path(&handle, &path),
                None => open_or_create_demo(&handle, &data_dir.join(DEMO_FILE)),
            }
            if handle.state::<AppState>().problem().is_some() {
                refresh_menu(&handle);
            }
            Ok(())
        })
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Partnerboard could not start: {e}");
        std::process::exit(1);
    }
}

fn open_or_create_demo<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    if path.exists() {
        return open_path(app, path);
    }
    let demo = generate(
        DEFAULT_PARTNERS,
        DEFAULT_SEED,
        chrono::Local::now().date_naive(),
    );
    match store::create_demo(path, &demo) {
        Ok(ws) => adopt(app, ws),
        Err(e) => report(app, e.into()),
    }
}

fn open_path<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    match store::open_existing(path) {
        Ok(ws) => adopt(app, ws),
        Err(e) => report(app, e.into()),
    }
}

/// Makes `ws` the open workspace and tells the window.
fn adopt<R: Runtime>(app: &AppHandle<R>, ws: Workspace) {
    let path = ws.path().to_path_buf();
    let title = format!("{} — Partnerboard", ws.display_name());
    app.state::<AppState>().set_workspace(ws);
    if let Some(shell) = app.try_state::<Shell>() {
        if let Ok(mut recent) = shell.recent.lock() {
            recent.touch(&path);
        }
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title);
    }
    refresh_menu(app);
    let _ = app.emit(WORKSPACE_CHANGED, ());
}

fn report<R: Runtime>(app: &AppHandle<R>, e: CommandError) {
    app.state::<AppState>().set_problem(e.clone());
    let _ = app.emit(APP_ERROR, e);
}

fn refresh_menu<R: Runtime>(app: &AppHandle<R>) {
    let paths: Vec<PathBuf> = app
        .try_state::<Shell>()
        .and_then(|s| s.recent.lock().ok().map(|r| r.paths().to_vec()))
        .unwrap_or_default();
    if let Ok(menu) = menu::build(app, &paths) {
        let _ = app.set_menu(menu);
    }
}

fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some_and(|e| e == WORKSPACE_EXTENSION) {
        path
    } else {
        let mut name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(format!(".{WORKSPACE_EXTENSION}"));
        path.with_file_name(name)
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let dialog = || {
        app.dialog()
            .file()
            .add_filter("Partnerboard workspace", &[WORKSPACE_EXTENSION])
    };
    match id {
        menu::NEW => {
            let app = app.clone();
            dialog()
                .set_title("New workspace")
                .set_file_name("Untitled.partnerboard")
                .save_file(move |picked| {
                    let Some(path) = picked.and_then(|p| p.into_path().ok()).map(with_extension)
                    else {
                        return;
                    };
                    let company = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    match store::create_new(&path, &company) {
                        Ok(ws) => adopt(&app, ws),
                        Err(e) => report(&app, e.into()),
                    }
                });
        }
        menu::OPEN => {
            let app = app.clone();
            dialog()
                .set_title("Open workspace")
                .pick_file(move |picked| {
                    if let Some(path) = picked.and_then(|p| p.into_path().ok()) {
                        open_path(&app, &path);
                    }
                });
        }
        menu::SAVE_AS => {
            let app = app.clone();
            dialog()
                .set_title("Save workspace as")
                .save_file(move |picked| {
                    let Some(path) = picked.and_then(|p| p.into_path().ok()).map(with_extension)
                    else {
                        return;
                    };
                    let copied = app
                        .state::<AppState>()
                        .with(|ws| Ok(store::backup_to(ws.conn(), &path)?));
                    match copied {
                        Ok(()) => open_path(&app, &path),
                        Err(e) => report(&app, e),
                    }
                });
        }
        menu::UNDO | menu::REDO => {
            let undo = id == menu::UNDO;
            let result = app
                .state::<AppState>()
                .with(|ws| Ok(if undo { ws.undo()? } else { ws.redo()? }));
            match result {
                Ok(_) => {
                    let _ = app.emit(WORKSPACE_CHANGED, ());
                }
                Err(e) => {
                    let _ = app.emit(APP_ERROR, e);
                }
            }
        }
        other => {
            if let Some(index) = other
                .strip_prefix(menu::RECENT_PREFIX)
                .and_then(|i| i.parse::<usize>().ok())
            {
                let path = app.try_state::<Shell>().and_then(|s| {
                    s.recent
                        .lock()
                        .ok()
                        .and_then(|r| r.paths().get(index).cloned())
                });
                match path {
                    Some(path) => open_path(app, &path),
                    None => report(
                        app,
                        CommandError::new(
                            ErrorKind::NotFound,
                            "That workspace is no longer in the recent list.",
                        ),
                    ),
                }
            }
        }
    }
}
