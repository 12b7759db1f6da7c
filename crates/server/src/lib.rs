//! The central document server of Phòng Họp: one binary that is also a library, so tests
//! start the real thing on 127.0.0.1:0.
//!
//! It stores what clients send it — sealed meeting records, key envelopes, encrypted blobs —
//! with the metadata it needs to route them (who may read what, when a meeting starts), and
//! never sees plaintext (DESIGN.md invariant 1). Handlers in [`routes`] translate between
//! HTTP and the services in [`db`] and [`blobs`]; [`live`] wakes WebSocket followers of the
//! change feed; [`ops`] holds what running it needs — probes, metrics, rate limits and JSON
//! refusals. [`settings`] layers its configuration and [`tls`] makes and loads the
//! certificate clients pin; [`roster`] imports members; [`backup`] copies it safely.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod certify;
pub mod db;
pub mod deadlines;
pub mod enrollment;
pub mod error;
pub mod live;
pub mod ops;
pub mod roster;
pub mod routes;
mod serve;
pub mod settings;
mod state;
pub mod tls;

use std::path::{Path, PathBuf};

pub use error::ApiError;
pub use serve::{RunningServer, start, start_with};
pub use state::AppState;

/// File in the data directory holding the SQLite metadata database.
pub const DATABASE_FILE: &str = "phonghop.sqlite3";
/// File in the data directory holding the administrator token (mode 0600).
pub const ADMIN_TOKEN_FILE: &str = "admin.token";
/// File the running server writes its listening address to, for scripts and tests.
pub const ADDRESS_FILE: &str = "server.addr";
/// File the running server writes its full client address to (with the certificate
/// fingerprint when serving HTTPS), for the administrator to hand out.
pub const URL_FILE: &str = "server.url";

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
    /// SHA-256 of the TLS certificate, hex, which clients pin.
    pub tls_fingerprint: String,
    /// The commented settings file.
    pub settings_file: PathBuf,
}

/// Names and addresses every new certificate covers, besides those the administrator adds.
pub const DEFAULT_CERT_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// Creates a new organisation in an empty data directory: the root key (encrypted under the
/// administrator's passphrase in `root.key`), the database, the blob folder, an
/// administrator token (written to `admin.token`, readable only by its owner), a TLS
/// certificate for `hosts` (and localhost) and a commented `server.toml`.
pub fn init(
    data_dir: &Path,
    organisation: &str,
    admin_passphrase: &str,
    hosts: &[String],
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
    let root = certify::create_root(&root_file, admin_passphrase)?;
    let anchor = root.trust_anchor();
    audit::ServerSigner::create(data_dir, &root, organisation)?;
    drop(root);
    let db = db::Database::open(&database)?;
    db.create_organisation(
        organisation,
        &phonghop_crypto::sha256_hex(token.as_bytes()),
        &hex::encode(anchor.0),
    )?;
    let token_file = data_dir.join(ADMIN_TOKEN_FILE);
    write_private_file(&token_file, token.as_bytes()).map_err(ApiError::io)?;
    blobs::FsBlobStore::open(&data_dir.join("blobs"))?;
    let mut names: Vec<String> = DEFAULT_CERT_HOSTS.iter().map(|h| (*h).to_owned()).collect();
    names.extend(
        hosts
            .iter()
            .filter(|h| !names.contains(h))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let tls_fingerprint = tls::create_certificate(data_dir, &names)?;
    let settings_file = data_dir.join(settings::SETTINGS_FILE);
    if !settings_file.exists() {
        std::fs::write(&settings_file, settings::commented_file()).map_err(ApiError::io)?;
    }
    Ok(Initialised {
        tls_fingerprint,
        settings_file,
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
