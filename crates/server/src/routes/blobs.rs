//! Upload and download of encrypted blobs, named by the SHA-256 of their bytes: an
//! idempotent PUT checked on receipt, a batch "which do you lack", and GET with ranges.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use phonghop_domain::wire::{BlobQuery, MissingBlobs};

use crate::auth::DeviceCaller;
use crate::blobs::is_blob_id;
use crate::{ApiError, AppState};
use phonghop_domain::ErrorBody;

#[utoipa::path(
    put,
    path = "/api/v1/blobs/{id}",
    tag = "chunks",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The ciphertext; its SHA-256 must be the id"),
    params(("id" = String, Path, description = "SHA-256 of the bytes, lower-case hex")),
    responses((status = 201, description = "Stored (or already stored)"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
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

/// Most ids one "which do you lack" call may ask about.
pub const MAX_QUERY_IDS: usize = 10_000;

#[utoipa::path(
    post,
    path = "/api/v1/blobs/missing",
    tag = "chunks",
    request_body = BlobQuery,
    responses((status = 200, description = "The ids the server lacks", body = MissingBlobs), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn missing(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Json(query): Json<BlobQuery>,
) -> Result<Json<MissingBlobs>, ApiError> {
    if !caller.role.may_publish() {
        return Err(ApiError::forbidden("only a secretary uploads documents"));
    }
    if query.ids.len() > MAX_QUERY_IDS {
        return Err(ApiError::bad_request(
            "blob.too_many_ids",
            format!("ask about at most {MAX_QUERY_IDS} blobs at once"),
        ));
    }
    if let Some(bad) = query.ids.iter().find(|id| !is_blob_id(id)) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            format!("{bad} is not a blob id"),
        ));
    }
    let mut missing = Vec::new();
    for id in query.ids {
        if !state.db.has_blob(&id)? || state.blobs.size(&id)?.is_none() {
            missing.push(id);
        }
    }
    Ok(Json(MissingBlobs { missing }))
}

/// `GET /blobs/{id}`, whole or one byte range (`Range: bytes=…`), so an interrupted
/// download continues where it stopped.
#[utoipa::path(
    get,
    path = "/api/v1/blobs/{id}",
    tag = "chunks",
    params(("id" = String, Path, description = "SHA-256 of the bytes, lower-case hex"), ("Range" = Option<String>, Header, description = "One byte range, e.g. bytes=1024-")),
    responses((status = 200, description = "The whole blob", content_type = "application/octet-stream", body = Vec<u8>), (status = 206, description = "The requested range", content_type = "application/octet-stream", body = Vec<u8>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn get_blob(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !is_blob_id(&id) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            "a blob id is 64 lower-case hex digits",
        ));
    }
    if !state.db.may_read_blob(&caller.device_id, &id)? {
        return Err(ApiError::not_found(format!("no blob {id} for this device")));
    }
    let missing = || ApiError::not_found(format!("blob {id} is missing from storage"));
    let size = state.blobs.size(&id)?.ok_or_else(missing)?;
    let range = headers
        .get(header::RANGE)
        .map(|value| {
            let unsatisfiable = || {
                let mut error = ApiError::new(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "blob.range_not_satisfiable",
                    format!("the blob has {size} bytes"),
                );
                error.content_range = Some(format!("bytes */{size}"));
                error
            };
            let text = value.to_str().map_err(|_| unsatisfiable())?;
            let ranges = http_range_header::parse_range_header(text)
                .and_then(|parsed| parsed.validate(size))
                .map_err(|_| unsatisfiable())?;
            Ok::<_, ApiError>(ranges)
        })
        .transpose()?;
    let common = [
        (header::ACCEPT_RANGES, "bytes".to_owned()),
        (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
    ];
    match range.as_deref() {
        // One range: 206 with that part. Several ranges are answered with the whole blob,
        // as HTTP allows; clients of this API ask for one.
        Some([only]) => {
            let (start, end) = (*only.start(), *only.end());
            let bytes = state
                .blobs
                .get_range(&id, start, end)?
                .ok_or_else(missing)?;
            Ok((
                StatusCode::PARTIAL_CONTENT,
                common,
                [(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"))],
                bytes,
            )
                .into_response())
        }
        _ => {
            let bytes = state.blobs.get(&id)?.ok_or_else(missing)?;
            Ok((StatusCode::OK, common, bytes).into_response())
        }
    }
}

/// Most blobs one batch download may ask for.
pub const MAX_BATCH_IDS: usize = 256;

/// Most bytes one batch answer may carry (clients ask for far less).
pub const MAX_BATCH_BYTES: usize = 16 * 1024 * 1024;

/// `POST /blobs/batch`: several blobs in one answer, each framed as its length (4 bytes,
/// big-endian) followed by its bytes, in the order asked. One request instead of one per
/// chunk saves a request's headers and the server's work per chunk on thin links; a cut
/// answer still delivers every whole frame, and the client resumes a cut one with `GET`
/// and `Range`.
#[utoipa::path(
    post,
    path = "/api/v1/blobs/batch",
    tag = "chunks",
    request_body = BlobQuery,
    responses((status = 200, description = "Each blob as a 4-byte big-endian length and its bytes, in the order asked", content_type = "application/octet-stream", body = Vec<u8>), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn batch(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Json(query): Json<BlobQuery>,
) -> Result<Response, ApiError> {
    if query.ids.is_empty() || query.ids.len() > MAX_BATCH_IDS {
        return Err(ApiError::bad_request(
            "blob.too_many_ids",
            format!("ask for 1 to {MAX_BATCH_IDS} blobs at once"),
        ));
    }
    if let Some(bad) = query.ids.iter().find(|id| !is_blob_id(id)) {
        return Err(ApiError::bad_request(
            "blob.bad_id",
            format!("{bad} is not a blob id"),
        ));
    }
    let mut body = Vec::new();
    for id in &query.ids {
        if !state.db.may_read_blob(&caller.device_id, id)? {
            return Err(ApiError::not_found(format!("no blob {id} for this device")));
        }
        let bytes = state
            .blobs
            .get(id)?
            .ok_or_else(|| ApiError::not_found(format!("blob {id} is missing from storage")))?;
        let length = u32::try_from(bytes.len()).map_err(ApiError::internal)?;
        if body.len() + bytes.len() + 4 > MAX_BATCH_BYTES {
            return Err(ApiError::bad_request(
                "blob.batch_too_large",
                format!("a batch answer carries at most {MAX_BATCH_BYTES} bytes"),
            ));
        }
        body.extend_from_slice(&length.to_be_bytes());
        body.extend_from_slice(&bytes);
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/octet-stream")],
        body,
    )
        .into_response())
}
