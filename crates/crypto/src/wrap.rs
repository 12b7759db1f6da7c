//! Wrapping a symmetric key to one device: ephemeral X25519 + HKDF-SHA256 + AES-256-GCM,
//! signed by the sending device.
//!
//! Chosen over the `hpke` crate because it needs only ring and x25519-dalek, which we already
//! depend on, and it is HPKE's auth mode in miniature: the derivation's info and the AEAD's
//! associated data carry the purpose, the meeting, the sender's signing key, the ephemeral
//! key and the recipient's key; and the sender signs the whole envelope with its device key.
//! So an envelope opens only for the device, meeting and purpose it was made for, and only
//! as coming from the device that made it.
//!
//! Envelope: `ephemeral(32) ‖ nonce(12) ‖ ciphertext+tag(48) ‖ signature(64)`.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use x25519_dalek::{PublicKey, StaticSecret};

use crate::kdf::derive32;
use crate::{Canonical, CryptoError, DeviceSecrets, SymmetricKey, random_bytes, verify_record};

const WRAP_LABEL: &str = "key-envelope/v1";
const BODY_LEN: usize = 32 + NONCE_LEN + 32 + 16;
/// Length of an envelope in bytes.
pub const ENVELOPE_LEN: usize = BODY_LEN + 64;

/// What a wrapped key is for. Bound into the envelope so it cannot be replayed elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct WrapContext<'a> {
    /// Purpose, e.g. "meeting-key".
    pub purpose: &'a str,
    /// The meeting the key belongs to.
    pub meeting_id: &'a str,
}

fn statement(
    context: &WrapContext<'_>,
    sender: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Canonical {
    Canonical::new(WRAP_LABEL)
        .str(context.purpose)
        .str(context.meeting_id)
        .bytes(sender)
        .bytes(ephemeral)
        .bytes(recipient)
}

fn aead_for(shared: &[u8; 32], info: &[u8]) -> Result<LessSafeKey, CryptoError> {
    let key = derive32(shared, WRAP_LABEL, &[info])?;
    UnboundKey::new(&AES_256_GCM, key.as_slice())
        .map(LessSafeKey::new)
        .map_err(|_| CryptoError::BadKey("aes-256-gcm key"))
}

/// Wraps `key` from `sender` to the device whose X25519 public key is `recipient`.
pub fn wrap_key(
    sender: &DeviceSecrets,
    recipient: &[u8; 32],
    key: &SymmetricKey,
    context: &WrapContext<'_>,
) -> Result<Vec<u8>, CryptoError> {
    wrap_key_with(
        sender,
        recipient,
        key,
        context,
        random_bytes::<32>()?,
        random_bytes::<NONCE_LEN>()?,
    )
}

/// [`wrap_key`] with a chosen ephemeral secret and nonce, for test vectors only.
#[doc(hidden)]
pub fn wrap_key_with(
    sender: &DeviceSecrets,
    recipient: &[u8; 32],
    key: &SymmetricKey,
    context: &WrapContext<'_>,
    ephemeral_secret: [u8; 32],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>, CryptoError> {
    // A static secret used once and dropped (zeroized) is an ephemeral key; it lets us draw
    // its bytes from ring's system source without a second RNG crate.
    let ephemeral_secret = StaticSecret::from(ephemeral_secret);
    let ephemeral = PublicKey::from(&ephemeral_secret).to_bytes();
    let shared = ephemeral_secret.diffie_hellman(&PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(CryptoError::BadKey("recipient public key is of low order"));
    }
    let sender_key = sender.public_keys().signing;
    let info = statement(context, &sender_key, &ephemeral, recipient).finish();
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
    let signature = sender
        .signing()
        .sign_record(&statement(context, &sender_key, &ephemeral, recipient).bytes(&envelope));
    envelope.extend_from_slice(&signature);
    Ok(envelope)
}

/// Opens an envelope made by [`wrap_key`] for this device and context, checking that the
/// device whose signing key is `sender` made it.
pub fn unwrap_key(
    recipient: &DeviceSecrets,
    sender: &[u8; 32],
    envelope: &[u8],
    context: &WrapContext<'_>,
) -> Result<SymmetricKey, CryptoError> {
    if envelope.len() != ENVELOPE_LEN {
        return Err(CryptoError::DecryptFailed);
    }
    let (body, signature) = envelope.split_at(BODY_LEN);
    let (ephemeral, rest) = body.split_at(32);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let ephemeral: [u8; 32] = ephemeral
        .try_into()
        .map_err(|_| CryptoError::DecryptFailed)?;
    let recipient_key = recipient.public_keys().exchange;
    verify_record(
        sender,
        &statement(context, sender, &ephemeral, &recipient_key).bytes(body),
        signature,
    )?;
    let shared = recipient
        .exchange_secret()
        .diffie_hellman(&PublicKey::from(ephemeral));
    if !shared.was_contributory() {
        return Err(CryptoError::DecryptFailed);
    }
    let info = statement(context, sender, &ephemeral, &recipient_key).finish();
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::DecryptFailed)?;
    let mut plaintext = zeroize::Zeroizing::new(ciphertext.to_vec());
    let opened = aead_for(shared.as_bytes(), &info)?
        .open_in_place(nonce, Aad::from(&info), plaintext.as_mut_slice())
        .map_err(|_| CryptoError::DecryptFailed)?;
    let bytes: [u8; 32] = (&*opened)
        .try_into()
        .map_err(|_| CryptoError::DecryptFailed)?;
    Ok(SymmetricKey::from_bytes(bytes))
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
        let secretary = DeviceSecrets::generate().unwrap();
        let alice = DeviceSecrets::generate().unwrap();
        let mallory = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let from = secretary.public_keys().signing;
        let envelope = wrap_key(&secretary, &alice.public_keys().exchange, &key, &MEETING).unwrap();
        assert_eq!(envelope.len(), ENVELOPE_LEN);
        assert_eq!(
            unwrap_key(&alice, &from, &envelope, &MEETING)
                .unwrap()
                .expose(),
            key.expose()
        );
        assert_eq!(
            unwrap_key(&mallory, &from, &envelope, &MEETING).unwrap_err(),
            CryptoError::BadSignature
        );
    }

    #[test]
    fn envelopes_cannot_be_replayed_or_reattributed() {
        let secretary = DeviceSecrets::generate().unwrap();
        let impostor = DeviceSecrets::generate().unwrap();
        let alice = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let from = secretary.public_keys().signing;
        let envelope = wrap_key(&secretary, &alice.public_keys().exchange, &key, &MEETING).unwrap();
        let other_meeting = WrapContext {
            meeting_id: "meeting-2",
            ..MEETING
        };
        let other_purpose = WrapContext {
            purpose: "document-key",
            ..MEETING
        };
        assert!(unwrap_key(&alice, &from, &envelope, &other_meeting).is_err());
        assert!(unwrap_key(&alice, &from, &envelope, &other_purpose).is_err());
        assert!(unwrap_key(&alice, &impostor.public_keys().signing, &envelope, &MEETING).is_err());
        assert!(unwrap_key(&alice, &from, &envelope[..50], &MEETING).is_err());
    }

    #[test]
    fn low_order_recipient_keys_are_refused() {
        let secretary = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        assert_eq!(
            wrap_key(&secretary, &[0u8; 32], &key, &MEETING)
                .unwrap_err()
                .code(),
            "crypto.bad_key"
        );
    }
}
