//! Ballots a dishonest voter or server might submit, through the public API: copies of
//! another voter's ballot, proofs lifted from another vote, key or voter, and choices that
//! do not fit. (Encrypted 2s, −1s and over-full ballots with forged proofs are in the
//! crate's `malicious_tests`, which can build proofs for values the API refuses.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Choices, cast, context, device};
use phonghop_ballot::{
    BallotContext, OsRng, SecretKind, ciphertext_fingerprints, deal, encrypt_ballot, sign_ballot,
    verify_ballot, verify_record,
};

#[test]
fn a_copied_ballot_is_refused() {
    let mut rng = Choices::new("copy");
    let vote = cast(&mut rng, SecretKind::OneOf, 3, 3, 2, 3);
    let alice = device(0);
    let mallory = device(7);
    let copied = vote.ballots[0].ballot.clone();
    // The copy's proofs are bound to Alice's device key, not Mallory's.
    verify_ballot(&vote.ctx, &vote.key, &alice.public_key(), &copied).unwrap();
    let error = verify_ballot(&vote.ctx, &vote.key, &mallory.public_key(), &copied).unwrap_err();
    assert_eq!(error.code(), "ballot.bad_proof");
    // The server sees the same ciphertexts…
    assert_eq!(
        ciphertext_fingerprints(&copied),
        ciphertext_fingerprints(&vote.ballots[0].ballot)
    );
    // …and a record holding the copy, signed by Mallory, is refused for it.
    let mut record = vote.record(&[1, 2]);
    record
        .ballots
        .push(sign_ballot(&vote.ctx, "device-7", &mallory, copied));
    assert_eq!(
        verify_record(&record).unwrap_err().code,
        "record.copied_ciphertext"
    );
    // Two honest ballots of the same choice share no ciphertext.
    let again = encrypt_ballot(
        &vote.ctx,
        &vote.key,
        &alice.public_key(),
        &vote.choices[0],
        &mut OsRng,
    )
    .unwrap();
    let fresh = ciphertext_fingerprints(&again);
    assert!(
        ciphertext_fingerprints(&vote.ballots[0].ballot)
            .iter()
            .all(|f| !fresh.contains(f))
    );
}

#[test]
fn a_proof_from_another_vote_key_or_voter_is_refused() {
    let ctx = context(SecretKind::OneOf, 3, "phieu-kin-1");
    let (key, _) = deal(2, 3, &mut OsRng).unwrap();
    let voter = device(0).public_key();
    let ballot = encrypt_ballot(&ctx, &key, &voter, &[1], &mut OsRng).unwrap();
    verify_ballot(&ctx, &key, &voter, &ballot).unwrap();

    let others: Vec<(&str, BallotContext)> = vec![
        (
            "another vote",
            BallotContext {
                vote_id: "phieu-kin-2".into(),
                ..ctx.clone()
            },
        ),
        (
            "another meeting",
            BallotContext {
                meeting_id: "ky-hop-thu-10".into(),
                ..ctx.clone()
            },
        ),
        (
            "another organisation",
            BallotContext {
                organisation: "HĐND tỉnh Bắc Kạn".into(),
                ..ctx.clone()
            },
        ),
        (
            "other labels",
            BallotContext {
                labels_hash: [9; 32],
                ..ctx.clone()
            },
        ),
        (
            // One person rated at three levels has the very shape of a one-of-3 ballot.
            "another kind of the same shape",
            BallotContext {
                kind: SecretKind::Ratings { levels: 3 },
                options: 1,
                ..ctx.clone()
            },
        ),
    ];
    for (what, other) in others {
        let error = verify_ballot(&other, &key, &voter, &ballot).unwrap_err();
        assert_eq!(error.code(), "ballot.bad_proof", "{what}");
    }
    let (other_key, _) = deal(2, 3, &mut OsRng).unwrap();
    assert_eq!(
        verify_ballot(&ctx, &other_key, &voter, &ballot)
            .unwrap_err()
            .code(),
        "ballot.bad_proof"
    );
    assert_eq!(
        verify_ballot(&ctx, &key, &device(1).public_key(), &ballot)
            .unwrap_err()
            .code(),
        "ballot.bad_proof"
    );
    // A ballot of another shape is refused as such.
    let wider = BallotContext {
        options: 4,
        ..ctx.clone()
    };
    assert_eq!(
        verify_ballot(&wider, &key, &voter, &ballot)
            .unwrap_err()
            .code(),
        "ballot.wrong_shape"
    );
}

#[test]
fn choices_that_do_not_fit_are_refused_before_encryption() {
    let (key, _) = deal(2, 3, &mut OsRng).unwrap();
    let voter = device(0).public_key();
    let one_of = context(SecretKind::OneOf, 3, "v");
    let up_to = context(SecretKind::UpTo { max: 2 }, 4, "v");
    let ratings = context(SecretKind::Ratings { levels: 3 }, 2, "v");
    for (ctx, choices) in [
        (&one_of, vec![3]),
        (&one_of, vec![0, 1]),
        (&one_of, vec![]),
        (&up_to, vec![0, 1, 2]),
        (&up_to, vec![1, 1]),
        (&up_to, vec![4]),
        (&ratings, vec![0]),
        (&ratings, vec![0, 3]),
    ] {
        let error = encrypt_ballot(ctx, &key, &voter, &choices, &mut OsRng).unwrap_err();
        assert_eq!(
            error.code(),
            "ballot.bad_choice",
            "{choices:?} in {:?}",
            ctx.kind
        );
    }
}
