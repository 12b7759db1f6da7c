//! `cargo bench -p phonghop-crypto --bench crypto` (run by `cargo xtask bench crypto`):
//! publishing throughput against `openssl speed`, and the bytes a revision re-sends —
//! for a 20 MiB file with scattered edits and for real PDF pairs — against the physical
//! minimum, rsync or the whole file. Prints a table and writes JSON (DESIGN.md,
//! "Benchmarks") to `$PHONGHOP_BENCH_OUT`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "crypto/corpus.rs"]
mod corpus;
#[path = "crypto/pdf_pairs.rs"]
mod pdf_pairs;
#[path = "crypto/pipeline.rs"]
mod pipeline;
#[path = "crypto/report.rs"]
mod report;
#[path = "crypto/resend.rs"]
mod resend;
#[path = "crypto/revision.rs"]
mod revision;
#[path = "crypto/rng.rs"]
mod rng;
#[path = "crypto/stages.rs"]
mod stages;
#[path = "crypto/timing.rs"]
mod timing;
#[path = "crypto/tools.rs"]
mod tools;

use std::process::ExitCode;

use phonghop_crypto::{DeviceSecrets, SymmetricKey};

/// Average chunk sizes compared (the default is 32 KiB).
const AVERAGES: [u32; 3] = [16 * 1024, 32 * 1024, 64 * 1024];

fn run() -> Result<(), String> {
    let (openssl, version) = tools::openssl_aes_gcm_gb_s()?;
    let tool = format!("openssl speed -evp aes-256-gcm, 16 KiB blocks ({version})");
    let key = SymmetricKey::generate().map_err(|e| e.to_string())?;
    let device = DeviceSecrets::generate().map_err(|e| e.to_string())?;

    let mut entries = pipeline::run(&key, &device, &AVERAGES, openssl, &tool)?;
    entries.extend(revision::run(&key, &device, &AVERAGES)?);
    entries.extend(pdf_pairs::run(&key, &device, &AVERAGES)?);

    report::print_table(&entries);
    if !tools::have("rsync") {
        println!(
            "note: rsync is not installed, so the revision baselines are the edited bytes (file) and the whole file (PDF)."
        );
    }
    let path = report::output_path();
    report::write_json(&entries, &path)?;
    println!("bench: wrote {}", path.display());
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and then there is
    // nothing to check quickly, so say so and succeed.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("crypto bench: run it with `cargo xtask bench crypto` (release mode)");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crypto bench: error: {error}");
            ExitCode::FAILURE
        }
    }
}
