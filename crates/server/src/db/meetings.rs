//! Sealed meetings, their key envelopes and the blobs they refer to.

use phonghop_domain::wire::{FeedKind, FeedRecord};
use rusqlite::{OptionalExtension, params};

use super::Database;
use crate::ApiError;

/// A meeting ready to store (already validated by the handler).
#[derive(Debug)]
pub struct MeetingRecord<'a> {
    /// Meeting identifier.
    pub id: &'a str,
    /// Start time.
    pub starts_at: &'a str,
    /// Sealed record.
    pub sealed: &'a [u8],
    /// Referenced blobs.
    pub blob_ids: &'a [String],
    /// (device id, envelope) pairs.
    pub envelopes: &'a [(String, Vec<u8>)],
}

/// What publishing changed: the new revision and the feed records it wrote.
#[derive(Debug)]
pub struct Published {
    /// Revision number assigned.
    pub revision: i64,
    /// (user id, record) for every participant, and for anyone no longer one.
    pub feed: Vec<(String, FeedRecord)>,
}

/// The distinct owners of the devices holding an envelope for a meeting.
pub(super) fn participant_users(
    transaction: &rusqlite::Transaction<'_>,
    meeting_id: &str,
) -> rusqlite::Result<std::collections::BTreeSet<String>> {
    let mut statement = transaction.prepare(
        "SELECT DISTINCT d.user_id FROM meeting_envelopes e JOIN devices d ON d.id = e.device_id
         WHERE e.meeting_id = ?1",
    )?;
    let users = statement.query_map([meeting_id], |row| row.get(0))?;
    users.collect()
}

