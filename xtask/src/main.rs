//! `cargo xtask`: the project's two commands (and the benchmark entry point).
//!
//! - `cargo xtask test`: install what is missing, then run every suite — Rust (nextest),
//!   the UI's Vitest tests, and the end-to-end tests of the real app under Xvfb — and end
//!   with `summary: N passed, M failed`.
//! - `cargo xtask demo [--headless] [--chair]`: install, build, start a local server with the
//!   demo organisation and meeting, and open the desktop app signed in as the secretary (with
//!   `--chair`, a second window signed in as the chair, to run the meeting room).
//! - `cargo xtask bench [NAME]`: benchmarks against baselines measured in the same run.

mod api_fuzz;
mod bench;
mod demo;
mod process;
mod setup;
mod suites;
mod workspace;

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <test | test-api | demo [--headless] [--chair] | bench [NAME]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => suites::run_all(),
        // Only the schemathesis suite (it is also part of `test`).
        Some("test-api") => api_fuzz::run_suite().map(|(passed, failed)| {
            println!("api (schemathesis): {passed} passed, {failed} failed");
            failed == 0
        }),
        Some("demo") => demo::run(
            args.iter().any(|arg| arg == "--headless"),
            args.iter().any(|arg| arg == "--chair"),
        ),
        Some("bench") => match args.get(1..).unwrap_or_default() {
            [] => bench::run_named(None),
            [name] => bench::run_named(Some(name)),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
