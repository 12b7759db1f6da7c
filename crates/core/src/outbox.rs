//! The outbox: what this device asked the server to do, kept in the local store until the
//! server acknowledged it, each with an idempotency key that is the same on every attempt.
//! A request whose answer was lost is sent again and answered from the first attempt, never
//! applied twice; a restart loses nothing; a request the server refuses for good stays
//! listed, with the reason, until the person discards it.

use futures_util::StreamExt;
use phonghop_domain::wire::PublishMeeting;
use serde::{Deserialize, Serialize};

use crate::{App, CoreError};

/// Uploads in flight at once.
const PARALLEL_UPLOADS: usize = 4;

/// Ids per "which do you lack" question (the server's limit).
const MISSING_QUERY_LIMIT: usize = 10_000;

/// A request the outbox can replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "request", rename_all = "snake_case")]
pub enum OutboxKind {
    /// Publish (or republish) a sealed meeting: its chunks first, then the record.
    Publish(PublishMeeting),
    /// Cancel a meeting.
    Cancel {
        /// The meeting.
        meeting_id: String,
    },
    /// Record a presence at a meeting.
    CheckIn {
        /// The meeting.
        meeting_id: String,
        /// The check-in (a reason already sealed).
        check_in: phonghop_domain::wire::CheckIn,
    },
    /// Cast a signed ballot (sent when the link is back; the server's clock decides whether
    /// the vote is still open).
    Ballot {
        /// The meeting.
        meeting_id: String,
        /// The vote.
        vote_id: String,
        /// The signed ballot.
        ballot: phonghop_domain::wire::CastBallot,
    },
    /// One write of an annotation, sealed and signed.
    Annotation {
        /// The meeting.
        meeting_id: String,
        /// The record.
        record: phonghop_domain::wire::PostAnnotation,
    },
    /// Tell the meeting's audit chain that an annotated copy was exported.
    AnnotatedExport {
        /// The meeting.
        meeting_id: String,
        /// What was exported.
        export: phonghop_domain::wire::AnnotatedExport,
    },
}

impl OutboxKind {
    fn label(&self) -> &'static str {
        match self {
            OutboxKind::Publish(_) => "publish",
            OutboxKind::Cancel { .. } => "cancel",
            OutboxKind::CheckIn { .. } => "check_in",
            OutboxKind::Ballot { .. } => "ballot",
            OutboxKind::Annotation { .. } => "annotation",
            OutboxKind::AnnotatedExport { .. } => "annotated_export",
        }
    }
}

/// Chunks sent to the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadStats {
    /// Blobs the server lacked and received.
    pub chunks_sent: usize,
    /// Their bytes.
    pub bytes_sent: u64,
}

/// What a flush did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlushReport {
    /// Requests the server acknowledged.
    pub sent: usize,
    /// Requests still waiting (the server could not be reached).
    pub waiting: usize,
    /// Requests the server refused for good.
    pub refused: usize,
}

/// A queued request, as the interface lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRequest {
    /// Position in the queue (to discard a refused one).
    pub seq: i64,
    /// "publish", "cancel", "check_in", "ballot", "annotation" or "annotated_export".
    pub kind: String,
    /// The meeting it concerns.
    pub meeting_id: String,
    /// Failed attempts so far.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Refused for good by the server.
    pub refused: bool,
}

fn meeting_of(kind: &OutboxKind) -> &str {
    match kind {
        OutboxKind::Publish(request) => &request.meeting_id,
        OutboxKind::Cancel { meeting_id }
        | OutboxKind::CheckIn { meeting_id, .. }
        | OutboxKind::Ballot { meeting_id, .. }
        | OutboxKind::Annotation { meeting_id, .. }
        | OutboxKind::AnnotatedExport { meeting_id, .. } => meeting_id,
    }
}

impl App {
    /// Queues `kind` and flushes the outbox. Fails only when the server refused this
    /// request (it is then taken off the queue and the caller has the error); when the
    /// server cannot be reached it stays queued and this returns `Ok`.
    pub(crate) async fn send_through_outbox(&self, kind: OutboxKind) -> Result<(), CoreError> {
        self.send_through_outbox_within(kind, None).await
    }

    /// [`Self::send_through_outbox`], giving the flush at most `wait` (the request stays
    /// queued for the next flush when the link is too slow to answer by then), so what a
    /// person does with the link down never makes them wait for the network's timeouts.
    pub(crate) async fn send_through_outbox_within(
        &self,
        kind: OutboxKind,
        wait: Option<std::time::Duration>,
    ) -> Result<(), CoreError> {
        let body =
            serde_json::to_vec(&kind).map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let key = uuid::Uuid::new_v4().to_string();
        let seq = self.store()?.enqueue(&key, kind.label(), &body)?;
        let flushed = match wait {
            None => self.flush().await,
            // A flush cut short is safe: every request carries its idempotency key (an
            // annotation its record id) and is acknowledged only once answered.
            Some(wait) => match tokio::time::timeout(wait, self.flush()).await {
                Ok(flushed) => flushed,
                Err(_) => return Ok(()),
            },
        };
        let (_, refusals) = flushed?;
        match refusals.into_iter().find(|(refused, _)| *refused == seq) {
            Some((_, error)) => {
                self.store()?.acknowledge(seq)?;
                Err(error)
            }
            None => Ok(()),
        }
    }

    /// Sends every queued request in order. Stops at the first one the network fails (to
    /// keep the order), marks refused ones and goes on past them.
    pub async fn flush_outbox(&self) -> Result<FlushReport, CoreError> {
        Ok(self.flush().await?.0)
    }

