//! `cargo bench -p phonghop-ballot --bench ballot` (run by `cargo xtask bench ballot`): a
//! secret one-of-10 vote with 500 voters and a 3-of-5 committee. Measures, per ballot, the
//! client's encrypt-and-prove and the server's check on arrival, then the full verification
//! of the published record (goal ≤ 5 s). The baseline, measured in the same run, is
//! Ed25519 with ring through phonghop-crypto — what an open vote's ballot costs to sign and
//! to check, in the spirit of `openssl speed ed25519`. Writes the JSON (DESIGN.md,
//! "Benchmarks") to `$PHONGHOP_BENCH_OUT` and the record to `ballot-record.json` beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "ballot/report.rs"]
mod report;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use phonghop_ballot::{
    BallotContext, OsRng, SecretKind, VoteRecord, ciphertext_fingerprints, combine, deal,
    encrypt_ballot, labels_hash, partial_decrypt, sign_ballot, tally, verify_ballot, verify_record,
    verify_record_json,
};
use phonghop_crypto::{SigningSecret, verify_signature};
use report::Entry;
use serde_json::json;

const VOTERS: usize = 500;
const OPTIONS: u32 = 10;
const THRESHOLD: u32 = 3;
const MEMBERS: u32 = 5;
const RECORD_GOAL_S: f64 = 5.0;
const ED25519_TOOL: &str = "Ed25519 (ring, phonghop-crypto)";

fn per_item_ms(total: Duration, items: usize) -> f64 {
    total.as_secs_f64() * 1e3 / items as f64
}

/// The shortest of `runs` timed calls.
fn best_of<T>(
    runs: usize,
    mut work: impl FnMut() -> Result<T, String>,
) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let out = work()?;
        best = best.min(start.elapsed());
        drop(black_box(out));
    }
    Ok(best)
}

