//! Ed25519 signing keys (ring) over canonical encodings, for devices and the organisation root.

use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use zeroize::Zeroizing;

use crate::{Canonical, CryptoError, random_bytes};

/// An Ed25519 secret key, kept as its 32-byte seed. Zeroized on drop, redacted in Debug,
/// neither Clone nor Serialize.
pub struct SigningSecret {
    seed: Zeroizing<[u8; 32]>,
    pair: Ed25519KeyPair,
}

impl std::fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}

impl SigningSecret {
    /// A fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        Self::from_seed(random_bytes::<32>()?)
    }

    /// The key for a given seed (key files and test vectors).
    pub fn from_seed(seed: [u8; 32]) -> Result<Self, CryptoError> {
        let seed = Zeroizing::new(seed);
        let pair = Ed25519KeyPair::from_seed_unchecked(seed.as_slice())
            .map_err(|_| CryptoError::BadKey("ed25519 seed"))?;
        Ok(Self { seed, pair })
    }

    /// The seed, for writing into an encrypted key store.
    pub(crate) fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public verification key.
    pub fn public_key(&self) -> [u8; 32] {
        let mut public = [0u8; 32];
        public.copy_from_slice(self.pair.public_key().as_ref());
        public
    }

    /// Signs raw bytes (callers pass a canonical encoding).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let mut signature = [0u8; 64];
        signature.copy_from_slice(self.pair.sign(message).as_ref());
        signature
    }

    /// Signs a canonical record.
    pub fn sign_record(&self, record: &Canonical) -> [u8; 64] {
        self.sign(&record.clone().finish())
    }
}

/// Checks an Ed25519 signature by `public` over raw bytes.
pub fn verify_signature(public: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
    UnparsedPublicKey::new(&ED25519, public)
        .verify(message, signature)
        .is_ok()
}

/// Checks a signature over a canonical record, as an error when it does not hold.
pub fn verify_record(
    public: &[u8; 32],
    record: &Canonical,
    signature: &[u8],
) -> Result<(), CryptoError> {
    if verify_signature(public, &record.clone().finish(), signature) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_verify_only_unchanged_and_under_the_right_key() {
        let key = SigningSecret::generate().unwrap();
        let other = SigningSecret::generate().unwrap();
        let record = Canonical::new("ballot/v1").str("vote-1").str("tán thành");
        let signature = key.sign_record(&record);
        assert!(verify_record(&key.public_key(), &record, &signature).is_ok());
        let changed = Canonical::new("ballot/v1")
            .str("vote-1")
            .str("không tán thành");
        assert_eq!(
            verify_record(&key.public_key(), &changed, &signature),
            Err(CryptoError::BadSignature)
        );
        assert_eq!(
            verify_record(&other.public_key(), &record, &signature),
            Err(CryptoError::BadSignature)
        );
        assert!(format!("{key:?}").contains("redacted"));
    }

    #[test]
    fn a_seed_always_gives_the_same_key() {
        let a = SigningSecret::from_seed([7; 32]).unwrap();
        let b = SigningSecret::from_seed([7; 32]).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert_eq!(a.sign(b"x"), b.sign(b"x"));
    }
}
