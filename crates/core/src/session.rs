//! [`App`]: an opened profile with its store and server connection.

use std::path::Path;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::Meeting;
use phonghop_store::{Store, StoredMeeting};
use phonghop_sync::ServerClient;

use crate::views::{AgendaItemView, DocumentView, MeetingView, ProfileInfo, SyncReport};
use crate::{CoreError, MEETING_KEY_PURPOSE, MEETING_LABEL, Profile};

/// One profile, opened: what the app does on behalf of its person.
#[derive(Debug)]
pub struct App {
    pub(crate) profile: Profile,
    pub(crate) store: Mutex<Store>,
    pub(crate) server: ServerClient,
}

fn decode(text: &str) -> Result<Vec<u8>, CoreError> {
    STANDARD
        .decode(text)
        .map_err(|_| CoreError::BadRecord("the server sent invalid base64".into()))
}

impl App {
    /// Opens the profile in `dir` and its local store.
    pub fn open(dir: &Path) -> Result<Self, CoreError> {
        let profile = Profile::open(dir)?;
        let store = Store::open(&profile.store_path())?;
        let server = ServerClient::new(&profile.config.server_url)?
            .with_token(profile.config.device_token.clone());
        Ok(Self {
            profile,
            store: Mutex::new(store),
            server,
        })
    }

    pub(crate) fn store(&self) -> Result<std::sync::MutexGuard<'_, Store>, CoreError> {
        self.store
            .lock()
            .map_err(|_| CoreError::BadRecord("local store lock poisoned".into()))
    }

    /// The signed-in person.
    pub fn profile_info(&self) -> ProfileInfo {
        let config = &self.profile.config;
        ProfileInfo {
            display_name: config.display_name.clone(),
            role: config.role,
            organisation: config.organisation.clone(),
            server_url: config.server_url.clone(),
        }
    }

    /// The profile behind this app.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub(crate) fn open_meeting(&self, stored: &StoredMeeting) -> Result<Meeting, CoreError> {
        let context = WrapContext {
            purpose: MEETING_KEY_PURPOSE,
            meeting_id: &stored.id,
        };
        let key = phonghop_crypto::unwrap_key(&self.profile.secrets, &stored.envelope, &context)?;
        let plaintext =
            phonghop_crypto::open(&key, MEETING_LABEL, stored.id.as_bytes(), &stored.sealed)?;
        let meeting: Meeting = serde_json::from_slice(&plaintext)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        if meeting.id != stored.id {
            return Err(CoreError::BadRecord(
                "the sealed record names another meeting".into(),
            ));
        }
        Ok(meeting)
    }

    /// The meetings held in the local store, decrypted in memory, soonest first. Works
    /// offline.
    pub fn list_meetings(&self) -> Result<Vec<MeetingView>, CoreError> {
        let store = self.store()?;
        let mut views = Vec::new();
        for stored in store.meetings()? {
            let meeting = self.open_meeting(&stored)?;
            let mut agenda = Vec::new();
            for (number, item) in meeting.numbered_agenda() {
                let mut documents = Vec::new();
                for document in &item.documents {
                    documents.push(DocumentView {
                        id: document.id.clone(),
                        title: document.title.clone(),
                        kind: document.kind,
                        size_bytes: document.size_bytes,
                        available: store.has_blob(&document.blob_id)?,
                    });
                }
                agenda.push(AgendaItemView {
                    number,
                    title: item.title.clone(),
                    presenter: item.presenter.clone(),
                    documents,
                });
            }
            views.push(MeetingView {
                id: meeting.id,
                info: meeting.info,
                agenda,
            });
        }
        Ok(views)
    }

    /// Fetches the meetings this device may open and the documents it lacks, storing only
    /// ciphertext. A meeting whose record does not open is refused before it is stored.
    pub async fn sync_now(&self) -> Result<SyncReport, CoreError> {
        let remote = self.server.meetings().await?;
        let mut documents_fetched = 0;
        for sealed in &remote {
            let stored = StoredMeeting {
                id: sealed.meeting_id.clone(),
                revision: sealed.revision,
                starts_at: sealed.starts_at.clone(),
                sealed: decode(&sealed.sealed)?,
                envelope: decode(&sealed.envelope)?,
            };
            let meeting = self.open_meeting(&stored)?;
            self.store()?.put_meeting(&stored)?;
            for document in meeting.documents() {
                if self.store()?.has_blob(&document.blob_id)? {
                    continue;
                }
                let bytes = self.server.get_blob(&document.blob_id).await?;
                self.store()?.put_blob(&document.blob_id, &bytes)?;
                documents_fetched += 1;
            }
        }
        Ok(SyncReport {
            meetings: remote.len(),
            documents_fetched,
        })
    }

    /// Decrypts a document of a stored meeting into memory (never to disk).
    pub fn open_document(&self, meeting_id: &str, document_id: &str) -> Result<Vec<u8>, CoreError> {
        let store = self.store()?;
        let stored = store
            .meetings()?
            .into_iter()
            .find(|meeting| meeting.id == meeting_id)
            .ok_or_else(|| {
                CoreError::BadRecord(format!("no meeting {meeting_id} on this device"))
            })?;
        let meeting = self.open_meeting(&stored)?;
        let document = meeting
            .documents()
            .find(|document| document.id == document_id)
            .ok_or_else(|| {
                CoreError::BadRecord(format!("no document {document_id} in this meeting"))
            })?;
        let ciphertext = store.blob(&document.blob_id)?.ok_or_else(|| {
            CoreError::BadRecord(format!("document {document_id} is not downloaded yet"))
        })?;
        let key = SymmetricKey::from_hex(&document.key.0)?;
        Ok(phonghop_crypto::open(
            &key,
            crate::DOCUMENT_LABEL,
            document.id.as_bytes(),
            &ciphertext,
        )?)
    }
}
