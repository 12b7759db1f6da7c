//! Annotation records on the wire: sealed by the author's device, signed by it, and kept by
//! the server append-only. The server reads only who wrote a record and who may fetch it.

use serde::{Deserialize, Serialize};

use super::Envelope;
use crate::annotation::Audience;

/// `POST /api/v1/meetings/{id}/annotations`: one write of one annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostAnnotation {
    /// Unique per write (UUID text); sending it again is answered as the first time.
    pub record_id: String,
    /// Who may fetch it.
    pub audience: Audience,
    /// The sealed [`crate::annotation::Annotation`], base64.
    pub sealed: String,
    /// For a shared record, its key wrapped to every reader's device; empty for a private
    /// one (sealed under the author's personal key).
    #[serde(default)]
    pub envelopes: Vec<Envelope>,
    /// The writing device's Ed25519 signature, hex, over
    /// `phonghop_crypto::annotation::annotation_statement`.
    pub signature: String,
}

/// Answer to [`PostAnnotation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationAccepted {
    /// The record's place in the meeting's annotation log.
    pub seq: i64,
}

/// One record of `GET /api/v1/meetings/{id}/annotations?after=N`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationRecord {
    /// Position in the meeting's log (increasing).
    pub seq: i64,
    /// The write's id.
    pub record_id: String,
    /// The author.
    pub author_user_id: String,
    /// The device that wrote and signed it.
    pub device_id: String,
    /// Who may fetch it.
    pub audience: Audience,
    /// The sealed annotation, base64.
    pub sealed: String,
    /// The record key wrapped to the calling device, for a shared record.
    #[serde(default)]
    pub envelope: Option<String>,
    /// The device's signature, hex.
    pub signature: String,
    /// When the server took it, Unix seconds.
    pub at: i64,
}

/// Answer to `GET /api/v1/meetings/{id}/annotations?after=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationPage {
    /// Records after `N` the caller may read, oldest first.
    pub records: Vec<AnnotationRecord>,
    /// The cursor to ask with next.
    pub next_after: i64,
    /// Whether more wait beyond this page.
    pub more: bool,
}

/// `PUT /api/v1/me/personal-key`: the member's personal key (which seals their private
/// annotations) wrapped to some of their own devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalKeyUpload {
    /// Which key it is (hex hash of a key commitment). The first key a person uploads is
    /// theirs for good; envelopes of another are refused.
    pub key_id: String,
    /// The key wrapped to each device, by the calling device.
    pub envelopes: Vec<Envelope>,
}

/// `GET /api/v1/me/personal-key`: what the calling device needs to open the member's
/// private annotations, and which of the member's devices still lack the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalKeyStatus {
    /// The member's key, once one exists.
    pub key_id: Option<String>,
    /// The key wrapped to the calling device, base64.
    pub envelope: Option<String>,
    /// The device that wrapped it (one of the member's own).
    pub sender_device_id: Option<String>,
    /// The member's active devices with no envelope yet.
    pub devices_without_key: Vec<String>,
}

/// `POST /api/v1/meetings/{id}/annotated-exports`: a member exported an annotated copy of
/// a document; the server records it in the meeting's audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotatedExport {
    /// The document family.
    pub document_id: String,
    /// The revision exported.
    pub revision: u64,
    /// SHA-256 (hex) of the exported file, so the copy can be recognised later.
    pub file_sha256: String,
}

/// Answer to [`AnnotatedExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportRecorded {
    /// The audit entry's place in the meeting's chain.
    pub audit_seq: u64,
}
