//! Upload and download of encrypted blobs, named by the SHA-256 of their bytes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::auth::DeviceCaller;
use crate::blobs::is_blob_id;
use crate::{ApiError, AppState};

pub(super) async fn put_blob(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    if !caller.role.may_publish() {
        return Err(ApiError::forbidden("only a secretary uploads documents"));
    }
    if !is_blob_id(&id) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            "a blob id is 64 lower-case hex digits",
        ));
    }
    if phonghop_crypto::sha256_hex(&body) != id {
        return Err(ApiError::bad_request(
            "blob.hash_mismatch",
            "the bytes do not hash to the blob id",
        ));
    }
    state.blobs.put(&id, &body)?;
    state.db.add_blob(&id, body.len(), &caller.device_id)?;
    Ok(StatusCode::CREATED)
}

pub(super) async fn get_blob(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Vec<u8>, ApiError> {
    if !is_blob_id(&id) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            "a blob id is 64 lower-case hex digits",
        ));
    }
    if !state.db.may_read_blob(&caller.device_id, &id)? {
        return Err(ApiError::not_found(format!("no blob {id} for this device")));
    }
    state
        .blobs
        .get(&id)?
        .ok_or_else(|| ApiError::not_found(format!("blob {id} is missing from storage")))
}
