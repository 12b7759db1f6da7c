//! Before the meeting: the member answers the invitation (an absence with a reason, sealed
//! so only participants read it), each device tells the server what it holds of the packet
//! after every sync, and the secretary reads the readiness board.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_crypto::SymmetricKey;
use phonghop_domain::Meeting;
use phonghop_domain::wire::{Holdings, Rsvp, RsvpAnswer};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::{App, CoreError};

/// Label sealing replies to the secretary (reasons for an absence).
const REPLY_LABEL: &str = "phonghop/reply/v1";
/// Store setting prefix of this member's own answer to an invitation.
const RSVP_PREFIX: &str = "rsvp.";

/// One participant on the secretary's readiness board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessLine {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their role.
    pub role: phonghop_domain::Role,
    /// Whether a device of theirs holds every document of the current revision.
    pub ready: bool,
    /// The newest revision they hold completely.
    pub held_revision: Option<i64>,
    /// Whether they are connected now.
    pub online: bool,
    /// When they last reached the server, RFC 3339.
    pub last_seen_at: Option<String>,
    /// Their answer to the invitation.
    pub rsvp: Option<RsvpAnswer>,
    /// Their reason for an absence, opened on this device.
    pub rsvp_reason: Option<String>,
}

/// The readiness board of one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessBoard {
    /// The meeting.
    pub meeting_id: String,
    /// Its current revision.
    pub revision: i64,
    /// Everyone invited, those not ready first.
    pub people: Vec<ReadinessLine>,
}

fn reply_context(meeting_id: &str, user_id: &str) -> Vec<u8> {
    phonghop_crypto::Canonical::new(REPLY_LABEL)
        .str(meeting_id)
        .str(user_id)
        .finish()
}

fn replies_key(meeting: &Meeting) -> Result<SymmetricKey, CoreError> {
    let key = meeting
        .replies_key
        .as_ref()
        .ok_or_else(|| CoreError::Refused {
            code: "meeting.no_replies",
            detail: "this meeting was published before replies existed".into(),
        })?;
    Ok(SymmetricKey::from_hex(&key.0)?)
}

impl App {
    /// Answers the invitation to `meeting_id`: attending, or absent with a reason (required).
    pub async fn rsvp(
        &self,
        meeting_id: &str,
        answer: RsvpAnswer,
        reason: Option<&str>,
    ) -> Result<(), CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let reason: Option<String> = reason
            .map(|text| text.trim().nfc().collect::<String>())
            .filter(|text| !text.is_empty());
        let sealed_reason = match (answer, &reason) {
            (RsvpAnswer::Absent, None) => {
                return Err(CoreError::Refused {
                    code: "rsvp.reason_required",
                    detail: "say why you will be absent".into(),
                });
            }
            (RsvpAnswer::Absent, Some(text)) => Some(STANDARD.encode(phonghop_crypto::seal(
                &replies_key(&meeting)?,
                REPLY_LABEL,
                &reply_context(meeting_id, &self.profile.config.user_id),
                text.as_bytes(),
            )?)),
            (RsvpAnswer::Attending, _) => None,
        };
        let rsvp = Rsvp {
            answer,
            sealed_reason,
        };
        self.call(|server| {
            let rsvp = rsvp.clone();
            async move { server.rsvp(meeting_id, &rsvp).await }
        })
        .await?;
        let kept = serde_json::to_string(&answer)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        self.store()?
            .set_setting(&format!("{RSVP_PREFIX}{meeting_id}"), &kept)?;
        Ok(())
    }

    /// This member's last answer to the invitation to `meeting_id`, as sent from here.
    pub fn my_rsvp(&self, meeting_id: &str) -> Result<Option<RsvpAnswer>, CoreError> {
        Ok(self
            .store()?
            .setting(&format!("{RSVP_PREFIX}{meeting_id}"))?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Tells the server, for each of `meetings` (as the sync just opened them) ahead or of
    /// the last week, which revision this device holds and whether every document this
    /// person may read is here. Failures wait for the next sync.
    pub(crate) async fn report_holdings(&self, meetings: &[Meeting]) -> Result<(), CoreError> {
        // Readiness matters before a meeting: meetings long past are not reported again.
        let since = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_hours(24 * 7))
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        // The revisions the store holds, read without opening the records again.
        let revisions: std::collections::HashMap<String, i64> = self
            .store()?
            .meetings()?
            .into_iter()
            .map(|stored| (stored.id, stored.revision))
            .collect();
        for meeting in meetings {
            let Some(&revision) = revisions.get(&meeting.id) else {
                continue;
            };
            if meeting
                .info
                .starts_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|starts| starts < since)
            {
                continue;
            }
            let mut complete = true;
            for document in meeting.documents() {
                if !self.is_downloaded(document)? {
                    complete = false;
                    break;
                }
            }
            let holdings = Holdings { revision, complete };
            self.call(|server| {
                let holdings = holdings.clone();
                async move { server.holdings(&meeting.id, &holdings).await }
            })
            .await?;
        }
        Ok(())
    }

    /// The readiness board of `meeting_id` (secretary and chair): every participant, those
    /// not ready first, with reasons for absence opened here.
    pub async fn meeting_readiness(&self, meeting_id: &str) -> Result<ReadinessBoard, CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let board = self
            .call(|server| async move { server.readiness(meeting_id).await })
            .await?;
        let key = replies_key(&meeting).ok();
        let mut people: Vec<ReadinessLine> = board
            .people
            .into_iter()
            .map(|entry| {
                let rsvp_reason = match (&key, &entry.sealed_reason) {
                    (Some(key), Some(sealed)) => STANDARD
                        .decode(sealed)
                        .ok()
                        .and_then(|bytes| {
                            phonghop_crypto::open(
                                key,
                                REPLY_LABEL,
                                &reply_context(meeting_id, &entry.user_id),
                                &bytes,
                            )
                            .ok()
                        })
                        .and_then(|bytes| String::from_utf8(bytes).ok()),
                    _ => None,
                };
                ReadinessLine {
                    last_seen_at: entry
                        .last_seen_at
                        .and_then(|at| jiff::Timestamp::from_second(at).ok())
                        .map(|at| at.to_string()),
                    user_id: entry.user_id,
                    display_name: entry.display_name,
                    role: entry.role,
                    ready: entry.ready,
                    held_revision: entry.held_revision,
                    online: entry.online,
                    rsvp: entry.rsvp,
                    rsvp_reason,
                }
            })
            .collect();
        people.sort_by(|a, b| (a.ready, &a.display_name).cmp(&(b.ready, &b.display_name)));
        Ok(ReadinessBoard {
            meeting_id: meeting_id.to_owned(),
            revision: board.revision,
            people,
        })
    }
}
