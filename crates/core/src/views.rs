//! What the interface shows, as plain serialisable values (camelCase JSON for the UI).

use phonghop_domain::{DocumentAccess, DocumentKind, MeetingInfo, Role};
use serde::{Deserialize, Serialize};

/// The signed-in person, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    /// The person's id (to find them in the roster and the speakers queue).
    pub user_id: String,
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
    /// Its revision.
    pub revision: u64,
    /// The revision this person last opened here: none means new to them, an older one
    /// means it changed since they read it.
    pub read_revision: Option<u64>,
    /// Who may read it.
    pub access: DocumentAccess,
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
    /// 0 for an item, 1 for a sub-item.
    pub depth: u8,
    /// The presenting agency (cơ quan trình).
    pub presenting_agency: Option<String>,
    /// Planned duration in minutes.
    pub duration_minutes: Option<u32>,
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// As planned.
    Scheduled,
    /// Moved to a new time.
    Postponed,
    /// Called off.
    Cancelled,
}

/// A meeting as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingView {
    /// Meeting identifier.
    pub id: String,
    /// Title, body, kind, times and place.
    #[serde(flatten)]
    pub info: MeetingInfo,
    /// Agenda.
    pub agenda: Vec<AgendaItemView>,
    /// Every document of the meeting is on this device in its latest revision.
    pub ready: bool,
    /// The meeting's revision on the server.
    pub revision: i64,
    /// As planned, postponed or cancelled.
    pub status: MeetingStatus,
    /// Why it was postponed or cancelled.
    pub status_reason: Option<String>,
    /// This person's answer to the invitation, as sent from this device.
    pub my_rsvp: Option<phonghop_domain::wire::RsvpAnswer>,
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Meetings this device can see.
    pub meetings: usize,
    /// Documents downloaded (wholly or in part) in this sync.
    pub documents_fetched: usize,
    /// Chunks and manifests downloaded.
    pub chunks_fetched: usize,
    /// Ciphertext bytes downloaded.
    pub bytes_fetched: u64,
}

/// One page as the viewer lays it out before rendering it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageLayout {
    /// Width in points.
    pub width_pt: f32,
    /// Height in points.
    pub height_pt: f32,
    /// The page's printed label, when the document defines labels.
    pub label: Option<String>,
}

/// One bookmark of a document's outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlineEntry {
    /// Title.
    pub title: String,
    /// Zero-based page it opens, when it points inside the document.
    pub page: Option<u32>,
    /// Bookmarks under this one.
    pub children: Vec<OutlineEntry>,
}

impl From<phonghop_pdf::OutlineItem> for OutlineEntry {
    fn from(item: phonghop_pdf::OutlineItem) -> Self {
        Self {
            title: item.title,
            page: item.page_index,
            children: item.children.into_iter().map(Self::from).collect(),
        }
    }
}

/// An opened document: what the viewer needs before it asks for any page image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentLayout {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Document identifier.
    pub document_id: String,
    /// Title as the secretary wrote it.
    pub title: String,
    /// Every page, in order.
    pub pages: Vec<PageLayout>,
    /// Bookmarks.
    pub outline: Vec<OutlineEntry>,
}

/// A box to highlight, as fractions (0–1) of the page's width and height from its top left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HitRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// One place a search found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// Document identifier.
    pub document_id: String,
    /// Its title.
    pub document_title: String,
    /// Zero-based page.
    pub page: u32,
    /// Text before the hit.
    pub before: String,
    /// The text found, as written in the document (with its diacritics).
    pub matched: String,
    /// Text after the hit.
    pub after: String,
    /// Boxes to highlight, one per line the hit spans.
    pub rects: Vec<HitRect>,
}

/// The answer to a search across a meeting's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// Hits in agenda order, then page order.
    pub hits: Vec<SearchHit>,
    /// Whether more hits were found than are listed.
    pub truncated: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_domain::MeetingKind;

    /// The interface (ui/src/lib/types.ts) reads exactly these names.
    #[test]
    fn a_meeting_view_serialises_flat_and_camel_case_for_the_interface() {
        let view = MeetingView {
            id: "m1".into(),
            info: MeetingInfo {
                title: "Kỳ họp thứ Mười hai".into(),
                body: "Hội đồng nhân dân tỉnh".into(),
                kind: MeetingKind::Session,
                starts_at: "2026-11-23T08:00:00+07:00".into(),
                ends_at: None,
                place: "Hội trường".into(),
                online_link: None,
            },
            agenda: vec![AgendaItemView {
                number: "1".into(),
                title: "Khai mạc".into(),
                presenter: None,
                documents: vec![DocumentView {
                    id: "d1".into(),
                    title: "Tờ trình".into(),
                    kind: DocumentKind::DraftResolution,
                    size_bytes: 12,
                    available: true,
                    revision: 2,
                    read_revision: Some(1),
                    access: DocumentAccess::Everyone,
                }],
                depth: 1,
                presenting_agency: Some("Sở Tài chính".into()),
                duration_minutes: Some(30),
            }],
            ready: true,
            revision: 3,
            status: MeetingStatus::Postponed,
            status_reason: Some("Trùng lịch tiếp xúc cử tri".into()),
            my_rsvp: None,
        };
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["title"], "Kỳ họp thứ Mười hai");
        assert_eq!(json["startsAt"], "2026-11-23T08:00:00+07:00");
        assert_eq!(json["endsAt"], serde_json::Value::Null);
        assert_eq!(json["kind"], "session");
        assert_eq!(json["agenda"][0]["documents"][0]["sizeBytes"], 12);
        assert_eq!(json["ready"], true);
        assert_eq!(
            json["agenda"][0]["documents"][0]["kind"],
            "draft_resolution"
        );
        assert!(json.get("info").is_none());
        assert_eq!(json["status"], "postponed");
        assert_eq!(json["statusReason"], "Trùng lịch tiếp xúc cử tri");
        let document = &json["agenda"][0]["documents"][0];
        assert_eq!(
            (
                document["revision"].clone(),
                document["readRevision"].clone()
            ),
            (2.into(), 1.into())
        );
        assert_eq!(document["access"]["kind"], "everyone");
        assert_eq!(json["agenda"][0]["presentingAgency"], "Sở Tài chính");
        assert_eq!(json["agenda"][0]["durationMinutes"], 30);
    }
}
