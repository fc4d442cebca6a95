fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(partnerboard_commands())),
    )
    .expect("tauri build step failed");
}

/// Every app command the UI may call. Anything not listed here is refused by the IPC layer.
fn partnerboard_commands() -> &'static [&'static str] {
    &[
        "workspace_info",
        "program_get",
        "program_update",
        "partner_type_create",
        "partner_type_update",
        "partner_type_delete",
        "partner_type_move",
        "program_target_set",
        "program_target_delete",
        "history_undo",
        "history_redo",
        "history_state",
    ]
}
