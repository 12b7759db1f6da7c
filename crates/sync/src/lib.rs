//! The client half of the Phòng Họp protocol (DESIGN.md "Protocol, in outline").
//!
//! [`ServerClient`] speaks the server's HTTP API and checks what comes back: a blob whose
//! hash does not match its name is refused before anything is stored (invariant 3). Blobs
//! stream into the caller's buffer, so a cut download resumes with `Range` from what
//! arrived ([`ServerClient::fetch_blob_into`]); requests may carry an idempotency key
//! ([`ServerClient::with_idempotency_key`]) so the outbox can resend them safely.
//! Addresses carry the server certificate's fingerprint, which every connection pins
//! ([`parse_address`]). [`LiveFeed`] receives the change feed live over a WebSocket.
//! [`Backoff`] paces reconnection on links that drop for minutes at a time.

mod backoff;
mod client;
mod error;
mod live;
mod pinning;

pub use backoff::Backoff;
pub use client::{BatchCut, IDEMPOTENCY_KEY_HEADER, ServerClient, raw_http_client};
pub use error::SyncError;
pub use live::{LiveEnd, LiveFeed};
pub use pinning::{ServerAddress, parse_address};
