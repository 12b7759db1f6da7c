//! Presenter sync: the chair or a named presenter shows a document and page, and every
//! follower's viewer goes there. The signal travels as an ephemeral meeting event sealed
//! under the meeting key (the server relays it to participants' live feeds and never reads
//! or stores it); a follower opens it with [`App::open_meeting_signal`].

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_domain::wire::MeetingEvent;
use serde::{Deserialize, Serialize};

use crate::{App, CoreError};

/// Event kind of a presenter's page.
pub const PRESENTER_PAGE: &str = "presenter.page";
/// Label sealing meeting signals (domain separation).
const SIGNAL_LABEL: &str = "phonghop/meeting-signal/v1";

/// What the presenter shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresenterPage {
    /// The document.
    pub document_id: String,
    /// The page, from 0.
    pub page: u32,
}

/// A live meeting signal, opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum MeetingSignal {
    /// The presenter went to this page.
    PresenterPage(PresenterPage),
    /// The roster changed (fetch it again).
    AttendanceChanged,
    /// The chair changed the meeting's conduct or the speakers queue (fetch it again).
    ConductChanged,
    /// A vote opened, closed or received ballots (fetch the votes again).
    VotesChanged,
    /// An annotation this member may read was written (fetch the annotations again).
    AnnotationsChanged,
    /// A kind this version does not know.
    Unknown,
}

fn signal_context(meeting_id: &str, kind: &str) -> Vec<u8> {
    phonghop_crypto::Canonical::new(SIGNAL_LABEL)
        .str(meeting_id)
        .str(kind)
        .finish()
}

impl App {
    /// Shows `page` of `document_id` to everyone following `meeting_id`.
    pub async fn present(
        &self,
        meeting_id: &str,
        document_id: &str,
        page: u32,
    ) -> Result<(), CoreError> {
        let (meeting, _) = self.find_document(meeting_id, document_id)?;
        let key = self.meeting_key(&self.stored_record(&meeting.id)?)?;
        let payload = serde_json::to_vec(&PresenterPage {
            document_id: document_id.to_owned(),
            page,
        })
        .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let sealed = phonghop_crypto::seal(
            &key,
            SIGNAL_LABEL,
            &signal_context(meeting_id, PRESENTER_PAGE),
            &payload,
        )?;
        let event = MeetingEvent {
            kind: PRESENTER_PAGE.into(),
            sealed: STANDARD.encode(sealed),
        };
        self.call(|server| {
            let event = event.clone();
            async move { server.relay_event(meeting_id, &event).await }
        })
        .await
    }

    /// Opens a meeting event that following delivered ([`crate::FollowEvent::MeetingEvent`]).
    /// A payload that does not open under the meeting key is refused.
    pub fn open_meeting_signal(
        &self,
        meeting_id: &str,
        kind: &str,
        sealed: &str,
    ) -> Result<MeetingSignal, CoreError> {
        match kind {
            PRESENTER_PAGE => {
                let key = self.meeting_key(&self.stored_record(meeting_id)?)?;
                let bytes = STANDARD
                    .decode(sealed)
                    .map_err(|_| CoreError::BadRecord("a meeting event is not base64".into()))?;
                let payload = phonghop_crypto::open(
                    &key,
                    SIGNAL_LABEL,
                    &signal_context(meeting_id, kind),
                    &bytes,
                )?;
                let page: PresenterPage = serde_json::from_slice(&payload)
                    .map_err(|error| CoreError::BadRecord(error.to_string()))?;
                Ok(MeetingSignal::PresenterPage(page))
            }
            "attendance.changed" => Ok(MeetingSignal::AttendanceChanged),
            "conduct.changed" => Ok(MeetingSignal::ConductChanged),
            "votes.changed" => Ok(MeetingSignal::VotesChanged),
            "annotations.changed" => Ok(MeetingSignal::AnnotationsChanged),
            _ => Ok(MeetingSignal::Unknown),
        }
    }
}
