//! A device's long-term keys: Ed25519 for signing what it does, X25519 for receiving keys.

use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::{CryptoError, SigningSecret, random_bytes};

const KEY_FILE_MAGIC: &[u8; 8] = b"PHKEYS02";

/// The public half of a device identity, as registered with the server and certified by
/// the organisation root.
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
    signing: SigningSecret,
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
        Self::from_seeds(random_bytes::<32>()?, random_bytes::<32>()?)
    }

    /// The identity for given seeds (key files and test vectors).
    pub fn from_seeds(
        signing_seed: [u8; 32],
        exchange_secret: [u8; 32],
    ) -> Result<Self, CryptoError> {
        Ok(Self {
            signing: SigningSecret::from_seed(signing_seed)?,
            exchange: StaticSecret::from(exchange_secret),
        })
    }

    /// The public keys to register and certify.
    pub fn public_keys(&self) -> DevicePublicKeys {
        DevicePublicKeys {
            signing: self.signing.public_key(),
            exchange: PublicKey::from(&self.exchange).to_bytes(),
        }
    }

    /// The signing key (ballots, manifests, envelopes).
    pub fn signing(&self) -> &SigningSecret {
        &self.signing
    }

    /// Signs raw bytes (callers pass a canonical, domain-separated encoding).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message)
    }

    /// A key for sealing what this device keeps for itself (the secretary's drafts),
    /// derived from the device's signing seed: one per `purpose`, never sent anywhere.
    pub fn local_key(&self, purpose: &str) -> Result<crate::SymmetricKey, CryptoError> {
        let key = crate::kdf::derive32(
            self.signing.seed(),
            "phonghop/device-local/v1",
            &[purpose.as_bytes()],
        )?;
        Ok(crate::SymmetricKey::from_bytes(*key))
    }

    /// Diffie–Hellman with a peer's X25519 public key (used by [`crate::unwrap_key`]).
    pub(crate) fn exchange_secret(&self) -> &StaticSecret {
        &self.exchange
    }

    /// Serialises the secrets for the key store, which encrypts them under the passphrase
    /// ([`crate::keystore`]).
    pub fn to_key_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(8 + 64));
        out.extend_from_slice(KEY_FILE_MAGIC);
        out.extend_from_slice(self.signing.seed());
        out.extend_from_slice(self.exchange.as_bytes());
        out
    }

    /// Parses what [`DeviceSecrets::to_key_file_bytes`] wrote.
    pub fn from_key_file_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let rest = bytes
            .strip_prefix(KEY_FILE_MAGIC.as_slice())
            .ok_or(CryptoError::BadKey("not a Phòng Họp device key"))?;
        if rest.len() != 64 {
            return Err(CryptoError::BadKey("device key has a wrong length"));
        }
        let mut signing = Zeroizing::new([0u8; 32]);
        let mut exchange = Zeroizing::new([0u8; 32]);
        signing.copy_from_slice(&rest[..32]);
        exchange.copy_from_slice(&rest[32..]);
        Self::from_seeds(*signing, *exchange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify_signature;

    #[test]
    fn local_keys_are_stable_per_device_and_purpose() {
        let device = DeviceSecrets::generate().unwrap();
        let again = DeviceSecrets::from_key_file_bytes(&device.to_key_file_bytes()).unwrap();
        let other = DeviceSecrets::generate().unwrap();
        let key = |d: &DeviceSecrets, p: &str| d.local_key(p).unwrap().to_hex();
        assert_eq!(key(&device, "drafts"), key(&again, "drafts"));
        assert_ne!(key(&device, "drafts"), key(&device, "other"));
        assert_ne!(key(&device, "drafts"), key(&other, "drafts"));
    }

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
