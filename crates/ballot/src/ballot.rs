//! An encrypted ballot and its validity proofs. A ballot is one group of 0/1 ciphertexts per
//! question (one group for one-of and up-to votes, one per person for ratings); each
//! ciphertext carries a 0/1 proof and each group a proof that its sum is allowed (exactly 1,
//! or 0..=max). Every proof is bound to the vote's context, the election key and the voter's
//! device key, so it is valid for this voter in this vote only.

use curve25519_dalek::ristretto::RistrettoBasepointTable;
use curve25519_dalek::scalar::Scalar;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use phonghop_crypto::Canonical;

use crate::context::Shape;
use crate::elgamal::Ciphertext;
use crate::proof::RangeProof;
use crate::transcript::{Prover, statement};
use crate::{BallotContext, BallotError, ElectionKey};

/// Transcript labels of the two kinds of ballot proof.
const BIT: &[u8] = b"bit";
const SUM: &[u8] = b"sum";

/// An encrypted ballot with its proofs: what a voter's device sends and the record keeps.
/// Nobody can read it; anyone can check it is well formed with [`verify_ballot`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedBallot {
    groups: Vec<BallotGroup>,
}

/// One question of a ballot: the 0/1 ciphertexts and the proof their sum is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BallotGroup {
    cells: Vec<EncryptedCell>,
    sum_proof: RangeProof,
}

/// One option (or one level of a rating): an encryption of 0 or 1 and its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EncryptedCell {
    ciphertext: Ciphertext,
    proof: RangeProof,
}

/// What to encrypt and which branch each proof answers. Honest ballots answer the true one;
/// tests build dishonest plans to check that the proofs refuse them.
pub(crate) struct Plan {
    /// The plaintext of every cell, group by group.
    pub(crate) values: Vec<Vec<Scalar>>,
    /// The branch (0 or 1) each cell's proof claims.
    pub(crate) claimed_bits: Vec<Vec<u32>>,
    /// The branch (sum − sum_min) each group's sum proof claims.
    pub(crate) claimed_sums: Vec<u32>,
}

impl EncryptedBallot {
    /// Every ciphertext, group by group (person-major for ratings): the order of the tally.
    pub(crate) fn ciphertexts(&self) -> impl Iterator<Item = &Ciphertext> {
        self.groups
            .iter()
            .flat_map(|group| group.cells.iter().map(|cell| &cell.ciphertext))
    }

    /// Checks the number of groups, cells and proof branches against `shape`.
    pub(crate) fn check_shape(&self, shape: &Shape) -> Result<(), BallotError> {
        if self.groups.len() != shape.groups {
            return Err(BallotError::WrongShape("wrong number of questions"));
        }
        let sum_branches = (shape.sum_max - shape.sum_min + 1) as usize;
        for group in &self.groups {
            if group.cells.len() != shape.width {
                return Err(BallotError::WrongShape("wrong number of options"));
            }
            if group.cells.iter().any(|cell| cell.proof.branches() != 2)
                || group.sum_proof.branches() != sum_branches
            {
                return Err(BallotError::WrongShape("a proof has the wrong size"));
            }
        }
        Ok(())
    }

