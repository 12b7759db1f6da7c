//! Strict byte encodings. A published record must have exactly one text form, so that any
//! change of one byte is a different record that fails to verify: hex is lower-case and of
//! exact length, scalars are canonical (below the group order), points are canonical
//! Ristretto encodings. Upper-case hex, an unreduced scalar or a non-canonical point is
//! refused while parsing.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Decodes lower-case hex of any even length; `None` for anything else.
pub(crate) fn decode_hex_vec(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// Decodes lower-case hex of exactly `N` bytes; `None` for anything else (upper case too).
pub fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    decode_hex_vec(text)?.try_into().ok()
}

fn hex_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Serde for `[u8; N]` as strict lower-case hex (hashes in the context).
pub(crate) mod hex_array {
    use super::*;

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        bytes: &[u8; N],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        deserializer: D,
    ) -> Result<[u8; N], D::Error> {
        let text = hex_string(deserializer)?;
        decode_hex(&text).ok_or_else(|| serde::de::Error::custom("expected lower-case hex"))
    }
}

/// A Ristretto255 point with its canonical 32-byte encoding kept beside it, so transcripts
/// and hashes never recompress it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    pub(crate) point: RistrettoPoint,
    pub(crate) bytes: [u8; 32],
}

impl Point {
    pub(crate) fn new(point: RistrettoPoint) -> Self {
        Self {
            point,
            bytes: point.compress().to_bytes(),
        }
    }

    /// Parses a canonical encoding; `None` if it is not one.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Option<Self> {
        let point = CompressedRistretto(bytes).decompress()?;
        Some(Self { point, bytes })
    }
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.bytes))
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = hex_string(deserializer)?;
        decode_hex::<32>(&text)
            .and_then(Point::from_bytes)
            .ok_or_else(|| serde::de::Error::custom("expected a canonical Ristretto255 point"))
    }
}

/// Parses a canonical scalar (strictly below the group order).
pub(crate) fn scalar_from_bytes(bytes: [u8; 32]) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(bytes))
}

/// Serialises a list of scalars as one hex string.
pub(crate) fn scalars_to_hex(scalars: &[Scalar]) -> String {
    let mut bytes = Vec::with_capacity(32 * scalars.len());
    for scalar in scalars {
        bytes.extend_from_slice(scalar.as_bytes());
    }
    hex::encode(bytes)
}

/// Parses one hex string of canonical scalars; `None` unless every one is canonical.
pub(crate) fn scalars_from_hex(text: &str) -> Option<Vec<Scalar>> {
    let bytes = decode_hex_vec(text)?;
    if bytes.is_empty() || !bytes.len().is_multiple_of(32) {
        return None;
    }
    bytes
        .chunks_exact(32)
        .map(|chunk| scalar_from_bytes(chunk.try_into().ok()?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_strict() {
        assert_eq!(decode_hex::<2>("0aff"), Some([0x0a, 0xff]));
        assert_eq!(decode_hex::<2>("0AFF"), None);
        assert_eq!(decode_hex::<2>("0aff0"), None);
        assert_eq!(decode_hex::<2>("0af"), None);
        assert_eq!(decode_hex::<2>("0ag0"), None);
        assert_eq!(decode_hex_vec(" 0"), None);
    }

    #[test]
    fn unreduced_scalars_and_bad_points_are_refused() {
        // The group order itself is not canonical.
        let order = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
        assert!(scalars_from_hex(order).is_none());
        let one = scalars_to_hex(&[Scalar::ONE]);
        assert_eq!(scalars_from_hex(&one), Some(vec![Scalar::ONE]));
        // The encoding with the high bit set is never a canonical point.
        let mut bytes = [0u8; 32];
        bytes[31] = 0x80;
        assert!(Point::from_bytes(bytes).is_none());
        assert!(Point::from_bytes([0u8; 32]).is_some());
    }
}
