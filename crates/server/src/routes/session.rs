//! Enrollment by one-time code, and login by signing a challenge.

use axum::Json;
use axum::extract::State;
use phonghop_domain::wire::{
    Challenge, ChallengeRequest, Enroll, Enrolled, Login, Organisation, SessionToken,
};

use crate::db::now;
use crate::enrollment::code_hash;
use crate::{ApiError, AppState};
use phonghop_domain::ErrorBody;

/// How long a challenge may be answered.
const CHALLENGE_SECS: i64 = 120;
/// How long a session token lasts before the device logs in again.
pub const SESSION_SECS: i64 = 3600;

fn is_hex_key(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[utoipa::path(
    post,
    path = "/api/v1/enroll",
    tag = "session",
    request_body = Enroll,
    responses((status = 200, description = "Enrolled", body = Enrolled), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody))
)]
pub(super) async fn enroll(
    State(state): State<AppState>,
    Json(request): Json<Enroll>,
) -> Result<Json<Enrolled>, ApiError> {
    if !is_hex_key(&request.signing_public_key) || !is_hex_key(&request.exchange_public_key) {
        return Err(ApiError::bad_request(
            "device.bad_key",
            "public keys are 32 bytes in hex",
        ));
    }
    let device_id = uuid::Uuid::new_v4().to_string();
    let user_id = state.db.enroll_device(
        &code_hash(&request.code),
        &device_id,
        &request.signing_public_key.to_ascii_lowercase(),
        &request.exchange_public_key.to_ascii_lowercase(),
    )?;
    Ok(Json(Enrolled {
        device_id,
        user_id,
        organisation: state.db.organisation_name()?,
        root_public_key: state.db.root_public_key()?,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/organisation",
    tag = "session",
    responses((status = 200, description = "Name and root key", body = Organisation), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody))
)]
pub(super) async fn organisation(
    State(state): State<AppState>,
) -> Result<Json<Organisation>, ApiError> {
    Ok(Json(Organisation {
        name: state.db.organisation_name()?,
        root_public_key: state.db.root_public_key()?,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session/challenge",
    tag = "session",
    request_body = ChallengeRequest,
    responses((status = 200, description = "Something to sign", body = Challenge), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody))
)]
pub(super) async fn challenge(
    State(state): State<AppState>,
    Json(request): Json<ChallengeRequest>,
) -> Result<Json<Challenge>, ApiError> {
    if state.db.signing_key_of(&request.device_id)?.is_none() {
        return Err(ApiError::unauthorized());
    }
    let challenge = phonghop_crypto::random_token().map_err(ApiError::internal)?;
    state
        .db
        .add_challenge(&request.device_id, &challenge, now() + CHALLENGE_SECS)?;
    Ok(Json(Challenge {
        challenge,
        expires_in_secs: CHALLENGE_SECS,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = Login,
    responses((status = 200, description = "A session token", body = SessionToken), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody))
)]
pub(super) async fn login(
    State(state): State<AppState>,
    Json(request): Json<Login>,
) -> Result<Json<SessionToken>, ApiError> {
    let Some(key_hex) = state.db.signing_key_of(&request.device_id)? else {
        return Err(ApiError::unauthorized());
    };
    // The challenge is consumed before the signature is checked: a failed answer still
    // burns it, so guesses cannot be retried against one challenge.
    if !state
        .db
        .take_challenge(&request.device_id, &request.challenge)?
    {
        return Err(ApiError::unauthorized());
    }
    let mut key = [0u8; 32];
    let mut signature = [0u8; 64];
    let decoded = hex::decode_to_slice(&key_hex, &mut key).is_ok()
        && hex::decode_to_slice(&request.signature, &mut signature).is_ok();
    let statement = phonghop_crypto::login_statement(
        &state.db.organisation_name()?,
        &request.device_id,
        &request.challenge,
    );
    if !decoded || phonghop_crypto::verify_record(&key, &statement, &signature).is_err() {
        return Err(ApiError::unauthorized());
    }
    let token = phonghop_crypto::random_token().map_err(ApiError::internal)?;
    state.db.add_session(
        &phonghop_crypto::sha256_hex(token.as_bytes()),
        &request.device_id,
        now() + SESSION_SECS,
    )?;
    Ok(Json(SessionToken {
        token,
        expires_in_secs: SESSION_SECS,
    }))
}
