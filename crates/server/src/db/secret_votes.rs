//! Secret ballots as the server keeps them: the committee's public key and sealed seats, the
//! encrypted ballots (each with its device signature; one per person; a ciphertext seen
//! before is refused), the committee's partial decryptions, and the result once enough of
//! them combined. The server checks proofs (in the handlers, with `phonghop-ballot`) and adds
//! ciphertexts; it never holds a key that opens a ballot.

use phonghop_crypto::Canonical;
use phonghop_domain::vote::{Tally, VoteKind};
use phonghop_domain::wire::{
    CommitteeSeat, FeedKind, FeedRecord, RecordedSecretBallot, SeatStatus, SecretStatus,
    SecretVoteRecord,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Database;
use crate::ApiError;

/// What the server keeps of a secret vote's setup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecretParameters {
    /// The committee's key, JSON text.
    pub election_key: String,
    /// SHA-256 of the labels, hex.
    pub labels_hash: String,
    /// Partials needed.
    pub threshold: u32,
}

/// A secret vote, as the handlers need it to check ballots and partials.
#[derive(Debug, Clone)]
pub struct SecretVote {
    /// Its meeting.
    pub meeting_id: String,
    /// What is decided.
    pub kind: VoteKind,
    /// Number of options.
    pub options: u32,
    /// The setup.
    pub parameters: SecretParameters,
    /// Closed (no more ballots).
    pub closed: bool,
    /// Ballot deadline.
    pub closes_at_ms: Option<u64>,
    /// Counted (the result is known).
    pub counted: bool,
}

/// A committee member's seat, for one of their devices.
#[derive(Debug, Clone)]
pub struct Seat {
    /// The share's index.
    pub index: u32,
    /// The share, sealed.
    pub sealed_share: Vec<u8>,
    /// The sealing key wrapped to this device, base64.
    pub envelope: String,
    /// The device that dealt the shares (the chair's, which opened the vote).
    pub dealer_device_id: String,
}

fn i64_of(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Stores a secret vote's setup while the vote is opened (same transaction).
pub(super) fn store_setup(
    transaction: &Transaction<'_>,
    vote_id: &str,
    parameters: &SecretParameters,
    committee: &[CommitteeSeat],
) -> Result<(), ApiError> {
    transaction.execute(
        "UPDATE votes SET secret = ?2 WHERE id = ?1",
        params![
            vote_id,
            serde_json::to_string(parameters).map_err(ApiError::internal)?
        ],
    )?;
    for seat in committee {
        let sealed = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            &seat.sealed_share,
        )
        .map_err(|_| ApiError::bad_request("request.bad_base64", "a sealed share is not base64"))?;
        transaction.execute(
            "INSERT INTO committee_seats (vote_id, idx, user_id, sealed_share, envelopes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                vote_id,
                seat.index,
                seat.user_id,
                sealed,
                serde_json::to_string(&seat.envelopes).map_err(ApiError::internal)?
            ],
        )?;
    }
    Ok(())
}

