//! `cargo xtask bench [NAME]`: each benchmark is a `harness = false` bench target run in
//! release mode beside its baselines; it prints a table and writes
//! `<target>/bench/NAME.json` (DESIGN.md, "Benchmarks").

use std::process::Command;

use anyhow::{Result, bail};

use crate::process::{run, say};
use crate::{setup, workspace};

/// A benchmark: its name on the command line, and the package and bench target that run it.
struct Benchmark {
    name: &'static str,
    package: &'static str,
    target: &'static str,
    about: &'static str,
    /// A binary of the workspace the benchmark runs as a separate process: built in release
    /// mode first, and its path passed as `PHONGHOP_CLI`.
    client: Option<&'static str>,
}

const BENCHMARKS: &[Benchmark] = &[
    Benchmark {
        name: "crypto",
        package: "phonghop-crypto",
        target: "crypto",
        about: "publishing throughput vs openssl; bytes a revision re-sends (file and PDF pairs)",
        client: None,
    },
    Benchmark {
        name: "ballot",
        package: "phonghop-ballot",
        target: "ballot",
        about: "secret ballot, 500 voters and 10 options: encrypt-and-prove, server check, whole record verification (goal ≤ 5 s) vs Ed25519",
        client: None,
    },
    Benchmark {
        name: "render",
        package: "phonghop-core",
        target: "render",
        about: "page turn and first page of a 100-page document vs mutool and pdftoppm",
        client: None,
    },
    Benchmark {
        name: "store",
        package: "phonghop-store",
        target: "chunks",
        about: "client chunk storage: SQLite BLOBs vs content-addressed files (write, lookup, read 20 MiB)",
        client: None,
    },
    Benchmark {
        name: "server",
        package: "phonghop-server",
        target: "server",
        about: "chunk download throughput vs nginx; feed fan-out to 1,000 WebSockets",
        client: None,
    },
    Benchmark {
        name: "vote",
        package: "phonghop-server",
        target: "vote",
        about: "1,000 members on live feeds: vote-open notification, ballot to signed receipt, close to result at every client",
        client: None,
    },
    Benchmark {
        name: "sync",
        package: "phonghop-tests",
        target: "sync",
        about: "30 members on emulated 4 Mbit/s, 80 ms, 1 % links fetching a 20 MiB packet vs the ideal and curl + nginx; bytes a revision moves vs rsync (needs root)",
        client: Some("phonghop-cli"),
    },
];

/// Runs the benchmark called `name`, or all of them; fails on an unknown name.
pub fn run_named(name: Option<&str>) -> Result<bool> {
    let chosen: Vec<&Benchmark> = match name {
        None => BENCHMARKS.iter().collect(),
        Some(name) => match BENCHMARKS.iter().find(|bench| bench.name == name) {
            Some(bench) => vec![bench],
            None => {
                let known: Vec<String> = BENCHMARKS
                    .iter()
                    .map(|bench| format!("  {:<8} {}", bench.name, bench.about))
                    .collect();
                bail!(
                    "unknown benchmark `{name}`; the benchmarks are:\n{}",
                    known.join("\n")
                );
            }
        },
    };
    setup::for_bench()?;
    for bench in chosen {
        let out = workspace::target_dir()
            .join("bench")
            .join(format!("{}.json", bench.name));
        say(&format!("benchmark {}: {}", bench.name, bench.about));
        let mut command = Command::new("cargo");
        command
            .args(["bench", "-p", bench.package, "--bench", bench.target])
            .current_dir(workspace::root())
            .env("PHONGHOP_BENCH_OUT", &out)
            .env("PHONGHOP_PDFIUM_DIR", workspace::pdfium_dir());
        if let Some(client) = bench.client {
            say(&format!(
                "benchmark {}: building {client} in release mode",
                bench.name
            ));
            run(Command::new("cargo")
                .args(["build", "--release", "-p", client, "--bin", client])
                .current_dir(workspace::root()))?;
            command.env(
                "PHONGHOP_CLI",
                workspace::target_dir().join("release").join(client),
            );
        }
        run(&mut command)?;
        say(&format!(
            "benchmark {}: results in {}",
            bench.name,
            out.display()
        ));
    }
    Ok(true)
}
