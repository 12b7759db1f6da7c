//! Annotation records, append-only: each is sealed and signed by the author's device and
//! only ever read back by those its audience names. The server keeps who wrote a record
//! and who may fetch it, never what it says. Beside them, each member's personal key,
//! wrapped by their own devices to one another.

use std::collections::HashSet;

use phonghop_crypto::Canonical;
use phonghop_domain::annotation::Audience;
use phonghop_domain::wire::{
    AnnotatedExport, AnnotationPage, AnnotationRecord, PersonalKeyStatus, PersonalKeyUpload,
};
use rusqlite::{OptionalExtension, params};

use super::{Database, DeviceIdentity};
use crate::ApiError;

/// A checked annotation record, ready to be kept.
#[derive(Debug, Clone)]
pub struct NewAnnotationRecord {
    /// The write's id.
    pub record_id: String,
    /// Who may fetch it.
    pub audience: Audience,
    /// The audience as the device signed it.
    pub audience_json: String,
    /// Ciphertext.
    pub sealed: Vec<u8>,
    /// The device's signature.
    pub signature: Vec<u8>,
    /// The record key wrapped to reader devices: (device id, envelope).
    pub envelopes: Vec<(String, Vec<u8>)>,
}

/// The id of `user_id`'s personal key, once they have one.
fn personal_key_id(
    connection: &rusqlite::Connection,
    user_id: &str,
) -> rusqlite::Result<Option<String>> {
    connection
        .query_row(
            "SELECT key_id FROM personal_keys WHERE user_id = ?1",
            [user_id],
            |row| row.get(0),
        )
        .optional()
}

fn audience_kind(audience: &Audience) -> &'static str {
    match audience {
        Audience::Private => "private",
        Audience::Meeting => "meeting",
        Audience::People { .. } => "people",
    }
}

/// Annotation records and personal keys, as handlers see them (a part of
/// [`super::MetadataStore`]).
pub trait AnnotationStore {
    /// Who may fetch a record of `audience` written by `author` in `meeting_id`.
    fn annotation_readers(
        &self,
        meeting_id: &str,
        author: &str,
        audience: &Audience,
    ) -> Result<HashSet<String>, ApiError>;

    /// Keeps `record` from `caller` in `meeting_id` and returns its place in the log.
    fn add_annotation_record(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        record: &NewAnnotationRecord,
        now: i64,
    ) -> Result<i64, ApiError>;

    /// The records of `meeting_id` after `after` that `caller` may read.
    fn annotation_page(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<AnnotationPage, ApiError>;

    /// The member's personal key as the calling device sees it.
    fn personal_key_status(&self, caller: &DeviceIdentity) -> Result<PersonalKeyStatus, ApiError>;

    /// Keeps envelopes of the member's personal key made by one of their devices.
    fn put_personal_key(
        &self,
        caller: &DeviceIdentity,
        upload: &PersonalKeyUpload,
        envelopes: &[(String, Vec<u8>)],
    ) -> Result<(), ApiError>;

    /// Records in the meeting's audit chain that `caller` exported an annotated copy.
    fn record_annotated_export(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        export: &AnnotatedExport,
    ) -> Result<u64, ApiError>;
}

impl Database {
    /// The owner of each of `device_ids` that is enrolled and not revoked.
    fn device_owners(
        &self,
        device_ids: &[String],
    ) -> Result<Vec<(String, Option<String>)>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection
            .prepare_cached("SELECT user_id FROM devices WHERE id = ?1 AND revoked = 0")?;
        let mut owners = Vec::with_capacity(device_ids.len());
        for id in device_ids {
            let owner: Option<String> = statement.query_row([id], |row| row.get(0)).optional()?;
            owners.push((id.clone(), owner));
        }
        Ok(owners)
    }
}

impl AnnotationStore for Database {
    /// Who may fetch a record of `audience` written by `author` in `meeting_id`.
    fn annotation_readers(
        &self,
        meeting_id: &str,
        author: &str,
        audience: &Audience,
    ) -> Result<HashSet<String>, ApiError> {
        let mut readers = match audience {
            Audience::Private => HashSet::new(),
            Audience::Meeting => self.meeting_participants(meeting_id)?,
            Audience::People { user_ids } => user_ids.iter().cloned().collect(),
        };
        readers.insert(author.to_owned());
        Ok(readers)
    }

