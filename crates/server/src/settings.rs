//! How `serve` is configured, in layers: built-in defaults, then the TOML file in the data
//! directory (`server.toml`, written with comments by `init`), then `PHONGHOP_*`
//! environment variables, then command-line flags. Environment and flags arrive together
//! as [`Overrides`] (clap reads both); the file fills in whatever they leave unset.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ApiError;

/// File in the data directory holding the server's settings.
pub const SETTINGS_FILE: &str = "server.toml";

/// Default address: every interface, port 8443.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:8443";

/// Log output: text for people, JSON for log collectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per event.
    Json,
}

impl LogFormat {
    /// Parses `text` or `json`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// The settings `serve` runs with, every layer applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Serve HTTPS with the certificate below (plain HTTP only when explicitly off).
    pub tls: bool,
    /// PEM certificate chain.
    pub tls_cert: PathBuf,
    /// PEM private key.
    pub tls_key: PathBuf,
    /// Log output.
    pub log_format: LogFormat,
    /// Enrollment and login attempts allowed per address per minute.
    pub auth_per_minute: u32,
    /// Attempts allowed at once before the per-minute rate applies.
    pub auth_burst: u32,
}

/// Values from the environment or flags; `None` leaves the layer below in force.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--listen` / `PHONGHOP_LISTEN`.
    pub listen: Option<SocketAddr>,
    /// `--tls` / `PHONGHOP_TLS`.
    pub tls: Option<bool>,
    /// `--log-format` / `PHONGHOP_LOG_FORMAT`.
    pub log_format: Option<LogFormat>,
}

/// The file layer: every key optional, unknown keys refused (a typo must not pass
/// silently in a government server's configuration).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    log_format: Option<LogFormat>,
    #[serde(default)]
    tls: FileTls,
    #[serde(default)]
    limits: FileLimits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTls {
    enabled: Option<bool>,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    auth_per_minute: Option<u32>,
    auth_burst: Option<u32>,
}

impl Settings {
    /// Applies the layers for the data directory `data_dir`. A missing file is the same as
    /// an empty one; a malformed file is an error naming the file and the problem.
    pub fn load(data_dir: &Path, overrides: &Overrides) -> Result<Self, ApiError> {
        let path = data_dir.join(SETTINGS_FILE);
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<FileSettings>(&text).map_err(|error| {
                ApiError::bad_request("settings.malformed", format!("{}: {error}", path.display()))
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => FileSettings::default(),
            Err(error) => return Err(ApiError::io(error)),
        };
        let relative = |file: Option<PathBuf>, default: &str| {
            let path = file.unwrap_or_else(|| PathBuf::from(default));
            if path.is_absolute() {
                path
            } else {
                data_dir.join(path)
            }
        };
        let default_listen = DEFAULT_LISTEN
            .parse()
            .map_err(|_| ApiError::internal("the default address does not parse"))?;
        let auth_per_minute = file
            .limits
            .auth_per_minute
            .unwrap_or(crate::ops::rate_limit::PER_MINUTE);
        let auth_burst = file
            .limits
            .auth_burst
            .unwrap_or(crate::ops::rate_limit::BURST);
        if auth_per_minute == 0 || auth_burst == 0 {
            return Err(ApiError::bad_request(
                "settings.malformed",
                format!("{}: rate limits must be at least 1", path.display()),
            ));
        }
        Ok(Self {
            listen: overrides.listen.or(file.listen).unwrap_or(default_listen),
            tls: overrides.tls.or(file.tls.enabled).unwrap_or(true),
            tls_cert: relative(file.tls.cert, crate::tls::CERT_FILE),
            tls_key: relative(file.tls.key, crate::tls::KEY_FILE),
            log_format: overrides.log_format.or(file.log_format).unwrap_or_default(),
            auth_per_minute,
            auth_burst,
        })
    }
}

/// The commented file `init` writes: every setting at its default, explained.
pub fn commented_file() -> String {
    format!(
        "# Cấu hình máy chủ Phòng Họp / Phòng Họp server settings.\n\
         # Order of precedence: this file < PHONGHOP_* environment variables < command-line flags.\n\
         \n\
         # Address and port to listen on (PHONGHOP_LISTEN, --listen).\n\
         listen = \"{DEFAULT_LISTEN}\"\n\
         \n\
         # Log format: \"text\" or \"json\" (PHONGHOP_LOG_FORMAT, --log-format).\n\
         log_format = \"text\"\n\
         \n\
         [tls]\n\
         # HTTPS with the certificate made by init. Clients pin its SHA-256 fingerprint\n\
         # (`phonghop-server fingerprint`). Turn off only behind a TLS-terminating proxy\n\
         # (PHONGHOP_TLS, --tls).\n\
         enabled = true\n\
         # Paths are relative to the data directory.\n\
         cert = \"{}\"\n\
         key = \"{}\"\n\
         \n\
         [limits]\n\
         # Enrollment and login attempts per client address: a burst, then a rate per minute.\n\
         auth_burst = {}\n\
         auth_per_minute = {}\n",
        crate::tls::CERT_FILE,
        crate::tls::KEY_FILE,
        crate::ops::rate_limit::BURST,
        crate::ops::rate_limit::PER_MINUTE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_environment_beat_the_file_which_beats_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let none = Settings::load(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(none.listen, DEFAULT_LISTEN.parse().unwrap());
        assert!(none.tls);
        assert_eq!(none.tls_cert, dir.path().join(crate::tls::CERT_FILE));

        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "listen = \"127.0.0.1:9000\"\nlog_format = \"json\"\n[limits]\nauth_burst = 5\n",
        )
        .unwrap();
        let file = Settings::load(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(file.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(file.log_format, LogFormat::Json);
        assert_eq!(file.auth_burst, 5);

        let flags = Settings::load(
            dir.path(),
            &Overrides {
                listen: Some("127.0.0.1:9100".parse().unwrap()),
                tls: Some(false),
                log_format: Some(LogFormat::Text),
            },
        )
        .unwrap();
        assert_eq!(flags.listen, "127.0.0.1:9100".parse().unwrap());
        assert!(!flags.tls);
        assert_eq!(flags.log_format, LogFormat::Text);
        assert_eq!(
            flags.auth_burst, 5,
            "what flags leave unset still comes from the file"
        );
    }

    #[test]
    fn the_written_file_reads_back_as_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), commented_file()).unwrap();
        let read = Settings::load(dir.path(), &Overrides::default()).unwrap();
        let empty = tempfile::tempdir().unwrap();
        let defaults = Settings::load(empty.path(), &Overrides::default()).unwrap();
        assert_eq!(read.listen, defaults.listen);
        assert_eq!(
            (read.auth_burst, read.auth_per_minute),
            (defaults.auth_burst, defaults.auth_per_minute)
        );
    }

    #[test]
    fn a_misspelt_key_or_bad_value_is_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), "lisen = \"127.0.0.1:1\"\n").unwrap();
        let error = Settings::load(dir.path(), &Overrides::default()).unwrap_err();
        assert_eq!(error.body.code, "settings.malformed");
        assert!(
            error.body.message.contains("server.toml"),
            "{}",
            error.body.message
        );
        assert!(
            error.body.message.contains("lisen"),
            "{}",
            error.body.message
        );
        std::fs::write(dir.path().join(SETTINGS_FILE), "[limits]\nauth_burst = 0\n").unwrap();
        assert!(Settings::load(dir.path(), &Overrides::default()).is_err());
    }
}
