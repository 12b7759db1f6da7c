//! The committee's shares: dealt shares check against the published key, tampered ones do
//! not, and a partial decryption must come from the member's own share.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Choices, cast};
use phonghop_ballot::{
    KeyShare, OsRng, SecretKind, check_share, deal, partial_decrypt, tally, verify_partial,
};

#[test]
fn dealt_shares_check_and_tampered_ones_do_not() {
    for (k, n) in [(1, 1), (2, 3), (3, 5), (5, 7)] {
        let (key, shares) = deal(k, n, &mut OsRng).unwrap();
        assert_eq!((key.threshold(), key.participants()), (k, n));
        assert_eq!(shares.len(), n as usize);
        for share in &shares {
            check_share(&key, share).unwrap();
            assert_eq!(
                check_share(&key, &share.tampered()).unwrap_err().code(),
                "ballot.bad_share"
            );
        }
        // A share presented under another member's index, or from another key, is refused.
        let mut moved: KeyShare =
            serde_json::from_str(&serde_json::to_string(&shares[0]).unwrap()).unwrap();
        moved.index = n + 1;
        assert!(check_share(&key, &moved).is_err());
        if n > 1 {
            moved.index = 2;
            assert!(check_share(&key, &moved).is_err());
        }
        let (other, _) = deal(k, n, &mut OsRng).unwrap();
        assert!(check_share(&other, &shares[0]).is_err());
    }
}

#[test]
fn a_partial_decryption_must_be_the_members_own() {
    let mut rng = Choices::new("partial");
    let vote = cast(&mut rng, SecretKind::OneOf, 2, 4, 2, 3);
    let summed = tally(&vote.ctx, &vote.encrypted()).unwrap();
    let wrong = vote.shares[0].tampered();
    assert_eq!(
        partial_decrypt(&vote.ctx, &vote.key, &wrong, &summed, &mut OsRng)
            .unwrap_err()
            .code(),
        "ballot.bad_share"
    );
    let mut partial =
        partial_decrypt(&vote.ctx, &vote.key, &vote.shares[0], &summed, &mut OsRng).unwrap();
    verify_partial(&vote.ctx, &vote.key, &summed, &partial).unwrap();
    // Member 1's decryption passed off as member 2's.
    partial.index = 2;
    assert_eq!(
        verify_partial(&vote.ctx, &vote.key, &summed, &partial)
            .unwrap_err()
            .code(),
        "ballot.bad_proof"
    );
    partial.index = 1;
    // A decryption of another tally (one ballot fewer).
    let fewer = tally(&vote.ctx, &vote.encrypted()[1..]).unwrap();
    assert_eq!(
        verify_partial(&vote.ctx, &vote.key, &fewer, &partial)
            .unwrap_err()
            .code(),
        "ballot.bad_proof"
    );
    // A decryption made for another vote's context.
    let mut other_ctx = vote.ctx.clone();
    other_ctx.vote_id = "phieu-kin-2".into();
    assert_eq!(
        verify_partial(&other_ctx, &vote.key, &summed, &partial)
            .unwrap_err()
            .code(),
        "ballot.bad_proof"
    );
}
