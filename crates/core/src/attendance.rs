//! Attendance from the app: checking in (or, for the chair and the secretary, recording
//! someone at the door), with the reason for an absence sealed under the meeting key so the
//! server never reads it; and the roster with reasons opened and the quorum counted by the
//! body's rule. Check-ins go through the outbox, so one made on a dropping link is not lost.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_domain::attendance::{Presence, Quorum, QuorumRule, quorum};
use phonghop_domain::wire::CheckIn;
use serde::{Deserialize, Serialize};

use crate::outbox::OutboxKind;
use crate::{App, CoreError};

/// Label sealing a reason for absence (domain separation).
const REASON_LABEL: &str = "phonghop/attendance-reason/v1";

/// One person on the roster, as the chair's console shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterLine {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// How they take part.
    pub presence: Presence,
    /// The reason for an absence, opened (None when none was given or it does not open).
    pub reason: Option<String>,
    /// When it was recorded (server clock, Unix ms).
    pub at_ms: u64,
    /// Whether a device of theirs follows the server now.
    pub online: bool,
}

/// The roster with the quorum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterView {
    /// Everyone who checked in.
    pub lines: Vec<RosterLine>,
    /// The quorum by the body's rule.
    pub quorum: Quorum,
    /// Participants with a device following the server now (user ids), checked in or not.
    pub online: Vec<String>,
    /// Members expected who have not checked in yet.
    pub awaiting: Vec<AwaitingLine>,
}

/// Someone expected who has not checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwaitingLine {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Whether a device of theirs follows the server now.
    pub online: bool,
}

fn reason_context(meeting_id: &str, user_id: &str) -> Vec<u8> {
    phonghop_crypto::Canonical::new(REASON_LABEL)
        .str(meeting_id)
        .str(user_id)
        .finish()
}

impl App {
    /// Records `presence` at `meeting_id` for this person, or for `for_user` (chair and
    /// secretary only; the server checks). A reason is sealed under the meeting key.
    pub async fn check_in(
        &self,
        meeting_id: &str,
        presence: Presence,
        reason: Option<&str>,
        for_user: Option<&str>,
    ) -> Result<(), CoreError> {
        let stored = self.stored_record(meeting_id)?;
        let user_id = for_user.unwrap_or(&self.profile.config.user_id);
        let sealed_reason = match reason.filter(|text| !text.trim().is_empty()) {
            Some(text) => Some(STANDARD.encode(phonghop_crypto::seal(
                &self.meeting_key(&stored)?,
                REASON_LABEL,
                &reason_context(meeting_id, user_id),
                text.as_bytes(),
            )?)),
            None => None,
        };
        self.send_through_outbox(OutboxKind::CheckIn {
            meeting_id: meeting_id.to_owned(),
            check_in: CheckIn {
                presence,
                sealed_reason,
                user_id: for_user.map(str::to_owned),
            },
        })
        .await
    }

    /// The meeting's roster from the server, reasons opened, with the quorum by `rule`.
    pub async fn roster(
        &self,
        meeting_id: &str,
        rule: QuorumRule,
    ) -> Result<RosterView, CoreError> {
        let stored = self.stored_record(meeting_id)?;
        let key = self.meeting_key(&stored)?;
        let roster = self
            .call(|server| async move { server.attendance(meeting_id).await })
            .await?;
        let lines = roster
            .entries
            .into_iter()
            .map(|entry| {
                let reason = entry
                    .sealed_reason
                    .as_deref()
                    .and_then(|text| STANDARD.decode(text).ok())
                    .and_then(|sealed| {
                        phonghop_crypto::open(
                            &key,
                            REASON_LABEL,
                            &reason_context(meeting_id, &entry.user_id),
                            &sealed,
                        )
                        .ok()
                    })
                    .and_then(|bytes| String::from_utf8(bytes).ok());
                RosterLine {
                    online: roster.online.contains(&entry.user_id),
                    user_id: entry.user_id,
                    display_name: entry.display_name,
                    presence: entry.presence,
                    reason,
                    at_ms: entry.at_ms,
                }
            })
            .collect();
        let awaiting = roster
            .awaiting
            .iter()
            .map(|person| AwaitingLine {
                online: roster.online.contains(&person.user_id),
                user_id: person.user_id.clone(),
                display_name: person.display_name.clone(),
            })
            .collect();
        Ok(RosterView {
            awaiting,
            online: roster.online.clone(),
            lines,
            quorum: quorum(rule, roster.members, roster.present),
        })
    }
}
