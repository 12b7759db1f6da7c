//! The published record: a valid one verifies and gives the counts; every failure is named;
//! and no change of a single byte of its JSON yields a record that still verifies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Instant;

use common::{Choices, Vote, cast, device, expected};
use phonghop_ballot::{
    OsRng, SecretKind, VoteRecord, ballot_hash, encrypt_ballot, sign_ballot, verify_record,
    verify_record_json,
};

/// The tiny record the byte-change tests use: 3 voters, one of 2 options, 2 of 3 members,
/// all three of whom published.
fn tiny() -> (Vote, VoteRecord) {
    let mut rng = Choices::new("tiny");
    let vote = cast(&mut rng, SecretKind::OneOf, 2, 3, 2, 3);
    let record = vote.record(&[1, 2, 3]);
    (vote, record)
}

#[test]
fn a_valid_record_verifies_and_gives_the_counts() {
    let mut rng = Choices::new("valid");
    for (kind, options) in [
        (SecretKind::OneOf, 3),
        (SecretKind::UpTo { max: 2 }, 4),
        (SecretKind::Ratings { levels: 3 }, 2),
    ] {
        let vote = cast(&mut rng, kind, options, 4, 2, 3);
        let record = vote.record(&[3, 1]);
        assert_eq!(
            verify_record(&record).unwrap(),
            expected(kind, options, &vote.choices)
        );
        let json = serde_json::to_vec(&record).unwrap();
        assert_eq!(verify_record_json(&json).unwrap(), record.counts);
        let back: VoteRecord = serde_json::from_slice(&json).unwrap();
        assert_eq!(serde_json::to_vec(&back).unwrap(), json, "one text form");
    }
}

#[test]
fn record_failures_are_named() {
    let (vote, record) = tiny();
    let code = |record: &VoteRecord| verify_record(record).unwrap_err().code;

    let mut changed = record.clone();
    changed.labels[0] = "Phương án khác".into();
    assert_eq!(code(&changed), "record.labels_mismatch");

    // The server adds a ballot of its own: no device signed it.
    let mut changed = record.clone();
    let mut extra = changed.ballots[0].clone();
    extra.device_id = "device-99".into();
    changed.ballots.push(extra);
    assert_eq!(code(&changed), "record.bad_signature");

    // A ballot is swapped for another with the same device's signature over the old one.
    let mut changed = record.clone();
    let other = encrypt_ballot(
        &vote.ctx,
        &vote.key,
        &device(0).public_key(),
        &[1],
        &mut OsRng,
    )
    .unwrap();
    changed.ballots[0].ballot = other;
    assert_eq!(code(&changed), "record.bad_signature");

    // A device votes twice.
    let mut changed = record.clone();
    let again = encrypt_ballot(
        &vote.ctx,
        &vote.key,
        &device(1).public_key(),
        &[0],
        &mut OsRng,
    )
    .unwrap();
    changed
        .ballots
        .push(sign_ballot(&vote.ctx, "device-1", &device(1), again));
    assert_eq!(code(&changed), "record.duplicate_device");

    // A ballot is dropped: the partial decryptions were of another tally.
    let mut changed = record.clone();
    changed.ballots.pop();
    assert_eq!(code(&changed), "record.bad_partial");

    let mut changed = record.clone();
    changed.partials.push(changed.partials[0].clone());
    assert_eq!(code(&changed), "record.duplicate_partial");

    let mut changed = record.clone();
    changed.partials.truncate(1);
    assert_eq!(code(&changed), "record.too_few_partials");

    let mut changed = record.clone();
    changed.counts[0] += 1;
    changed.counts[1] -= changed.counts[1].min(1);
    assert_eq!(code(&changed), "record.counts_mismatch");

    let mut changed = record.clone();
    changed.context.vote_id = "phieu-kin-2".into();
    assert_eq!(code(&changed), "record.bad_signature");

    let error = verify_record_json(b"{\"context\":").unwrap_err();
    assert_eq!(error.code, "record.malformed");
    assert!(
        !ballot_hash(&record.ballots[0].ballot)
            .iter()
            .all(|b| *b == 0)
    );
}

