//! Tauri commands of annotations (issue 7): list, write, delete, the characters of a page
//! to select text on, and the annotated copy. Each only translates between JSON and
//! `phonghop-core`; errors reject with `{code, message}`.

use std::time::Duration;

use phonghop_core::annotations::{AnnotationInput, AnnotationView, DocumentAnnotations, PageChar};
use phonghop_domain::ErrorBody;
use tauri::State;

use crate::DesktopState;
use crate::commands::{blocking, enrolled};

/// How long a listing waits for the server's newest records before showing what this
/// device holds (the viewer must not hang on a bad link).
const FRESHEN_WAIT: Duration = Duration::from_secs(3);

fn body(error: phonghop_core::CoreError) -> ErrorBody {
    error.to_body()
}

/// Fetches the meeting's newest annotation records if the server answers in time.
async fn freshen(app: &phonghop_core::App, meeting_id: &str) {
    let _ = tokio::time::timeout(FRESHEN_WAIT, app.sync_annotations(meeting_id)).await;
}

/// A document's annotations (the member's and those shared with them) on its current
/// revision, with those that lost their place in a revision listed apart.
#[tauri::command]
pub async fn document_annotations(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
) -> Result<DocumentAnnotations, ErrorBody> {
    let app = enrolled(&state)?;
    freshen(&app, &meeting_id).await;
    blocking(move || app.document_annotations(&meeting_id, &document_id)).await
}

/// Every annotation of the meeting the member can read, for the panel.
#[tauri::command]
pub async fn meeting_annotations(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<Vec<AnnotationView>, ErrorBody> {
    let app = enrolled(&state)?;
    freshen(&app, &meeting_id).await;
    blocking(move || app.meeting_annotations(&meeting_id)).await
}

/// Writes a new annotation or a new version of one (works offline).
#[tauri::command]
pub async fn save_annotation(
    state: State<'_, DesktopState>,
    meeting_id: String,
    annotation: AnnotationInput,
) -> Result<AnnotationView, ErrorBody> {
    let app = enrolled(&state)?;
    app.save_annotation(&meeting_id, annotation)
        .await
        .map_err(body)
}

/// Deletes one of the member's annotations.
#[tauri::command]
pub async fn delete_annotation(
    state: State<'_, DesktopState>,
    meeting_id: String,
    annotation_id: String,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    app.delete_annotation(&meeting_id, &annotation_id)
        .await
        .map_err(body)
}

/// The characters of a page with their boxes, to select text to mark.
#[tauri::command]
pub async fn page_chars(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
    page: u32,
) -> Result<Vec<PageChar>, ErrorBody> {
    let app = enrolled(&state)?;
    blocking(move || app.page_chars(&meeting_id, &document_id, page)).await
}

/// Writes the member's annotated copy of a document; answers the path written.
#[tauri::command]
pub async fn export_annotated_copy(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
) -> Result<String, ErrorBody> {
    let app = enrolled(&state)?;
    let dir = crate::room_commands::export_dir()?;
    let path = app
        .export_annotated_copy(&meeting_id, &document_id, &dir)
        .await
        .map_err(body)?;
    Ok(path.display().to_string())
}
