//! Hash-chained audit log primitives: every state change of a meeting is an entry whose hash
//! covers the previous entry's hash, and the server signs checkpoints (length and head hash).
//! A client keeping the chain detects a rewritten, reordered, truncated or forked history.

use ring::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};

use crate::{Canonical, CryptoError, SigningSecret, verify_record};

const ENTRY_LABEL: &str = "audit-entry/v1";
const CHECKPOINT_LABEL: &str = "audit-checkpoint/v1";

/// The hash the first entry points back to.
pub const GENESIS: [u8; 32] = [0u8; 32];

/// One entry of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position, from 0.
    pub seq: u64,
    /// Server time, Unix milliseconds.
    pub timestamp_ms: u64,
    /// What happened ("meeting.published", "vote.closed", …).
    pub kind: String,
    /// Canonical bytes describing it (often a hash of a ciphertext).
    #[serde(with = "hex_vec")]
    pub payload: Vec<u8>,
    /// Hash of the previous entry ([`GENESIS`] for the first).
    #[serde(with = "crate::hexser")]
    pub prev_hash: [u8; 32],
}

impl AuditEntry {
    /// The entry's hash, over its canonical encoding.
    pub fn hash(&self) -> [u8; 32] {
        let bytes = Canonical::new(ENTRY_LABEL)
            .u64(self.seq)
            .u64(self.timestamp_ms)
            .str(&self.kind)
            .bytes(&self.payload)
            .bytes(&self.prev_hash)
            .finish();
        let mut out = [0u8; 32];
        out.copy_from_slice(digest(&SHA256, &bytes).as_ref());
        out
    }
}

/// A chain being written (on the server) or kept (on a client).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditChain {
    entries: Vec<AuditEntry>,
}

impl AuditChain {
    /// An empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// A chain from entries, verified.
    pub fn from_entries(entries: Vec<AuditEntry>) -> Result<Self, CryptoError> {
        verify_chain(&entries)?;
        Ok(Self { entries })
    }

    /// Appends an entry linked to the current head.
    pub fn append(&mut self, timestamp_ms: u64, kind: &str, payload: Vec<u8>) -> &AuditEntry {
        let entry = AuditEntry {
            seq: self.entries.len() as u64,
            timestamp_ms,
            kind: kind.to_string(),
            payload,
            prev_hash: self.head(),
        };
        self.entries.push(entry);
        &self.entries[self.entries.len() - 1]
    }

    /// The hash of the last entry ([`GENESIS`] when empty).
    pub fn head(&self) -> [u8; 32] {
        self.entries.last().map_or(GENESIS, AuditEntry::hash)
    }

    /// The entries.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }
}

fn broken(seq: u64, reason: &'static str) -> CryptoError {
    CryptoError::ChainBroken { seq, reason }
}

/// Checks that `entries` form one unbroken chain from genesis; returns the head hash.
pub fn verify_chain(entries: &[AuditEntry]) -> Result<[u8; 32], CryptoError> {
    let mut head = GENESIS;
    for (position, entry) in entries.iter().enumerate() {
        if entry.seq != position as u64 {
            return Err(broken(position as u64, "entry out of order or missing"));
        }
        if entry.prev_hash != head {
            return Err(broken(entry.seq, "entry does not follow the one before it"));
        }
        head = entry.hash();
    }
    Ok(head)
}

/// The server's signed statement "the chain `chain_id` has `length` entries ending in `head`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Which chain (e.g. a meeting id).
    pub chain_id: String,
    /// Number of entries covered.
    pub length: u64,
    /// Hash of entry `length - 1` ([`GENESIS`] for an empty chain).
    #[serde(with = "crate::hexser")]
    pub head: [u8; 32],
    /// The server's signature.
    #[serde(with = "crate::hexser")]
    pub signature: [u8; 64],
}

fn checkpoint_statement(chain_id: &str, length: u64, head: &[u8; 32]) -> Canonical {
    Canonical::new(CHECKPOINT_LABEL)
        .str(chain_id)
        .u64(length)
        .bytes(head)
}

impl Checkpoint {
    /// Signs a checkpoint of `chain` as it stands.
    pub fn sign(server: &SigningSecret, chain_id: &str, chain: &AuditChain) -> Self {
        let length = chain.entries().len() as u64;
        let head = chain.head();
        Self {
            chain_id: chain_id.to_string(),
            length,
            head,
            signature: server.sign_record(&checkpoint_statement(chain_id, length, &head)),
        }
    }

    /// Checks the server's signature and that `entries` (a verified chain) contains this
    /// checkpoint: at least `length` entries, and the first `length` end in `head`.
    pub fn verify(&self, server_key: &[u8; 32], entries: &[AuditEntry]) -> Result<(), CryptoError> {
        verify_record(
            server_key,
            &checkpoint_statement(&self.chain_id, self.length, &self.head),
            &self.signature,
        )?;
        let length =
            usize::try_from(self.length).map_err(|_| broken(self.length, "history truncated"))?;
        if entries.len() < length {
            return Err(broken(entries.len() as u64, "history truncated"));
        }
        let head = verify_chain(&entries[..length])?;
        if head != self.head {
            return Err(broken(self.length.saturating_sub(1), "history rewritten"));
        }
        Ok(())
    }
}

