//! The error shape every layer hands to the next: a stable machine code that the UI
//! translates, and an English message for logs and administrators.

use serde::{Deserialize, Serialize};

/// An error as it crosses a boundary (HTTP body, Tauri command rejection, CLI output).
///
/// `code` is stable (`sync.unreachable`, `store.corrupt`, …) so that the interface can show
/// a Vietnamese sentence for it; `message` is English detail for logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable, dotted, lower-case code such as `crypto.decrypt_failed`.
    pub code: String,
    /// Human-readable detail in English.
    pub message: String,
}

impl ErrorBody {
    /// Builds an error body from a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let body = ErrorBody::new("sync.unreachable", "connection refused");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"code":"sync.unreachable","message":"connection refused"}"#
        );
        assert_eq!(body.to_string(), "sync.unreachable: connection refused");
    }
}
