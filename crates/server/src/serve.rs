//! Running the server: bind, serve HTTPS (rustls) or plain HTTP, write where it listens,
//! and stop gracefully — live feeds told to go away, requests in flight finished.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::settings::{Overrides, Settings};
use crate::{ADDRESS_FILE, ApiError, AppState, URL_FILE, live, routes};

/// How long a stopping server waits for requests in flight (uploads among them).
const DRAIN: Duration = Duration::from_secs(30);

/// A server running in this process (used by tests and by `serve`).
#[derive(Debug)]
pub struct RunningServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// SHA-256 of the certificate it presents (`None` when serving plain HTTP).
    pub tls_fingerprint: Option<String>,
    stop: Stopper,
    live: Arc<live::LiveHub>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

#[derive(Debug)]
enum Stopper {
    Plain(Option<tokio::sync::oneshot::Sender<()>>),
    Tls(axum_server::Handle<SocketAddr>),
}

impl RunningServer {
    /// The address clients use: `https://ADDR/#sha256=FINGERPRINT` (or `http://ADDR`).
    pub fn url(&self) -> String {
        match &self.tls_fingerprint {
            Some(fingerprint) => format!("https://{}/#sha256={fingerprint}", self.addr),
            None => format!("http://{}", self.addr),
        }
    }

    /// Live feed connections open now.
    pub fn live_connections(&self) -> usize {
        self.live.connections()
    }

    /// Stops accepting connections, closes live feed connections (with "going away"),
    /// lets requests in flight finish (up to 30 s), and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        self.live.begin_shutdown();
        match &mut self.stop {
            Stopper::Plain(sender) => {
                if let Some(sender) = sender.take() {
                    let _ = sender.send(());
                }
            }
            Stopper::Tls(handle) => handle.graceful_shutdown(Some(DRAIN)),
        }
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Serves the data directory on `listen` with the settings in its `server.toml` (HTTPS
/// unless the file turns it off).
pub async fn start(data_dir: &Path, listen: SocketAddr) -> Result<RunningServer, ApiError> {
    let settings = Settings::load(
        data_dir,
        &Overrides {
            listen: Some(listen),
            ..Overrides::default()
        },
    )?;
    start_with(data_dir, &settings).await
}

fn write_atomically(data_dir: &Path, name: &str, text: &str) -> Result<(), ApiError> {
    let temporary = data_dir.join(format!("{name}.tmp"));
    std::fs::write(&temporary, text).map_err(ApiError::io)?;
    std::fs::rename(&temporary, data_dir.join(name)).map_err(ApiError::io)
}

/// Opens the data directory and serves it with `settings` (port 0 picks a free port).
/// Writes the bound address to `server.addr` and the client address to `server.url`.
pub async fn start_with(data_dir: &Path, settings: &Settings) -> Result<RunningServer, ApiError> {
    let state = AppState::open(data_dir)?;
    crate::deadlines::resume(&state)?;
    let tls = if settings.tls {
        Some((
            crate::tls::server_config(&settings.tls_cert, &settings.tls_key)?,
            crate::tls::fingerprint_of_file(&settings.tls_cert)?,
        ))
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(ApiError::io)?;
    let addr = listener.local_addr().map_err(ApiError::io)?;
    let live = state.live.clone();
    let app = routes::router_with_limits(state, settings.auth_per_minute, settings.auth_burst)
        .into_make_service_with_connect_info::<SocketAddr>();
    let (stop, task, tls_fingerprint) = match tls {
        Some((config, fingerprint)) => {
            let handle = axum_server::Handle::new();
            // TCP_NODELAY: small live-feed frames go out at once instead of waiting on
            // Nagle's algorithm and the peer's delayed acknowledgement.
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(
                axum_server::tls_rustls::RustlsConfig::from_config(config),
            )
            .acceptor(axum_server::accept::NoDelayAcceptor::new());
            let server = axum_server::from_tcp(listener.into_std().map_err(ApiError::io)?)
                .map_err(ApiError::io)?
                .acceptor(acceptor)
                .handle(handle.clone());
            let task = tokio::spawn(server.serve(app));
            (Stopper::Tls(handle), task, Some(fingerprint))
        }
        None => {
            let (sender, stopped) = tokio::sync::oneshot::channel::<()>();
            let task = tokio::spawn(async move {
                use axum::serve::ListenerExt;
                let listener = listener.tap_io(|tcp| {
                    let _ = tcp.set_nodelay(true);
                });
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
            });
            (Stopper::Plain(Some(sender)), task, None)
        }
    };
    let running = RunningServer {
        addr,
        tls_fingerprint,
        stop,
        live,
        task,
    };
    write_atomically(data_dir, ADDRESS_FILE, &addr.to_string())?;
    write_atomically(data_dir, URL_FILE, &running.url())?;
    tracing::info!(url = %running.url(), "phonghop-server listening");
    Ok(running)
}
