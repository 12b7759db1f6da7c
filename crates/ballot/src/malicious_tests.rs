//! Ballots a cheating device might build, with proofs made as well as a cheater can: each
//! must be refused by [`verify_ballot`].

use curve25519_dalek::scalar::Scalar;
use rand_core::OsRng;

use crate::ballot::Plan;
use crate::{BallotContext, EncryptedBallot, SecretKind, deal, labels_hash, verify_ballot};

fn ctx(kind: SecretKind, options: u32) -> BallotContext {
    let labels: Vec<String> = (0..options).map(|i| format!("option {i}")).collect();
    BallotContext {
        organisation: "HĐND tỉnh Thái Nguyên".into(),
        meeting_id: "ky-hop-9".into(),
        vote_id: "bau-ban-kiem-phieu".into(),
        kind,
        options,
        labels_hash: labels_hash(&labels),
    }
}

/// A one-group ballot encrypting `values` whose proofs claim `claimed_bits` and `claimed_sum`.
fn forged(ctx: &BallotContext, values: &[Scalar], claimed_bits: &[u32], claimed_sum: u32) -> bool {
    let (key, _) = deal(2, 3, &mut OsRng).unwrap();
    let voter = [7u8; 32];
    let plan = Plan {
        values: vec![values.to_vec()],
        claimed_bits: vec![claimed_bits.to_vec()],
        claimed_sums: vec![claimed_sum],
    };
    let ballot = EncryptedBallot::build(ctx, &key, &voter, &plan, &mut OsRng).unwrap();
    match verify_ballot(ctx, &key, &voter, &ballot) {
        Ok(()) => true,
        Err(e) => {
            assert_eq!(e.code(), "ballot.bad_proof");
            false
        }
    }
}

fn s(v: u32) -> Scalar {
    Scalar::from(v)
}

#[test]
fn an_honest_plan_verifies_so_the_forgeries_below_fail_for_their_values() {
    let one_of = ctx(SecretKind::OneOf, 3);
    assert!(forged(&one_of, &[s(0), s(1), s(0)], &[0, 1, 0], 0));
}

#[test]
fn an_encrypted_two_is_refused() {
    let one_of = ctx(SecretKind::OneOf, 3);
    // A 2 claimed as a 1, with the others 0: the sum is 2, so both kinds of proof fail.
    assert!(!forged(&one_of, &[s(2), s(0), s(0)], &[1, 0, 0], 0));
    // A 2 claimed as a 0 beside a 1 cannot even sum to 1.
    let up_to = ctx(SecretKind::UpTo { max: 3 }, 3);
    assert!(!forged(&up_to, &[s(2), s(0), s(0)], &[1, 0, 0], 2));
}

#[test]
fn a_minus_one_that_keeps_the_sum_right_is_refused() {
    // 2 + (−1) + 0 = 1: the sum proof is honest and holds; the per-option proofs do not.
    let one_of = ctx(SecretKind::OneOf, 3);
    assert!(!forged(&one_of, &[s(2), -Scalar::ONE, s(0)], &[1, 0, 0], 0));
    assert!(!forged(&one_of, &[s(1), s(1), -Scalar::ONE], &[1, 1, 0], 0));
}

#[test]
fn two_choices_in_a_one_of_vote_are_refused() {
    let one_of = ctx(SecretKind::OneOf, 3);
    assert!(!forged(&one_of, &[s(1), s(1), s(0)], &[1, 1, 0], 0));
    // No choice at all is not a one-of ballot either.
    assert!(!forged(&one_of, &[s(0), s(0), s(0)], &[0, 0, 0], 0));
}

#[test]
fn more_than_the_maximum_is_refused() {
    let up_to = ctx(SecretKind::UpTo { max: 2 }, 4);
    assert!(forged(&up_to, &[s(1), s(1), s(0), s(0)], &[1, 1, 0, 0], 2));
    assert!(forged(&up_to, &[s(0), s(0), s(0), s(0)], &[0, 0, 0, 0], 0));
    assert!(!forged(&up_to, &[s(1), s(1), s(1), s(0)], &[1, 1, 1, 0], 2));
}
