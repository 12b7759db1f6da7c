//! Tauri commands: JSON in, `phonghop-core` call, JSON out. Errors reject with
//! `{code, message}` so the interface can translate the code.

use phonghop_core::views::{DocumentLayout, MeetingView, ProfileInfo, SearchResults, SyncReport};
use phonghop_core::{App, SyncProgress};
use phonghop_domain::ErrorBody;
use std::sync::Arc;
use tauri::State;
use tauri::ipc::Channel;

use crate::DesktopState;

/// The signed-in person, or null when this machine has no enrolled profile.
#[tauri::command]
pub async fn profile_info(
    state: State<'_, DesktopState>,
) -> Result<Option<ProfileInfo>, ErrorBody> {
    Ok(state.app()?.map(|app| app.profile_info()))
}

/// Unlocks a profile protected by a passphrase; answers the signed-in person. A wrong
/// passphrase rejects with `crypto.wrong_passphrase` and can be tried again.
#[tauri::command]
pub async fn unlock_profile(
    state: State<'_, DesktopState>,
    passphrase: String,
) -> Result<ProfileInfo, ErrorBody> {
    let state = state.inner().clone();
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let app = tauri::async_runtime::spawn_blocking(move || state.unlock(&passphrase))
        .await
        .map_err(|error| ErrorBody::new("internal", error.to_string()))??;
    Ok(app.profile_info())
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

/// Fetches new meetings and documents from the server, sending progress on `on_progress`
/// (at most ten messages a second, and always the last of each document).
#[tauri::command]
pub async fn sync_now(
    state: State<'_, DesktopState>,
    on_progress: Channel<SyncProgress>,
) -> Result<SyncReport, ErrorBody> {
    let app = enrolled(&state)?;
    let last_sent = std::sync::Mutex::new(None::<std::time::Instant>);
    let send = |progress: &SyncProgress| {
        let Ok(mut last) = last_sent.lock() else {
            return;
        };
        let finished = progress.document_done == progress.document_total;
        let due = last.is_none_or(|at| at.elapsed() >= std::time::Duration::from_millis(100));
        if finished || due {
            *last = Some(std::time::Instant::now());
            let _ = on_progress.send(progress.clone());
        }
    };
    app.sync_with_progress(&send)
        .await
        .map_err(|error| error.to_body())
}

pub(crate) fn enrolled(state: &DesktopState) -> Result<Arc<App>, ErrorBody> {
    state
        .app()?
        .ok_or_else(|| ErrorBody::new("profile.missing", "this machine has no enrolled profile"))
}

/// Runs blocking core work (decryption, pdfium) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, phonghop_core::CoreError> + Send + 'static,
) -> Result<T, ErrorBody> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| ErrorBody::new("internal", error.to_string()))?
        .map_err(|error| error.to_body())
}

/// Opens a document for reading: page sizes, labels and outline. Pages themselves come
/// through the `phpage` scheme.
#[tauri::command]
pub async fn open_document(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
) -> Result<DocumentLayout, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.open_for_reading(&meeting_id, &document_id)).await
}

/// Closes a document the viewer left, freeing its rendered pages.
#[tauri::command]
pub async fn close_document(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || {
        app.close_document(&meeting_id, &document_id);
        Ok(())
    })
    .await
}

/// Searches every downloaded document of a meeting, ignoring diacritics and case.
#[tauri::command]
pub async fn search_meeting(
    state: State<'_, DesktopState>,
    meeting_id: String,
    query: String,
) -> Result<SearchResults, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.search_meeting(&meeting_id, &query)).await
}
