//! Tauri commands of the meeting room (issue 8): attendance, the chair's conduct, the
//! speakers queue, presenter sync, votes and the minutes. Each only translates between JSON
//! and `phonghop-core`; errors reject with `{code, message}`.

use phonghop_core::minutes::{MinutesDraft, save_export};
use phonghop_core::votes::{NewVote, VoteView};
use phonghop_core::{ConductView, RoomAction, RosterView, SpeakersCommand};
use phonghop_domain::ErrorBody;
use phonghop_domain::attendance::{Presence, QuorumRule};
use tauri::State;

use crate::DesktopState;
use crate::commands::enrolled;

fn body(error: phonghop_core::CoreError) -> ErrorBody {
    error.to_body()
}

/// The meeting's roster with the quorum by the body's rule.
#[tauri::command]
pub async fn meeting_roster(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<RosterView, ErrorBody> {
    let app = enrolled(&state)?;
    app.roster(&meeting_id, QuorumRule::PEOPLES_COUNCIL)
        .await
        .map_err(body)
}

/// Checks this person in (present in person, online, or absent with a reason), or — for the
/// chair and the secretary at the door — `forUser`; answers the roster.
#[tauri::command]
pub async fn check_in(
    state: State<'_, DesktopState>,
    meeting_id: String,
    presence: Presence,
    reason: Option<String>,
    for_user: Option<String>,
) -> Result<RosterView, ErrorBody> {
    let app = enrolled(&state)?;
    app.check_in(
        &meeting_id,
        presence,
        reason.as_deref(),
        for_user.as_deref(),
    )
    .await
    .map_err(body)?;
    app.roster(&meeting_id, QuorumRule::PEOPLES_COUNCIL)
        .await
        .map_err(body)
}

/// The meeting as the chair runs it.
#[tauri::command]
pub async fn conduct_state(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<ConductView, ErrorBody> {
    let app = enrolled(&state)?;
    app.conduct_state(&meeting_id).await.map_err(body)
}

/// The chair starts, pauses, resumes or ends the meeting, opens an item or sets the limit.
#[tauri::command]
pub async fn conduct_action(
    state: State<'_, DesktopState>,
    meeting_id: String,
    action: RoomAction,
) -> Result<ConductView, ErrorBody> {
    let app = enrolled(&state)?;
    app.conduct_action(&meeting_id, action).await.map_err(body)
}

/// Asks to speak.
#[tauri::command]
pub async fn request_to_speak(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<ConductView, ErrorBody> {
    let app = enrolled(&state)?;
    app.speakers_action(&meeting_id, SpeakersCommand::Request)
        .await
        .map_err(body)
}

/// Takes one's request to speak back.
#[tauri::command]
pub async fn withdraw_from_speakers(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<ConductView, ErrorBody> {
    let app = enrolled(&state)?;
    app.speakers_action(&meeting_id, SpeakersCommand::Withdraw)
        .await
        .map_err(body)
}

/// The chair grants, finishes, removes or moves in the speakers queue.
#[tauri::command]
pub async fn speakers_action(
    state: State<'_, DesktopState>,
    meeting_id: String,
    action: SpeakersCommand,
) -> Result<ConductView, ErrorBody> {
    let app = enrolled(&state)?;
    app.speakers_action(&meeting_id, action).await.map_err(body)
}

/// Shows a page to everyone following the presenter.
#[tauri::command]
pub async fn present_page(
    state: State<'_, DesktopState>,
    meeting_id: String,
    document_id: String,
    page: u32,
) -> Result<(), ErrorBody> {
    let app = enrolled(&state)?;
    app.present(&meeting_id, &document_id, page)
        .await
        .map_err(body)
}

/// The meeting's votes with their words opened.
#[tauri::command]
pub async fn meeting_votes(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<Vec<VoteView>, ErrorBody> {
    let app = enrolled(&state)?;
    app.meeting_votes(&meeting_id).await.map_err(body)
}

/// The chair opens a vote.
#[tauri::command]
pub async fn open_vote(
    state: State<'_, DesktopState>,
    meeting_id: String,
    vote: NewVote,
) -> Result<VoteView, ErrorBody> {
    let app = enrolled(&state)?;
    app.open_vote(&meeting_id, &vote).await.map_err(body)
}

/// Signs and casts this person's ballot (encrypted with proofs when the vote is secret);
/// answers the vote once the receipt is checked.
#[tauri::command]
pub async fn cast_ballot(
    state: State<'_, DesktopState>,
    meeting_id: String,
    vote_id: String,
    choices: Vec<u32>,
) -> Result<VoteView, ErrorBody> {
    let app = enrolled(&state)?;
    app.vote(&meeting_id, &vote_id, &choices)
        .await
        .map_err(body)
}

/// The chair closes a vote; answers it with its result.
#[tauri::command]
pub async fn close_vote(
    state: State<'_, DesktopState>,
    meeting_id: String,
    vote_id: String,
) -> Result<VoteView, ErrorBody> {
    let app = enrolled(&state)?;
    app.close_vote(&meeting_id, &vote_id).await.map_err(body)
}

/// Environment variable naming the folder exports are saved in (else `Documents/Phòng Họp`
/// in the person's home).
pub const EXPORT_DIR_ENV: &str = "PHONGHOP_EXPORT_DIR";

pub(crate) fn export_dir() -> Result<std::path::PathBuf, ErrorBody> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV) {
        return Ok(dir.into());
    }
    let documents = std::env::var_os("XDG_DOCUMENTS_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join("Documents"))
        })
        .ok_or_else(|| ErrorBody::new("io.failed", "no home folder to save the export in"))?;
    Ok(documents.join("Phòng Họp"))
}

/// The meeting's title for a file name (its id when it is not listed here).
fn meeting_title(app: &phonghop_core::App, meeting_id: &str) -> String {
    app.list_meetings()
        .ok()
        .and_then(|meetings| meetings.into_iter().find(|view| view.id == meeting_id))
        .map_or_else(|| meeting_id.to_owned(), |view| view.info.title)
}

/// The minutes drafted from the agenda, attendance, speakers and votes.
#[tauri::command]
pub async fn minutes_draft(
    state: State<'_, DesktopState>,
    meeting_id: String,
) -> Result<MinutesDraft, ErrorBody> {
    let app = enrolled(&state)?;
    app.minutes_draft(&meeting_id).await.map_err(body)
}

/// Exports the edited minutes as a PDF; answers the path written.
#[tauri::command]
pub async fn export_minutes(
    state: State<'_, DesktopState>,
    draft: MinutesDraft,
) -> Result<String, ErrorBody> {
    let app = enrolled(&state)?;
    let pdf = app.export_minutes(&draft).await.map_err(body)?;
    let dir = export_dir()?;
    let stem = format!("Biên bản - {}", meeting_title(&app, &draft.meeting_id));
    let path = save_export(&dir, &stem, &pdf).map_err(body)?;
    Ok(path.display().to_string())
}

/// Exports a closed vote's report (biên bản kiểm phiếu); answers the path written.
#[tauri::command]
pub async fn export_vote_report(
    state: State<'_, DesktopState>,
    meeting_id: String,
    vote_id: String,
) -> Result<String, ErrorBody> {
    let app = enrolled(&state)?;
    let pdf = app
        .export_vote_report(&meeting_id, &vote_id)
        .await
        .map_err(body)?;
    let dir = export_dir()?;
    let short: String = vote_id.chars().take(8).collect();
    let stem = format!(
        "Biên bản kiểm phiếu - {} - {short}",
        meeting_title(&app, &meeting_id)
    );
    let path = save_export(&dir, &stem, &pdf).map_err(body)?;
    Ok(path.display().to_string())
}

/// A counting-committee member publishes their partial decryption of a closed secret vote.
#[tauri::command]
pub async fn publish_partial_decryption(
    state: State<'_, DesktopState>,
    meeting_id: String,
    vote_id: String,
) -> Result<VoteView, ErrorBody> {
    let app = enrolled(&state)?;
    app.publish_partial_decryption(&meeting_id, &vote_id)
        .await
        .map_err(body)
}
