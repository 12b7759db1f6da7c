//! Idempotency keys: a device's retried request is answered from the first attempt instead
//! of applying twice (the client's outbox resends whatever it never saw answered).

use rusqlite::{OptionalExtension, params};

use super::{Database, now};
use crate::ApiError;

/// A claim on a key older than this is taken to be from a request that died with its
/// process, and may be claimed again.
const ABANDONED_AFTER_SECONDS: i64 = 120;

/// Keys are kept this long after their answer, then forgotten.
const KEPT_FOR_SECONDS: i64 = 7 * 24 * 3600;

/// A key's row: fingerprint, answer status and body (once answered), when it was claimed.
type KeyRow = (String, Option<i64>, Option<Vec<u8>>, i64);

/// What an idempotency key says about a request arriving under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentStart {
    /// First time: the request is to be carried out, and its answer recorded.
    Fresh,
    /// Already answered: send this status and body again.
    Answered {
        /// HTTP status of the first answer.
        status: u16,
        /// Its body.
        body: Vec<u8>,
    },
    /// An earlier attempt under the key is still being carried out.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

impl Database {
    /// See [`super::MetadataStore::begin_idempotent`].
    pub fn begin_idempotent(
        &self,
        device_id: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<IdempotentStart, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let now = now();
        transaction.execute(
            "DELETE FROM idempotency WHERE started_at < ?1",
            [now - KEPT_FOR_SECONDS],
        )?;
        let earlier: Option<KeyRow> = transaction
            .query_row(
                "SELECT fingerprint, status, body, started_at FROM idempotency
                 WHERE device_id = ?1 AND key = ?2",
                params![device_id, key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let start = match earlier {
            Some((earlier_fingerprint, _, _, _)) if earlier_fingerprint != fingerprint => {
                IdempotentStart::Mismatch
            }
            Some((_, Some(status), body, _)) => IdempotentStart::Answered {
                status: u16::try_from(status).unwrap_or(200),
                body: body.unwrap_or_default(),
            },
            Some((_, None, _, started_at)) if now - started_at < ABANDONED_AFTER_SECONDS => {
                IdempotentStart::InProgress
            }
            _ => {
                transaction.execute(
                    "INSERT INTO idempotency (device_id, key, fingerprint, started_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (device_id, key) DO UPDATE SET started_at = excluded.started_at",
                    params![device_id, key, fingerprint, now],
                )?;
                IdempotentStart::Fresh
            }
        };
        transaction.commit()?;
        Ok(start)
    }

    /// See [`super::MetadataStore::finish_idempotent`].
    pub fn finish_idempotent(
        &self,
        device_id: &str,
        key: &str,
        answer: Option<(u16, &[u8])>,
    ) -> Result<(), ApiError> {
        let connection = self.lock()?;
        match answer {
            Some((status, body)) => connection.execute(
                "UPDATE idempotency SET status = ?3, body = ?4 WHERE device_id = ?1 AND key = ?2",
                params![device_id, key, i64::from(status), body],
            )?,
            None => connection.execute(
                "DELETE FROM idempotency WHERE device_id = ?1 AND key = ?2 AND status IS NULL",
                params![device_id, key],
            )?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_fresh_once_then_in_progress_then_answered_and_bound_to_its_request() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("m.sqlite3")).unwrap();
        assert_eq!(
            db.begin_idempotent("d", "k", "f").unwrap(),
            IdempotentStart::Fresh
        );
        assert_eq!(
            db.begin_idempotent("d", "k", "f").unwrap(),
            IdempotentStart::InProgress
        );
        assert_eq!(
            db.begin_idempotent("d", "k", "g").unwrap(),
            IdempotentStart::Mismatch
        );
        assert_eq!(
            db.begin_idempotent("e", "k", "g").unwrap(),
            IdempotentStart::Fresh,
            "keys are per device"
        );
        db.finish_idempotent("d", "k", Some((200, b"{\"revision\":1}")))
            .unwrap();
        assert_eq!(
            db.begin_idempotent("d", "k", "f").unwrap(),
            IdempotentStart::Answered {
                status: 200,
                body: b"{\"revision\":1}".to_vec()
            }
        );
        db.finish_idempotent("e", "k", None).unwrap();
        assert_eq!(
            db.begin_idempotent("e", "k", "g").unwrap(),
            IdempotentStart::Fresh,
            "a released claim can be retried"
        );
    }
}
