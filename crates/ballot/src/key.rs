//! The counting committee's (Ban kiểm phiếu) k-of-n key: a dealer with Feldman-verifiable
//! shares. The dealer's device draws a random polynomial f of degree k − 1, publishes
//! commitments A_j = a_j·G to its coefficients (A_0 is the election public key), hands
//! member i the share f(i), and forgets f. Each member checks f(i)·G = Σ_j i^j·A_j
//! ([`check_share`]) before accepting; anyone can derive member i's verification key from the
//! commitments, which is what partial decryptions are checked against.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, VartimeMultiscalarMul};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::BallotError;
use crate::encoding::{Point, decode_hex, scalar_from_bytes};

/// Most members a counting committee may have.
pub const MAX_PARTICIPANTS: u32 = 100;

/// The committee's public key set (k-of-n), as published when the vote opens: the threshold,
/// the number of members and the Feldman commitments, the first of which is the key ballots
/// are encrypted to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ElectionKeyWire", into = "ElectionKeyWire")]
pub struct ElectionKey {
    threshold: u32,
    participants: u32,
    commitments: Vec<Point>,
}

/// The serialised form of [`ElectionKey`], checked on the way in.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElectionKeyWire {
    threshold: u32,
    participants: u32,
    commitments: Vec<Point>,
}

impl From<ElectionKey> for ElectionKeyWire {
    fn from(key: ElectionKey) -> Self {
        Self {
            threshold: key.threshold,
            participants: key.participants,
            commitments: key.commitments,
        }
    }
}

impl TryFrom<ElectionKeyWire> for ElectionKey {
    type Error = BallotError;

    fn try_from(wire: ElectionKeyWire) -> Result<Self, BallotError> {
        check_committee(wire.threshold, wire.participants)?;
        if wire.commitments.len() != wire.threshold as usize {
            return Err(BallotError::BadCommittee(
                "one commitment per coefficient (k of them)",
            ));
        }
        if wire.commitments[0].point == RistrettoPoint::identity() {
            return Err(BallotError::BadCommittee("the public key is the identity"));
        }
        Ok(Self {
            threshold: wire.threshold,
            participants: wire.participants,
            commitments: wire.commitments,
        })
    }
}

fn check_committee(threshold: u32, participants: u32) -> Result<(), BallotError> {
    if participants == 0 || participants > MAX_PARTICIPANTS {
        return Err(BallotError::BadCommittee("between 1 and 100 members"));
    }
    if threshold == 0 || threshold > participants {
        return Err(BallotError::BadCommittee(
            "the threshold is between 1 and the number of members",
        ));
    }
    Ok(())
}

impl ElectionKey {
    /// How many members must publish a partial decryption to open the tally (k).
    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// How many members hold a share (n).
    pub fn participants(&self) -> u32 {
        self.participants
    }

    /// The public key ballots are encrypted to (the commitment to f(0)), for display and
    /// comparison.
    pub fn public_key(&self) -> [u8; 32] {
        self.commitments[0].bytes
    }

    pub(crate) fn point(&self) -> RistrettoPoint {
        self.commitments[0].point
    }

    pub(crate) fn commitments(&self) -> &[Point] {
        &self.commitments
    }

    /// Member `index`'s verification key Σ_j index^j·A_j, or `None` for an index outside
    /// 1..=n.
    pub(crate) fn member_key(&self, index: u32) -> Option<RistrettoPoint> {
        if index == 0 || index > self.participants {
            return None;
        }
        let x = Scalar::from(index);
        let mut power = Scalar::ONE;
        let mut powers = Vec::with_capacity(self.commitments.len());
        for _ in &self.commitments {
            powers.push(power);
            power *= x;
        }
        Some(RistrettoPoint::vartime_multiscalar_mul(
            powers,
            self.commitments.iter().map(|c| c.point),
        ))
    }
}

/// One committee member's secret share f(index): kept sealed by the app, never sent to the
/// server. Zeroized on drop, redacted in Debug.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct KeyShare {
    /// The member's position, 1..=n.
    #[zeroize(skip)]
    pub index: u32,
    secret: Scalar,
}

impl std::fmt::Debug for KeyShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KeyShare {{ index: {}, secret: <redacted> }}",
            self.index
        )
    }
}

impl KeyShare {
    pub(crate) fn secret(&self) -> &Scalar {
        &self.secret
    }

    /// A share with another secret: for tests of what a wrong share does.
    #[doc(hidden)]
    pub fn tampered(&self) -> Self {
        Self {
            index: self.index,
            secret: self.secret + Scalar::ONE,
        }
    }
}

impl Serialize for KeyShare {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let secret = Zeroizing::new(hex::encode(self.secret.as_bytes()));
        let mut state = serializer.serialize_struct("KeyShare", 2)?;
        state.serialize_field("index", &self.index)?;
        state.serialize_field("secret", secret.as_str())?;
        state.end()
    }
}