/// Two valid checkpoints of one chain that disagree prove the server showed different
/// histories to different readers: a fork.
pub fn detect_fork(
    a: &Checkpoint,
    b: &Checkpoint,
    server_key: &[u8; 32],
) -> Result<(), CryptoError> {
    for checkpoint in [a, b] {
        verify_record(
            server_key,
            &checkpoint_statement(&checkpoint.chain_id, checkpoint.length, &checkpoint.head),
            &checkpoint.signature,
        )?;
    }
    if a.chain_id == b.chain_id && a.length == b.length && a.head != b.head {
        return Err(broken(a.length.saturating_sub(1), "history forked"));
    }
    Ok(())
}

/// A meeting's audit log as the server hands it out: the entries, a checkpoint signed by the
/// server over all of them, and the server key with the root's certificate on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedLog {
    /// Every entry, from the first.
    pub entries: Vec<AuditEntry>,
    /// The server's signed statement of length and head.
    pub checkpoint: Checkpoint,
    /// The server's checkpoint key, hex.
    pub server_key: String,
    /// The root's signature certifying that key, hex.
    pub root_signature: String,
}

impl PublishedLog {
    /// Checks everything with nothing but the organisation's root key: the root certified
    /// the server key, the server signed the checkpoint, the checkpoint covers exactly
    /// these entries of the chain `chain_id`, and the entries form one unbroken chain.
    /// Returns the head hash.
    pub fn verify(
        &self,
        anchor: &crate::TrustAnchor,
        organisation: &str,
        chain_id: &str,
    ) -> Result<[u8; 32], CryptoError> {
        let server_key: [u8; 32] = hex::decode(&self.server_key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CryptoError::BadKey("server key"))?;
        let signature = hex::decode(&self.root_signature).map_err(|_| CryptoError::BadSignature)?;
        anchor.verify_server_key(organisation, &server_key, &signature)?;
        if self.checkpoint.chain_id != chain_id {
            return Err(broken(0, "checkpoint of another chain"));
        }
        if self.checkpoint.length != self.entries.len() as u64 {
            return Err(broken(
                self.entries.len() as u64,
                "entries withheld or added",
            ));
        }
        self.checkpoint.verify(&server_key, &self.entries)?;
        verify_chain(&self.entries)
    }
}

mod hex_vec {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        hex::decode(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> AuditChain {
        let mut chain = AuditChain::new();
        for i in 0..n {
            chain.append(
                1_000 + i,
                "meeting.published",
                format!("revision {i}").into_bytes(),
            );
        }
        chain
    }

    #[test]
    fn an_honest_chain_and_its_checkpoint_verify() {
        let server = SigningSecret::generate().unwrap();
        let chain = chain(5);
        assert_eq!(verify_chain(chain.entries()).unwrap(), chain.head());
        let checkpoint = Checkpoint::sign(&server, "m1", &chain);
        checkpoint
            .verify(&server.public_key(), chain.entries())
            .unwrap();
        // A later, longer history still contains the checkpoint.
        let mut longer = chain.clone();
        longer.append(2_000, "vote.opened", vec![1]);
        checkpoint
            .verify(&server.public_key(), longer.entries())
            .unwrap();
    }

    #[test]
    fn rewritten_reordered_truncated_and_forked_histories_are_caught() {
        let server = SigningSecret::generate().unwrap();
        let key = server.public_key();
        let honest = chain(5);
        let checkpoint = Checkpoint::sign(&server, "m1", &honest);

        let mut rewritten = honest.entries().to_vec();
        rewritten[2].payload = b"something else".to_vec();
        assert!(matches!(
            verify_chain(&rewritten),
            Err(CryptoError::ChainBroken { seq: 3, .. })
        ));

        let mut reordered = honest.entries().to_vec();
        reordered.swap(1, 2);
        assert!(verify_chain(&reordered).is_err());

        let truncated = &honest.entries()[..3];
        assert_eq!(
            checkpoint.verify(&key, truncated),
            Err(CryptoError::ChainBroken {
                seq: 3,
                reason: "history truncated"
            })
        );

        // A rebuilt chain that is internally consistent but differs from what was signed.
        let mut rebuilt = AuditChain::new();
        for entry in honest.entries() {
            let payload = if entry.seq == 4 {
                b"changed".to_vec()
            } else {
                entry.payload.clone()
            };
            rebuilt.append(entry.timestamp_ms, &entry.kind, payload);
        }
        assert_eq!(
            checkpoint.verify(&key, rebuilt.entries()),
            Err(CryptoError::ChainBroken {
                seq: 4,
                reason: "history rewritten"
            })
        );
        let other = Checkpoint::sign(&server, "m1", &rebuilt);
        assert_eq!(
            detect_fork(&checkpoint, &other, &key),
            Err(CryptoError::ChainBroken {
                seq: 4,
                reason: "history forked"
            })
        );
        assert!(detect_fork(&checkpoint, &checkpoint.clone(), &key).is_ok());
    }
}
