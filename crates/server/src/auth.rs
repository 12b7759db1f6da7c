//! Who is calling: the administrator (by the token written at `init`) or an enrolled
//! device (by the short-lived session token it got by signing a challenge). Tokens are
//! stored hashed.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::db::DeviceIdentity;
use crate::{ApiError, AppState};

pub(crate) fn bearer_hash(parts: &Parts) -> Result<String, ApiError> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let token = header
        .strip_prefix("Bearer ")
        .filter(|token| !token.is_empty())
        .ok_or_else(ApiError::unauthorized)?;
    Ok(phonghop_crypto::sha256_hex(token.as_bytes()))
}

/// Extractor: the request carries the administrator token.
#[derive(Debug)]
pub struct AdminCaller;

impl FromRequestParts<AppState> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let hash = bearer_hash(parts)?;
        if state.db.is_admin_token(&hash)? {
            Ok(AdminCaller)
        } else {
            Err(ApiError::unauthorized())
        }
    }
}

/// Extractor: the request comes from an enrolled, active device with a live session.
#[derive(Debug)]
pub struct DeviceCaller(pub DeviceIdentity);

impl FromRequestParts<AppState> for DeviceCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let hash = bearer_hash(parts)?;
        state
            .db
            .device_by_session(&hash)?
            .map(DeviceCaller)
            .ok_or_else(ApiError::unauthorized)
    }
}
