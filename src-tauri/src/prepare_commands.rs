//! Tauri commands of the weeks before a meeting (issue 6): the secretary's drafts, agenda
//! and documents, publishing, revising, postponing, cancelling and cloning; the readiness
//! board; the member's answer to the invitation; and choosing a profile at start. Each only
//! translates between JSON and `phonghop-core`; errors reject with `{code, message}`.

use std::path::PathBuf;

use base64::Engine;
use phonghop_core::views::ProfileInfo;
use phonghop_core::{DraftSummary, DraftView, Person, ReadinessBoard, RevisionReport};
use phonghop_domain::wire::RsvpAnswer;
use phonghop_domain::{DocumentAccess, DocumentKind, ErrorBody, MeetingInfo};
use serde::Serialize;
use tauri::State;

use crate::DesktopState;
use crate::commands::{blocking, enrolled};

fn body(error: phonghop_core::CoreError) -> ErrorBody {
    error.to_body()
}

fn bytes_of(base64_text: &str) -> Result<Vec<u8>, ErrorBody> {
    base64::engine::general_purpose::STANDARD
        .decode(base64_text)
        .map_err(|_| ErrorBody::new("request.bad_base64", "the file did not arrive whole"))
}

/// The people the secretary can invite.
#[tauri::command]
pub async fn directory_people(state: State<'_, DesktopState>) -> Result<Vec<Person>, ErrorBody> {
    let app = enrolled(&state)?;
    app.directory_people().await.map_err(body)
}

/// The drafts on this computer.
#[tauri::command]
pub async fn list_drafts(state: State<'_, DesktopState>) -> Result<Vec<DraftSummary>, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.draft_summaries()).await
}

/// One draft.
#[tauri::command]
pub async fn get_draft(
    state: State<'_, DesktopState>,
    draft_id: String,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.draft_view(&draft_id)).await
}

/// Starts a draft.
#[tauri::command]
pub async fn create_draft(
    state: State<'_, DesktopState>,
    info: MeetingInfo,
    participants: Vec<String>,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.new_draft(&info, participants)).await
}

/// Saves a draft as edited.
#[tauri::command]
pub async fn save_draft(
    state: State<'_, DesktopState>,
    draft: DraftView,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.save_draft_view(&draft)).await
}

/// Throws a draft away.
#[tauri::command]
pub async fn discard_draft(
    state: State<'_, DesktopState>,
    draft_id: String,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.discard_draft(&draft_id)).await
}

/// Attaches a file's bytes (base64) to an agenda item of a draft.
#[tauri::command]
pub async fn attach_document(
    state: State<'_, DesktopState>,
    draft_id: String,
    item: usize,
    title: String,
    kind: DocumentKind,
    access: DocumentAccess,
    bytes_base64: String,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    let bytes = bytes_of(&bytes_base64)?;
    blocking(move || app.attach_bytes(&draft_id, item, &title, kind, access, bytes)).await
}

/// Attaches a file dropped on the window (its path) to an agenda item of a draft.
#[tauri::command]
pub async fn attach_document_path(
    state: State<'_, DesktopState>,
    draft_id: String,
    item: usize,
    path: PathBuf,
    kind: DocumentKind,
    access: DocumentAccess,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.attach_path(&draft_id, item, &path, kind, access)).await
}

/// Publishes a draft; answers the meeting's id.
#[tauri::command]
pub async fn publish_draft(
    state: State<'_, DesktopState>,
    draft_id: String,
) -> Result<String, ErrorBody> {
    let app = enrolled(&state)?;
    let meeting_id = app.publish_draft_checked(&draft_id).await.map_err(body)?;
    // The secretary's own list shows it at once.
    let _ = app.sync_now().await;
    Ok(meeting_id)
}

/// A new draft from a past meeting.
#[tauri::command]
pub async fn clone_meeting(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<DraftView, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.clone_meeting(&meeting_id)).await
}

/// Sends a new revision of a published document (base64 bytes).
#[tauri::command]
pub async fn revise_document(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
    bytes_base64: String,
) -> Result<RevisionReport, ErrorBody> {
    let app = enrolled(&state)?;
    let bytes = bytes_of(&bytes_base64)?;
    let report = app
        .revise_document(&meeting_id, &document_id, bytes)
        .await
        .map_err(body)?;
    let _ = app.sync_now().await;
    Ok(report)
}

/// Postpones a published meeting.
#[tauri::command]
pub async fn postpone_meeting(
    state: State<'_, DesktopState>,
    meeting_id: String,
    starts_at: String,
    ends_at: Option<String>,
    reason: String,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    app.postpone_meeting(&meeting_id, &starts_at, ends_at.as_deref(), &reason)
        .await
        .map_err(body)?;
    let _ = app.sync_now().await;
    Ok(())
}

/// Cancels a published meeting.
#[tauri::command]
pub async fn cancel_meeting(
    state: State<'_, DesktopState>,
    meeting_id: String,
    reason: Option<String>,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    app.cancel_meeting_with_reason(&meeting_id, reason.as_deref())
        .await
        .map_err(body)?;
    let _ = app.sync_now().await;
    Ok(())
}

