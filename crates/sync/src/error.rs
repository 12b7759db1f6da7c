//! Errors of talking to the server, with stable codes.

use phonghop_domain::ErrorBody;

/// Why a call to the server failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server could not be reached (network down, refused, timed out).
    #[error("the server at {url} cannot be reached: {detail}")]
    Unreachable {
        /// Server address.
        url: String,
        /// What the network layer said.
        detail: String,
    },
    /// The server refused our credentials.
    #[error("the server refused this device's credentials")]
    Unauthorized,
    /// The device's role does not allow this.
    #[error("this device is not allowed to do that: {0}")]
    Forbidden(String),
    /// The server answered with an error.
    #[error("the server answered {status}: {body}")]
    Server {
        /// HTTP status.
        status: u16,
        /// The server's error body.
        body: ErrorBody,
    },
    /// The answer could not be understood.
    #[error("the server's answer could not be read: {0}")]
    BadResponse(String),
    /// Downloaded bytes do not match the hash they are named by.
    #[error("blob {0} failed its integrity check")]
    Integrity(String),
    /// The server address is not a valid URL.
    #[error("invalid server address {0}")]
    BadUrl(String),
}

impl SyncError {
    /// Whether trying again later may succeed: the network, a server error or a server
    /// asking to slow down, as opposed to a refusal that will not change.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Unreachable { .. } => "sync.unreachable",
            SyncError::Unauthorized => "sync.unauthorized",
            SyncError::Forbidden(_) => "sync.forbidden",
            SyncError::Server { .. } => "sync.server_error",
            SyncError::BadResponse(_) => "sync.bad_response",
            SyncError::Integrity(_) => "sync.integrity",
            SyncError::BadUrl(_) => "sync.bad_url",
        }
    }
}
