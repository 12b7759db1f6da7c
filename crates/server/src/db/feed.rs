//! Each person's change feed: an ordered log of what changed for them, written in the same
//! transaction as the change itself, read by cursor.

use phonghop_domain::wire::{FeedKind, FeedRecord};
use rusqlite::{Transaction, params};

use super::Database;
use crate::ApiError;

/// Appends one record of `kind` about `meeting_id` (and `vote_id`) to each of `users`'
/// feeds inside the caller's transaction; returns them for announcing after the commit.
pub(super) fn append<'u>(
    transaction: &Transaction<'_>,
    users: impl IntoIterator<Item = &'u String>,
    kind: FeedKind,
    meeting_id: &str,
    revision: i64,
    vote_id: Option<&str>,
) -> rusqlite::Result<Vec<(String, FeedRecord)>> {
    let at = super::now();
    let mut insert = transaction.prepare_cached(
        "INSERT INTO feed (user_id, kind, meeting_id, revision, created_at, vote_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING seq",
    )?;
    let mut records = Vec::new();
    for user_id in users {
        let seq: i64 = insert.query_row(
            params![user_id, kind_text(kind), meeting_id, revision, at, vote_id],
            |row| row.get(0),
        )?;
        records.push((
            user_id.clone(),
            FeedRecord {
                seq,
                kind,
                meeting_id: meeting_id.to_owned(),
                revision,
                at,
                vote_id: vote_id.map(str::to_owned),
            },
        ));
    }
    Ok(records)
}

/// The stored form of a feed kind.
pub(super) fn kind_text(kind: FeedKind) -> &'static str {
    match kind {
        FeedKind::MeetingPublished => "meeting_published",
        FeedKind::MeetingRevised => "meeting_revised",
        FeedKind::RemovedFromMeeting => "removed_from_meeting",
        FeedKind::MeetingCancelled => "meeting_cancelled",
        FeedKind::VoteOpened => "vote_opened",
        FeedKind::VoteClosed => "vote_closed",
        FeedKind::VoteCounted => "vote_counted",
    }
}

pub(super) fn kind(text: &str) -> rusqlite::Result<FeedKind> {
    match text {
        "meeting_published" => Ok(FeedKind::MeetingPublished),
        "meeting_revised" => Ok(FeedKind::MeetingRevised),
        "removed_from_meeting" => Ok(FeedKind::RemovedFromMeeting),
        "meeting_cancelled" => Ok(FeedKind::MeetingCancelled),
        "vote_opened" => Ok(FeedKind::VoteOpened),
        "vote_closed" => Ok(FeedKind::VoteClosed),
        "vote_counted" => Ok(FeedKind::VoteCounted),
        other => Err(rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unknown feed kind {other}").into(),
        )),
    }
}

impl Database {
    /// Up to `limit` records of a person's feed after `after`, oldest first.
    pub fn feed_after(
        &self,
        user_id: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<FeedRecord>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT seq, kind, meeting_id, revision, created_at, vote_id FROM feed
             WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        let rows = statement.query_map(
            params![user_id, after, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| {
                Ok(FeedRecord {
                    seq: row.get(0)?,
                    kind: kind(&row.get::<_, String>(1)?)?,
                    meeting_id: row.get(2)?,
                    revision: row.get(3)?,
                    at: row.get(4)?,
                    vote_id: row.get(5)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a device may still act: not revoked, its owner not disabled.
    pub fn device_is_active(&self, device_id: &str) -> Result<bool, ApiError> {
        Ok(self.lock()?.query_row(
            "SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id
                 WHERE d.id = ?1 AND d.revoked = 0 AND u.disabled = 0",
            [device_id],
            |row| row.get::<_, i64>(0),
        )? == 1)
    }
}
