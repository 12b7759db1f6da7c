//! Launching the desktop app under tauri-driver and connecting a WebDriver client.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use tokio::process::{Child, Command};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The app under test and the driver process behind it; both end when this is dropped.
pub struct AppSession {
    driver: Child,
    client: Client,
    /// The app's own data and settings folders (WebKit local storage too), fresh per session
    /// so one test's choices (such as the language) never leak into another.
    _home: tempfile::TempDir,
}

fn artifacts_dir() -> PathBuf {
    std::env::var_os("PHONGHOP_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("phonghop-e2e"))
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl AppSession {
    /// Starts tauri-driver and opens the app with the profile in `profile`.
    pub async fn launch(profile: &Path) -> Result<Self> {
        let app = std::env::var("PHONGHOP_E2E_APP").map_err(
            |_| "PHONGHOP_E2E_APP is not set: run the end-to-end tests with `cargo xtask test`",
        )?;
        let port = free_port()?;
        let native_port = free_port()?;
        let home = tempfile::tempdir()?;
        let artifacts = artifacts_dir();
        std::fs::create_dir_all(&artifacts)?;
        let log = std::fs::File::create(artifacts.join(format!("tauri-driver-{port}.log")))?;
        let driver =
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
                .env("PHONGHOP_PROFILE_DIR", profile)
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("PHONGHOP_EXPORT_DIR", home.path().join("exports"))
                .stdout(Stdio::null())
                .stderr(log)
                .kill_on_drop(true)
                .spawn()
                .map_err(|error| format!("cannot start tauri-driver: {error}"))?;

        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return Err("tauri-driver did not start listening within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        Ok(Self {
            driver,
            client,
            _home: home,
        })
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Saves a PNG screenshot of the window into the artifacts folder.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        std::fs::write(&path, png)?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }

    /// Ends the WebDriver session and the driver.
    pub async fn close(mut self) -> Result<()> {
        self.client.clone().close().await?;
        let _ = self.driver.kill().await;
        Ok(())
    }
}
