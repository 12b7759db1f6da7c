//! A meeting as the secretary prepares it and the members read it. The whole record is
//! sealed under the meeting key before it leaves the secretary's device (invariant 1), so
//! the server only ever sees it as ciphertext.

use serde::{Deserialize, Serialize};

/// The kind of gathering, which sets its formalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Kỳ họp: a session of a People's Council.
    Session,
    /// Phiên họp: a sitting of a People's Committee or a standing body.
    Sitting,
    /// Hội nghị: a conference.
    Conference,
}

/// The document types used in Vietnamese state administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Tờ trình.
    Proposal,
    /// Dự thảo nghị quyết.
    DraftResolution,
    /// Báo cáo.
    Report,
    /// Đề án.
    Scheme,
    /// Giấy mời.
    Invitation,
    /// Chương trình.
    Programme,
    /// Biên bản.
    Minutes,
    /// Thông báo kết luận.
    ConclusionNotice,
    /// Anything else.
    Other,
}

/// A secret carried inside a sealed record, hex-encoded; never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretHex(pub String);

impl std::fmt::Debug for SecretHex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretHex(<redacted>)")
    }
}

/// A document attached to an agenda item: where its signed manifest is and how to open it.
/// The manifest lists the document's encrypted chunks (see `phonghop_crypto::document`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// Stable identifier of the document family (kept across revisions).
    pub id: String,
    /// Revision number, from 1.
    pub revision: u64,
    /// Title as the secretary wrote it.
    pub title: String,
    /// Type of administrative document.
    pub kind: DocumentKind,
    /// Name of the sealed manifest blob: lower-case hex SHA-256 of its bytes.
    pub manifest_id: String,
    /// Names of the document's chunks, in order (repeats allowed), so a reader knows what to
    /// fetch before the manifest is opened.
    pub chunk_ids: Vec<String>,
    /// Ed25519 key (hex) of the device that uploaded and signed the manifest.
    pub uploader_key: String,
    /// Size of the plaintext in bytes.
    pub size_bytes: u64,
    /// The document family key, hex; only ever inside a sealed meeting record. Empty when
    /// the document is restricted: its key is then in [`Self::reader_keys`].
    pub key: SecretHex,
    /// Who may read it.
    #[serde(default)]
    pub access: DocumentAccess,
    /// For a restricted document, its key wrapped to each reader's device by the device that
    /// published the meeting (base64).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reader_keys: Vec<crate::wire::Envelope>,
}

/// Who may read a document of the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocumentAccess {
    /// Every participant but guests (the default).
    #[default]
    Participants,
    /// Only the people named (and the secretary who published it).
    Named {
        /// Their user ids.
        #[serde(rename = "userIds", alias = "user_ids")]
        user_ids: Vec<String>,
    },
    /// Everyone invited, guests too.
    Everyone,
}

impl DocumentRef {
    /// Every blob this document needs: the manifest, then its distinct chunks.
    pub fn blob_ids(&self) -> Vec<String> {
        let mut ids = vec![self.manifest_id.clone()];
        for id in &self.chunk_ids {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }
}

/// One point of the agenda (nội dung), possibly with documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// Title of the item.
    pub title: String,
    /// Who presents it (người trình bày), if anyone.
    pub presenter: Option<String>,
    /// Documents for this item, in the order the secretary chose.
    pub documents: Vec<DocumentRef>,
    /// The agency that submits it (cơ quan trình), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenting_agency: Option<String>,
    /// Planned duration in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// 0 for an item, 1 for a sub-item of the item before it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub depth: u8,
}

fn is_zero(depth: &u8) -> bool {
    *depth == 0
}

/// What, who, when and where: the facts of a meeting every view of it shows, kept in one
/// place so the sealed record, the secretary's draft and the interface agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInfo {
    /// Title, e.g. "Kỳ họp thứ Mười hai".
    pub title: String,
    /// The body that meets, e.g. "Hội đồng nhân dân tỉnh".
    pub body: String,
    /// Kind of gathering.
    pub kind: MeetingKind,
    /// Start, RFC 3339 with offset (Vietnam is +07:00).
    pub starts_at: String,
    /// End, RFC 3339 with offset, when known.
    pub ends_at: Option<String>,
    /// Where it takes place.
    pub place: String,
    /// The link to join online, when the meeting has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_link: Option<String>,
}

/// Why and from when a meeting was postponed (hoãn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Postponement {
    /// The secretary's reason.
    pub reason: String,
    /// The start it had before.
    pub previous_starts_at: String,
}

/// The plaintext of a meeting, as sealed by the secretary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Stable identifier (UUID text).
    pub id: String,
    /// Title, body, kind, times and place.
    #[serde(flatten)]
    pub info: MeetingInfo,
    /// The agenda, in order.
    pub agenda: Vec<AgendaItem>,
    /// Who takes part, by user id: every device of each holds the meeting key. Kept in
    /// the sealed record so a revision reaches the same people. Empty in records written
    /// before it existed.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Set when the secretary postponed the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postponement: Option<Postponement>,
    /// The secretary's reason, when the meeting was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<String>,
    /// A key kept across revisions (unlike the meeting key), sealing what participants send
    /// the secretary before the meeting, such as the reason for an absence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies_key: Option<SecretHex>,
}

