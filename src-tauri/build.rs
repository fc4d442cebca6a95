include!("commands/allowed.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/commands/allowed.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step failed");
}
