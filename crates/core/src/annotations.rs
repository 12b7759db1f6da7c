//! A member's annotations: written on this device, kept sealed in the local store and sent
//! through the outbox (so nothing drawn offline is lost), fetched from the server's
//! append-only log, merged last-writer-wins with tombstones, and shown on the revision the
//! member reads: text-anchored marks follow their words into a revised document, ink and
//! notes stay on their page (marked when the page changed), and what cannot be placed is
//! listed, never dropped.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use phonghop_domain::annotation::{
    Annotation, AnnotationBody, Audience, Colour, Rect, context_of, merge, next_stamp, place_anchor,
};
use phonghop_domain::wire::{AnnotationRecord, PostAnnotation};
use phonghop_domain::{DocumentRef, Meeting};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::outbox::OutboxKind;
use crate::search::{IndexedDocument, IndexedPage};
use crate::{App, CoreError};

/// Where an annotation shows on the revision being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Placement {
    /// Drawn on this revision.
    Original,
    /// Drawn on an earlier revision; its text was found again here.
    Moved,
    /// Drawn on an earlier revision on a page whose text has changed since.
    PageChanged,
    /// Drawn on an earlier revision; its text is not in this one.
    Unplaced,
}

/// An annotation as the viewer and the panel show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationView {
    /// Stable id.
    pub id: String,
    /// The document family.
    pub document_id: String,
    /// The document's title.
    pub document_title: String,
    /// The revision it is placed on.
    pub revision: u64,
    /// Zero-based page.
    pub page: u32,
    /// What it is, placed on this revision.
    pub body: AnnotationBody,
    /// Colour.
    pub colour: Colour,
    /// Who may read it.
    pub audience: Audience,
    /// The author's user id.
    pub author_id: String,
    /// The author's name.
    pub author_name: String,
    /// Whether this member wrote it (only the author changes or deletes it).
    pub mine: bool,
    /// Where it shows on this revision.
    pub placement: Placement,
    /// When it was last written, RFC 3339.
    pub updated_at: String,
}

/// A document's annotations on its current revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentAnnotations {
    /// Those that show on a page.
    pub annotations: Vec<AnnotationView>,
    /// Those whose text is not in this revision any more.
    pub unplaced: Vec<AnnotationView>,
}

/// One character of a page with its box in points, for selecting text to mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageChar {
    /// The character.
    pub ch: String,
    /// Left edge.
    pub left: f32,
    /// Bottom edge.
    pub bottom: f32,
    /// Right edge.
    pub right: f32,
    /// Top edge.
    pub top: f32,
}

/// What the viewer asks to write: a new annotation, or (with `id`) a new version of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationInput {
    /// The annotation to change; none for a new one.
    #[serde(default)]
    pub id: Option<String>,
    /// The document family.
    pub document_id: String,
    /// Zero-based page.
    pub page: u32,
    /// What it is.
    pub body: AnnotationBody,
    /// Colour.
    pub colour: Colour,
    /// Who may read it.
    pub audience: Audience,
}

/// How long writing an annotation waits for the network before leaving its record in the
/// outbox: a person drawing with the link down must not wait for connection timeouts.
const QUICK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Meetings whose annotations every sync fetches: those ahead and those of the last days
/// (older ones are fetched when opened).
const RECENT_MEETING_DAYS: i64 = 30;

/// Store setting prefix of the per-meeting cursor into the server's annotation log.
const CURSOR_PREFIX: &str = "annotations.cursor.";

fn rfc3339(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map_or_else(String::new, |at| at.to_string())
}

fn page_text(page: &IndexedPage) -> Vec<char> {
    page.chars().iter().map(|c| c.ch).collect()
}

/// A page's fingerprint: the hash of its text, to tell whether a revision changed it.
fn fingerprint(page: &IndexedPage) -> String {
    let text: String = page_text(page).into_iter().collect();
    phonghop_crypto::sha256_hex(text.as_bytes())
}

fn boxes(page: &IndexedPage, start: usize, end: usize) -> Vec<Rect> {
    page.line_boxes(start, end.saturating_sub(1))
        .into_iter()
        .map(|(left, bottom, right, top)| Rect {
            left,
            bottom,
            right,
            top,
        })
        .collect()
}

