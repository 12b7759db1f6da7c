//! Publishing a meeting (secretary): split every document into encrypted chunks under its own
//! family key with a signed manifest, keep them in the local store, seal the meeting record
//! under a fresh meeting key and wrap that key, signed, to every participant's device. The
//! request then goes through the [outbox](crate::outbox): the server is asked which chunks
//! it lacks, receives only those, then the sealed record — so a secretary can publish on a
//! link that drops, and nothing is sent twice. The server receives only ciphertext.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::document::{ChunkParams, DocumentMeta};
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::meeting::SecretHex;
use phonghop_domain::wire::{DirectoryEntry, Envelope, PublishMeeting};
use phonghop_domain::{
    AgendaItem, DocumentAccess, DocumentKind, DocumentRef, Meeting, MeetingInfo,
};
use serde::{Deserialize, Serialize};

use crate::outbox::{OutboxKind, UploadStats};
use crate::{App, CoreError, DOCUMENT_KEY_PURPOSE, MEETING_KEY_PURPOSE, MEETING_LABEL};

/// Store setting caching the last organisation directory, for publishing offline (every
/// entry is checked against the pinned root before use, wherever it came from).
pub(crate) const DIRECTORY_CACHE: &str = "directory.cache";

/// A document to attach, with its plaintext bytes.
#[derive(Debug, Clone)]
pub struct DraftDocument {
    /// Title.
    pub title: String,
    /// Administrative type.
    pub kind: DocumentKind,
    /// The PDF bytes.
    pub bytes: Vec<u8>,
}

/// An agenda item of a draft.
#[derive(Debug, Clone)]
pub struct DraftItem {
    /// Title.
    pub title: String,
    /// Presenter.
    pub presenter: Option<String>,
    /// Attached documents.
    pub documents: Vec<DraftDocument>,
}

/// A meeting as the secretary prepares it.
#[derive(Debug, Clone)]
pub struct MeetingDraft {
    /// Title, body, kind, times and place.
    pub info: MeetingInfo,
    /// Agenda.
    pub items: Vec<DraftItem>,
    /// Participants by user id; every device of each gets the meeting key.
    pub participant_user_ids: Vec<String>,
}

/// What revising one document cost on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionReport {
    /// The document's new revision number.
    pub revision: u64,
    /// Chunks of the new revision.
    pub chunks: usize,
    /// Chunks (and the manifest) the server lacked and received.
    pub chunks_sent: usize,
    /// Bytes of those.
    pub bytes_sent: u64,
}

impl App {
    /// Publishes `draft` as a new meeting and returns its id. When the server cannot be
    /// reached the publication waits in the outbox and is sent by the next flush.
    pub async fn publish_meeting(&self, draft: &MeetingDraft) -> Result<String, CoreError> {
        self.republish_meeting(&uuid::Uuid::new_v4().to_string(), draft)
            .await
    }

    /// Publishes `draft` as the next revision of the meeting `meeting_id`: participants'
    /// feeds say it was revised, and anyone left out is told they were removed. Documents
    /// are sealed afresh under new keys; to revise one document so that its unchanged
    /// chunks are not sent again, use [`Self::revise_document`].
    pub async fn republish_meeting(
        &self,
        meeting_id: &str,
        draft: &MeetingDraft,
    ) -> Result<String, CoreError> {
        if !self.profile.config.role.may_publish() {
            return Err(CoreError::NotAllowed);
        }
        let mut agenda = Vec::new();
        for item in &draft.items {
            let mut documents = Vec::new();
            for document in &item.documents {
                let key = SymmetricKey::generate()?;
                let (reference, _) = self.seal_document(
                    &uuid::Uuid::new_v4().to_string(),
                    1,
                    key,
                    document.title.clone(),
                    document.kind,
                    &document.bytes,
                )?;
                documents.push(reference);
            }
            agenda.push(AgendaItem {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                documents,
                ..Default::default()
            });
        }
        let mut participants = draft.participant_user_ids.clone();
        participants.retain(|id| *id != self.profile.config.user_id);
        participants.insert(0, self.profile.config.user_id.clone());
        let meeting = Meeting {
            id: meeting_id.to_owned(),
            info: draft.info.clone(),
            agenda,
            participants,
            postponement: None,
            cancellation_reason: None,
            replies_key: None,
        };
        self.send_meeting(&meeting).await?;
        Ok(meeting.id)
    }

