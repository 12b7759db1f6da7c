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

/// Answer to `POST /api/v1/admin/users/{id}/enrollment-code`: a one-time code the person
/// types into the app to enroll a device (shown once; the server keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentCode {
    /// Sixteen digits in groups of four, e.g. "4821-0937-5512-0086".
    pub code: String,
    /// When it stops working, Unix seconds.
    pub expires_at: i64,
}

/// `POST /api/v1/enroll`: a new device presents its code and its public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enroll {
    /// The one-time code (separators ignored).
    pub code: String,
    /// Ed25519 public key, hex.
    pub signing_public_key: String,
    /// X25519 public key, hex.
    pub exchange_public_key: String,
}

/// Answer to [`Enroll`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    /// The new device's identifier.
    pub device_id: String,
    /// Its owner.
    pub user_id: String,
    /// The organisation's name.
    pub organisation: String,
    /// The organisation root's public key, hex, which the device pins.
    pub root_public_key: String,
}

/// `POST /api/v1/session/challenge`: a device asks for something to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    /// The device that will sign.
    pub device_id: String,
}

/// Answer to [`ChallengeRequest`]: single-use, short-lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Random challenge, hex.
    pub challenge: String,
    /// Seconds it stays valid.
    pub expires_in_secs: i64,
}

/// `POST /api/v1/session`: the signed challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    /// The device.
    pub device_id: String,
    /// The challenge it was given.
    pub challenge: String,
    /// Ed25519 signature over the canonical login statement, hex.
    pub signature: String,
}

/// Answer to [`Login`]: a short-lived bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionToken {
    /// Bearer token (the server keeps only its hash).
    pub token: String,
    /// Seconds it stays valid.
    pub expires_in_secs: i64,
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

/// `GET /api/v1/organisation` (no credentials): who this server serves, and the root key
/// a device pins when it enrolls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Organisation name.
    pub name: String,
    /// Ed25519 public key of the organisation root, hex.
    pub root_public_key: String,
}

/// One entry of `GET /api/v1/admin/devices/pending`: an enrolled device the root has not
/// certified yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDevice {
    /// Device identifier.
    pub device_id: String,
    /// Owner's identifier.
    pub user_id: String,
    /// Owner's name.
    pub display_name: String,
    /// Owner's role.
    pub role: Role,
    /// Ed25519 public key, hex.
    pub signing_public_key: String,
    /// X25519 public key, hex.
    pub exchange_public_key: String,
}

/// `PUT /api/v1/admin/devices/{id}/certificate`: the root's signature over the device's
/// claims, made by the administrator's tool where the root key is kept. The server checks
/// it against the root public key before storing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifyDevice {
    /// Start of validity, Unix seconds.
    pub valid_from: u64,
    /// End of validity, Unix seconds.
    pub valid_until: u64,
    /// Root signature over the canonical claims, hex.
    pub signature: String,
}

/// One entry of `GET /api/v1/directory`: a certified device a secretary may wrap keys to.
/// The entry carries everything the root signed, so a client checks it against the root
/// key it pinned and trusts no key the server merely asserts.
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
    /// Certificate validity start, Unix seconds.
    pub valid_from: u64,
    /// Certificate validity end, Unix seconds.
    pub valid_until: u64,
    /// The root's signature over the certified claims, hex.
    pub certificate_signature: String,
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
    /// The certified device that published it and signed the envelope.
    pub publisher: DirectoryEntry,
}