    /// [`Self::flush_outbox`], also returning why each refused request was refused.
    async fn flush(&self) -> Result<(FlushReport, Vec<(i64, CoreError)>), CoreError> {
        let mut report = FlushReport::default();
        let mut refusals = Vec::new();
        let entries = self.store()?.outbox()?;
        let mut entries = entries.into_iter().filter(|entry| !entry.refused);
        while let Some(entry) = entries.next() {
            let kind: OutboxKind = match serde_json::from_slice(&entry.body) {
                Ok(kind) => kind,
                Err(error) => {
                    self.store()?
                        .mark_refused(entry.seq, &format!("unreadable request: {error}"))?;
                    report.refused += 1;
                    continue;
                }
            };
            match self.deliver(&kind, &entry.idempotency_key).await {
                Ok(()) => {
                    self.store()?.acknowledge(entry.seq)?;
                    report.sent += 1;
                }
                Err(CoreError::Sync(error)) if error.is_transient() => {
                    self.store()?
                        .record_attempt(entry.seq, &error.to_string())?;
                    report.waiting += 1 + entries.count();
                    break;
                }
                Err(error) => {
                    self.store()?.mark_refused(entry.seq, &error.to_string())?;
                    report.refused += 1;
                    refusals.push((entry.seq, error));
                }
            }
        }
        Ok((report, refusals))
    }

    /// The queued requests, oldest first, for the interface and `phonghop-cli status`.
    pub fn pending_requests(&self) -> Result<Vec<PendingRequest>, CoreError> {
        let mut pending = Vec::new();
        for entry in self.store()?.outbox()? {
            let meeting_id = serde_json::from_slice::<OutboxKind>(&entry.body)
                .map(|kind| meeting_of(&kind).to_owned())
                .unwrap_or_default();
            pending.push(PendingRequest {
                seq: entry.seq,
                kind: entry.kind,
                meeting_id,
                attempts: entry.attempts,
                last_error: entry.last_error,
                refused: entry.refused,
            });
        }
        Ok(pending)
    }

    /// Removes a refused request the person has seen (only refused ones can be discarded).
    pub fn discard_refused(&self, seq: i64) -> Result<(), CoreError> {
        let store = self.store()?;
        if store
            .outbox()?
            .iter()
            .any(|entry| entry.seq == seq && entry.refused)
        {
            store.acknowledge(seq)?;
        }
        Ok(())
    }

    /// Cancels a meeting (through the outbox, so it is not lost offline).
    pub async fn cancel_meeting(&self, meeting_id: &str) -> Result<(), CoreError> {
        if !self.profile.config.role.may_publish() {
            return Err(CoreError::NotAllowed);
        }
        self.send_through_outbox(OutboxKind::Cancel {
            meeting_id: meeting_id.to_owned(),
        })
        .await
    }

    async fn deliver(&self, kind: &OutboxKind, key: &str) -> Result<(), CoreError> {
        match kind {
            OutboxKind::Publish(request) => {
                self.upload_missing(&request.blob_ids).await?;
                self.call(|server| {
                    let request = request.clone();
                    async move {
                        server
                            .with_idempotency_key(key)
                            .publish_meeting(&request)
                            .await
                    }
                })
                .await
                .map(drop)
            }
            OutboxKind::Cancel { meeting_id } => {
                self.call(|server| async move {
                    server
                        .with_idempotency_key(key)
                        .cancel_meeting(meeting_id)
                        .await
                })
                .await
            }
            OutboxKind::Ballot {
                meeting_id,
                vote_id,
                ballot,
            } => {
                let receipt = self
                    .call(|server| async move {
                        server
                            .with_idempotency_key(key)
                            .cast_ballot(vote_id, ballot)
                            .await
                    })
                    .await?;
                self.keep_receipt(meeting_id, vote_id, ballot, &receipt)
                    .await
            }
            OutboxKind::CheckIn {
                meeting_id,
                check_in,
            } => {
                self.call(|server| async move {
                    server
                        .with_idempotency_key(key)
                        .check_in(meeting_id, check_in)
                        .await
                })
                .await
            }
            OutboxKind::Annotation { meeting_id, record } => {
                let accepted = self
                    .call(|server| async move { server.post_annotation(meeting_id, record).await })
                    .await?;
                self.annotation_acknowledged(meeting_id, record, accepted.seq)
            }
            OutboxKind::AnnotatedExport { meeting_id, export } => self
                .call(|server| async move {
                    server
                        .with_idempotency_key(key)
                        .record_annotated_export(meeting_id, export)
                        .await
                })
                .await
                .map(drop),
        }
    }

    /// Asks the server which of `ids` it lacks and uploads those from the local store,
    /// several at a time.
    pub(crate) async fn upload_missing(&self, ids: &[String]) -> Result<UploadStats, CoreError> {
        let mut missing = Vec::new();
        for batch in ids.chunks(MISSING_QUERY_LIMIT) {
            let answer = self
                .call(|server| async move { server.missing_blobs(batch).await })
                .await?;
            missing.extend(answer);
        }
        let mut uploads = futures_util::stream::iter(missing)
            .map(|id| async move {
                let bytes = self.store()?.blob(&id)?.ok_or_else(|| {
                    CoreError::BadRecord(format!("blob {id} to upload is not on this device"))
                })?;
                let size = bytes.len() as u64;
                self.call(|server| {
                    let (id, bytes) = (id.clone(), bytes.clone());
                    async move { server.put_blob(&id, bytes).await }
                })
                .await?;
                Ok::<_, CoreError>(size)
            })
            .buffer_unordered(PARALLEL_UPLOADS);
        let mut stats = UploadStats::default();
        while let Some(result) = uploads.next().await {
            stats.bytes_sent += result?;
            stats.chunks_sent += 1;
        }
        Ok(stats)
    }
}
