//! What the interface shows, as plain serialisable values (camelCase JSON for the UI).

use phonghop_domain::{DocumentKind, MeetingKind, Role};
use serde::{Deserialize, Serialize};

/// The signed-in person, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    /// Full name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organisation name.
    pub organisation: String,
    /// Server address.
    pub server_url: String,
}

/// A document line under an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    /// Document identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Administrative type.
    pub kind: DocumentKind,
    /// Plaintext size.
    pub size_bytes: u64,
    /// Whether its ciphertext is on this device (readable offline).
    pub available: bool,
}

/// An agenda item with its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemView {
    /// "1", "2", …
    pub number: String,
    /// Title.
    pub title: String,
    /// Presenter, if any.
    pub presenter: Option<String>,
    /// Documents.
    pub documents: Vec<DocumentView>,
}

/// A meeting as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingView {
    /// Meeting identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// The body that meets.
    pub body: String,
    /// Kind of gathering.
    pub kind: MeetingKind,
    /// Start, RFC 3339.
    pub starts_at: String,
    /// End, RFC 3339.
    pub ends_at: Option<String>,
    /// Place.
    pub place: String,
    /// Agenda.
    pub agenda: Vec<AgendaItemView>,
}

/// What one sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Meetings this device can see.
    pub meetings: usize,
    /// Documents downloaded in this sync.
    pub documents_fetched: usize,
}
