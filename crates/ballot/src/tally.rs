//! Counting without opening a ballot: the server adds the ciphertexts ([`tally`]), each
//! committee member publishes a proven partial decryption of the sum only
//! ([`partial_decrypt`]), and any k of them combine into the counts ([`combine`]).

use std::collections::BTreeMap;

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::dlog::CountTable;
use crate::elgamal::Ciphertext;
use crate::encoding::Point;
use crate::key::lagrange_at_zero;
use crate::proof::EqualityProof;
use crate::transcript::{Prover, statement};
use crate::{BallotContext, BallotError, ElectionKey, EncryptedBallot, KeyShare, check_share};

/// The homomorphic sum of ballots: per option (ratings: per person and level, person-major)
/// an encryption of how many ballots chose it. No ballot is ever decrypted; only this is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedTally {
    ballots: u32,
    sums: Vec<Ciphertext>,
}

impl EncryptedTally {
    /// How many ballots were added: the natural `max_count` for [`combine`].
    pub fn ballots(&self) -> u32 {
        self.ballots
    }
}

/// One committee member's partial decryption of a tally: s_i·a for every sum (a, b), each
/// with a Chaum–Pedersen proof that it used the share behind the member's verification key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDecryption {
    /// The member's index, 1..=n.
    pub index: u32,
    shares: Vec<DecryptionShare>,
}

/// s_i·a for one sum, with its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecryptionShare {
    share: Point,
    proof: EqualityProof,
}

/// Adds up the ballots' ciphertexts. Does not check proofs: the server checks each ballot
/// with [`crate::verify_ballot`] when it arrives, and the verifier checks them all.
pub fn tally(
    ctx: &BallotContext,
    ballots: &[EncryptedBallot],
) -> Result<EncryptedTally, BallotError> {
    let shape = ctx.shape()?;
    let mut sums = vec![Ciphertext::zero(); shape.cells()];
    for ballot in ballots {
        ballot.check_shape(&shape)?;
        for (sum, ct) in sums.iter_mut().zip(ballot.ciphertexts()) {
            sum.0 += ct.a.point;
            sum.1 += ct.b.point;
        }
    }
    let ballots =
        u32::try_from(ballots.len()).map_err(|_| BallotError::WrongShape("too many ballots"))?;
    Ok(EncryptedTally {
        ballots,
        sums: sums
            .into_iter()
            .map(|(a, b)| Ciphertext {
                a: Point::new(a),
                b: Point::new(b),
            })
            .collect(),
    })
}

fn check_tally(ctx: &BallotContext, tally: &EncryptedTally) -> Result<(), BallotError> {
    if tally.sums.len() != ctx.shape()?.cells() {
        return Err(BallotError::WrongShape(
            "the tally does not have one sum per option",
        ));
    }
    Ok(())
}

/// A committee member's partial decryption of the tally, with proofs bound to `ctx`, `key`
/// and the member's index. Refuses a share that does not match the key.
pub fn partial_decrypt(
    ctx: &BallotContext,
    key: &ElectionKey,
    share: &KeyShare,
    tally: &EncryptedTally,
    rng: &mut impl CryptoRngCore,
) -> Result<PartialDecryption, BallotError> {
    check_tally(ctx, tally)?;
    check_share(key, share)?;
    decrypt_unchecked(ctx, key, share.index, share.secret(), tally, rng)
}

/// A partial decryption with whatever secret is given: [`partial_decrypt`] after its checks,
/// and tests of what a wrong share produces.
pub(crate) fn decrypt_unchecked(
    ctx: &BallotContext,
    key: &ElectionKey,
    index: u32,
    secret: &Scalar,
    tally: &EncryptedTally,
    rng: &mut impl CryptoRngCore,
) -> Result<PartialDecryption, BallotError> {
    let member_key = key.member_key(index).ok_or(BallotError::BadShare)?;
    let t = statement(ctx, key, Prover::Member(index));
    let shares = tally
        .sums
        .iter()
        .enumerate()
        .map(|(position, sum)| {
            let d = Point::new(secret * sum.a.point);
            let proof = EqualityProof::prove(
                t.clone(),
                position as u64,
                &member_key,
                secret,
                &sum.a,
                &d,
                &mut *rng,
            );
            DecryptionShare { share: d, proof }
        })
        .collect();
    Ok(PartialDecryption { index, shares })
}

