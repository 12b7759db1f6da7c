//! The app follows the server while it runs: `phonghop-core`'s [`App::follow`] syncs
//! whenever the live feed announces a change, and this forwards what happens to the window
//! as events, so the meeting list refreshes and the connection state shows without anyone
//! pressing "Đồng bộ".

use std::sync::Arc;

use phonghop_core::{App, FollowEvent};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

/// Event: the connection to the server came up or dropped ([`Connection`]).
pub const CONNECTION_EVENT: &str = "phonghop://connection";
/// Event: a sync triggered by the feed finished ([`phonghop_core::views::SyncReport`]).
pub const SYNCED_EVENT: &str = "phonghop://synced";

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

/// Starts following in the background for as long as the app runs. A device the server no
/// longer accepts stops following and says so.
pub fn start<R: Runtime>(handle: AppHandle<R>, app: Arc<App>) {
    tauri::async_runtime::spawn(async move {
        // Never stopped: following ends with the process.
        let (_keep, never) = tokio::sync::watch::channel(false);
        let emitter = handle.clone();
        let forward = move |event: FollowEvent| {
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
                FollowEvent::Synced { report, .. } => emitter.emit(SYNCED_EVENT, report),
                FollowEvent::MeetingEvent { .. } => Ok(()),
            };
        };
        if let Err(error) = app.follow(forward, never).await {
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
