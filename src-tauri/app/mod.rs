//! The desktop shell: window, native menu, file dialogs and the workspace opened at launch.

mod menu;
mod recent;

use crate::commands::{self, AppState, CommandError, ErrorKind};
use partnerboard_core::domain::demo::{generate, DEFAULT_PARTNERS, DEFAULT_SEED};
use partnerboard_core::store::{self, Workspace, WORKSPACE_EXTENSION};
use recent::RecentFiles;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// The file first launch creates in the app data directory.
pub const DEMO_FILE: &str = "Northwind Analytics demo.partnerboard";
/// Event telling the window to reload everything it shows.
const WORKSPACE_CHANGED: &str = "workspace-changed";
/// Event carrying a dropped CSV file's `{token, name, shown}` to the import.
const CSV_DROPPED: &str = "csv-dropped";
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
                Some(path) => open_at_launch(&handle, &path),
                None => open_or_create_demo(&handle, &data_dir.join(DEMO_FILE)),
            }
            if handle.state::<AppState>().problem().is_some() {
                refresh_menu(&handle);
            }
            start_daily_backups(handle);
            Ok(())
        })
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                dropped(window.app_handle(), paths);
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Partnerboard could not start: {e}");
        std::process::exit(1);
    }
}

/// A CSV dropped on the window: the page gets a token for it (never its path) and opens the
/// deals import with it.
fn dropped<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    let Some(path) = paths.iter().find(|p| commands::is_csv(p)) else {
        return;
    };
    let picked = app.state::<AppState>().picked.register(path.clone());
    let _ = app.emit(CSV_DROPPED, picked);
}

fn open_or_create_demo<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    if path.exists() {
        return open_at_launch(app, path);
    }
    let demo = generate(
        DEFAULT_PARTNERS,
        DEFAULT_SEED,
        partnerboard_core::clock::today(),
    );
    match store::create_demo(path, &demo).and_then(claimed) {
        Ok(ws) => adopt(app, ws),
        Err(e) => report(app, e.into()),
    }
}

/// How long a launch waits for a window that is closing to let go of the workspace.
const LAUNCH_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the workspace a launch starts on. Reopening the app right after quitting it may
/// find the old window still closing and holding the one-editor lock: that is waited out
/// (bounded), instead of greeting the person with "open in another window".
fn open_at_launch<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    let start = std::time::Instant::now();
    loop {
        match store::open_for_editing(path) {
            Err(store::StoreError::InUse { .. }) if start.elapsed() < LAUNCH_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Ok(ws) => return adopt(app, ws),
            Err(e) => return report(app, e.into()),
        }
    }
}

/// Takes the one-editor lock on a workspace this window just created.
fn claimed(mut ws: Workspace) -> store::Result<Workspace> {
    ws.claim()?;
    Ok(ws)
}

fn open_path<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    if app
        .state::<AppState>()
        .with(|ws| Ok(same_file(ws.path(), path)))
        .unwrap_or(false)
    {
        // Already open here: opening it again would only meet this window's own lock.
        return;
    }
    match store::open_for_editing(path) {
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
    // Today's backup, off the window's path so the first screen is not kept waiting.
    let app = app.clone();
    std::thread::spawn(move || backup_today(&app));
}

fn report_backup_failure<R: Runtime>(app: &AppHandle<R>, e: store::StoreError) {
    let _ = app.emit(
        APP_ERROR,
        CommandError::new(
            ErrorKind::Io,
            format!("Today's automatic backup could not be written: {e}"),
        ),
    );
}

/// How often an open workspace is checked for its daily backup (a window may stay open for
/// days).
const BACKUP_CHECK: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Keeps the daily backup going while the app runs.
fn start_daily_backups<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(BACKUP_CHECK);
        backup_today(&app);
    });
}

fn backup_today<R: Runtime>(app: &AppHandle<R>) {
    let today = partnerboard_core::clock::today();
    let outcome = app
        .state::<AppState>()
        .with(|ws| Ok(ws.daily_backup(today)));
    if let Ok(Err(e)) = outcome {
        report_backup_failure(app, e);
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// File ▸ Restore from Backup…: pick one of the open workspace's backups, confirm, restore.
fn restore_from_backup<R: Runtime>(app: &AppHandle<R>) {
    let open = app.state::<AppState>().with(|ws| {
        Ok((
            ws.path().to_path_buf(),
            ws.read_only_reason().map(str::to_string),
        ))
    });
    let (path, read_only) = match open {
        Ok(open) => open,
        Err(e) => return report(app, e),
    };
    if let Some(reason) = read_only {
        let e = store::StoreError::ReadOnly {
            path: path.display().to_string(),
            reason,
        };
        let _ = app.emit(APP_ERROR, CommandError::from(e));
        return;
    }
    let app = app.clone();
    app.dialog()
        .file()
        .set_title("Restore from backup")
        .set_directory(store::backups_dir(&path))
        .add_filter("Partnerboard backup", &[WORKSPACE_EXTENSION])
        .pick_file(move |picked| {
            let Some(backup) = picked.and_then(|p| p.into_path().ok()) else {
                return;
            };
            let shown = backup
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let confirm = app
                .dialog()
                .message(format!(
                    "The workspace will be replaced by the backup “{shown}”. Its current state is saved first as a backup of its own, so this can be reversed."
                ))
                .title("Restore from backup?")
                .kind(MessageDialogKind::Warning)
                .buttons(MessageDialogButtons::OkCancelCustom(
                    "Restore".into(),
                    "Cancel".into(),
                ));
            let app = app.clone();
            confirm.show(move |yes| {
                if !yes {
                    return;
                }
                let restored = app
                    .state::<AppState>()
                    .with(|ws| Ok(ws.restore_from(&backup)?));
                match restored {
                    Ok(_) => {
                        let _ = app.emit(WORKSPACE_CHANGED, ());
                    }
                    Err(e) => {
                        let _ = app.emit(APP_ERROR, e);
                    }
                }
            });
        });
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
                    match store::create_new(&path, &company).and_then(claimed) {
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
        menu::RESTORE => restore_from_backup(app),
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
