//! Authenticated encryption of records and documents under a symmetric key.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{CryptoError, random_bytes};

/// A 256-bit symmetric key (meeting key, document key). Zeroized on drop, redacted in
/// Debug, and neither Clone nor Serialize, so it cannot leak by accident.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SymmetricKey([u8; 32]);

impl SymmetricKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        Ok(Self(random_bytes::<32>()?))
    }

    /// Takes ownership of raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses a hex key as carried inside sealed records.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| CryptoError::BadKey("key hex"))?;
        Ok(Self(bytes))
    }

    /// Hex form, for carrying the key inside a sealed record. Handle the result as secret.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The raw bytes, for wrapping.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    fn aead(&self) -> Result<LessSafeKey, CryptoError> {
        UnboundKey::new(&AES_256_GCM, &self.0)
            .map(LessSafeKey::new)
            .map_err(|_| CryptoError::BadKey("aes-256-gcm key"))
    }
}

impl std::fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

fn associated_data(label: &str, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(label.len() + 1 + context.len());
    aad.extend_from_slice(label.as_bytes());
    aad.push(0);
    aad.extend_from_slice(context);
    aad
}

/// Encrypts `plaintext` under `key`. `label` names what is sealed ("phonghop/meeting/v1")
/// and `context` binds it to its place (a meeting id), so ciphertext cannot be moved to
/// another purpose or record. Output: nonce ‖ ciphertext ‖ tag.
pub fn seal(
    key: &SymmetricKey,
    label: &str,
    context: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let nonce_bytes = random_bytes::<NONCE_LEN>()?;
    let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + AES_256_GCM.tag_len());
    out.extend_from_slice(&nonce_bytes);
    let mut body = plaintext.to_vec();
    key.aead()?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(associated_data(label, context)),
            &mut body,
        )
        .map_err(|_| CryptoError::DecryptFailed)?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decrypts what [`seal`] produced with the same key, label and context.
pub fn open(
    key: &SymmetricKey,
    label: &str,
    context: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < NONCE_LEN + AES_256_GCM.tag_len() {
        return Err(CryptoError::DecryptFailed);
    }
    let (nonce_bytes, body) = sealed.split_at(NONCE_LEN);
    let nonce =
        Nonce::try_assume_unique_for_key(nonce_bytes).map_err(|_| CryptoError::DecryptFailed)?;
    let mut body = body.to_vec();
    let plaintext_len = key
        .aead()?
        .open_in_place(nonce, Aad::from(associated_data(label, context)), &mut body)
        .map_err(|_| CryptoError::DecryptFailed)?
        .len();
    body.truncate(plaintext_len);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str = "phonghop/test/v1";

    #[test]
    fn round_trips_vietnamese_text() {
        let key = SymmetricKey::generate().unwrap();
        let text = "Tờ trình về dự toán ngân sách năm 2027".as_bytes();
        let sealed = seal(&key, LABEL, b"meeting-1", text).unwrap();
        assert!(!sealed.windows(text.len()).any(|w| w == text));
        assert_eq!(open(&key, LABEL, b"meeting-1", &sealed).unwrap(), text);
    }

    #[test]
    fn tampering_truncation_wrong_key_or_context_are_refused() {
        let key = SymmetricKey::generate().unwrap();
        let sealed = seal(&key, LABEL, b"meeting-1", b"secret agenda").unwrap();

        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(
            open(&key, LABEL, b"meeting-1", &tampered),
            Err(CryptoError::DecryptFailed)
        );
        assert_eq!(
            open(&key, LABEL, b"meeting-1", &sealed[..10]),
            Err(CryptoError::DecryptFailed)
        );
        let other = SymmetricKey::generate().unwrap();
        assert_eq!(
            open(&other, LABEL, b"meeting-1", &sealed),
            Err(CryptoError::DecryptFailed)
        );
        assert_eq!(
            open(&key, LABEL, b"meeting-2", &sealed),
            Err(CryptoError::DecryptFailed)
        );
        assert_eq!(
            open(&key, "phonghop/other/v1", b"meeting-1", &sealed),
            Err(CryptoError::DecryptFailed)
        );
    }

    #[test]
    fn keys_are_redacted_and_hex_round_trips() {
        let key = SymmetricKey::generate().unwrap();
        assert_eq!(format!("{key:?}"), "SymmetricKey(<redacted>)");
        let again = SymmetricKey::from_hex(&key.to_hex()).unwrap();
        assert_eq!(again.expose(), key.expose());
        assert_eq!(
            SymmetricKey::from_hex("zz").unwrap_err().code(),
            "crypto.bad_key"
        );
    }
}
