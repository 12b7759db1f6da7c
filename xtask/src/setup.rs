//! Installing what the project needs on a fresh Debian 12 machine, saying what it does:
//! Debian packages, libpdfium from the pinned pypdfium2 wheel, tauri-driver (pinned), and
//! the UI's npm packages.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::process::{have, run, say};
use crate::workspace;

/// Debian packages for building and running the Tauri app (WebKitGTK 4.1), and for driving
/// it headless in tests (Xvfb, xauth, D-Bus, WebKitWebDriver).
const DEBIAN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "curl",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "dbus",
    "webkit2gtk-driver",
];

/// pypdfium2 release whose wheel carries PDFium build 8149 (pinned: the binding targets it).
const PYPDFIUM2_VERSION: &str = "5.15.2";
/// tauri-driver release the end-to-end tests are written against (pinned).
const TAURI_DRIVER_VERSION: &str = "2.1.0";

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs the Debian packages that are missing.
pub fn debian_packages() -> Result<()> {
    install_missing(DEBIAN_PACKAGES)
}

/// Debian packages the benchmarks use, with what each is for: the baselines they compare
/// against, and the tools the sync benchmark builds its emulated links with.
const BENCH_PACKAGES: &[(&str, &str)] = &[
    ("openssl", "baseline: `openssl speed` (crypto)"),
    (
        "rsync",
        "baseline: rsync's literal data for a revision (crypto, sync)",
    ),
    ("mupdf-tools", "baseline: mutool draw (render)"),
    ("poppler-utils", "baseline: pdftoppm (render)"),
    ("nginx", "baseline: static files over HTTPS (server, sync)"),
    (
        "curl",
        "baseline: curl fetching from nginx over the emulated links (sync)",
    ),
    (
        "iproute2",
        "`ip netns`, veth, bridge and `tc qdisc tbf` for the emulated links (sync)",
    ),
    (
        "iptables",
        "`-m statistic --mode random` packet loss and the NFQUEUE rule of the latency delay line (sync)",
    ),
];

/// Everything the benchmarks need: libpdfium, the baseline tools and the link tools.
pub fn for_bench() -> Result<()> {
    let missing: Vec<&(&str, &str)> = BENCH_PACKAGES
        .iter()
        .filter(|(package, _)| !is_installed(package))
        .collect();
    for (package, purpose) in &missing {
        say(&format!(
            "benchmarks need Debian package {package}: {purpose}"
        ));
    }
    let names: Vec<&str> = BENCH_PACKAGES.iter().map(|(package, _)| *package).collect();
    install_missing(&names)?;
    pdfium()
}

fn install_missing(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        say("Debian packages: all present");
        return Ok(());
    }
    say(&format!(
        "Debian packages missing: {}; installing them",
        missing.join(" ")
    ));
    if !is_root() {
        bail!(
            "installing packages needs root; run: sudo apt-get install -y {}",
            missing.join(" ")
        );
    }
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    Ok(())
}

/// Puts `libpdfium.so` from the pinned pypdfium2 wheel into the cache directory.
pub fn pdfium() -> Result<()> {
    let dir = workspace::pdfium_dir();
    let library = dir.join("libpdfium.so");
    if library.is_file() {
        say(&format!("libpdfium: present in {}", dir.display()));
        return Ok(());
    }
    say(&format!(
        "libpdfium: not found; fetching pypdfium2=={PYPDFIUM2_VERSION} from PyPI into {}",
        dir.display()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let download = workspace::cache_dir().join("pypdfium2-download");
    let _ = std::fs::remove_dir_all(&download);
    std::fs::create_dir_all(&download)?;
    run(Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
        ])
        .arg(format!("pypdfium2=={PYPDFIUM2_VERSION}"))
        .arg("-d")
        .arg(&download))?;
    let wheel = std::fs::read_dir(&download)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .context("pip downloaded no wheel")?;
    let partial = dir.join("libpdfium.so.partial");
    run(Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read('pypdfium2_raw/libpdfium.so'))")
        .arg(&wheel)
        .arg(&partial))?;
    std::fs::rename(&partial, &library)?;
    let _ = std::fs::remove_dir_all(&download);
    say(&format!("libpdfium: installed {}", library.display()));
    Ok(())
}

/// Installs tauri-driver at the pinned version with `cargo install --locked`.
pub fn tauri_driver() -> Result<()> {
    let listed = Command::new("cargo")
        .args(["install", "--list"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if listed.contains(&format!("tauri-driver v{TAURI_DRIVER_VERSION}:")) && have("tauri-driver") {
        say(&format!("tauri-driver {TAURI_DRIVER_VERSION}: present"));
        return Ok(());
    }
    say(&format!(
        "tauri-driver {TAURI_DRIVER_VERSION}: installing with cargo install --locked (a few minutes)"
    ));
    run(Command::new("cargo").args([
        "install",
        "--locked",
        "tauri-driver",
        "--version",
        TAURI_DRIVER_VERSION,
    ]))
}

/// Runs `npm ci` in ui/ when node_modules is missing or older than the lock file.
pub fn npm_packages() -> Result<()> {
    let ui = workspace::root().join("ui");
    if !have("npm") {
        bail!(
            "npm is not installed; install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
        );
    }
    let lock = ui.join("package-lock.json");
    let installed = ui.join("node_modules").join(".package-lock.json");
    if is_newer_or_equal(&installed, &lock) {
        say("npm packages: up to date");
        return Ok(());
    }
    say("npm packages: installing with npm ci");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&ui))
}

fn is_newer_or_equal(candidate: &Path, reference: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (modified(candidate), modified(reference)) {
        (Some(candidate), Some(reference)) => candidate >= reference,
        _ => false,
    }
}

/// Builds the UI bundle into ui/dist (the app embeds it at compile time).
pub fn build_ui() -> Result<()> {
    run(Command::new("npm")
        .args(["run", "build"])
        .current_dir(workspace::root().join("ui")))
}

/// Everything the tests need.
pub fn for_tests() -> Result<()> {
    debian_packages()?;
    pdfium()?;
    tauri_driver()?;
    npm_packages()?;
    build_ui()
}

/// Everything the demo needs.
pub fn for_demo() -> Result<()> {
    debian_packages()?;
    pdfium()?;
    npm_packages()?;
    build_ui()
}
