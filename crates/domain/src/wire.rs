//! JSON bodies of the HTTP API between the desktop client and the central server.
//! Ciphertext travels as standard base64 text; public keys and hashes as lower-case hex.

use serde::{Deserialize, Serialize};

use crate::Role;

mod annotations;
mod readiness;
pub use annotations::*;
pub use readiness::*;

/// Version prefix of every API path.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always "ok" when the server answers.
    pub status: String,
    /// Server version.
    pub version: String,
}

/// `POST /api/v1/admin/users`: an administrator adds a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    /// Full name with diacritics.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub display_name: String,
    /// Title or office, e.g. "Phó Chủ tịch HĐND tỉnh".
    pub title: String,
    /// Role in the organisation.
    pub role: Role,
}

/// Answer to [`NewUser`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserCreated {
    /// New user's identifier.
    pub user_id: String,
}

/// Answer to `POST /api/v1/admin/users/{id}/enrollment-code`: a one-time code the person
/// types into the app to enroll a device (shown once; the server keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollmentCode {
    /// Sixteen digits in groups of four, e.g. "4821-0937-5512-0086".
    pub code: String,
    /// When it stops working, Unix seconds.
    pub expires_at: i64,
}

/// `POST /api/v1/enroll`: a new device presents its code and its public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enroll {
    /// The one-time code (separators ignored).
    pub code: String,
    /// Ed25519 public key, hex.
    pub signing_public_key: String,
    /// X25519 public key, hex.
    pub exchange_public_key: String,
}

/// Answer to [`Enroll`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolled {
    /// The new device's identifier.
    pub device_id: String,
    /// Its owner.
    pub user_id: String,
    /// The organisation's name.
    pub organisation: String,
    /// The organisation root's public key, hex, which the device pins.
    pub root_public_key: String,
}

/// `POST /api/v1/session/challenge`: a device asks for something to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeRequest {
    /// The device that will sign.
    pub device_id: String,
}

/// Answer to [`ChallengeRequest`]: single-use, short-lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// Random challenge, hex.
    pub challenge: String,
    /// Seconds it stays valid.
    pub expires_in_secs: i64,
}

/// `POST /api/v1/session`: the signed challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Login {
    /// The device.
    pub device_id: String,
    /// The challenge it was given.
    pub challenge: String,
    /// Ed25519 signature over the canonical login statement, hex.
    pub signature: String,
}

/// Answer to [`Login`]: a short-lived bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionToken {
    /// Bearer token (the server keeps only its hash).
    pub token: String,
    /// Seconds it stays valid.
    pub expires_in_secs: i64,
}

/// `GET /api/v1/me`: who the calling device belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// User identifier.
    pub user_id: String,
    /// Device identifier.
    pub device_id: String,
    /// Full name.
    pub display_name: String,
    /// Role in the organisation.
    pub role: Role,
    /// Name of the organisation the server serves.
    pub organisation: String,
}

/// `GET /api/v1/organisation` (no credentials): who this server serves, and the root key
/// a device pins when it enrolls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// Organisation name.
    pub name: String,
    /// Ed25519 public key of the organisation root, hex.
    pub root_public_key: String,
}

/// One entry of `GET /api/v1/admin/devices/pending`: an enrolled device the root has not
/// certified yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingDevice {
    /// Device identifier.
    pub device_id: String,
    /// Owner's identifier.
    pub user_id: String,
    /// Owner's name.
    pub display_name: String,
    /// Owner's role.
    pub role: Role,
    /// Ed25519 public key, hex.
    pub signing_public_key: String,
    /// X25519 public key, hex.
    pub exchange_public_key: String,
}

/// `PUT /api/v1/admin/devices/{id}/certificate`: the root's signature over the device's
/// claims, made by the administrator's tool where the root key is kept. The server checks
/// it against the root public key before storing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertifyDevice {
    /// Start of validity, Unix seconds.
    pub valid_from: u64,
    /// End of validity, Unix seconds.
    pub valid_until: u64,
    /// Root signature over the canonical claims, hex.
    pub signature: String,
}

