//! Running the meeting: the chair starts, pauses and ends it and opens agenda items; members
//! ask to speak and the chair grants, orders and removes. Every change is audited and every
//! participant's live connection hears `conduct.changed`, so all screens follow the chair.

use axum::Json;
use axum::extract::{Path, State};
use phonghop_domain::conduct::{ConductAction, SpeakersAction};
use phonghop_domain::wire::{ConductStatus, LiveMessage};
use phonghop_domain::{ErrorBody, Role};

use super::{decode, must_take_part};
use crate::audit::now_ms;
use crate::auth::DeviceCaller;
use crate::db::{ConductChange, DeviceIdentity};
use crate::{ApiError, AppState};

/// Event kind participants hear when the conduct changes (no payload: they fetch it).
pub const CONDUCT_EVENT: &str = "conduct.changed";
/// Largest sealed agenda item accepted.
const MAX_ITEM_BYTES: usize = 4 * 1024;

fn must_chair(caller: &DeviceIdentity) -> Result<(), ApiError> {
    if caller.role == Role::Chair {
        Ok(())
    } else {
        Err(ApiError::forbidden("only the chair runs the meeting"))
    }
}

fn tell_participants(
    state: &AppState,
    caller: &DeviceIdentity,
    meeting_id: &str,
) -> Result<(), ApiError> {
    let people = state.db.meeting_participants(meeting_id)?;
    state.live.relay(
        LiveMessage::Event {
            meeting_id: meeting_id.to_owned(),
            from_device_id: caller.device_id.clone(),
            kind: CONDUCT_EVENT.into(),
            sealed: String::new(),
        },
        people,
    );
    Ok(())
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/conduct",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, description = "The meeting as the chair runs it", body = ConductStatus), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn read(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
) -> Result<Json<ConductStatus>, ApiError> {
    must_take_part(&state, &caller, &meeting_id)?;
    Ok(Json(state.db.conduct(&meeting_id, now_ms())?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/conduct",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = ConductAction,
    responses((status = 200, description = "Applied", body = ConductStatus), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn act(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(action): Json<ConductAction>,
) -> Result<Json<ConductStatus>, ApiError> {
    must_chair(&caller)?;
    must_take_part(&state, &caller, &meeting_id)?;
    if let ConductAction::OpenItem { sealed_item } = &action {
        let sealed = decode("sealed_item", sealed_item)?;
        if sealed.is_empty() || sealed.len() > MAX_ITEM_BYTES {
            return Err(ApiError::bad_request(
                "conduct.bad_item",
                "a sealed agenda item has 1 byte to 4 KiB",
            ));
        }
    }
    let answer = state.db.change_conduct(
        &meeting_id,
        &caller.user_id,
        ConductChange::Meeting(&action),
        now_ms(),
    )?;
    tell_participants(&state, &caller, &meeting_id)?;
    Ok(Json(answer))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/speakers",
    tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = SpeakersAction,
    responses((status = 200, description = "Applied", body = ConductStatus), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn speakers(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(action): Json<SpeakersAction>,
) -> Result<Json<ConductStatus>, ApiError> {
    if action.is_chairs() {
        must_chair(&caller)?;
    } else if !caller.role.may_vote() {
        return Err(ApiError::forbidden(
            "guests and administrators do not ask to speak here",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    let answer = state.db.change_conduct(
        &meeting_id,
        &caller.user_id,
        ConductChange::Speakers(&action),
        now_ms(),
    )?;
    tell_participants(&state, &caller, &meeting_id)?;
    Ok(Json(answer))
}
