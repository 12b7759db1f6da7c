//! The central document server of Phòng Họp: one binary that is also a library, so tests
//! start the real thing on 127.0.0.1:0.
//!
//! It stores what clients send it — sealed meeting records, key envelopes, encrypted blobs —
//! with the metadata it needs to route them (who may read what, when a meeting starts), and
//! never sees plaintext (DESIGN.md invariant 1). Handlers in [`routes`] translate between
//! HTTP and the services in [`db`] and [`blobs`]; [`ops`] holds what running it needs —
//! probes, metrics, rate limits and JSON refusals.

pub mod auth;
pub mod backup;
pub mod blobs;
pub mod certify;
pub mod db;
pub mod enrollment;
pub mod error;
pub mod ops;
pub mod routes;
mod state;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use error::ApiError;
pub use state::AppState;

/// File in the data directory holding the SQLite metadata database.
pub const DATABASE_FILE: &str = "phonghop.sqlite3";
/// File in the data directory holding the administrator token (mode 0600).
pub const ADMIN_TOKEN_FILE: &str = "admin.token";
/// File the running server writes its listening address to, for scripts and tests.
pub const ADDRESS_FILE: &str = "server.addr";

/// What `init` produced.
#[derive(Debug)]
pub struct Initialised {
    /// The data directory.
    pub data_dir: PathBuf,
    /// Where the administrator token was written.
    pub admin_token_file: PathBuf,
    /// Where the encrypted root key was written (move it offline after setting up).
    pub root_key_file: PathBuf,
    /// SHA-256 of the root public key, hex, for people to compare when they enroll.
    pub root_fingerprint: String,
}

/// Creates a new organisation in an empty data directory: the root key (encrypted under the
/// administrator's passphrase in `root.key`), the database, the blob folder and an
/// administrator token (written to `admin.token`, readable only by its owner).
pub fn init(
    data_dir: &Path,
    organisation: &str,
    admin_passphrase: &str,
) -> Result<Initialised, ApiError> {
    std::fs::create_dir_all(data_dir).map_err(ApiError::io)?;
    let database = data_dir.join(DATABASE_FILE);
    if database.exists() {
        return Err(ApiError::conflict(
            "server.already_initialised",
            format!("{} already holds an organisation", data_dir.display()),
        ));
    }
    let token = phonghop_crypto::random_token().map_err(ApiError::internal)?;
    let root_file = data_dir.join(certify::ROOT_KEY_FILE);
    let anchor = certify::create_root(&root_file, admin_passphrase)?;
    let db = db::Database::open(&database)?;
    db.create_organisation(
        organisation,
        &phonghop_crypto::sha256_hex(token.as_bytes()),
        &hex::encode(anchor.0),
    )?;
    let token_file = data_dir.join(ADMIN_TOKEN_FILE);
    write_private_file(&token_file, token.as_bytes()).map_err(ApiError::io)?;
    blobs::FsBlobStore::open(&data_dir.join("blobs"))?;
    Ok(Initialised {
        data_dir: data_dir.to_path_buf(),
        admin_token_file: token_file,
        root_key_file: root_file,
        root_fingerprint: phonghop_crypto::sha256_hex(&anchor.0),
    })
}

pub(crate) fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A server running in this process (used by tests and by `serve`).
#[derive(Debug)]
pub struct RunningServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// `http://ADDR`, for clients.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server to finish.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Opens the data directory and serves on `listen` (use port 0 for any free port). Writes
/// the bound address to `server.addr` in the data directory.
pub async fn start(data_dir: &Path, listen: SocketAddr) -> Result<RunningServer, ApiError> {
    let state = AppState::open(data_dir)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(ApiError::io)?;
    let addr = listener.local_addr().map_err(ApiError::io)?;
    let address_file = data_dir.join(ADDRESS_FILE);
    let temporary = data_dir.join(format!("{ADDRESS_FILE}.tmp"));
    std::fs::write(&temporary, addr.to_string()).map_err(ApiError::io)?;
    std::fs::rename(&temporary, &address_file).map_err(ApiError::io)?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = routes::router(state);
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    tracing::info!(%addr, "phonghop-server listening");
    Ok(RunningServer {
        addr,
        shutdown: Some(shutdown),
        task,
    })
}