    /// Builds a ballot from a plan (honest or not).
    pub(crate) fn build(
        ctx: &BallotContext,
        key: &ElectionKey,
        voter_key: &[u8; 32],
        plan: &Plan,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Self, BallotError> {
        let shape = ctx.shape()?;
        let t = statement(ctx, key, Prover::Voter(voter_key));
        let y = RistrettoBasepointTable::create(&key.point());
        let mut groups = Vec::with_capacity(shape.groups);
        for (g, (values, claimed)) in plan.values.iter().zip(&plan.claimed_bits).enumerate() {
            let mut cells = Vec::with_capacity(values.len());
            let mut randomness = Scalar::ZERO;
            let mut total = Scalar::ZERO;
            for (i, (value, claim)) in values.iter().zip(claimed).enumerate() {
                let (ciphertext, r) = Ciphertext::encrypt_random(value, &y, &mut *rng);
                let position = (g * shape.width + i) as u64;
                let proof = RangeProof::prove(
                    t.clone(),
                    BIT,
                    position,
                    &y,
                    &ciphertext,
                    (value, &r),
                    *claim,
                    (0, 1),
                    rng,
                );
                randomness += r;
                total += value;
                cells.push(EncryptedCell { ciphertext, proof });
            }
            let sum = Ciphertext::sum(cells.iter().map(|cell| &cell.ciphertext));
            let claim = plan
                .claimed_sums
                .get(g)
                .copied()
                .ok_or(BallotError::WrongShape("a sum claim per question"))?;
            let sum_proof = RangeProof::prove(
                t.clone(),
                SUM,
                g as u64,
                &y,
                &sum,
                (&total, &randomness),
                claim,
                (shape.sum_min, shape.sum_max),
                rng,
            );
            groups.push(BallotGroup { cells, sum_proof });
        }
        let ballot = Self { groups };
        ballot.check_shape(&shape)?;
        Ok(ballot)
    }

    /// The canonical encoding [`ballot_hash`] hashes.
    fn canonical(&self) -> Canonical {
        let mut canonical = Canonical::new("encrypted-ballot/v1").u64(self.groups.len() as u64);
        for group in &self.groups {
            canonical = canonical.u64(group.cells.len() as u64);
            for cell in &group.cells {
                canonical = canonical
                    .bytes(&cell.ciphertext.to_bytes())
                    .bytes(&cell.proof.to_bytes());
            }
            canonical = canonical.bytes(&group.sum_proof.to_bytes());
        }
        canonical
    }
}

/// Encrypts a voter's `choices` (as in `phonghop_domain`: one-of `[index]`; up-to distinct
/// indices, at most `max`; ratings one level per person) and proves the ballot valid, bound
/// to `ctx`, `key` and the voter's device key `voter_key`.
pub fn encrypt_ballot(
    ctx: &BallotContext,
    key: &ElectionKey,
    voter_key: &[u8; 32],
    choices: &[u32],
    rng: &mut impl CryptoRngCore,
) -> Result<EncryptedBallot, BallotError> {
    let shape = ctx.shape()?;
    let bits = ctx.plaintext(choices)?;
    let claimed_sums = bits
        .iter()
        .map(|row| row.iter().sum::<u32>().saturating_sub(shape.sum_min))
        .collect();
    let plan = Plan {
        values: bits
            .iter()
            .map(|row| row.iter().map(|bit| Scalar::from(*bit)).collect())
            .collect(),
        claimed_bits: bits,
        claimed_sums,
    };
    EncryptedBallot::build(ctx, key, voter_key, &plan, rng)
}

/// Checks a ballot's shape and every proof for this vote, key and voter: what the server
/// does before accepting a ballot and what the record verifier does for each.
pub fn verify_ballot(
    ctx: &BallotContext,
    key: &ElectionKey,
    voter_key: &[u8; 32],
    ballot: &EncryptedBallot,
) -> Result<(), BallotError> {
    let shape = ctx.shape()?;
    ballot.check_shape(&shape)?;
    let t = statement(ctx, key, Prover::Voter(voter_key));
    let y = key.point();
    for (g, group) in ballot.groups.iter().enumerate() {
        for (i, cell) in group.cells.iter().enumerate() {
            let position = (g * shape.width + i) as u64;
            if !cell
                .proof
                .verify(t.clone(), BIT, position, &y, &cell.ciphertext, (0, 1))
            {
                return Err(BallotError::BadProof(format!(
                    "option {position} is not an encryption of 0 or 1 for this vote and voter"
                )));
            }
        }
        let sum = Ciphertext::sum(group.cells.iter().map(|cell| &cell.ciphertext));
        if !group.sum_proof.verify(
            t.clone(),
            SUM,
            g as u64,
            &y,
            &sum,
            (shape.sum_min, shape.sum_max),
        ) {
            return Err(BallotError::BadProof(format!(
                "question {g} does not have an allowed number of choices"
            )));
        }
    }
    Ok(())
}

/// SHA-256 of the ballot's canonical encoding: the voter's receipt, and what the device
/// signs (through [`crate::ballot_statement`]).
pub fn ballot_hash(ballot: &EncryptedBallot) -> [u8; 32] {
    phonghop_crypto::sha256(&ballot.canonical().finish())
}

/// A hash of each ciphertext of a ballot, so the server and the verifier can refuse a ballot
/// that copies another ballot's ciphertext.
pub fn ciphertext_fingerprints(ballot: &EncryptedBallot) -> Vec<[u8; 32]> {
    ballot
        .ciphertexts()
        .map(|ct| {
            let canonical = Canonical::new("ballot-ciphertext/v1").bytes(&ct.to_bytes());
            phonghop_crypto::sha256(&canonical.finish())
        })
        .collect()
}
