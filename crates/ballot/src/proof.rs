//! The two zero-knowledge proofs, both Chaum–Pedersen based and made non-interactive with a
//! merlin transcript that already holds the whole statement (see [`crate::transcript`]).
//!
//! - [`RangeProof`]: a ciphertext (a, b) encrypts one of the consecutive values lo..=hi —
//!   a Cramer–Damgård–Schoenmakers disjunction of "log_G a = log_Y (b − v·G)" over every
//!   allowed v. With lo..=hi = 0..=1 it is the 0/1 proof of each option; with 1..=1 it is
//!   the proof that a group sums to exactly one; with 0..=max the proof of an election's
//!   limit.
//! - [`EqualityProof`]: log_G(Y_i) = log_A(D), a member's partial decryption D = s_i·A.
//!
//! Proofs are stored as (challenge, response) pairs; a verifier recomputes the commitments
//! from them, hashes them and checks the challenges add up to the hash.

use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT, RISTRETTO_BASEPOINT_TABLE};
use curve25519_dalek::ristretto::{RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use merlin::Transcript;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::elgamal::Ciphertext;
use crate::encoding::{Point, scalars_from_hex, scalars_to_hex};
use crate::transcript::challenge;

/// A proof that a ciphertext encrypts a value in lo..=hi: one (c_j, z_j) per allowed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RangeProof {
    branches: Vec<(Scalar, Scalar)>,
}

fn absorb_range(
    t: &mut Transcript,
    label: &'static [u8],
    position: u64,
    ct: &Ciphertext,
    lo: u32,
    hi: u32,
) {
    t.append_message(b"proof", label);
    t.append_u64(b"position", position);
    t.append_message(b"ciphertext", &ct.to_bytes());
    t.append_u64(b"lo", u64::from(lo));
    t.append_u64(b"hi", u64::from(hi));
}

impl RangeProof {
    /// Proves that `ct` = Enc(`value`, `r`) under the key whose table is `key` holds a value
    /// in lo..=hi. `claimed` is the branch answered honestly; an honest caller passes
    /// `value − lo`, and the proof then verifies. Knowing `value` and `r`, the prover needs
    /// only fixed-base multiplications: with u_j random, a simulated branch's commitments
    /// z_j·G − c_j·a and z_j·Y − c_j·(b − v_j·G) equal u_j·G and u_j·Y − c_j(value − v_j)·G
    /// for z_j = u_j + c_j·r, which is also the real branch's form (with its c_j term
    /// dropped). Every branch is computed alike; only selections depend on `claimed`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn prove(
        mut t: Transcript,
        label: &'static [u8],
        position: u64,
        key: &RistrettoBasepointTable,
        ct: &Ciphertext,
        (value, r): (&Scalar, &Scalar),
        claimed: u32,
        (lo, hi): (u32, u32),
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        absorb_range(&mut t, label, position, ct, lo, hi);
        let mut drawn = Vec::with_capacity(hi.saturating_sub(lo) as usize + 1);
        for (j, allowed) in (lo..=hi).enumerate() {
            let u = Scalar::random(&mut *rng);
            let c = Scalar::random(&mut *rng);
            let real = (j as u32).ct_eq(&claimed);
            let c_used = Scalar::conditional_select(&c, &Scalar::ZERO, real);
            let commit_a = &u * RISTRETTO_BASEPOINT_TABLE;
            let commit_b =
                &u * key - &(c_used * (value - Scalar::from(allowed))) * RISTRETTO_BASEPOINT_TABLE;
            t.append_message(b"commit-a", commit_a.compress().as_bytes());
            t.append_message(b"commit-b", commit_b.compress().as_bytes());
            drawn.push((u, c_used, real));
        }
        let total = challenge(&mut t);
        let others: Scalar = drawn.iter().map(|(_, c, _)| c).sum();
        let real_c = total - others;
        let branches = drawn
            .into_iter()
            .map(|(u, c, real)| {
                let c = Scalar::conditional_select(&c, &real_c, real);
                (c, u + c * r)
            })
            .collect();
        Self { branches }
    }

    /// Checks the proof for `ct` under `key` and the values lo..=hi.
    pub(crate) fn verify(
        &self,
        mut t: Transcript,
        label: &'static [u8],
        position: u64,
        key: &RistrettoPoint,
        ct: &Ciphertext,
        (lo, hi): (u32, u32),
    ) -> bool {
        if hi < lo || self.branches.len() != (hi - lo + 1) as usize {
            return false;
        }
        absorb_range(&mut t, label, position, ct, lo, hi);
        let g = RISTRETTO_BASEPOINT_POINT;
        let mut sum = Scalar::ZERO;
        for ((c, z), value) in self.branches.iter().zip(lo..=hi) {
            // A = z·G − c·a ;  B = z·Y − c·b + c·v·G
            let commit_a = RistrettoPoint::vartime_double_scalar_mul_basepoint(&-c, &ct.a.point, z);
            let commit_b = RistrettoPoint::vartime_multiscalar_mul(
                [*z, -c, c * Scalar::from(value)],
                [*key, ct.b.point, g],
            );
            t.append_message(b"commit-a", commit_a.compress().as_bytes());
            t.append_message(b"commit-b", commit_b.compress().as_bytes());
            sum += c;
        }
        challenge(&mut t) == sum
    }

    /// Number of allowed values the proof covers.
    pub(crate) fn branches(&self) -> usize {
        self.branches.len()
    }

    /// The proof's bytes, for the ballot hash.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        self.flat().iter().flat_map(|s| s.to_bytes()).collect()
    }

    fn to_hex(&self) -> String {
        scalars_to_hex(&self.flat())
    }

    fn flat(&self) -> Vec<Scalar> {
        self.branches.iter().flat_map(|(c, z)| [*c, *z]).collect()
    }
}

