//! [`App`]: an opened profile with its store and server connection.

use std::path::Path;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::wire::Login;
use phonghop_domain::{DocumentRef, Meeting};
use phonghop_store::{Store, StoredMeeting};
use phonghop_sync::ServerClient;

use crate::views::{AgendaItemView, DocumentView, MeetingStatus, MeetingView, ProfileInfo};
use crate::{CoreError, MEETING_KEY_PURPOSE, MEETING_LABEL, Profile};

/// One profile, opened: what the app does on behalf of its person.
#[derive(Debug)]
pub struct App {
    pub(crate) profile: Profile,
    pub(crate) store: Mutex<Store>,
    server: ServerClient,
    /// The current session token, obtained by signing a challenge; renewed when refused.
    token: tokio::sync::Mutex<Option<String>>,
    /// The viewer's machinery, started when the first document is opened.
    pub(crate) reader: std::sync::OnceLock<crate::reader::Reader>,
    /// Held while a sync runs, so the button and the feed never fetch the same chunks twice.
    pub(crate) sync_lock: tokio::sync::Mutex<()>,
    /// Which revision of each (meeting, document) the viewer has open.
    pub(crate) reading: Mutex<std::collections::HashMap<(String, String), String>>,
}

pub(crate) fn decode_key(text: &str) -> Result<[u8; 32], CoreError> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text, &mut key)
        .map_err(|_| CoreError::BadRecord("a public key is not 32 bytes of hex".into()))?;
    Ok(key)
}

