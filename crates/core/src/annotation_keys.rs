//! The keys behind annotations. A member's private annotations are sealed under their
//! personal key: made by the first of their devices that needs it, wrapped by that device
//! to each of the member's certified devices, and passed on by any device that holds it to
//! a device enrolled later. So notes follow the member to a new computer, and the server,
//! which only relays envelopes, never holds the key. A shared annotation is sealed under a
//! key of its own, wrapped to every reader's certified device. Every record is signed by
//! the device that wrote it, and a reader trusts a record only when the organisation's root
//! certified that device for the author named inside it.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::annotation::{Annotation, Audience};
use phonghop_domain::wire::{AnnotationRecord, DirectoryEntry, Envelope, PersonalKeyUpload};

use crate::{App, CoreError};

/// Store setting holding the personal key, sealed under a device-local key.
const PERSONAL_KEY_SETTING: &str = "annotations.personal_key";
/// Purpose of the device-local key the personal key is sealed under on disk.
const PERSONAL_KEY_LOCAL_PURPOSE: &str = "personal-key";
/// Label sealing the personal key on disk.
const PERSONAL_KEY_LABEL: &str = "phonghop/personal-key/v1";
/// Purpose bound into personal-key envelopes.
const PERSONAL_KEY_PURPOSE: &str = "personal-key";
/// Purpose bound into a shared annotation's key envelopes.
const ANNOTATION_KEY_PURPOSE: &str = "annotation-key";
/// Label sealing annotation records.
const ANNOTATION_LABEL: &str = "phonghop/annotation/v1";

/// A certified device as a reader of annotations needs it.
#[derive(Debug, Clone)]
pub(crate) struct KnownDevice {
    pub(crate) user_id: String,
    pub(crate) signing: [u8; 32],
    pub(crate) exchange: [u8; 32],
}

/// The organisation's devices whose certificates verify against the pinned root, by id.
pub(crate) type Devices = HashMap<String, KnownDevice>;

/// The public id of a personal key: a hash that says which key it is without revealing it.
fn key_id(key: &SymmetricKey) -> String {
    let mut bytes = b"phonghop/personal-key-id/v1".to_vec();
    bytes.extend_from_slice(key.expose());
    phonghop_crypto::sha256_hex(&bytes)
}

/// The additional data binding a sealed record to its id and meeting.
fn record_aad(record_id: &str, meeting_id: &str) -> Vec<u8> {
    let mut aad = record_id.as_bytes().to_vec();
    aad.push(0);
    aad.extend_from_slice(meeting_id.as_bytes());
    aad
}

impl App {
    /// The certified devices of `directory`, checked against the pinned root.
    pub(crate) fn verified_devices(
        &self,
        directory: Vec<DirectoryEntry>,
    ) -> Result<Devices, CoreError> {
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let now = crate::trust::unix_now();
        let mut devices = HashMap::new();
        for entry in directory {
            let Ok(keys) = crate::trust::verify_entry(&anchor, &entry, now) else {
                continue;
            };
            devices.insert(
                entry.device_id.clone(),
                KnownDevice {
                    user_id: entry.user_id,
                    signing: keys.signing,
                    exchange: keys.exchange,
                },
            );
        }
        Ok(devices)
    }

    /// The last directory this device saw, verified (no network: for reading offline).
    pub(crate) fn cached_devices(&self) -> Result<Devices, CoreError> {
        let cached = self.store()?.setting(crate::publish::DIRECTORY_CACHE)?;
        let directory: Vec<DirectoryEntry> = cached
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        self.verified_devices(directory)
    }

    fn keep_personal_key(&self, key: &SymmetricKey) -> Result<(), CoreError> {
        let local = self.profile.secrets.local_key(PERSONAL_KEY_LOCAL_PURPOSE)?;
        let sealed = phonghop_crypto::seal(
            &local,
            PERSONAL_KEY_LABEL,
            self.profile.config.user_id.as_bytes(),
            key.expose(),
        )?;
        self.store()?
            .set_setting(PERSONAL_KEY_SETTING, &hex::encode(sealed))?;
        Ok(())
    }

