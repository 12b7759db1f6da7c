//! Generates Tauri's context and the permissions of our own commands, so the capability
//! file can allow exactly these and nothing else.

fn main() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "profile_info",
            "unlock_profile",
            "list_meetings",
            "sync_now",
            "open_document",
            "close_document",
            "search_meeting",
        ]));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build script failed: {error:#}");
        std::process::exit(1);
    }
}
