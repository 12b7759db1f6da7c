//! The client half of the Phòng Họp protocol (DESIGN.md "Protocol, in outline").
//!
//! [`ServerClient`] speaks the server's HTTP API and checks what comes back: a blob whose
//! hash does not match its name is refused before anything is stored (invariant 3).
//! [`Backoff`] paces reconnection on links that drop for minutes at a time.

mod backoff;
mod client;
mod error;

pub use backoff::Backoff;
pub use client::ServerClient;
pub use error::SyncError;