    /// The personal key if this device already holds it.
    pub(crate) fn local_personal_key(&self) -> Result<Option<SymmetricKey>, CoreError> {
        let Some(text) = self.store()?.setting(PERSONAL_KEY_SETTING)? else {
            return Ok(None);
        };
        let sealed = hex::decode(text)
            .map_err(|_| CoreError::BadRecord("the kept personal key is not hex".into()))?;
        let local = self.profile.secrets.local_key(PERSONAL_KEY_LOCAL_PURPOSE)?;
        let bytes = phonghop_crypto::open(
            &local,
            PERSONAL_KEY_LABEL,
            self.profile.config.user_id.as_bytes(),
            &sealed,
        )?;
        let bytes: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| CoreError::BadRecord("the kept personal key is not 32 bytes".into()))?;
        Ok(Some(SymmetricKey::from_bytes(bytes)))
    }

    fn wrap_personal_key(
        &self,
        key: &SymmetricKey,
        devices: &Devices,
        to: &[String],
    ) -> Result<Vec<Envelope>, CoreError> {
        let context = WrapContext {
            purpose: PERSONAL_KEY_PURPOSE,
            meeting_id: &self.profile.config.user_id,
        };
        let mut envelopes = Vec::new();
        for device_id in to {
            let Some(device) = devices.get(device_id) else {
                continue;
            };
            // Only ever to the member's own certified devices.
            if device.user_id != self.profile.config.user_id {
                continue;
            }
            let envelope =
                phonghop_crypto::wrap_key(&self.profile.secrets, &device.exchange, key, &context)?;
            envelopes.push(Envelope {
                device_id: device_id.clone(),
                envelope: STANDARD.encode(envelope),
            });
        }
        Ok(envelopes)
    }

    /// The member's personal key: this device's copy, or the envelope another of the
    /// member's devices left for it, or (when the member has none yet) a new one wrapped to
    /// all their devices. A device that holds the key passes it on to the member's devices
    /// still without it. Fails with `annotation.key_unavailable` when the member has a key
    /// that has not reached this device yet.
    pub(crate) async fn personal_key(&self, devices: &Devices) -> Result<SymmetricKey, CoreError> {
        let status = self
            .call(|server| async move { server.personal_key().await })
            .await;
        let status = match (status, self.local_personal_key()?) {
            (Ok(status), _) => status,
            (Err(_), Some(key)) => return Ok(key),
            (Err(error), None) => return Err(error),
        };
        let key = match (self.local_personal_key()?, &status.envelope) {
            (Some(key), _) => key,
            (None, Some(envelope)) => {
                let sender_id = status.sender_device_id.clone().unwrap_or_default();
                let sender = devices
                    .get(&sender_id)
                    .filter(|device| device.user_id == self.profile.config.user_id)
                    .ok_or_else(|| {
                        CoreError::refused(
                            "annotation.key_unavailable",
                            "the personal key came from a device that is not one of yours",
                        )
                    })?;
                let context = WrapContext {
                    purpose: PERSONAL_KEY_PURPOSE,
                    meeting_id: &self.profile.config.user_id,
                };
                let key = phonghop_crypto::unwrap_key(
                    &self.profile.secrets,
                    &sender.signing,
                    &crate::session::decode(envelope)?,
                    &context,
                )?;
                self.keep_personal_key(&key)?;
                key
            }
            (None, None) if status.key_id.is_some() => {
                return Err(CoreError::refused(
                    "annotation.key_unavailable",
                    "your notes key has not reached this computer yet",
                ));
            }
            (None, None) => {
                let key = SymmetricKey::generate()?;
                let own: Vec<String> = devices
                    .iter()
                    .filter(|(_, device)| device.user_id == self.profile.config.user_id)
                    .map(|(id, _)| id.clone())
                    .collect();
                let upload = PersonalKeyUpload {
                    key_id: key_id(&key),
                    envelopes: self.wrap_personal_key(&key, devices, &own)?,
                };
                match self
                    .call(|server| {
                        let upload = upload.clone();
                        async move { server.put_personal_key(&upload).await }
                    })
                    .await
                {
                    Ok(_) => {}
                    // Another of the member's devices made one first: take that one.
                    Err(CoreError::Sync(phonghop_sync::SyncError::Server {
                        status: 409, ..
                    })) => {
                        return Box::pin(self.personal_key(devices)).await;
                    }
                    Err(error) => return Err(error),
                }
                self.keep_personal_key(&key)?;
                return Ok(key);
            }
        };
        if status.key_id.as_deref() == Some(key_id(&key).as_str())
            && !status.devices_without_key.is_empty()
        {
            let upload = PersonalKeyUpload {
                key_id: key_id(&key),
                envelopes: self.wrap_personal_key(&key, devices, &status.devices_without_key)?,
            };
            if !upload.envelopes.is_empty() {
                // Passing the key on can wait for the next sync if it fails now.
                let _ = self
                    .call(|server| {
                        let upload = upload.clone();
                        async move { server.put_personal_key(&upload).await }
                    })
                    .await;
            }
        }
        Ok(key)
    }

    /// Seals and signs `annotation` as a record for the server: under the personal key when
    /// private, else under a fresh key wrapped to each reader's devices (`readers`: user ids).
    pub(crate) fn seal_annotation(
        &self,
        annotation: &Annotation,
        personal_key: Option<&SymmetricKey>,
        devices: &Devices,
        readers: &[String],
    ) -> Result<(phonghop_domain::wire::PostAnnotation, Option<String>), CoreError> {
        let record_id = uuid::Uuid::new_v4().to_string();
        let plaintext = zeroize::Zeroizing::new(
            serde_json::to_vec(annotation)
                .map_err(|error| CoreError::BadRecord(error.to_string()))?,
        );
        let aad = record_aad(&record_id, &annotation.meeting_id);
        let (sealed, envelopes) = match &annotation.audience {
            Audience::Private => {
                let key = personal_key.ok_or_else(|| {
                    CoreError::refused(
                        "annotation.key_unavailable",
                        "no personal key on this device",
                    )
                })?;
                (
                    phonghop_crypto::seal(key, ANNOTATION_LABEL, &aad, &plaintext)?,
                    Vec::new(),
                )
            }
            Audience::Meeting | Audience::People { .. } => {
                let key = SymmetricKey::generate()?;
                let context = WrapContext {
                    purpose: ANNOTATION_KEY_PURPOSE,
                    meeting_id: &annotation.meeting_id,
                };
                let mut envelopes = Vec::new();
                for (device_id, device) in devices {
                    if device.user_id != self.profile.config.user_id
                        && !readers.contains(&device.user_id)
                    {
                        continue;
                    }
                    let envelope = phonghop_crypto::wrap_key(
                        &self.profile.secrets,
                        &device.exchange,
                        &key,
                        &context,
                    )?;
                    envelopes.push(Envelope {
                        device_id: device_id.clone(),
                        envelope: STANDARD.encode(envelope),
                    });
                }
                (
                    phonghop_crypto::seal(&key, ANNOTATION_LABEL, &aad, &plaintext)?,
                    envelopes,
                )
            }
        };
        let own_envelope = envelopes
            .iter()
            .find(|envelope| envelope.device_id == self.profile.config.device_id)
            .map(|envelope| envelope.envelope.clone());
        let audience_json = serde_json::to_string(&annotation.audience)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let signature = self.profile.secrets.signing().sign_record(
            &phonghop_crypto::annotation::annotation_statement(
                &record_id,
                &annotation.meeting_id,
                &self.profile.config.device_id,
                &audience_json,
                &sealed,
            ),
        );
        Ok((
            phonghop_domain::wire::PostAnnotation {
                record_id,
                audience: annotation.audience.clone(),
                sealed: STANDARD.encode(sealed),
                envelopes,
                signature: hex::encode(signature),
            },
            own_envelope,
        ))
    }

    /// Opens a record, trusting it only when a certified device of the author named inside
    /// signed it for this meeting and audience.
    pub(crate) fn open_annotation(
        &self,
        meeting_id: &str,
        record: &AnnotationRecord,
        personal_key: Option<&SymmetricKey>,
        devices: &Devices,
    ) -> Result<Annotation, CoreError> {
        let forged = |why: &str| CoreError::BadRecord(format!("annotation record: {why}"));
        let device = devices
            .get(&record.device_id)
            .filter(|device| device.user_id == record.author_user_id)
            .ok_or_else(|| forged("written by no certified device of its author"))?;
        let sealed = crate::session::decode(&record.sealed)?;
        let audience_json = serde_json::to_string(&record.audience)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let signature = hex::decode(&record.signature).map_err(|_| forged("signature not hex"))?;
        phonghop_crypto::verify_record(
            &device.signing,
            &phonghop_crypto::annotation::annotation_statement(
                &record.record_id,
                meeting_id,
                &record.device_id,
                &audience_json,
                &sealed,
            ),
            &signature,
        )?;
        let aad = record_aad(&record.record_id, meeting_id);
        let plaintext = match &record.audience {
            Audience::Private => {
                if record.author_user_id != self.profile.config.user_id {
                    return Err(forged("someone else's private record"));
                }
                let key = personal_key.ok_or_else(|| {
                    CoreError::refused(
                        "annotation.key_unavailable",
                        "no personal key on this device",
                    )
                })?;
                phonghop_crypto::open(key, ANNOTATION_LABEL, &aad, &sealed)?
            }
            Audience::Meeting | Audience::People { .. } => {
                let envelope = record
                    .envelope
                    .as_deref()
                    .ok_or_else(|| forged("no key for this device"))?;
                let key = phonghop_crypto::unwrap_key(
                    &self.profile.secrets,
                    &device.signing,
                    &crate::session::decode(envelope)?,
                    &WrapContext {
                        purpose: ANNOTATION_KEY_PURPOSE,
                        meeting_id,
                    },
                )?;
                phonghop_crypto::open(&key, ANNOTATION_LABEL, &aad, &sealed)?
            }
        };
        let annotation: Annotation = serde_json::from_slice(&plaintext)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        if annotation.author_id != record.author_user_id
            || annotation.meeting_id != meeting_id
            || annotation.audience != record.audience
            || annotation.stamp.device_id != record.device_id
        {
            return Err(forged(
                "its content names another author, meeting or audience",
            ));
        }
        Ok(annotation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_id_names_the_key_without_revealing_it() {
        let key = SymmetricKey::from_bytes([7; 32]);
        let id = key_id(&key);
        assert_eq!(id.len(), 64);
        assert!(!id.contains(&hex::encode([7u8; 32])));
        assert_ne!(id, key_id(&SymmetricKey::from_bytes([8; 32])));
    }
}