impl Meeting {
    /// Every document of the meeting, in agenda order: the order a member needs them.
    pub fn documents(&self) -> impl Iterator<Item = &DocumentRef> {
        self.agenda.iter().flat_map(|item| item.documents.iter())
    }

    /// Every copy of the document `id` on the agenda, to replace or retitle it in place.
    pub fn documents_named_mut<'a>(
        &'a mut self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a mut DocumentRef> + 'a {
        self.agenda
            .iter_mut()
            .flat_map(|item| item.documents.iter_mut())
            .filter(move |document| document.id == id)
    }

    /// Agenda numbers as people write them: "1", "2", … for items and "1.1", "1.2", … for
    /// the sub-items under them.
    pub fn numbered_agenda(&self) -> impl Iterator<Item = (String, &AgendaItem)> {
        agenda_numbers(self.agenda.iter().map(|item| item.depth))
            .into_iter()
            .zip(self.agenda.iter())
    }
}

/// The numbers of an agenda whose items have these depths: a sub-item before any item is
/// numbered as an item.
pub fn agenda_numbers(depths: impl IntoIterator<Item = u8>) -> Vec<String> {
    let (mut top, mut sub) = (0u32, 0u32);
    depths
        .into_iter()
        .map(|depth| {
            if depth == 0 || top == 0 {
                top += 1;
                sub = 0;
                top.to_string()
            } else {
                sub += 1;
                format!("{top}.{sub}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(id: &str) -> DocumentRef {
        DocumentRef {
            id: id.into(),
            title: format!("Tài liệu {id}"),
            revision: 1,
            kind: DocumentKind::Report,
            manifest_id: "00".repeat(32),
            chunk_ids: vec!["aa".repeat(32), "bb".repeat(32), "aa".repeat(32)],
            uploader_key: "cc".repeat(32),
            size_bytes: 10,
            key: SecretHex("11".repeat(32)),
            access: Default::default(),
            reader_keys: Vec::new(),
        }
    }

    #[test]
    fn documents_come_in_agenda_order_and_items_are_numbered() {
        let meeting = Meeting {
            id: "m".into(),
            info: MeetingInfo {
                title: "Kỳ họp thứ Mười hai".into(),
                body: "Hội đồng nhân dân tỉnh".into(),
                kind: MeetingKind::Session,
                starts_at: "2026-11-24T08:00:00+07:00".into(),
                ends_at: None,
                place: "Hội trường".into(),
                online_link: None,
            },
            agenda: vec![
                AgendaItem {
                    title: "Khai mạc".into(),
                    presenter: None,
                    documents: vec![document("a"), document("b")],
                    ..Default::default()
                },
                AgendaItem {
                    title: "Bế mạc".into(),
                    presenter: Some("Chủ tọa".into()),
                    documents: vec![document("c")],
                    ..Default::default()
                },
            ],
            participants: Vec::new(),
            postponement: None,
            cancellation_reason: None,
            replies_key: None,
        };
        let ids: Vec<_> = meeting.documents().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let numbers: Vec<_> = meeting.numbered_agenda().map(|(n, _)| n).collect();
        assert_eq!(numbers, ["1", "2"]);
    }

    #[test]
    fn sub_items_are_numbered_under_the_item_before_them() {
        assert_eq!(
            agenda_numbers([0, 1, 1, 0, 0, 1]),
            ["1", "1.1", "1.2", "2", "3", "3.1"]
        );
        assert_eq!(agenda_numbers([1, 0, 1]), ["1", "2", "2.1"]);
    }

    #[test]
    fn records_written_before_the_new_fields_still_open() {
        let old = r#"{"title":"Khai mạc","presenter":null,"documents":[]}"#;
        let item: AgendaItem = serde_json::from_str(old).unwrap();
        assert_eq!((item.depth, item.duration_minutes), (0, None));
        let access: DocumentAccess =
            serde_json::from_str(r#"{"kind":"named","userIds":["u1"]}"#).unwrap();
        assert_eq!(
            access,
            DocumentAccess::Named {
                user_ids: vec!["u1".into()]
            }
        );
    }

    #[test]
    fn a_documents_blobs_are_its_manifest_then_its_distinct_chunks() {
        let ids = document("a").blob_ids();
        assert_eq!(ids, ["00".repeat(32), "aa".repeat(32), "bb".repeat(32)]);
    }

    #[test]
    fn document_keys_never_appear_in_debug_output() {
        let text = format!("{:?}", document("a"));
        assert!(!text.contains(&"11".repeat(32)), "{text}");
        assert!(text.contains("redacted"));
    }

    #[test]
    fn kinds_use_stable_snake_case_names() {
        let json = serde_json::to_string(&DocumentKind::DraftResolution).unwrap();
        assert_eq!(json, "\"draft_resolution\"");
        let json = serde_json::to_string(&MeetingKind::Session).unwrap();
        assert_eq!(json, "\"session\"");
    }
}