    /// Publishes a new revision of one document of a published meeting. The document keeps
    /// its family key, so chunks that did not change encrypt to the same bytes: the server
    /// is sent only the new ones, and members fetch only those (invariant 3).
    pub async fn revise_document(
        &self,
        meeting_id: &str,
        document_id: &str,
        bytes: Vec<u8>,
    ) -> Result<RevisionReport, CoreError> {
        if !self.profile.config.role.may_publish() {
            return Err(CoreError::NotAllowed);
        }
        // Start from the server's latest record when it can be reached (another revision
        // may have been published since this device last synced); documents are not needed.
        match self.refresh_meeting_records().await {
            Ok(_) => {}
            Err(CoreError::Sync(error)) if error.is_transient() => {}
            Err(error) => return Err(error),
        }
        let (mut meeting, current) = self.find_document(meeting_id, document_id)?;
        if meeting.participants.is_empty() {
            return Err(CoreError::BadRecord(
                "this meeting was published without its participant list; publish it again".into(),
            ));
        }
        let revision = current.revision + 1;
        let key = SymmetricKey::from_hex(&current.key.0)?;
        let (reference, blob_ids) = self.seal_document(
            document_id,
            revision,
            key,
            current.title.clone(),
            current.kind,
            &bytes,
        )?;
        let chunks = reference.chunk_ids.len();
        for document in meeting.documents_named_mut(document_id) {
            *document = reference.clone();
        }
        // Send the chunks now to count them; if the link is down the outbox sends them later.
        let stats = match self.upload_missing(&blob_ids).await {
            Ok(stats) => stats,
            Err(CoreError::Sync(error)) if error.is_transient() => UploadStats::default(),
            Err(error) => return Err(error),
        };
        self.send_meeting(&meeting).await?;
        Ok(RevisionReport {
            revision,
            chunks,
            chunks_sent: stats.chunks_sent,
            bytes_sent: stats.bytes_sent,
        })
    }

    /// Encrypts one document revision into the local store; returns its reference and the
    /// ids of its blobs (manifest first).
    pub(crate) fn seal_document(
        &self,
        document_id: &str,
        revision: u64,
        key: SymmetricKey,
        title: String,
        kind: DocumentKind,
        bytes: &[u8],
    ) -> Result<(DocumentRef, Vec<String>), CoreError> {
        let encrypted = phonghop_crypto::document::encrypt_document(
            &key,
            &self.profile.secrets,
            DocumentMeta {
                document_id: document_id.to_owned(),
                revision,
                media_type: "application/pdf".into(),
            },
            bytes,
            ChunkParams::DEFAULT,
        )?;
        let manifest_id = phonghop_crypto::sha256_hex(&encrypted.sealed_manifest);
        let mut blobs = vec![(manifest_id.clone(), encrypted.sealed_manifest)];
        blobs.extend(
            encrypted
                .chunks
                .into_iter()
                .map(|chunk| (chunk.id, chunk.bytes)),
        );
        self.store()?.put_blobs(&blobs)?;
        let reference = DocumentRef {
            id: document_id.to_owned(),
            revision,
            title,
            kind,
            manifest_id,
            chunk_ids: encrypted
                .manifest
                .chunks
                .into_iter()
                .map(|chunk| chunk.id)
                .collect(),
            uploader_key: hex::encode(self.profile.secrets.public_keys().signing),
            size_bytes: bytes.len() as u64,
            key: SecretHex(key.to_hex()),
            access: Default::default(),
            reader_keys: Vec::new(),
        };
        Ok((reference, blobs.into_iter().map(|(id, _)| id).collect()))
    }

    /// The organisation's directory: from the server, or the last copy when it cannot be
    /// reached.
    pub(crate) async fn directory(&self) -> Result<Vec<DirectoryEntry>, CoreError> {
        match self
            .call(|server| async move { server.directory().await })
            .await
        {
            Ok(directory) => {
                if let Ok(json) = serde_json::to_string(&directory) {
                    self.store()?.set_setting(DIRECTORY_CACHE, &json)?;
                }
                Ok(directory)
            }
            Err(CoreError::Sync(error)) if error.is_transient() => {
                let cached = self.store()?.setting(DIRECTORY_CACHE)?;
                match cached.and_then(|json| serde_json::from_str(&json).ok()) {
                    Some(directory) => Ok(directory),
                    None => Err(CoreError::Sync(error)),
                }
            }
            Err(error) => Err(error),
        }
    }

