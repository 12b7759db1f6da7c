//! Administration over HTTP (administrator token): adding people and issuing enrollment codes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_domain::wire::{CertifyDevice, EnrollmentCode, NewUser, PendingDevice, UserCreated};

use crate::auth::AdminCaller;
use crate::{ApiError, AppState, certify, enrollment};

pub(super) async fn add_user(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Json(user): Json<NewUser>,
) -> Result<Json<UserCreated>, ApiError> {
    let user_id = enrollment::add_person(&state.db, &user.display_name, &user.title, user.role)?;
    Ok(Json(UserCreated { user_id }))
}

pub(super) async fn enrollment_code(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Result<Json<EnrollmentCode>, ApiError> {
    Ok(Json(enrollment::issue_code(&state.db, &user_id)?))
}

pub(super) async fn pending_devices(
    _admin: AdminCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<PendingDevice>>, ApiError> {
    Ok(Json(state.db.pending_devices()?))
}

pub(super) async fn certify_device(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(device_id): Path<String>,
    Json(request): Json<CertifyDevice>,
) -> Result<StatusCode, ApiError> {
    certify::store_certificate(
        &state.db,
        &device_id,
        request.valid_from,
        request.valid_until,
        &request.signature,
    )?;
    Ok(StatusCode::NO_CONTENT)
}