impl Serialize for RangeProof {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for RangeProof {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let scalars = scalars_from_hex(&text)
            .filter(|s| s.len().is_multiple_of(2))
            .ok_or_else(|| serde::de::Error::custom("expected a proof: canonical scalars"))?;
        Ok(Self {
            branches: scalars.chunks_exact(2).map(|p| (p[0], p[1])).collect(),
        })
    }
}

/// A Chaum–Pedersen proof that log_G(Y_i) = log_A(D): serialised as c‖z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EqualityProof {
    c: Scalar,
    z: Scalar,
}

fn absorb_equality(
    t: &mut Transcript,
    position: u64,
    member_key: &RistrettoPoint,
    base: &Point,
    share: &Point,
) {
    t.append_message(b"proof", b"partial-decryption");
    t.append_u64(b"position", position);
    t.append_message(b"member-key", member_key.compress().as_bytes());
    t.append_message(b"base", &base.bytes);
    t.append_message(b"share", &share.bytes);
}

impl EqualityProof {
    /// Proves that `share` = `secret`·`base` where `member_key` = `secret`·G.
    pub(crate) fn prove(
        mut t: Transcript,
        position: u64,
        member_key: &RistrettoPoint,
        secret: &Scalar,
        base: &Point,
        share: &Point,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        absorb_equality(&mut t, position, member_key, base, share);
        let w = Scalar::random(rng);
        t.append_message(
            b"commit-a",
            (&w * RISTRETTO_BASEPOINT_TABLE).compress().as_bytes(),
        );
        t.append_message(b"commit-b", (w * base.point).compress().as_bytes());
        let c = challenge(&mut t);
        Self {
            c,
            z: w + c * secret,
        }
    }