/// Whether a byte inside a long lower-case hex run (a key, ciphertext, proof or signature).
fn hex_positions(json: &[u8]) -> Vec<bool> {
    let mut inside = vec![false; json.len()];
    let mut start = 0;
    while start < json.len() {
        let mut end = start;
        while end < json.len() && matches!(json[end], b'0'..=b'9' | b'a'..=b'f') {
            end += 1;
        }
        if end - start >= 32 {
            inside[start..end].iter_mut().for_each(|b| *b = true);
        }
        start = end + 1;
    }
    inside
}

/// The changes tried at one position: in hex, every other lower-case digit, the upper-case
/// form and a few non-hex bytes; elsewhere, every other byte value.
fn alternatives(byte: u8, in_hex: bool) -> Vec<u8> {
    if in_hex {
        let mut values: Vec<u8> = b"0123456789abcdef"
            .iter()
            .copied()
            .filter(|b| *b != byte)
            .collect();
        values.extend([byte.to_ascii_uppercase(), b'g', b'"', b' ', 0xff]);
        values.retain(|b| *b != byte);
        values.dedup();
        values
    } else {
        (0..=255u8).filter(|b| *b != byte).collect()
    }
}

/// Applies every change of `plan` (position, value) to `json` on every core; returns
/// (parse failures, verify failures) and panics naming any change that still verifies.
fn check_changes(json: &[u8], plan: &[(usize, u8)]) -> (usize, usize) {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let chunk = plan.len().div_ceil(threads).max(1);
    let results: Vec<(usize, usize, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = plan
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let (mut parse, mut verify, mut accepted) = (0, 0, Vec::new());
                    let mut bytes = json.to_vec();
                    for &(position, value) in part {
                        let original = bytes[position];
                        bytes[position] = value;
                        match serde_json::from_slice::<VoteRecord>(&bytes) {
                            Err(_) => parse += 1,
                            Ok(record) => match verify_record(&record) {
                                Err(_) => verify += 1,
                                Ok(counts) => accepted.push(format!(
                                    "byte {position} {:?} -> {:?} verifies with counts {counts:?}: …{}…",
                                    original as char,
                                    value as char,
                                    String::from_utf8_lossy(
                                        &bytes[position.saturating_sub(40)..(position + 40).min(bytes.len())]
                                    )
                                )),
                            },
                        }
                        bytes[position] = original;
                    }
                    (parse, verify, accepted)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let parse = results.iter().map(|r| r.0).sum();
    let verify = results.iter().map(|r| r.1).sum();
    let accepted: Vec<String> = results.into_iter().flat_map(|r| r.2).collect();
    assert!(
        accepted.is_empty(),
        "{} changes verified:\n{}",
        accepted.len(),
        accepted.join("\n")
    );
    (parse, verify)
}

/// Every change at every position, as [`alternatives`] lists them: hundreds of thousands of
/// changed records, tens of thousands of them parsed and verified (about 80 s in a debug
/// build with the curve arithmetic optimised, 25 s in release). Part of every test run,
/// since "every single-byte change is refused" is what the verifier promises.
#[test]
fn every_single_byte_change_is_refused() {
    let (_, record) = tiny();
    let json = serde_json::to_vec(&record).unwrap();
    assert!(verify_record_json(&json).is_ok());
    let hex = hex_positions(&json);
    let plan: Vec<(usize, u8)> = json
        .iter()
        .enumerate()
        .flat_map(|(i, b)| alternatives(*b, hex[i]).into_iter().map(move |v| (i, v)))
        .collect();
    let start = Instant::now();
    let (parse, verify) = check_changes(&json, &plan);
    eprintln!(
        "{} bytes, {} changes: {parse} do not parse, {verify} fail verification, none verifies ({:.1} s)",
        json.len(),
        plan.len(),
        start.elapsed().as_secs_f64()
    );
}
