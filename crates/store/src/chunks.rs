//! Downloaded chunks in batches, and the first bytes of a chunk whose download was cut, so
//! the next attempt (in this process or after a restart) asks only for the rest.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError};

impl Store {
    /// Stores verified blobs in one transaction (idempotent per blob) and forgets any
    /// partial download of them. A killed process keeps every batch that committed.
    pub fn put_blobs(&self, blobs: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        let transaction = self.connection.unchecked_transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO blobs (id, bytes) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING",
            )?;
            let mut forget =
                transaction.prepare_cached("DELETE FROM partial_blobs WHERE id = ?1")?;
            for (id, bytes) in blobs {
                insert.execute(params![id, bytes])?;
                forget.execute([id])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Which of `ids` are not held locally, in the order given.
    pub fn missing_blobs<'a>(&self, ids: &'a [String]) -> Result<Vec<&'a String>, StoreError> {
        let mut query = self
            .connection
            .prepare_cached("SELECT 1 FROM blobs WHERE id = ?1")?;
        let mut missing = Vec::new();
        for id in ids {
            if !query.exists([id])? {
                missing.push(id);
            }
        }
        Ok(missing)
    }

    /// Keeps the bytes of `id` received so far (replacing an older, shorter partial).
    pub fn put_partial_blob(&self, id: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO partial_blobs (id, bytes) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, updated_at = unixepoch()
             WHERE length(excluded.bytes) > length(partial_blobs.bytes)",
            params![id, bytes],
        )?;
        Ok(())
    }

    /// The bytes of `id` received before a cut, if any.
    pub fn partial_blob(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT bytes FROM partial_blobs WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Forgets a partial download (it turned out damaged).
    pub fn drop_partial_blob(&self, id: &str) -> Result<(), StoreError> {
        self.connection
            .execute("DELETE FROM partial_blobs WHERE id = ?1", [id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn a_batch_lands_whole_and_clears_the_partials_it_completes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
        store.put_partial_blob("a", b"half").unwrap();
        store.put_partial_blob("a", b"ha").unwrap();
        assert_eq!(
            store.partial_blob("a").unwrap().as_deref(),
            Some(&b"half"[..])
        );
        store
            .put_blobs(&[
                ("a".into(), b"whole".to_vec()),
                ("b".into(), b"bee".to_vec()),
            ])
            .unwrap();
        assert_eq!(store.partial_blob("a").unwrap(), None);
        let ids = ["a".to_string(), "c".to_string(), "b".to_string()];
        assert_eq!(store.missing_blobs(&ids).unwrap(), [&ids[1]]);
        store.put_partial_blob("c", b"x").unwrap();
        store.drop_partial_blob("c").unwrap();
        assert_eq!(store.partial_blob("c").unwrap(), None);
    }
}
