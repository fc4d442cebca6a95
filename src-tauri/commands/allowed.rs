/// Every command the UI may call, by name. `build.rs` turns this list into the app manifest
/// (anything not listed is refused by the IPC layer) and `capabilities/main.json` grants each
/// one to the main window; a test keeps the capability in step.
pub const COMMANDS: &[&str] = &[
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
    "prioritization_get",
    "prioritization_preview",
    "factor_model_save",
    "factor_score_set",
    "tiers_save",
    "partner_create",
    "partner_delete",
    "cycle_close",
    "cycle_list",
    "cycle_compare",
];