/// The committee and who published, for `GET /meetings/{id}/votes`.
pub(super) fn secret_status(
    connection: &Connection,
    vote_id: &str,
) -> Result<Option<SecretStatus>, ApiError> {
    let parameters: Option<String> = connection
        .prepare_cached("SELECT secret FROM votes WHERE id = ?1")?
        .query_row([vote_id], |row| row.get(0))
        .optional()?
        .flatten();
    let Some(parameters) = parameters else {
        return Ok(None);
    };
    let parameters: SecretParameters =
        serde_json::from_str(&parameters).map_err(ApiError::internal)?;
    let mut statement = connection.prepare_cached(
        "SELECT s.idx, s.user_id, u.display_name, s.partial IS NOT NULL
         FROM committee_seats s JOIN users u ON u.id = s.user_id
         WHERE s.vote_id = ?1 ORDER BY s.idx",
    )?;
    let committee = statement
        .query_map([vote_id], |row| {
            Ok(SeatStatus {
                index: row.get(0)?,
                user_id: row.get(1)?,
                display_name: row.get(2)?,
                published: row.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(SecretStatus {
        election_key: parameters.election_key,
        labels_hash: parameters.labels_hash,
        threshold: parameters.threshold,
        committee,
    }))
}

impl Database {
    /// The secret vote `vote_id`, or None when it is an open vote.
    pub fn secret_vote(&self, vote_id: &str) -> Result<Option<SecretVote>, ApiError> {
        let connection = self.lock()?;
        let row = connection
            .prepare_cached(
                "SELECT meeting_id, kind, options, secret, closed_at_ms, closes_at_ms, result
                 FROM votes WHERE id = ?1",
            )?
            .query_row([vote_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, u32>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                    row.get::<_, Option<String>>(6)?,
                ))
            })
            .optional()?
            .ok_or_else(|| ApiError::not_found(format!("no vote {vote_id}")))?;
        let (meeting_id, kind, options, secret, closed, closes, result) = row;
        let Some(secret) = secret else {
            return Ok(None);
        };
        Ok(Some(SecretVote {
            meeting_id,
            kind: serde_json::from_str(&kind).map_err(ApiError::internal)?,
            options,
            parameters: serde_json::from_str(&secret).map_err(ApiError::internal)?,
            closed: closed.is_some(),
            closes_at_ms: closes.and_then(|ms| u64::try_from(ms).ok()),
            counted: result.is_some(),
        }))
    }

    /// Records an encrypted ballot whose signature and proofs the handler checked. Refused
    /// when the vote is closed or past its deadline, the person is not entitled, they voted
    /// already, or a ciphertext of it was seen in this vote before (a copied ballot).
    #[allow(clippy::too_many_arguments)]
    pub fn cast_secret_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        ballot: &str,
        hash: &[u8; 32],
        fingerprints: &[[u8; 32]],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<super::RecordedBallot, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let (meeting_id, closed, closes): (String, Option<i64>, Option<i64>) = transaction
            .prepare_cached(
                "SELECT meeting_id, closed_at_ms, closes_at_ms FROM votes WHERE id = ?1",
            )?
            .query_row([vote_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        super::votes::may_cast(
            &transaction,
            vote_id,
            user_id,
            closed.is_some(),
            closes.and_then(|ms| u64::try_from(ms).ok()),
            now_ms,
        )?;
        let voted = transaction
            .prepare_cached("SELECT 1 FROM secret_ballots WHERE vote_id = ?1 AND user_id = ?2")?
            .query_row(params![vote_id, user_id], |_| Ok(()))
            .optional()?;
        if voted.is_some() {
            return Err(ApiError::conflict(
                "vote.already_voted",
                "a ballot from this person was already recorded",
            ));
        }
        for fingerprint in fingerprints {
            let inserted = transaction
                .prepare_cached(
                    "INSERT OR IGNORE INTO ballot_fingerprints (vote_id, fingerprint) VALUES (?1, ?2)",
                )?
                .execute(params![vote_id, fingerprint.as_slice()])?;
            if inserted == 0 {
                return Err(ApiError::bad_request(
                    "vote.copied_ballot",
                    "a ciphertext of this ballot is another ballot's",
                ));
            }
        }
        let entry = crate::audit::append(
            &transaction,
            &meeting_id,
            "secret_ballot.cast",
            Canonical::new("secret_ballot.cast/v1")
                .str(vote_id)
                .str(device_id)
                .bytes(hash)
                .bytes(signature)
                .finish(),
        )?;
        transaction.execute(
            "INSERT INTO secret_ballots (vote_id, user_id, device_id, ballot, hash, signature,
                received_at_ms, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                vote_id,
                user_id,
                device_id,
                ballot,
                hash.as_slice(),
                signature,
                i64_of(now_ms),
                i64_of(entry.seq)
            ],
        )?;
        transaction.commit()?;
        Ok(super::RecordedBallot {
            received_at_ms: now_ms,
            audit_seq: entry.seq,
        })
    }

    /// The calling committee member's seat, with the envelope for this device.
    pub fn committee_seat(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
    ) -> Result<Option<Seat>, ApiError> {
        let connection = self.lock()?;
        let seat: Option<(u32, Vec<u8>, String, String)> = connection
            .prepare_cached(
                "SELECT s.idx, s.sealed_share, s.envelopes, v.opened_by FROM committee_seats s
                 JOIN votes v ON v.id = s.vote_id WHERE s.vote_id = ?1 AND s.user_id = ?2",
            )?
            .query_row(params![vote_id, user_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let Some((index, sealed, envelopes, dealer)) = seat else {
            return Ok(None);
        };
        let envelopes: Vec<phonghop_domain::wire::Envelope> =
            serde_json::from_str(&envelopes).map_err(ApiError::internal)?;
        Ok(envelopes
            .into_iter()
            .find(|envelope| envelope.device_id == device_id)
            .map(|envelope| Seat {
                index,
                sealed_share: sealed,
                envelope: envelope.envelope,
                dealer_device_id: dealer,
            }))
    }

    /// Records a committee member's checked partial decryption; returns how many seats
    /// have published. A seat publishes once.
    pub fn publish_partial(
        &self,
        vote_id: &str,
        index: u32,
        user_id: &str,
        partial: &str,
        now_ms: u64,
    ) -> Result<u32, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let meeting_id: String = transaction
            .prepare_cached("SELECT meeting_id FROM votes WHERE id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        let updated = transaction.execute(
            "UPDATE committee_seats SET partial = ?4, published_at_ms = ?5
             WHERE vote_id = ?1 AND idx = ?2 AND user_id = ?3 AND partial IS NULL",
            params![vote_id, index, user_id, partial, i64_of(now_ms)],
        )?;
        if updated == 0 {
            return Err(ApiError::conflict(
                "vote.partial_exists",
                "this seat's partial decryption was already published",
            ));
        }
        crate::audit::append(
            &transaction,
            &meeting_id,
            "tally.partial_published",
            Canonical::new("tally.partial/v1")
                .str(vote_id)
                .u64(u64::from(index))
                .bytes(&phonghop_crypto::sha256(partial.as_bytes()))
                .finish(),
        )?;
        let published: u32 = transaction.query_row(
            "SELECT count(*) FROM committee_seats WHERE vote_id = ?1 AND partial IS NOT NULL",
            [vote_id],
            |row| row.get(0),
        )?;
        transaction.commit()?;
        Ok(published)
    }

    /// Everything published about a secret vote.
    pub fn secret_record(&self, vote_id: &str) -> Result<SecretVoteRecord, ApiError> {
        let organisation = self.organisation_name()?;
        let vote = self.secret_vote(vote_id)?.ok_or_else(|| {
            ApiError::bad_request("vote.not_secret", "this vote is open, not secret")
        })?;
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT b.device_id, d.signing_public_key, b.ballot, b.signature
             FROM secret_ballots b JOIN devices d ON d.id = b.device_id
             WHERE b.vote_id = ?1 ORDER BY b.audit_seq",
        )?;
        let ballots = statement
            .query_map([vote_id], |row| {
                Ok(RecordedSecretBallot {
                    device_id: row.get(0)?,
                    device_key: row.get(1)?,
                    ballot: row.get(2)?,
                    signature: hex::encode(row.get::<_, Vec<u8>>(3)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut statement = connection.prepare_cached(
            "SELECT partial FROM committee_seats WHERE vote_id = ?1 AND partial IS NOT NULL
             ORDER BY idx",
        )?;
        let partials = statement
            .query_map([vote_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let counts: Option<String> = connection
            .prepare_cached("SELECT counts FROM votes WHERE id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        Ok(SecretVoteRecord {
            vote_id: vote_id.to_owned(),
            meeting_id: vote.meeting_id,
            organisation,
            kind: vote.kind,
            options: vote.options,
            labels_hash: vote.parameters.labels_hash,
            election_key: vote.parameters.election_key,
            ballots,
            partials,
            counts: counts
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(ApiError::internal)?,
        })
    }

    /// The rule `vote_id` is decided by.
    pub fn vote_rule(&self, vote_id: &str) -> Result<phonghop_domain::vote::VoteRule, ApiError> {
        let connection = self.lock()?;
        let rule: String = connection
            .prepare_cached("SELECT rule FROM votes WHERE id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        serde_json::from_str(&rule).map_err(ApiError::internal)
    }

    /// Members entitled and present at the close of `vote_id` (kept at the close).
    pub fn turnout_at_close(&self, vote_id: &str) -> Result<(u32, u32), ApiError> {
        let connection = self.lock()?;
        Ok(connection.query_row(
            "SELECT (SELECT count(*) FROM vote_eligible WHERE vote_id = ?1),
                    coalesce(present_at_close, 0) FROM votes WHERE id = ?1",
            [vote_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?)
    }

    /// Records the result the committee's partials combined to, with an audit entry, and
    /// tells every participant's feed.
    pub fn record_count(
        &self,
        vote_id: &str,
        counts: &[u32],
        result: &Tally,
        announce: impl FnOnce(&[(String, FeedRecord)]),
    ) -> Result<(), ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let meeting_id: String = transaction
            .prepare_cached("SELECT meeting_id FROM votes WHERE id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        let updated = transaction.execute(
            "UPDATE votes SET counts = ?2, result = ?3 WHERE id = ?1 AND result IS NULL",
            params![
                vote_id,
                serde_json::to_string(counts).map_err(ApiError::internal)?,
                serde_json::to_string(result).map_err(ApiError::internal)?
            ],
        )?;
        if updated == 0 {
            // Counted already (two partials raced past the threshold): nothing to add.
            return Ok(());
        }
        let mut payload = Canonical::new("vote.counted/v1")
            .str(vote_id)
            .u64(u64::from(result.cast))
            .u64(u64::from(result.passed));
        for count in counts {
            payload = payload.u64(u64::from(*count));
        }
        crate::audit::append(&transaction, &meeting_id, "vote.counted", payload.finish())?;
        let records =
            super::votes::feed_vote(&transaction, &meeting_id, vote_id, FeedKind::VoteCounted)?;
        transaction.commit()?;
        announce(&records);
        Ok(())
    }
}
