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
}

const BENCHMARKS: &[Benchmark] = &[
    Benchmark {
        name: "crypto",
        package: "phonghop-crypto",
        target: "crypto",
        about: "publishing throughput vs openssl; bytes a revision re-sends (file and PDF pairs)",
    },
    Benchmark {
        name: "render",
        package: "phonghop-core",
        target: "render",
        about: "page turn and first page of a 100-page document vs mutool and pdftoppm",
    },
    Benchmark {
        name: "store",
        package: "phonghop-store",
        target: "chunks",
        about: "client chunk storage: SQLite BLOBs vs content-addressed files (write, lookup, read 20 MiB)",
    },
    Benchmark {
        name: "server",
        package: "phonghop-server",
        target: "server",
        about: "chunk download throughput vs nginx; feed fan-out to 1,000 WebSockets",
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
        run(Command::new("cargo")
            .args(["bench", "-p", bench.package, "--bench", bench.target])
            .current_dir(workspace::root())
            .env("PHONGHOP_BENCH_OUT", &out)
            .env("PHONGHOP_PDFIUM_DIR", workspace::pdfium_dir()))?;
        say(&format!(
            "benchmark {}: results in {}",
            bench.name,
            out.display()
        ));
    }
    Ok(true)
}