/// One entry of `GET /api/v1/directory`: a certified device a secretary may wrap keys to.
/// The entry carries everything the root signed, so a client checks it against the root
/// key it pinned and trusts no key the server merely asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    /// User identifier.
    pub user_id: String,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Role in the organisation.
    pub role: Role,
    /// Device identifier.
    pub device_id: String,
    /// Ed25519 public key of the device, hex.
    pub signing_public_key: String,
    /// X25519 public key of the device, hex.
    pub exchange_public_key: String,
    /// Certificate validity start, Unix seconds.
    pub valid_from: u64,
    /// Certificate validity end, Unix seconds.
    pub valid_until: u64,
    /// The root's signature over the certified claims, hex.
    pub certificate_signature: String,
}

/// A meeting key wrapped to one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Envelope {
    /// Recipient device.
    pub device_id: String,
    /// Wrapped key, base64.
    pub envelope: String,
}

/// `POST /api/v1/meetings`: the secretary publishes (or republishes) a sealed meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishMeeting {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Start time, RFC 3339 (timing is metadata the server may know).
    pub starts_at: String,
    /// The sealed [`crate::Meeting`], base64.
    pub sealed: String,
    /// Blobs the meeting refers to; each must already be uploaded.
    pub blob_ids: Vec<String>,
    /// The meeting key wrapped to each participant device.
    pub envelopes: Vec<Envelope>,
}

/// Answer to [`PublishMeeting`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingPublished {
    /// Revision number the server assigned (1 for the first publication).
    pub revision: i64,
}

/// One entry of `GET /api/v1/meetings`: a meeting the calling device may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealedMeeting {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Revision number.
    pub revision: i64,
    /// Start time, RFC 3339.
    pub starts_at: String,
    /// The sealed meeting, base64.
    pub sealed: String,
    /// The meeting key wrapped to the calling device, base64.
    pub envelope: String,
    /// The certified device that published it and signed the envelope.
    pub publisher: DirectoryEntry,
    /// Whether the secretary cancelled it.
    #[serde(default)]
    pub cancelled: bool,
}

/// One entry of `GET /api/v1/admin/users`: a person as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// User identifier.
    pub user_id: String,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Role in the organisation.
    pub role: Role,
    /// Names of the committees (bodies) the person belongs to.
    pub committees: Vec<String>,
    /// Whether the person has been disabled (their devices can no longer sign in).
    pub disabled: bool,
    /// Devices enrolled and not revoked.
    pub active_devices: u32,
}

/// Where a device stands with the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    /// Enrolled; the root has not certified it yet.
    Pending,
    /// Certified by the root; may sign in.
    Certified,
    /// Revoked by an administrator; may never sign in again.
    Revoked,
}

/// One entry of `GET /api/v1/admin/devices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    /// Device identifier.
    pub device_id: String,
    /// Owner's identifier.
    pub user_id: String,
    /// Owner's name.
    pub display_name: String,
    /// Where the device stands.
    pub state: DeviceState,
    /// When it enrolled, Unix seconds.
    pub enrolled_at: i64,
    /// When it last signed in, Unix seconds (`None`: never).
    pub last_seen_at: Option<i64>,
}

/// One entry of `GET /api/v1/admin/committees`: a body whose members meet together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitteeSummary {
    /// Committee identifier.
    pub committee_id: String,
    /// Its name, e.g. "Ban Kinh tế - Ngân sách".
    pub name: String,
    /// How many active people belong to it.
    pub members: u32,
}

/// What happened, in one record of a person's change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedKind {
    /// A meeting the person takes part in was published for the first time.
    MeetingPublished,
    /// A meeting the person takes part in was published again (agenda, documents or
    /// participants changed).
    MeetingRevised,
    /// The person no longer takes part in a meeting (no key will come for what follows).
    RemovedFromMeeting,
    /// The secretary cancelled a meeting the person takes part in.
    MeetingCancelled,
    /// The chair opened a vote in a meeting the person takes part in.
    VoteOpened,
    /// The chair closed a vote; its result is ready (a secret ballot's once counted).
    VoteClosed,
    /// A secret ballot's counting committee opened the tally: its result is ready.
    VoteCounted,
}

/// One record of `GET /api/v1/feed`: the feed is a person's ordered log of what changed
/// for them. `seq` only grows; a client keeps the last one it handled and asks for what
/// came after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedRecord {
    /// Position in the feed (increasing; gaps are normal).
    pub seq: i64,
    /// What happened.
    pub kind: FeedKind,
    /// The meeting it concerns.
    pub meeting_id: String,
    /// The meeting's revision after the change.
    pub revision: i64,
    /// When, Unix seconds (server clock).
    pub at: i64,
    /// The vote concerned, for vote records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_id: Option<String>,
}