/// Checks a member's partial decryption of `tally` against the member's verification key.
pub fn verify_partial(
    ctx: &BallotContext,
    key: &ElectionKey,
    tally: &EncryptedTally,
    partial: &PartialDecryption,
) -> Result<(), BallotError> {
    check_tally(ctx, tally)?;
    if partial.shares.len() != tally.sums.len() {
        return Err(BallotError::WrongShape(
            "the partial decryption does not cover every sum",
        ));
    }
    let member_key = key
        .member_key(partial.index)
        .ok_or(BallotError::BadProof(format!(
            "no committee member {}",
            partial.index
        )))?;
    let t = statement(ctx, key, Prover::Member(partial.index));
    for (position, (share, sum)) in partial.shares.iter().zip(&tally.sums).enumerate() {
        if !share.proof.verify(
            t.clone(),
            position as u64,
            &member_key,
            &sum.a,
            &share.share,
        ) {
            return Err(BallotError::BadProof(format!(
                "member {}'s decryption of sum {position} does not verify",
                partial.index
            )));
        }
    }
    Ok(())
}

/// Combines at least k verified partial decryptions into the counts (ratings: persons ×
/// levels, person-major). Every partial given is verified; repeats of a member count once.
/// Counts above `max_count` (normally the number of voters) are refused.
pub fn combine(
    ctx: &BallotContext,
    key: &ElectionKey,
    tally: &EncryptedTally,
    partials: &[PartialDecryption],
    max_count: u32,
) -> Result<Vec<u32>, BallotError> {
    for partial in partials {
        verify_partial(ctx, key, tally, partial)?;
    }
    combine_verified(ctx, key, tally, partials, max_count)
}

/// [`combine`] for partials already verified against this tally (the record verifier).
pub(crate) fn combine_verified(
    ctx: &BallotContext,
    key: &ElectionKey,
    tally: &EncryptedTally,
    partials: &[PartialDecryption],
    max_count: u32,
) -> Result<Vec<u32>, BallotError> {
    check_tally(ctx, tally)?;
    let mut by_member = BTreeMap::new();
    for partial in partials {
        if partial.shares.len() != tally.sums.len() {
            return Err(BallotError::WrongShape(
                "the partial decryption does not cover every sum",
            ));
        }
        by_member.entry(partial.index).or_insert(partial);
    }
    let need = key.threshold();
    let have = u32::try_from(by_member.len()).unwrap_or(u32::MAX);
    if have < need {
        return Err(BallotError::TooFewShares { have, need });
    }
    let chosen: Vec<&PartialDecryption> = by_member.into_values().take(need as usize).collect();
    let indices: Vec<u32> = chosen.iter().map(|p| p.index).collect();
    let lambdas = lagrange_at_zero(&indices);
    let table = CountTable::new(max_count)?;
    tally
        .sums
        .iter()
        .enumerate()
        .map(|(position, sum)| {
            // s·a = Σ λ_i·(s_i·a);  m·G = b − s·a
            let secret_a = RistrettoPoint::vartime_multiscalar_mul(
                &lambdas,
                chosen.iter().map(|p| p.shares[position].share.point),
            );
            table.find(&(sum.b.point - secret_a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{encrypt_ballot, labels_hash};
    use rand_core::OsRng;

    #[test]
    fn a_partial_decryption_with_a_wrong_share_is_refused() {
        let labels = vec!["Tán thành".to_string(), "Không tán thành".to_string()];
        let ctx = BallotContext {
            organisation: "HĐND".into(),
            meeting_id: "m".into(),
            vote_id: "v".into(),
            kind: crate::SecretKind::OneOf,
            options: 2,
            labels_hash: labels_hash(&labels),
        };
        let (key, shares) = crate::deal(2, 3, &mut OsRng).unwrap();
        let ballots: Vec<_> = [0u32, 1, 1]
            .iter()
            .map(|c| encrypt_ballot(&ctx, &key, &[*c as u8; 32], &[*c], &mut OsRng).unwrap())
            .collect();
        let summed = tally(&ctx, &ballots).unwrap();
        let wrong = shares[0].tampered();
        assert_eq!(
            partial_decrypt(&ctx, &key, &wrong, &summed, &mut OsRng).unwrap_err(),
            BallotError::BadShare
        );
        let forged = decrypt_unchecked(&ctx, &key, 1, wrong.secret(), &summed, &mut OsRng).unwrap();
        assert_eq!(
            verify_partial(&ctx, &key, &summed, &forged)
                .unwrap_err()
                .code(),
            "ballot.bad_proof"
        );
        let good = partial_decrypt(&ctx, &key, &shares[1], &summed, &mut OsRng).unwrap();
        assert!(verify_partial(&ctx, &key, &summed, &good).is_ok());
        // With the forged partial, the counts would be wrong; combine refuses it instead.
        assert_eq!(
            combine(&ctx, &key, &summed, &[forged, good.clone()], 3)
                .unwrap_err()
                .code(),
            "ballot.bad_proof"
        );
        let third = partial_decrypt(&ctx, &key, &shares[2], &summed, &mut OsRng).unwrap();
        assert_eq!(
            combine(&ctx, &key, &summed, &[good, third], 3).unwrap(),
            vec![1, 2]
        );
    }
}
