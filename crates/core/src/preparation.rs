//! The secretary's work before a meeting, as the interface sees it: the people to invite,
//! drafts edited as a whole (facts, participants, a nested agenda, documents with their
//! type and access), files attached from bytes or a path (pictures and Office files turned
//! into PDF first), a past meeting cloned as a template, and a published meeting postponed
//! or cancelled with a reason every participant reads.

use std::collections::HashMap;
use std::path::Path;

use phonghop_domain::{
    AgendaItem, DocumentAccess, DocumentKind, DocumentRef, MeetingInfo, Postponement, Role,
};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::drafts::Draft;
use crate::{App, CoreError};

/// Longest agenda a draft may have.
const MAX_ITEMS: usize = 200;

/// Someone the secretary can invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// User id.
    pub user_id: String,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Role (guests are invited apart).
    pub role: Role,
}

/// A document of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftDocumentView {
    /// Id (kept across edits).
    pub id: String,
    /// Title.
    pub title: String,
    /// Type.
    pub kind: DocumentKind,
    /// Who may read it.
    pub access: DocumentAccess,
    /// Size in bytes.
    #[serde(default)]
    pub size_bytes: u64,
}

/// An agenda item of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftItemView {
    /// Title.
    pub title: String,
    /// Presenter.
    #[serde(default)]
    pub presenter: Option<String>,
    /// Presenting agency.
    #[serde(default)]
    pub presenting_agency: Option<String>,
    /// Planned minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// 0 or 1 (a sub-item).
    #[serde(default)]
    pub depth: u8,
    /// Documents, in order.
    #[serde(default)]
    pub documents: Vec<DraftDocumentView>,
}

/// A draft as the interface edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    /// Id (the meeting's once published).
    pub id: String,
    /// Title, body, kind, times, place, online link.
    pub info: MeetingInfo,
    /// Participants by user id.
    pub participants: Vec<String>,
    /// The agenda.
    pub items: Vec<DraftItemView>,
}

/// A draft in the list of drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: String,
    /// Agenda items.
    pub items: usize,
    /// Documents.
    pub documents: usize,
}

fn clean(text: &str) -> String {
    text.trim().nfc().collect()
}

fn clean_option(text: &Option<String>) -> Option<String> {
    text.as_deref().map(clean).filter(|text| !text.is_empty())
}

/// Checks and tidies a meeting's facts: a title, times that parse, an end after the start.
pub fn checked_info(info: &MeetingInfo) -> Result<MeetingInfo, CoreError> {
    let mut info = info.clone();
    info.title = clean(&info.title);
    info.body = clean(&info.body);
    info.place = clean(&info.place);
    info.online_link = clean_option(&info.online_link);
    if info.title.is_empty() {
        return Err(CoreError::refused(
            "draft.empty_title",
            "a meeting needs a title",
        ));
    }
    let starts: jiff::Timestamp = info
        .starts_at
        .parse()
        .map_err(|_| CoreError::refused("draft.bad_time", "the start is not a time"))?;
    if let Some(ends) = &info.ends_at {
        let ends: jiff::Timestamp = ends
            .parse()
            .map_err(|_| CoreError::refused("draft.bad_time", "the end is not a time"))?;
        if ends < starts {
            return Err(CoreError::refused(
                "draft.bad_time",
                "the end comes before the start",
            ));
        }
    }
    Ok(info)
}

