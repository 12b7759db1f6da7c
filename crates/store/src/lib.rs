//! The desktop client's local database (SQLite in WAL mode).
//!
//! It mirrors what the server sent this device — sealed meeting records, the envelopes that
//! hold their keys, encrypted document blobs — so a member can read offline. Everything in
//! it is ciphertext (DESIGN.md invariant 1): decryption happens in memory, in `core`.
//! Writes are transactions, so a killed process leaves the file consistent (invariant 2):
//! downloaded chunks land in batches, a cut chunk's first bytes are kept to resume, the
//! outbox holds requests until the server acknowledged them, and drafts are sealed under a
//! device-local key before they are written. Chunks are kept as BLOBs rather than as
//! content-addressed files: `cargo xtask bench store` measures both (README, "Benchmarks")
//! and the difference is never felt, while BLOBs keep a chunk and its bookkeeping in one
//! transaction and a profile in one file.

mod annotations;
mod chunks;
mod error;
mod migrations;
mod outbox;
mod reading;
mod store;

pub use error::StoreError;
pub use outbox::OutboxEntry;
pub use store::{Store, StoredMeeting};
