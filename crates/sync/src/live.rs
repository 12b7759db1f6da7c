//! The live change feed over a WebSocket: the client side of `GET /api/v1/feed/live`.
//! Pings are answered as messages are read; a close from the server says why.

use futures_util::{SinkExt, StreamExt};
use phonghop_domain::wire::LiveMessage;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::SyncError;

/// How a live feed ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEnd {
    /// The server closed it, with the close code and reason it gave.
    Closed {
        /// WebSocket close code (1001: the server is stopping; 4401: no longer authorised).
        code: u16,
        /// The server's reason.
        reason: String,
    },
    /// The connection dropped without a close.
    Dropped,
}

/// A byte stream the WebSocket runs over: plain TCP, or TLS with the pinned certificate.
trait Transport: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Transport for T {}

/// An open live feed: read messages with [`LiveFeed::next`].
pub struct LiveFeed {
    socket: WebSocketStream<Box<dyn Transport>>,
}

impl std::fmt::Debug for LiveFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveFeed").finish_non_exhaustive()
    }
}

fn unreachable(url: &str, detail: impl std::fmt::Display) -> SyncError {
    SyncError::Unreachable {
        url: url.to_owned(),
        detail: detail.to_string(),
    }
}

/// Opens TCP to the request's host, then TLS over it when `tls` is given.
async fn transport(
    url: &str,
    request: &tokio_tungstenite::tungstenite::handshake::client::Request,
    tls: Option<std::sync::Arc<rustls::ClientConfig>>,
) -> Result<Box<dyn Transport>, SyncError> {
    let host = request
        .uri()
        .host()
        .ok_or_else(|| SyncError::BadUrl(url.to_owned()))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = request
        .uri()
        .port_u16()
        .unwrap_or(if tls.is_some() { 443 } else { 80 });
    let tcp = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio::net::TcpStream::connect((host.as_str(), port)),
    )
    .await
    .map_err(|_| unreachable(url, "connection timed out"))?
    .map_err(|error| unreachable(url, error))?;
    let _ = tcp.set_nodelay(true);
    let Some(config) = tls else {
        return Ok(Box::new(tcp));
    };
    let name = rustls::pki_types::ServerName::try_from(host)
        .map_err(|error| SyncError::BadUrl(error.to_string()))?;
    let stream = tokio_rustls::TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|error| unreachable(url, error))?;
    Ok(Box::new(stream))
}

impl LiveFeed {
    /// Opens the live feed at `url` (a `ws://` or `wss://` address) with a session token,
    /// over TLS with the pinned configuration when `tls` is given.
    pub(crate) async fn connect(
        url: &str,
        token: &str,
        tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    ) -> Result<Self, SyncError> {
        let mut request = url
            .into_client_request()
            .map_err(|error| SyncError::BadUrl(error.to_string()))?;
        let bearer = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| SyncError::Unauthorized)?;
        request.headers_mut().insert("authorization", bearer);
        let stream = transport(url, &request, tls).await?;
        match tokio_tungstenite::client_async(request, stream).await {
            Ok((socket, _)) => Ok(Self { socket }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response))
                if response.status().as_u16() == 401 =>
            {
                Err(SyncError::Unauthorized)
            }
            Err(error) => Err(unreachable(url, error)),
        }
    }

    /// The next message, or how the feed ended.
    pub async fn next(&mut self) -> Result<LiveMessage, LiveEnd> {
        loop {
            match self.socket.next().await {
                Some(Ok(Message::Text(text))) => match serde_json::from_str(&text) {
                    Ok(message) => return Ok(message),
                    // A message kind from a newer server: skip it, keep the feed.
                    Err(_) => continue,
                },
                Some(Ok(Message::Close(frame))) => {
                    return Err(frame.map_or(LiveEnd::Dropped, |frame| LiveEnd::Closed {
                        code: frame.code.into(),
                        reason: frame.reason.to_string(),
                    }));
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Err(LiveEnd::Dropped),
            }
        }
    }

    /// Closes the feed politely.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
        let _ = self.socket.flush().await;
    }
}
