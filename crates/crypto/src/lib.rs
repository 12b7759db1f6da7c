//! The cryptography of Phòng Họp: what keeps meeting content secret from the server and
//! from anyone outside the meeting (DESIGN.md invariant 1).
//!
//! - [`DeviceSecrets`]: each device's Ed25519 signing key (ring) and static X25519 key
//!   (x25519-dalek; ring has no static X25519) for receiving wrapped keys.
//! - [`wrap_key`] / [`unwrap_key`]: a 32-byte key wrapped to one device with ephemeral
//!   X25519, HKDF-SHA256 and AES-256-GCM; the context (purpose, meeting, recipient) is bound
//!   into both the derivation and the associated data, so an envelope cannot be replayed for
//!   another meeting, purpose or device.
//! - [`seal`] / [`open`]: AES-256-GCM with a random nonce and a domain-separation label.
//!
//! This crate does no I/O beyond asking the OS for randomness.

mod device;
mod error;
mod seal;
mod wrap;

pub use device::{DevicePublicKeys, DeviceSecrets, verify_signature};
pub use error::CryptoError;
pub use seal::{SymmetricKey, open, seal};
pub use wrap::{WrapContext, unwrap_key, wrap_key};

use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};

/// Fills an array with bytes from the operating system's secure random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CryptoError::Randomness)?;
    Ok(bytes)
}

/// Lower-case hex SHA-256 of `bytes`: how blobs are named (content addressing).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(digest::digest(&digest::SHA256, bytes))
}

/// A fresh random identifier token, hex, for bearer tokens and one-time codes.
pub fn random_token() -> Result<String, CryptoError> {
    Ok(hex::encode(random_bytes::<32>()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn random_tokens_differ() {
        assert_ne!(random_token().unwrap(), random_token().unwrap());
    }
}
