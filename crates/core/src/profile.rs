//! A profile: one enrolled person on this machine — their server, device keys and local
//! store, in one folder.
//!
//! Layout: `profile.json` (server address, identities), `device.key` (device secrets,
//! owner-only permissions) and `store.sqlite3`. No password or token is kept: the device
//! logs in by signing a challenge. `device.key` may be protected with a passphrase
//! ([`Profile::protect`]; Argon2id and AES-GCM through `phonghop_crypto::keystore`): such a
//! profile opens only with [`Profile::unlock`].

use std::path::{Path, PathBuf};

use phonghop_crypto::DeviceSecrets;
use phonghop_domain::Role;
use serde::{Deserialize, Serialize};

use crate::CoreError;

const CONFIG_FILE: &str = "profile.json";
const KEY_FILE: &str = "device.key";
const STORE_FILE: &str = "store.sqlite3";
/// How a passphrase-protected key file begins (`phonghop_crypto::keystore`).
const KEY_STORE_MAGIC: &[u8] = b"PHKSTORE";

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

    /// Opens an existing profile folder whose key is not protected by a passphrase (one
    /// that is fails with `profile.locked`).
    pub fn open(dir: &Path) -> Result<Self, CoreError> {
        Self::open_with(dir, None)
    }

    /// Opens a profile folder, unlocking its key with `passphrase` when it is protected.
    /// A wrong passphrase fails with `crypto.wrong_passphrase` and changes nothing.
    pub fn unlock(dir: &Path, passphrase: &str) -> Result<Self, CoreError> {
        Self::open_with(dir, Some(passphrase))
    }

    /// The enrollment facts of the profile in `dir`, without opening its key (to list the
    /// profiles of a shared computer).
    pub fn read_config(dir: &Path) -> Result<ProfileConfig, CoreError> {
        let path = dir.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| CoreError::io(&path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| CoreError::BadRecord(e.to_string()))
    }

    /// Whether the profile's key is protected by a passphrase.
    pub fn is_locked(dir: &Path) -> Result<bool, CoreError> {
        let key_path = dir.join(KEY_FILE);
        let bytes = std::fs::read(&key_path).map_err(|e| CoreError::io(&key_path, e))?;
        Ok(bytes.starts_with(KEY_STORE_MAGIC))
    }

    /// Protects the key file with `passphrase` (or replaces the passphrase): the file is
    /// rewritten atomically, so a crash leaves the old or the new one, never neither.
    pub fn protect(&self, passphrase: &str) -> Result<(), CoreError> {
        if passphrase.chars().count() < 8 {
            return Err(CoreError::WeakPassphrase);
        }
        let sealed = phonghop_crypto::keystore::seal_key_store(
            passphrase,
            &self.secrets.to_key_file_bytes(),
            phonghop_crypto::keystore::KeyStoreParams::RECOMMENDED,
        )?;
        write_file_atomically(&self.dir.join(KEY_FILE), &sealed, true)
    }

    fn open_with(dir: &Path, passphrase: Option<&str>) -> Result<Self, CoreError> {
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
        let mut key_bytes = zeroize::Zeroizing::new(
            std::fs::read(&key_path).map_err(|e| CoreError::io(&key_path, e))?,
        );
        if key_bytes.starts_with(KEY_STORE_MAGIC) {
            let passphrase =
                passphrase.ok_or_else(|| CoreError::ProfileLocked(dir.display().to_string()))?;
            key_bytes = phonghop_crypto::keystore::open_key_store(passphrase, &key_bytes)?;
        }
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
    fn a_protected_profile_opens_only_with_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = DeviceSecrets::generate().unwrap();
        let public = secrets.public_keys();
        let profile = Profile::create(dir.path(), config(), secrets).unwrap();
        assert_eq!(
            profile.protect("ngắn").unwrap_err().code(),
            "profile.weak_passphrase"
        );
        profile.protect("mật khẩu của tôi").unwrap();
        assert!(Profile::is_locked(dir.path()).unwrap());
        assert_eq!(
            Profile::open(dir.path()).unwrap_err().code(),
            "profile.locked"
        );
        assert_eq!(
            Profile::unlock(dir.path(), "sai mật khẩu")
                .unwrap_err()
                .code(),
            "crypto.wrong_passphrase"
        );
        let opened = Profile::unlock(dir.path(), "mật khẩu của tôi").unwrap();
        assert_eq!(opened.secrets.public_keys(), public);
        // A new passphrase replaces the old one.
        opened.protect("mật khẩu mới 2026").unwrap();
        assert!(Profile::unlock(dir.path(), "mật khẩu của tôi").is_err());
        assert!(Profile::unlock(dir.path(), "mật khẩu mới 2026").is_ok());
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
