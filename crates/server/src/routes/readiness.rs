//! Before the meeting: members answer the invitation, devices say what they hold of the
//! packet, and the secretary reads the readiness board: who has everything, who is online,
//! who was last seen when, and who will come.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_domain::wire::{Holdings, Readiness, Rsvp, RsvpAnswer};
use phonghop_domain::{ErrorBody, Role};

use super::{decode, must_take_part};
use crate::auth::DeviceCaller;
use crate::{ApiError, AppState};

/// Largest sealed reason accepted.
const MAX_REASON_BYTES: usize = 4 * 1024;

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/rsvp",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = Rsvp,
    responses((status = 204, description = "Kept"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn rsvp(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(rsvp): Json<Rsvp>,
) -> Result<StatusCode, ApiError> {
    let reason = match &rsvp.sealed_reason {
        Some(text) => Some(decode("sealed_reason", text)?),
        None => None,
    };
    if reason
        .as_ref()
        .is_some_and(|bytes| bytes.len() > MAX_REASON_BYTES)
    {
        return Err(ApiError::bad_request(
            "rsvp.too_large",
            "a reason has at most 4 KiB",
        ));
    }
    if rsvp.answer == RsvpAnswer::Absent && reason.is_none() {
        return Err(ApiError::bad_request(
            "rsvp.reason_required",
            "an absence needs a reason",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    state
        .db
        .answer_invitation(&caller, &meeting_id, &rsvp, reason, crate::db::now())?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/holdings",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = Holdings,
    responses((status = 204, description = "Kept"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn holdings(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(holdings): Json<Holdings>,
) -> Result<StatusCode, ApiError> {
    if holdings.revision < 1 {
        return Err(ApiError::bad_request(
            "holdings.bad_revision",
            "a revision is at least 1",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    state
        .db
        .record_holdings(&caller, &meeting_id, &holdings, crate::db::now())?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/readiness",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, description = "Every participant's readiness", body = Readiness), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn board(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
) -> Result<Json<Readiness>, ApiError> {
    if !(caller.role.may_publish() || caller.role == Role::Chair) {
        return Err(ApiError::forbidden(
            "only the secretary or the chair reads the readiness board",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    let live = state.live.clone();
    Ok(Json(
        state
            .db
            .readiness(&meeting_id, &|user| live.is_online(user))?,
    ))
}
