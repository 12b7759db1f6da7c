//! Exponential ElGamal over Ristretto255: m is encrypted to key Y as (r·G, m·G + r·Y), so
//! ciphertexts add up to an encryption of the sum of their values — the tally is computed
//! without opening any ballot.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::encoding::{Point, decode_hex};

/// An ElGamal ciphertext (a, b) = (r·G, m·G + r·Y); serialised as 128 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ciphertext {
    pub(crate) a: Point,
    pub(crate) b: Point,
}

impl Ciphertext {
    /// Encrypts `value` with randomness `r` to the key whose precomputed table is `key`.
    pub(crate) fn encrypt(value: &Scalar, r: &Scalar, key: &RistrettoBasepointTable) -> Self {
        Self {
            a: Point::new(r * RISTRETTO_BASEPOINT_TABLE),
            b: Point::new(value * RISTRETTO_BASEPOINT_TABLE + r * key),
        }
    }

    /// Encrypts `value` with fresh randomness; returns the randomness too, for the proofs.
    pub(crate) fn encrypt_random(
        value: &Scalar,
        key: &RistrettoBasepointTable,
        rng: &mut impl CryptoRngCore,
    ) -> (Self, Scalar) {
        let r = Scalar::random(rng);
        (Self::encrypt(value, &r, key), r)
    }

    /// The encryption of 0 with randomness 0: the start of a sum.
    pub(crate) fn zero() -> (RistrettoPoint, RistrettoPoint) {
        (RistrettoPoint::identity(), RistrettoPoint::identity())
    }

    /// The 64 bytes a‖b, as hashed and absorbed into transcripts.
    pub(crate) fn to_bytes(self) -> [u8; 64] {
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&self.a.bytes);
        bytes[32..].copy_from_slice(&self.b.bytes);
        bytes
    }

    /// Parses a‖b; `None` unless both halves are canonical points.
    pub(crate) fn from_bytes(bytes: &[u8; 64]) -> Option<Self> {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        a.copy_from_slice(&bytes[..32]);
        b.copy_from_slice(&bytes[32..]);
        Some(Self {
            a: Point::from_bytes(a)?,
            b: Point::from_bytes(b)?,
        })
    }

    /// The sum of `ciphertexts`: an encryption of the sum of their values.
    pub(crate) fn sum<'a>(ciphertexts: impl IntoIterator<Item = &'a Ciphertext>) -> Ciphertext {
        let (a, b) = ciphertexts
            .into_iter()
            .fold(Self::zero(), |(a, b), c| (a + c.a.point, b + c.b.point));
        Ciphertext {
            a: Point::new(a),
            b: Point::new(b),
        }
    }
}

impl Serialize for Ciphertext {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.to_bytes()))
    }
}

impl<'de> Deserialize<'de> for Ciphertext {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        decode_hex::<64>(&text)
            .and_then(|bytes| Ciphertext::from_bytes(&bytes))
            .ok_or_else(|| serde::de::Error::custom("expected a ciphertext: two canonical points"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::OsRng;

    #[test]
    fn ciphertexts_add_up_to_the_sum_of_their_values() {
        let x = Scalar::random(&mut OsRng);
        let key = RistrettoBasepointTable::create(&(&x * RISTRETTO_BASEPOINT_TABLE));
        let values = [1u32, 0, 1, 1];
        let ciphertexts: Vec<_> = values
            .iter()
            .map(|v| Ciphertext::encrypt_random(&Scalar::from(*v), &key, &mut OsRng).0)
            .collect();
        let sum = Ciphertext::sum(&ciphertexts);
        let message = sum.b.point - x * sum.a.point;
        assert_eq!(message, &Scalar::from(3u32) * RISTRETTO_BASEPOINT_TABLE);
        let json = serde_json::to_string(&sum).unwrap();
        assert_eq!(serde_json::from_str::<Ciphertext>(&json).unwrap(), sum);
    }
}
