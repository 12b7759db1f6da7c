//! The meeting as the chair runs it: one [`Conduct`] per meeting, kept as JSON and changed
//! only through the domain's transitions, each change with an audit entry in the same
//! transaction. The open agenda item is sealed by the chair's device and never read here.

use phonghop_crypto::Canonical;
use phonghop_domain::conduct::{Conduct, ConductAction, SpeakersAction};
use phonghop_domain::wire::{ConductStatus, SpeakerStatus};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Database;
use crate::ApiError;

/// A change to the meeting's conduct, and who makes it.
#[derive(Debug, Clone, Copy)]
pub enum ConductChange<'a> {
    /// The chair's action on the meeting.
    Meeting(&'a ConductAction),
    /// An action on the speakers queue (the member's own, or the chair's).
    Speakers(&'a SpeakersAction),
}

impl ConductChange<'_> {
    /// The audit entry's kind and the person it concerns, if another.
    fn audit_kind(&self) -> (&'static str, Option<&str>) {
        match self {
            ConductChange::Meeting(action) => (
                match action {
                    ConductAction::Start => "meeting.started",
                    ConductAction::Pause => "meeting.paused",
                    ConductAction::Resume => "meeting.resumed",
                    ConductAction::End => "meeting.ended",
                    ConductAction::OpenItem { .. } => "agenda.item_opened",
                    ConductAction::SetSpeakingLimit { .. } => "speakers.limit_set",
                },
                None,
            ),
            ConductChange::Speakers(action) => match action {
                SpeakersAction::Request => ("speakers.requested", None),
                SpeakersAction::Withdraw => ("speakers.withdrawn", None),
                SpeakersAction::Grant { user_id } => ("speakers.granted", Some(user_id)),
                SpeakersAction::Finish => ("speakers.finished", None),
                SpeakersAction::Remove { user_id } => ("speakers.removed", Some(user_id)),
                SpeakersAction::Move { user_id, .. } => ("speakers.moved", Some(user_id)),
            },
        }
    }

    /// Detail the audit entry binds besides the kind: the sealed item's hash, the limit,
    /// the new position.
    fn audit_detail(&self) -> Vec<u8> {
        match self {
            ConductChange::Meeting(ConductAction::OpenItem { sealed_item }) => {
                phonghop_crypto::sha256(sealed_item.as_bytes()).to_vec()
            }
            ConductChange::Meeting(ConductAction::SetSpeakingLimit { secs }) => {
                secs.to_be_bytes().to_vec()
            }
            ConductChange::Speakers(SpeakersAction::Move { position, .. }) => {
                position.to_be_bytes().to_vec()
            }
            _ => Vec::new(),
        }
    }
}

fn load(transaction: &Transaction<'_>, meeting_id: &str) -> Result<Conduct, ApiError> {
    let state: Option<String> = transaction
        .prepare_cached("SELECT state FROM meeting_conduct WHERE meeting_id = ?1")?
        .query_row([meeting_id], |row| row.get(0))
        .optional()?;
    match state {
        Some(text) => serde_json::from_str(&text).map_err(ApiError::internal),
        None => Ok(Conduct::default()),
    }
}

fn display_name(transaction: &Transaction<'_>, user_id: &str) -> Result<String, ApiError> {
    Ok(transaction
        .prepare_cached("SELECT display_name FROM users WHERE id = ?1")?
        .query_row([user_id], |row| row.get(0))
        .optional()?
        .unwrap_or_default())
}

fn status(
    transaction: &Transaction<'_>,
    meeting_id: &str,
    conduct: &Conduct,
    now_ms: u64,
) -> Result<ConductStatus, ApiError> {
    let named = |speaker: &phonghop_domain::conduct::Speaker| -> Result<SpeakerStatus, ApiError> {
        Ok(SpeakerStatus {
            user_id: speaker.user_id.clone(),
            display_name: display_name(transaction, &speaker.user_id)?,
            requested_at_ms: speaker.requested_at_ms,
            granted_at_ms: speaker.granted_at_ms,
            finished_at_ms: speaker.finished_at_ms,
        })
    };
    Ok(ConductStatus {
        meeting_id: meeting_id.to_owned(),
        phase: conduct.phase,
        sealed_item: conduct.sealed_item.clone(),
        speaking_limit_secs: conduct.speaking_limit_secs,
        speaking: conduct.speaking.as_ref().map(named).transpose()?,
        waiting: conduct
            .waiting
            .iter()
            .map(named)
            .collect::<Result<_, _>>()?,
        spoken: conduct.spoken.iter().map(named).collect::<Result<_, _>>()?,
        server_now_ms: now_ms,
    })
}

impl Database {
    /// The meeting's conduct now (a meeting never started has the default).
    pub fn conduct(&self, meeting_id: &str, now_ms: u64) -> Result<ConductStatus, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let conduct = load(&transaction, meeting_id)?;
        status(&transaction, meeting_id, &conduct, now_ms)
    }

    /// Applies `change` by `actor` (a user id) at `now_ms`, with an audit entry. A change
    /// the domain refuses leaves everything as it was and answers 409 with its code.
    pub fn change_conduct(
        &self,
        meeting_id: &str,
        actor: &str,
        change: ConductChange<'_>,
        now_ms: u64,
    ) -> Result<ConductStatus, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let mut conduct = load(&transaction, meeting_id)?;
        let applied = match change {
            ConductChange::Meeting(action) => conduct.apply(action, now_ms),
            ConductChange::Speakers(action) => conduct.speakers(action, actor, now_ms),
        };
        applied.map_err(|refused| ApiError::conflict(refused.code(), refused.to_string()))?;
        transaction
            .prepare_cached(
                "INSERT INTO meeting_conduct (meeting_id, state, updated_at_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (meeting_id) DO UPDATE SET state = ?2, updated_at_ms = ?3",
            )?
            .execute(params![
                meeting_id,
                serde_json::to_string(&conduct).map_err(ApiError::internal)?,
                i64::try_from(now_ms).unwrap_or(i64::MAX)
            ])?;
        let (kind, subject) = change.audit_kind();
        crate::audit::append(
            &transaction,
            meeting_id,
            kind,
            Canonical::new("conduct/v1")
                .str(kind)
                .str(actor)
                .str(subject.unwrap_or(""))
                .bytes(&change.audit_detail())
                .finish(),
        )?;
        let answer = status(&transaction, meeting_id, &conduct, now_ms)?;
        transaction.commit()?;
        Ok(answer)
    }
}
