//! Which profile the app opened, chosen at start.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use phonghop_core::{App, CoreError};
use phonghop_domain::ErrorBody;
use tokio::sync::watch;

/// Environment variable naming the profile folder to open.
pub const PROFILE_DIR_ENV: &str = "PHONGHOP_PROFILE_DIR";
/// Environment variable naming the folder of this installation's profiles (one per
/// sub-folder), when no single profile is named.
pub const PROFILES_DIR_ENV: &str = "PHONGHOP_PROFILES_DIR";

/// The app's state: the opened profile, none (not enrolled yet), or why it failed to open
/// (`profile.locked` until the person types the passphrase). Cheap to clone: clones share it.
#[derive(Debug, Clone)]
pub struct DesktopState {
    dir: Arc<RwLock<Option<PathBuf>>>,
    /// The folder holding this installation's profiles, one per sub-folder.
    profiles_root: Option<PathBuf>,
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
            dir: Arc::new(RwLock::new(dir)),
            profiles_root: None,
            opened: Arc::new(RwLock::new(opened)),
            ready: Arc::new(ready),
        }
    }

    /// The installation whose profiles are the sub-folders of `root`: the only one opens at
    /// once; with several, the person chooses ([`Self::choose`]).
    pub fn open_installation(root: PathBuf) -> Self {
        let profiles = profiles_in(&root);
        let mut state = match profiles.as_slice() {
            [only] => Self::open(Some(only.clone())),
            [] => Self::open(Some(root.join("default"))),
            _ => Self::open(None),
        };
        state.profiles_root = Some(root);
        state
    }

    /// The profiles of this installation (empty when the app was given one profile).
    pub fn profiles(&self) -> Vec<PathBuf> {
        self.profiles_root
            .as_deref()
            .map(profiles_in)
            .unwrap_or_default()
    }

    /// Opens the profile the person chose, at start or when switching: only a profile of
    /// this installation. Whatever follows the server moves to it ([`Self::when_open`]).
    pub fn choose(&self, dir: &std::path::Path) -> Result<Arc<App>, ErrorBody> {
        if let Ok(Some(app)) = self.app()
            && app.profile().dir() == dir
        {
            return Ok(app);
        }
        if !self.profiles().iter().any(|known| known == dir) {
            return Err(ErrorBody::new(
                "profile.not_found",
                "no such profile on this computer",
            ));
        }
        *self.dir.write().map_err(|_| poisoned())? = Some(dir.to_path_buf());
        let opened = App::open(dir).map(Arc::new);
        match opened {
            Ok(app) => {
                *self.opened.write().map_err(|_| poisoned())? = Ok(Some(Arc::clone(&app)));
                self.ready.send_replace(Some(Arc::clone(&app)));
                Ok(app)
            }
            Err(error) => {
                let body = error.to_body();
                *self.opened.write().map_err(|_| poisoned())? = Err(body.clone());
                Err(body)
            }
        }
    }

    /// Unlocks a profile whose key is protected by a passphrase (slow on purpose: Argon2id;
    /// call it off the async threads). A wrong passphrase changes nothing.
    pub fn unlock(&self, passphrase: &str) -> Result<Arc<App>, ErrorBody> {
        if let Ok(Some(app)) = self.app() {
            return Ok(app);
        }
        let dir = self
            .dir
            .read()
            .map_err(|_| poisoned())?
            .clone()
            .ok_or_else(|| {
                ErrorBody::new("profile.missing", "this machine has no enrolled profile")
            })?;
        let app = Arc::new(App::unlock(&dir, passphrase).map_err(|error| error.to_body())?);
        *self.opened.write().map_err(|_| poisoned())? = Ok(Some(Arc::clone(&app)));
        self.ready.send_replace(Some(Arc::clone(&app)));
        Ok(app)
    }

    /// Tells when a profile is open (at once if it already is).
    pub fn when_open(&self) -> watch::Receiver<Option<Arc<App>>> {
        self.ready.subscribe()
    }

    /// The profile named by `--profile DIR` or `$PHONGHOP_PROFILE_DIR`; else this
    /// installation's profiles in `$PHONGHOP_PROFILES_DIR` or the user's data folder (the
    /// only one opens, several are chosen from at start).
    pub fn from_environment() -> Self {
        let mut args = std::env::args_os().skip(1);
        let mut from_args = None;
        while let Some(arg) = args.next() {
            if arg == "--profile" {
                from_args = args.next().map(PathBuf::from);
            }
        }
        if let Some(dir) =
            from_args.or_else(|| std::env::var_os(PROFILE_DIR_ENV).map(PathBuf::from))
        {
            return Self::open(Some(dir));
        }
        match std::env::var_os(PROFILES_DIR_ENV)
            .map(PathBuf::from)
            .or_else(default_profiles_root)
        {
            Some(root) => Self::open_installation(root),
            None => Self::open(None),
        }
    }

    /// The opened app, if a profile is enrolled.
    pub fn app(&self) -> Result<Option<Arc<App>>, ErrorBody> {
        self.opened.read().map_err(|_| poisoned())?.clone()
    }
}

fn default_profiles_root() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share"))
        })?;
    Some(data.join("phonghop").join("profiles"))
}

/// The enrolled profiles under `root`, by folder name.
fn profiles_in(root: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("profile.json").is_file())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_core::{Profile, ProfileConfig};
    use phonghop_domain::Role;

    fn enroll(dir: &std::path::Path, name: &str) {
        Profile::create(
            dir,
            ProfileConfig {
                // Nothing listens on port 9: the profile never reaches a server here.
                server_url: "http://127.0.0.1:9".into(),
                organisation: "Hội đồng nhân dân tỉnh Lâm Giang".into(),
                user_id: name.into(),
                display_name: name.into(),
                role: Role::Member,
                device_id: format!("{name}-device"),
                root_public_key: "ab".repeat(32),
            },
            phonghop_crypto::DeviceSecrets::generate().unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn an_installation_opens_its_only_profile_and_asks_when_there_are_several() {
        let root = tempfile::tempdir().unwrap();
        let empty = DesktopState::open_installation(root.path().to_path_buf());
        assert!(empty.app().unwrap().is_none(), "nobody enrolled yet");

        enroll(&root.path().join("an"), "an");
        let one = DesktopState::open_installation(root.path().to_path_buf());
        assert_eq!(
            one.app().unwrap().unwrap().profile_info().display_name,
            "an"
        );

        enroll(&root.path().join("binh"), "binh");
        let shared = DesktopState::open_installation(root.path().to_path_buf());
        assert!(shared.app().unwrap().is_none(), "the person chooses");
        assert_eq!(shared.profiles().len(), 2);
        let error = shared.choose(&root.path().join("elsewhere")).unwrap_err();
        assert_eq!(error.code, "profile.not_found");

        let opened = shared.when_open();
        shared.choose(&root.path().join("an")).unwrap();
        assert_eq!(
            shared.app().unwrap().unwrap().profile_info().display_name,
            "an"
        );
        shared.choose(&root.path().join("binh")).unwrap();
        assert_eq!(
            shared.app().unwrap().unwrap().profile_info().display_name,
            "binh"
        );
        let followed = opened.borrow().clone().unwrap();
        assert_eq!(
            followed.profile_info().display_name,
            "binh",
            "following moves too"
        );
    }
}
