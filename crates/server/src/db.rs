//! The server's metadata database (SQLite, WAL): the organisation, people, devices, sealed
//! meetings and who holds a key to which. Plaintext of meetings never enters it.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use phonghop_domain::Role;
use phonghop_domain::wire::DirectoryEntry;
use rusqlite::{Connection, OptionalExtension, params};

use crate::ApiError;

const MIGRATIONS: &[&str] = &["
    CREATE TABLE organisation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        admin_token_hash TEXT NOT NULL
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
        token_hash TEXT NOT NULL UNIQUE,
        revoked INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
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
"];

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
    /// Ed25519 key (hex) of the publishing device.
    pub publisher_key: String,
}

/// The metadata database.
#[derive(Debug)]
pub struct Database {
    connection: Mutex<Connection>,
}

impl Database {
    /// Opens (creating and migrating) the database file.
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let transaction = connection.transaction()?;
        for (index, step) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            transaction.execute_batch(step)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        transaction.commit()?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, ApiError> {
        self.connection
            .lock()
            .map_err(|_| ApiError::internal("database lock poisoned"))
    }

    /// Records the organisation and the hash of its administrator token.
    pub fn create_organisation(&self, name: &str, admin_token_hash: &str) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO organisation (id, name, admin_token_hash) VALUES (1, ?1, ?2)",
            params![name, admin_token_hash],
        )?;
        Ok(())
    }

    /// The organisation's name.
    pub fn organisation_name(&self) -> Result<String, ApiError> {
        Ok(self
            .lock()?
            .query_row("SELECT name FROM organisation WHERE id = 1", [], |row| {
                row.get(0)
            })?)
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

    /// The device holding the token with this hash, if any and not revoked.
    pub fn device_by_token(&self, token_hash: &str) -> Result<Option<DeviceIdentity>, ApiError> {
        let row = self
            .lock()?
            .query_row(
                "SELECT d.id, u.id, u.display_name, u.role FROM devices d JOIN users u ON u.id = d.user_id
                 WHERE d.token_hash = ?1 AND d.revoked = 0 AND u.disabled = 0",
                [token_hash],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(device_id, user_id, display_name, role)| {
            Ok(DeviceIdentity {
                device_id,
                user_id,
                display_name,
                role: Role::parse(&role)
                    .ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?,
            })
        })
        .transpose()
    }

    /// Adds a person.
    pub fn add_user(
        &self,
        id: &str,
        display_name: &str,
        title: &str,
        role: Role,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO users (id, display_name, title, role) VALUES (?1, ?2, ?3, ?4)",
            params![id, display_name, title, role.as_str()],
        )?;
        Ok(())
    }

    /// Registers a device of an existing person.
    pub fn add_device(
        &self,
        id: &str,
        user_id: &str,
        signing_public_key: &str,
        exchange_public_key: &str,
        token_hash: &str,
    ) -> Result<(), ApiError> {
        let connection = self.lock()?;
        let exists = connection
            .query_row("SELECT 1 FROM users WHERE id = ?1", [user_id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(ApiError::not_found(format!("no user {user_id}")));
        }
        connection.execute(
            "INSERT INTO devices (id, user_id, signing_public_key, exchange_public_key, token_hash)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                user_id,
                signing_public_key,
                exchange_public_key,
                token_hash
            ],
        )?;
        Ok(())
    }

    /// Every active device with its owner.
    pub fn directory(&self) -> Result<Vec<DirectoryEntry>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT u.id, u.display_name, u.title, u.role, d.id, d.signing_public_key, d.exchange_public_key
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.revoked = 0 AND u.disabled = 0 ORDER BY u.created_at, u.rowid, d.rowid",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (
                user_id,
                display_name,
                title,
                role,
                device_id,
                signing_public_key,
                exchange_public_key,
            ) = row?;
            entries.push(DirectoryEntry {
                user_id,
                display_name,
                title,
                role: Role::parse(&role)
                    .ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?,
                device_id,
                signing_public_key,
                exchange_public_key,
            });
        }
        Ok(entries)
    }

    /// Records an uploaded blob.
    pub fn add_blob(&self, id: &str, size: usize, device_id: &str) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO blobs (id, size, uploaded_by) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
            params![id, size as i64, device_id],
        )?;
        Ok(())
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

    /// Stores a new revision of a meeting, replacing its envelopes and blob references, in
    /// one transaction. Returns the new revision.
    pub fn publish_meeting(
        &self,
        record: &MeetingRecord<'_>,
        device_id: &str,
    ) -> Result<i64, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        for blob_id in record.blob_ids {
            let known = transaction
                .query_row("SELECT 1 FROM blobs WHERE id = ?1", [blob_id], |_| Ok(()))
                .optional()?
                .is_some();
            if !known {
                return Err(ApiError::conflict(
                    "meeting.missing_blob",
                    format!("blob {blob_id} has not been uploaded"),
                ));
            }
        }
        for (recipient, _) in record.envelopes {
            let known = transaction
                .query_row(
                    "SELECT 1 FROM devices WHERE id = ?1 AND revoked = 0",
                    [recipient],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !known {
                return Err(ApiError::conflict(
                    "meeting.unknown_device",
                    format!("device {recipient} is not enrolled"),
                ));
            }
        }
        let revision: i64 = transaction
            .query_row(
                "SELECT revision FROM meetings WHERE id = ?1",
                [record.id],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or(0)
            + 1;
        transaction.execute(
            "INSERT INTO meetings (id, revision, starts_at, sealed, published_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, starts_at = excluded.starts_at,
                sealed = excluded.sealed, published_by = excluded.published_by, updated_at = unixepoch()",
            params![record.id, revision, record.starts_at, record.sealed, device_id],
        )?;
        transaction.execute(
            "DELETE FROM meeting_envelopes WHERE meeting_id = ?1",
            [record.id],
        )?;
        transaction.execute(
            "DELETE FROM meeting_blobs WHERE meeting_id = ?1",
            [record.id],
        )?;
        for (recipient, envelope) in record.envelopes {
            transaction.execute(
                "INSERT INTO meeting_envelopes (meeting_id, device_id, envelope) VALUES (?1, ?2, ?3)",
                params![record.id, recipient, envelope],
            )?;
        }
        for blob_id in record.blob_ids {
            transaction.execute(
                "INSERT OR IGNORE INTO meeting_blobs (meeting_id, blob_id) VALUES (?1, ?2)",
                params![record.id, blob_id],
            )?;
        }
        transaction.commit()?;
        Ok(revision)
    }

    /// The meetings a device holds an envelope for, soonest first.
    pub fn meetings_for_device(&self, device_id: &str) -> Result<Vec<MeetingForDevice>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT m.id, m.revision, m.starts_at, m.sealed, e.envelope, p.signing_public_key
             FROM meetings m JOIN meeting_envelopes e ON e.meeting_id = m.id
             JOIN devices p ON p.id = m.published_by
             WHERE e.device_id = ?1 ORDER BY m.starts_at, m.id",
        )?;
        let rows = statement.query_map([device_id], |row| {
            Ok(MeetingForDevice {
                id: row.get(0)?,
                revision: row.get(1)?,
                starts_at: row.get(2)?,
                sealed: row.get(3)?,
                envelope: row.get(4)?,
                publisher_key: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
