//! `cargo xtask test`: every suite in order, each line counted, one summary at the end.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::process::{Children, have, run, run_captured, say};
use crate::{setup, workspace};

/// Cargo features every build of the workspace uses, so the test build and the app the
/// end-to-end tests drive share one compilation.
pub const APP_FEATURES: &str = "phonghop-desktop/custom-protocol";

/// A suite runner.
type Suite = fn() -> Result<SuiteResult>;

/// The counts of one suite.
#[derive(Debug, Clone)]
struct SuiteResult {
    name: &'static str,
    passed: u64,
    failed: u64,
    note: Option<String>,
}

impl SuiteResult {
    fn could_not_run(name: &'static str, error: &anyhow::Error) -> Self {
        Self {
            name,
            passed: 0,
            failed: 1,
            note: Some(format!("could not run: {error:#}")),
        }
    }
}

fn number_before(line: &str, word: &str) -> Option<u64> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .collect();
    words
        .windows(2)
        .find(|pair| pair[1] == word)
        .and_then(|pair| pair[0].parse().ok())
}

/// Reads nextest's closing line: `N tests run: P passed, F failed, S skipped`.
fn parse_nextest(output: &str) -> Option<(u64, u64)> {
    let line = output.lines().rev().find(|line| {
        line.contains("Summary [") && (line.contains("tests run:") || line.contains("test run:"))
    })?;
    let passed = number_before(line, "passed").unwrap_or(0);
    let failed =
        number_before(line, "failed").unwrap_or(0) + number_before(line, "timed").unwrap_or(0);
    Some((passed, failed))
}

/// Sums libtest's `test result:` lines (used where nextest is absent).
fn parse_libtest(output: &str) -> Option<(u64, u64)> {
    let lines: Vec<&str> = output
        .lines()
        .filter(|line| line.starts_with("test result:"))
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(lines.iter().fold((0, 0), |(passed, failed), line| {
        (
            passed + number_before(line, "passed").unwrap_or(0),
            failed + number_before(line, "failed").unwrap_or(0),
        )
    }))
}

fn cargo_tests(
    name: &'static str,
    filter: &[&str],
    envs: &[(&str, String)],
) -> Result<SuiteResult> {
    let nextest = Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .map(|output| output.status.success())
        .unwrap_or(false);
    let mut command = Command::new("cargo");
    if nextest {
        command.args([
            "nextest",
            "run",
            "--no-fail-fast",
            "--features",
            APP_FEATURES,
        ]);
    } else {
        say("cargo-nextest not found; using cargo test");
        command.args(["test", "--no-fail-fast", "--features", APP_FEATURES]);
    }
    command.args(filter).current_dir(workspace::root());
    for (key, value) in envs {
        command.env(key, value);
    }
    let (success, output) = run_captured(&mut command)?;
    let counts = if nextest {
        parse_nextest(&output)
    } else {
        parse_libtest(&output)
    };
    let Some((passed, failed)) = counts else {
        bail!("the test run printed no summary (did it compile?)");
    };
    if !success && failed == 0 {
        bail!("the test command failed with {passed} passed and no failure counted");
    }
    if passed + failed == 0 {
        bail!("no test ran");
    }
    Ok(SuiteResult {
        name,
        passed,
        failed,
        note: None,
    })
}

fn rust_suite() -> Result<SuiteResult> {
    let pdfium = workspace::pdfium_dir().display().to_string();
    let filter: &[&str] = &["--workspace", "-E", "not binary(e2e)"];
    cargo_tests("rust", filter, &[("PHONGHOP_PDFIUM_DIR", pdfium)])
}

/// `cargo fmt --check` and `cargo clippy -D warnings`, counted as one check each.
fn lint_suite() -> Result<SuiteResult> {
    let root = workspace::root();
    let mut passed = 0;
    let mut failed = 0;
    let checks: [&[&str]; 2] = [
        &["fmt", "--all", "--check"],
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            APP_FEATURES,
            "--",
            "-D",
            "warnings",
        ],
    ];
    for args in checks {
        match run(Command::new("cargo").args(args).current_dir(&root)) {
            Ok(()) => passed += 1,
            Err(error) => {
                say(&format!("lint failed: {error:#}"));
                failed += 1;
            }
        }
    }
    Ok(SuiteResult {
        name: "lint (fmt, clippy)",
        passed,
        failed,
        note: None,
    })
}

