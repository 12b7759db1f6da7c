//! Tauri commands: JSON in, `phonghop-core` call, JSON out. Errors reject with
//! `{code, message}` so the interface can translate the code.

use phonghop_core::views::{MeetingView, ProfileInfo, SyncReport};
use phonghop_domain::ErrorBody;
use tauri::State;

use crate::DesktopState;

/// The signed-in person, or null when this machine has no enrolled profile.
#[tauri::command]
pub async fn profile_info(
    state: State<'_, DesktopState>,
) -> Result<Option<ProfileInfo>, ErrorBody> {
    Ok(state.app()?.map(|app| app.profile_info()))
}

/// The meetings in the local store (works offline).
#[tauri::command]
pub async fn list_meetings(state: State<'_, DesktopState>) -> Result<Vec<MeetingView>, ErrorBody> {
    let Some(app) = state.app()? else {
        return Ok(Vec::new());
    };
    tauri::async_runtime::spawn_blocking(move || app.list_meetings())
        .await
        .map_err(|error| ErrorBody::new("internal", error.to_string()))?
        .map_err(|error| error.to_body())
}

/// Fetches new meetings and documents from the server.
#[tauri::command]
pub async fn sync_now(state: State<'_, DesktopState>) -> Result<SyncReport, ErrorBody> {
    let Some(app) = state.app()? else {
        return Err(ErrorBody::new(
            "profile.missing",
            "this machine has no enrolled profile",
        ));
    };
    app.sync_now().await.map_err(|error| error.to_body())
}