/// Answer to `GET /api/v1/feed?after=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedPage {
    /// Records after `N`, oldest first, at most `M`.
    pub records: Vec<FeedRecord>,
    /// The cursor to ask with next (the last record's `seq`, or `N` if there were none).
    pub next_after: i64,
    /// Whether more records wait beyond this page.
    pub more: bool,
}

/// A message the server sends on the live feed WebSocket (`GET /api/v1/feed/live?after=N`).
/// First come the records after `N`, then `caught_up`, then records as they happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveMessage {
    /// A feed record, the same as `GET /feed` returns.
    Record {
        /// The record.
        record: FeedRecord,
    },
    /// Every record up to `after` has been sent; what follows is live.
    CaughtUp {
        /// The cursor at that moment.
        after: i64,
    },
    /// An ephemeral meeting event (presenter's page, speakers queue…), relayed and never
    /// stored; missed while offline means missed.
    Event {
        /// The meeting.
        meeting_id: String,
        /// The device that sent it.
        from_device_id: String,
        /// What kind of event (for the client to route; the payload is sealed).
        kind: String,
        /// The payload sealed under the meeting key, base64.
        sealed: String,
    },
}

/// `POST /api/v1/meetings/{id}/events`: a participant relays an ephemeral event to the
/// other participants' live connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingEvent {
    /// 1 to 40 characters of a–z, digits, `_` and `.`, e.g. `presenter.page`.
    pub kind: String,
    /// The payload sealed under the meeting key, base64 (at most 16 KiB).
    pub sealed: String,
}

/// `POST /api/v1/blobs/missing`: an uploader asks which of these blobs the server lacks, so
/// it sends only those ("which of these do you lack", in one call).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobQuery {
    /// Blob ids (SHA-256 of the ciphertext, hex); at most 10,000.
    pub ids: Vec<String>,
}

/// Answer to [`BlobQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingBlobs {
    /// The ids asked about that the server does not hold, in the order asked.
    pub missing: Vec<String>,
}

/// `POST /api/v1/meetings/{id}/votes`: the chair opens an open vote (biểu quyết công khai).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenVote {
    /// New vote id (a UUID chosen by the chair's device, so a retried request is harmless).
    pub vote_id: String,
    /// The question and option labels, sealed under the meeting key, base64 (the server
    /// never reads them).
    pub sealed_question: String,
    /// How many options (2 to 50); option 0 is approval.
    pub options: u32,
    /// How the vote is decided.
    pub rule: crate::vote::VoteRule,
    /// When ballots stop being accepted by the server's clock, Unix ms (`None`: at close).
    #[serde(default)]
    pub closes_at_ms: Option<u64>,
    /// What is decided, which fixes the ballot's shape (a motion when absent).
    #[serde(default)]
    pub kind: crate::vote::VoteKind,
    /// Whether a member may change their ballot before the close (the body's rule; the
    /// latest ballot counts, and every one is in the audit chain).
    #[serde(default)]
    pub allow_change: bool,
    /// Set for a secret ballot (bỏ phiếu kín): the committee's key and their sealed shares.
    /// Ballots then arrive encrypted, with proofs, at `/votes/{id}/secret-ballots`.
    #[serde(default)]
    pub secret: Option<SecretSetup>,
}

/// One seat of the vote-counting committee (ban kiểm phiếu): a member's key share, sealed
/// under a fresh key wrapped to each of their devices by the dealer (the chair's device).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitteeSeat {
    /// The share's index (1 to n).
    pub index: u32,
    /// The committee member.
    pub user_id: String,
    /// The share, sealed, base64.
    pub sealed_share: String,
    /// The sealing key wrapped to each of the member's devices.
    pub envelopes: Vec<Envelope>,
}

/// What makes a vote secret: the committee's public key and seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretSetup {
    /// The committee's threshold public key (`phonghop_ballot::ElectionKey`), JSON text.
    pub election_key: String,
    /// SHA-256 of the option labels (hex): the proofs bind it, the labels stay sealed.
    pub labels_hash: String,
    /// One seat per committee member, in index order.
    pub committee: Vec<CommitteeSeat>,
}

/// `POST /api/v1/votes/{id}/secret-ballots`: an encrypted ballot with its proofs, signed
/// by the device over `phonghop_ballot::ballot_statement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CastSecretBallot {
    /// `phonghop_ballot::EncryptedBallot`, JSON text.
    pub ballot: String,
    /// Ed25519 signature of the device, hex.
    pub signature: String,
}

