//! `cargo xtask demo`: a local server with the demo People's Council and its meeting, and
//! the desktop app signed in as the secretary. `--headless` checks the same path without a
//! window and exits.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::process::{self, Children, say};
use crate::suites::APP_FEATURES;
use crate::{setup, workspace};

const ORGANISATION: &str = "Hội đồng nhân dân tỉnh Lâm Giang";
const DEMO_TITLE_FRAGMENT: &str = "Kỳ họp thứ Mười hai";
/// The demo organisation's administrator passphrase (a demo only: never reuse it).
const DEMO_ADMIN_PASSPHRASE: &str = "demo-phong-hop-2026";

fn wait_for_address(data: &Path, children: &mut Children) -> Result<String> {
    // The full client address, with the certificate fingerprint clients pin.
    let file = data.join("server.url");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(addr) = std::fs::read_to_string(&file) {
            return Ok(addr.trim().to_owned());
        }
        if let Some(name) = children.exited() {
            bail!("{name} exited before it was ready");
        }
        if Instant::now() > deadline {
            bail!(
                "the server wrote no address to {} within 30 s",
                file.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn cli(profile: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new(workspace::binary("phonghop-cli"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("PHONGHOP_PDFIUM_DIR", workspace::pdfium_dir())
        .output()
        .context("running phonghop-cli")?;
    if !output.status.success() {
        bail!(
            "phonghop-cli {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Checks, through the app's core (the CLI shares it), that the secretary's profile can
/// fetch and list the demo meeting; prints each check.
fn check_headless(secretary: &Path) -> Result<()> {
    let synced = cli(secretary, &["sync"])?;
    say(&format!(
        "check: secretary profile synced with the server — {}",
        synced.trim()
    ));
    let listing = cli(secretary, &["ls", "--json"])?;
    let meetings: serde_json::Value =
        serde_json::from_str(&listing).context("reading `phonghop-cli ls --json`")?;
    let meetings = meetings.as_array().context("ls --json is not a list")?;
    let meeting = meetings
        .iter()
        .find(|m| {
            m["title"]
                .as_str()
                .is_some_and(|t| t.contains(DEMO_TITLE_FRAGMENT))
        })
        .context("the demo meeting is not in the secretary's list")?;
    say(&format!(
        "check: core lists the demo meeting \"{}\"",
        meeting["title"].as_str().unwrap_or_default()
    ));
    let agenda = meeting["agenda"]
        .as_array()
        .context("the meeting has no agenda")?;
    if agenda.len() < 5 {
        bail!(
            "the demo agenda has {} items, expected at least 5",
            agenda.len()
        );
    }
    let documents: Vec<&serde_json::Value> = agenda
        .iter()
        .filter_map(|item| item["documents"].as_array())
        .flatten()
        .collect();
    let available = documents
        .iter()
        .filter(|d| d["available"].as_bool() == Some(true))
        .count();
    say(&format!(
        "check: {} agenda items, {} documents, {} of them held on this device for offline reading",
        agenda.len(),
        documents.len(),
        available
    ));
    if documents.is_empty() || available != documents.len() {
        bail!("not every demo document reached the secretary's device");
    }
    for item in agenda {
        say(&format!(
            "       {}. {}",
            item["number"].as_str().unwrap_or("?"),
            item["title"].as_str().unwrap_or("?")
        ));
    }
    let id = meeting["id"].as_str().context("the meeting has no id")?;
    let found = cli(
        secretary,
        &["search", "bieu quyet", "--meeting", id, "--json"],
    )?;
    let found: serde_json::Value =
        serde_json::from_str(&found).context("reading `phonghop-cli search --json`")?;
    let hits = found[0]["results"]["hits"]
        .as_array()
        .context("search gave no hit list")?;
    if hits.is_empty() {
        bail!("searching the demo documents for \"bieu quyet\" found nothing");
    }
    say(&format!(
        "check: \"bieu quyet\" (typed without diacritics) found {} times in the decrypted documents, first in \"{}\"",
        hits.len(),
        hits[0]["documentTitle"].as_str().unwrap_or("?")
    ));
    Ok(())
}

/// Runs the demo. Returns Ok(true) when it ends cleanly.
pub fn run(headless: bool, chair: bool) -> Result<bool> {
    setup::for_demo()?;
    let mut build = Command::new("cargo");
    build
        .args(["build", "-p", "phonghop-server", "-p", "phonghop-cli"])
        .current_dir(workspace::root());
    if !headless {
        build.args(["-p", "phonghop-desktop", "--features", APP_FEATURES]);
    }
    process::run(&mut build)?;

    let data: PathBuf = workspace::target_dir().join("demo");
    let _ = std::fs::remove_dir_all(&data);
    let server_data = data.join("server");
    let profiles = data.join("profiles");
    say(&format!(
        "demo data directory: {} (recreated on every run)",
        data.display()
    ));

    say(&format!(
        "demo administrator passphrase: {DEMO_ADMIN_PASSPHRASE}"
    ));
    process::run(
        Command::new(workspace::binary("phonghop-server"))
            .args(["init", "--organisation", ORGANISATION, "--data"])
            .arg(&server_data)
            .env("PHONGHOP_ADMIN_PASSPHRASE", DEMO_ADMIN_PASSPHRASE),
    )?;

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .context("installing the Ctrl-C handler")?;
    }
    let mut children = Children::default();
    children.spawn(
        "phonghop-server",
        Command::new(workspace::binary("phonghop-server"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&server_data)
            .env("RUST_LOG", "warn"),
    )?;
    let url = wait_for_address(&server_data, &mut children)?;
    say(&format!(
        "server listening on {url}, data in {}",
        server_data.display()
    ));

    process::run(
        Command::new(workspace::binary("phonghop-cli"))
            .args(["demo", "seed", "--server", &url, "--admin-token-file"])
            .arg(server_data.join("admin.token"))
            .arg("--profiles")
            .arg(&profiles)
            .arg("--root-key")
            .arg(server_data.join("root.key"))
            .env("PHONGHOP_ADMIN_PASSPHRASE", DEMO_ADMIN_PASSPHRASE)
            .env("PHONGHOP_PDFIUM_DIR", workspace::pdfium_dir()),
    )?;
    let secretary = profiles.join("secretary");

    if headless {
        check_headless(&secretary)?;
        say("headless demo: all checks passed");
        return Ok(true);
    }

    let mut app = Command::new(workspace::binary("phonghop-desktop"));
    // Every demo person's profile in one installation: the app asks who is using it.
    app.env("PHONGHOP_PROFILES_DIR", &profiles);
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        say(
            "no display found: starting Xvfb on :95 so the app has a screen (use --headless to skip the window)",
        );
        children.spawn(
            "Xvfb",
            Command::new("Xvfb").args([":95", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]),
        )?;
        std::thread::sleep(Duration::from_secs(1));
        app.env("DISPLAY", ":95");
    }
    children.spawn("phonghop-desktop", &mut app)?;
    say(
        "the app is open and asks who is using it: choose the secretary (Nguyễn Thị Thu Hà) to prepare a meeting, or a member to read and answer",
    );
    if chair {
        let mut chair_app = Command::new(workspace::binary("phonghop-desktop"));
        chair_app.env("PHONGHOP_PROFILE_DIR", profiles.join("chair"));
        // The same screen as the secretary's window (the Xvfb started above, if any).
        let display = app
            .get_envs()
            .find(|(key, _)| *key == "DISPLAY")
            .and_then(|(_, value)| value.map(std::ffi::OsStr::to_os_string));
        if let Some(display) = display {
            chair_app.env("DISPLAY", display);
        }
        children.spawn("phonghop-desktop (chair)", &mut chair_app)?;
        say(
            "a second window is open, signed in as the chair (Trần Quốc Hùng): \"Vào phòng họp\" runs the meeting room",
        );
    }
    say("press Ctrl-C to stop everything");
    while !stop.load(Ordering::SeqCst) {
        if let Some(name) = children.exited() {
            say(&format!("{name} exited; stopping the demo"));
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(children);
    say("demo stopped");
    Ok(true)
}
