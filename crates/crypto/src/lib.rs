//! The cryptography of Phòng Họp: what keeps meeting content secret from the server and from
//! anyone outside the meeting, and makes what people do attributable (DESIGN.md invariants
//! 1 and 4). No I/O beyond randomness: callers read and write files.
//!
//! - [`DeviceSecrets`]: each device's Ed25519 signing key (ring) and static X25519 key
//!   (x25519-dalek; ring has no static X25519).
//! - [`keystore`]: secrets encrypted under a passphrase with Argon2id.
//! - [`RootKey`], [`DeviceCertificate`], [`RevocationList`], [`TrustAnchor`]: the
//!   organisation root that vouches for devices.
//! - [`wrap_key`] / [`unwrap_key`]: a key wrapped to one device, bound to its context and
//!   signed by the sender.
//! - [`seal`] / [`open`]: AES-256-GCM records with domain separation.
//! - [`document`]: FastCDC chunks with convergent per-family encryption and signed manifests.
//! - [`Canonical`]: the byte encoding every signature covers — never JSON text.
//! - [`audit`]: hash-chained logs with signed checkpoints.

pub mod annotation;
pub mod audit;
pub mod ballot;
mod canonical;
mod certificate;
mod device;
pub mod document;
mod error;
mod hexser;
mod kdf;
pub mod keystore;
mod login;
mod seal;
mod signing;
mod wrap;

pub use canonical::Canonical;
pub use certificate::{DeviceCertificate, DeviceClaims, RevocationList, RootKey, TrustAnchor};
pub use device::{DevicePublicKeys, DeviceSecrets};
pub use error::CryptoError;
pub use login::login_statement;
pub use seal::{SymmetricKey, open, seal};
pub use signing::{SigningSecret, verify_record, verify_signature};
pub use wrap::{ENVELOPE_LEN, WrapContext, unwrap_key, wrap_key, wrap_key_with};

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

/// Lower-case hex SHA-256 of `bytes`: how blobs and chunks are named (content addressing).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(digest::digest(&digest::SHA256, bytes))
}

/// SHA-256 of `bytes`, for records that commit to a ciphertext without holding it.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, bytes).as_ref());
    out
}

/// A fresh random token, hex, for bearer tokens and one-time codes.
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
