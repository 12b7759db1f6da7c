//! The server's metadata database (SQLite, WAL): the organisation, people, devices, sealed
//! meetings and who holds a key to which. Plaintext of meetings never enters it.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use phonghop_domain::Role;
use rusqlite::{Connection, OptionalExtension, params};

mod annotations;
mod attendance;
mod audit_log;
mod conduct;
mod feed;
mod idempotency;
mod meetings;
mod people;
mod readiness;
mod roster;
mod secret_votes;
mod sessions;
mod store;
mod votes;

pub use annotations::{AnnotationStore, NewAnnotationRecord};
pub use conduct::ConductChange;
pub use idempotency::IdempotentStart;
pub use meetings::{MeetingForDevice, MeetingRecord, Published};
pub use readiness::ReadinessStore;
pub use roster::{ImportOutcome, NewMember};
pub use secret_votes::{Seat, SecretParameters, SecretVote};
pub use store::MetadataStore;
pub use votes::{NewVote, RecordedBallot};

use crate::ApiError;

const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE organisation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        admin_token_hash TEXT NOT NULL,
        root_public_key TEXT NOT NULL
    ) STRICT;
    CREATE TABLE users (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        title TEXT NOT NULL,
        role TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        signing_public_key TEXT NOT NULL,
        exchange_public_key TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0,
        cert_valid_from INTEGER NOT NULL DEFAULT 0,
        cert_valid_until INTEGER NOT NULL DEFAULT 0,
        cert_signature TEXT,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE enrollment_codes (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        expires_at INTEGER NOT NULL,
        used_by_device TEXT
    ) STRICT;
    CREATE TABLE challenges (
        challenge TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (id),
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (id),
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        uploaded_by TEXT NOT NULL REFERENCES devices (id),
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        starts_at TEXT NOT NULL,
        sealed BLOB NOT NULL,
        published_by TEXT NOT NULL REFERENCES devices (id),
        updated_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE meeting_envelopes (
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        envelope BLOB NOT NULL,
        PRIMARY KEY (meeting_id, device_id)
    ) STRICT;
    CREATE TABLE meeting_blobs (
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        blob_id TEXT NOT NULL REFERENCES blobs (id),
        PRIMARY KEY (meeting_id, blob_id)
    ) STRICT;
",
    "
    ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
    CREATE TABLE committees (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE TABLE committee_members (
        committee_id TEXT NOT NULL REFERENCES committees (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        PRIMARY KEY (committee_id, user_id)
    ) STRICT;
",
    "
    CREATE TABLE feed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users (id),
        kind TEXT NOT NULL,
        meeting_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;
    CREATE INDEX feed_by_user ON feed (user_id, seq);
",
    "
    CREATE TABLE audit_entries (
        meeting_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        timestamp_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        payload BLOB NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        PRIMARY KEY (meeting_id, seq)
    ) STRICT;
",
    "
    ALTER TABLE feed ADD COLUMN vote_id TEXT;
    ALTER TABLE meetings ADD COLUMN cancelled_at INTEGER;
    CREATE TABLE votes (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        sealed_question BLOB NOT NULL,
        options INTEGER NOT NULL,
        rule TEXT NOT NULL,
        opened_by TEXT NOT NULL REFERENCES devices (id),
        opened_at_ms INTEGER NOT NULL,
        closes_at_ms INTEGER,
        closed_at_ms INTEGER,
        result TEXT
    ) STRICT;
    CREATE TABLE vote_eligible (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        PRIMARY KEY (vote_id, user_id)
    ) STRICT;
    CREATE TABLE ballots (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        choice INTEGER NOT NULL,
        signature BLOB NOT NULL,
        received_at_ms INTEGER NOT NULL,
        audit_seq INTEGER NOT NULL,
        PRIMARY KEY (vote_id, user_id)
    ) STRICT;
",
    "
    CREATE TABLE idempotency (
        device_id TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        body BLOB,
        started_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, key)
    ) STRICT;
",
    "
    CREATE TABLE attendance (
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        presence TEXT NOT NULL,
        sealed_reason BLOB,
        recorded_by TEXT NOT NULL REFERENCES users (id),
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, user_id)
    ) STRICT;
",
    r#"
    ALTER TABLE votes ADD COLUMN kind TEXT NOT NULL DEFAULT '{"kind":"motion"}';
    ALTER TABLE votes ADD COLUMN allow_change INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ballots ADD COLUMN choices TEXT NOT NULL DEFAULT '[]';
    UPDATE ballots SET choices = '[' || choice || ']';
    CREATE TABLE meeting_conduct (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings (id),
        state TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
    ) STRICT;
"#,
    "
    ALTER TABLE votes ADD COLUMN secret TEXT;
    ALTER TABLE votes ADD COLUMN present_at_close INTEGER;
    ALTER TABLE votes ADD COLUMN counts TEXT;
    CREATE TABLE committee_seats (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        idx INTEGER NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        sealed_share BLOB NOT NULL,
        envelopes TEXT NOT NULL,
        partial TEXT,
        published_at_ms INTEGER,
        PRIMARY KEY (vote_id, idx)
    ) STRICT;
    CREATE TABLE secret_ballots (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        ballot TEXT NOT NULL,
        hash BLOB NOT NULL,
        signature BLOB NOT NULL,
        received_at_ms INTEGER NOT NULL,
        audit_seq INTEGER NOT NULL,
        PRIMARY KEY (vote_id, user_id)
    ) STRICT;
    CREATE TABLE ballot_fingerprints (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        fingerprint BLOB NOT NULL,
        PRIMARY KEY (vote_id, fingerprint)
    ) STRICT;
",
    "
    CREATE TABLE annotation_records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        record_id TEXT NOT NULL UNIQUE,
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        author_user_id TEXT NOT NULL REFERENCES users (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        audience_kind TEXT NOT NULL,
        audience TEXT NOT NULL,
        sealed BLOB NOT NULL,
        signature BLOB NOT NULL,
        at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX annotation_records_by_meeting ON annotation_records (meeting_id, seq);
    CREATE TABLE annotation_readers (
        seq INTEGER NOT NULL REFERENCES annotation_records (seq),
        user_id TEXT NOT NULL REFERENCES users (id),
        PRIMARY KEY (seq, user_id)
    ) STRICT;
    CREATE TABLE annotation_envelopes (
        seq INTEGER NOT NULL REFERENCES annotation_records (seq),
        device_id TEXT NOT NULL REFERENCES devices (id),
        envelope BLOB NOT NULL,
        PRIMARY KEY (seq, device_id)
    ) STRICT;
    CREATE TABLE personal_keys (
        user_id TEXT PRIMARY KEY REFERENCES users (id),
        key_id TEXT NOT NULL
    ) STRICT;
    CREATE TABLE personal_key_envelopes (
        user_id TEXT NOT NULL REFERENCES users (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        sender_device_id TEXT NOT NULL REFERENCES devices (id),
        envelope BLOB NOT NULL,
        PRIMARY KEY (user_id, device_id)
    ) STRICT;
",
    "
    CREATE TABLE rsvps (
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        answer TEXT NOT NULL,
        sealed_reason BLOB,
        at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, user_id)
    ) STRICT;
    CREATE TABLE holdings (
        meeting_id TEXT NOT NULL REFERENCES meetings (id),
        device_id TEXT NOT NULL REFERENCES devices (id),
        revision INTEGER NOT NULL,
        complete INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, device_id)
    ) STRICT;
",
];

/// The calling device, as authentication found it.
#[derive(Debug, Clone)]
pub struct DeviceIdentity {
    /// Device identifier.
    pub device_id: String,
    /// Owner's identifier.
    pub user_id: String,
    /// Owner's name.
    pub display_name: String,
    /// Owner's role.
    pub role: Role,
}

/// The metadata database.
#[derive(Debug)]
pub struct Database {
    connection: Mutex<Connection>,
    /// The organisation's name, once read.
    organisation: std::sync::OnceLock<String>,
}

impl Database {
    /// Opens (creating and migrating) the database file.
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every hot query is prepared once and kept (the default cache holds 16).
        connection.set_prepared_statement_cache_capacity(128);
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let transaction = connection.transaction()?;
        for (index, step) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            transaction.execute_batch(step)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        transaction.commit()?;
        Ok(Self {
            connection: Mutex::new(connection),
            organisation: std::sync::OnceLock::new(),
        })
    }

    /// Whether the database answers a query (for `/readyz`).
    pub fn check_ready(&self) -> Result<(), ApiError> {
        self.lock()?
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|_| ())
            .map_err(ApiError::internal)
    }

    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, Connection>, ApiError> {
        self.connection
            .lock()
            .map_err(|_| ApiError::internal("database lock poisoned"))
    }

    /// Records the organisation, the hash of its administrator token and its root key.
    pub fn create_organisation(
        &self,
        name: &str,
        admin_token_hash: &str,
        root_public_key: &str,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO organisation (id, name, admin_token_hash, root_public_key) VALUES (1, ?1, ?2, ?3)",
            params![name, admin_token_hash, root_public_key],
        )?;
        Ok(())
    }

    /// The organisation root's public key, hex.
    pub fn root_public_key(&self) -> Result<String, ApiError> {
        Ok(self.lock()?.query_row(
            "SELECT root_public_key FROM organisation WHERE id = 1",
            [],
            |row| row.get(0),
        )?)
    }

    /// The organisation's name (read once: it never changes after `init`).
    pub fn organisation_name(&self) -> Result<String, ApiError> {
        if let Some(name) = self.organisation.get() {
            return Ok(name.clone());
        }
        let name: String =
            self.lock()?
                .query_row("SELECT name FROM organisation WHERE id = 1", [], |row| {
                    row.get(0)
                })?;
        Ok(self.organisation.get_or_init(|| name).clone())
    }

    /// Whether `token_hash` is the administrator's.
    pub fn is_admin_token(&self, token_hash: &str) -> Result<bool, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                "SELECT 1 FROM organisation WHERE id = 1 AND admin_token_hash = ?1",
                [token_hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// Seconds since the Unix epoch, the server's clock for expiries.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}
