//! The application facade of Phòng Họp: everything the desktop app, the command line and
//! the system tests do, as plain async Rust with no window attached (DESIGN.md invariant 5).
//!
//! A [`Profile`] is one enrolled person on this machine: their device keys, their server
//! and their local store. [`App`] opens a profile and lists meetings, decrypting only in
//! memory; syncs down in prefetch order with parallel, resumable, batched chunk downloads
//! and progress (`download`); follows the live feed; publishes and revises through the
//! outbox, sending only the chunks the server lacks; keeps drafts sealed and fills them
//! from a [`watch_folder`]; and serves the viewer: pages rendered by one pdfium worker
//! thread into an in-memory [`page_cache`] with neighbours prefetched, and [`search`] across a
//! meeting's documents that ignores Vietnamese diacritics. [`annotations`] are the member's
//! marks and notes (sealed under their personal key or to readers' devices, merged last
//! writer wins, carried over revisions) and [`annotation_export`] their annotated copy.
//! [`demo`] seeds the demonstration organisation.

pub mod annotation_export;
mod annotation_keys;
pub mod annotations;
mod attendance;
mod conduct;
pub mod demo;
mod download;
mod drafts;
mod enroll;
mod error;
mod follow;
pub mod minutes;
mod notices;
mod outbox;
pub mod page_cache;
mod preparation;
mod presenter;
mod profile;
mod publish;
mod reader;
mod readiness;
mod reading;
pub mod search;
pub mod secret_votes;
mod session;
pub mod trust;
pub mod views;
pub mod votes;
pub mod watch_folder;

pub use attendance::{AwaitingLine, RosterLine, RosterView};
pub use conduct::{ConductView, RoomAction, SpeakerView, SpeakersCommand};
pub use download::{CHUNKS_PER_REQUEST, PARALLEL_REQUESTS, SyncProgress};
pub use drafts::{Draft, WATCHED_ITEM_TITLE, WatchedFile};
pub use enroll::enroll;
pub use error::CoreError;
pub use follow::{FEED_CURSOR, FollowEvent};
pub use notices::{Notice, notice_for, spoken_start};
pub use outbox::{FlushReport, OutboxKind, PendingRequest};
pub use preparation::{
    DraftDocumentView, DraftItemView, DraftSummary, DraftView, Person, checked_info,
};
pub use presenter::{MeetingSignal, PRESENTER_PAGE, PresenterPage};
pub use profile::{Profile, ProfileConfig};
pub use publish::{DraftDocument, DraftItem, MeetingDraft, RevisionReport};
pub use readiness::{ReadinessBoard, ReadinessLine};
pub use reading::MAX_PAGE_WIDTH_PX;
pub use session::App;

/// Label sealing meeting records (domain separation).
pub const MEETING_LABEL: &str = "phonghop/meeting/v1";
/// Purpose bound into meeting-key envelopes.
pub const MEETING_KEY_PURPOSE: &str = "meeting-key";
/// Purpose bound into a restricted document's key envelopes.
pub const DOCUMENT_KEY_PURPOSE: &str = "document-key";
