//! Publishing a meeting (secretary): split every document into encrypted chunks under its own
//! family key with a signed manifest, upload them, seal the meeting record under a fresh
//! meeting key and wrap that key, signed, to every participant's device. The server receives
//! only ciphertext and envelopes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::document::{ChunkParams, DocumentMeta};
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::meeting::SecretHex;
use phonghop_domain::wire::{Envelope, PublishMeeting};
use phonghop_domain::{AgendaItem, DocumentKind, DocumentRef, Meeting, MeetingInfo};

use crate::{App, CoreError, MEETING_KEY_PURPOSE, MEETING_LABEL};

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

impl App {
    /// Publishes `draft` as a new meeting and returns its id.
    pub async fn publish_meeting(&self, draft: &MeetingDraft) -> Result<String, CoreError> {
        self.republish_meeting(&uuid::Uuid::new_v4().to_string(), draft)
            .await
    }

    /// Publishes `draft` as the next revision of the meeting `meeting_id`: participants'
    /// feeds say it was revised, and anyone left out is told they were removed. Documents
    /// are sealed afresh under new keys (revising a document in place, so that unchanged
    /// chunks are not sent again, comes with the secretary's revision workflow).
    pub async fn republish_meeting(
        &self,
        meeting_id: &str,
        draft: &MeetingDraft,
    ) -> Result<String, CoreError> {
        if !self.profile.config.role.may_publish() {
            return Err(CoreError::NotAllowed);
        }
        let meeting_id = meeting_id.to_owned();
        let mut agenda = Vec::new();
        let mut blob_ids = Vec::new();
        for item in &draft.items {
            let mut documents = Vec::new();
            for document in &item.documents {
                let document_id = uuid::Uuid::new_v4().to_string();
                let key = SymmetricKey::generate()?;
                let encrypted = phonghop_crypto::document::encrypt_document(
                    &key,
                    &self.profile.secrets,
                    DocumentMeta {
                        document_id: document_id.clone(),
                        revision: 1,
                        media_type: "application/pdf".into(),
                    },
                    &document.bytes,
                    ChunkParams::DEFAULT,
                )?;
                let manifest_id = phonghop_crypto::sha256_hex(&encrypted.sealed_manifest);
                let uploads = encrypted
                    .chunks
                    .into_iter()
                    .map(|chunk| (chunk.id, chunk.bytes))
                    .chain([(manifest_id.clone(), encrypted.sealed_manifest)]);
                for (blob_id, bytes) in uploads {
                    self.call(|server| {
                        let (blob_id, bytes) = (blob_id.clone(), bytes.clone());
                        async move { server.put_blob(&blob_id, bytes).await }
                    })
                    .await?;
                    self.store()?.put_blob(&blob_id, &bytes)?;
                    if !blob_ids.contains(&blob_id) {
                        blob_ids.push(blob_id);
                    }
                }
                documents.push(DocumentRef {
                    id: document_id,
                    revision: 1,
                    title: document.title.clone(),
                    kind: document.kind,
                    manifest_id,
                    chunk_ids: encrypted
                        .manifest
                        .chunks
                        .into_iter()
                        .map(|chunk| chunk.id)
                        .collect(),
                    uploader_key: hex::encode(self.profile.secrets.public_keys().signing),
                    size_bytes: document.bytes.len() as u64,
                    key: SecretHex(key.to_hex()),
                });
            }
            agenda.push(AgendaItem {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                documents,
            });
        }
        let meeting = Meeting {
            id: meeting_id.clone(),
            info: draft.info.clone(),
            agenda,
        };
        let meeting_key = SymmetricKey::generate()?;
        let plaintext = zeroize::Zeroizing::new(
            serde_json::to_vec(&meeting)
                .map_err(|error| CoreError::BadRecord(error.to_string()))?,
        );
        let sealed = phonghop_crypto::seal(
            &meeting_key,
            MEETING_LABEL,
            meeting_id.as_bytes(),
            &plaintext,
        )?;

        let context = WrapContext {
            purpose: MEETING_KEY_PURPOSE,
            meeting_id: &meeting_id,
        };
        let mut envelopes = Vec::new();
        let directory = self
            .call(|server| async move { server.directory().await })
            .await?;
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let now = crate::trust::unix_now();
        for entry in directory {
            let invited = entry.user_id == self.profile.config.user_id
                || draft.participant_user_ids.contains(&entry.user_id);
            if !invited {
                continue;
            }
            // Keys reach an envelope only when the organisation root certified them.
            let Ok(keys) = crate::trust::verify_entry(&anchor, &entry, now) else {
                continue;
            };
            let recipient = keys.exchange;
            let envelope = phonghop_crypto::wrap_key(
                &self.profile.secrets,
                &recipient,
                &meeting_key,
                &context,
            )?;
            envelopes.push(Envelope {
                device_id: entry.device_id,
                envelope: STANDARD.encode(envelope),
            });
        }
        let request = PublishMeeting {
            meeting_id: meeting_id.clone(),
            starts_at: draft.info.starts_at.clone(),
            sealed: STANDARD.encode(&sealed),
            blob_ids,
            envelopes,
        };
        self.call(|server| {
            let request = request.clone();
            async move { server.publish_meeting(&request).await }
        })
        .await?;
        Ok(meeting_id)
    }
}
