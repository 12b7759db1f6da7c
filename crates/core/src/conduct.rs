//! Running the meeting from the app: the chair starts, pauses and ends it and opens agenda
//! items (the item sealed under the meeting key, so the server never learns the agenda);
//! members ask to speak; the chair grants, orders and removes. Each answer is the meeting's
//! conduct with the open item opened again on this device.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_domain::conduct::{ConductAction, Phase, SpeakersAction};
use phonghop_domain::wire::{ConductStatus, SpeakerStatus};
use serde::{Deserialize, Serialize};

use crate::{App, CoreError};

/// Label sealing the open agenda item (domain separation).
const ITEM_LABEL: &str = "phonghop/agenda-item/v1";

/// Someone in the speakers queue, for the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeakerView {
    /// The person.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Asked at, Unix ms (server clock).
    pub requested_at_ms: u64,
    /// Given the floor at.
    pub granted_at_ms: Option<u64>,
    /// Turn ended at.
    pub finished_at_ms: Option<u64>,
}

impl From<SpeakerStatus> for SpeakerView {
    fn from(status: SpeakerStatus) -> Self {
        Self {
            user_id: status.user_id,
            display_name: status.display_name,
            requested_at_ms: status.requested_at_ms,
            granted_at_ms: status.granted_at_ms,
            finished_at_ms: status.finished_at_ms,
        }
    }
}

/// The meeting as the chair runs it, for the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConductView {
    /// The meeting.
    pub meeting_id: String,
    /// Where it stands.
    pub phase: Phase,
    /// The open agenda item's number ("1", "2.1"), opened here.
    pub current_item: Option<String>,
    /// Speaking limit in seconds (0: none).
    pub speaking_limit_secs: u32,
    /// Who has the floor.
    pub speaking: Option<SpeakerView>,
    /// Who waits, in order.
    pub waiting: Vec<SpeakerView>,
    /// Who has spoken, in order.
    pub spoken: Vec<SpeakerView>,
    /// The server's clock when read.
    pub server_now_ms: u64,
}

/// What the chair does to the meeting, as the interface sends it (the item in clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum RoomAction {
    /// Open the meeting.
    Start,
    /// Take a break.
    Pause,
    /// Go on.
    Resume,
    /// Close the meeting.
    End,
    /// Open the agenda item numbered `item`.
    OpenItem {
        /// Its number.
        item: String,
    },
    /// Set the speaking limit.
    SetSpeakingLimit {
        /// Seconds (0: none).
        secs: u32,
    },
}

/// What happens to the speakers queue, as the interface sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum SpeakersCommand {
    /// Ask to speak.
    Request,
    /// Withdraw one's request.
    Withdraw,
    /// Give the floor.
    Grant {
        /// The person.
        user_id: String,
    },
    /// The speaker is done.
    Finish,
    /// Take someone out.
    Remove {
        /// The person.
        user_id: String,
    },
    /// Move someone waiting.
    Move {
        /// The person.
        user_id: String,
        /// New place, from 0.
        position: u32,
    },
}

impl From<SpeakersCommand> for SpeakersAction {
    fn from(command: SpeakersCommand) -> Self {
        match command {
            SpeakersCommand::Request => SpeakersAction::Request,
            SpeakersCommand::Withdraw => SpeakersAction::Withdraw,
            SpeakersCommand::Grant { user_id } => SpeakersAction::Grant { user_id },
            SpeakersCommand::Finish => SpeakersAction::Finish,
            SpeakersCommand::Remove { user_id } => SpeakersAction::Remove { user_id },
            SpeakersCommand::Move { user_id, position } => {
                SpeakersAction::Move { user_id, position }
            }
        }
    }
}

fn item_context(meeting_id: &str) -> Vec<u8> {
    phonghop_crypto::Canonical::new(ITEM_LABEL)
        .str(meeting_id)
        .finish()
}

impl App {
    /// The meeting's conduct now.
    pub async fn conduct_state(&self, meeting_id: &str) -> Result<ConductView, CoreError> {
        let status = self
            .call(|server| async move { server.conduct(meeting_id).await })
            .await?;
        self.conduct_view(status)
    }

