//! Passphrases for protected profiles: from the environment for scripts, typed without echo
//! on a terminal otherwise.

use std::path::Path;

use phonghop_core::CoreError;

/// Variable holding the passphrase of a protected profile.
const PASSPHRASE_ENV: &str = "PHONGHOP_PASSPHRASE";
/// Variable holding a new passphrase for `set-passphrase`.
const NEW_PASSPHRASE_ENV: &str = "PHONGHOP_NEW_PASSPHRASE";

fn typed(prompt: &str) -> Result<String, CoreError> {
    rpassword::prompt_password(prompt).map_err(|source| CoreError::Io {
        path: "(terminal)".into(),
        source,
    })
}

/// The passphrase of the locked profile in `dir`.
pub fn existing(dir: &Path) -> Result<String, CoreError> {
    if let Ok(passphrase) = std::env::var(PASSPHRASE_ENV) {
        return Ok(passphrase);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(CoreError::ProfileLocked(dir.display().to_string()));
    }
    typed("Mật khẩu / passphrase: ")
}

/// A new passphrase, typed twice to catch a slip.
pub fn new() -> Result<String, CoreError> {
    if let Ok(passphrase) = std::env::var(NEW_PASSPHRASE_ENV) {
        return Ok(passphrase);
    }
    let first = typed("Mật khẩu mới / new passphrase: ")?;
    let second = typed("Nhập lại / again: ")?;
    if first != second {
        return Err(CoreError::BadRecord(
            "the two passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(first)
}
