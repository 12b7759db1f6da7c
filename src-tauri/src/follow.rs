//! The app follows the server while it runs: `phonghop-core`'s [`App::follow`] syncs
//! whenever the live feed announces a change, and this forwards what happens to the window
//! as events, so the meeting list refreshes and the connection state shows without anyone
//! pressing "Đồng bộ".

use std::sync::Arc;

use phonghop_core::{App, FollowEvent, MeetingSignal};
use phonghop_domain::wire::FeedKind;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Event: the connection to the server came up or dropped ([`Connection`]).
pub const CONNECTION_EVENT: &str = "phonghop://connection";
/// Event: a sync triggered by the feed finished ([`phonghop_core::views::SyncReport`]).
pub const SYNCED_EVENT: &str = "phonghop://synced";
/// Event: a live signal about a meeting ([`MeetingSignalEvent`]): the presenter's page, or
/// the roster, conduct or votes changed.
pub const MEETING_EVENT: &str = "phonghop://meeting";

/// Payload of [`MEETING_EVENT`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSignalEvent {
    /// The meeting.
    pub meeting_id: String,
    /// What happened, opened on this device.
    pub signal: MeetingSignal,
}

/// The signals a followed event or feed record gives the window. A sealed signal that does
/// not open under the meeting key is dropped (it was altered or is not for this meeting).
fn signals_of(app: &App, event: &FollowEvent) -> Vec<MeetingSignalEvent> {
    match event {
        FollowEvent::MeetingEvent {
            meeting_id,
            kind,
            sealed,
        } => app
            .open_meeting_signal(meeting_id, kind, sealed)
            .ok()
            .map(|signal| MeetingSignalEvent {
                meeting_id: meeting_id.clone(),
                signal,
            })
            .into_iter()
            .collect(),
        FollowEvent::Synced { records, .. } => {
            let mut meetings: Vec<&str> = records
                .iter()
                .filter(|record| {
                    matches!(
                        record.kind,
                        FeedKind::VoteOpened | FeedKind::VoteClosed | FeedKind::VoteCounted
                    )
                })
                .map(|record| record.meeting_id.as_str())
                .collect();
            meetings.dedup();
            meetings
                .into_iter()
                .map(|meeting_id| MeetingSignalEvent {
                    meeting_id: meeting_id.to_owned(),
                    signal: MeetingSignal::VotesChanged,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The connection state the window shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// Connected and caught up.
    pub online: bool,
    /// Why it dropped.
    pub reason: Option<String>,
    /// Seconds until the next attempt.
    pub retry_in_seconds: Option<f64>,
}

/// Starts following in the background until `stop` turns true (another profile was chosen)
/// or the app ends. A device the server no longer accepts stops following and says so.
pub fn start<R: Runtime>(
    handle: AppHandle<R>,
    app: Arc<App>,
    stop: tokio::sync::watch::Receiver<bool>,
) {
    tauri::async_runtime::spawn(async move {
        let emitter = handle.clone();
        let opener = Arc::clone(&app);
        let forward = move |event: FollowEvent| {
            for signal in signals_of(&opener, &event) {
                let _ = emitter.emit(MEETING_EVENT, signal);
            }
            let _ = match event {
                FollowEvent::Connected { .. } => emitter.emit(
                    CONNECTION_EVENT,
                    Connection {
                        online: true,
                        reason: None,
                        retry_in_seconds: None,
                    },
                ),
                FollowEvent::Disconnected { reason, retry_in } => emitter.emit(
                    CONNECTION_EVENT,
                    Connection {
                        online: false,
                        reason: Some(reason),
                        retry_in_seconds: Some(retry_in.as_secs_f64()),
                    },
                ),
                FollowEvent::Synced { report, records } => {
                    // Invitations, revisions, postponements and cancellations reach the
                    // person even when the window is in the background.
                    for notice in opener.notices(&records) {
                        let _ = emitter
                            .notification()
                            .builder()
                            .title(notice.title)
                            .body(notice.body)
                            .show();
                    }
                    emitter.emit(SYNCED_EVENT, report)
                }
                FollowEvent::MeetingEvent { .. } => Ok(()),
            };
        };
        if let Err(error) = app.follow(forward, stop).await {
            let _ = handle.emit(
                CONNECTION_EVENT,
                Connection {
                    online: false,
                    reason: Some(error.to_string()),
                    retry_in_seconds: None,
                },
            );
        }
    });
}
