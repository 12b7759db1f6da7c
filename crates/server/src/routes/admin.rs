//! Administration over HTTP (administrator token): people, committees, devices and
//! enrollment codes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_domain::wire::{
    CertifyDevice, CommitteeSummary, DeviceSummary, EnrollmentCode, NewUser, PendingDevice,
    UserCreated, UserSummary,
};

use crate::auth::AdminCaller;
use crate::{ApiError, AppState, certify, enrollment};
use phonghop_domain::ErrorBody;

#[utoipa::path(
    post,
    path = "/api/v1/admin/users",
    tag = "administration",
    request_body = NewUser,
    responses((status = 200, description = "Added", body = UserCreated), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn add_user(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Json(user): Json<NewUser>,
) -> Result<Json<UserCreated>, ApiError> {
    let user_id = enrollment::add_person(
        state.db.as_ref(),
        &user.display_name,
        &user.title,
        user.role,
    )?;
    Ok(Json(UserCreated { user_id }))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{id}/enrollment-code",
    tag = "administration",
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, description = "A one-time code", body = EnrollmentCode), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn enrollment_code(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Result<Json<EnrollmentCode>, ApiError> {
    Ok(Json(enrollment::issue_code(state.db.as_ref(), &user_id)?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/devices/pending",
    tag = "administration",
    responses((status = 200, description = "Devices awaiting a certificate", body = Vec<PendingDevice>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn pending_devices(
    _admin: AdminCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<PendingDevice>>, ApiError> {
    Ok(Json(state.db.pending_devices()?))
}

#[utoipa::path(
    put,
    path = "/api/v1/admin/devices/{id}/certificate",
    tag = "administration",
    request_body = CertifyDevice,
    params(("id" = String, Path, description = "Device id")),
    responses((status = 204, description = "Certificate stored"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn certify_device(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(device_id): Path<String>,
    Json(request): Json<CertifyDevice>,
) -> Result<StatusCode, ApiError> {
    certify::store_certificate(
        state.db.as_ref(),
        &device_id,
        request.valid_from,
        request.valid_until,
        &request.signature,
    )?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "administration",
    responses((status = 200, description = "Everyone", body = Vec<UserSummary>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn list_users(
    _admin: AdminCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    Ok(Json(state.db.list_users()?))
}

fn set_disabled(state: &AppState, user_id: &str, disabled: bool) -> Result<StatusCode, ApiError> {
    if state.db.set_user_disabled(user_id, disabled)? {
        // Wakes the person's live connections, which then find they are no longer allowed.
        state.live.wake(vec![user_id.to_owned()]);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no user {user_id}")))
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{id}/disable",
    tag = "administration",
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Disabled; sessions ended"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn disable_user(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    set_disabled(&state, &user_id, true)
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{id}/enable",
    tag = "administration",
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Enabled"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn enable_user(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    set_disabled(&state, &user_id, false)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/devices",
    tag = "administration",
    responses((status = 200, description = "Every device", body = Vec<DeviceSummary>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn list_devices(
    _admin: AdminCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    Ok(Json(state.db.list_devices()?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/devices/{id}/revoke",
    tag = "administration",
    params(("id" = String, Path, description = "Device id")),
    responses((status = 204, description = "Revoked"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn revoke_device(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(device_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if let Some(owner) = state.db.revoke_device(&device_id)? {
        state.live.wake(vec![owner]);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no device {device_id}")))
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/committees",
    tag = "administration",
    responses((status = 200, description = "Committees", body = Vec<CommitteeSummary>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn list_committees(
    _admin: AdminCaller,
    State(state): State<AppState>,
) -> Result<Json<Vec<CommitteeSummary>>, ApiError> {
    Ok(Json(state.db.list_committees()?))
}
