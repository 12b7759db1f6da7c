//! The change feed: `GET /feed?after=N&limit=M` pages through a person's records, and
//! `GET /feed/live?after=N` upgrades to a WebSocket that sends the same records, first
//! those after `N` and then each as it happens, with heartbeats.

use std::time::Duration;

use axum::Json;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use phonghop_domain::wire::{FeedPage, LiveMessage};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::DeviceCaller;
use crate::db::DeviceIdentity;
use crate::{ApiError, AppState};
use phonghop_domain::ErrorBody;

/// Records per page when the client does not say.
const DEFAULT_LIMIT: usize = 100;
/// Most records per page.
const MAX_LIMIT: usize = 1000;
/// How often the server pings a live connection and re-checks the device.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// Heartbeats without a pong before the server gives up on a connection.
const MISSED_HEARTBEATS: u32 = 3;
/// Close code when the device was revoked or its owner disabled while connected.
const CLOSE_NO_LONGER_AUTHORISED: u16 = 4401;
/// Close code when the server is shutting down (RFC 6455 "going away").
const CLOSE_GOING_AWAY: u16 = 1001;

/// Query of both feed routes.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct FeedQuery {
    /// The last `seq` the client handled (0: from the start).
    #[serde(default)]
    #[param(minimum = 0)]
    after: i64,
    /// Records per page, 1 to 1000 (default 100; ignored by `/feed/live`).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

#[utoipa::path(
    get,
    path = "/api/v1/feed",
    tag = "feed",
    params(FeedQuery),
    responses((status = 200, description = "A page of the caller's feed", body = FeedPage), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn page(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
) -> Result<Json<FeedPage>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT || query.after < 0 {
        return Err(ApiError::bad_request(
            "feed.bad_query",
            format!("after is 0 or more; limit is 1 to {MAX_LIMIT}"),
        ));
    }
    let mut records = state
        .db
        .feed_after(&caller.user_id, query.after, limit + 1)?;
    let more = records.len() > limit;
    records.truncate(limit);
    let next_after = records.last().map_or(query.after, |record| record.seq);
    Ok(Json(FeedPage {
        records,
        next_after,
        more,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/feed/live",
    tag = "feed",
    params(FeedQuery),
    responses((status = 101, description = "WebSocket: LiveMessage frames, records after `after` then live"), (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)),
    security(("bearer" = []))
)]
pub(super) async fn live(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    if query.after < 0 {
        return Err(ApiError::bad_request(
            "feed.bad_query",
            "after is 0 or more",
        ));
    }
    Ok(upgrade.on_upgrade(move |socket| async move {
        if let Err(reason) = serve_live(socket, state, caller, query.after).await {
            tracing::debug!(%reason, "live feed connection ended");
        }
    }))
}

async fn send(socket: &mut WebSocket, message: &LiveMessage) -> Result<(), String> {
    let text = serde_json::to_string(message).map_err(|error| error.to_string())?;
    socket
        .send(Message::Text(text.into()))
        .await
        .map_err(|error| error.to_string())
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        })))
        .await;
}

/// Sends every record after `cursor` and returns the new cursor.
async fn send_since(
    socket: &mut WebSocket,
    state: &AppState,
    user_id: &str,
    mut cursor: i64,
) -> Result<i64, String> {
    loop {
        let records = state
            .db
            .feed_after(user_id, cursor, MAX_LIMIT)
            .map_err(|error| error.to_string())?;
        let full = records.len() == MAX_LIMIT;
        for record in records {
            cursor = record.seq;
            send(socket, &LiveMessage::Record { record }).await?;
        }
        if !full {
            return Ok(cursor);
        }
    }
}

fn still_allowed(state: &AppState, caller: &DeviceIdentity) -> Result<bool, String> {
    state
        .db
        .device_is_active(&caller.device_id)
        .map_err(|error| error.to_string())
}

async fn serve_live(
    mut socket: WebSocket,
    state: AppState,
    caller: DeviceIdentity,
    after: i64,
) -> Result<(), String> {
    let mut subscription = state.live.subscribe(&caller.user_id);
    let mut cursor = send_since(&mut socket, &state, &caller.user_id, after).await?;
    send(&mut socket, &LiveMessage::CaughtUp { after: cursor }).await?;
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut unanswered = 0;
    loop {
        tokio::select! {
            announcement = subscription.announcements.recv() => {
                match announcement {
                    Ok(announcement) => {
                        if let Some((event, people)) = &announcement.event
                            && people.contains(&caller.user_id)
                        {
                            send(&mut socket, event).await?;
                        }
                        match announcement.records.get(&caller.user_id) {
                            None => continue,
                            Some(records) if !records.is_empty() => {
                                let already = cursor;
                                for record in records.iter().filter(|record| record.seq > already) {
                                    cursor = record.seq;
                                    send(&mut socket, &LiveMessage::Record { record: record.clone() }).await?;
                                }
                                continue;
                            }
                            // Woken without records: fall through to the check below.
                            Some(_) => {}
                        }
                    }
                    // Fell behind: the database has what was missed (events are not kept).
                    Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return Ok(()),
                }
                if !still_allowed(&state, &caller)? {
                    close(&mut socket, CLOSE_NO_LONGER_AUTHORISED, "device revoked or person disabled").await;
                    return Ok(());
                }
                cursor = send_since(&mut socket, &state, &caller.user_id, cursor).await?;
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Pong(_))) => unanswered = 0,
                Some(Ok(Message::Close(_))) | None => return Ok(()),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(error.to_string()),
            },
            _ = heartbeat.tick() => {
                if !still_allowed(&state, &caller)? {
                    close(&mut socket, CLOSE_NO_LONGER_AUTHORISED, "device revoked or person disabled").await;
                    return Ok(());
                }
                unanswered += 1;
                if unanswered > MISSED_HEARTBEATS {
                    return Err("no pong for three heartbeats".into());
                }
                socket.send(Message::Ping(Default::default())).await.map_err(|e| e.to_string())?;
            },
            _ = subscription.stopping.changed() => {
                close(&mut socket, CLOSE_GOING_AWAY, "server shutting down").await;
                return Ok(());
            },
        }
    }
}
