//! HKDF-SHA256 (ring) to derive one 32-byte key from another, with a label and context.

use ring::hkdf::{HKDF_SHA256, KeyType, Salt};
use zeroize::Zeroizing;

use crate::CryptoError;

struct Len32;

impl KeyType for Len32 {
    fn len(&self) -> usize {
        32
    }
}

/// Derives 32 bytes from `secret`, separated by `label` and bound to `context`.
pub(crate) fn derive32(
    secret: &[u8],
    label: &str,
    context: &[&[u8]],
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let prk = Salt::new(HKDF_SHA256, label.as_bytes()).extract(secret);
    let okm = prk
        .expand(context, Len32)
        .map_err(|_| CryptoError::BadKey("hkdf"))?;
    let mut out = Zeroizing::new([0u8; 32]);
    okm.fill(out.as_mut_slice())
        .map_err(|_| CryptoError::BadKey("hkdf"))?;
    Ok(out)
}
