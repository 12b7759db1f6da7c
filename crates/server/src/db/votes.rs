//! Open votes as the server keeps them: opening takes a snapshot of who may vote, each
//! ballot is one row per member (the primary key refuses a second), closing computes the
//! tally with `phonghop_domain::vote::tally`. Every step appends to the meeting's audit
//! chain and, for opening and closing, to the participants' feeds, in one transaction.

use phonghop_crypto::Canonical;
use phonghop_domain::vote::{Tally, Turnout, VoteKind, VoteRule, tally_ballots};
use phonghop_domain::wire::{FeedKind, FeedRecord, NamedBallot, VoteState, VoteStatus, VoterEntry};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Database;
use super::meetings::participant_users;
use crate::ApiError;

/// A vote to open (checked by the handler).
#[derive(Debug)]
pub struct NewVote<'a> {
    /// Vote id.
    pub vote_id: &'a str,
    /// Meeting id.
    pub meeting_id: &'a str,
    /// Sealed question.
    pub sealed_question: &'a [u8],
    /// Number of options.
    pub options: u32,
    /// Rule.
    pub rule: VoteRule,
    /// What is decided.
    pub kind: VoteKind,
    /// Whether a ballot may be changed before the close.
    pub allow_change: bool,
    /// A secret ballot's setup and committee seats (checked by the handler).
    pub secret: Option<(
        &'a super::SecretParameters,
        &'a [phonghop_domain::wire::CommitteeSeat],
    )>,
    /// Ballot deadline, Unix ms.
    pub closes_at_ms: Option<u64>,
    /// The chair's device.
    pub opened_by: &'a str,
    /// Server time, Unix ms.
    pub now_ms: u64,
}

/// A ballot as recorded.
#[derive(Debug, Clone)]
pub struct RecordedBallot {
    /// When, Unix ms.
    pub received_at_ms: u64,
    /// Its audit entry.
    pub audit_seq: u64,
}

struct VoteRow {
    meeting_id: String,
    options: u32,
    rule: VoteRule,
    kind: VoteKind,
    allow_change: bool,
    closes_at_ms: Option<u64>,
    closed: bool,
    secret: bool,
}

fn choices_text(choices: &[u32]) -> Result<String, ApiError> {
    serde_json::to_string(choices).map_err(ApiError::internal)
}

fn choices_of(text: &str) -> Result<Vec<u32>, rusqlite::Error> {
    serde_json::from_str(text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
    })
}

fn i64_of(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn u64_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn vote_row(transaction: &Transaction<'_>, vote_id: &str) -> Result<VoteRow, ApiError> {
    let row = transaction
        .prepare_cached(
            "SELECT meeting_id, options, rule, closes_at_ms, closed_at_ms, kind, allow_change,
                secret IS NOT NULL
             FROM votes WHERE id = ?1",
        )?
        .query_row([vote_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
                row.get::<_, Option<i64>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, bool>(6)?,
                row.get::<_, bool>(7)?,
            ))
        })
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("no vote {vote_id}")))?;
    Ok(VoteRow {
        meeting_id: row.0,
        options: u32::try_from(row.1).unwrap_or(0),
        rule: serde_json::from_str(&row.2).map_err(ApiError::internal)?,
        kind: serde_json::from_str(&row.5).map_err(ApiError::internal)?,
        allow_change: row.6,
        secret: row.7,
        closes_at_ms: row.3.map(u64_of),
        closed: row.4.is_some(),
    })
}

/// Refuses a ballot when the vote is closed or past its deadline by the server's clock, or
/// when the person is not entitled to vote in it.
pub(super) fn may_cast(
    transaction: &Transaction<'_>,
    vote_id: &str,
    user_id: &str,
    closed: bool,
    closes_at_ms: Option<u64>,
    now_ms: u64,
) -> Result<(), ApiError> {
    if closed || closes_at_ms.is_some_and(|deadline| now_ms > deadline) {
        return Err(ApiError::conflict(
            "vote.closed",
            "the vote is closed: ballots are no longer accepted",
        ));
    }
    let entitled = transaction
        .prepare_cached("SELECT 1 FROM vote_eligible WHERE vote_id = ?1 AND user_id = ?2")?
        .query_row(params![vote_id, user_id], |_| Ok(()))
        .optional()?;
    if entitled.is_none() {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "vote.not_entitled",
            "this person is not entitled to vote in this vote",
        ));
    }
    Ok(())
}