impl<'de> Deserialize<'de> for KeyShare {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            index: u32,
            secret: String,
        }
        let mut wire = Wire::deserialize(deserializer)?;
        let bytes = decode_hex::<32>(&wire.secret).map(Zeroizing::new);
        wire.secret.zeroize();
        let secret = bytes
            .and_then(|bytes| scalar_from_bytes(*bytes))
            .ok_or_else(|| serde::de::Error::custom("expected a canonical scalar in hex"))?;
        Ok(KeyShare {
            index: wire.index,
            secret,
        })
    }
}

/// Makes a k-of-n election key and the n shares, as a dealer with verifiable (Feldman)
/// shares. The caller hands share i to member i and then drops everything secret.
pub fn deal(
    threshold: u32,
    participants: u32,
    rng: &mut impl CryptoRngCore,
) -> Result<(ElectionKey, Vec<KeyShare>), BallotError> {
    check_committee(threshold, participants)?;
    let coefficients: Zeroizing<Vec<Scalar>> =
        Zeroizing::new((0..threshold).map(|_| Scalar::random(&mut *rng)).collect());
    let commitments = coefficients
        .iter()
        .map(|a| Point::new(a * RISTRETTO_BASEPOINT_TABLE))
        .collect();
    let shares = (1..=participants)
        .map(|index| {
            let x = Scalar::from(index);
            // Horner's rule, highest coefficient first.
            let secret = coefficients
                .iter()
                .rev()
                .fold(Scalar::ZERO, |acc, a| acc * x + a);
            KeyShare { index, secret }
        })
        .collect();
    let key = ElectionKey {
        threshold,
        participants,
        commitments,
    };
    Ok((key, shares))
}

/// Checks a share against the published key (Feldman) before a member accepts it.
pub fn check_share(key: &ElectionKey, share: &KeyShare) -> Result<(), BallotError> {
    let expected = key.member_key(share.index).ok_or(BallotError::BadShare)?;
    if &share.secret * RISTRETTO_BASEPOINT_TABLE == expected {
        Ok(())
    } else {
        Err(BallotError::BadShare)
    }
}

/// The Lagrange coefficients at 0 for the distinct member indices `indices`.
pub(crate) fn lagrange_at_zero(indices: &[u32]) -> Vec<Scalar> {
    indices
        .iter()
        .map(|&i| {
            let mut numerator = Scalar::ONE;
            let mut denominator = Scalar::ONE;
            for &j in indices {
                if j != i {
                    numerator *= Scalar::from(j);
                    denominator *= Scalar::from(j) - Scalar::from(i);
                }
            }
            numerator * denominator.invert()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::OsRng;

    #[test]
    fn any_k_shares_recover_the_key_and_fewer_do_not() {
        let (key, shares) = deal(3, 5, &mut OsRng).unwrap();
        for subset in [[1u32, 2, 3], [1, 3, 5], [2, 4, 5]] {
            let lambdas = lagrange_at_zero(&subset);
            let secret: Scalar = subset
                .iter()
                .zip(&lambdas)
                .map(|(i, l)| shares[*i as usize - 1].secret * l)
                .sum();
            assert_eq!(&secret * RISTRETTO_BASEPOINT_TABLE, key.point());
        }
        let lambdas = lagrange_at_zero(&[1, 2]);
        let two: Scalar = lambdas.iter().zip(&shares).map(|(l, s)| s.secret * l).sum();
        assert_ne!(&two * RISTRETTO_BASEPOINT_TABLE, key.point());
    }

    #[test]
    fn keys_and_shares_round_trip_and_bad_keys_are_refused() {
        let (key, shares) = deal(2, 3, &mut OsRng).unwrap();
        let json = serde_json::to_string(&key).unwrap();
        let back: ElectionKey = serde_json::from_str(&json).unwrap();
        assert_eq!(back, key);
        let share_json = serde_json::to_string(&shares[0]).unwrap();
        let share: KeyShare = serde_json::from_str(&share_json).unwrap();
        assert!(check_share(&key, &share).is_ok());
        assert!(!format!("{share:?}").contains(&hex::encode(share.secret.as_bytes())));
        for bad in [
            json.replace(r#""threshold":2"#, r#""threshold":3"#),
            json.replace(r#""participants":3"#, r#""participants":1"#),
            json.replace(r#""threshold":2"#, r#""threshold":0"#),
        ] {
            assert!(serde_json::from_str::<ElectionKey>(&bad).is_err(), "{bad}");
        }
        assert_eq!(
            deal(0, 3, &mut OsRng).unwrap_err().code(),
            "ballot.bad_committee"
        );
        assert!(deal(4, 3, &mut OsRng).is_err());
        assert!(deal(1, 101, &mut OsRng).is_err());
    }
}
