//! Which profile the app opened, chosen at start.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use phonghop_core::{App, CoreError};
use phonghop_domain::ErrorBody;
use tokio::sync::watch;

/// Environment variable naming the profile folder to open.
pub const PROFILE_DIR_ENV: &str = "PHONGHOP_PROFILE_DIR";

/// The app's state: the opened profile, none (not enrolled yet), or why it failed to open
/// (`profile.locked` until the person types the passphrase). Cheap to clone: clones share it.
#[derive(Debug, Clone)]
pub struct DesktopState {
    dir: Option<PathBuf>,
    opened: Arc<RwLock<Result<Option<Arc<App>>, ErrorBody>>>,
    /// Says when a profile is open, for whatever starts with it (following the server).
    ready: Arc<watch::Sender<Option<Arc<App>>>>,
}

fn poisoned() -> ErrorBody {
    ErrorBody::new("internal", "the app's state lock is poisoned")
}

impl DesktopState {
    /// Opens the profile in `dir`; a folder with no profile is the "not enrolled" state.
    pub fn open(dir: Option<PathBuf>) -> Self {
        let opened = match &dir {
            None => Ok(None),
            Some(dir) => match App::open(dir) {
                Ok(app) => Ok(Some(Arc::new(app))),
                Err(CoreError::ProfileMissing(_)) => Ok(None),
                Err(error) => Err(error.to_body()),
            },
        };
        let ready = watch::channel(opened.clone().ok().flatten()).0;
        Self {
            dir,
            opened: Arc::new(RwLock::new(opened)),
            ready: Arc::new(ready),
        }
    }

    /// Unlocks a profile whose key is protected by a passphrase (slow on purpose: Argon2id;
    /// call it off the async threads). A wrong passphrase changes nothing.
    pub fn unlock(&self, passphrase: &str) -> Result<Arc<App>, ErrorBody> {
        if let Ok(Some(app)) = self.app() {
            return Ok(app);
        }
        let dir = self.dir.as_ref().ok_or_else(|| {
            ErrorBody::new("profile.missing", "this machine has no enrolled profile")
        })?;
        let app = Arc::new(App::unlock(dir, passphrase).map_err(|error| error.to_body())?);
        *self.opened.write().map_err(|_| poisoned())? = Ok(Some(Arc::clone(&app)));
        self.ready.send_replace(Some(Arc::clone(&app)));
        Ok(app)
    }

    /// Tells when a profile is open (at once if it already is).
    pub fn when_open(&self) -> watch::Receiver<Option<Arc<App>>> {
        self.ready.subscribe()
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
        self.opened.read().map_err(|_| poisoned())?.clone()
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
