//! The native menu: File (New, Open, Open Recent, Save As, Restore from Backup) and Edit (Undo, Redo), with each
//! platform's shortcuts.

use std::path::PathBuf;
use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{AppHandle, Runtime};

pub const NEW: &str = "file-new";
pub const OPEN: &str = "file-open";
pub const SAVE_AS: &str = "file-save-as";
pub const RESTORE: &str = "file-restore";
pub const UNDO: &str = "edit-undo";
pub const REDO: &str = "edit-redo";
pub const RECENT_PREFIX: &str = "file-recent-";

pub fn build<R: Runtime>(app: &AppHandle<R>, recent: &[PathBuf]) -> tauri::Result<Menu<R>> {
    let mut open_recent = SubmenuBuilder::new(app, "Open Recent");
    if recent.is_empty() {
        open_recent = open_recent.item(
            &MenuItemBuilder::with_id("file-recent-none", "No recent workspaces")
                .enabled(false)
                .build(app)?,
        );
    }
    for (i, path) in recent.iter().enumerate() {
        let label = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        open_recent = open_recent.item(
            &MenuItemBuilder::with_id(format!("{RECENT_PREFIX}{i}"), format!("{label} — {folder}"))
                .build(app)?,
        );
    }
    let file = SubmenuBuilder::new(app, "File")
        .item(
            &MenuItemBuilder::with_id(NEW, "New Workspace…")
                .accelerator("CmdOrCtrl+N")
                .build(app)?,
        )
        .item(
            &MenuItemBuilder::with_id(OPEN, "Open…")
                .accelerator("CmdOrCtrl+O")
                .build(app)?,
        )
        .item(&open_recent.build()?)
        .separator()
        .item(
            &MenuItemBuilder::with_id(SAVE_AS, "Save As…")
                .accelerator("CmdOrCtrl+Shift+S")
                .build(app)?,
        )
        .item(&MenuItemBuilder::with_id(RESTORE, "Restore from Backup…").build(app)?)
        .separator()
        .item(&PredefinedMenuItem::close_window(
            app,
            Some("Close Window"),
        )?)
        .build()?;

    // On macOS the menu owns Cmd+Z; on Windows and Linux the window handles Ctrl+Z, Ctrl+Shift+Z
    // and Ctrl+Y itself, so that a text field being typed in keeps its own undo.
    let mut undo = MenuItemBuilder::with_id(UNDO, "Undo");
    let mut redo = MenuItemBuilder::with_id(REDO, "Redo");
    if cfg!(target_os = "macos") {
        undo = undo.accelerator("Cmd+Z");
        redo = redo.accelerator("Cmd+Shift+Z");
    }
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&undo.build(app)?)
        .item(&redo.build(app)?)
        .separator()
        .item(&PredefinedMenuItem::cut(app, None)?)
        .item(&PredefinedMenuItem::copy(app, None)?)
        .item(&PredefinedMenuItem::paste(app, None)?)
        .item(&PredefinedMenuItem::select_all(app, None)?)
        .build()?;

    let mut menu = MenuBuilder::new(app);
    if cfg!(target_os = "macos") {
        let app_menu = SubmenuBuilder::new(app, "Partnerboard")
            .item(&PredefinedMenuItem::about(app, None, None)?)
            .separator()
            .item(&PredefinedMenuItem::hide(app, None)?)
            .item(&PredefinedMenuItem::hide_others(app, None)?)
            .separator()
            .item(&PredefinedMenuItem::quit(app, None)?)
            .build()?;
        menu = menu.item(&app_menu);
    }
    menu.item(&file).item(&edit).build()
}
