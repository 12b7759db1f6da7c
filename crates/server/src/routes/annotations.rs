//! Annotations: members post sealed, signed records and fetch those they may read; their
//! own devices pass the personal key to one another; an exported annotated copy goes into
//! the meeting's audit chain. Readers hear `annotations.changed` on their live connection.

use axum::Json;
use axum::extract::{Path, Query, State};
use phonghop_domain::ErrorBody;
use phonghop_domain::wire::{
    AnnotatedExport, AnnotationAccepted, AnnotationPage, ExportRecorded, LiveMessage,
    PersonalKeyStatus, PersonalKeyUpload, PostAnnotation,
};
use serde::Deserialize;

use super::{decode, must_take_part};
use crate::auth::DeviceCaller;
use crate::db::NewAnnotationRecord;
use crate::{ApiError, AppState};

/// Event kind readers hear when a record they may read arrives (no payload: they fetch).
pub const ANNOTATIONS_EVENT: &str = "annotations.changed";
/// Largest sealed annotation accepted (a page of ink is well under it).
const MAX_SEALED_BYTES: usize = 512 * 1024;
/// Records per page when the client does not say.
const DEFAULT_LIMIT: u32 = 500;
/// Most records per page.
const MAX_LIMIT: u32 = 2000;
/// Most envelopes on one record (every device of a large body).
const MAX_ENVELOPES: usize = 4000;

fn bad(code: &str, message: &str) -> ApiError {
    ApiError::bad_request(code, message)
}

fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn envelopes(list: &[phonghop_domain::wire::Envelope]) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    if list.len() > MAX_ENVELOPES {
        return Err(bad("annotation.bad_envelope", "too many envelopes"));
    }
    list.iter()
        .map(|envelope| {
            let bytes = decode("envelope", &envelope.envelope)?;
            if bytes.len() != phonghop_crypto::ENVELOPE_LEN || !is_id(&envelope.device_id) {
                return Err(bad("annotation.bad_envelope", "an envelope is malformed"));
            }
            Ok((envelope.device_id.clone(), bytes))
        })
        .collect()
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/annotations",
    tag = "annotations",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = PostAnnotation,
    responses((status = 200, description = "Kept (or kept before: the same place)", body = AnnotationAccepted), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn post(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(request): Json<PostAnnotation>,
) -> Result<Json<AnnotationAccepted>, ApiError> {
    if !is_id(&request.record_id) {
        return Err(bad(
            "annotation.bad_record_id",
            "a record id has 1 to 64 letters, digits, '-' or '_'",
        ));
    }
    let sealed = decode("sealed", &request.sealed)?;
    if sealed.is_empty() || sealed.len() > MAX_SEALED_BYTES {
        return Err(bad(
            "annotation.too_large",
            "a sealed annotation has 1 byte to 512 KiB",
        ));
    }
    let signature = hex::decode(&request.signature)
        .ok()
        .filter(|bytes| bytes.len() == 64)
        .ok_or_else(|| {
            bad(
                "annotation.bad_signature",
                "the signature is not 64 hex bytes",
            )
        })?;
    let envelopes = envelopes(&request.envelopes)?;
    must_take_part(&state, &caller, &meeting_id)?;
    let audience_json = serde_json::to_string(&request.audience).map_err(ApiError::internal)?;
    let signing_key = super::votes::device_signing_key(&state, &caller.device_id)?;
    let statement = phonghop_crypto::annotation::annotation_statement(
        &request.record_id,
        &meeting_id,
        &caller.device_id,
        &audience_json,
        &sealed,
    );
    if phonghop_crypto::verify_record(&signing_key, &statement, &signature).is_err() {
        return Err(bad(
            "annotation.bad_signature",
            "the signature does not verify with this device's key",
        ));
    }
    let record = NewAnnotationRecord {
        record_id: request.record_id,
        audience: request.audience,
        audience_json,
        sealed,
        signature,
        envelopes,
    };
    let seq = state
        .db
        .add_annotation_record(&caller, &meeting_id, &record, crate::db::now())?;
    let readers = state
        .db
        .annotation_readers(&meeting_id, &caller.user_id, &record.audience)?;
    state.live.relay(
        LiveMessage::Event {
            meeting_id,
            from_device_id: caller.device_id,
            kind: ANNOTATIONS_EVENT.into(),
            sealed: String::new(),
        },
        readers,
    );
    Ok(Json(AnnotationAccepted { seq }))
}

/// Query of the annotation log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AnnotationQuery {
    /// The last `seq` the client holds (0: from the start).
    #[serde(default)]
    #[param(minimum = 0)]
    after: i64,
    /// Records per page, 1 to 2000 (default 500).
    #[param(minimum = 1, maximum = 2000)]
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/annotations",
    tag = "annotations",
    params(("id" = String, Path, description = "Meeting id"), AnnotationQuery),
    responses((status = 200, description = "Records the caller may read", body = AnnotationPage), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn page(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Query(query): Query<AnnotationQuery>,
) -> Result<Json<AnnotationPage>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT || query.after < 0 {
        return Err(bad(
            "request.bad_query",
            "after is at least 0 and limit 1 to 2000",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    Ok(Json(state.db.annotation_page(
        &caller,
        &meeting_id,
        query.after,
        limit,
    )?))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/personal-key",
    tag = "annotations",
    responses((status = 200, description = "The member's personal key as this device sees it", body = PersonalKeyStatus), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn personal_key(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
) -> Result<Json<PersonalKeyStatus>, ApiError> {
    Ok(Json(state.db.personal_key_status(&caller)?))
}

#[utoipa::path(
    put,
    path = "/api/v1/me/personal-key",
    tag = "annotations",
    request_body = PersonalKeyUpload,
    responses((status = 200, description = "Kept", body = PersonalKeyStatus), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn put_personal_key(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Json(upload): Json<PersonalKeyUpload>,
) -> Result<Json<PersonalKeyStatus>, ApiError> {
    let key_id_ok = upload.key_id.len() == 64
        && upload
            .key_id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !key_id_ok {
        return Err(bad(
            "personal_key.bad_id",
            "a key id is 64 lower-case hex digits",
        ));
    }
    if upload.envelopes.is_empty() {
        return Err(bad(
            "personal_key.bad_envelope",
            "send at least one envelope",
        ));
    }
    let envelopes = envelopes(&upload.envelopes)
        .map_err(|_| bad("personal_key.bad_envelope", "an envelope is malformed"))?;
    state.db.put_personal_key(&caller, &upload, &envelopes)?;
    Ok(Json(state.db.personal_key_status(&caller)?))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/annotated-exports",
    tag = "annotations",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = AnnotatedExport,
    responses((status = 200, description = "Recorded in the meeting's audit chain", body = ExportRecorded), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn record_export(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(export): Json<AnnotatedExport>,
) -> Result<Json<ExportRecorded>, ApiError> {
    let hash_ok = export.file_sha256.len() == 64
        && export
            .file_sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !is_id(&export.document_id) || !hash_ok {
        return Err(bad(
            "export.bad_request",
            "a document id and a 64-digit lower-case hex hash",
        ));
    }
    must_take_part(&state, &caller, &meeting_id)?;
    let audit_seq = state
        .db
        .record_annotated_export(&caller, &meeting_id, &export)?;
    Ok(Json(ExportRecorded { audit_seq }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_and_plain() {
        assert!(is_id("3f2a-11_x"));
        assert!(!is_id(""));
        assert!(!is_id(&"a".repeat(65)));
        assert!(!is_id("a/b"));
    }
}