/// A meeting's current revision and whether it was cancelled (`None`: never published).
fn revision_and_cancelled(
    transaction: &rusqlite::Transaction<'_>,
    meeting_id: &str,
) -> rusqlite::Result<Option<(i64, bool)>> {
    transaction
        .prepare_cached("SELECT revision, cancelled_at IS NOT NULL FROM meetings WHERE id = ?1")?
        .query_row([meeting_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
}

/// A sealed meeting as one device receives it.
#[derive(Debug)]
pub struct MeetingForDevice {
    /// Meeting identifier.
    pub id: String,
    /// Revision.
    pub revision: i64,
    /// Start time.
    pub starts_at: String,
    /// Sealed record.
    pub sealed: Vec<u8>,
    /// The device's envelope.
    pub envelope: Vec<u8>,
    /// The publishing device.
    pub publisher_device_id: String,
    /// Whether it was cancelled.
    pub cancelled: bool,
}

impl Database {
    /// Records an uploaded blob.
    pub fn add_blob(&self, id: &str, size: usize, device_id: &str) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO blobs (id, size, uploaded_by) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
            params![id, size as i64, device_id],
        )?;
        Ok(())
    }

    /// Whether the device holds an envelope for the meeting (it takes part in it).
    pub fn takes_part(&self, device_id: &str, meeting_id: &str) -> Result<bool, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                "SELECT 1 FROM meeting_envelopes WHERE meeting_id = ?1 AND device_id = ?2",
                params![meeting_id, device_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Whether the server has recorded the blob as uploaded.
    pub fn has_blob(&self, id: &str) -> Result<bool, ApiError> {
        Ok(self
            .lock()?
            .query_row("SELECT 1 FROM blobs WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether the device may download the blob: it uploaded it, or it holds an envelope
    /// for a meeting that refers to it.
    pub fn may_read_blob(&self, device_id: &str, blob_id: &str) -> Result<bool, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                "SELECT 1 FROM blobs b WHERE b.id = ?2 AND (b.uploaded_by = ?1 OR EXISTS (
                    SELECT 1 FROM meeting_blobs mb JOIN meeting_envelopes me ON me.meeting_id = mb.meeting_id
                    WHERE mb.blob_id = b.id AND me.device_id = ?1))",
                params![device_id, blob_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Stores a new revision of a meeting, replacing its envelopes and blob references, and
    /// adds a record to the feed of every participant (and of anyone no longer one) and an
    /// entry to the meeting's audit chain, all in one transaction. `announce` runs after the
    /// commit while the database is still held, so announcements leave in commit order.
    pub fn publish_meeting(
        &self,
        record: &MeetingRecord<'_>,
        device_id: &str,
        announce: impl FnOnce(&Published),
    ) -> Result<Published, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        {
            let mut blob_known = transaction.prepare_cached("SELECT 1 FROM blobs WHERE id = ?1")?;
            for blob_id in record.blob_ids {
                if !blob_known.exists([blob_id])? {
                    return Err(ApiError::conflict(
                        "meeting.missing_blob",
                        format!("blob {blob_id} has not been uploaded"),
                    ));
                }
            }
            let mut device_known = transaction.prepare_cached(
                "SELECT 1 FROM devices WHERE id = ?1 AND revoked = 0 AND cert_signature IS NOT NULL",
            )?;
            for (recipient, _) in record.envelopes {
                if !device_known.exists([recipient])? {
                    return Err(ApiError::conflict(
                        "meeting.unknown_device",
                        format!("device {recipient} is not enrolled and certified"),
                    ));
                }
            }
        }
        let current = revision_and_cancelled(&transaction, record.id)?;
        if let Some((_, true)) = current {
            return Err(ApiError::conflict(
                "meeting.cancelled",
                "the meeting was cancelled; publish a new one instead",
            ));
        }
        let revision = current.map_or(0, |(revision, _)| revision) + 1;
        transaction.execute(
            "INSERT INTO meetings (id, revision, starts_at, sealed, published_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, starts_at = excluded.starts_at,
                sealed = excluded.sealed, published_by = excluded.published_by, updated_at = unixepoch()",
            params![record.id, revision, record.starts_at, record.sealed, device_id],
        )?;
        let before = participant_users(&transaction, record.id)?;
        transaction.execute(
            "DELETE FROM meeting_envelopes WHERE meeting_id = ?1",
            [record.id],
        )?;
        transaction.execute(
            "DELETE FROM meeting_blobs WHERE meeting_id = ?1",
            [record.id],
        )?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO meeting_envelopes (meeting_id, device_id, envelope) VALUES (?1, ?2, ?3)",
            )?;
            for (recipient, envelope) in record.envelopes {
                insert.execute(params![record.id, recipient, envelope])?;
            }
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO meeting_blobs (meeting_id, blob_id) VALUES (?1, ?2)",
            )?;
            for blob_id in record.blob_ids {
                insert.execute(params![record.id, blob_id])?;
            }
        }
        let recipients: Vec<String> = record
            .envelopes
            .iter()
            .map(|(device, _)| device.clone())
            .collect();
        let (kind, audit_kind) = if revision == 1 {
            (FeedKind::MeetingPublished, "meeting.published")
        } else {
            (FeedKind::MeetingRevised, "meeting.revised")
        };
        crate::audit::append(
            &transaction,
            record.id,
            audit_kind,
            crate::audit::publication_payload(revision, record.sealed, device_id, &recipients),
        )?;
        let after = participant_users(&transaction, record.id)?;
        let removed = before.difference(&after);
        let mut feed = super::feed::append(&transaction, &after, kind, record.id, revision, None)?;
        feed.extend(super::feed::append(
            &transaction,
            removed,
            FeedKind::RemovedFromMeeting,
            record.id,
            revision,
            None,
        )?);
        transaction.commit()?;
        let published = Published { revision, feed };
        announce(&published);
        drop(connection);
        Ok(published)
    }

    /// Cancels a meeting: records it, tells every participant's feed and the audit chain.
    pub fn cancel_meeting(
        &self,
        meeting_id: &str,
        device_id: &str,
        announce: impl FnOnce(&[(String, FeedRecord)]),
    ) -> Result<(), ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let current = revision_and_cancelled(&transaction, meeting_id)?;
        let revision = match current {
            None => return Err(ApiError::not_found(format!("no meeting {meeting_id}"))),
            Some((_, true)) => {
                return Err(ApiError::conflict(
                    "meeting.cancelled",
                    "the meeting is already cancelled",
                ));
            }
            Some((revision, false)) => revision,
        };
        let at = super::now();
        transaction.execute(
            "UPDATE meetings SET cancelled_at = ?2 WHERE id = ?1",
            params![meeting_id, at],
        )?;
        crate::audit::append(
            &transaction,
            meeting_id,
            "meeting.cancelled",
            phonghop_crypto::Canonical::new("meeting.cancelled/v1")
                .str(meeting_id)
                .str(device_id)
                .finish(),
        )?;
        let records = super::feed::append(
            &transaction,
            &participant_users(&transaction, meeting_id)?,
            FeedKind::MeetingCancelled,
            meeting_id,
            revision,
            None,
        )?;
        transaction.commit()?;
        announce(&records);
        Ok(())
    }

    /// The people taking part in a meeting (owners of devices holding its key).
    pub fn meeting_participants(
        &self,
        meeting_id: &str,
    ) -> Result<std::collections::HashSet<String>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT DISTINCT d.user_id FROM meeting_envelopes e JOIN devices d ON d.id = e.device_id
             WHERE e.meeting_id = ?1",
        )?;
        let users = statement.query_map([meeting_id], |row| row.get(0))?;
        Ok(users.collect::<Result<_, _>>()?)
    }

    /// The meetings a device holds an envelope for, soonest first.
    pub fn meetings_for_device(&self, device_id: &str) -> Result<Vec<MeetingForDevice>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT m.id, m.revision, m.starts_at, m.sealed, e.envelope, m.published_by,
                m.cancelled_at IS NOT NULL
             FROM meetings m JOIN meeting_envelopes e ON e.meeting_id = m.id
             WHERE e.device_id = ?1 ORDER BY m.starts_at, m.id",
        )?;
        let rows = statement.query_map([device_id], |row| {
            Ok(MeetingForDevice {
                id: row.get(0)?,
                revision: row.get(1)?,
                starts_at: row.get(2)?,
                sealed: row.get(3)?,
                envelope: row.get(4)?,
                publisher_device_id: row.get(5)?,
                cancelled: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
