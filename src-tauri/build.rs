//! Generates Tauri's context and the permissions of our own commands, so the capability
//! file can allow exactly these and nothing else.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(
            tauri_build::AppManifest::new().commands(&["profile_info", "list_meetings", "sync_now"]),
        ),
    )
    .unwrap_or_else(|error| panic!("tauri build script failed: {error:#}"));
}
