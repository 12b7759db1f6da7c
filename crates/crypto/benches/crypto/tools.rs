//! Baselines measured with the tools a user would otherwise reach for: `openssl speed` for
//! raw AES-256-GCM throughput, `rsync` for the bytes a delta transfer sends.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `program` is on PATH.
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// `openssl speed -evp aes-256-gcm`: single-thread AES-256-GCM throughput on 16 KiB
/// blocks, in GB/s (10^9 bytes per second), and the OpenSSL version.
pub fn openssl_aes_gcm_gb_s() -> Result<(f64, String), String> {
    if !have("openssl") {
        return Err(
            "`openssl` is not installed, so the throughput baseline cannot be measured; \
             install it (Debian: apt-get install openssl) and run again"
                .to_string(),
        );
    }
    println!("bench: running openssl speed -evp aes-256-gcm (about 20 s)");
    let output = Command::new("openssl")
        .args(["speed", "-evp", "aes-256-gcm"])
        .output()
        .map_err(|e| format!("cannot run openssl speed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "openssl speed failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let kilobytes = parse_openssl_speed(&text, 16384)
        .ok_or_else(|| format!("no 16384-byte AES-256-GCM figure in openssl's output:\n{text}"))?;
    let version = Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| {
            // "OpenSSL 3.0.22 25 Aug 2026 (Library: …)" → "OpenSSL 3.0.22"
            let text = String::from_utf8_lossy(&o.stdout);
            text.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    Ok((kilobytes * 1000.0 / 1e9, version))
}

/// The figure (in 1000s of bytes per second) for `block` bytes from `openssl speed`'s
/// table: a `type  16 bytes  64 bytes …` header and an `AES-256-GCM  1234.56k …` row.
pub fn parse_openssl_speed(text: &str, block: u64) -> Option<f64> {
    let header = text.lines().find(|line| line.starts_with("type"))?;
    let sizes: Vec<u64> = header
        .split_whitespace()
        .filter_map(|token| token.parse().ok())
        .collect();
    let column = sizes.iter().position(|&size| size == block)?;
    let row = text
        .lines()
        .find(|line| line.to_ascii_uppercase().starts_with("AES-256-GCM"))?;
    let values: Vec<f64> = row
        .split_whitespace()
        .filter_map(|token| token.strip_suffix('k')?.parse().ok())
        .collect();
    values.get(column).copied()
}

/// A scratch folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Result<Self, String> {
        let dir =
            std::env::temp_dir().join(format!("phonghop-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for side in ["old", "new"] {
            std::fs::create_dir_all(dir.join(side))
                .map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// rsync's "Literal data" (bytes it sends, before compression) to bring `old` up to `new`
/// with its delta algorithm (`--no-whole-file`), or `None` when rsync is not installed.
pub fn rsync_literal_bytes(name: &str, old: &[u8], new: &[u8]) -> Result<Option<u64>, String> {
    if !have("rsync") {
        return Ok(None);
    }
    let scratch = Scratch::new(name)?;
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
    };
    let source = scratch.0.join("new").join("file");
    let destination = scratch.0.join("old").join("file");
    write(&source, new)?;
    write(&destination, old)?;
    let output = Command::new("rsync")
        .args(["--no-whole-file", "--ignore-times", "--stats"])
        .arg(&source)
        .arg(&destination)
        .output()
        .map_err(|e| format!("cannot run rsync: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("rsync failed ({}): {text}", output.status));
    }
    parse_rsync_literal(&text)
        .map(Some)
        .ok_or_else(|| format!("no `Literal data` line in rsync's output:\n{text}"))
}

/// The byte count of rsync's `Literal data: 1,234 bytes` line.
pub fn parse_rsync_literal(text: &str) -> Option<u64> {
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("Literal data:"))?;
    let digits: String = line
        .split(':')
        .nth(1)?
        .split_whitespace()
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