/// Answer to [`CastSecretBallot`]: the ballot's hash (the voter's receipt, to find in the
/// published record), signed by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretBallotReceipt {
    /// The vote.
    pub vote_id: String,
    /// The voting device.
    pub device_id: String,
    /// SHA-256 of the ballot, hex.
    pub ballot_hash: String,
    /// When the server recorded it, Unix ms.
    pub received_at_ms: u64,
    /// Its entry in the meeting's audit chain.
    pub audit_seq: u64,
    /// The server's signature over the receipt statement, hex.
    pub server_signature: String,
}

/// `GET /api/v1/votes/{id}/seat`: the calling committee member's sealed share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatForDevice {
    /// The share's index.
    pub index: u32,
    /// The share, sealed, base64.
    pub sealed_share: String,
    /// The sealing key wrapped to this device, base64.
    pub envelope: String,
    /// The dealer (the chair's device that opened the vote), to check the envelope's
    /// signature against.
    pub dealer: DirectoryEntry,
}

/// `POST /api/v1/votes/{id}/partials`: a committee member's partial decryption of the
/// encrypted tally, with proofs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishPartial {
    /// `phonghop_ballot::PartialDecryption`, JSON text.
    pub partial: String,
}

/// One ballot of a secret vote's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedSecretBallot {
    /// The voting device.
    pub device_id: String,
    /// Its Ed25519 public key, hex.
    pub device_key: String,
    /// The encrypted ballot, JSON text.
    pub ballot: String,
    /// The device's signature, hex.
    pub signature: String,
}

/// `GET /api/v1/votes/{id}/record`: everything needed to check a secret vote and recompute
/// its result with no secret (the option labels, sealed, are added by a participant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretVoteRecord {
    /// The vote.
    pub vote_id: String,
    /// Its meeting.
    pub meeting_id: String,
    /// The organisation (bound into every proof).
    pub organisation: String,
    /// What is decided.
    pub kind: crate::vote::VoteKind,
    /// Number of options.
    pub options: u32,
    /// SHA-256 of the labels, hex.
    pub labels_hash: String,
    /// The committee's key, JSON text.
    pub election_key: String,
    /// Every ballot recorded, in order.
    pub ballots: Vec<RecordedSecretBallot>,
    /// Partial decryptions published so far, JSON text each.
    pub partials: Vec<String>,
    /// The counts, once enough partials combined.
    pub counts: Option<Vec<u32>>,
}

/// Where a vote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VoteState {
    /// Ballots are accepted.
    Open,
    /// Closed by the chair; the tally is final.
    Closed,
}

/// `POST /api/v1/votes/{id}/ballots`: a member casts an open ballot, signed by the device
/// key over [`phonghop-crypto`'s `ballot_statement`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CastBallot {
    /// Option indexes: one for a motion or a multiple-choice vote, up to the seats for an
    /// election, one level (0 high, 1, 2 low) per person for a confidence vote.
    pub choices: Vec<u32>,
    /// Ed25519 signature of the device over the ballot statement, hex.
    pub signature: String,
}

/// Answer to [`CastBallot`]: the server's signed receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotReceipt {
    /// The vote.
    pub vote_id: String,
    /// The voting device.
    pub device_id: String,
    /// The choices recorded.
    pub choices: Vec<u32>,
    /// When the server recorded it, Unix ms (its clock decides).
    pub received_at_ms: u64,
    /// Position of the ballot in the meeting's audit chain.
    pub audit_seq: u64,
    /// The server's signature over the receipt statement, hex (check it with the server key
    /// served with the meeting's audit log).
    pub server_signature: String,
}

/// One ballot of a closed open vote, with the voter's name (open votes are public).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedBallot {
    /// The voter.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their choices.
    pub choices: Vec<u32>,
}

/// A secret ballot's counting, as participants see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretStatus {
    /// The committee's public key (`phonghop_ballot::ElectionKey`), JSON text: ballots are
    /// encrypted to it.
    pub election_key: String,
    /// SHA-256 of the option labels, hex (bound into every proof).
    pub labels_hash: String,
    /// Partial decryptions needed (k).
    pub threshold: u32,
    /// The committee's seats.
    pub committee: Vec<SeatStatus>,
}

