//! Each meeting's hash-chained audit log, as the server keeps it: every state change of a
//! meeting appends an entry in the same transaction as the change, and the server signs
//! checkpoints (length and head) with its own key, which the organisation root certified at
//! `init`. A client holding a checkpoint detects a rewritten, truncated or forked history;
//! `phonghop-server verify` checks every chain in the database.

use std::path::Path;

use phonghop_crypto::audit::{AuditEntry, Checkpoint, GENESIS, verify_chain};
use phonghop_crypto::{Canonical, SigningSecret};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::ApiError;
use crate::db::MetadataStore;

/// File holding the server's checkpoint-signing seed (mode 0600; the server needs it
/// unattended, unlike the root key).
pub const SERVER_KEY_FILE: &str = "server-signing.key";
/// File holding the root's certificate on that key.
pub const SERVER_KEY_CERT_FILE: &str = "server-signing.cert";

/// The root's certificate on the server's checkpoint key, as stored and as served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerKeyCertificate {
    /// The server's Ed25519 public key, hex.
    pub server_key: String,
    /// The root's signature over it (`TrustAnchor::verify_server_key`), hex.
    pub root_signature: String,
}

/// The server's checkpoint signer.
pub struct ServerSigner {
    secret: SigningSecret,
    certificate: Option<ServerKeyCertificate>,
}

impl std::fmt::Debug for ServerSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSigner")
            .field("certificate", &self.certificate)
            .finish_non_exhaustive()
    }
}

impl ServerSigner {
    /// Makes the server key at `init` and has the root certify it.
    pub fn create(
        data_dir: &Path,
        root: &phonghop_crypto::RootKey,
        organisation: &str,
    ) -> Result<(), ApiError> {
        let seed = phonghop_crypto::random_bytes::<32>().map_err(ApiError::internal)?;
        let secret = SigningSecret::from_seed(seed).map_err(ApiError::internal)?;
        crate::write_private_file(
            &data_dir.join(SERVER_KEY_FILE),
            hex::encode(seed).as_bytes(),
        )
        .map_err(ApiError::io)?;
        let public = secret.public_key();
        let certificate = ServerKeyCertificate {
            server_key: hex::encode(public),
            root_signature: hex::encode(root.certify_server_key(organisation, &public)),
        };
        let json = serde_json::to_vec_pretty(&certificate).map_err(ApiError::internal)?;
        std::fs::write(data_dir.join(SERVER_KEY_CERT_FILE), json).map_err(ApiError::io)
    }

    /// Loads the server key and its certificate from the data directory.
    pub fn open(data_dir: &Path) -> Result<Self, ApiError> {
        let path = data_dir.join(SERVER_KEY_FILE);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            ApiError::conflict(
                "server.not_initialised",
                format!("{}: {error}; run `phonghop-server init`", path.display()),
            )
        })?;
        let seed: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| ApiError::internal(format!("{} does not hold a key", path.display())))?;
        let certificate = match std::fs::read(data_dir.join(SERVER_KEY_CERT_FILE)) {
            Ok(bytes) => Some(serde_json::from_slice(&bytes).map_err(ApiError::internal)?),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(ApiError::io(error)),
        };
        Ok(Self {
            secret: SigningSecret::from_seed(seed).map_err(ApiError::internal)?,
            certificate,
        })
    }

    /// A signed checkpoint over a whole chain.
    pub fn checkpoint(
        &self,
        chain_id: &str,
        entries: &[AuditEntry],
    ) -> Result<Checkpoint, ApiError> {
        let chain = phonghop_crypto::audit::AuditChain::from_entries(entries.to_vec())
            .map_err(|error| ApiError::internal(format!("audit chain {chain_id}: {error}")))?;
        Ok(Checkpoint::sign(&self.secret, chain_id, &chain))
    }

    /// Signs a statement with the server key (ballot receipts).
    pub fn sign(&self, statement: &Canonical) -> [u8; 64] {
        self.secret.sign_record(statement)
    }

    /// The root's certificate on this key.
    pub fn certificate(&self) -> Option<&ServerKeyCertificate> {
        self.certificate.as_ref()
    }
}

/// The server's clock, Unix milliseconds.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Appends an entry to a meeting's chain inside the caller's transaction.
pub fn append(
    transaction: &Transaction<'_>,
    meeting_id: &str,
    kind: &str,
    payload: Vec<u8>,
) -> rusqlite::Result<AuditEntry> {
    let head: Option<(i64, Vec<u8>)> = transaction
        .prepare_cached(
            "SELECT seq, hash FROM audit_entries WHERE meeting_id = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([meeting_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match head {
        Some((seq, hash)) => (
            u64::try_from(seq + 1).unwrap_or(0),
            hash.try_into().unwrap_or(GENESIS),
        ),
        None => (0, GENESIS),
    };
    let entry = AuditEntry {
        seq,
        timestamp_ms: now_ms(),
        kind: kind.to_owned(),
        payload,
        prev_hash,
    };
    transaction
        .prepare_cached(
            "INSERT INTO audit_entries (meeting_id, seq, timestamp_ms, kind, payload, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            meeting_id,
            i64::try_from(entry.seq).unwrap_or(i64::MAX),
            i64::try_from(entry.timestamp_ms).unwrap_or(i64::MAX),
            entry.kind,
            entry.payload,
            entry.prev_hash.to_vec(),
            entry.hash().to_vec(),
        ],
    )?;
    Ok(entry)
}

/// What a publication records: the revision, the hash of the sealed record, the publishing
/// device and who received a key — never any plaintext.
pub fn publication_payload(
    revision: i64,
    sealed: &[u8],
    publisher_device: &str,
    recipients: &[String],
) -> Vec<u8> {
    let mut sorted = recipients.to_vec();
    sorted.sort();
    let mut record = Canonical::new("meeting.published/v1")
        .u64(u64::try_from(revision).unwrap_or(0))
        .bytes(&phonghop_crypto::sha256(sealed))
        .str(publisher_device)
        .u64(sorted.len() as u64);
    for device in &sorted {
        record = record.str(device);
    }
    record.finish()
}

/// One chain's state as `verify` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// The meeting.
    pub meeting_id: String,
    /// Entries in the chain.
    pub length: u64,
    /// Hash of the last entry, hex.
    pub head: String,
}

/// Checks every meeting's chain in the database: order, links and stored hashes. The first
/// failure is an error naming the meeting and the entry.
pub fn verify_all(db: &dyn MetadataStore) -> Result<Vec<ChainReport>, ApiError> {
    let mut reports = Vec::new();
    for meeting_id in db.audited_meetings()? {
        let entries = db.audit_entries(&meeting_id)?;
        let broken = |error: &dyn std::fmt::Display| {
            ApiError::conflict(
                "audit.chain_broken",
                format!("meeting {meeting_id}: {error}"),
            )
        };
        let head = verify_chain(
            &entries
                .iter()
                .map(|(entry, _)| entry.clone())
                .collect::<Vec<_>>(),
        )
        .map_err(|error| broken(&error))?;
        if let Some((entry, _)) = entries
            .iter()
            .find(|(entry, stored)| entry.hash() != *stored)
        {
            return Err(broken(&format!(
                "entry {} does not match its recorded hash (rewritten)",
                entry.seq
            )));
        }
        reports.push(ChainReport {
            meeting_id,
            length: entries.len() as u64,
            head: hex::encode(head),
        });
    }
    Ok(reports)
}
