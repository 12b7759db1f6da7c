//! Administration over HTTP (administrator token): adding people and issuing enrollment codes.

use axum::Json;
use axum::extract::{Path, State};
use phonghop_domain::wire::{EnrollmentCode, NewUser, UserCreated};

use super::session::code_hash;
use crate::auth::AdminCaller;
use crate::db::now;
use crate::{ApiError, AppState};

/// How long an enrollment code stays usable.
const CODE_SECS: i64 = 7 * 24 * 3600;

pub(super) async fn add_user(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Json(user): Json<NewUser>,
) -> Result<Json<UserCreated>, ApiError> {
    let name = user.display_name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "user.bad_name",
            "a name has 1 to 200 characters",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    state.db.add_user(&id, name, user.title.trim(), user.role)?;
    Ok(Json(UserCreated { user_id: id }))
}

/// Sixteen random digits in groups of four: easy to read aloud and type. Bytes of 250 and
/// above are skipped so every digit is equally likely.
fn new_code() -> Result<String, ApiError> {
    let mut digits = String::with_capacity(19);
    let mut count = 0;
    while count < 16 {
        for byte in phonghop_crypto::random_bytes::<32>().map_err(ApiError::internal)? {
            if byte >= 250 || count == 16 {
                continue;
            }
            if count > 0 && count % 4 == 0 {
                digits.push('-');
            }
            digits.push(char::from(b'0' + byte % 10));
            count += 1;
        }
    }
    Ok(digits)
}

pub(super) async fn enrollment_code(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Result<Json<EnrollmentCode>, ApiError> {
    let code = new_code()?;
    let expires_at = now() + CODE_SECS;
    state
        .db
        .add_enrollment_code(&user_id, &code_hash(&code), expires_at)?;
    Ok(Json(EnrollmentCode { code, expires_at }))
}
