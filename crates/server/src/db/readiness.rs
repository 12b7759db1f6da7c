//! Before the meeting: each participant's answer to the invitation, what each device holds
//! of the packet, and the readiness board the secretary reads the evening before. The
//! reason for an absence stays sealed; the server only counts revisions and times.

use std::collections::HashMap;

use phonghop_domain::wire::{Holdings, Readiness, ReadinessEntry, Rsvp, RsvpAnswer};
use rusqlite::{OptionalExtension, params};

use super::people::role;
use super::{Database, DeviceIdentity};
use crate::ApiError;

fn answer_text(answer: RsvpAnswer) -> &'static str {
    match answer {
        RsvpAnswer::Attending => "attending",
        RsvpAnswer::Absent => "absent",
    }
}

fn answer_of(text: &str) -> Option<RsvpAnswer> {
    match text {
        "attending" => Some(RsvpAnswer::Attending),
        "absent" => Some(RsvpAnswer::Absent),
        _ => None,
    }
}

/// Answers, holdings and the readiness board, as handlers see them (a part of
/// [`super::MetadataStore`]).
pub trait ReadinessStore {
    /// Keeps `caller`'s answer to the invitation (the latest answer counts).
    fn answer_invitation(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        rsvp: &Rsvp,
        sealed_reason: Option<Vec<u8>>,
        now: i64,
    ) -> Result<(), ApiError>;

    /// Keeps what the calling device holds of the meeting's packet.
    fn record_holdings(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        holdings: &Holdings,
        now: i64,
    ) -> Result<(), ApiError>;

    /// The readiness board of `meeting_id`; `online` says whether a person is connected.
    fn readiness(
        &self,
        meeting_id: &str,
        online: &dyn Fn(&str) -> bool,
    ) -> Result<Readiness, ApiError>;
}

impl ReadinessStore for Database {
    fn answer_invitation(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        rsvp: &Rsvp,
        sealed_reason: Option<Vec<u8>>,
        now: i64,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO rsvps (meeting_id, user_id, answer, sealed_reason, at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (meeting_id, user_id) DO UPDATE SET
                answer = excluded.answer, sealed_reason = excluded.sealed_reason,
                at = excluded.at",
            params![
                meeting_id,
                caller.user_id,
                answer_text(rsvp.answer),
                sealed_reason,
                now
            ],
        )?;
        Ok(())
    }

    fn record_holdings(
        &self,
        caller: &DeviceIdentity,
        meeting_id: &str,
        holdings: &Holdings,
        now: i64,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO holdings (meeting_id, device_id, revision, complete, at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (meeting_id, device_id) DO UPDATE SET
                revision = excluded.revision, complete = excluded.complete, at = excluded.at",
            params![
                meeting_id,
                caller.device_id,
                holdings.revision,
                holdings.complete,
                now
            ],
        )?;
        Ok(())
    }

    fn readiness(
        &self,
        meeting_id: &str,
        online: &dyn Fn(&str) -> bool,
    ) -> Result<Readiness, ApiError> {
        use base64::Engine;
        let connection = self.lock()?;
        let revision: i64 = connection
            .query_row(
                "SELECT revision FROM meetings WHERE id = ?1",
                [meeting_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| ApiError::not_found(format!("no meeting {meeting_id}")))?;
        let mut people = connection.prepare_cached(
            "SELECT DISTINCT u.id, u.display_name, u.role,
                    (SELECT max(x.last_seen_at) FROM devices x WHERE x.user_id = u.id)
             FROM meeting_envelopes e JOIN devices d ON d.id = e.device_id
             JOIN users u ON u.id = d.user_id
             WHERE e.meeting_id = ?1
             ORDER BY u.display_name",
        )?;
        let rows = people.query_map([meeting_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                role(row.get(2)?)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let people: Vec<_> = rows.collect::<Result<_, _>>()?;
        let mut held: HashMap<String, i64> = HashMap::new();
        let mut statement = connection.prepare_cached(
            "SELECT d.user_id, max(h.revision) FROM holdings h JOIN devices d ON d.id = h.device_id
             WHERE h.meeting_id = ?1 AND h.complete = 1 GROUP BY d.user_id",
        )?;
        for row in statement.query_map([meeting_id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })? {
            let (user, revision) = row?;
            held.insert(user, revision);
        }
        let mut answers: HashMap<String, (String, Option<Vec<u8>>)> = HashMap::new();
        let mut statement = connection.prepare_cached(
            "SELECT user_id, answer, sealed_reason FROM rsvps WHERE meeting_id = ?1",
        )?;
        for row in statement.query_map([meeting_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<Vec<u8>>>(2)?,
            ))
        })? {
            let (user, answer, reason) = row?;
            answers.insert(user, (answer, reason));
        }
        let entries = people
            .into_iter()
            .map(|(user_id, display_name, role, last_seen_at)| {
                let held_revision = held.get(&user_id).copied();
                let (rsvp, sealed_reason) = match answers.get(&user_id) {
                    Some((answer, reason)) => (
                        answer_of(answer),
                        reason
                            .as_ref()
                            .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
                    ),
                    None => (None, None),
                };
                ReadinessEntry {
                    ready: held_revision.is_some_and(|held| held >= revision),
                    online: online(&user_id),
                    user_id,
                    display_name,
                    role,
                    held_revision,
                    last_seen_at,
                    rsvp,
                    sealed_reason,
                }
            })
            .collect();
        Ok(Readiness {
            meeting_id: meeting_id.to_owned(),
            revision,
            people: entries,
        })
    }
}
