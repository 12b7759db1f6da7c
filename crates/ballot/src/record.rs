//! The published record of a secret vote and its verifier: with the record alone and no
//! secret, anyone recomputes the result and learns whether anything was added, changed,
//! copied or left out.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use phonghop_crypto::{Canonical, SigningSecret, verify_signature};

use crate::encoding::decode_hex;
use crate::parallel::first_failure;
use crate::tally::combine_verified;
use crate::{
    BallotContext, ElectionKey, EncryptedBallot, PartialDecryption, RecordError, SecretKind,
    ballot_hash, ciphertext_fingerprints, labels_hash, tally, verify_ballot, verify_partial,
};

/// A ballot as published: the encrypted ballot, the device that cast it and the device's
/// Ed25519 signature over [`ballot_statement`], so the server cannot add or alter ballots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedBallot {
    /// The voter's device.
    pub device_id: String,
    /// The device's Ed25519 public key, lower-case hex; the ballot's proofs are bound to it.
    pub device_key: String,
    /// The encrypted ballot.
    pub ballot: EncryptedBallot,
    /// Ed25519 signature over [`ballot_statement`], lower-case hex.
    pub signature: String,
}

/// What a device signs to cast a secret ballot: the whole context, the device and the
/// ballot's hash.
pub fn ballot_statement(ctx: &BallotContext, device_id: &str, hash: &[u8; 32]) -> Vec<u8> {
    let (kind, parameter) = match ctx.kind {
        SecretKind::OneOf => ("one_of", 0),
        SecretKind::UpTo { max } => ("up_to", max),
        SecretKind::Ratings { levels } => ("ratings", levels),
    };
    Canonical::new("secret-ballot/v1")
        .str(&ctx.organisation)
        .str(&ctx.meeting_id)
        .str(&ctx.vote_id)
        .str(kind)
        .u64(u64::from(parameter))
        .u64(u64::from(ctx.options))
        .bytes(&ctx.labels_hash)
        .str(device_id)
        .bytes(hash)
        .finish()
}

/// Signs `ballot` with the device key, as the app does before sending it.
pub fn sign_ballot(
    ctx: &BallotContext,
    device_id: &str,
    device: &SigningSecret,
    ballot: EncryptedBallot,
) -> SignedBallot {
    let statement = ballot_statement(ctx, device_id, &ballot_hash(&ballot));
    SignedBallot {
        device_id: device_id.to_string(),
        device_key: hex::encode(device.public_key()),
        signature: hex::encode(device.sign(&statement)),
        ballot,
    }
}

/// A published secret vote: enough to recompute the result with no secret. Serialised as
/// JSON with the fields in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRecord {
    /// What was decided and what the proofs are bound to.
    pub context: BallotContext,
    /// The options' labels (for ratings, the persons), hashed into the context.
    pub labels: Vec<String>,
    /// The committee's key the ballots were encrypted to.
    pub key: ElectionKey,
    /// Every ballot counted.
    pub ballots: Vec<SignedBallot>,
    /// The committee members' partial decryptions of the tally.
    pub partials: Vec<PartialDecryption>,
    /// The result announced: per option (ratings: persons × levels, person-major).
    pub counts: Vec<u32>,
}

/// Parses a record from its JSON bytes and verifies it: what `phonghop-cli verify` runs.
pub fn verify_record_json(bytes: &[u8]) -> Result<Vec<u32>, RecordError> {
    let record: VoteRecord = serde_json::from_slice(bytes)
        .map_err(|e| RecordError::new("record.malformed", e.to_string()))?;
    verify_record(&record)
}

