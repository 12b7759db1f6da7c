//! Publishing sealed meetings and handing each device the ones it may open.

use axum::Json;
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::audit::PublishedLog;
use phonghop_domain::wire::{DirectoryEntry, Me, MeetingPublished, PublishMeeting, SealedMeeting};
use phonghop_domain::wire::{LiveMessage, MeetingEvent};

use super::{decode, must_take_part};
use crate::auth::DeviceCaller;
use crate::blobs::is_blob_id;
use crate::db::MeetingRecord;
use crate::{ApiError, AppState};
use phonghop_domain::ErrorBody;

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "meetings",
    responses((status = 200, description = "The calling device and its owner", body = Me), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn me(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me {
        user_id: caller.user_id,
        device_id: caller.device_id,
        display_name: caller.display_name,
        role: caller.role,
        organisation: state.db.organisation_name()?,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/directory",
    tag = "meetings",
    responses((status = 200, description = "Certified devices", body = Vec<DirectoryEntry>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn directory(
    DeviceCaller(_caller): DeviceCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<DirectoryEntry>>, ApiError> {
    Ok(Json(state.db.directory()?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings",
    tag = "meetings",
    request_body = PublishMeeting,
    responses((status = 200, description = "Published", body = MeetingPublished), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn publish(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Json(request): Json<PublishMeeting>,
) -> Result<Json<MeetingPublished>, ApiError> {
    if !caller.role.may_publish() {
        return Err(ApiError::forbidden("only a secretary publishes meetings"));
    }
    if state.db.directory_entry(&caller.device_id)?.is_none() {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "device.not_certified",
            "this device has no certificate from the organisation root yet",
        ));
    }
    if uuid::Uuid::parse_str(&request.meeting_id).is_err() {
        return Err(ApiError::bad_request(
            "meeting.bad_id",
            "a meeting id is a UUID",
        ));
    }
    if let Some(bad) = request.blob_ids.iter().find(|id| !is_blob_id(id)) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            format!("{bad} is not a blob id"),
        ));
    }
    if request.envelopes.is_empty() {
        return Err(ApiError::bad_request(
            "meeting.no_participants",
            "a meeting needs participants",
        ));
    }
    let sealed = decode("sealed", &request.sealed)?;
    let envelopes = request
        .envelopes
        .iter()
        .map(|envelope| {
            Ok((
                envelope.device_id.clone(),
                decode("envelope", &envelope.envelope)?,
            ))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let live = state.live.clone();
    let published = state.db.publish_meeting(
        &MeetingRecord {
            id: &request.meeting_id,
            starts_at: &request.starts_at,
            sealed: &sealed,
            blob_ids: &request.blob_ids,
            envelopes: &envelopes,
        },
        &caller.device_id,
        &|published| live.announce(&published.feed),
    )?;
    Ok(Json(MeetingPublished {
        revision: published.revision,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    tag = "meetings",
    responses((status = 200, description = "Meetings this device holds a key for", body = Vec<SealedMeeting>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn list(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<SealedMeeting>>, ApiError> {
    let mut meetings = Vec::new();
    for meeting in state.db.meetings_for_device(&caller.device_id)? {
        let publisher = state
            .db
            .directory_entry(&meeting.publisher_device_id)?
            .ok_or_else(|| ApiError::internal("the publishing device has no certificate"))?;
        meetings.push(SealedMeeting {
            meeting_id: meeting.id,
            revision: meeting.revision,
            starts_at: meeting.starts_at,
            sealed: STANDARD.encode(meeting.sealed),
            envelope: STANDARD.encode(meeting.envelope),
            publisher,
            cancelled: meeting.cancelled,
        });
    }
    Ok(Json(meetings))
}

/// `GET /meetings/{id}/audit`: the meeting's audit chain with a fresh signed checkpoint and
/// the root-certified server key, for participants to verify and keep.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/audit",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, description = "The audit chain and a signed checkpoint", body = super::openapi::AuditLogSchema), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn audit_log(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    axum::extract::Path(meeting_id): axum::extract::Path<String>,
) -> Result<Json<PublishedLog>, ApiError> {
    must_take_part(&state, &caller, &meeting_id)?;
    let entries: Vec<_> = state
        .db
        .audit_entries(&meeting_id)?
        .into_iter()
        .map(|(entry, _)| entry)
        .collect();
    let checkpoint = state.signer.checkpoint(&meeting_id, &entries)?;
    let certificate = state
        .signer
        .certificate()
        .ok_or_else(|| ApiError::internal("the server key has no certificate from the root"))?;
    Ok(Json(PublishedLog {
        entries,
        checkpoint,
        server_key: certificate.server_key.clone(),
        root_signature: certificate.root_signature.clone(),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/cancel",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 204, description = "Cancelled; participants are told through their feeds"),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn cancel(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    axum::extract::Path(meeting_id): axum::extract::Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    if !caller.role.may_publish() {
        return Err(ApiError::forbidden("only a secretary cancels meetings"));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    let live = state.live.clone();
    state
        .db
        .cancel_meeting(&meeting_id, &caller.device_id, &|records| {
            live.announce(records)
        })?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Largest sealed event payload.
const MAX_EVENT_BYTES: usize = 16 * 1024;

/// Event kinds only the server sends (a client relaying them could make every screen
/// refetch for nothing).
const SERVER_EVENTS: [&str; 4] = [
    super::annotations::ANNOTATIONS_EVENT,
    super::attendance::ATTENDANCE_EVENT,
    super::conduct::CONDUCT_EVENT,
    super::votes::BALLOTS_EVENT,
];

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/events",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = MeetingEvent,
    responses(
        (status = 202, description = "Relayed to the participants' live connections"),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn relay_event(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    axum::extract::Path(meeting_id): axum::extract::Path<String>,
    Json(event): Json<MeetingEvent>,
) -> Result<axum::http::StatusCode, ApiError> {
    let kind_ok = (1..=40).contains(&event.kind.len())
        && event
            .kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    if !kind_ok {
        return Err(ApiError::bad_request(
            "event.bad_kind",
            "an event kind has 1 to 40 characters of a-z, 0-9, '_' and '.'",
        ));
    }
    if SERVER_EVENTS.contains(&event.kind.as_str()) {
        return Err(ApiError::bad_request(
            "event.reserved",
            "this event kind is sent by the server only",
        ));
    }
    let sealed = decode("sealed", &event.sealed)?;
    if sealed.len() > MAX_EVENT_BYTES {
        return Err(ApiError::bad_request(
            "event.too_large",
            "an event payload has at most 16 KiB",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    if event.kind.starts_with("presenter.")
        && !(caller.role == phonghop_domain::Role::Chair || caller.role.may_publish())
    {
        return Err(ApiError::forbidden(
            "only the chair or the secretary shows pages to everyone",
        ));
    }
    let people = state.db.meeting_participants(&meeting_id)?;
    state.live.relay(
        LiveMessage::Event {
            meeting_id,
            from_device_id: caller.device_id,
            kind: event.kind,
            sealed: event.sealed,
        },
        people,
    );
    Ok(axum::http::StatusCode::ACCEPTED)
}
