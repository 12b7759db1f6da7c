//! Reading the meetings' audit chains back (appending happens in [`crate::audit::append`],
//! inside the transaction of the change it records).

use phonghop_crypto::audit::AuditEntry;

use super::Database;
use crate::ApiError;

impl Database {
    /// Meetings that have an audit chain.
    pub fn audited_meetings(&self) -> Result<Vec<String>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection
            .prepare("SELECT DISTINCT meeting_id FROM audit_entries ORDER BY meeting_id")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A meeting's entries in order, each with the hash recorded when it was appended.
    pub fn audit_entries(&self, meeting_id: &str) -> Result<Vec<(AuditEntry, [u8; 32])>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT seq, timestamp_ms, kind, payload, prev_hash, hash FROM audit_entries
             WHERE meeting_id = ?1 ORDER BY seq",
        )?;
        let hash = |bytes: Vec<u8>, column: usize| {
            <[u8; 32]>::try_from(bytes).map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    column,
                    rusqlite::types::Type::Blob,
                    "a hash has 32 bytes".into(),
                )
            })
        };
        let rows = statement.query_map([meeting_id], |row| {
            Ok((
                AuditEntry {
                    seq: u64::try_from(row.get::<_, i64>(0)?).unwrap_or(u64::MAX),
                    timestamp_ms: u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                    kind: row.get(2)?,
                    payload: row.get(3)?,
                    prev_hash: hash(row.get(4)?, 4)?,
                },
                hash(row.get(5)?, 5)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