    /// Takes the key of every restricted document out of the record and wraps it to its
    /// readers' certified devices instead: named people (and the member publishing), or
    /// every participant but guests when guests are invited.
    fn restrict_documents(
        &self,
        meeting: &mut Meeting,
        directory: &[DirectoryEntry],
    ) -> Result<(), CoreError> {
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let now = crate::trust::unix_now();
        let certified: Vec<(&DirectoryEntry, [u8; 32])> = directory
            .iter()
            .filter(|entry| meeting.participants.contains(&entry.user_id))
            .filter_map(|entry| {
                crate::trust::verify_entry(&anchor, entry, now)
                    .ok()
                    .map(|keys| (entry, keys.exchange))
            })
            .collect();
        let guests_invited = certified
            .iter()
            .any(|(entry, _)| entry.role == phonghop_domain::Role::Guest);
        let me = self.profile.config.user_id.clone();
        let context = WrapContext {
            purpose: DOCUMENT_KEY_PURPOSE,
            meeting_id: &meeting.id,
        };
        for item in &mut meeting.agenda {
            for document in &mut item.documents {
                let readers: Option<Vec<&str>> = match &document.access {
                    DocumentAccess::Everyone => None,
                    DocumentAccess::Participants if !guests_invited => None,
                    DocumentAccess::Participants => Some(
                        certified
                            .iter()
                            .filter(|(entry, _)| entry.role != phonghop_domain::Role::Guest)
                            .map(|(entry, _)| entry.user_id.as_str())
                            .collect(),
                    ),
                    DocumentAccess::Named { user_ids } => {
                        Some(user_ids.iter().map(String::as_str).collect())
                    }
                };
                document.reader_keys.clear();
                let Some(readers) = readers else {
                    continue;
                };
                if document.key.0.is_empty() {
                    return Err(CoreError::BadRecord(format!(
                        "the key of document {} is not on this device",
                        document.id
                    )));
                }
                let key = SymmetricKey::from_hex(&document.key.0)?;
                for (entry, exchange) in &certified {
                    if entry.user_id != me && !readers.contains(&entry.user_id.as_str()) {
                        continue;
                    }
                    let envelope =
                        phonghop_crypto::wrap_key(&self.profile.secrets, exchange, &key, &context)?;
                    document.reader_keys.push(Envelope {
                        device_id: entry.device_id.clone(),
                        envelope: STANDARD.encode(envelope),
                    });
                }
                document.key = SecretHex(String::new());
            }
        }
        Ok(())
    }

    /// Seals `meeting` under a fresh key wrapped to its participants' certified devices and
    /// queues the publication in the outbox, then flushes it.
    pub(crate) async fn send_meeting(&self, meeting: &Meeting) -> Result<(), CoreError> {
        let directory = self.directory().await?;
        let mut meeting = meeting.clone();
        if meeting.replies_key.is_none() {
            meeting.replies_key = Some(SecretHex(SymmetricKey::generate()?.to_hex()));
        }
        self.restrict_documents(&mut meeting, &directory)?;
        let meeting = &meeting;
        let meeting_key = SymmetricKey::generate()?;
        let plaintext = zeroize::Zeroizing::new(
            serde_json::to_vec(meeting).map_err(|error| CoreError::BadRecord(error.to_string()))?,
        );
        let sealed = phonghop_crypto::seal(
            &meeting_key,
            MEETING_LABEL,
            meeting.id.as_bytes(),
            &plaintext,
        )?;
        let context = WrapContext {
            purpose: MEETING_KEY_PURPOSE,
            meeting_id: &meeting.id,
        };
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let now = crate::trust::unix_now();
        let mut envelopes = Vec::new();
        for entry in directory {
            if !meeting.participants.contains(&entry.user_id) {
                continue;
            }
            // Keys reach an envelope only when the organisation root certified them.
            let Ok(keys) = crate::trust::verify_entry(&anchor, &entry, now) else {
                continue;
            };
            let envelope = phonghop_crypto::wrap_key(
                &self.profile.secrets,
                &keys.exchange,
                &meeting_key,
                &context,
            )?;
            envelopes.push(Envelope {
                device_id: entry.device_id,
                envelope: STANDARD.encode(envelope),
            });
        }
        let mut blob_ids = Vec::new();
        for document in meeting.documents() {
            for id in document.blob_ids() {
                if !blob_ids.contains(&id) {
                    blob_ids.push(id);
                }
            }
        }
        let request = PublishMeeting {
            meeting_id: meeting.id.clone(),
            starts_at: meeting.info.starts_at.clone(),
            sealed: STANDARD.encode(&sealed),
            blob_ids,
            envelopes,
        };
        self.send_through_outbox(OutboxKind::Publish(request)).await
    }
}