fn run() -> Result<(), String> {
    let labels: Vec<String> = (1..=OPTIONS).map(|i| format!("Ứng cử viên {i}")).collect();
    let ctx = BallotContext {
        organisation: "HĐND tỉnh Thái Nguyên".into(),
        meeting_id: "ky-hop-thu-9".into(),
        vote_id: "bau-chu-tich".into(),
        kind: SecretKind::OneOf,
        options: OPTIONS,
        labels_hash: labels_hash(&labels),
    };
    let (key, shares) = deal(THRESHOLD, MEMBERS, &mut OsRng).map_err(|e| e.to_string())?;
    let devices: Vec<SigningSecret> = (0..VOTERS)
        .map(|_| SigningSecret::generate().map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let choices: Vec<u32> = (0..VOTERS)
        .map(|i| ((i * 7 + i / 3) % OPTIONS as usize) as u32)
        .collect();

    // Baseline: Ed25519 signing and verification of a ballot-sized statement.
    let message = vec![7u8; 200];
    let signatures: Vec<[u8; 64]> = devices.iter().map(|d| d.sign(&message)).collect();
    let sign_time = best_of(3, || {
        Ok(devices.iter().map(|d| d.sign(&message)).collect::<Vec<_>>())
    })?;
    let verify_time = best_of(3, || {
        let ok = devices
            .iter()
            .zip(&signatures)
            .all(|(d, s)| verify_signature(&d.public_key(), &message, s));
        if ok {
            Ok(())
        } else {
            Err("baseline signature failed".to_string())
        }
    })?;
    let ed_sign_ms = per_item_ms(sign_time, VOTERS);
    let ed_verify_ms = per_item_ms(verify_time, VOTERS);

    // The client: encrypt, prove and sign each ballot.
    println!("bench: encrypting {VOTERS} ballots of {OPTIONS} options");
    let start = Instant::now();
    let mut ballots = Vec::with_capacity(VOTERS);
    for (i, device) in devices.iter().enumerate() {
        let ballot = encrypt_ballot(&ctx, &key, &device.public_key(), &[choices[i]], &mut OsRng)
            .map_err(|e| e.to_string())?;
        ballots.push(sign_ballot(&ctx, &format!("may-{i:03}"), device, ballot));
    }
    let encrypt_ms = per_item_ms(start.elapsed(), VOTERS);

    // The server, on arrival: proofs, signature, fingerprints — one core.
    let start = Instant::now();
    for (device, signed) in devices.iter().zip(&ballots) {
        verify_ballot(&ctx, &key, &device.public_key(), &signed.ballot)
            .map_err(|e| e.to_string())?;
        black_box(ciphertext_fingerprints(&signed.ballot));
        let statement = phonghop_ballot::ballot_statement(
            &ctx,
            &signed.device_id,
            &phonghop_ballot::ballot_hash(&signed.ballot),
        );
        let signature = phonghop_ballot::decode_hex::<64>(&signed.signature).ok_or("signature")?;
        if !verify_signature(&device.public_key(), &statement, &signature) {
            return Err("a ballot's signature does not verify".into());
        }
    }
    let check_ms = per_item_ms(start.elapsed(), VOTERS);

    // The close: tally, three members decrypt, combine.
    let encrypted: Vec<_> = ballots.iter().map(|b| b.ballot.clone()).collect();
    let start = Instant::now();
    let summed = tally(&ctx, &encrypted).map_err(|e| e.to_string())?;
    let tally_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let partials: Vec<_> = shares[..THRESHOLD as usize]
        .iter()
        .map(|share| {
            partial_decrypt(&ctx, &key, share, &summed, &mut OsRng).map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let partial_ms = start.elapsed().as_secs_f64() * 1e3 / f64::from(THRESHOLD);
    let counts =
        combine(&ctx, &key, &summed, &partials, summed.ballots()).map_err(|e| e.to_string())?;
    let mut expected = vec![0u32; OPTIONS as usize];
    for choice in &choices {
        expected[*choice as usize] += 1;
    }
    if counts != expected {
        return Err(format!(
            "the tally is wrong: {counts:?}, expected {expected:?}"
        ));
    }

    let record = VoteRecord {
        context: ctx.clone(),
        labels,
        key: key.clone(),
        ballots,
        partials,
        counts,
    };
    let record_json = serde_json::to_vec(&record).map_err(|e| e.to_string())?;

    // Anyone: the whole record, from its JSON, as `phonghop-cli verify` does.
    println!(
        "bench: verifying the record ({} bytes) three times",
        record_json.len()
    );
    let record_time = best_of(3, || {
        verify_record_json(&record_json).map_err(|e| e.to_string())
    })?;
    let record_s = record_time.as_secs_f64();
    let verified = verify_record(&record).map_err(|e| e.to_string())?;
    let open_vote_s = verify_time.as_secs_f64();
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);

    let params = json!({"voters": VOTERS, "options": OPTIONS, "kind": "one_of", "committee": format!("{THRESHOLD} of {MEMBERS}")});
    let entries = vec![
        Entry::time("encrypt_and_prove_per_ballot", "ms", encrypt_ms, ed_sign_ms, &format!("{ED25519_TOOL}: one signature"), json!({"options": OPTIONS, "includes": "encryption, 0/1 proofs, sum proof, ballot hash, Ed25519 signature", "threads": 1})),
        Entry::time("server_check_per_ballot", "ms", check_ms, ed_verify_ms, &format!("{ED25519_TOOL}: one verification"), json!({"options": OPTIONS, "includes": "proofs, signature, fingerprints", "threads": 1})),
        Entry::time("tally_500_ballots", "ms", tally_ms, ed_verify_ms * VOTERS as f64, &format!("{ED25519_TOOL}: {VOTERS} verifications"), params.clone()),
        Entry::time("partial_decryption_per_member", "ms", partial_ms, ed_sign_ms, &format!("{ED25519_TOOL}: one signature"), json!({"options": OPTIONS})),
        Entry::time("verify_record_500_ballots", "s", record_s, open_vote_s, &format!("{ED25519_TOOL}: {VOTERS} verifications (an open vote's record)"), json!({"voters": VOTERS, "options": OPTIONS, "committee": format!("{THRESHOLD} of {MEMBERS}"), "record_bytes": record_json.len(), "threads": threads, "best_of": 3})).with_goal(RECORD_GOAL_S),
    ];
    report::print_table(&entries);
    println!("bench: the record verifies, counts {verified:?}; {threads} threads");

    let path = report::output_path();
    let record_path = path.with_file_name("ballot-record.json");
    report::write(
        &path,
        &serde_json::to_vec_pretty(&entries).map_err(|e| e.to_string())?,
    )?;
    report::write(&record_path, &record_json)?;
    println!(
        "bench: wrote {} and {}",
        path.display(),
        record_path.display()
    );
    if record_s > RECORD_GOAL_S {
        println!("bench: the record took {record_s:.2} s, over the {RECORD_GOAL_S} s goal");
    }
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and then there is
    // nothing to check quickly, so say so and succeed.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("ballot bench: run it with `cargo xtask bench ballot` (release mode)");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ballot bench: error: {error}");
            ExitCode::FAILURE
        }
    }
}
