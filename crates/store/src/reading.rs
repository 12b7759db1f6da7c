//! Which revision of each document the person last opened on this device: what makes the
//! "new" and "changed since you read it" badges.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError};

impl Store {
    /// Notes that `revision` of a document was opened (never lowers a later one).
    pub fn mark_read(
        &self,
        meeting_id: &str,
        document_id: &str,
        revision: u64,
    ) -> Result<(), StoreError> {
        let revision = i64::try_from(revision).unwrap_or(i64::MAX);
        self.connection.execute(
            "INSERT INTO read_documents (meeting_id, document_id, revision) VALUES (?1, ?2, ?3)
             ON CONFLICT (meeting_id, document_id) DO UPDATE SET
                revision = max(revision, excluded.revision), read_at = unixepoch()",
            params![meeting_id, document_id, revision],
        )?;
        Ok(())
    }

    /// The revision of a document last opened here, if it ever was.
    pub fn read_revision(
        &self,
        meeting_id: &str,
        document_id: &str,
    ) -> Result<Option<u64>, StoreError> {
        let revision: Option<i64> = self
            .connection
            .query_row(
                "SELECT revision FROM read_documents WHERE meeting_id = ?1 AND document_id = ?2",
                params![meeting_id, document_id],
                |row| row.get(0),
            )
            .optional()?;
        Ok(revision.and_then(|revision| u64::try_from(revision).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_revision_read_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.db")).unwrap();
        assert_eq!(store.read_revision("m", "d").unwrap(), None);
        store.mark_read("m", "d", 2).unwrap();
        store.mark_read("m", "d", 1).unwrap();
        assert_eq!(store.read_revision("m", "d").unwrap(), Some(2));
        store.mark_read("m", "d", 3).unwrap();
        assert_eq!(store.read_revision("m", "d").unwrap(), Some(3));
    }
}
