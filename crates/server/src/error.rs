//! The server's error type: every failure becomes an HTTP status and a JSON
//! [`ErrorBody`] with a stable code, never a bare 500 page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use phonghop_domain::ErrorBody;

/// An error a handler returns; its status and code reach the client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Code and message sent to the client.
    pub body: ErrorBody,
    /// `Content-Range` to send with a 416 (`bytes */SIZE`).
    pub content_range: Option<String>,
}

impl ApiError {
    /// Builds an error from parts.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, message),
            content_range: None,
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401: no or unknown credentials.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "auth.unauthorized",
            "missing or unknown credentials",
        )
    }

    /// 403: the caller's role does not allow this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "auth.forbidden", message)
    }

    /// 404: no such thing (or not visible to the caller).
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    /// 409: the request conflicts with the current state.
    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 500 from an I/O failure; the detail is logged and sent (it names no secret).
    pub fn io(error: std::io::Error) -> Self {
        let code = if error.raw_os_error() == Some(28) {
            "server.disk_full"
        } else {
            "server.io"
        };
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, code, error.to_string())
    }

    /// 500 from any other failure.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server.internal",
            error.to_string(),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.body, self.status)
    }
}

impl std::error::Error for ApiError {}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(failure, _) = &error
            && failure.code == rusqlite::ErrorCode::DiskFull
        {
            return Self::new(
                StatusCode::INSUFFICIENT_STORAGE,
                "server.disk_full",
                error.to_string(),
            );
        }
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server.database",
            error.to_string(),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = %self.body.code, message = %self.body.message, "request failed");
        }
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(range) = self.content_range
            && let Ok(value) = axum::http::HeaderValue::from_str(&range)
        {
            response
                .headers_mut()
                .insert(axum::http::header::CONTENT_RANGE, value);
        }
        response
    }
}