/// Adds a vote record to the feed of every participant of the meeting.
pub(super) fn feed_vote(
    transaction: &Transaction<'_>,
    meeting_id: &str,
    vote_id: &str,
    kind: FeedKind,
) -> Result<Vec<(String, FeedRecord)>, ApiError> {
    let revision: i64 = transaction
        .prepare_cached("SELECT revision FROM meetings WHERE id = ?1")?
        .query_row([meeting_id], |row| row.get(0))?;
    Ok(super::feed::append(
        transaction,
        &participant_users(transaction, meeting_id)?,
        kind,
        meeting_id,
        revision,
        Some(vote_id),
    )?)
}

impl Database {
    /// Opens a vote: snapshots the members entitled to vote (participants whose role
    /// votes), records it in the audit chain and tells every participant's feed.
    pub fn open_vote(
        &self,
        vote: &NewVote<'_>,
        announce: impl FnOnce(&[(String, FeedRecord)]),
    ) -> Result<(), ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let exists = transaction
            .prepare_cached("SELECT 1 FROM votes WHERE id = ?1")?
            .query_row([vote.vote_id], |_| Ok(()))
            .optional()?;
        if exists.is_some() {
            return Err(ApiError::conflict(
                "vote.exists",
                format!("vote {} already exists", vote.vote_id),
            ));
        }
        transaction.execute(
            "INSERT INTO votes (id, meeting_id, sealed_question, options, rule, opened_by,
                opened_at_ms, closes_at_ms, kind, allow_change)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                vote.vote_id,
                vote.meeting_id,
                vote.sealed_question,
                vote.options,
                serde_json::to_string(&vote.rule).map_err(ApiError::internal)?,
                vote.opened_by,
                i64_of(vote.now_ms),
                vote.closes_at_ms.map(i64_of),
                serde_json::to_string(&vote.kind).map_err(ApiError::internal)?,
                vote.allow_change,
            ],
        )?;
        if let Some((parameters, committee)) = vote.secret {
            super::secret_votes::store_setup(&transaction, vote.vote_id, parameters, committee)?;
        }
        let eligible = transaction.execute(
            "INSERT INTO vote_eligible (vote_id, user_id)
             SELECT DISTINCT ?1, u.id FROM meeting_envelopes e
             JOIN devices d ON d.id = e.device_id JOIN users u ON u.id = d.user_id
             WHERE e.meeting_id = ?2 AND u.disabled = 0
               AND u.role IN ('member', 'chair', 'secretary')",
            params![vote.vote_id, vote.meeting_id],
        )?;
        crate::audit::append(
            &transaction,
            vote.meeting_id,
            "vote.opened",
            Canonical::new("vote.opened/v2")
                .str(vote.vote_id)
                .u64(u64::from(vote.options))
                .str(&serde_json::to_string(&vote.rule).map_err(ApiError::internal)?)
                .str(&serde_json::to_string(&vote.kind).map_err(ApiError::internal)?)
                .u64(u64::from(vote.allow_change))
                .u64(eligible as u64)
                .bytes(&phonghop_crypto::sha256(vote.sealed_question))
                .u64(vote.closes_at_ms.unwrap_or(0))
                // A secret ballot's key and labels are fixed in the chain at the opening, so a
                // record can be matched to what was announced.
                .bytes(&vote.secret.map_or([0; 32], |(parameters, _)| {
                    phonghop_crypto::sha256(parameters.election_key.as_bytes())
                }))
                .str(
                    vote.secret
                        .map_or("", |(parameters, _)| parameters.labels_hash.as_str()),
                )
                .finish(),
        )?;
        let records = feed_vote(
            &transaction,
            vote.meeting_id,
            vote.vote_id,
            FeedKind::VoteOpened,
        )?;
        transaction.commit()?;
        announce(&records);
        Ok(())
    }

    /// Votes still open that have a deadline: (vote id, deadline in Unix ms).
    pub fn open_votes_with_deadline(&self) -> Result<Vec<(String, u64)>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT id, closes_at_ms FROM votes
             WHERE closed_at_ms IS NULL AND closes_at_ms IS NOT NULL",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, u64_of(row.get::<_, i64>(1)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The meeting a vote belongs to.
    pub fn vote_meeting(&self, vote_id: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                "SELECT meeting_id FROM votes WHERE id = ?1",
                [vote_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Records a ballot whose signature the handler checked. Refused when the vote is
    /// closed or past its deadline by the server's clock, when the person is not entitled,
    /// when the choices do not fit the vote, and when they already voted (unless the vote
    /// lets a ballot be changed: then the latest counts, and both are in the audit chain).
    pub fn cast_ballot(
        &self,
        vote_id: &str,
        user_id: &str,
        device_id: &str,
        choices: &[u32],
        signature: &[u8],
        now_ms: u64,
    ) -> Result<RecordedBallot, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let vote = vote_row(&transaction, vote_id)?;
        if vote.secret {
            return Err(ApiError::bad_request(
                "vote.secret",
                "this vote is secret: ballots are encrypted (POST /votes/{id}/secret-ballots)",
            ));
        }
        may_cast(
            &transaction,
            vote_id,
            user_id,
            vote.closed,
            vote.closes_at_ms,
            now_ms,
        )?;
        vote.kind
            .check_ballot(vote.options, choices)
            .map_err(|shape| ApiError::bad_request("vote.bad_choice", shape.to_string()))?;
        let voted = transaction
            .prepare_cached("SELECT 1 FROM ballots WHERE vote_id = ?1 AND user_id = ?2")?
            .query_row(params![vote_id, user_id], |_| Ok(()))
            .optional()?;
        if voted.is_some() && !vote.allow_change {
            return Err(ApiError::conflict(
                "vote.already_voted",
                "a ballot from this person was already recorded",
            ));
        }
        let mut payload = Canonical::new("ballot.cast/v2")
            .str(vote_id)
            .str(device_id)
            .u64(choices.len() as u64);
        for choice in choices {
            payload = payload.u64(u64::from(*choice));
        }
        let entry = crate::audit::append(
            &transaction,
            &vote.meeting_id,
            if voted.is_some() {
                "ballot.changed"
            } else {
                "ballot.cast"
            },
            payload.bytes(signature).finish(),
        )?;
        transaction
            .prepare_cached(
                "INSERT OR REPLACE INTO ballots (vote_id, user_id, device_id, choice, choices,
                    signature, received_at_ms, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                vote_id,
                user_id,
                device_id,
                choices.first().copied().unwrap_or(0),
                choices_text(choices)?,
                signature,
                i64_of(now_ms),
                i64_of(entry.seq)
            ])?;
        transaction.commit()?;
        Ok(RecordedBallot {
            received_at_ms: now_ms,
            audit_seq: entry.seq,
        })
    }

    /// Closes a vote and computes its tally.
    pub fn close_vote(
        &self,
        vote_id: &str,
        now_ms: u64,
        announce: impl FnOnce(&[(String, FeedRecord)]),
    ) -> Result<Tally, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let vote = vote_row(&transaction, vote_id)?;
        if vote.closed {
            return Err(ApiError::conflict(
                "vote.closed",
                "the vote is already closed",
            ));
        }
        let eligible: i64 = transaction
            .prepare_cached("SELECT count(*) FROM vote_eligible WHERE vote_id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        let present =
            super::attendance::present_among_eligible(&transaction, vote_id, &vote.meeting_id)?;
        let secret: Option<String> = transaction
            .prepare_cached("SELECT secret FROM votes WHERE id = ?1")?
            .query_row([vote_id], |row| row.get(0))?;
        if secret.is_some() {
            // A secret ballot closes without a result: the committee opens the tally.
            let cast: u32 = transaction.query_row(
                "SELECT count(*) FROM secret_ballots WHERE vote_id = ?1",
                [vote_id],
                |row| row.get(0),
            )?;
            transaction.execute(
                "UPDATE votes SET closed_at_ms = ?2, present_at_close = ?3 WHERE id = ?1",
                params![vote_id, i64_of(now_ms), present],
            )?;
            crate::audit::append(
                &transaction,
                &vote.meeting_id,
                "vote.closed",
                Canonical::new("secret_vote.closed/v1")
                    .str(vote_id)
                    .u64(u64::try_from(eligible).unwrap_or(0))
                    .u64(u64::from(cast))
                    .finish(),
            )?;
            let records = feed_vote(
                &transaction,
                &vote.meeting_id,
                vote_id,
                FeedKind::VoteClosed,
            )?;
            transaction.commit()?;
            announce(&records);
            return Ok(Tally {
                counts: Vec::new(),
                eligible: u32::try_from(eligible).unwrap_or(0),
                present,
                quorum_met: None,
                cast,
                base: 0,
                needed: 0,
                passed: false,
                winner: None,
                elected: Vec::new(),
                tied: Vec::new(),
                ratings: Vec::new(),
            });
        }
        let ballots: Vec<Vec<u32>> = {
            let mut statement =
                transaction.prepare("SELECT choices FROM ballots WHERE vote_id = ?1")?;
            let rows =
                statement.query_map([vote_id], |row| choices_of(&row.get::<_, String>(0)?))?;
            rows.collect::<Result<_, _>>()?
        };
        let result = tally_ballots(
            vote.kind,
            vote.rule,
            Turnout {
                eligible: u32::try_from(eligible).unwrap_or(0),
                present,
            },
            vote.options,
            &ballots,
        );
        transaction.execute(
            "UPDATE votes SET closed_at_ms = ?2, result = ?3, present_at_close = ?4 WHERE id = ?1",
            params![
                vote_id,
                i64_of(now_ms),
                serde_json::to_string(&result).map_err(ApiError::internal)?,
                present
            ],
        )?;
        let mut payload = Canonical::new("vote.closed/v2")
            .str(vote_id)
            .u64(u64::from(result.eligible))
            .u64(u64::from(result.cast))
            .u64(u64::from(result.passed));
        for count in &result.counts {
            payload = payload.u64(u64::from(*count));
        }
        for index in result.elected.iter().chain(&result.tied) {
            payload = payload.u64(u64::from(*index));
        }
        for rating in &result.ratings {
            payload = payload
                .u64(u64::from(rating.high))
                .u64(u64::from(rating.ordinary))
                .u64(u64::from(rating.low));
        }
        crate::audit::append(
            &transaction,
            &vote.meeting_id,
            "vote.closed",
            payload.finish(),
        )?;
        let records = feed_vote(
            &transaction,
            &vote.meeting_id,
            vote_id,
            FeedKind::VoteClosed,
        )?;
        transaction.commit()?;
        announce(&records);
        Ok(result)
    }

    /// Every vote of a meeting, oldest first; closed ones with their tally and names.
    pub fn meeting_votes(&self, meeting_id: &str) -> Result<Vec<VoteStatus>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT v.id, v.sealed_question, v.options, v.rule, v.opened_at_ms, v.closes_at_ms,
                v.result, (SELECT count(*) FROM vote_eligible e WHERE e.vote_id = v.id),
                (SELECT count(*) FROM ballots b WHERE b.vote_id = v.id)
                  + (SELECT count(*) FROM secret_ballots s WHERE s.vote_id = v.id),
                v.kind, v.allow_change, v.closed_at_ms
             FROM votes v WHERE v.meeting_id = ?1 ORDER BY v.opened_at_ms, v.rowid",
        )?;
        let rows = statement.query_map([meeting_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Vec<u8>>(1)?,
                row.get::<_, u32>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, u32>(7)?,
                row.get::<_, u32>(8)?,
                row.get::<_, String>(9)?,
                row.get::<_, bool>(10)?,
                row.get::<_, Option<i64>>(11)?,
            ))
        })?;
        let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
        let mut named = connection.prepare(
            "SELECT b.user_id, u.display_name, b.choices FROM ballots b JOIN users u ON u.id = b.user_id
             WHERE b.vote_id = ?1 ORDER BY b.choice, u.display_name",
        )?;
        let mut voted = connection.prepare(
            "SELECT b.user_id, u.display_name FROM ballots b JOIN users u ON u.id = b.user_id
             WHERE b.vote_id = ?1
             UNION ALL
             SELECT s.user_id, u.display_name FROM secret_ballots s JOIN users u ON u.id = s.user_id
             WHERE s.vote_id = ?1
             ORDER BY 2",
        )?;
        let mut votes = Vec::new();
        for (
            id,
            sealed,
            options,
            rule,
            opened,
            closes,
            result,
            eligible,
            ballots,
            kind,
            allow_change,
            closed_at,
        ) in rows
        {
            let result: Option<Tally> = result
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(ApiError::internal)?;
            let named_ballots = if result.is_some() {
                let rows = named.query_map([&id], |row| {
                    Ok(NamedBallot {
                        user_id: row.get(0)?,
                        display_name: row.get(1)?,
                        choices: choices_of(&row.get::<_, String>(2)?)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            } else {
                Vec::new()
            };
            let voters = voted
                .query_map([&id], |row| {
                    Ok(VoterEntry {
                        user_id: row.get(0)?,
                        display_name: row.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let secret = super::secret_votes::secret_status(&connection, &id)?;
            votes.push(VoteStatus {
                vote_id: id,
                meeting_id: meeting_id.to_owned(),
                sealed_question: base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    sealed,
                ),
                options,
                rule: serde_json::from_str(&rule).map_err(ApiError::internal)?,
                kind: serde_json::from_str(&kind).map_err(ApiError::internal)?,
                allow_change,
                voters,
                secret,
                state: if closed_at.is_some() {
                    VoteState::Closed
                } else {
                    VoteState::Open
                },
                opened_at_ms: u64_of(opened),
                closes_at_ms: closes.map(u64_of),
                eligible,
                ballots,
                result,
                named_ballots,
            });
        }
        Ok(votes)
    }
}