/// The readiness board of a meeting (secretary, chair).
#[tauri::command]
pub async fn meeting_readiness(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<ReadinessBoard, ErrorBody> {
    let app = enrolled(&state)?;
    app.meeting_readiness(&meeting_id).await.map_err(body)
}

/// Answers an invitation.
#[tauri::command]
pub async fn rsvp(
    state: State<'_, DesktopState>,
    meeting_id: String,
    answer: RsvpAnswer,
    reason: Option<String>,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    app.rsvp(&meeting_id, answer, reason.as_deref())
        .await
        .map_err(body)
}

/// A profile of this installation, to choose at start.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChoice {
    /// Its folder.
    pub dir: String,
    /// Whose it is.
    pub display_name: String,
    /// Their role.
    pub role: phonghop_domain::Role,
    /// Their organisation.
    pub organisation: String,
    /// Whether it is the one open.
    pub current: bool,
}

/// The profiles of this installation.
#[tauri::command]
pub async fn list_profiles(
    state: State<'_, DesktopState>,
) -> Result<Vec<ProfileChoice>, ErrorBody> {
    let open = state.app()?.map(|app| app.profile().dir().to_path_buf());
    Ok(state
        .profiles()
        .into_iter()
        .filter_map(|dir| {
            let config = phonghop_core::Profile::read_config(&dir).ok()?;
            Some(ProfileChoice {
                current: open.as_deref() == Some(dir.as_path()),
                dir: dir.display().to_string(),
                display_name: config.display_name,
                role: config.role,
                organisation: config.organisation,
            })
        })
        .collect())
}

/// Opens the profile chosen at start.
#[tauri::command]
pub async fn choose_profile(
    state: State<'_, DesktopState>,
    dir: String,
) -> Result<ProfileInfo, ErrorBody> {
    let state = state.inner().clone();
    let app =
        tauri::async_runtime::spawn_blocking(move || state.choose(std::path::Path::new(&dir)))
            .await
            .map_err(|error| ErrorBody::new("internal", error.to_string()))??;
    Ok(app.profile_info())
}

/// Event: the watch folder of a draft changed it (a [`FolderEvent`]).
pub const DRAFT_FOLDER_EVENT: &str = "phonghop://draft-folder";

/// Payload of [`DRAFT_FOLDER_EVENT`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderEvent {
    /// The draft.
    pub draft_id: String,
    /// What happened to it, or why watching stopped.
    pub change: Option<phonghop_core::watch_folder::FolderChange>,
    /// Why watching stopped, when it did.
    pub error: Option<ErrorBody>,
}

/// The watch folders running, by draft, each with the switch that stops it.
#[derive(Debug, Default)]
pub struct WatchFolders(
    std::sync::Mutex<
        std::collections::HashMap<String, (PathBuf, tokio::sync::watch::Sender<bool>)>,
    >,
);

impl WatchFolders {
    fn lock(
        &self,
    ) -> std::sync::MutexGuard<
        '_,
        std::collections::HashMap<String, (PathBuf, tokio::sync::watch::Sender<bool>)>,
    > {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Watches `folder` for a draft: every PDF, Word file or picture put there becomes one of
/// its documents, a changed file a new version, a removed one leaves. Answers the folder.
#[tauri::command]
pub async fn watch_draft_folder<R: tauri::Runtime>(
    handle: tauri::AppHandle<R>,
    state: State<'_, DesktopState>,
    folders: State<'_, WatchFolders>,
    draft_id: String,
    folder: PathBuf,
) -> Result<String, ErrorBody> {
    use tauri::Emitter;
    let app = enrolled(&state)?;
    if !folder.is_dir() {
        return Err(ErrorBody::new(
            "draft.folder_missing",
            format!("{} is not a folder on this computer", folder.display()),
        ));
    }
    app.draft_view(&draft_id).map_err(body)?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    if let Some((_, previous)) = folders
        .lock()
        .insert(draft_id.clone(), (folder.clone(), stop))
    {
        let _ = previous.send(true);
    }
    let shown = folder.display().to_string();
    tauri::async_runtime::spawn(async move {
        let emitter = handle.clone();
        let id = draft_id.clone();
        let result = app
            .watch_folder(
                &draft_id,
                folder,
                phonghop_core::watch_folder::DEFAULT_QUIET,
                move |change| {
                    let _ = emitter.emit(
                        DRAFT_FOLDER_EVENT,
                        FolderEvent {
                            draft_id: id.clone(),
                            change: Some(change),
                            error: None,
                        },
                    );
                },
                stopped,
            )
            .await;
        if let Err(error) = result {
            let _ = handle.emit(
                DRAFT_FOLDER_EVENT,
                FolderEvent {
                    draft_id,
                    change: None,
                    error: Some(error.to_body()),
                },
            );
        }
    });
    Ok(shown)
}

/// Stops watching a draft's folder.
#[tauri::command]
pub async fn stop_watching_folder(
    folders: State<'_, WatchFolders>,
    draft_id: String,
) -> Result<(), ErrorBody> {
    if let Some((_, stop)) = folders.lock().remove(&draft_id) {
        let _ = stop.send(true);
    }
    Ok(())
}

/// The folder watched for a draft, if any.
#[tauri::command]
pub async fn watched_folder(
    folders: State<'_, WatchFolders>,
    draft_id: String,
) -> Result<Option<String>, ErrorBody> {
    Ok(folders
        .lock()
        .get(&draft_id)
        .map(|(folder, _)| folder.display().to_string()))
}
