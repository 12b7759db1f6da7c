//! Administration over HTTP (administrator token): adding people and issuing enrollment codes.

use axum::Json;
use axum::extract::{Path, State};
use phonghop_domain::wire::{EnrollmentCode, NewUser, UserCreated};

use crate::auth::AdminCaller;
use crate::{ApiError, AppState, enrollment};

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