fn vitest_suite() -> Result<SuiteResult> {
    let report = workspace::target_dir().join("vitest-report.json");
    let _ = std::fs::remove_file(&report);
    let mut command = Command::new("npx");
    command
        .args(["vitest", "run", "--reporter=default", "--reporter=json"])
        .arg(format!("--outputFile.json={}", report.display()))
        .current_dir(workspace::root().join("ui"));
    let (success, _) = run_captured(&mut command)?;
    let text = std::fs::read_to_string(&report)
        .with_context(|| format!("vitest wrote no report at {}", report.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).context("reading the vitest report")?;
    let count = |key: &str| {
        json.get(key)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let passed = count("numPassedTests");
    let mut failed = count("numFailedTests");
    if !success && failed == 0 {
        failed = 1;
    }
    if passed + failed == 0 {
        bail!("vitest ran no test");
    }
    Ok(SuiteResult {
        name: "ui (vitest)",
        passed,
        failed,
        note: None,
    })
}

/// Starts Xvfb on a free display and returns its name (":N").
fn start_xvfb(children: &mut Children) -> Result<String> {
    let number = (90..200)
        .find(|n| {
            !PathBuf::from(format!("/tmp/.X11-unix/X{n}")).exists()
                && !PathBuf::from(format!("/tmp/.X{n}-lock")).exists()
        })
        .context("no free X display number")?;
    let display = format!(":{number}");
    children.spawn(
        "Xvfb",
        Command::new("Xvfb").args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"]),
    )?;
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while !socket.exists() {
        if Instant::now() > deadline {
            bail!("Xvfb did not open display {display} within 20 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(display)
}

/// Builds the app with its bundled UI and returns the binary.
pub fn build_app() -> Result<PathBuf> {
    run(Command::new("cargo")
        .args([
            "build",
            "-p",
            "phonghop-desktop",
            "--features",
            APP_FEATURES,
        ])
        .current_dir(workspace::root()))?;
    Ok(workspace::binary("phonghop-desktop"))
}

fn e2e_suite() -> Result<SuiteResult> {
    let app = build_app()?;
    for program in [
        "Xvfb",
        "dbus-run-session",
        "/usr/bin/WebKitWebDriver",
        "tauri-driver",
    ] {
        if !have(program) {
            bail!("{program} is missing");
        }
    }
    let mut children = Children::default();
    let display = start_xvfb(&mut children)?;
    let artifacts = workspace::target_dir().join("e2e");
    std::fs::create_dir_all(&artifacts)?;
    let nextest = Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .map(|output| output.status.success())
        .unwrap_or(false);
    let mut command = Command::new("dbus-run-session");
    command.args(["--", "cargo"]);
    if nextest {
        command.args(["nextest", "run", "--no-fail-fast"]);
        command.args([
            "-p",
            "phonghop-tests",
            "--test",
            "e2e",
            "--run-ignored",
            "only",
            "--test-threads",
            "1",
        ]);
    } else {
        command.args(["test", "--no-fail-fast"]);
        command.args([
            "-p",
            "phonghop-tests",
            "--test",
            "e2e",
            "--",
            "--ignored",
            "--test-threads",
            "1",
        ]);
    }
    command
        .current_dir(workspace::root())
        .env("DISPLAY", &display)
        .env("NO_AT_BRIDGE", "1")
        .env("PHONGHOP_E2E_APP", &app)
        .env("PHONGHOP_E2E_ARTIFACTS", &artifacts)
        .env("PHONGHOP_PDFIUM_DIR", workspace::pdfium_dir());
    let (success, output) = run_captured(&mut command)?;
    drop(children);
    let counts = if nextest {
        parse_nextest(&output)
    } else {
        parse_libtest(&output)
    };
    let (passed, failed) = counts.context("the end-to-end run printed no summary")?;
    let failed = if !success && failed == 0 { 1 } else { failed };
    if passed + failed == 0 {
        bail!("no end-to-end test ran");
    }
    say(&format!(
        "end-to-end screenshots are in {}",
        artifacts.display()
    ));
    Ok(SuiteResult {
        name: "e2e (desktop app)",
        passed,
        failed,
        note: None,
    })
}

/// schemathesis against a real server through its OpenAPI document (see [`crate::api_fuzz`]).
fn api_suite() -> Result<SuiteResult> {
    let (passed, failed) = crate::api_fuzz::run_suite()?;
    Ok(SuiteResult {
        name: "api (schemathesis)",
        passed,
        failed,
        note: None,
    })
}

/// Installs what is missing, runs every suite and prints the summary. Returns whether all
/// passed.
pub fn run_all() -> Result<bool> {
    setup::for_tests()?;
    let suites: [(&'static str, Suite); 5] = [
        ("lint (fmt, clippy)", lint_suite),
        ("rust", rust_suite),
        ("api (schemathesis)", api_suite),
        ("ui (vitest)", vitest_suite),
        ("e2e (desktop app)", e2e_suite),
    ];
    let mut results = Vec::new();
    for (name, suite) in suites {
        say(&format!("suite {name}: starting"));
        let result = suite().unwrap_or_else(|error| SuiteResult::could_not_run(name, &error));
        results.push(result);
    }
    println!();
    for result in &results {
        match &result.note {
            Some(note) => println!(
                "{}: {} passed, {} failed ({note})",
                result.name, result.passed, result.failed
            ),
            None => println!(
                "{}: {} passed, {} failed",
                result.name, result.passed, result.failed
            ),
        }
    }
    let passed: u64 = results.iter().map(|r| r.passed).sum();
    let failed: u64 = results.iter().map(|r| r.failed).sum();
    println!("summary: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nextest_and_libtest_summaries() {
        let nextest = "     Summary [  12.345s] 40 tests run: 38 passed, 2 failed, 1 skipped\n";
        assert_eq!(parse_nextest(nextest), Some((38, 2)));
        let timed = "     Summary [   1.000s] 3 tests run: 2 passed, 1 timed out, 0 skipped\n";
        assert_eq!(parse_nextest(timed), Some((2, 1)));
        assert_eq!(parse_nextest("error: could not compile"), None);
        let libtest = "test result: ok. 5 passed; 0 failed; 0 ignored\ntest result: FAILED. 1 passed; 2 failed; 0 ignored\n";
        assert_eq!(parse_libtest(libtest), Some((6, 2)));
    }
}
