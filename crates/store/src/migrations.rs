//! Schema migrations, applied in order inside one transaction and tracked by
//! `PRAGMA user_version`. Append new steps; never edit a released one.

use rusqlite::Connection;

use crate::StoreError;

pub(crate) const STEPS: &[&str] = &[
    // 1: sealed meetings, their key envelopes, encrypted blobs, settings.
    "CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        starts_at TEXT NOT NULL,
        sealed BLOB NOT NULL,
        envelope BLOB NOT NULL,
        received_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        bytes BLOB NOT NULL
    ) STRICT;
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;",
    // 2: who published a meeting, to check the signature on its key envelope.
    "ALTER TABLE meetings ADD COLUMN publisher_key TEXT NOT NULL DEFAULT '';",
    // 3: the first bytes of a chunk whose download was cut, to resume with `Range`; the
    //    outbox of requests made offline, each with its idempotency key.
    "CREATE TABLE partial_blobs (
        id TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        updated_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        body BLOB NOT NULL,
        created_at INTEGER NOT NULL DEFAULT (unixepoch()),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        refused INTEGER NOT NULL DEFAULT 0
    ) STRICT;",
    // 4: the secretary's drafts, sealed under a device-local key.
    "CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        sealed BLOB NOT NULL,
        updated_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;",
    // 5: annotation records as the server keeps them (sealed), this device's own before
    // the server has them too (seq NULL).
    "CREATE TABLE annotation_records (
        record_id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        seq INTEGER,
        record TEXT NOT NULL
    ) STRICT;
    CREATE INDEX annotation_records_by_meeting ON annotation_records (meeting_id);",
    // 6: which revision of each document this person last opened here.
    "CREATE TABLE read_documents (
        meeting_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        read_at INTEGER NOT NULL DEFAULT (unixepoch()),
        PRIMARY KEY (meeting_id, document_id)
    ) STRICT;",
];

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    STEPS.len() as i64
}

/// Brings `connection` up to [`latest`], or refuses a file from a newer app.
pub(crate) fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > latest() {
        return Err(StoreError::TooNew {
            found: current,
            supported: latest(),
        });
    }
    let transaction = connection.transaction()?;
    for (index, step) in STEPS.iter().enumerate().skip(current as usize) {
        transaction.execute_batch(step)?;
        transaction.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    transaction.commit()?;
    Ok(())
}
