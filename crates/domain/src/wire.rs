//! JSON bodies of the HTTP API between the desktop client and the central server.
//! Ciphertext travels as standard base64 text; public keys and hashes as lower-case hex.

use serde::{Deserialize, Serialize};

use crate::Role;

/// Version prefix of every API path.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always "ok" when the server answers.
    pub status: String,
    /// Server version.
    pub version: String,
}

/// `POST /api/v1/admin/users`: an administrator adds a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// Full name with diacritics.
    pub display_name: String,
    /// Title or office, e.g. "Phó Chủ tịch HĐND tỉnh".
    pub title: String,
    /// Role in the organisation.
    pub role: Role,
}

/// Answer to [`NewUser`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCreated {
    /// New user's identifier.
    pub user_id: String,
}

/// `POST /api/v1/admin/devices`: an administrator registers a device's public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDevice {
    /// The person the device belongs to.
    pub user_id: String,
    /// Ed25519 public key, hex.
    pub signing_public_key: String,
    /// X25519 public key, hex.
    pub exchange_public_key: String,
}

/// Answer to [`NewDevice`]: the device's identifier and its bearer token (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCreated {
    /// New device's identifier.
    pub device_id: String,
    /// Secret bearer token for this device; the server keeps only its hash.
    pub device_token: String,
}

/// `GET /api/v1/me`: who the calling device belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// User identifier.
    pub user_id: String,
    /// Device identifier.
    pub device_id: String,
    /// Full name.
    pub display_name: String,
    /// Role in the organisation.
    pub role: Role,
    /// Name of the organisation the server serves.
    pub organisation: String,
}

/// One entry of `GET /api/v1/directory`: a device a secretary may wrap keys to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    /// User identifier.
    pub user_id: String,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Role in the organisation.
    pub role: Role,
    /// Device identifier.
    pub device_id: String,
    /// Ed25519 public key of the device, hex.
    pub signing_public_key: String,
    /// X25519 public key of the device, hex.
    pub exchange_public_key: String,
}

/// A meeting key wrapped to one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Recipient device.
    pub device_id: String,
    /// Wrapped key, base64.
    pub envelope: String,
}

/// `POST /api/v1/meetings`: the secretary publishes (or republishes) a sealed meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishMeeting {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Start time, RFC 3339 (timing is metadata the server may know).
    pub starts_at: String,
    /// The sealed [`crate::Meeting`], base64.
    pub sealed: String,
    /// Blobs the meeting refers to; each must already be uploaded.
    pub blob_ids: Vec<String>,
    /// The meeting key wrapped to each participant device.
    pub envelopes: Vec<Envelope>,
}

/// Answer to [`PublishMeeting`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPublished {
    /// Revision number the server assigned (1 for the first publication).
    pub revision: i64,
}

/// One entry of `GET /api/v1/meetings`: a meeting the calling device may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedMeeting {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Revision number.
    pub revision: i64,
    /// Start time, RFC 3339.
    pub starts_at: String,
    /// The sealed meeting, base64.
    pub sealed: String,
    /// The meeting key wrapped to the calling device, base64.
    pub envelope: String,
    /// Ed25519 key (hex) of the device that published it and signed the envelope.
    pub publisher_key: String,
}
