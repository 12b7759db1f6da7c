//! Fiat–Shamir binding. Every proof's merlin transcript starts from [`statement`]: the
//! organisation, meeting, vote, kind and number of options, the labels' hash, the whole
//! election key (k, n and every commitment) and who proves — the voter's device key for a
//! ballot, the member's index for a partial decryption. Only then does a proof absorb its own
//! ciphertext, position, allowed values and commitments, and draw its challenge. A proof from
//! another vote, key or voter therefore answers a different challenge and never verifies
//! (the "weak Fiat–Shamir" flaw that broke Helios cannot happen here).

use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;

use crate::{BallotContext, ElectionKey, SecretKind};

/// Who is proving.
pub(crate) enum Prover<'a> {
    /// A voter's device, by its Ed25519 public key.
    Voter(&'a [u8; 32]),
    /// A committee member, by index.
    Member(u32),
}

/// A transcript that has absorbed the whole statement.
pub(crate) fn statement(ctx: &BallotContext, key: &ElectionKey, prover: Prover<'_>) -> Transcript {
    let mut t = Transcript::new(b"phonghop secret ballot v1");
    t.append_message(b"organisation", ctx.organisation.as_bytes());
    t.append_message(b"meeting", ctx.meeting_id.as_bytes());
    t.append_message(b"vote", ctx.vote_id.as_bytes());
    let (kind, parameter): (&[u8], u32) = match ctx.kind {
        SecretKind::OneOf => (b"one_of", 0),
        SecretKind::UpTo { max } => (b"up_to", max),
        SecretKind::Ratings { levels } => (b"ratings", levels),
    };
    t.append_message(b"kind", kind);
    t.append_u64(b"kind-parameter", u64::from(parameter));
    t.append_u64(b"options", u64::from(ctx.options));
    t.append_message(b"labels", &ctx.labels_hash);
    t.append_u64(b"threshold", u64::from(key.threshold()));
    t.append_u64(b"participants", u64::from(key.participants()));
    for commitment in key.commitments() {
        t.append_message(b"commitment", &commitment.bytes);
    }
    match prover {
        Prover::Voter(device_key) => t.append_message(b"voter", device_key),
        Prover::Member(index) => t.append_u64(b"member", u64::from(index)),
    }
    t
}

/// Draws a challenge scalar (64 bytes reduced, so it is uniform).
pub(crate) fn challenge(t: &mut Transcript) -> Scalar {
    let mut wide = [0u8; 64];
    t.challenge_bytes(b"challenge", &mut wide);
    Scalar::from_bytes_mod_order_wide(&wide)
}
