//! Administration: adding people and registering their devices.

use axum::Json;
use axum::extract::State;
use phonghop_domain::wire::{DeviceCreated, NewDevice, NewUser, UserCreated};

use crate::auth::AdminCaller;
use crate::{ApiError, AppState};

fn is_hex_key(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

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

pub(super) async fn add_device(
    _admin: AdminCaller,
    State(state): State<AppState>,
    Json(device): Json<NewDevice>,
) -> Result<Json<DeviceCreated>, ApiError> {
    if !is_hex_key(&device.signing_public_key) || !is_hex_key(&device.exchange_public_key) {
        return Err(ApiError::bad_request(
            "device.bad_key",
            "public keys are 32 bytes in hex",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let token = phonghop_crypto::random_token().map_err(ApiError::internal)?;
    state.db.add_device(
        &id,
        &device.user_id,
        &device.signing_public_key.to_ascii_lowercase(),
        &device.exchange_public_key.to_ascii_lowercase(),
        &phonghop_crypto::sha256_hex(token.as_bytes()),
    )?;
    Ok(Json(DeviceCreated {
        device_id: id,
        device_token: token,
    }))
}