impl App {
    fn document_pages(&self, document: &DocumentRef) -> Result<Arc<IndexedDocument>, CoreError> {
        self.reader()?
            .indexed(&document.manifest_id, &document.id, &document.title, || {
                self.decrypt_document(document)
            })
    }

    /// Every write of the meeting's annotations this device can open. A record that does
    /// not open (forged, or its key not here yet) is left out, not fatal.
    fn annotation_writes(&self, meeting_id: &str) -> Result<Vec<Annotation>, CoreError> {
        let records = self.store()?.annotation_records(meeting_id)?;
        let devices = self.cached_devices()?;
        let personal = self.local_personal_key()?;
        let mut writes = Vec::with_capacity(records.len());
        for json in records {
            let Ok(record) = serde_json::from_str::<AnnotationRecord>(&json) else {
                continue;
            };
            if let Ok(annotation) =
                self.open_annotation(meeting_id, &record, personal.as_ref(), &devices)
            {
                writes.push(annotation);
            }
        }
        Ok(writes)
    }

    fn current_annotations(
        &self,
        meeting_id: &str,
    ) -> Result<BTreeMap<String, Annotation>, CoreError> {
        Ok(merge(self.annotation_writes(meeting_id)?))
    }

    fn annotation_view(
        &self,
        annotation: Annotation,
        placement: Placement,
        title: &str,
    ) -> AnnotationView {
        AnnotationView {
            mine: annotation.author_id == self.profile.config.user_id,
            id: annotation.id,
            document_id: annotation.document_id,
            document_title: title.to_owned(),
            revision: annotation.revision,
            page: annotation.page,
            body: annotation.body,
            colour: annotation.colour,
            audience: annotation.audience,
            author_id: annotation.author_id,
            author_name: annotation.author_name,
            placement,
            updated_at: rfc3339(annotation.stamp.at_ms),
        }
    }

    /// Creates or changes an annotation on the current revision of a document. The quote
    /// and its context are read from the page itself, so a mark always says what it covers.
    /// Works offline: the record waits in the outbox.
    pub async fn save_annotation(
        &self,
        meeting_id: &str,
        input: AnnotationInput,
    ) -> Result<AnnotationView, CoreError> {
        let (meeting, document) = self.find_document(meeting_id, &input.document_id)?;
        if let Audience::People { user_ids } = &input.audience
            && (user_ids.is_empty() || user_ids.iter().any(|id| !meeting.participants.contains(id)))
        {
            return Err(CoreError::refused(
                "annotation.reader_not_participant",
                "share only with people who take part in this meeting",
            ));
        }
        let index = self.document_pages(&document)?;
        let page = index
            .pages
            .get(input.page as usize)
            .ok_or_else(|| CoreError::refused("annotation.bad_anchor", "no such page"))?;
        let mut body = input.body;
        if let Some(anchor) = body.anchor_mut() {
            let text = page_text(page);
            let (start, end) = (anchor.start as usize, anchor.end as usize);
            if end > text.len() || start >= end {
                return Err(CoreError::refused(
                    "annotation.bad_anchor",
                    "the marked text is not on this page",
                ));
            }
            anchor.quote = text[start..end].iter().collect();
            (anchor.prefix, anchor.suffix) = context_of(&text, start, end);
            if anchor.rects.is_empty() {
                anchor.rects = boxes(page, start, end);
            }
        }
        match &mut body {
            AnnotationBody::Note { text, .. } => *text = text.nfc().collect(),
            AnnotationBody::Bookmark { label } => *label = label.nfc().collect(),
            _ => {}
        }
        body.check()
            .map_err(|code| CoreError::refused(code, "this annotation is malformed"))?;
        let current = self.current_annotations(meeting_id)?;
        let previous = match &input.id {
            Some(id) => {
                let previous = current.get(id).ok_or_else(|| {
                    CoreError::refused("annotation.not_found", "no such annotation")
                })?;
                if previous.author_id != self.profile.config.user_id {
                    return Err(CoreError::refused(
                        "annotation.not_yours",
                        "only its author changes an annotation",
                    ));
                }
                Some(previous)
            }
            None => None,
        };
        let annotation = Annotation {
            id: input
                .id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            meeting_id: meeting_id.to_owned(),
            document_id: document.id.clone(),
            revision: document.revision,
            page: input.page,
            colour: input.colour,
            body,
            audience: input.audience,
            author_id: self.profile.config.user_id.clone(),
            author_name: self.profile.config.display_name.clone(),
            stamp: next_stamp(
                previous.map(|previous| &previous.stamp),
                crate::trust::unix_now_ms(),
                &self.profile.config.device_id,
            ),
            deleted: false,
            page_fingerprint: Some(fingerprint(page)),
        };
        self.write_annotation(&meeting, &annotation).await?;
        Ok(self.annotation_view(annotation, Placement::Original, &document.title))
    }