    /// Keeps `record` from `caller` in `meeting_id` and returns its place in the log. The
    /// same record sent again returns its first place; a record id another device used is
    /// refused. Named readers must take part in the meeting, and envelopes may go only to
    /// their devices.
    fn add_annotation_record(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        record: &NewAnnotationRecord,
        now: i64,
    ) -> Result<i64, ApiError> {
        let participants = self.meeting_participants(meeting_id)?;
        if let Audience::People { user_ids } = &record.audience {
            if user_ids.is_empty() || user_ids.len() > 1_000 {
                return Err(ApiError::bad_request(
                    "annotation.bad_audience",
                    "name between 1 and 1000 readers",
                ));
            }
            if let Some(outsider) = user_ids.iter().find(|id| !participants.contains(*id)) {
                return Err(ApiError::bad_request(
                    "annotation.reader_not_participant",
                    format!("{outsider} does not take part in this meeting"),
                ));
            }
        }
        let readers = self.annotation_readers(meeting_id, &caller.user_id, &record.audience)?;
        if matches!(record.audience, Audience::Private) && !record.envelopes.is_empty() {
            return Err(ApiError::bad_request(
                "annotation.bad_audience",
                "a private record carries no envelopes",
            ));
        }
        let device_ids: Vec<String> = record.envelopes.iter().map(|(id, _)| id.clone()).collect();
        for (device_id, owner) in self.device_owners(&device_ids)? {
            match owner {
                Some(owner) if readers.contains(&owner) => {}
                _ => {
                    return Err(ApiError::bad_request(
                        "annotation.bad_envelope",
                        format!("device {device_id} belongs to nobody this record is for"),
                    ));
                }
            }
        }
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let existing: Option<(i64, String)> = transaction
            .query_row(
                "SELECT seq, device_id FROM annotation_records WHERE record_id = ?1",
                [&record.record_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((seq, device_id)) = existing {
            return if device_id == caller.device_id {
                Ok(seq)
            } else {
                Err(ApiError::conflict(
                    "annotation.record_exists",
                    "another device wrote a record with this id",
                ))
            };
        }
        transaction.execute(
            "INSERT INTO annotation_records
                 (record_id, meeting_id, author_user_id, device_id, audience_kind, audience,
                  sealed, signature, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                record.record_id,
                meeting_id,
                caller.user_id,
                caller.device_id,
                audience_kind(&record.audience),
                record.audience_json,
                record.sealed,
                record.signature,
                now
            ],
        )?;
        let seq = transaction.last_insert_rowid();
        if let Audience::People { user_ids } = &record.audience {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO annotation_readers (seq, user_id) VALUES (?1, ?2)",
            )?;
            for user_id in user_ids {
                insert.execute(params![seq, user_id])?;
            }
        }
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO annotation_envelopes (seq, device_id, envelope)
                 VALUES (?1, ?2, ?3)",
            )?;
            for (device_id, envelope) in &record.envelopes {
                insert.execute(params![seq, device_id, envelope])?;
            }
        }
        transaction.commit()?;
        Ok(seq)
    }

    /// The records of `meeting_id` after `after` that `caller` may read: their own, those
    /// shared with the meeting, and those naming them.
    fn annotation_page(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<AnnotationPage, ApiError> {
        use base64::Engine;
        let base64 = base64::engine::general_purpose::STANDARD;
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT r.seq, r.record_id, r.author_user_id, r.device_id, r.audience, r.sealed,
                    r.signature, r.at, e.envelope
             FROM annotation_records r
             LEFT JOIN annotation_envelopes e ON e.seq = r.seq AND e.device_id = ?3
             WHERE r.meeting_id = ?1 AND r.seq > ?4 AND (
                 r.author_user_id = ?2 OR r.audience_kind = 'meeting'
                 OR EXISTS (SELECT 1 FROM annotation_readers x
                            WHERE x.seq = r.seq AND x.user_id = ?2))
             ORDER BY r.seq LIMIT ?5",
        )?;
        let fetch = i64::from(limit) + 1;
        let rows = statement.query_map(
            params![meeting_id, caller.user_id, caller.device_id, after, fetch],
            |row| {
                let audience: String = row.get(4)?;
                let sealed: Vec<u8> = row.get(5)?;
                let signature: Vec<u8> = row.get(6)?;
                let envelope: Option<Vec<u8>> = row.get(8)?;
                Ok((
                    AnnotationRecord {
                        seq: row.get(0)?,
                        record_id: row.get(1)?,
                        author_user_id: row.get(2)?,
                        device_id: row.get(3)?,
                        audience: Audience::Private,
                        sealed: base64.encode(sealed),
                        envelope: envelope.map(|bytes| base64.encode(bytes)),
                        signature: hex::encode(signature),
                        at: row.get(7)?,
                    },
                    audience,
                ))
            },
        )?;
        let mut records = Vec::new();
        for row in rows {
            let (mut record, audience) = row?;
            record.audience = serde_json::from_str(&audience).map_err(ApiError::internal)?;
            records.push(record);
        }
        let more = records.len() > limit as usize;
        records.truncate(limit as usize);
        let next_after = records.last().map_or(after, |record| record.seq);
        Ok(AnnotationPage {
            records,
            next_after,
            more,
        })
    }

    /// The member's personal key as the calling device sees it.
    fn personal_key_status(&self, caller: &DeviceIdentity) -> Result<PersonalKeyStatus, ApiError> {
        use base64::Engine;
        let connection = self.lock()?;
        let key_id = personal_key_id(&connection, &caller.user_id)?;
        let envelope: Option<(Vec<u8>, String)> = connection
            .query_row(
                "SELECT envelope, sender_device_id FROM personal_key_envelopes
                 WHERE user_id = ?1 AND device_id = ?2",
                params![caller.user_id, caller.device_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let mut statement = connection.prepare_cached(
            "SELECT d.id FROM devices d
             WHERE d.user_id = ?1 AND d.revoked = 0 AND d.cert_signature IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM personal_key_envelopes p
                               WHERE p.user_id = d.user_id AND p.device_id = d.id)
             ORDER BY d.rowid",
        )?;
        let devices_without_key = statement
            .query_map([&caller.user_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let (envelope, sender_device_id) = match envelope {
            Some((bytes, sender)) => (
                Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                Some(sender),
            ),
            None => (None, None),
        };
        Ok(PersonalKeyStatus {
            key_id,
            envelope,
            sender_device_id,
            devices_without_key,
        })
    }

    /// Keeps envelopes of the member's personal key made by one of their devices. The
    /// first key a member uploads stays theirs; envelopes of another are refused, so two
    /// devices that both made a key at once settle on the first. An envelope already kept
    /// for a device is not replaced.
    fn put_personal_key(
        &self,
        caller: &DeviceIdentity,
        upload: &PersonalKeyUpload,
        envelopes: &[(String, Vec<u8>)],
    ) -> Result<(), ApiError> {
        let device_ids: Vec<String> = envelopes.iter().map(|(id, _)| id.clone()).collect();
        for (device_id, owner) in self.device_owners(&device_ids)? {
            if owner.as_deref() != Some(caller.user_id.as_str()) {
                return Err(ApiError::bad_request(
                    "personal_key.not_your_device",
                    format!("device {device_id} is not one of yours"),
                ));
            }
        }
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let current = personal_key_id(&transaction, &caller.user_id)?;
        match current {
            Some(current) if current != upload.key_id => {
                return Err(ApiError::conflict(
                    "personal_key.conflict",
                    "another of your devices already made your key",
                ));
            }
            Some(_) => {}
            None => {
                transaction.execute(
                    "INSERT INTO personal_keys (user_id, key_id) VALUES (?1, ?2)",
                    params![caller.user_id, upload.key_id],
                )?;
            }
        }
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO personal_key_envelopes
                     (user_id, device_id, sender_device_id, envelope)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (device_id, envelope) in envelopes {
                insert.execute(params![
                    caller.user_id,
                    device_id,
                    caller.device_id,
                    envelope
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Records in the meeting's audit chain that `caller` exported an annotated copy.
    fn record_annotated_export(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        export: &AnnotatedExport,
    ) -> Result<u64, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let entry = crate::audit::append(
            &transaction,
            meeting_id,
            "annotated_copy.exported",
            Canonical::new("annotated-export/v1")
                .str(&caller.user_id)
                .str(&caller.device_id)
                .str(&export.document_id)
                .u64(export.revision)
                .str(&export.file_sha256)
                .finish(),
        )?;
        transaction.commit()?;
        Ok(entry.seq)
    }
}
