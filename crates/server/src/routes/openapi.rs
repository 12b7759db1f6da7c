//! The OpenAPI document of the API, generated from the handlers' annotations and the wire
//! types (utoipa), served at `/api/v1/openapi.json`.

use axum::Json;
use phonghop_domain::ErrorBody;
use phonghop_domain::wire::*;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// One audit entry as served (see `phonghop_crypto::audit::AuditEntry`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(super) struct AuditEntrySchema {
    /// Position, from 0.
    seq: u64,
    /// Server time, Unix milliseconds.
    timestamp_ms: u64,
    /// What happened, e.g. `meeting.published`.
    kind: String,
    /// Canonical bytes describing it, hex.
    payload: String,
    /// Hash of the previous entry, hex.
    prev_hash: String,
}

/// A signed checkpoint as served (see `phonghop_crypto::audit::Checkpoint`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(super) struct CheckpointSchema {
    /// The meeting id.
    chain_id: String,
    /// Entries covered.
    length: u64,
    /// Hash of the last covered entry, hex.
    head: String,
    /// The server's Ed25519 signature, hex.
    signature: String,
}

/// `GET /api/v1/meetings/{id}/audit` (see `phonghop_crypto::audit::PublishedLog`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(super) struct AuditLogSchema {
    /// Every entry, from the first.
    entries: Vec<AuditEntrySchema>,
    /// The server's signed statement of length and head.
    checkpoint: CheckpointSchema,
    /// The server's checkpoint key, hex.
    server_key: String,
    /// The root's signature certifying that key, hex.
    root_signature: String,
}

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A device session token (POST /api/v1/session) or, for \
                         /api/v1/admin, the administrator token written by init",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Phòng Họp central document server",
        description = "Ciphertext, key envelopes and routing metadata for paperless meetings. \
            The server never sees plaintext. Every refusal is JSON {code, message}."
    ),
    paths(
        super::health, super::ready,
        super::session::enroll, super::session::organisation, super::session::challenge,
        super::session::login,
        super::meetings::me, super::meetings::directory, super::meetings::list,
        super::meetings::publish, super::meetings::audit_log,
        super::blobs::put_blob, super::blobs::get_blob, super::blobs::missing, super::blobs::batch,
        super::feed::page, super::feed::live,
        super::admin::add_user, super::admin::list_users, super::admin::enrollment_code,
        super::admin::disable_user, super::admin::enable_user, super::admin::list_devices,
        super::admin::pending_devices, super::admin::certify_device, super::admin::revoke_device,
        super::admin::list_committees,
        super::votes::open, super::votes::list, super::votes::cast, super::votes::close,
        super::meetings::cancel, super::meetings::relay_event,
        super::attendance::check_in, super::attendance::roster,
        super::conduct::read, super::conduct::act, super::conduct::speakers,
        super::secret_votes::cast, super::secret_votes::seat, super::secret_votes::publish_partial,
        super::secret_votes::record,
        super::annotations::post, super::annotations::page, super::annotations::personal_key,
        super::annotations::put_personal_key, super::annotations::record_export,
        super::readiness::rsvp, super::readiness::holdings, super::readiness::board,
    ),
    components(schemas(ErrorBody, LiveMessage, FeedKind, DeviceState)),
    modifiers(&BearerToken)
)]
struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub(super) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_with_its_error_shape() {
        let document = ApiDoc::openapi();
        let paths: Vec<&str> = document.paths.paths.keys().map(String::as_str).collect();
        for expected in [
            "/api/v1/enroll",
            "/api/v1/feed",
            "/api/v1/feed/live",
            "/api/v1/blobs/{id}",
            "/api/v1/blobs/missing",
            "/api/v1/meetings/{id}/audit",
            "/api/v1/admin/devices/{id}/revoke",
            "/api/v1/meetings/{id}/annotations",
            "/api/v1/me/personal-key",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        let json = serde_json::to_value(&document).unwrap();
        assert!(json["components"]["schemas"]["ErrorBody"].is_object());
        assert!(json["components"]["securitySchemes"]["bearer"].is_object());
    }
}
