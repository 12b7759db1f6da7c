//! Random votes tally correctly with any committee subset of at least k members, and fewer
//! than k cannot open the tally.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Choices, Vote, cast, expected};
use phonghop_ballot::{
    OsRng, SecretKind, combine, partial_decrypt, tally, verify_ballot, verify_partial,
    verify_record,
};

/// Tallies `vote`, has several random subsets of the committee (k members, more than k, all)
/// decrypt, and checks every combination gives the true counts; k − 1 members get nothing.
fn check_tally(rng: &mut Choices, vote: &Vote) {
    let kind = vote.ctx.kind;
    let truth = expected(kind, vote.ctx.options, &vote.choices);
    let summed = tally(&vote.ctx, &vote.encrypted()).unwrap();
    assert_eq!(summed.ballots() as usize, vote.ballots.len());
    let k = vote.key.threshold();
    let n = vote.key.participants();
    let partials: Vec<_> = vote
        .shares
        .iter()
        .map(|share| partial_decrypt(&vote.ctx, &vote.key, share, &summed, &mut OsRng).unwrap())
        .collect();
    for partial in &partials {
        verify_partial(&vote.ctx, &vote.key, &summed, partial).unwrap();
    }
    let mut sizes = vec![k, n];
    sizes.push(k + rng.below(n - k + 1));
    for size in sizes {
        let members = rng.subset(n, size);
        let chosen: Vec<_> = members
            .iter()
            .map(|m| partials[*m as usize - 1].clone())
            .collect();
        let counts = combine(&vote.ctx, &vote.key, &summed, &chosen, summed.ballots()).unwrap();
        assert_eq!(
            counts, truth,
            "members {members:?} of a {k}-of-{n} committee"
        );
    }
    if k > 1 {
        let members = rng.subset(n, k - 1);
        let mut chosen: Vec<_> = members
            .iter()
            .map(|m| partials[*m as usize - 1].clone())
            .collect();
        // Repeating a member's partial does not make up the number.
        chosen.push(chosen[0].clone());
        let error = combine(&vote.ctx, &vote.key, &summed, &chosen, summed.ballots()).unwrap_err();
        assert_eq!(error.code(), "ballot.too_few_shares", "members {members:?}");
    }
}

/// A committee of 3 to 7 members with a threshold of 2 to n.
fn committee(rng: &mut Choices) -> (u32, u32) {
    let n = 3 + rng.below(5);
    let k = 2 + rng.below(n - 1);
    (k, n)
}

#[test]
fn one_of_votes_of_10_57_and_500_voters_tally_correctly() {
    let mut rng = Choices::new("one_of");
    for voters in [10, 57, 500] {
        let options = 2 + rng.below(2);
        let (k, n) = committee(&mut rng);
        let vote = cast(&mut rng, SecretKind::OneOf, options, voters, k, n);
        // The server checks each ballot as it arrives; here the first and last stand for all
        // (every ballot's proofs are checked by the record tests and the ignored full run).
        for i in [0, voters - 1] {
            let device = common::device(i).public_key();
            verify_ballot(&vote.ctx, &vote.key, &device, &vote.ballots[i].ballot).unwrap();
        }
        check_tally(&mut rng, &vote);
    }
}

#[test]
fn elections_of_up_to_k_candidates_tally_correctly() {
    let mut rng = Choices::new("up_to");
    for (voters, options, max) in [(10, 4, 2), (33, 5, 3)] {
        let (k, n) = committee(&mut rng);
        let vote = cast(&mut rng, SecretKind::UpTo { max }, options, voters, k, n);
        check_tally(&mut rng, &vote);
    }
}

#[test]
fn confidence_votes_tally_correctly() {
    let mut rng = Choices::new("ratings");
    for (voters, persons) in [(10, 3), (25, 2)] {
        let (k, n) = committee(&mut rng);
        let vote = cast(
            &mut rng,
            SecretKind::Ratings { levels: 3 },
            persons,
            voters,
            k,
            n,
        );
        check_tally(&mut rng, &vote);
    }
}

#[test]
fn fewer_than_k_members_cannot_open_the_tally() {
    let mut rng = Choices::new("too_few");
    let vote = cast(&mut rng, SecretKind::OneOf, 3, 5, 3, 5);
    let summed = tally(&vote.ctx, &vote.encrypted()).unwrap();
    let partials: Vec<_> = vote.shares[..2]
        .iter()
        .map(|share| partial_decrypt(&vote.ctx, &vote.key, share, &summed, &mut OsRng).unwrap())
        .collect();
    for given in [&partials[..0], &partials[..1], &partials[..2]] {
        let error = combine(&vote.ctx, &vote.key, &summed, given, 5).unwrap_err();
        assert_eq!(error.code(), "ballot.too_few_shares");
    }
    // A record with two of three needed partials is refused, and names why.
    let mut record = vote.record(&[1, 2, 3]);
    record.partials.truncate(2);
    assert_eq!(
        verify_record(&record).unwrap_err().code,
        "record.too_few_partials"
    );
}

/// Every size from 10 to 500 and every kind, each record fully verified: release mode only
/// (`cargo nextest run -p phonghop-ballot --release --run-ignored only`).
#[test]
#[ignore = "full size; run in release mode"]
fn full_size_random_votes_verify_end_to_end() {
    let mut rng = Choices::new("full_size");
    for voters in [10, 57, 123, 250, 500] {
        for (kind, options) in [
            (SecretKind::OneOf, 3),
            (SecretKind::OneOf, 10),
            (SecretKind::UpTo { max: 3 }, 7),
            (SecretKind::Ratings { levels: 3 }, 5),
        ] {
            let (k, n) = committee(&mut rng);
            let vote = cast(&mut rng, kind, options, voters, k, n);
            check_tally(&mut rng, &vote);
            let size = k + rng.below(n - k + 1);
            let members = rng.subset(n, size);
            let counts = verify_record(&vote.record(&members)).unwrap();
            assert_eq!(counts, expected(kind, options, &vote.choices));
        }
    }
}
