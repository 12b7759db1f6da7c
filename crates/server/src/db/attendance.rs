//! Attendance: each participant's latest check-in for a meeting, recorded with an audit
//! entry in the same transaction. The presence is in clear (the quorum is counted from
//! it); the reason for an absence is sealed by the client and never read here.

use phonghop_crypto::Canonical;
use phonghop_domain::attendance::Presence;
use phonghop_domain::wire::{AttendanceEntry, AttendanceRoster};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Database;
use crate::ApiError;

/// Users who may vote in a meeting: participants with a voting role, not disabled. The same
/// people a vote opened now would count as eligible.
const MEMBERS_OF_MEETING: &str = "SELECT DISTINCT u.id FROM meeting_envelopes e
     JOIN devices d ON d.id = e.device_id JOIN users u ON u.id = d.user_id
     WHERE e.meeting_id = ?1 AND u.disabled = 0
       AND u.role IN ('member', 'chair', 'secretary')";

fn presence_name(presence: Presence) -> &'static str {
    match presence {
        Presence::InPerson => "in_person",
        Presence::Online => "online",
        Presence::Absent => "absent",
    }
}

fn presence_of(name: &str) -> Presence {
    match name {
        "in_person" => Presence::InPerson,
        "online" => Presence::Online,
        _ => Presence::Absent,
    }
}

/// Members of `vote_id`'s eligible list who are present now.
pub(super) fn present_among_eligible(
    transaction: &Transaction<'_>,
    vote_id: &str,
    meeting_id: &str,
) -> rusqlite::Result<u32> {
    transaction.query_row(
        "SELECT count(*) FROM vote_eligible v JOIN attendance a
           ON a.user_id = v.user_id AND a.meeting_id = ?2
         WHERE v.vote_id = ?1 AND a.presence IN ('in_person', 'online')",
        params![vote_id, meeting_id],
        |row| row.get(0),
    )
}

impl Database {
    /// Records `user_id`'s presence at `meeting_id` (replacing an earlier check-in), with an
    /// audit entry. The person must be one of the meeting's members.
    pub fn check_in(
        &self,
        meeting_id: &str,
        user_id: &str,
        recorded_by: &str,
        presence: Presence,
        sealed_reason: Option<&[u8]>,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let member = transaction
            .query_row(
                &format!("SELECT 1 FROM ({MEMBERS_OF_MEETING}) WHERE id = ?2"),
                params![meeting_id, user_id],
                |_| Ok(()),
            )
            .optional()?;
        if member.is_none() {
            return Err(ApiError::not_found(format!(
                "{user_id} is not a member of meeting {meeting_id}"
            )));
        }
        let at_ms = i64::try_from(now_ms).unwrap_or(i64::MAX);
        transaction.execute(
            "INSERT INTO attendance (meeting_id, user_id, presence, sealed_reason, recorded_by, at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (meeting_id, user_id) DO UPDATE SET presence = excluded.presence,
               sealed_reason = excluded.sealed_reason, recorded_by = excluded.recorded_by,
               at_ms = excluded.at_ms",
            params![
                meeting_id,
                user_id,
                presence_name(presence),
                sealed_reason,
                recorded_by,
                at_ms
            ],
        )?;
        crate::audit::append(
            &transaction,
            meeting_id,
            "attendance.recorded",
            Canonical::new("attendance.recorded/v1")
                .str(user_id)
                .str(presence_name(presence))
                .str(recorded_by)
                .bytes(&phonghop_crypto::sha256_hex(sealed_reason.unwrap_or_default()).into_bytes())
                .finish(),
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The meeting's roster: its members, how many are present, and every check-in.
    pub fn attendance(&self, meeting_id: &str) -> Result<AttendanceRoster, ApiError> {
        let connection = self.lock()?;
        let members: u32 = connection.query_row(
            &format!("SELECT count(*) FROM ({MEMBERS_OF_MEETING})"),
            [meeting_id],
            |row| row.get(0),
        )?;
        let mut statement = connection.prepare(&format!(
            "SELECT a.user_id, u.display_name, a.presence, a.sealed_reason, a.at_ms, a.recorded_by
             FROM attendance a JOIN users u ON u.id = a.user_id
             WHERE a.meeting_id = ?1 AND a.user_id IN ({MEMBERS_OF_MEETING})
             ORDER BY u.display_name, a.user_id"
        ))?;
        let rows = statement.query_map([meeting_id], |row| {
            let reason: Option<Vec<u8>> = row.get(3)?;
            let presence: String = row.get(2)?;
            let at_ms: i64 = row.get(4)?;
            Ok(AttendanceEntry {
                user_id: row.get(0)?,
                display_name: row.get(1)?,
                presence: presence_of(&presence),
                sealed_reason: reason.map(|bytes| {
                    use base64::Engine;
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                }),
                at_ms: u64::try_from(at_ms).unwrap_or(0),
                recorded_by: row.get(5)?,
            })
        })?;
        let entries: Vec<AttendanceEntry> = rows.collect::<Result<_, _>>()?;
        let mut statement = connection.prepare(&format!(
            "SELECT u.id, u.display_name FROM users u
             WHERE u.id IN ({MEMBERS_OF_MEETING})
               AND u.id NOT IN (SELECT user_id FROM attendance WHERE meeting_id = ?1)
             ORDER BY u.display_name, u.id"
        ))?;
        let awaiting = statement
            .query_map([meeting_id], |row| {
                Ok(phonghop_domain::wire::VoterEntry {
                    user_id: row.get(0)?,
                    display_name: row.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let present =
            phonghop_domain::attendance::count_present(entries.iter().map(|entry| entry.presence));
        Ok(AttendanceRoster {
            members,
            present,
            entries,
            online: Vec::new(),
            awaiting,
        })
    }
}
