//! Errors of the cryptography layer, each with a stable code for the UI.

/// What went wrong in a cryptographic operation. Deliberately vague about *why*
/// authentication failed: callers learn only that the bytes were not genuine.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The OS random source failed.
    #[error("the system random number generator failed")]
    Randomness,
    /// Ciphertext was tampered with, truncated, or sealed under another key or context.
    #[error("decryption failed: the data was altered or is not for this key")]
    DecryptFailed,
    /// A key or key file has the wrong length or format.
    #[error("malformed key material: {0}")]
    BadKey(&'static str),
    /// A signature does not verify.
    #[error("a signature does not verify")]
    BadSignature,
    /// The passphrase does not open the key store.
    #[error("the passphrase is not correct")]
    WrongPassphrase,
    /// The key-store file was damaged or edited.
    #[error("the key store file is damaged or was altered")]
    KeyStoreDamaged,
    /// A device certificate is not acceptable.
    #[error("the device certificate is not valid: {0}")]
    BadCertificate(&'static str),
    /// A chunk's bytes do not match its manifest entry.
    #[error("chunk {index} ({id}) does not match the manifest")]
    ChunkMismatch {
        /// Position in the manifest.
        index: usize,
        /// The chunk's name.
        id: String,
    },
    /// A chunk the manifest lists is not available.
    #[error("chunk {index} ({id}) is missing")]
    ChunkMissing {
        /// Position in the manifest.
        index: usize,
        /// The chunk's name.
        id: String,
    },
    /// The reassembled document does not match the manifest's whole-document hash.
    #[error("the reassembled document does not match its manifest")]
    DocumentMismatch,
    /// An audit chain is inconsistent.
    #[error("the audit chain is broken at entry {seq}: {reason}")]
    ChainBroken {
        /// The first entry found wrong.
        seq: u64,
        /// What is wrong.
        reason: &'static str,
    },
}

impl CryptoError {
    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            CryptoError::Randomness => "crypto.randomness",
            CryptoError::DecryptFailed => "crypto.decrypt_failed",
            CryptoError::BadKey(_) => "crypto.bad_key",
            CryptoError::BadSignature => "crypto.bad_signature",
            CryptoError::WrongPassphrase => "crypto.wrong_passphrase",
            CryptoError::KeyStoreDamaged => "crypto.keystore_damaged",
            CryptoError::BadCertificate(_) => "crypto.bad_certificate",
            CryptoError::ChunkMismatch { .. } => "crypto.chunk_mismatch",
            CryptoError::ChunkMissing { .. } => "crypto.chunk_missing",
            CryptoError::DocumentMismatch => "crypto.document_mismatch",
            CryptoError::ChainBroken { .. } => "crypto.chain_broken",
        }
    }
}
