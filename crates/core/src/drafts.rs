//! The secretary's drafts: meetings being prepared on this device before they are published.
//! A draft is the meeting record as it will be sealed, kept in the local store sealed under
//! a device-local key; its documents are already encrypted chunks in the store (invariant 1:
//! the store never holds plaintext). Publishing a draft sends it through the outbox.

use phonghop_crypto::SymmetricKey;
use phonghop_domain::{AgendaItem, DocumentKind, DocumentRef, Meeting, MeetingInfo};
use serde::{Deserialize, Serialize};

use crate::{App, CoreError};

/// Purpose of the device-local key drafts are sealed under.
const DRAFT_KEY_PURPOSE: &str = "drafts";
/// Label sealing drafts (domain separation).
const DRAFT_LABEL: &str = "phonghop/draft/v1";
/// Title of the agenda item documents from the watch folder join when the draft has none.
pub const WATCHED_ITEM_TITLE: &str = "Tài liệu";

/// A file of the draft's watch folder that became one of its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchedFile {
    /// File name inside the folder.
    pub name: String,
    /// The document it became.
    pub document_id: String,
    /// SHA-256 of its bytes, to tell a rename from a new file.
    pub content_hash: String,
}

/// A meeting being prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The record as it will be sealed (documents already encrypted in the store).
    pub meeting: Meeting,
    /// Files imported from the watch folder.
    #[serde(default)]
    pub watched: Vec<WatchedFile>,
}

impl App {
    fn draft_key(&self) -> Result<SymmetricKey, CoreError> {
        Ok(self.profile.secrets.local_key(DRAFT_KEY_PURPOSE)?)
    }

    /// Starts a draft meeting; returns its id (the meeting's id once published).
    pub fn create_draft(
        &self,
        info: MeetingInfo,
        participant_user_ids: Vec<String>,
    ) -> Result<String, CoreError> {
        if !self.profile.config.role.may_publish() {
            return Err(CoreError::NotAllowed);
        }
        let mut participants = participant_user_ids;
        participants.retain(|id| *id != self.profile.config.user_id);
        participants.insert(0, self.profile.config.user_id.clone());
        let draft = Draft {
            meeting: Meeting {
                id: uuid::Uuid::new_v4().to_string(),
                info,
                agenda: Vec::new(),
                participants,
                postponement: None,
                cancellation_reason: None,
                replies_key: None,
            },
            watched: Vec::new(),
        };
        self.save_draft(&draft)?;
        Ok(draft.meeting.id)
    }

    /// A draft, decrypted in memory.
    pub fn draft(&self, draft_id: &str) -> Result<Draft, CoreError> {
        let sealed = self
            .store()?
            .draft(draft_id)?
            .ok_or_else(|| CoreError::MeetingNotFound(draft_id.to_owned()))?;
        let json = phonghop_crypto::open(
            &self.draft_key()?,
            DRAFT_LABEL,
            draft_id.as_bytes(),
            &sealed,
        )?;
        serde_json::from_slice(&json).map_err(|error| CoreError::BadRecord(error.to_string()))
    }

    /// Every draft on this device, most recently changed first.
    pub fn drafts(&self) -> Result<Vec<Draft>, CoreError> {
        let ids = self.store()?.draft_ids()?;
        ids.iter().map(|id| self.draft(id)).collect()
    }

    /// Seals and stores `draft`.
    pub fn save_draft(&self, draft: &Draft) -> Result<(), CoreError> {
        let json = zeroize::Zeroizing::new(
            serde_json::to_vec(draft).map_err(|error| CoreError::BadRecord(error.to_string()))?,
        );
        let sealed = phonghop_crypto::seal(
            &self.draft_key()?,
            DRAFT_LABEL,
            draft.meeting.id.as_bytes(),
            &json,
        )?;
        self.store()?.put_draft(&draft.meeting.id, &sealed)?;
        Ok(())
    }

    /// Encrypts `bytes` into the store as a new document of `draft` (on the agenda item at
    /// `item`, or the watch folder's item) and returns its reference.
    pub(crate) fn add_draft_document(
        &self,
        draft: &mut Draft,
        item: Option<usize>,
        title: String,
        kind: DocumentKind,
        bytes: &[u8],
    ) -> Result<DocumentRef, CoreError> {
        let key = SymmetricKey::generate()?;
        let document_id = uuid::Uuid::new_v4().to_string();
        let (reference, _) = self.seal_document(&document_id, 1, key, title, kind, bytes)?;
        let agenda = &mut draft.meeting.agenda;
        let index = match item {
            Some(index) if index < agenda.len() => index,
            _ => match agenda.iter().position(|i| i.title == WATCHED_ITEM_TITLE) {
                Some(index) => index,
                None => {
                    agenda.push(AgendaItem {
                        title: WATCHED_ITEM_TITLE.into(),
                        presenter: None,
                        documents: Vec::new(),
                        ..Default::default()
                    });
                    agenda.len() - 1
                }
            },
        };
        agenda[index].documents.push(reference.clone());
        Ok(reference)
    }

    /// Adds a document to a stored draft.
    pub fn attach_to_draft(
        &self,
        draft_id: &str,
        item: Option<usize>,
        title: &str,
        kind: DocumentKind,
        bytes: &[u8],
    ) -> Result<String, CoreError> {
        let mut draft = self.draft(draft_id)?;
        let reference = self.add_draft_document(&mut draft, item, title.into(), kind, bytes)?;
        self.save_draft(&draft)?;
        Ok(reference.id)
    }

    /// Publishes a draft (through the outbox) and removes it; returns the meeting's id.
    pub async fn publish_draft(&self, draft_id: &str) -> Result<String, CoreError> {
        let draft = self.draft(draft_id)?;
        self.send_meeting(&draft.meeting).await?;
        self.store()?.delete_draft(draft_id)?;
        Ok(draft.meeting.id)
    }
}