/// One committee seat, for the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatStatus {
    /// The share's index.
    pub index: u32,
    /// The member.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Whether they published their partial decryption.
    pub published: bool,
}

/// Someone who has voted (shown live while the vote is open; not what they chose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterEntry {
    /// The voter.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
}

/// One entry of `GET /api/v1/meetings/{id}/votes`, or the answer to closing a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteStatus {
    /// The vote.
    pub vote_id: String,
    /// Its meeting.
    pub meeting_id: String,
    /// The sealed question, base64.
    pub sealed_question: String,
    /// Number of options.
    pub options: u32,
    /// The rule.
    pub rule: crate::vote::VoteRule,
    /// What is decided.
    #[serde(default)]
    pub kind: crate::vote::VoteKind,
    /// Whether a ballot may be changed before the close.
    #[serde(default)]
    pub allow_change: bool,
    /// Who has voted so far, by name.
    #[serde(default)]
    pub voters: Vec<VoterEntry>,
    /// For a secret ballot: the committee and which seats published their partial
    /// decryption (the result comes when the threshold is reached).
    #[serde(default)]
    pub secret: Option<SecretStatus>,
    /// Open or closed.
    pub state: VoteState,
    /// When it opened, Unix ms.
    pub opened_at_ms: u64,
    /// Ballot deadline by the server's clock, if any.
    pub closes_at_ms: Option<u64>,
    /// Members entitled to vote.
    pub eligible: u32,
    /// Ballots received so far (shown live; choices stay hidden until the close).
    pub ballots: u32,
    /// The tally, once closed.
    pub result: Option<crate::vote::Tally>,
    /// Who chose what, once closed.
    pub named_ballots: Vec<NamedBallot>,
}

/// `POST /api/v1/meetings/{id}/attendance`: a member checks in (present in person, online,
/// or absent with a reason); the chair or the secretary may record it for someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    /// How the person takes part.
    pub presence: crate::attendance::Presence,
    /// The reason for an absence, sealed under the meeting key, base64 (the server never
    /// reads it).
    #[serde(default)]
    pub sealed_reason: Option<String>,
    /// Whom it is for, when the chair or the secretary records it; the caller otherwise.
    #[serde(default)]
    pub user_id: Option<String>,
}

/// One person's latest check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceEntry {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// How they take part.
    pub presence: crate::attendance::Presence,
    /// Sealed reason of an absence, base64.
    pub sealed_reason: Option<String>,
    /// When it was recorded, Unix milliseconds (server clock).
    pub at_ms: u64,
    /// Who recorded it (the person themself, or the chair or secretary).
    pub recorded_by: String,
}

/// `GET /api/v1/meetings/{id}/attendance`: the live roster, for the quorum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRoster {
    /// Members who may vote in the meeting (the quorum's "all members").
    pub members: u32,
    /// Of them, those present in person or online.
    pub present: u32,
    /// Everyone who checked in, in name order.
    pub entries: Vec<AttendanceEntry>,
    /// Participants with a device following the server now (user ids), so the chair sees
    /// who is connected.
    #[serde(default)]
    pub online: Vec<String>,
    /// Members expected who have not checked in yet, in name order.
    #[serde(default)]
    pub awaiting: Vec<VoterEntry>,
}

/// Someone in the speakers queue, with their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpeakerStatus {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// When they asked, Unix ms (server clock).
    pub requested_at_ms: u64,
    /// When they were given the floor, if they speak now or spoke.
    pub granted_at_ms: Option<u64>,
    /// When their turn ended.
    #[serde(default)]
    pub finished_at_ms: Option<u64>,
}

/// `GET /api/v1/meetings/{id}/conduct`, and the answer to every conduct or speakers action:
/// the meeting as the chair runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConductStatus {
    /// The meeting.
    pub meeting_id: String,
    /// Where it stands.
    pub phase: crate::conduct::Phase,
    /// The agenda item open now, sealed under the meeting key (base64).
    pub sealed_item: Option<String>,
    /// The speaking limit in seconds (0: none).
    pub speaking_limit_secs: u32,
    /// Who has the floor.
    pub speaking: Option<SpeakerStatus>,
    /// Who waits, in order.
    pub waiting: Vec<SpeakerStatus>,
    /// Who has spoken, in order.
    #[serde(default)]
    pub spoken: Vec<SpeakerStatus>,
    /// The server's clock when this was read, Unix ms (timers count from it).
    pub server_now_ms: u64,
}
