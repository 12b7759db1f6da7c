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
}

impl CryptoError {
    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            CryptoError::Randomness => "crypto.randomness",
            CryptoError::DecryptFailed => "crypto.decrypt_failed",
            CryptoError::BadKey(_) => "crypto.bad_key",
        }
    }
}