fn view_of(draft: &Draft) -> DraftView {
    DraftView {
        id: draft.meeting.id.clone(),
        info: draft.meeting.info.clone(),
        participants: draft.meeting.participants.clone(),
        items: draft
            .meeting
            .agenda
            .iter()
            .map(|item| DraftItemView {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                presenting_agency: item.presenting_agency.clone(),
                duration_minutes: item.duration_minutes,
                depth: item.depth,
                documents: item
                    .documents
                    .iter()
                    .map(|document| DraftDocumentView {
                        id: document.id.clone(),
                        title: document.title.clone(),
                        kind: document.kind,
                        access: document.access.clone(),
                        size_bytes: document.size_bytes,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// What kind of file `bytes` are, by their first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"PK\x03\x04") {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if has(b"word/") {
            Some("docx")
        } else if has(b"opendocument.text") {
            Some("odt")
        } else {
            None
        }
    } else {
        None
    }
}

impl App {
    fn must_prepare(&self) -> Result<(), CoreError> {
        if self.profile.config.role.may_publish() {
            Ok(())
        } else {
            Err(CoreError::NotAllowed)
        }
    }

    /// The organisation's people with a certified device, by name, to invite.
    pub async fn directory_people(&self) -> Result<Vec<Person>, CoreError> {
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let now = crate::trust::unix_now();
        let mut people: Vec<Person> = Vec::new();
        for entry in self.directory().await? {
            if crate::trust::verify_entry(&anchor, &entry, now).is_err()
                || entry.role == Role::Admin
                || people.iter().any(|person| person.user_id == entry.user_id)
            {
                continue;
            }
            people.push(Person {
                user_id: entry.user_id,
                display_name: entry.display_name,
                title: entry.title,
                role: entry.role,
            });
        }
        people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(people)
    }

    /// Every draft on this device, soonest first.
    pub fn draft_summaries(&self) -> Result<Vec<DraftSummary>, CoreError> {
        let mut drafts: Vec<DraftSummary> = self
            .drafts()?
            .into_iter()
            .map(|draft| DraftSummary {
                id: draft.meeting.id.clone(),
                title: draft.meeting.info.title.clone(),
                starts_at: draft.meeting.info.starts_at.clone(),
                items: draft.meeting.agenda.len(),
                documents: draft.meeting.documents().count(),
            })
            .collect();
        drafts.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
        Ok(drafts)
    }

    /// One draft as the interface edits it.
    pub fn draft_view(&self, draft_id: &str) -> Result<DraftView, CoreError> {
        Ok(view_of(&self.draft(draft_id).map_err(
            |error| match error {
                CoreError::MeetingNotFound(_) => {
                    CoreError::refused("draft.not_found", "no such draft")
                }
                other => other,
            },
        )?))
    }

    /// Starts a draft from its facts and participants.
    pub fn new_draft(
        &self,
        info: &MeetingInfo,
        participants: Vec<String>,
    ) -> Result<DraftView, CoreError> {
        self.must_prepare()?;
        let info = checked_info(info)?;
        let id = self.create_draft(info, participants)?;
        self.draft_view(&id)
    }

    /// Saves the whole draft as edited: facts, participants, the agenda's order, nesting
    /// and fields, and each item's documents by id (a document on no item is dropped).
    pub fn save_draft_view(&self, view: &DraftView) -> Result<DraftView, CoreError> {
        self.must_prepare()?;
        let mut draft = self.draft(&view.id).map_err(|error| match error {
            CoreError::MeetingNotFound(_) => CoreError::refused("draft.not_found", "no such draft"),
            other => other,
        })?;
        if view.items.len() > MAX_ITEMS {
            return Err(CoreError::refused(
                "draft.too_long",
                "an agenda has at most 200 items",
            ));
        }
        let mut documents: HashMap<String, DocumentRef> = draft
            .meeting
            .documents()
            .map(|document| (document.id.clone(), document.clone()))
            .collect();
        let mut agenda = Vec::with_capacity(view.items.len());
        for item in &view.items {
            let mut attached = Vec::new();
            for document in &item.documents {
                let Some(mut kept) = documents.remove(&document.id) else {
                    continue;
                };
                let title = clean(&document.title);
                if !title.is_empty() {
                    kept.title = title;
                }
                kept.kind = document.kind;
                kept.access = document.access.clone();
                attached.push(kept);
            }
            agenda.push(AgendaItem {
                title: clean(&item.title),
                presenter: clean_option(&item.presenter),
                documents: attached,
                presenting_agency: clean_option(&item.presenting_agency),
                duration_minutes: item.duration_minutes.filter(|minutes| *minutes > 0),
                depth: item.depth.min(1),
            });
        }
        // Files of the watch folder stay while they are in the folder, even when the
        // interface saved before it learnt of them: they join the watch folder's item.
        let watched: Vec<DocumentRef> = draft
            .watched
            .iter()
            .filter_map(|file| documents.remove(&file.document_id))
            .collect();
        if !watched.is_empty() {
            match agenda
                .iter_mut()
                .find(|item| item.title == crate::WATCHED_ITEM_TITLE)
            {
                Some(item) => item.documents.extend(watched),
                None => agenda.push(AgendaItem {
                    title: crate::WATCHED_ITEM_TITLE.into(),
                    documents: watched,
                    ..AgendaItem::default()
                }),
            }
        }
        draft.meeting.info = checked_info(&view.info)?;
        let mut participants = view.participants.clone();
        participants.retain(|id| *id != self.profile.config.user_id);
        participants.insert(0, self.profile.config.user_id.clone());
        participants.dedup();
        draft.meeting.participants = participants;
        draft.meeting.agenda = agenda;
        self.save_draft(&draft)?;
        Ok(view_of(&draft))
    }

    /// Turns a file's bytes into the PDF to attach: a PDF as it is (checked), a picture on
    /// an A4 page, an Office file through LibreOffice when it is installed.
    fn as_pdf(&self, bytes: Vec<u8>, extension: Option<&str>) -> Result<Vec<u8>, CoreError> {
        let engine = phonghop_pdf::PdfEngine::bind_default()?;
        let kind = sniff(&bytes).or(extension).unwrap_or("");
        match kind {
            "pdf" => {
                engine.page_count(&bytes)?;
                Ok(bytes)
            }
            "jpg" | "jpeg" => Ok(engine.picture_to_pdf(&phonghop_pdf::decode_jpeg(&bytes)?)?),
            "png" => Ok(engine.picture_to_pdf(&phonghop_pdf::decode_png(&bytes)?)?),
            "docx" | "odt" | "doc" => {
                let soffice = phonghop_pdf::find_soffice().ok_or_else(|| {
                    CoreError::refused(
                        "document.unsupported_type",
                        "Office files need LibreOffice on this computer; attach a PDF",
                    )
                })?;
                let dir = tempfile_dir()?;
                let path = dir.join(format!("tep-dinh-kem.{kind}"));
                std::fs::write(&path, &bytes).map_err(|error| CoreError::io(&path, error))?;
                let imported = engine.import_file(&path, Some(&soffice));
                let _ = std::fs::remove_dir_all(&dir);
                Ok(imported?.bytes)
            }
            _ => Err(CoreError::refused(
                "document.unsupported_type",
                "attach a PDF, a Word or OpenDocument file, or a JPEG or PNG picture",
            )),
        }
    }

    /// Attaches a file's bytes to agenda item `item` of a draft.
    #[allow(clippy::too_many_arguments)]
    pub fn attach_bytes(
        &self,
        draft_id: &str,
        item: usize,
        title: &str,
        kind: DocumentKind,
        access: DocumentAccess,
        bytes: Vec<u8>,
    ) -> Result<DraftView, CoreError> {
        self.must_prepare()?;
        let mut draft = self.draft(draft_id)?;
        if item >= draft.meeting.agenda.len() {
            return Err(CoreError::refused(
                "draft.no_such_item",
                "add the agenda item first",
            ));
        }
        let pdf = self.as_pdf(bytes, None)?;
        let title = clean(title);
        let title = if title.is_empty() {
            "Tài liệu".to_owned()
        } else {
            title
        };
        let mut reference = self.add_draft_document(&mut draft, Some(item), title, kind, &pdf)?;
        reference.access = access;
        for document in draft.meeting.documents_named_mut(&reference.id) {
            document.access = reference.access.clone();
        }
        self.save_draft(&draft)?;
        Ok(view_of(&draft))
    }

    /// Attaches the file at `path` (dropped on the window) to agenda item `item`.
    pub fn attach_path(
        &self,
        draft_id: &str,
        item: usize,
        path: &Path,
        kind: DocumentKind,
        access: DocumentAccess,
    ) -> Result<DraftView, CoreError> {
        let bytes = std::fs::read(path).map_err(|error| CoreError::io(path, error))?;
        let title = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        self.must_prepare()?;
        let pdf = self.as_pdf(bytes, extension.as_deref())?;
        self.attach_bytes(draft_id, item, &title, kind, access, pdf)
    }

    /// Throws a draft away.
    pub fn discard_draft(&self, draft_id: &str) -> Result<(), CoreError> {
        self.must_prepare()?;
        self.store()?.delete_draft(draft_id)?;
        Ok(())
    }

    /// Publishes a draft after checking it has a title and someone to invite.
    pub async fn publish_draft_checked(&self, draft_id: &str) -> Result<String, CoreError> {
        self.must_prepare()?;
        let draft = self.draft(draft_id)?;
        checked_info(&draft.meeting.info)?;
        if draft.meeting.participants.len() < 2 {
            return Err(CoreError::refused(
                "draft.no_participants",
                "invite at least one person",
            ));
        }
        self.publish_draft(draft_id).await
    }

    /// A new draft from a past meeting: the same facts, participants and agenda, without
    /// its documents.
    pub fn clone_meeting(&self, meeting_id: &str) -> Result<DraftView, CoreError> {
        self.must_prepare()?;
        let meeting = self.stored_meeting(meeting_id)?;
        let id = self.create_draft(meeting.info.clone(), meeting.participants.clone())?;
        let mut draft = self.draft(&id)?;
        draft.meeting.agenda = meeting
            .agenda
            .iter()
            .map(|item| AgendaItem {
                documents: Vec::new(),
                ..item.clone()
            })
            .collect();
        self.save_draft(&draft)?;
        Ok(view_of(&draft))
    }

    /// Moves a published meeting to a new time; every participant's feed says it changed.
    pub async fn postpone_meeting(
        &self,
        meeting_id: &str,
        starts_at: &str,
        ends_at: Option<&str>,
        reason: &str,
    ) -> Result<(), CoreError> {
        self.must_prepare()?;
        let mut meeting = self.stored_meeting(meeting_id)?;
        let reason = clean(reason);
        if reason.is_empty() {
            return Err(CoreError::refused(
                "draft.reason_required",
                "say why it is postponed",
            ));
        }
        let previous = meeting.info.starts_at.clone();
        meeting.info.starts_at = starts_at.to_owned();
        meeting.info.ends_at = ends_at.map(str::to_owned);
        meeting.info = checked_info(&meeting.info)?;
        meeting.postponement = Some(Postponement {
            reason,
            previous_starts_at: previous,
        });
        self.send_meeting(&meeting).await
    }

    /// Cancels a published meeting with a reason every participant reads.
    pub async fn cancel_meeting_with_reason(
        &self,
        meeting_id: &str,
        reason: Option<&str>,
    ) -> Result<(), CoreError> {
        self.must_prepare()?;
        let mut meeting = self.stored_meeting(meeting_id)?;
        meeting.cancellation_reason = Some(reason.map(clean).unwrap_or_default());
        self.send_meeting(&meeting).await?;
        self.cancel_meeting(meeting_id).await
    }
}

/// A private temporary folder for converting a file.
fn tempfile_dir() -> Result<std::path::PathBuf, CoreError> {
    let dir = std::env::temp_dir().join(format!("phonghop-import-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).map_err(|error| CoreError::io(&dir, error))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_domain::MeetingKind;

    fn info(starts: &str, ends: Option<&str>) -> MeetingInfo {
        MeetingInfo {
            title: "  Phiên họp thường kỳ  ".into(),
            body: "UBND tỉnh".into(),
            kind: MeetingKind::Sitting,
            starts_at: starts.into(),
            ends_at: ends.map(str::to_owned),
            place: "Phòng họp 1".into(),
            online_link: Some("  ".into()),
        }
    }

    #[test]
    fn facts_are_tidied_and_times_checked() {
        let tidy = checked_info(&info("2026-12-07T08:00:00+07:00", None)).unwrap();
        assert_eq!(tidy.title, "Phiên họp thường kỳ");
        assert_eq!(tidy.online_link, None);
        let error = checked_info(&info(
            "2026-12-07T08:00:00+07:00",
            Some("2026-12-07T07:00:00+07:00"),
        ))
        .unwrap_err();
        assert_eq!(error.code(), "draft.bad_time");
        assert_eq!(
            checked_info(&info("ngày mai", None)).unwrap_err().code(),
            "draft.bad_time"
        );
        let mut untitled = info("2026-12-07T08:00:00+07:00", None);
        untitled.title = " ".into();
        assert_eq!(
            checked_info(&untitled).unwrap_err().code(),
            "draft.empty_title"
        );
    }

    #[test]
    fn files_are_told_apart_by_their_first_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Some("docx"));
        assert_eq!(sniff(b"MZ\x90\x00"), None);
    }
}