/// Checks everything and recomputes the counts: the labels match their hash, every ballot's
/// signature and proofs hold, no device voted twice, no ciphertext repeats, the tally is the
/// sum of the ballots, every partial decryption's proofs hold, at least k distinct members
/// decrypted, and the combined counts equal `counts`. Cheap checks come first, so a damaged
/// record usually fails fast; the failure names the ballot or member.
pub fn verify_record(record: &VoteRecord) -> Result<Vec<u32>, RecordError> {
    let ctx = &record.context;
    ctx.shape()
        .map_err(|e| RecordError::new("record.bad_context", e.to_string()))?;
    if record.labels.len() != ctx.options as usize || labels_hash(&record.labels) != ctx.labels_hash
    {
        return Err(RecordError::new(
            "record.labels_mismatch",
            "the labels do not match the context's labels_hash",
        ));
    }

    let device_keys = check_signatures(record)?;
    check_unique(record)?;

    let ballots: Vec<EncryptedBallot> = record.ballots.iter().map(|b| b.ballot.clone()).collect();
    let summed = tally(ctx, &ballots)
        .map_err(|e| RecordError::new("record.bad_ballot_shape", e.to_string()))?;

    let mut members = HashSet::new();
    for partial in &record.partials {
        if !members.insert(partial.index) {
            return Err(RecordError::new(
                "record.duplicate_partial",
                format!("member {} published twice", partial.index),
            ));
        }
        verify_partial(ctx, &record.key, &summed, partial).map_err(|e| {
            RecordError::new(
                "record.bad_partial",
                format!("member {}: {e}", partial.index),
            )
        })?;
    }
    if members.len() < record.key.threshold() as usize {
        return Err(RecordError::new(
            "record.too_few_partials",
            format!(
                "{} members decrypted, {} are needed",
                members.len(),
                record.key.threshold()
            ),
        ));
    }

    if let Some((i, e)) = first_failure(&record.ballots, |i, signed| {
        verify_ballot(ctx, &record.key, &device_keys[i], &signed.ballot)
    }) {
        return Err(RecordError::new(
            "record.bad_ballot_proof",
            format!("ballot {i} ({}): {e}", record.ballots[i].device_id),
        ));
    }

    let counts = combine_verified(
        ctx,
        &record.key,
        &summed,
        &record.partials,
        summed.ballots(),
    )
    .map_err(|e| RecordError::new("record.bad_combination", e.to_string()))?;
    if counts != record.counts {
        return Err(RecordError::new(
            "record.counts_mismatch",
            format!(
                "the record says {:?}, the ballots give {counts:?}",
                record.counts
            ),
        ));
    }
    Ok(counts)
}

/// Checks every ballot's device key and signature; returns the device keys.
fn check_signatures(record: &VoteRecord) -> Result<Vec<[u8; 32]>, RecordError> {
    let mut keys = Vec::with_capacity(record.ballots.len());
    for (i, signed) in record.ballots.iter().enumerate() {
        let key = decode_hex::<32>(&signed.device_key).ok_or_else(|| {
            RecordError::new(
                "record.bad_device_key",
                format!("ballot {i}: not a key in hex"),
            )
        })?;
        let signature = decode_hex::<64>(&signed.signature).ok_or_else(|| {
            RecordError::new(
                "record.bad_signature",
                format!("ballot {i}: not a signature in hex"),
            )
        })?;
        let statement = ballot_statement(
            &record.context,
            &signed.device_id,
            &ballot_hash(&signed.ballot),
        );
        if !verify_signature(&key, &statement, &signature) {
            return Err(RecordError::new(
                "record.bad_signature",
                format!(
                    "ballot {i} ({}): the device's signature does not verify",
                    signed.device_id
                ),
            ));
        }
        keys.push(key);
    }
    Ok(keys)
}

/// Refuses two ballots from one device and any ciphertext that appears twice.
fn check_unique(record: &VoteRecord) -> Result<(), RecordError> {
    let mut devices = HashSet::new();
    let mut device_keys = HashSet::new();
    let mut fingerprints = HashSet::new();
    for (i, signed) in record.ballots.iter().enumerate() {
        if !devices.insert(signed.device_id.as_str())
            || !device_keys.insert(signed.device_key.as_str())
        {
            return Err(RecordError::new(
                "record.duplicate_device",
                format!("ballot {i}: device {} has already voted", signed.device_id),
            ));
        }
        for fingerprint in ciphertext_fingerprints(&signed.ballot) {
            if !fingerprints.insert(fingerprint) {
                return Err(RecordError::new(
                    "record.copied_ciphertext",
                    format!("ballot {i} ({}) repeats a ciphertext", signed.device_id),
                ));
            }
        }
    }
    Ok(())
}
