//! A device's long-term keys: Ed25519 for signing what it does, X25519 for receiving keys.

use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::{CryptoError, random_bytes};

const KEY_FILE_MAGIC: &[u8; 8] = b"PHKEYS01";

/// The public half of a device identity, as registered with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevicePublicKeys {
    /// Ed25519 verification key.
    pub signing: [u8; 32],
    /// X25519 public key.
    pub exchange: [u8; 32],
}

/// The secret half of a device identity. Not Clone, not Serialize, redacted in Debug;
/// the bytes are zeroized on drop.
pub struct DeviceSecrets {
    signing_pkcs8: Zeroizing<Vec<u8>>,
    signing: Ed25519KeyPair,
    exchange: StaticSecret,
}

impl std::fmt::Debug for DeviceSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecrets(<redacted>)")
    }
}

impl DeviceSecrets {
    /// Generates a new device identity.
    pub fn generate() -> Result<Self, CryptoError> {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| CryptoError::Randomness)?;
        let exchange = StaticSecret::from(random_bytes::<32>()?);
        Self::from_parts(Zeroizing::new(pkcs8.as_ref().to_vec()), exchange)
    }

    fn from_parts(
        signing_pkcs8: Zeroizing<Vec<u8>>,
        exchange: StaticSecret,
    ) -> Result<Self, CryptoError> {
        let signing = Ed25519KeyPair::from_pkcs8(&signing_pkcs8)
            .map_err(|_| CryptoError::BadKey("ed25519 pkcs8"))?;
        Ok(Self {
            signing_pkcs8,
            signing,
            exchange,
        })
    }

    /// The public keys to register with the server.
    pub fn public_keys(&self) -> DevicePublicKeys {
        let mut signing = [0u8; 32];
        signing.copy_from_slice(self.signing.public_key().as_ref());
        DevicePublicKeys {
            signing,
            exchange: PublicKey::from(&self.exchange).to_bytes(),
        }
    }

    /// Signs `message` (callers pass a canonical, domain-separated encoding).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let mut out = [0u8; 64];
        out.copy_from_slice(self.signing.sign(message).as_ref());
        out
    }

    /// Diffie–Hellman with a peer's X25519 public key (used by [`crate::unwrap_key`]).
    pub(crate) fn exchange_secret(&self) -> &StaticSecret {
        &self.exchange
    }

    /// Serialises the secrets for the key-store file. The caller must protect the result
    /// (the passphrase-encrypted key store wraps it).
    pub fn to_key_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(8 + 2 + self.signing_pkcs8.len() + 32));
        out.extend_from_slice(KEY_FILE_MAGIC);
        out.extend_from_slice(&(self.signing_pkcs8.len() as u16).to_be_bytes());
        out.extend_from_slice(&self.signing_pkcs8);
        out.extend_from_slice(self.exchange.as_bytes());
        out
    }

    /// Parses what [`DeviceSecrets::to_key_file_bytes`] wrote.
    pub fn from_key_file_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let rest = bytes
            .strip_prefix(KEY_FILE_MAGIC.as_slice())
            .ok_or(CryptoError::BadKey("not a Phòng Họp key file"))?;
        let (len, rest) = rest
            .split_at_checked(2)
            .ok_or(CryptoError::BadKey("key file truncated"))?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        let (pkcs8, exchange) = rest
            .split_at_checked(len)
            .ok_or(CryptoError::BadKey("key file truncated"))?;
        let exchange: [u8; 32] = exchange
            .try_into()
            .map_err(|_| CryptoError::BadKey("key file has a wrong length"))?;
        Self::from_parts(Zeroizing::new(pkcs8.to_vec()), StaticSecret::from(exchange))
    }
}

/// Checks an Ed25519 signature by a device's public signing key.
pub fn verify_signature(public: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
    UnparsedPublicKey::new(&ED25519, public)
        .verify(message, signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trips_and_signatures_verify() {
        let device = DeviceSecrets::generate().unwrap();
        let bytes = device.to_key_file_bytes();
        let again = DeviceSecrets::from_key_file_bytes(&bytes).unwrap();
        assert_eq!(device.public_keys(), again.public_keys());

        let signature = again.sign(b"phonghop/ballot/v1 yes");
        assert!(verify_signature(
            &device.public_keys().signing,
            b"phonghop/ballot/v1 yes",
            &signature
        ));
        assert!(!verify_signature(
            &device.public_keys().signing,
            b"phonghop/ballot/v1 no",
            &signature
        ));
    }

    #[test]
    fn truncated_or_foreign_key_files_are_refused() {
        let device = DeviceSecrets::generate().unwrap();
        let bytes = device.to_key_file_bytes();
        for cut in [0, 5, 12, bytes.len() - 1] {
            let error = DeviceSecrets::from_key_file_bytes(&bytes[..cut]).unwrap_err();
            assert_eq!(error.code(), "crypto.bad_key", "cut at {cut}");
        }
        assert!(format!("{device:?}").contains("redacted"));
    }
}
