//! Wrapping a symmetric key to one device: ephemeral X25519 + HKDF-SHA256 + AES-256-GCM.
//!
//! Chosen over the `hpke` crate for now because it needs only ring and x25519-dalek, which
//! we already depend on, and the construction is the HPKE base mode in miniature. The
//! derivation's info and the AEAD's associated data both carry the [`WrapContext`] and the
//! ephemeral and recipient public keys, so an envelope opens only for the device, meeting
//! and purpose it was made for.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hkdf::{HKDF_SHA256, Salt};
use x25519_dalek::{PublicKey, StaticSecret};

use crate::{CryptoError, DeviceSecrets, SymmetricKey, random_bytes};

const WRAP_LABEL: &[u8] = b"phonghop/wrap/v1";
const ENVELOPE_LEN: usize = 32 + NONCE_LEN + 32 + 16;

/// What a wrapped key is for. Bound into the envelope so it cannot be replayed elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct WrapContext<'a> {
    /// Purpose, e.g. "meeting-key".
    pub purpose: &'a str,
    /// The meeting the key belongs to.
    pub meeting_id: &'a str,
}

fn info(context: &WrapContext<'_>, ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Vec<u8> {
    let mut info = Vec::new();
    for part in [
        WRAP_LABEL,
        context.purpose.as_bytes(),
        context.meeting_id.as_bytes(),
        ephemeral.as_slice(),
        recipient.as_slice(),
    ] {
        info.extend_from_slice(&(part.len() as u32).to_be_bytes());
        info.extend_from_slice(part);
    }
    info
}

fn aead_for(shared: &[u8; 32], info: &[u8]) -> Result<LessSafeKey, CryptoError> {
    let info_parts = [info];
    let prk = Salt::new(HKDF_SHA256, WRAP_LABEL).extract(shared);
    let okm = prk
        .expand(&info_parts, &AES_256_GCM)
        .map_err(|_| CryptoError::BadKey("hkdf"))?;
    Ok(LessSafeKey::new(UnboundKey::from(okm)))
}

/// Wraps `key` to the device whose X25519 public key is `recipient`.
pub fn wrap_key(
    recipient: &[u8; 32],
    key: &SymmetricKey,
    context: &WrapContext<'_>,
) -> Result<Vec<u8>, CryptoError> {
    // A static secret used once and dropped (zeroized) is an ephemeral key; it lets us draw
    // its bytes from ring's system source without a second RNG crate.
    let ephemeral_secret = StaticSecret::from(random_bytes::<32>()?);
    let ephemeral = PublicKey::from(&ephemeral_secret).to_bytes();
    let shared = ephemeral_secret.diffie_hellman(&PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(CryptoError::BadKey("recipient public key is of low order"));
    }
    let info = info(context, &ephemeral, recipient);
    let nonce = random_bytes::<NONCE_LEN>()?;
    let mut body = key.expose().to_vec();
    aead_for(shared.as_bytes(), &info)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&info),
            &mut body,
        )
        .map_err(|_| CryptoError::DecryptFailed)?;
    let mut envelope = Vec::with_capacity(ENVELOPE_LEN);
    envelope.extend_from_slice(&ephemeral);
    envelope.extend_from_slice(&nonce);
    envelope.extend_from_slice(&body);
    Ok(envelope)
}

/// Opens an envelope made by [`wrap_key`] for this device and context.
pub fn unwrap_key(
    device: &DeviceSecrets,
    envelope: &[u8],
    context: &WrapContext<'_>,
) -> Result<SymmetricKey, CryptoError> {
    if envelope.len() != ENVELOPE_LEN {
        return Err(CryptoError::DecryptFailed);
    }
    let (ephemeral, rest) = envelope.split_at(32);
    let (nonce, body) = rest.split_at(NONCE_LEN);
    let ephemeral: [u8; 32] = ephemeral
        .try_into()
        .map_err(|_| CryptoError::DecryptFailed)?;
    let recipient = device.public_keys().exchange;
    let shared = device
        .exchange_secret()
        .diffie_hellman(&PublicKey::from(ephemeral));
    if !shared.was_contributory() {
        return Err(CryptoError::DecryptFailed);
    }
    let info = info(context, &ephemeral, &recipient);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::DecryptFailed)?;
    let mut body = body.to_vec();
    let plaintext = aead_for(shared.as_bytes(), &info)?
        .open_in_place(nonce, Aad::from(&info), &mut body)
        .map_err(|_| CryptoError::DecryptFailed)?;
    let bytes: [u8; 32] = (&*plaintext)
        .try_into()
        .map_err(|_| CryptoError::DecryptFailed)?;
    let key = SymmetricKey::from_bytes(bytes);
    zeroize::Zeroize::zeroize(&mut body);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEETING: WrapContext<'static> = WrapContext {
        purpose: "meeting-key",
        meeting_id: "meeting-1",
    };

    #[test]
    fn only_the_recipient_opens_the_envelope() {
        let alice = DeviceSecrets::generate().unwrap();
        let mallory = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let envelope = wrap_key(&alice.public_keys().exchange, &key, &MEETING).unwrap();
        assert_eq!(
            unwrap_key(&alice, &envelope, &MEETING).unwrap().expose(),
            key.expose()
        );
        assert_eq!(
            unwrap_key(&mallory, &envelope, &MEETING).unwrap_err(),
            CryptoError::DecryptFailed
        );
    }

    #[test]
    fn envelopes_cannot_be_replayed_for_another_meeting_or_purpose() {
        let alice = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let envelope = wrap_key(&alice.public_keys().exchange, &key, &MEETING).unwrap();
        let other_meeting = WrapContext {
            meeting_id: "meeting-2",
            ..MEETING
        };
        let other_purpose = WrapContext {
            purpose: "document-key",
            ..MEETING
        };
        assert!(unwrap_key(&alice, &envelope, &other_meeting).is_err());
        assert!(unwrap_key(&alice, &envelope, &other_purpose).is_err());
        let mut tampered = envelope.clone();
        tampered[40] ^= 0x80;
        assert!(unwrap_key(&alice, &tampered, &MEETING).is_err());
        assert!(unwrap_key(&alice, &envelope[..50], &MEETING).is_err());
    }

    #[test]
    fn low_order_recipient_keys_are_refused() {
        let key = SymmetricKey::generate().unwrap();
        assert_eq!(
            wrap_key(&[0u8; 32], &key, &MEETING).unwrap_err().code(),
            "crypto.bad_key"
        );
    }
}
