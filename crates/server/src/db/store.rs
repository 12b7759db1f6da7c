//! The metadata store as handlers see it: a trait, so a PostgreSQL store can stand in for
//! the embedded SQLite one without touching handlers. [`Database`] is the SQLite
//! implementation; every method here forwards to it.

use phonghop_crypto::audit::AuditEntry;
use phonghop_domain::Role;
use phonghop_domain::vote::Tally;
use phonghop_domain::wire::{
    CommitteeSummary, DeviceSummary, DirectoryEntry, FeedRecord, PendingDevice, UserSummary,
    VoteStatus,
};

use super::{
    Database, DeviceIdentity, IdempotentStart, ImportOutcome, MeetingForDevice, MeetingRecord,
    NewMember, NewVote, Published, RecordedBallot,
};
use crate::ApiError;

/// Called with the feed records a change committed, before the store is released (so
/// announcements keep commit order).
pub type AnnounceRecords<'a> = dyn Fn(&[(String, FeedRecord)]) + 'a;

/// Everything the server keeps besides blobs: people, devices, sessions, meetings, feeds,
/// audit chains and votes.
pub trait MetadataStore:
    super::AnnotationStore + super::ReadinessStore + Send + Sync + std::fmt::Debug
{
    /// Meetings that have an audit chain.
    fn audited_meetings(&self) -> Result<Vec<String>, ApiError>;

    /// A meeting's entries in order, each with the hash recorded when it was appended.
    fn audit_entries(&self, meeting_id: &str) -> Result<Vec<(AuditEntry, [u8; 32])>, ApiError>;

    /// Up to `limit` records of a person's feed after `after`, oldest first.
    fn feed_after(
        &self,
        user_id: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<FeedRecord>, ApiError>;

    /// Whether a device may still act: not revoked, its owner not disabled.
    fn device_is_active(&self, device_id: &str) -> Result<bool, ApiError>;

    /// Records an uploaded blob.
    fn add_blob(&self, id: &str, size: usize, device_id: &str) -> Result<(), ApiError>;

    /// Whether the device holds an envelope for the meeting (it takes part in it).
    fn takes_part(&self, device_id: &str, meeting_id: &str) -> Result<bool, ApiError>;

    /// Whether the server has recorded the blob as uploaded.
    fn has_blob(&self, id: &str) -> Result<bool, ApiError>;

    /// Whether the device may download the blob: it uploaded it, or it holds an envelope
    /// for a meeting that refers to it.
    fn may_read_blob(&self, device_id: &str, blob_id: &str) -> Result<bool, ApiError>;

    /// Stores a new revision of a meeting, replacing its envelopes and blob references, and
    /// adds a record to the feed of every participant (and of anyone no longer one) and an
    /// entry to the meeting's audit chain, all in one transaction. `announce` runs after the
    /// commit while the database is still held, so announcements leave in commit order.
    fn publish_meeting(
        &self,
        record: &MeetingRecord<'_>,
        device_id: &str,
        announce: &dyn Fn(&Published),
    ) -> Result<Published, ApiError>;

    /// Cancels a meeting: records it, tells every participant's feed and the audit chain.
    fn cancel_meeting(
        &self,
        meeting_id: &str,
        device_id: &str,
        announce: &AnnounceRecords<'_>,
    ) -> Result<(), ApiError>;

    /// The people taking part in a meeting (owners of devices holding its key).
    fn meeting_participants(
        &self,
        meeting_id: &str,
    ) -> Result<std::collections::HashSet<String>, ApiError>;

    /// The meetings a device holds an envelope for, soonest first.
    fn meetings_for_device(&self, device_id: &str) -> Result<Vec<MeetingForDevice>, ApiError>;

    /// Whether the database answers a query (for `/readyz`).
    fn check_ready(&self) -> Result<(), ApiError>;

    /// The organisation root's public key, hex.
    fn root_public_key(&self) -> Result<String, ApiError>;

    /// The organisation's name.
    fn organisation_name(&self) -> Result<String, ApiError>;

    /// Whether `token_hash` is the administrator's.
    fn is_admin_token(&self, token_hash: &str) -> Result<bool, ApiError>;

    /// Adds a person.
    fn add_user(
        &self,
        id: &str,
        display_name: &str,
        title: &str,
        role: Role,
    ) -> Result<(), ApiError>;

    /// Every active, certified device with its owner and certificate.
    fn directory(&self) -> Result<Vec<DirectoryEntry>, ApiError>;

    /// One certified device's directory entry.
    fn directory_entry(&self, device_id: &str) -> Result<Option<DirectoryEntry>, ApiError>;

    /// Enrolled devices awaiting the root's certificate.
    fn pending_devices(&self) -> Result<Vec<PendingDevice>, ApiError>;

    /// The pending device, if it awaits a certificate.
    fn pending_device(&self, device_id: &str) -> Result<Option<PendingDevice>, ApiError>;

    /// Stores the root's (already verified) certificate for a device.
    fn set_certificate(
        &self,
        device_id: &str,
        valid_from: u64,
        valid_until: u64,
        signature_hex: &str,
    ) -> Result<(), ApiError>;

    /// Every person, with their committees and how many devices they have.
    fn list_users(&self) -> Result<Vec<UserSummary>, ApiError>;

    /// Disables (or re-enables) a person. Disabling ends their sessions and voids their
    /// unused enrollment codes at once. Returns whether the person exists.
    fn set_user_disabled(&self, user_id: &str, disabled: bool) -> Result<bool, ApiError>;

    /// Every enrolled device with its owner and state, newest last.
    fn list_devices(&self) -> Result<Vec<DeviceSummary>, ApiError>;

    /// Revokes a device for good: it leaves the directory, its sessions and pending
    /// challenges end now. Returns the owner's id, or `None` if there is no such device.
    fn revoke_device(&self, device_id: &str) -> Result<Option<String>, ApiError>;

    /// Adds a committee; its name must be new.
    fn add_committee(&self, name: &str) -> Result<String, ApiError>;

    /// Every committee with its number of active members.
    fn list_committees(&self) -> Result<Vec<CommitteeSummary>, ApiError>;

    /// Puts a person in a committee (found by name); doing it twice changes nothing.
    fn add_committee_member(&self, committee: &str, user_id: &str) -> Result<(), ApiError>;

    /// Imports checked rows in one transaction: all of them or, on any failure, none.
    /// A row naming someone already present (same name and title) adds them to the
    /// committee only.
    fn import_members(&self, rows: &[NewMember]) -> Result<Vec<ImportOutcome>, ApiError>;

    /// Records a one-time enrollment code (by its hash) for a person.
    fn add_enrollment_code(
        &self,
        user_id: &str,
        code_hash: &str,
        expires_at: i64,
    ) -> Result<(), ApiError>;

    /// Uses an enrollment code to register a device; returns the owner's user id. The code
    /// must exist, be unused and unexpired; using it and adding the device are one
    /// transaction, so a code can never enroll two devices.
    fn enroll_device(
        &self,
        code_hash: &str,
        device_id: &str,
        signing_public_key: &str,
        exchange_public_key: &str,
    ) -> Result<String, ApiError>;

    /// The Ed25519 key (hex) of an active device.
    fn signing_key_of(&self, device_id: &str) -> Result<Option<String>, ApiError>;

    /// Stores a login challenge for a device, dropping expired ones.
    fn add_challenge(
        &self,
        device_id: &str,
        challenge: &str,
        expires_at: i64,
    ) -> Result<(), ApiError>;

    /// Consumes a challenge: true when it was issued to this device and has not expired.
    /// A challenge answers at most once, so a recorded login cannot be replayed.
    fn take_challenge(&self, device_id: &str, challenge: &str) -> Result<bool, ApiError>;

    /// Records a session token (by its hash).
    fn add_session(
        &self,
        token_hash: &str,
        device_id: &str,
        expires_at: i64,
    ) -> Result<(), ApiError>;

    /// The device behind an unexpired session token, if the device and its owner are active.
    fn device_by_session(&self, token_hash: &str) -> Result<Option<DeviceIdentity>, ApiError>;

    /// Opens a vote: snapshots the members entitled to vote (participants whose role
    /// votes), records it in the audit chain and tells every participant's feed.
    fn open_vote(&self, vote: &NewVote<'_>, announce: &AnnounceRecords<'_>)
    -> Result<(), ApiError>;

    /// The meeting a vote belongs to.
    fn vote_meeting(&self, vote_id: &str) -> Result<Option<String>, ApiError>;

    /// Votes still open that have a deadline: (vote id, deadline in Unix ms).
    fn open_votes_with_deadline(&self) -> Result<Vec<(String, u64)>, ApiError>;

    /// The secret vote `vote_id`, or None when it is an open vote.
    fn secret_vote(&self, vote_id: &str) -> Result<Option<super::SecretVote>, ApiError>;

    /// Records an encrypted ballot whose signature and proofs were checked.
    #[allow(clippy::too_many_arguments)]
    fn cast_secret_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        ballot: &str,
        hash: &[u8; 32],
        fingerprints: &[[u8; 32]],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<RecordedBallot, ApiError>;

    /// A committee member's seat, with the envelope for this device.
    fn committee_seat(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
    ) -> Result<Option<super::Seat>, ApiError>;

    /// Records a checked partial decryption; returns how many seats have published.
    fn publish_partial(
        &self,
        vote_id: &str,
        index: u32,
        user_id: &str,
        partial: &str,
        now_ms: u64,
    ) -> Result<u32, ApiError>;

    /// Everything published about a secret vote.
    fn secret_record(
        &self,
        vote_id: &str,
    ) -> Result<phonghop_domain::wire::SecretVoteRecord, ApiError>;

    /// The rule a vote is decided by.
    fn vote_rule(&self, vote_id: &str) -> Result<phonghop_domain::vote::VoteRule, ApiError>;

    /// Members entitled, and present at the close.
    fn turnout_at_close(&self, vote_id: &str) -> Result<(u32, u32), ApiError>;

    /// Records a secret vote's combined counts and result, and tells the feeds.
    fn record_count(
        &self,
        vote_id: &str,
        counts: &[u32],
        result: &Tally,
        announce: &AnnounceRecords<'_>,
    ) -> Result<(), ApiError>;

    /// Records a ballot whose signature the handler checked. Refused when the vote is
    /// closed or past its deadline by the server's clock, when the person is not entitled,
    /// when the choice is out of range, and when they already voted.
    fn cast_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        choices: &[u32],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<RecordedBallot, ApiError>;

    /// Closes a vote and computes its tally.
    fn close_vote(
        &self,
        vote_id: &str,
        now_ms: u64,
        announce: &AnnounceRecords<'_>,
    ) -> Result<Tally, ApiError>;

    /// Records a person's presence at a meeting, with an audit entry.
    fn check_in(
        &self,
        meeting_id: &str,
        user_id: &str,
        recorded_by: &str,
        presence: phonghop_domain::attendance::Presence,
        sealed_reason: Option<&[u8]>,
        now_ms: u64,
    ) -> Result<(), ApiError>;

    /// A meeting's attendance roster.
    fn attendance(
        &self,
        meeting_id: &str,
    ) -> Result<phonghop_domain::wire::AttendanceRoster, ApiError>;

    /// The meeting's conduct (phase, open item, speakers) read at `now_ms`.
    fn conduct(
        &self,
        meeting_id: &str,
        now_ms: u64,
    ) -> Result<phonghop_domain::wire::ConductStatus, ApiError>;

    /// Applies a conduct change by `actor`, with an audit entry.
    fn change_conduct(
        &self,
        meeting_id: &str,
        actor: &str,
        change: super::ConductChange<'_>,
        now_ms: u64,
    ) -> Result<phonghop_domain::wire::ConductStatus, ApiError>;

    /// Claims `key` for a request of `device_id` with this `fingerprint` (method, path and
    /// body hash), or says what an earlier request under the key came to.
    fn begin_idempotent(
        &self,
        device_id: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<IdempotentStart, ApiError>;

    /// Records the answer to a claimed key, or with `None` releases the claim (the request
    /// failed on the server's side and may be tried again).
    fn finish_idempotent(
        &self,
        device_id: &str,
        key: &str,
        answer: Option<(u16, &[u8])>,
    ) -> Result<(), ApiError>;

    /// Every vote of a meeting, oldest first; closed ones with their tally and names.
    fn meeting_votes(&self, meeting_id: &str) -> Result<Vec<VoteStatus>, ApiError>;
}

impl MetadataStore for Database {
    fn audited_meetings(&self) -> Result<Vec<String>, ApiError> {
        Database::audited_meetings(self)
    }

    fn audit_entries(&self, meeting_id: &str) -> Result<Vec<(AuditEntry, [u8; 32])>, ApiError> {
        Database::audit_entries(self, meeting_id)
    }

    fn feed_after(
        &self,
        user_id: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<FeedRecord>, ApiError> {
        Database::feed_after(self, user_id, after, limit)
    }

    fn device_is_active(&self, device_id: &str) -> Result<bool, ApiError> {
        Database::device_is_active(self, device_id)
    }

    fn add_blob(&self, id: &str, size: usize, device_id: &str) -> Result<(), ApiError> {
        Database::add_blob(self, id, size, device_id)
    }

    fn takes_part(&self, device_id: &str, meeting_id: &str) -> Result<bool, ApiError> {
        Database::takes_part(self, device_id, meeting_id)
    }

    fn has_blob(&self, id: &str) -> Result<bool, ApiError> {
        Database::has_blob(self, id)
    }

    fn may_read_blob(&self, device_id: &str, blob_id: &str) -> Result<bool, ApiError> {
        Database::may_read_blob(self, device_id, blob_id)
    }

    fn publish_meeting(
        &self,
        record: &MeetingRecord<'_>,
        device_id: &str,
        announce: &dyn Fn(&Published),
    ) -> Result<Published, ApiError> {
        Database::publish_meeting(self, record, device_id, |value| announce(value))
    }

    fn cancel_meeting(
        &self,
        meeting_id: &str,
        device_id: &str,
        announce: &AnnounceRecords<'_>,
    ) -> Result<(), ApiError> {
        Database::cancel_meeting(self, meeting_id, device_id, |value| announce(value))
    }

    fn meeting_participants(
        &self,
        meeting_id: &str,
    ) -> Result<std::collections::HashSet<String>, ApiError> {
        Database::meeting_participants(self, meeting_id)
    }

    fn meetings_for_device(&self, device_id: &str) -> Result<Vec<MeetingForDevice>, ApiError> {
        Database::meetings_for_device(self, device_id)
    }

    fn check_ready(&self) -> Result<(), ApiError> {
        Database::check_ready(self)
    }

    fn root_public_key(&self) -> Result<String, ApiError> {
        Database::root_public_key(self)
    }

    fn organisation_name(&self) -> Result<String, ApiError> {
        Database::organisation_name(self)
    }

    fn is_admin_token(&self, token_hash: &str) -> Result<bool, ApiError> {
        Database::is_admin_token(self, token_hash)
    }

    fn add_user(
        &self,
        id: &str,
        display_name: &str,
        title: &str,
        role: Role,
    ) -> Result<(), ApiError> {
        Database::add_user(self, id, display_name, title, role)
    }

    fn directory(&self) -> Result<Vec<DirectoryEntry>, ApiError> {
        Database::directory(self)
    }

    fn directory_entry(&self, device_id: &str) -> Result<Option<DirectoryEntry>, ApiError> {
        Database::directory_entry(self, device_id)
    }

    fn pending_devices(&self) -> Result<Vec<PendingDevice>, ApiError> {
        Database::pending_devices(self)
    }

    fn pending_device(&self, device_id: &str) -> Result<Option<PendingDevice>, ApiError> {
        Database::pending_device(self, device_id)
    }

    fn set_certificate(
        &self,
        device_id: &str,
        valid_from: u64,
        valid_until: u64,
        signature_hex: &str,
    ) -> Result<(), ApiError> {
        Database::set_certificate(self, device_id, valid_from, valid_until, signature_hex)
    }

    fn list_users(&self) -> Result<Vec<UserSummary>, ApiError> {
        Database::list_users(self)
    }

    fn set_user_disabled(&self, user_id: &str, disabled: bool) -> Result<bool, ApiError> {
        Database::set_user_disabled(self, user_id, disabled)
    }

    fn list_devices(&self) -> Result<Vec<DeviceSummary>, ApiError> {
        Database::list_devices(self)
    }

    fn revoke_device(&self, device_id: &str) -> Result<Option<String>, ApiError> {
        Database::revoke_device(self, device_id)
    }

    fn add_committee(&self, name: &str) -> Result<String, ApiError> {
        Database::add_committee(self, name)
    }

    fn list_committees(&self) -> Result<Vec<CommitteeSummary>, ApiError> {
        Database::list_committees(self)
    }

    fn add_committee_member(&self, committee: &str, user_id: &str) -> Result<(), ApiError> {
        Database::add_committee_member(self, committee, user_id)
    }

    fn import_members(&self, rows: &[NewMember]) -> Result<Vec<ImportOutcome>, ApiError> {
        Database::import_members(self, rows)
    }

    fn add_enrollment_code(
        &self,
        user_id: &str,
        code_hash: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        Database::add_enrollment_code(self, user_id, code_hash, expires_at)
    }

    fn enroll_device(
        &self,
        code_hash: &str,
        device_id: &str,
        signing_public_key: &str,
        exchange_public_key: &str,
    ) -> Result<String, ApiError> {
        Database::enroll_device(
            self,
            code_hash,
            device_id,
            signing_public_key,
            exchange_public_key,
        )
    }

    fn signing_key_of(&self, device_id: &str) -> Result<Option<String>, ApiError> {
        Database::signing_key_of(self, device_id)
    }

    fn add_challenge(
        &self,
        device_id: &str,
        challenge: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        Database::add_challenge(self, device_id, challenge, expires_at)
    }

    fn take_challenge(&self, device_id: &str, challenge: &str) -> Result<bool, ApiError> {
        Database::take_challenge(self, device_id, challenge)
    }

    fn add_session(
        &self,
        token_hash: &str,
        device_id: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        Database::add_session(self, token_hash, device_id, expires_at)
    }

    fn device_by_session(&self, token_hash: &str) -> Result<Option<DeviceIdentity>, ApiError> {
        Database::device_by_session(self, token_hash)
    }

    fn open_vote(
        &self,
        vote: &NewVote<'_>,
        announce: &AnnounceRecords<'_>,
    ) -> Result<(), ApiError> {
        Database::open_vote(self, vote, |value| announce(value))
    }

    fn vote_meeting(&self, vote_id: &str) -> Result<Option<String>, ApiError> {
        Database::vote_meeting(self, vote_id)
    }

    fn open_votes_with_deadline(&self) -> Result<Vec<(String, u64)>, ApiError> {
        Database::open_votes_with_deadline(self)
    }

    fn secret_vote(&self, vote_id: &str) -> Result<Option<super::SecretVote>, ApiError> {
        Database::secret_vote(self, vote_id)
    }

    fn cast_secret_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        ballot: &str,
        hash: &[u8; 32],
        fingerprints: &[[u8; 32]],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<RecordedBallot, ApiError> {
        Database::cast_secret_ballot(
            self,
            vote_id,
            user_id,
            device_id,
            ballot,
            hash,
            fingerprints,
            signature,
            now_ms,
        )
    }

    fn committee_seat(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
    ) -> Result<Option<super::Seat>, ApiError> {
        Database::committee_seat(self, vote_id, user_id, device_id)
    }

    fn publish_partial(
        &self,
        vote_id: &str,
        index: u32,
        user_id: &str,
        partial: &str,
        now_ms: u64,
    ) -> Result<u32, ApiError> {
        Database::publish_partial(self, vote_id, index, user_id, partial, now_ms)
    }

    fn secret_record(
        &self,
        vote_id: &str,
    ) -> Result<phonghop_domain::wire::SecretVoteRecord, ApiError> {
        Database::secret_record(self, vote_id)
    }

    fn vote_rule(&self, vote_id: &str) -> Result<phonghop_domain::vote::VoteRule, ApiError> {
        Database::vote_rule(self, vote_id)
    }

    fn turnout_at_close(&self, vote_id: &str) -> Result<(u32, u32), ApiError> {
        Database::turnout_at_close(self, vote_id)
    }

    fn record_count(
        &self,
        vote_id: &str,
        counts: &[u32],
        result: &Tally,
        announce: &AnnounceRecords<'_>,
    ) -> Result<(), ApiError> {
        Database::record_count(self, vote_id, counts, result, announce)
    }

    fn cast_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        choices: &[u32],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<RecordedBallot, ApiError> {
        Database::cast_ballot(
            self, vote_id, user_id, device_id, choices, signature, now_ms,
        )
    }

    fn close_vote(
        &self,
        vote_id: &str,
        now_ms: u64,
        announce: &AnnounceRecords<'_>,
    ) -> Result<Tally, ApiError> {
        Database::close_vote(self, vote_id, now_ms, |value| announce(value))
    }

    fn meeting_votes(&self, meeting_id: &str) -> Result<Vec<VoteStatus>, ApiError> {
        Database::meeting_votes(self, meeting_id)
    }

    fn begin_idempotent(
        &self,
        device_id: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<IdempotentStart, ApiError> {
        Database::begin_idempotent(self, device_id, key, fingerprint)
    }

    fn check_in(
        &self,
        meeting_id: &str,
        user_id: &str,
        recorded_by: &str,
        presence: phonghop_domain::attendance::Presence,
        sealed_reason: Option<&[u8]>,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        Database::check_in(
            self,
            meeting_id,
            user_id,
            recorded_by,
            presence,
            sealed_reason,
            now_ms,
        )
    }

    fn attendance(
        &self,
        meeting_id: &str,
    ) -> Result<phonghop_domain::wire::AttendanceRoster, ApiError> {
        Database::attendance(self, meeting_id)
    }

    fn conduct(
        &self,
        meeting_id: &str,
        now_ms: u64,
    ) -> Result<phonghop_domain::wire::ConductStatus, ApiError> {
        Database::conduct(self, meeting_id, now_ms)
    }

    fn change_conduct(
        &self,
        meeting_id: &str,
        actor: &str,
        change: super::ConductChange<'_>,
        now_ms: u64,
    ) -> Result<phonghop_domain::wire::ConductStatus, ApiError> {
        Database::change_conduct(self, meeting_id, actor, change, now_ms)
    }

    fn finish_idempotent(
        &self,
        device_id: &str,
        key: &str,
        answer: Option<(u16, &[u8])>,
    ) -> Result<(), ApiError> {
        Database::finish_idempotent(self, device_id, key, answer)
    }
}