    /// Deletes one of this member's annotations (a tombstone, so a late copy of an older
    /// version cannot bring it back; undo writes it again).
    pub async fn delete_annotation(
        &self,
        meeting_id: &str,
        annotation_id: &str,
    ) -> Result<(), CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let current = self.current_annotations(meeting_id)?;
        let mut annotation = current
            .get(annotation_id)
            .filter(|annotation| !annotation.deleted)
            .cloned()
            .ok_or_else(|| CoreError::refused("annotation.not_found", "no such annotation"))?;
        if annotation.author_id != self.profile.config.user_id {
            return Err(CoreError::refused(
                "annotation.not_yours",
                "only its author deletes an annotation",
            ));
        }
        annotation.stamp = next_stamp(
            Some(&annotation.stamp),
            crate::trust::unix_now_ms(),
            &self.profile.config.device_id,
        );
        annotation.deleted = true;
        self.write_annotation(&meeting, &annotation).await
    }

    /// Seals one write, keeps it in the local store at once and sends it through the outbox.
    async fn write_annotation(
        &self,
        meeting: &Meeting,
        annotation: &Annotation,
    ) -> Result<(), CoreError> {
        // A private note written with the key already here needs no network before the
        // outbox; otherwise the directory is asked briefly, then the last copy used.
        let local_key = match annotation.audience {
            Audience::Private => self.local_personal_key()?,
            _ => None,
        };
        let devices = if local_key.is_some() {
            HashMap::new()
        } else {
            match tokio::time::timeout(QUICK_WAIT, self.directory()).await {
                Ok(Ok(directory)) => self.verified_devices(directory)?,
                Ok(Err(CoreError::Sync(error))) if !error.is_transient() => {
                    return Err(CoreError::Sync(error));
                }
                _ => self.cached_devices()?,
            }
        };
        let personal = match (&annotation.audience, local_key) {
            (Audience::Private, Some(key)) => Some(key),
            (Audience::Private, None) => Some(self.personal_key(&devices).await?),
            _ => None,
        };
        let readers = match &annotation.audience {
            Audience::Private => Vec::new(),
            Audience::Meeting => meeting.participants.clone(),
            Audience::People { user_ids } => user_ids.clone(),
        };
        let (post, own_envelope) =
            self.seal_annotation(annotation, personal.as_ref(), &devices, &readers)?;
        let local = AnnotationRecord {
            seq: 0,
            record_id: post.record_id.clone(),
            author_user_id: self.profile.config.user_id.clone(),
            device_id: self.profile.config.device_id.clone(),
            audience: post.audience.clone(),
            sealed: post.sealed.clone(),
            envelope: own_envelope,
            signature: post.signature.clone(),
            at: i64::try_from(crate::trust::unix_now()).unwrap_or(i64::MAX),
        };
        let json = serde_json::to_string(&local)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        self.store()?
            .put_annotation_record(&post.record_id, &meeting.id, None, &json)?;
        let record_id = post.record_id.clone();
        let sent = self
            .send_through_outbox_within(
                OutboxKind::Annotation {
                    meeting_id: meeting.id.clone(),
                    record: post,
                },
                Some(QUICK_WAIT),
            )
            .await;
        if sent.is_err() {
            // Refused for good: it never existed.
            self.store()?.delete_annotation_record(&record_id)?;
        }
        sent
    }

    /// Notes the server's place for a record this device sent.
    pub(crate) fn annotation_acknowledged(
        &self,
        meeting_id: &str,
        record: &PostAnnotation,
        seq: i64,
    ) -> Result<(), CoreError> {
        let store = self.store()?;
        if let Some(json) = store.annotation_record(&record.record_id)? {
            store.put_annotation_record(&record.record_id, meeting_id, Some(seq), &json)?;
        }
        Ok(())
    }

    /// Sends what waits in the outbox, then fetches the meeting's annotation records this
    /// device has not seen, and passes the personal key on to the member's new devices.
    /// Returns how many records arrived.
    pub async fn sync_annotations(&self, meeting_id: &str) -> Result<usize, CoreError> {
        self.prepare_annotation_sync().await?;
        self.pull_annotations(meeting_id).await
    }

    /// [`Self::sync_annotations`] for every meeting ahead and of the last
    /// [`RECENT_MEETING_DAYS`] days: what a sync does after fetching documents, so notes
    /// written on another computer are here before the link drops.
    pub(crate) async fn sync_recent_annotations(
        &self,
        meetings: &[Meeting],
    ) -> Result<usize, CoreError> {
        let since = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_hours(24 * RECENT_MEETING_DAYS))
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let recent: Vec<&Meeting> = meetings
            .iter()
            .filter(|meeting| {
                meeting
                    .info
                    .starts_at
                    .parse::<jiff::Timestamp>()
                    .map_or(true, |starts| starts >= since)
            })
            .collect();
        if recent.is_empty() {
            return Ok(0);
        }
        self.prepare_annotation_sync().await?;
        let mut received = 0;
        for meeting in recent {
            received += self.pull_annotations(&meeting.id).await?;
        }
        Ok(received)
    }

    /// Flushes the outbox, refreshes the directory and fetches or passes on the personal key.
    async fn prepare_annotation_sync(&self) -> Result<(), CoreError> {
        self.flush_outbox().await?;
        let devices = self.verified_devices(self.directory().await?)?;
        match self.personal_key(&devices).await {
            Ok(_) | Err(CoreError::Refused { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Fetches the records of `meeting_id` after this device's cursor.
    async fn pull_annotations(&self, meeting_id: &str) -> Result<usize, CoreError> {
        let cursor_key = format!("{CURSOR_PREFIX}{meeting_id}");
        let mut after: i64 = self
            .store()?
            .setting(&cursor_key)?
            .and_then(|text| text.parse().ok())
            .unwrap_or(0);
        let mut received = 0;
        loop {
            let page = self
                .call(|server| async move { server.annotations(meeting_id, after).await })
                .await?;
            {
                let store = self.store()?;
                for record in &page.records {
                    let json = serde_json::to_string(record)
                        .map_err(|error| CoreError::BadRecord(error.to_string()))?;
                    store.put_annotation_record(
                        &record.record_id,
                        meeting_id,
                        Some(record.seq),
                        &json,
                    )?;
                }
                store.set_setting(&cursor_key, &page.next_after.to_string())?;
            }
            received += page.records.len();
            if !page.more || page.next_after <= after {
                break;
            }
            after = page.next_after;
        }
        Ok(received)
    }

    /// A document's annotations (this member's and those shared with them), placed on its
    /// current revision.
    pub fn document_annotations(
        &self,
        meeting_id: &str,
        document_id: &str,
    ) -> Result<DocumentAnnotations, CoreError> {
        let (_, document) = self.find_document(meeting_id, document_id)?;
        let current = self.current_annotations(meeting_id)?;
        self.place_on_revision(&document, current.into_values())
    }

    /// Every annotation of a meeting this member can read, in agenda order of documents,
    /// those that lost their place included (marked `unplaced`).
    pub fn meeting_annotations(&self, meeting_id: &str) -> Result<Vec<AnnotationView>, CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let current = self.current_annotations(meeting_id)?;
        let mut views = Vec::new();
        for document in meeting.documents() {
            let of_document: Vec<Annotation> = current
                .values()
                .filter(|annotation| annotation.document_id == document.id)
                .cloned()
                .collect();
            if of_document.is_empty() {
                continue;
            }
            let placed = self.place_on_revision(document, of_document)?;
            views.extend(placed.annotations);
            views.extend(placed.unplaced);
        }
        Ok(views)
    }

    fn place_on_revision(
        &self,
        document: &DocumentRef,
        annotations: impl IntoIterator<Item = Annotation>,
    ) -> Result<DocumentAnnotations, CoreError> {
        let mut placed = DocumentAnnotations::default();
        let mut index: Option<Arc<IndexedDocument>> = None;
        let mut texts: Option<Vec<Vec<char>>> = None;
        for annotation in annotations {
            if annotation.deleted || annotation.document_id != document.id {
                continue;
            }
            if annotation.revision >= document.revision {
                placed.annotations.push(self.annotation_view(
                    annotation,
                    Placement::Original,
                    &document.title,
                ));
                continue;
            }
            let index = match &index {
                Some(index) => Arc::clone(index),
                None => match self.document_pages(document) {
                    Ok(loaded) => {
                        index = Some(Arc::clone(&loaded));
                        loaded
                    }
                    // Not readable here yet: show it where it was.
                    Err(_) => {
                        placed.annotations.push(self.annotation_view(
                            annotation,
                            Placement::Original,
                            &document.title,
                        ));
                        continue;
                    }
                },
            };
            let texts = texts.get_or_insert_with(|| index.pages.iter().map(page_text).collect());
            let (annotation, placement) = carry_over(annotation, document.revision, &index, texts);
            let view = self.annotation_view(annotation, placement, &document.title);
            if placement == Placement::Unplaced {
                placed.unplaced.push(view);
            } else {
                placed.annotations.push(view);
            }
        }
        Ok(placed)
    }

    /// The characters of a page of a document's current revision with their boxes.
    pub fn page_chars(
        &self,
        meeting_id: &str,
        document_id: &str,
        page: u32,
    ) -> Result<Vec<PageChar>, CoreError> {
        let (_, document) = self.find_document(meeting_id, document_id)?;
        let index = self.document_pages(&document)?;
        let count = u32::try_from(index.pages.len()).unwrap_or(u32::MAX);
        let page = index
            .pages
            .get(page as usize)
            .ok_or(phonghop_pdf::PdfError::NoSuchPage { index: page, count })?;
        Ok(page
            .chars()
            .iter()
            .map(|c| PageChar {
                ch: c.ch.to_string(),
                left: c.left,
                bottom: c.bottom,
                right: c.right,
                top: c.top,
            })
            .collect())
    }
}

/// Moves an annotation drawn on an earlier revision onto `revision` (whose pages are
/// `index`, their text `texts`).
fn carry_over(
    mut annotation: Annotation,
    revision: u64,
    index: &IndexedDocument,
    texts: &[Vec<char>],
) -> (Annotation, Placement) {
    let old_page = annotation.page;
    if let Some(anchor) = annotation.body.anchor_mut() {
        let Some(found) = place_anchor(anchor, old_page, texts) else {
            return (annotation, Placement::Unplaced);
        };
        let (start, end) = (found.start as usize, found.end as usize);
        if let Some(page) = index.pages.get(found.page as usize) {
            anchor.rects = boxes(page, start, end);
        }
        if let Some(text) = texts.get(found.page as usize) {
            anchor.quote = text[start.min(text.len())..end.min(text.len())]
                .iter()
                .collect();
        }
        anchor.start = found.start;
        anchor.end = found.end;
        annotation.page = found.page;
        annotation.revision = revision;
        return (annotation, Placement::Moved);
    }
    let last = u32::try_from(index.pages.len().saturating_sub(1)).unwrap_or(0);
    annotation.page = old_page.min(last);
    annotation.revision = revision;
    let same = match (
        &annotation.page_fingerprint,
        index.pages.get(annotation.page as usize),
    ) {
        (Some(before), Some(page)) => *before == fingerprint(page) && annotation.page == old_page,
        _ => false,
    };
    let placement = if same {
        Placement::Original
    } else {
        Placement::PageChanged
    };
    (annotation, placement)
}