fn has_all(store: &Store, blob_ids: &[String]) -> Result<bool, CoreError> {
    for id in blob_ids {
        if !store.has_blob(id)? {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) fn decode(text: &str) -> Result<Vec<u8>, CoreError> {
    STANDARD
        .decode(text)
        .map_err(|_| CoreError::BadRecord("the server sent invalid base64".into()))
}

impl App {
    /// Opens the profile in `dir` and its local store.
    pub fn open(dir: &Path) -> Result<Self, CoreError> {
        Self::with_profile(Profile::open(dir)?)
    }

    /// Opens the profile in `dir`, unlocking its device key with `passphrase`.
    pub fn unlock(dir: &Path, passphrase: &str) -> Result<Self, CoreError> {
        Self::with_profile(Profile::unlock(dir, passphrase)?)
    }

    fn with_profile(profile: Profile) -> Result<Self, CoreError> {
        let store = Store::open(&profile.store_path())?;
        let server = ServerClient::new(&profile.config.server_url)?;
        Ok(Self {
            profile,
            store: Mutex::new(store),
            server,
            token: tokio::sync::Mutex::new(None),
            sync_lock: tokio::sync::Mutex::new(()),
            reader: std::sync::OnceLock::new(),
            reading: Mutex::new(std::collections::HashMap::new()),
        })
    }

    async fn login(&self) -> Result<String, CoreError> {
        let config = &self.profile.config;
        let challenge = self.server.challenge(&config.device_id).await?;
        let statement = phonghop_crypto::login_statement(
            &config.organisation,
            &config.device_id,
            &challenge.challenge,
        );
        let signature = self.profile.secrets.signing().sign_record(&statement);
        let session = self
            .server
            .login(&Login {
                device_id: config.device_id.clone(),
                challenge: challenge.challenge,
                signature: hex::encode(signature),
            })
            .await?;
        Ok(session.token)
    }

    pub(crate) async fn session_client(&self, renew: bool) -> Result<ServerClient, CoreError> {
        let mut token = self.token.lock().await;
        let current = match token.as_ref() {
            Some(current) if !renew => current.clone(),
            _ => {
                let fresh = self.login().await?;
                *token = Some(fresh.clone());
                fresh
            }
        };
        Ok(self.server.clone().with_token(current))
    }

    /// A client for the server with a live session (logging in by signature if needed),
    /// for tools and tests that call the API directly.
    pub async fn server_session(&self) -> Result<ServerClient, CoreError> {
        self.session_client(false).await
    }

    /// The publisher's signing key (hex), once its certificate checks out against the
    /// pinned root and its role may publish.
    pub(crate) fn verified_publisher(
        &self,
        publisher: &phonghop_domain::wire::DirectoryEntry,
    ) -> Result<String, CoreError> {
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let keys = crate::trust::verify_entry(&anchor, publisher, crate::trust::unix_now())?;
        if !publisher.role.may_publish() {
            return Err(CoreError::BadRecord(format!(
                "{} may not publish meetings",
                publisher.display_name
            )));
        }
        Ok(hex::encode(keys.signing))
    }

    /// Runs `request` with a session, logging in again once if the server refuses the token
    /// (it expired, or the server restarted).
    pub(crate) async fn call<T, F, Fut>(&self, request: F) -> Result<T, CoreError>
    where
        F: Fn(ServerClient) -> Fut,
        Fut: std::future::Future<Output = Result<T, phonghop_sync::SyncError>>,
    {
        match request(self.session_client(false).await?).await {
            Err(phonghop_sync::SyncError::Unauthorized) => {
                Ok(request(self.session_client(true).await?).await?)
            }
            other => Ok(other?),
        }
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
            user_id: config.user_id.clone(),
            display_name: config.display_name.clone(),
            role: config.role,
            organisation: config.organisation.clone(),
            // Shown to people: the address without the pinned fingerprint.
            server_url: phonghop_sync::parse_address(&config.server_url)
                .map_or_else(|_| config.server_url.clone(), |address| address.base),
        }
    }

    /// The profile behind this app.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The meeting key of a stored meeting, unwrapped from this device's envelope after
    /// checking the publisher's signature on it.
    pub(crate) fn meeting_key(&self, stored: &StoredMeeting) -> Result<SymmetricKey, CoreError> {
        let context = WrapContext {
            purpose: MEETING_KEY_PURPOSE,
            meeting_id: &stored.id,
        };
        let publisher = decode_key(&stored.publisher_key)?;
        Ok(phonghop_crypto::unwrap_key(
            &self.profile.secrets,
            &publisher,
            &stored.envelope,
            &context,
        )?)
    }

    /// The stored record of `meeting_id`.
    pub(crate) fn stored_record(&self, meeting_id: &str) -> Result<StoredMeeting, CoreError> {
        self.store()?
            .meetings()?
            .into_iter()
            .find(|meeting| meeting.id == meeting_id)
            .ok_or_else(|| CoreError::MeetingNotFound(meeting_id.to_owned()))
    }

    pub(crate) fn open_meeting(&self, stored: &StoredMeeting) -> Result<Meeting, CoreError> {
        let key = self.meeting_key(stored)?;
        let plaintext =
            phonghop_crypto::open(&key, MEETING_LABEL, stored.id.as_bytes(), &stored.sealed)?;
        let mut meeting: Meeting = serde_json::from_slice(&plaintext)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        if meeting.id != stored.id {
            return Err(CoreError::BadRecord(
                "the sealed record names another meeting".into(),
            ));
        }
        self.open_restricted_documents(&mut meeting, stored)?;
        Ok(meeting)
    }

    /// Fills in the key of each restricted document this device may read (from its envelope,
    /// made by the publishing device) and leaves out those it may not.
    fn open_restricted_documents(
        &self,
        meeting: &mut Meeting,
        stored: &StoredMeeting,
    ) -> Result<(), CoreError> {
        let publisher = decode_key(&stored.publisher_key)?;
        let context = WrapContext {
            purpose: crate::DOCUMENT_KEY_PURPOSE,
            meeting_id: &stored.id,
        };
        for item in &mut meeting.agenda {
            item.documents.retain_mut(|document| {
                if !document.key.0.is_empty() {
                    return true;
                }
                let opened = document
                    .reader_keys
                    .iter()
                    .find(|envelope| envelope.device_id == self.profile.config.device_id)
                    .and_then(|envelope| decode(&envelope.envelope).ok())
                    .and_then(|envelope| {
                        phonghop_crypto::unwrap_key(
                            &self.profile.secrets,
                            &publisher,
                            &envelope,
                            &context,
                        )
                        .ok()
                    });
                match opened {
                    Some(key) => {
                        document.key = phonghop_domain::meeting::SecretHex(key.to_hex());
                        true
                    }
                    None => false,
                }
            });
        }
        Ok(())
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
                        available: has_all(&store, &document.blob_ids())?,
                        revision: document.revision,
                        read_revision: store.read_revision(&meeting.id, &document.id)?,
                        access: document.access.clone(),
                    });
                }
                agenda.push(AgendaItemView {
                    number,
                    title: item.title.clone(),
                    presenter: item.presenter.clone(),
                    documents,
                    depth: item.depth,
                    presenting_agency: item.presenting_agency.clone(),
                    duration_minutes: item.duration_minutes,
                });
            }
            let ready = agenda
                .iter()
                .all(|item| item.documents.iter().all(|document| document.available));
            let (status, status_reason) =
                match (&meeting.cancellation_reason, &meeting.postponement) {
                    (Some(reason), _) => (MeetingStatus::Cancelled, Some(reason.clone())),
                    (None, Some(postponed)) => {
                        (MeetingStatus::Postponed, Some(postponed.reason.clone()))
                    }
                    (None, None) => (MeetingStatus::Scheduled, None),
                };
            let my_rsvp = store
                .setting(&format!("rsvp.{}", meeting.id))?
                .and_then(|text| serde_json::from_str(&text).ok());
            views.push(MeetingView {
                id: meeting.id,
                info: meeting.info,
                agenda,
                ready,
                revision: stored.revision,
                status,
                status_reason: status_reason.filter(|reason| !reason.is_empty()),
                my_rsvp,
            });
        }
        Ok(views)
    }

    /// The meeting record `meeting_id` and its document `document_id`, decrypted in memory.
    pub(crate) fn find_document(
        &self,
        meeting_id: &str,
        document_id: &str,
    ) -> Result<(Meeting, DocumentRef), CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let document = meeting
            .documents()
            .find(|document| document.id == document_id)
            .cloned()
            .ok_or_else(|| CoreError::DocumentNotFound(document_id.to_owned()))?;
        Ok((meeting, document))
    }

    /// The meeting record `meeting_id` from the local store, decrypted in memory.
    pub(crate) fn stored_meeting(&self, meeting_id: &str) -> Result<Meeting, CoreError> {
        self.open_meeting(&self.stored_record(meeting_id)?)
    }

    /// Whether every blob of `document` is on this device.
    pub(crate) fn is_downloaded(&self, document: &DocumentRef) -> Result<bool, CoreError> {
        let store = self.store()?;
        has_all(&store, &document.blob_ids())
    }

    /// Decrypts a document of a stored meeting into memory (never to disk).
    pub fn open_document(&self, meeting_id: &str, document_id: &str) -> Result<Vec<u8>, CoreError> {
        let (_, document) = self.find_document(meeting_id, document_id)?;
        self.decrypt_document(&document)
    }

    /// Decrypts `document` from the chunks in the local store, checking every chunk and the
    /// whole against the signed manifest.
    pub(crate) fn decrypt_document(&self, document: &DocumentRef) -> Result<Vec<u8>, CoreError> {
        let store = self.store()?;
        let not_here = || CoreError::DocumentNotDownloaded(document.id.clone());
        if !has_all(&store, &document.blob_ids())? {
            return Err(not_here());
        }
        let sealed_manifest = store.blob(&document.manifest_id)?.ok_or_else(not_here)?;
        let key = SymmetricKey::from_hex(&document.key.0)?;
        let manifest = phonghop_crypto::document::open_manifest(
            &key,
            &decode_key(&document.uploader_key)?,
            &document.id,
            document.revision,
            &sealed_manifest,
        )?;
        let mut store_error = None;
        let plaintext = phonghop_crypto::document::assemble_document(&key, &manifest, |id| {
            match store.blob(id) {
                Ok(bytes) => bytes,
                Err(error) => {
                    store_error = Some(error);
                    None
                }
            }
        });
        if let Some(error) = store_error {
            return Err(error.into());
        }
        Ok(plaintext?)
    }
}
