//! The outbox: requests made while the server could not be reached (or whose answer was
//! lost), kept in order with the idempotency key they will be sent under, so a retried
//! request never applies twice and a restart loses none.

use rusqlite::params;

use crate::{Store, StoreError};

/// One request waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Position in the queue.
    pub seq: i64,
    /// Sent as `Idempotency-Key`; the same on every attempt.
    pub idempotency_key: String,
    /// What kind of request (the sender knows how to replay it).
    pub kind: String,
    /// The request, as the sender serialised it (already sealed where it holds content).
    pub body: Vec<u8>,
    /// How many times sending it failed.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The server refused it for good: kept for the person to see, no longer sent.
    pub refused: bool,
}

impl Store {
    /// Queues a request; returns its position.
    pub fn enqueue(
        &self,
        idempotency_key: &str,
        kind: &str,
        body: &[u8],
    ) -> Result<i64, StoreError> {
        self.connection.execute(
            "INSERT INTO outbox (idempotency_key, kind, body) VALUES (?1, ?2, ?3)",
            params![idempotency_key, kind, body],
        )?;
        Ok(self.connection.last_insert_rowid())
    }

    /// Every queued request, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT seq, idempotency_key, kind, body, attempts, last_error, refused FROM outbox ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(OutboxEntry {
                seq: row.get(0)?,
                idempotency_key: row.get(1)?,
                kind: row.get(2)?,
                body: row.get(3)?,
                attempts: row.get(4)?,
                last_error: row.get(5)?,
                refused: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes a request the server acknowledged.
    pub fn acknowledge(&self, seq: i64) -> Result<(), StoreError> {
        self.connection
            .execute("DELETE FROM outbox WHERE seq = ?1", [seq])?;
        Ok(())
    }

    /// Marks a request the server refused for good: it stays, to be shown, but is not sent.
    pub fn mark_refused(&self, seq: i64, error: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, refused = 1 WHERE seq = ?1",
            params![seq, error],
        )?;
        Ok(())
    }

    /// Records a failed attempt; the request stays queued.
    pub fn record_attempt(&self, seq: i64, error: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
            params![seq, error],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn the_outbox_keeps_order_keys_and_failures_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        {
            let store = Store::open(&path).unwrap();
            let first = store.enqueue("k1", "publish", b"{}").unwrap();
            store.enqueue("k2", "cancel", b"[]").unwrap();
            store.record_attempt(first, "unreachable").unwrap();
            assert!(
                store.enqueue("k1", "publish", b"again").is_err(),
                "keys are unique"
            );
        }
        let store = Store::open(&path).unwrap();
        let entries = store.outbox().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].idempotency_key, "k1");
        assert_eq!(entries[0].attempts, 1);
        assert_eq!(entries[0].last_error.as_deref(), Some("unreachable"));
        assert_eq!(entries[1].kind, "cancel");
        assert!(!entries[1].refused);
        store.mark_refused(entries[1].seq, "forbidden").unwrap();
        store.acknowledge(entries[0].seq).unwrap();
        let left = store.outbox().unwrap();
        assert_eq!(left.len(), 1);
        assert!(left[0].refused);
    }
}
