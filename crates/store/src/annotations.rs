//! Annotation records as this device holds them: each as the server keeps it (sealed, with
//! this device's envelope when shared), whether it came from the server or was written
//! here and is still on its way. Nothing readable is stored.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError};

impl Store {
    /// Keeps a record (JSON of its wire form) of `meeting_id`. A record already held is
    /// replaced only to learn its place in the server's log.
    pub fn put_annotation_record(
        &self,
        record_id: &str,
        meeting_id: &str,
        seq: Option<i64>,
        record: &str,
    ) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO annotation_records (record_id, meeting_id, seq, record)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (record_id) DO UPDATE SET
                seq = coalesce(excluded.seq, annotation_records.seq),
                record = CASE WHEN excluded.seq IS NOT NULL THEN excluded.record
                              ELSE annotation_records.record END",
            params![record_id, meeting_id, seq, record],
        )?;
        Ok(())
    }

    /// Every record held for `meeting_id` (JSON), in no particular order.
    pub fn annotation_records(&self, meeting_id: &str) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT record FROM annotation_records WHERE meeting_id = ?1")?;
        let rows = statement.query_map([meeting_id], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// One record (JSON) by its id.
    pub fn annotation_record(&self, record_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT record FROM annotation_records WHERE record_id = ?1",
                [record_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Forgets a record the server refused for good (it never existed).
    pub fn delete_annotation_record(&self, record_id: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "DELETE FROM annotation_records WHERE record_id = ?1",
            [record_id],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_kept_once_and_learns_its_place_later() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.db")).unwrap();
        store
            .put_annotation_record("r1", "m", None, "{\"local\":1}")
            .unwrap();
        store
            .put_annotation_record("r1", "m", None, "{\"again\":1}")
            .unwrap();
        assert_eq!(store.annotation_records("m").unwrap(), ["{\"local\":1}"]);
        store
            .put_annotation_record("r1", "m", Some(7), "{\"server\":1}")
            .unwrap();
        store
            .put_annotation_record("r2", "other", Some(8), "{}")
            .unwrap();
        assert_eq!(store.annotation_records("m").unwrap(), ["{\"server\":1}"]);
        assert_eq!(
            store.annotation_record("r2").unwrap().as_deref(),
            Some("{}")
        );
        store.delete_annotation_record("r2").unwrap();
        assert_eq!(store.annotation_record("r2").unwrap(), None);
    }
}
