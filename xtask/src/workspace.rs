//! Where things are: the workspace, the one shared target directory, the caches.

use std::path::PathBuf;

/// The workspace root (the folder holding the root Cargo.toml).
pub fn root() -> PathBuf {
    // Found at run time from where `cargo xtask` was started: a target directory shared by
    // several checkouts (CI's clean clone and a working copy) may hold an xtask built in
    // another checkout, whose compile-time path would point there.
    if let Ok(current) = std::env::current_dir() {
        for dir in current.ancestors() {
            let manifest = dir.join("Cargo.toml");
            let is_workspace = std::fs::read_to_string(&manifest)
                .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"));
            if is_workspace && dir.join("xtask").is_dir() {
                return dir.to_path_buf();
            }
        }
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The cargo target directory: `$CARGO_TARGET_DIR` if set (CI sets one outside the clone
/// so runs reuse builds), else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// A per-user cache directory outside the repository.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("phonghop")
}

/// Where libpdfium is installed (the same place `phonghop_pdf::library_dir` looks).
pub fn pdfium_dir() -> PathBuf {
    std::env::var_os("PHONGHOP_PDFIUM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cache_dir().join("pdfium-8149"))
}

/// A built binary of the workspace.
pub fn binary(name: &str) -> PathBuf {
    target_dir().join("debug").join(name)
}
