//! What every handler shares: the metadata database, the blob store, metrics and the live
//! feed hub.

use std::path::Path;
use std::sync::Arc;

use crate::blobs::{BlobStore, FsBlobStore};
use crate::db::Database;
use crate::{ApiError, DATABASE_FILE};

/// Shared state of a running server.
#[derive(Clone)]
pub struct AppState {
    /// Metadata (users, devices, sealed meetings, envelopes).
    pub db: Arc<dyn crate::db::MetadataStore>,
    /// Encrypted blobs.
    pub blobs: Arc<dyn BlobStore>,
    /// Request counts and timings for `/metrics`.
    pub metrics: Arc<crate::ops::metrics::Metrics>,
    /// Wakes live feed connections; closes them at shutdown.
    pub live: Arc<crate::live::LiveHub>,
    /// Signs audit checkpoints.
    pub signer: Arc<crate::audit::ServerSigner>,
}

impl AppState {
    /// Opens an initialised data directory.
    pub fn open(data_dir: &Path) -> Result<Self, ApiError> {
        let database = data_dir.join(DATABASE_FILE);
        if !database.exists() {
            return Err(ApiError::conflict(
                "server.not_initialised",
                format!(
                    "{} holds no organisation; run `phonghop-server init --data {}` first",
                    data_dir.display(),
                    data_dir.display()
                ),
            ));
        }
        Ok(Self {
            db: Arc::new(Database::open(&database)?),
            blobs: Arc::new(FsBlobStore::open(&data_dir.join("blobs"))?),
            metrics: Arc::default(),
            live: Arc::default(),
            signer: Arc::new(crate::audit::ServerSigner::open(data_dir)?),
        })
    }
}
