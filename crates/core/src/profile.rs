//! A profile: one enrolled person on this machine — their server, device keys and local
//! store, in one folder.
//!
//! Layout: `profile.json` (server address, identities), `device.key` (device secrets,
//! owner-only permissions) and `store.sqlite3`. No password or token is kept: the device
//! logs in by signing a challenge. Unlocking `device.key` with a passphrase
//! (`phonghop_crypto::keystore`) comes with the unlock screen.

use std::path::{Path, PathBuf};

use phonghop_crypto::DeviceSecrets;
use phonghop_domain::Role;
use serde::{Deserialize, Serialize};

use crate::CoreError;

const CONFIG_FILE: &str = "profile.json";
const KEY_FILE: &str = "device.key";
const STORE_FILE: &str = "store.sqlite3";

/// What a profile remembers about its enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileConfig {
    /// Server base address.
    pub server_url: String,
    /// Organisation name, as the server reported it.
    pub organisation: String,
    /// Person's identifier.
    pub user_id: String,
    /// Person's full name.
    pub display_name: String,
    /// Person's role.
    pub role: Role,
    /// This device's identifier.
    pub device_id: String,
    /// The organisation root's public key, hex, pinned at enrollment: colleagues' keys are
    /// trusted only when this key certified them.
    pub root_public_key: String,
}

/// An opened profile folder.
#[derive(Debug)]
pub struct Profile {
    dir: PathBuf,
    /// Enrollment facts.
    pub config: ProfileConfig,
    /// Device secrets.
    pub secrets: DeviceSecrets,
}

fn write_file_atomically(path: &Path, bytes: &[u8], private: bool) -> Result<(), CoreError> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options
        .open(&temporary)
        .map_err(|e| CoreError::io(&temporary, e))?;
    file.write_all(bytes)
        .map_err(|e| CoreError::io(&temporary, e))?;
    file.sync_all().map_err(|e| CoreError::io(&temporary, e))?;
    std::fs::rename(&temporary, path).map_err(|e| CoreError::io(path, e))
}

impl Profile {
    /// Writes a new profile folder (enrollment).
    pub fn create(
        dir: &Path,
        config: ProfileConfig,
        secrets: DeviceSecrets,
    ) -> Result<Self, CoreError> {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
        let json =
            serde_json::to_vec_pretty(&config).map_err(|e| CoreError::BadRecord(e.to_string()))?;
        write_file_atomically(&dir.join(KEY_FILE), &secrets.to_key_file_bytes(), true)?;
        write_file_atomically(&dir.join(CONFIG_FILE), &json, true)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            config,
            secrets,
        })
    }

    /// Opens an existing profile folder.
    pub fn open(dir: &Path) -> Result<Self, CoreError> {
        let config_path = dir.join(CONFIG_FILE);
        if !config_path.exists() {
            return Err(CoreError::ProfileMissing(dir.display().to_string()));
        }
        let damaged = |detail: String| CoreError::ProfileDamaged {
            path: dir.display().to_string(),
            detail,
        };
        let json = std::fs::read(&config_path).map_err(|e| CoreError::io(&config_path, e))?;
        let config: ProfileConfig =
            serde_json::from_slice(&json).map_err(|e| damaged(e.to_string()))?;
        let key_path = dir.join(KEY_FILE);
        let key_bytes = zeroize::Zeroizing::new(
            std::fs::read(&key_path).map_err(|e| CoreError::io(&key_path, e))?,
        );
        let secrets =
            DeviceSecrets::from_key_file_bytes(&key_bytes).map_err(|e| damaged(e.to_string()))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            config,
            secrets,
        })
    }

    /// The profile folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where this profile's local database lives.
    pub fn store_path(&self) -> PathBuf {
        self.dir.join(STORE_FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ProfileConfig {
        ProfileConfig {
            server_url: "http://127.0.0.1:1".into(),
            organisation: "Hội đồng nhân dân tỉnh".into(),
            user_id: "u".into(),
            display_name: "Nguyễn Thị Thu".into(),
            role: Role::Secretary,
            device_id: "d".into(),
            root_public_key: "ab".repeat(32),
        }
    }

    #[test]
    fn a_created_profile_opens_with_the_same_keys() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = DeviceSecrets::generate().unwrap();
        let public = secrets.public_keys();
        Profile::create(dir.path(), config(), secrets).unwrap();
        let opened = Profile::open(dir.path()).unwrap();
        assert_eq!(opened.config, config());
        assert_eq!(opened.secrets.public_keys(), public);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "key file must be private, mode {mode:o}");
        }
    }

    #[test]
    fn missing_and_damaged_profiles_have_their_own_codes() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Profile::open(dir.path()).unwrap_err().code(),
            "profile.missing"
        );
        Profile::create(dir.path(), config(), DeviceSecrets::generate().unwrap()).unwrap();
        std::fs::write(dir.path().join(KEY_FILE), b"garbage").unwrap();
        assert_eq!(
            Profile::open(dir.path()).unwrap_err().code(),
            "profile.damaged"
        );
        std::fs::write(dir.path().join(CONFIG_FILE), b"{").unwrap();
        assert_eq!(
            Profile::open(dir.path()).unwrap_err().code(),
            "profile.damaged"
        );
    }
}
