//! Errors of the local store, with stable codes.

use std::path::PathBuf;

/// Why the local store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("cannot open the local database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The database was written by a newer version of the app.
    #[error(
        "the local database has schema version {found}, newer than this app understands ({supported})"
    )]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A query failed (disk full, corruption, I/O error).
    #[error("local database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => "store.open_failed",
            StoreError::TooNew { .. } => "store.too_new",
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DiskFull =>
            {
                "store.disk_full"
            }
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, _))
                if matches!(
                    error.code,
                    rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
                ) =>
            {
                "store.corrupt"
            }
            StoreError::Sqlite(_) => "store.failed",
        }
    }
}
