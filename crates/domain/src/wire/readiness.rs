//! Before the meeting: each member's answer to the invitation, what each device holds of
//! the packet, and the secretary's readiness board built from both.

use serde::{Deserialize, Serialize};

/// A member's answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RsvpAnswer {
    /// Will attend.
    Attending,
    /// Will be absent (with a reason).
    Absent,
}

/// `POST /api/v1/meetings/{id}/rsvp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rsvp {
    /// The answer.
    pub answer: RsvpAnswer,
    /// The reason for an absence, sealed under the meeting key, base64.
    #[serde(default)]
    pub sealed_reason: Option<String>,
}

/// `POST /api/v1/meetings/{id}/holdings`: what the calling device holds of the packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holdings {
    /// The meeting revision the device has.
    pub revision: i64,
    /// Whether every document of that revision the person may read is on the device.
    pub complete: bool,
}

/// One participant on the readiness board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessEntry {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their role.
    pub role: crate::Role,
    /// The newest revision one of their devices holds completely, if any.
    pub held_revision: Option<i64>,
    /// Whether a device of theirs holds the current revision completely.
    pub ready: bool,
    /// Whether one of their devices is connected now.
    pub online: bool,
    /// When one of their devices last reached the server, Unix seconds.
    pub last_seen_at: Option<i64>,
    /// Their answer to the invitation.
    pub rsvp: Option<RsvpAnswer>,
    /// The sealed reason for an absence, base64.
    pub sealed_reason: Option<String>,
}

/// `GET /api/v1/meetings/{id}/readiness` (secretary, chair, administrator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// The meeting.
    pub meeting_id: String,
    /// Its current revision.
    pub revision: i64,
    /// Every participant.
    pub people: Vec<ReadinessEntry>,
}