    /// Applies the chair's `action` (the server refuses anyone else).
    pub async fn conduct_action(
        &self,
        meeting_id: &str,
        action: RoomAction,
    ) -> Result<ConductView, CoreError> {
        let action = match action {
            RoomAction::Start => ConductAction::Start,
            RoomAction::Pause => ConductAction::Pause,
            RoomAction::Resume => ConductAction::Resume,
            RoomAction::End => ConductAction::End,
            RoomAction::SetSpeakingLimit { secs } => ConductAction::SetSpeakingLimit { secs },
            RoomAction::OpenItem { item } => {
                let meeting = self.stored_meeting(meeting_id)?;
                let known = (1..=meeting.agenda.len()).any(|number| number.to_string() == item);
                if !known {
                    return Err(CoreError::Refused {
                        code: "conduct.bad_item",
                        detail: format!("the agenda has no item {item}"),
                    });
                }
                let key = self.meeting_key(&self.stored_record(meeting_id)?)?;
                let sealed = phonghop_crypto::seal(
                    &key,
                    ITEM_LABEL,
                    &item_context(meeting_id),
                    item.as_bytes(),
                )?;
                ConductAction::OpenItem {
                    sealed_item: STANDARD.encode(sealed),
                }
            }
        };
        let status = self
            .call(|server| {
                let action = action.clone();
                async move { server.conduct_action(meeting_id, &action).await }
            })
            .await?;
        self.conduct_view(status)
    }

    /// Applies `command` to the speakers queue.
    pub async fn speakers_action(
        &self,
        meeting_id: &str,
        command: SpeakersCommand,
    ) -> Result<ConductView, CoreError> {
        let action = SpeakersAction::from(command);
        let status = self
            .call(|server| {
                let action = action.clone();
                async move { server.speakers_action(meeting_id, &action).await }
            })
            .await?;
        self.conduct_view(status)
    }

    fn conduct_view(&self, status: ConductStatus) -> Result<ConductView, CoreError> {
        let current_item = match &status.sealed_item {
            Some(sealed) => {
                let key = self.meeting_key(&self.stored_record(&status.meeting_id)?)?;
                let bytes = STANDARD
                    .decode(sealed)
                    .map_err(|_| CoreError::BadRecord("the open item is not base64".into()))?;
                let opened = phonghop_crypto::open(
                    &key,
                    ITEM_LABEL,
                    &item_context(&status.meeting_id),
                    &bytes,
                )?;
                Some(
                    String::from_utf8(opened)
                        .map_err(|_| CoreError::BadRecord("the open item is not text".into()))?,
                )
            }
            None => None,
        };
        Ok(ConductView {
            meeting_id: status.meeting_id,
            phase: status.phase,
            current_item,
            speaking_limit_secs: status.speaking_limit_secs,
            speaking: status.speaking.map(SpeakerView::from),
            waiting: status.waiting.into_iter().map(SpeakerView::from).collect(),
            spoken: status.spoken.into_iter().map(SpeakerView::from).collect(),
            server_now_ms: status.server_now_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interface_s_commands_read_as_the_contract_says() {
        let action: RoomAction =
            serde_json::from_str(r#"{"kind":"open_item","item":"2"}"#).unwrap_or(RoomAction::End);
        assert_eq!(action, RoomAction::OpenItem { item: "2".into() });
        let command: SpeakersCommand =
            serde_json::from_str(r#"{"kind":"move","userId":"u","position":0}"#)
                .unwrap_or(SpeakersCommand::Finish);
        assert_eq!(
            SpeakersAction::from(command),
            SpeakersAction::Move {
                user_id: "u".into(),
                position: 0
            }
        );
        let limit: RoomAction = serde_json::from_str(r#"{"kind":"set_speaking_limit","secs":120}"#)
            .unwrap_or(RoomAction::End);
        assert_eq!(limit, RoomAction::SetSpeakingLimit { secs: 120 });
    }
}
