//! Which profile the app opened, chosen at start.

use std::path::PathBuf;
use std::sync::Arc;

use phonghop_core::{App, CoreError};
use phonghop_domain::ErrorBody;

/// Environment variable naming the profile folder to open.
pub const PROFILE_DIR_ENV: &str = "PHONGHOP_PROFILE_DIR";

/// The app's state: the opened profile, none (not enrolled yet), or why it failed to open.
#[derive(Debug, Clone)]
pub struct DesktopState {
    opened: Result<Option<Arc<App>>, ErrorBody>,
}

impl DesktopState {
    /// Opens the profile in `dir`; a folder with no profile is the "not enrolled" state.
    pub fn open(dir: Option<PathBuf>) -> Self {
        let opened = match dir {
            None => Ok(None),
            Some(dir) => match App::open(&dir) {
                Ok(app) => Ok(Some(Arc::new(app))),
                Err(CoreError::ProfileMissing(_)) => Ok(None),
                Err(error) => Err(error.to_body()),
            },
        };
        Self { opened }
    }

    /// The profile named by `--profile DIR` or `$PHONGHOP_PROFILE_DIR`, else the default
    /// profile in the user's data folder.
    pub fn from_environment() -> Self {
        let mut args = std::env::args_os().skip(1);
        let mut from_args = None;
        while let Some(arg) = args.next() {
            if arg == "--profile" {
                from_args = args.next().map(PathBuf::from);
            }
        }
        let dir = from_args
            .or_else(|| std::env::var_os(PROFILE_DIR_ENV).map(PathBuf::from))
            .or_else(default_profile_dir);
        Self::open(dir)
    }

    /// The opened app, if a profile is enrolled.
    pub fn app(&self) -> Result<Option<Arc<App>>, ErrorBody> {
        self.opened.clone()
    }
}

fn default_profile_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share"))
        })?;
    Some(data.join("phonghop").join("profiles").join("default"))
}
