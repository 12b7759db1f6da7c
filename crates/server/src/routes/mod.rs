//! The HTTP API: thin handlers that translate between HTTP and the database and blob store.

mod admin;
mod annotations;
mod attendance;
mod blobs;
mod conduct;
mod feed;
mod meetings;
mod openapi;
mod readiness;
mod secret_votes;
mod session;
mod votes;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use phonghop_domain::wire::{API_PREFIX, Health};

use crate::ops::rate_limit::{AuthLimiter, BURST, PER_MINUTE};
use crate::ops::{idempotency, json_errors, metrics, rate_limit};
use crate::{ApiError, AppState};

/// Largest blob accepted in one request.
pub const MAX_BLOB_BYTES: usize = 64 * 1024 * 1024;

/// Largest JSON body accepted (a sealed meeting record with its envelopes for a large body).
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// The server's routes over `state`, with the unauthenticated routes rate limited.
pub fn router(state: AppState) -> Router {
    router_with_limits(state, PER_MINUTE, BURST)
}

/// [`router`] with a chosen rate limit on the unauthenticated routes (tests use a small one).
pub fn router_with_limits(state: AppState, per_minute: u32, burst: u32) -> Router {
    let limiter = AuthLimiter::new(per_minute, burst, state.metrics.clone());
    let unauthenticated = Router::new()
        .route("/enroll", post(session::enroll))
        .route("/session/challenge", post(session::challenge))
        .route("/session", post(session::login))
        .route_layer(from_fn_with_state(limiter, rate_limit::limit));
    let blobs = Router::new()
        .route("/blobs/{id}", put(blobs::put_blob).get(blobs::get_blob))
        .layer(DefaultBodyLimit::max(MAX_BLOB_BYTES));
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .route("/admin/users", post(admin::add_user).get(admin::list_users))
        .route("/admin/users/{id}/disable", post(admin::disable_user))
        .route("/admin/users/{id}/enable", post(admin::enable_user))
        .route("/admin/committees", get(admin::list_committees))
        .route("/admin/devices", get(admin::list_devices))
        .route("/admin/devices/{id}/revoke", post(admin::revoke_device))
        .route(
            "/admin/users/{id}/enrollment-code",
            post(admin::enrollment_code),
        )
        .route("/admin/devices/pending", get(admin::pending_devices))
        .route(
            "/admin/devices/{id}/certificate",
            put(admin::certify_device),
        )
        .route("/organisation", get(session::organisation))
        .route("/me", get(meetings::me))
        .route("/directory", get(meetings::directory))
        .route("/meetings", get(meetings::list).post(meetings::publish))
        .route("/meetings/{id}/audit", get(meetings::audit_log))
        .route("/meetings/{id}/votes", post(votes::open).get(votes::list))
        .route("/meetings/{id}/cancel", post(meetings::cancel))
        .route(
            "/meetings/{id}/attendance",
            post(attendance::check_in).get(attendance::roster),
        )
        .route(
            "/meetings/{id}/conduct",
            get(conduct::read).post(conduct::act),
        )
        .route("/meetings/{id}/speakers", post(conduct::speakers))
        .route("/meetings/{id}/events", post(meetings::relay_event))
        .route(
            "/meetings/{id}/annotations",
            post(annotations::post).get(annotations::page),
        )
        .route("/meetings/{id}/rsvp", post(readiness::rsvp))
        .route("/meetings/{id}/holdings", post(readiness::holdings))
        .route("/meetings/{id}/readiness", get(readiness::board))
        .route(
            "/meetings/{id}/annotated-exports",
            post(annotations::record_export),
        )
        .route(
            "/me/personal-key",
            get(annotations::personal_key).put(annotations::put_personal_key),
        )
        .route("/votes/{id}/ballots", post(votes::cast))
        .route("/votes/{id}/close", post(votes::close))
        .route("/votes/{id}/secret-ballots", post(secret_votes::cast))
        .route("/votes/{id}/seat", get(secret_votes::seat))
        .route("/votes/{id}/partials", post(secret_votes::publish_partial))
        .route("/votes/{id}/record", get(secret_votes::record))
        .route("/blobs/missing", post(blobs::missing))
        .route("/blobs/batch", post(blobs::batch))
        .route("/feed", get(feed::page))
        .route("/feed/live", get(feed::live))
        .route_layer(from_fn_with_state(state.clone(), idempotency::apply_once))
        .merge(unauthenticated)
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
        .merge(blobs);
    Router::new()
        .nest(API_PREFIX, api)
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/metrics", get(render_metrics))
        .route_layer(from_fn_with_state(state.metrics.clone(), metrics::track))
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(map_response(json_errors::to_json))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Decodes a base64 field of a request, refusing it with `request.bad_base64`.
fn decode(field: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ApiError::bad_request("request.bad_base64", format!("{field} is not base64")))
}

/// Refuses, as "not found", a device that holds no key for the meeting (so outsiders do
/// not even learn the meeting exists).
fn must_take_part(
    state: &AppState,
    caller: &crate::db::DeviceIdentity,
    meeting_id: &str,
) -> Result<(), ApiError> {
    if state.db.takes_part(&caller.device_id, meeting_id)? {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "no meeting {meeting_id} for this device"
        )))
    }
}

/// `/readyz`: the database answers and the blob store takes writes; 503 otherwise.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = "default", description = "Not ready (503) with the reason", body = phonghop_domain::ErrorBody)
    )
)]
async fn ready(State(state): State<AppState>) -> Result<axum::Json<Health>, ApiError> {
    let not_ready = |part: &str, error: ApiError| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server.not_ready",
            format!("the {part} is not ready: {}", error.body.message),
        )
    };
    state
        .db
        .check_ready()
        .map_err(|e| not_ready("database", e))?;
    state
        .blobs
        .check_ready()
        .map_err(|e| not_ready("blob store", e))?;
    Ok(axum::Json(Health {
        status: "ready".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

/// `/metrics` in Prometheus' text format.
async fn render_metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// `/healthz` and `/api/v1/health`: the process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "Alive", body = Health))
)]
async fn health() -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
