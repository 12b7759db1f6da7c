//! Reading and writing the local database.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::{StoreError, migrations};

/// A meeting as the store keeps it: still sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeeting {
    /// Meeting identifier.
    pub id: String,
    /// Server revision.
    pub revision: i64,
    /// Start time, RFC 3339 (for ordering without decrypting).
    pub starts_at: String,
    /// The sealed meeting record.
    pub sealed: Vec<u8>,
    /// The meeting key wrapped to this device.
    pub envelope: Vec<u8>,
    /// Ed25519 key (hex) of the device that published the meeting and signed the envelope.
    pub publisher_key: String,
}

/// The local database of one profile.
#[derive(Debug)]
pub struct Store {
    pub(crate) connection: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut connection = Connection::open(path).map_err(open_error)?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(open_error)?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut connection)?;
        Ok(Self { connection })
    }

    /// Stores a meeting unless the store already has the same or a newer revision.
    /// Returns whether anything changed.
    pub fn put_meeting(&self, meeting: &StoredMeeting) -> Result<bool, StoreError> {
        let changed = self.connection.execute(
            "INSERT INTO meetings (id, revision, starts_at, sealed, envelope, publisher_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET
                revision = excluded.revision, starts_at = excluded.starts_at,
                sealed = excluded.sealed, envelope = excluded.envelope,
                publisher_key = excluded.publisher_key, received_at = unixepoch()
             WHERE excluded.revision > meetings.revision",
            params![
                meeting.id,
                meeting.revision,
                meeting.starts_at,
                meeting.sealed,
                meeting.envelope,
                meeting.publisher_key
            ],
        )?;
        Ok(changed > 0)
    }

    /// Every meeting, soonest first.
    pub fn meetings(&self) -> Result<Vec<StoredMeeting>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT id, revision, starts_at, sealed, envelope, publisher_key FROM meetings ORDER BY starts_at, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredMeeting {
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

    /// Stores an encrypted blob under its id (idempotent).
    pub fn put_blob(&self, id: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO blobs (id, bytes) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING",
            params![id, bytes],
        )?;
        Ok(())
    }

    /// Whether the blob is held locally.
    pub fn has_blob(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT 1 FROM blobs WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// An encrypted blob, if held.
    pub fn blob(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT bytes FROM blobs WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Writes a sealed draft (replacing the previous version).
    pub fn put_draft(&self, id: &str, sealed: &[u8]) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO drafts (id, sealed) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, updated_at = unixepoch()",
            params![id, sealed],
        )?;
        Ok(())
    }

    /// A sealed draft, if there is one.
    pub fn draft(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT sealed FROM drafts WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Every draft's id, most recently changed first.
    pub fn draft_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT id FROM drafts ORDER BY updated_at DESC, id")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes a draft (once published).
    pub fn delete_draft(&self, id: &str) -> Result<(), StoreError> {
        self.connection
            .execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Reads a setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Writes a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(id: &str, revision: i64, starts_at: &str) -> StoredMeeting {
        StoredMeeting {
            id: id.into(),
            revision,
            starts_at: starts_at.into(),
            sealed: vec![revision as u8; 8],
            envelope: vec![1, 2, 3],
            publisher_key: "ab".repeat(32),
        }
    }

    #[test]
    fn meetings_survive_reopening_and_keep_the_newest_revision() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite3");
        {
            let store = Store::open(&path).unwrap();
            assert!(
                store
                    .put_meeting(&meeting("b", 1, "2026-12-01T08:00:00+07:00"))
                    .unwrap()
            );
            assert!(
                store
                    .put_meeting(&meeting("a", 1, "2026-11-24T08:00:00+07:00"))
                    .unwrap()
            );
            assert!(
                store
                    .put_meeting(&meeting("a", 3, "2026-11-24T08:00:00+07:00"))
                    .unwrap()
            );
            assert!(
                !store
                    .put_meeting(&meeting("a", 2, "2026-11-24T08:00:00+07:00"))
                    .unwrap()
            );
        }
        let store = Store::open(&path).unwrap();
        let meetings = store.meetings().unwrap();
        assert_eq!(
            meetings.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(meetings[0].revision, 3);
        assert_eq!(meetings[0].sealed, vec![3u8; 8]);
    }

    #[test]
    fn a_version_1_database_is_migrated_without_losing_meetings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let connection = Connection::open(&path).unwrap();
            connection.execute_batch(migrations::STEPS[0]).unwrap();
            connection.pragma_update(None, "user_version", 1).unwrap();
            connection
                .execute(
                    "INSERT INTO meetings (id, revision, starts_at, sealed, envelope) VALUES ('m', 1, 't', x'01', x'02')",
                    [],
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let meetings = store.meetings().unwrap();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].publisher_key, "");
    }

    #[test]
    fn blobs_and_settings_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
        assert!(!store.has_blob("x").unwrap());
        store.put_blob("x", b"cipher").unwrap();
        store.put_blob("x", b"ignored").unwrap();
        assert_eq!(store.blob("x").unwrap().as_deref(), Some(&b"cipher"[..]));
        assert_eq!(store.setting("cursor").unwrap(), None);
        store.set_setting("cursor", "7").unwrap();
        store.set_setting("cursor", "8").unwrap();
        assert_eq!(store.setting("cursor").unwrap().as_deref(), Some("8"));
    }

    #[test]
    fn a_file_from_a_newer_app_or_garbage_is_refused_with_a_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        {
            let connection = Connection::open(&path).unwrap();
            connection.pragma_update(None, "user_version", 99).unwrap();
        }
        assert_eq!(Store::open(&path).unwrap_err().code(), "store.too_new");

        let garbage = dir.path().join("garbage.sqlite3");
        std::fs::write(&garbage, vec![0x42u8; 8192]).unwrap();
        let code = Store::open(&garbage).unwrap_err().code();
        assert!(
            code == "store.corrupt" || code == "store.open_failed",
            "{code}"
        );
    }
}
