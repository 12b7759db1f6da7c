//! Following the server: the live change feed decides when to sync. The device keeps its
//! feed cursor in the local store and moves it only after a sync succeeded, so a record is
//! acted on at least once whatever drops in between; when the link drops it reconnects with
//! capped, jittered backoff and resumes from the cursor (DESIGN.md, "Change feed").

use std::time::Duration;

use phonghop_domain::wire::{FeedRecord, LiveMessage};
use phonghop_sync::{Backoff, LiveEnd, SyncError};
use tokio::sync::watch;

use crate::views::SyncReport;
use crate::{App, CoreError};

/// Store setting holding the last feed `seq` this device has acted on.
pub const FEED_CURSOR: &str = "feed.cursor";

/// First and longest waits between reconnection attempts.
const BACKOFF_BASE: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(60);

/// What following reports, for the app's status line and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowEvent {
    /// Connected and caught up to `cursor`.
    Connected {
        /// The cursor resumed from.
        cursor: i64,
    },
    /// Records arrived and a sync brought the device up to date.
    Synced {
        /// The records acted on.
        records: Vec<FeedRecord>,
        /// What the sync did.
        report: SyncReport,
    },
    /// A live meeting event (presenter's page, speakers queue) for the interface.
    MeetingEvent {
        /// The meeting.
        meeting_id: String,
        /// Event kind.
        kind: String,
        /// Sealed payload, base64.
        sealed: String,
    },
    /// The link dropped; the next attempt comes after `retry_in`.
    Disconnected {
        /// Why.
        reason: String,
        /// Wait before the next attempt.
        retry_in: Duration,
    },
}

enum Ended {
    Stopped,
    Dropped(String),
}

impl App {
    /// The last feed `seq` this device acted on.
    pub fn feed_cursor(&self) -> Result<i64, CoreError> {
        Ok(self
            .store()?
            .setting(FEED_CURSOR)?
            .and_then(|text| text.parse().ok())
            .unwrap_or(0))
    }

    async fn act_on(
        &self,
        records: &mut Vec<FeedRecord>,
        on_event: &mut impl FnMut(FollowEvent),
    ) -> Result<(), CoreError> {
        let Some(last) = records.last().map(|record| record.seq) else {
            return Ok(());
        };
        let report = self.sync_now().await?;
        self.store()?.set_setting(FEED_CURSOR, &last.to_string())?;
        on_event(FollowEvent::Synced {
            records: std::mem::take(records),
            report,
        });
        Ok(())
    }

    /// One connection: backlog, then live records, until it drops or `stop` is set.
    async fn follow_once(
        &self,
        on_event: &mut impl FnMut(FollowEvent),
        stop: &mut watch::Receiver<bool>,
        backoff: &mut Backoff,
    ) -> Result<Ended, CoreError> {
        let cursor = self.feed_cursor()?;
        let client = self.server_session().await?;
        let mut live = match client.live_feed(cursor).await {
            Ok(live) => live,
            // An expired session: sign in afresh and try again at once.
            Err(SyncError::Unauthorized) => {
                self.session_client(true).await?.live_feed(cursor).await?
            }
            Err(error) => return Err(error.into()),
        };
        let mut pending = Vec::new();
        let mut caught_up = false;
        loop {
            let message = tokio::select! {
                message = live.next() => message,
                _ = stop.changed() => {
                    live.close().await;
                    return Ok(Ended::Stopped);
                }
            };
            match message {
                Ok(LiveMessage::Record { record }) => {
                    pending.push(record);
                    if caught_up {
                        self.act_on(&mut pending, on_event).await?;
                    }
                }
                Ok(LiveMessage::CaughtUp { after }) => {
                    backoff.reset();
                    caught_up = true;
                    on_event(FollowEvent::Connected { cursor: after });
                    // The link is back: what waited in the outbox (a check-in, a ballot
                    // signed while offline) goes now. A failure leaves it queued for the
                    // next connection or sync; `pending_requests` shows it.
                    let _ = self.flush_outbox().await;
                    self.act_on(&mut pending, on_event).await?;
                }
                Ok(LiveMessage::Event {
                    meeting_id,
                    kind,
                    sealed,
                    ..
                }) => on_event(FollowEvent::MeetingEvent {
                    meeting_id,
                    kind,
                    sealed,
                }),
                Err(LiveEnd::Closed { code: 4401, reason }) => {
                    return Err(CoreError::Sync(SyncError::Forbidden(reason)));
                }
                Err(LiveEnd::Closed { code, reason }) => {
                    return Ok(Ended::Dropped(format!(
                        "closed by the server ({code}): {reason}"
                    )));
                }
                Err(LiveEnd::Dropped) => {
                    return Ok(Ended::Dropped("the connection dropped".into()));
                }
            }
        }
    }

    /// Follows the server until `stop` becomes `true`: syncs whenever the feed says
    /// something changed, reconnects after drops, and resumes from the stored cursor.
    /// Returns an error only when the server says this device may no longer connect.
    pub async fn follow(
        &self,
        mut on_event: impl FnMut(FollowEvent),
        mut stop: watch::Receiver<bool>,
    ) -> Result<(), CoreError> {
        let mut backoff = Backoff::new(BACKOFF_BASE, BACKOFF_MAX);
        while !*stop.borrow() {
            let reason = match self
                .follow_once(&mut on_event, &mut stop, &mut backoff)
                .await
            {
                Ok(Ended::Stopped) => return Ok(()),
                Ok(Ended::Dropped(reason)) => reason,
                Err(CoreError::Sync(SyncError::Forbidden(reason))) => {
                    return Err(CoreError::Sync(SyncError::Forbidden(reason)));
                }
                Err(error) => error.to_string(),
            };
            let retry_in = backoff.next_delay();
            on_event(FollowEvent::Disconnected { reason, retry_in });
            tokio::select! {
                _ = tokio::time::sleep(retry_in) => {}
                _ = stop.changed() => return Ok(()),
            }
        }
        Ok(())
    }
}
