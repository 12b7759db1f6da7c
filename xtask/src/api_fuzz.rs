//! The API suite of `cargo xtask test`: schemathesis (pinned, installed from PyPI into its
//! own virtual environment under the cache directory) generates requests from the server's
//! own OpenAPI document and sends them to a real `phonghop-server` over HTTPS, checking that
//! no answer is a 5xx and that every answer matches the schema it documents.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::process::{Children, run, run_captured, say};
use crate::workspace;

/// The schemathesis release the suite runs (pinned: its checks and CLI change between
/// releases).
pub const SCHEMATHESIS: &str = "4.32.5";
/// Examples generated per operation.
const EXAMPLES: &str = "40";
const PASSPHRASE: &str = "mật khẩu kiểm thử API";

/// Installs schemathesis if missing and returns the path of its `st` command.
pub fn install() -> Result<PathBuf> {
    let venv = workspace::cache_dir().join(format!("schemathesis-{SCHEMATHESIS}"));
    let st = venv.join("bin").join("st");
    if st.is_file() {
        say(&format!(
            "schemathesis {SCHEMATHESIS}: present in {}",
            venv.display()
        ));
        return Ok(st);
    }
    say(&format!(
        "schemathesis {SCHEMATHESIS}: installing from PyPI into {}",
        venv.display()
    ));
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={SCHEMATHESIS}")))?;
    Ok(st)
}

fn server(args: &[&str], data: &Path) -> Command {
    let mut command = Command::new(workspace::binary("phonghop-server"));
    command
        .args(args)
        .arg("--data")
        .arg(data)
        .env("PHONGHOP_ADMIN_PASSPHRASE", PASSPHRASE);
    command
}

/// Runs schemathesis against a fresh server; returns (operations passed, failed).
pub fn run_suite() -> Result<(u64, u64)> {
    let st = install()?;
    run(Command::new("cargo")
        // The same selection as the test build (tests bring their dev-dependencies' features),
        // so after the rust suite this builds nothing and the server binary is current.
        .args(["build", "--workspace", "--tests", "--features"])
        .arg(crate::suites::APP_FEATURES)
        .current_dir(workspace::root()))?;
    let dir = workspace::target_dir().join("api-fuzz");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let data = dir.join("data");
    let (ok, output) = run_captured(&mut server(
        &["init", "--organisation", "Kiểm thử API"],
        &data,
    ))?;
    if !ok {
        bail!("phonghop-server init failed: {output}");
    }
    let token = std::fs::read_to_string(data.join("admin.token"))?;
    // Generous limits, so the fuzzer reaches enrollment and login logic instead of 429s
    // (the rate limiter itself has its own system test).
    std::fs::write(
        data.join("server.toml"),
        "[limits]\nauth_burst = 1000000\nauth_per_minute = 1000000\n",
    )?;
    let mut children = Children::default();
    children.spawn(
        "phonghop-server",
        &mut server(&["serve", "--listen", "127.0.0.1:0"], &data),
    )?;
    let url_file = data.join("server.url");
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = loop {
        if let Ok(text) = std::fs::read_to_string(&url_file) {
            break text;
        }
        if let Some(name) = children.exited() {
            bail!("{name} exited before it was ready");
        }
        if Instant::now() > deadline {
            bail!("the server wrote no address within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let base = url
        .split('#')
        .next()
        .unwrap_or(&url)
        .trim_end_matches('/')
        .to_owned();
    let report = dir.join("junit.xml");
    let mut command = Command::new(&st);
    command
        .arg("run")
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--url", &base])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args(["--max-examples", EXAMPLES, "--seed", "20261130"])
        // The certificate is self-signed (clients pin it); schemathesis cannot pin.
        .args(["--tls-verify", "false"])
        .args([
            "--header",
            &format!("Authorization: Bearer {}", token.trim()),
        ])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(&report)
        .env("NO_COLOR", "1");
    let (success, output) = run_captured(&mut command)?;
    drop(children);
    let xml = std::fs::read_to_string(&report)
        .with_context(|| format!("schemathesis wrote no report: {output}"))?;
    let attribute = |name: &str| {
        xml.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|number| number.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let tests = attribute("tests");
    let failed = attribute("failures") + attribute("errors");
    let failed = if !success && failed == 0 { 1 } else { failed };
    if tests == 0 {
        bail!("schemathesis tested no operation: {output}");
    }
    Ok((tests.saturating_sub(failed), failed))
}
