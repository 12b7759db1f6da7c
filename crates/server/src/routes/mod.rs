//! The HTTP API: thin handlers that translate between HTTP and the database and blob store.

mod admin;
mod blobs;
mod meetings;
mod session;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use phonghop_domain::wire::{API_PREFIX, Health};

use crate::AppState;

/// Largest blob accepted in one request.
pub const MAX_BLOB_BYTES: usize = 64 * 1024 * 1024;

/// The server's routes over `state`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/admin/users", post(admin::add_user))
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
        .route("/enroll", post(session::enroll))
        .route("/session/challenge", post(session::challenge))
        .route("/session", post(session::login))
        .route("/me", get(meetings::me))
        .route("/directory", get(meetings::directory))
        .route("/meetings", get(meetings::list).post(meetings::publish))
        .route("/blobs/{id}", put(blobs::put_blob).get(blobs::get_blob))
        .layer(DefaultBodyLimit::max(MAX_BLOB_BYTES));
    Router::new()
        .nest(API_PREFIX, api)
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn health() -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
