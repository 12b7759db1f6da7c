//! Attendance: members check in (present in person, online, or absent with a sealed
//! reason); the chair or the secretary may record it for someone at the door. Every
//! participant's live connection hears that the roster changed, so the chair's console
//! shows the quorum as it moves.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_domain::ErrorBody;
use phonghop_domain::Role;
use phonghop_domain::wire::{AttendanceRoster, CheckIn, LiveMessage};

use super::{decode, must_take_part};
use crate::audit::now_ms;
use crate::auth::DeviceCaller;
use crate::{ApiError, AppState};

/// Largest sealed reason accepted.
const MAX_REASON_BYTES: usize = 4 * 1024;

/// Event kind participants hear when the roster changes (no payload: they fetch it).
pub const ATTENDANCE_EVENT: &str = "attendance.changed";

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/attendance",
    tag = "meetings",
    request_body = CheckIn,
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 204, description = "Recorded"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn check_in(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(check_in): Json<CheckIn>,
) -> Result<StatusCode, ApiError> {
    must_take_part(&state, &caller, &meeting_id)?;
    let user_id = match check_in.user_id {
        Some(other) if other != caller.user_id => {
            if !(caller.role == Role::Chair || caller.role.may_publish()) {
                return Err(ApiError::forbidden(
                    "only the chair or the secretary records attendance for someone else",
                ));
            }
            other
        }
        _ => caller.user_id.clone(),
    };
    let reason = check_in
        .sealed_reason
        .as_deref()
        .map(|text| decode("sealed_reason", text))
        .transpose()?;
    if reason
        .as_ref()
        .is_some_and(|bytes| bytes.len() > MAX_REASON_BYTES)
    {
        return Err(ApiError::bad_request(
            "attendance.reason_too_large",
            "a reason has at most 4 KiB",
        ));
    }
    state.db.check_in(
        &meeting_id,
        &user_id,
        &caller.user_id,
        check_in.presence,
        reason.as_deref(),
        now_ms(),
    )?;
    let people = state.db.meeting_participants(&meeting_id)?;
    state.live.relay(
        LiveMessage::Event {
            meeting_id,
            from_device_id: caller.device_id,
            kind: ATTENDANCE_EVENT.into(),
            sealed: String::new(),
        },
        people,
    );
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/attendance",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, description = "The roster", body = AttendanceRoster), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn roster(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
) -> Result<Json<AttendanceRoster>, ApiError> {
    must_take_part(&state, &caller, &meeting_id)?;
    let mut roster = state.db.attendance(&meeting_id)?;
    let mut online: Vec<String> = state
        .db
        .meeting_participants(&meeting_id)?
        .into_iter()
        .filter(|user| state.live.is_online(user))
        .collect();
    online.sort();
    roster.online = online;
    Ok(Json(roster))
}
