//! A TCP proxy the tests control, standing between a client and the real server: it counts
//! the bytes going down, can slow them to a given rate, cut every open connection at once
//! (as a commune link does), and refuse new connections while "the network is down". TLS
//! passes through untouched, so the client still pins the real server's certificate.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Debug)]
struct Shared {
    target: SocketAddr,
    bytes_down: AtomicU64,
    /// Bytes per second downstream; 0 for no limit.
    rate: AtomicU64,
    refusing: AtomicBool,
    cuts: watch::Sender<u64>,
}

/// The running proxy; stops when dropped.
#[derive(Debug)]
pub struct CutProxy {
    address: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.task.abort();
        self.cut();
    }
}

impl CutProxy {
    /// Listens on a free loopback port and forwards to `target`.
    pub async fn start(target: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            target,
            bytes_down: AtomicU64::new(0),
            rate: AtomicU64::new(0),
            refusing: AtomicBool::new(false),
            cuts: watch::channel(0).0,
        });
        let accepting = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if accepting.refusing.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                tokio::spawn(relay(client, accepting.clone()));
            }
        });
        Ok(Self {
            address,
            shared,
            task,
        })
    }

    /// A proxy in front of the server whose client address is `server_url`
    /// (`https://127.0.0.1:PORT/#sha256=…`).
    pub async fn in_front_of(server_url: &str) -> std::io::Result<Self> {
        let port = server_port(server_url)
            .ok_or_else(|| std::io::Error::other(format!("no port in {server_url}")))?;
        Self::start(SocketAddr::from(([127, 0, 0, 1], port))).await
    }

    /// `server_url` with the proxy's port in place of the server's.
    pub fn address_for(&self, server_url: &str) -> String {
        match server_port(server_url) {
            Some(port) => server_url.replacen(
                &format!("127.0.0.1:{port}"),
                &format!("127.0.0.1:{}", self.address.port()),
                1,
            ),
            None => server_url.to_owned(),
        }
    }

    /// Drops every open connection at once.
    pub fn cut(&self) {
        self.shared.cuts.send_modify(|generation| *generation += 1);
    }

    /// Limits the bytes going down to `bytes_per_second` (0: no limit).
    pub fn set_rate(&self, bytes_per_second: u64) {
        self.shared.rate.store(bytes_per_second, Ordering::SeqCst);
    }

    /// While `down`, new connections are closed at once and open ones are cut.
    pub fn set_down(&self, down: bool) {
        self.shared.refusing.store(down, Ordering::SeqCst);
        if down {
            self.cut();
        }
    }

    /// Bytes sent down to clients so far.
    pub fn bytes_down(&self) -> u64 {
        self.shared.bytes_down.load(Ordering::SeqCst)
    }

    /// Starts counting bytes down afresh.
    pub fn reset_count(&self) {
        self.shared.bytes_down.store(0, Ordering::SeqCst);
    }
}

fn server_port(server_url: &str) -> Option<u16> {
    let rest = server_url.split("://").nth(1)?;
    let authority = rest.split('/').next()?;
    authority.rsplit(':').next()?.parse().ok()
}

async fn relay(client: TcpStream, shared: Arc<Shared>) {
    let Ok(server) = TcpStream::connect(shared.target).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let mut cut = shared.cuts.subscribe();
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up = async {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };
    let down = async {
        let mut buffer = vec![0u8; 4096];
        loop {
            let read = match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => read,
            };
            if client_write.write_all(&buffer[..read]).await.is_err() {
                break;
            }
            shared.bytes_down.fetch_add(read as u64, Ordering::SeqCst);
            let rate = shared.rate.load(Ordering::SeqCst);
            if rate > 0 {
                tokio::time::sleep(Duration::from_secs_f64(read as f64 / rate as f64)).await;
            }
        }
        let _ = client_write.shutdown().await;
    };
    tokio::select! {
        _ = async { tokio::join!(up, down) } => {}
        _ = cut.changed() => {}
    }
}

/// Points the profile in `dir` at another address (the proxy), as if its server moved.
pub fn point_profile_at(dir: &std::path::Path, server_url: &str) -> std::io::Result<()> {
    let path = dir.join("profile.json");
    let mut config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path)?).map_err(std::io::Error::other)?;
    let field = if config.get("server_url").is_some() {
        "server_url"
    } else {
        "serverUrl"
    };
    config[field] = serde_json::Value::String(server_url.to_owned());
    std::fs::write(
        &path,
        serde_json::to_vec_pretty(&config).map_err(std::io::Error::other)?,
    )
}
