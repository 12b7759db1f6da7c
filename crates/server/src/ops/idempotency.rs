//! `Idempotency-Key` on POST requests from devices: the first request under a key is
//! carried out and its answer kept; a retry with the same key and the same request gets that
//! answer again (marked `idempotent-replayed: true`) without applying twice. A key reused
//! for a different request is refused. Answers of 5xx are not kept, so those may be retried.
//! This is what lets the client's outbox resend anything whose answer it never saw.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::db::IdempotentStart;
use crate::routes::MAX_JSON_BYTES;
use crate::{ApiError, AppState};

/// The request header (the same name the client sends).
pub const HEADER: &str = "idempotency-key";

/// Set on an answer replayed from an earlier request.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

fn valid_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// Whether an answer is final enough to replay (not a failure the retry may cure).
fn keep_answer(status: StatusCode) -> bool {
    !(status.is_server_error()
        || status == StatusCode::UNAUTHORIZED
        || status == StatusCode::TOO_MANY_REQUESTS)
}

/// The middleware; requests without the header pass straight through.
pub async fn apply_once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(HEADER) else {
        return next.run(request).await;
    };
    let Some(key) = key
        .to_str()
        .ok()
        .filter(|key| valid_key(key))
        .map(str::to_owned)
    else {
        return ApiError::bad_request(
            "request.bad_idempotency_key",
            "Idempotency-Key must be 8 to 128 letters, digits, '-' or '_'",
        )
        .into_response();
    };
    let (parts, body) = request.into_parts();
    // Unauthenticated requests go on to be refused by their handler.
    let device =
        match crate::auth::bearer_hash(&parts).map(|hash| state.db.device_by_session(&hash)) {
            Ok(Ok(Some(device))) => device,
            Ok(Err(error)) => return error.into_response(),
            _ => return next.run(Request::from_parts(parts, body)).await,
        };
    let Ok(bytes) = to_bytes(body, MAX_JSON_BYTES).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.too_large",
            "the request body is too large",
        )
        .into_response();
    };
    let mut described = format!("{} {}\n", parts.method, parts.uri.path()).into_bytes();
    described.extend_from_slice(&bytes);
    let fingerprint = phonghop_crypto::sha256_hex(&described);
    match state
        .db
        .begin_idempotent(&device.device_id, &key, &fingerprint)
    {
        Err(error) => error.into_response(),
        Ok(IdempotentStart::InProgress) => ApiError::new(
            StatusCode::CONFLICT,
            "request.in_progress",
            "an earlier attempt of this request is still being carried out",
        )
        .into_response(),
        Ok(IdempotentStart::Mismatch) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.idempotency_key_reused",
            "this Idempotency-Key was used for a different request",
        )
        .into_response(),
        Ok(IdempotentStart::Answered { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
            response
        }
        Ok(IdempotentStart::Fresh) => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (response_parts, response_body) = response.into_parts();
            let answer = match to_bytes(response_body, MAX_JSON_BYTES).await {
                Ok(answer) => answer,
                Err(error) => {
                    // Release the claim: the request may be retried.
                    let _ = state.db.finish_idempotent(&device.device_id, &key, None);
                    return ApiError::internal(format!("the answer could not be kept: {error}"))
                        .into_response();
                }
            };
            let kept = keep_answer(response_parts.status)
                .then(|| (response_parts.status.as_u16(), &answer[..]));
            if let Err(error) = state.db.finish_idempotent(&device.device_id, &key, kept) {
                tracing::warn!(%error, "an idempotent answer was not recorded");
            }
            Response::from_parts(response_parts, Body::from(answer))
        }
    }
}