    /// Checks the proof.
    pub(crate) fn verify(
        &self,
        mut t: Transcript,
        position: u64,
        member_key: &RistrettoPoint,
        base: &Point,
        share: &Point,
    ) -> bool {
        absorb_equality(&mut t, position, member_key, base, share);
        let commit_a =
            RistrettoPoint::vartime_double_scalar_mul_basepoint(&-self.c, member_key, &self.z);
        let commit_b =
            RistrettoPoint::vartime_multiscalar_mul([self.z, -self.c], [base.point, share.point]);
        t.append_message(b"commit-a", commit_a.compress().as_bytes());
        t.append_message(b"commit-b", commit_b.compress().as_bytes());
        challenge(&mut t) == self.c
    }
}

impl Serialize for EqualityProof {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&scalars_to_hex(&[self.c, self.z]))
    }
}

impl<'de> Deserialize<'de> for EqualityProof {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match scalars_from_hex(&text).as_deref() {
            Some([c, z]) => Ok(Self { c: *c, z: *z }),
            _ => Err(serde::de::Error::custom(
                "expected a proof: two canonical scalars",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::OsRng;

    fn setup() -> (Scalar, RistrettoPoint) {
        let x = Scalar::random(&mut OsRng);
        (x, &x * RISTRETTO_BASEPOINT_TABLE)
    }

    fn table(key: &RistrettoPoint) -> RistrettoBasepointTable {
        RistrettoBasepointTable::create(key)
    }

    #[test]
    fn range_proofs_hold_for_every_allowed_value_and_only_there() {
        let (_, key) = setup();
        for (lo, hi) in [(0u32, 1u32), (1, 1), (0, 3)] {
            for value in 0..=hi + 1 {
                let m = Scalar::from(value);
                let (ct, r) = Ciphertext::encrypt_random(&m, &table(&key), &mut OsRng);
                let claimed = value.saturating_sub(lo).min(hi - lo);
                let t = Transcript::new(b"test");
                let proof = RangeProof::prove(
                    t.clone(),
                    b"bit",
                    0,
                    &table(&key),
                    &ct,
                    (&m, &r),
                    claimed,
                    (lo, hi),
                    &mut OsRng,
                );
                let ok = proof.verify(t.clone(), b"bit", 0, &key, &ct, (lo, hi));
                assert_eq!(
                    ok,
                    (lo..=hi).contains(&value),
                    "value {value} in {lo}..={hi}"
                );
                if ok {
                    assert!(!proof.verify(t.clone(), b"bit", 1, &key, &ct, (lo, hi)));
                    assert!(!proof.verify(t.clone(), b"sum", 0, &key, &ct, (lo, hi)));
                    assert!(!proof.verify(
                        Transcript::new(b"other"),
                        b"bit",
                        0,
                        &key,
                        &ct,
                        (lo, hi)
                    ));
                    let json = serde_json::to_string(&proof).unwrap();
                    let back: RangeProof = serde_json::from_str(&json).unwrap();
                    assert!(back.verify(t, b"bit", 0, &key, &ct, (lo, hi)));
                }
            }
        }
    }

    #[test]
    fn equality_proofs_hold_only_for_the_secret() {
        let (x, member) = setup();
        let base = Point::new(&Scalar::random(&mut OsRng) * RISTRETTO_BASEPOINT_TABLE);
        let share = Point::new(x * base.point);
        let t = Transcript::new(b"test");
        let proof = EqualityProof::prove(t.clone(), 3, &member, &x, &base, &share, &mut OsRng);
        assert!(proof.verify(t.clone(), 3, &member, &base, &share));
        assert!(!proof.verify(t.clone(), 4, &member, &base, &share));
        let wrong = Point::new(share.point + RISTRETTO_BASEPOINT_POINT);
        assert!(!proof.verify(t.clone(), 3, &member, &base, &wrong));
        let forged = EqualityProof::prove(
            t.clone(),
            3,
            &member,
            &(x + Scalar::ONE),
            &base,
            &wrong,
            &mut OsRng,
        );
        assert!(!forged.verify(t, 3, &member, &base, &wrong));
    }
}
