//! Syncing down (DESIGN.md, "Sync"): every meeting record first (the agendas), then the
//! documents — the next meeting's first, in agenda order, then later meetings, then past
//! ones, newest first. For each meeting: the manifests it lacks, then the chunks it lacks,
//! sixteen to a request (`POST /blobs/batch`), three requests at a time. Each chunk is
//! checked against its name before it is kept, and what a request brought is written in
//! one transaction, so a killed process keeps every request that committed and a restart
//! fetches only the rest. A chunk whose download is cut is resumed alone with `Range` from
//! the bytes already received (kept in the store); transient failures are retried with
//! jittered backoff.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures_util::StreamExt;
use phonghop_crypto::SymmetricKey;
use phonghop_domain::{DocumentRef, Meeting};
use phonghop_store::StoredMeeting;
use phonghop_sync::{Backoff, SyncError};
use serde::{Deserialize, Serialize};

use crate::views::SyncReport;
use crate::{App, CoreError};

/// Chunks asked for in one request (16 KiB on average each): one request's headers and
/// the server's per-request work are spread over a quarter of a megabyte.
pub const CHUNKS_PER_REQUEST: usize = 16;

/// Requests in flight at once: enough to keep a long, thin link full through a loss, few
/// enough for the server.
pub const PARALLEL_REQUESTS: usize = 3;

/// Attempts per chunk before a sync gives up on the network (and keeps what it has).
const ATTEMPTS: u32 = 6;

/// Attempts at a chunk that arrives damaged (a bad partial, then a bad server copy).
const INTEGRITY_ATTEMPTS: u32 = 2;

/// AES-GCM's tag: a chunk's ciphertext is its plaintext plus this.
const TAG_BYTES: u64 = 16;

/// How far a sync has come, for progress bars: bytes of ciphertext on this device out of the
/// bytes needed, for the document being fetched and for its meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// The meeting.
    pub meeting_id: String,
    /// The document a chunk just arrived for.
    pub document_id: String,
    /// Bytes of that document here.
    pub document_done: u64,
    /// Bytes of that document in all.
    pub document_total: u64,
    /// Bytes of the meeting's documents here.
    pub meeting_done: u64,
    /// Bytes of the meeting's documents in all.
    pub meeting_total: u64,
}

/// Where a meeting comes in the prefetch order: upcoming ones soonest first, then past
/// ones most recent first; a time that does not parse comes last.
fn prefetch_rank(starts_at: &str, now: jiff::Timestamp) -> (u8, i64) {
    match starts_at.parse::<jiff::Timestamp>() {
        Ok(start) if start >= now - jiff::SignedDuration::from_hours(12) => (0, start.as_second()),
        Ok(start) => (1, -start.as_second()),
        Err(_) => (2, 0),
    }
}

/// One chunk to fetch and whom it counts for.
struct ChunkJob {
    id: String,
    document: usize,
}

/// Bytes done and needed per document of one meeting.
struct Tally {
    meeting_id: String,
    documents: Vec<(String, u64, u64)>,
}

impl Tally {
    fn credit(&mut self, document: usize, bytes: u64) -> Option<SyncProgress> {
        let entry = self.documents.get_mut(document)?;
        entry.1 += bytes;
        let (document_id, document_done, document_total) = entry.clone();
        Some(SyncProgress {
            meeting_id: self.meeting_id.clone(),
            document_id,
            document_done,
            document_total,
            meeting_done: self.documents.iter().map(|d| d.1).sum(),
            meeting_total: self.documents.iter().map(|d| d.2).sum(),
        })
    }
}

impl App {
    /// Fetches the meetings this device may open and the documents it lacks, storing only
    /// ciphertext. A meeting whose record does not open is refused before it is stored.
    pub async fn sync_now(&self) -> Result<SyncReport, CoreError> {
        self.sync_with_progress(&|_| {}).await
    }

    /// [`Self::sync_now`], telling `on_progress` after every chunk.
    pub async fn sync_with_progress(
        &self,
        on_progress: &(dyn Fn(&SyncProgress) + Sync),
    ) -> Result<SyncReport, CoreError> {
        // One sync at a time: a second waits, then finds only what the first left.
        let _running = self.sync_lock.lock().await;
        let mut meetings = self.refresh_meeting_records().await?;
        let now = jiff::Timestamp::now();
        meetings.sort_by_key(|meeting| prefetch_rank(&meeting.info.starts_at, now));
        let mut report = SyncReport {
            meetings: meetings.len(),
            ..SyncReport::default()
        };
        // A document that fails its checks does not hold up the others: the first such
        // error is reported once everything else is here. The network failing stops at once.
        let mut deferred = None;
        for meeting in &meetings {
            match self
                .fetch_meeting_documents(meeting, on_progress, &mut report)
                .await
            {
                Ok(()) => {}
                Err(CoreError::Sync(error)) if error.is_transient() => {
                    return Err(CoreError::Sync(error));
                }
                Err(error) => {
                    deferred.get_or_insert(error);
                }
            }
        }
        // Notes from the member's other computers and colleagues' shared ones; a failure
        // here never fails the documents' sync (the viewer fetches them again when opened).
        let _ = self.sync_recent_annotations(&meetings).await;
        // The secretary's readiness board learns what this device holds.
        let _ = self.report_holdings(&meetings).await;
        match deferred {
            Some(error) => Err(error),
            None => Ok(report),
        }
    }

    /// Fetches every meeting record this device may open and stores those that open,
    /// without any document: what a sync does first, and what revising a document needs.
    pub(crate) async fn refresh_meeting_records(&self) -> Result<Vec<Meeting>, CoreError> {
        let remote = self
            .call(|server| async move { server.meetings().await })
            .await?;
        let mut meetings = Vec::with_capacity(remote.len());
        for sealed in &remote {
            let stored = StoredMeeting {
                id: sealed.meeting_id.clone(),
                revision: sealed.revision,
                starts_at: sealed.starts_at.clone(),
                sealed: crate::session::decode(&sealed.sealed)?,
                envelope: crate::session::decode(&sealed.envelope)?,
                publisher_key: self.verified_publisher(&sealed.publisher)?,
            };
            let meeting = self.open_meeting(&stored)?;
            self.store()?.put_meeting(&stored)?;
            meetings.push(meeting);
        }
        Ok(meetings)
    }

    /// Manifests, then chunks, of one meeting's documents in agenda order.
    async fn fetch_meeting_documents(
        &self,
        meeting: &Meeting,
        on_progress: &(dyn Fn(&SyncProgress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), CoreError> {
        let documents: Vec<&DocumentRef> = meeting.documents().collect();
        let manifest_ids: Vec<String> = documents
            .iter()
            .map(|document| document.manifest_id.clone())
            .collect();
        let missing: Vec<String> = self
            .store()?
            .missing_blobs(&manifest_ids)?
            .into_iter()
            .cloned()
            .collect();
        self.fetch_all(
            missing.into_iter().map(|id| ChunkJob { id, document: 0 }),
            &mut None,
            on_progress,
            report,
        )
        .await?;

        let mut tally = Tally {
            meeting_id: meeting.id.clone(),
            documents: Vec::with_capacity(documents.len()),
        };
        let mut jobs = Vec::new();
        let mut queued = HashSet::new();
        let mut deferred = None;
        let mut fetched_documents = 0;
        for (index, document) in documents.iter().enumerate() {
            let sizes = match self.chunk_sizes(document) {
                Ok(sizes) => sizes,
                Err(error) => {
                    // A manifest that does not open (tampered, or signed by someone else):
                    // nothing of this document is fetched; the rest goes on.
                    deferred.get_or_insert(error);
                    tally.documents.push((document.id.clone(), 0, 0));
                    continue;
                }
            };
            let total = sizes.values().sum::<u64>();
            let missing: Vec<String> = {
                let store = self.store()?;
                store
                    .missing_blobs(&document.chunk_ids)?
                    .into_iter()
                    .cloned()
                    .collect()
            };
            let missing_bytes: u64 = missing.iter().filter_map(|id| sizes.get(id)).sum();
            tally
                .documents
                .push((document.id.clone(), total - missing_bytes, total));
            fetched_documents += usize::from(!missing.is_empty());
            for id in missing {
                if queued.insert(id.clone()) {
                    jobs.push(ChunkJob {
                        id,
                        document: index,
                    });
                }
            }
        }
        report.documents_fetched += fetched_documents;
        self.fetch_all(jobs.into_iter(), &mut Some(tally), on_progress, report)
            .await?;
        match deferred {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Ciphertext size of each chunk of `document` (manifest included), from its manifest.
    fn chunk_sizes(&self, document: &DocumentRef) -> Result<HashMap<String, u64>, CoreError> {
        let sealed = self
            .store()?
            .blob(&document.manifest_id)?
            .ok_or_else(|| CoreError::DocumentNotDownloaded(document.id.clone()))?;
        let key = SymmetricKey::from_hex(&document.key.0)?;
        let manifest = phonghop_crypto::document::open_manifest(
            &key,
            &crate::session::decode_key(&document.uploader_key)?,
            &document.id,
            document.revision,
            &sealed,
        )?;
        let mut sizes: HashMap<String, u64> = manifest
            .chunks
            .iter()
            .map(|chunk| (chunk.id.clone(), u64::from(chunk.size) + TAG_BYTES))
            .collect();
        if document.chunk_ids.iter().any(|id| !sizes.contains_key(id)) {
            return Err(CoreError::BadRecord(format!(
                "the manifest of {} does not list the chunks the meeting names",
                document.title
            )));
        }
        sizes.retain(|id, _| document.chunk_ids.contains(id));
        Ok(sizes)
    }

    /// Fetches `jobs` in requests of up to [`CHUNKS_PER_REQUEST`], several requests at a
    /// time; what each request brought is written in one transaction.
    async fn fetch_all(
        &self,
        jobs: impl Iterator<Item = ChunkJob>,
        tally: &mut Option<Tally>,
        on_progress: &(dyn Fn(&SyncProgress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), CoreError> {
        let mut requests = Vec::new();
        let mut jobs = jobs.peekable();
        while jobs.peek().is_some() {
            requests.push(jobs.by_ref().take(CHUNKS_PER_REQUEST).collect::<Vec<_>>());
        }
        let mut finished = futures_util::stream::iter(requests)
            .map(|request| self.fetch_request(request))
            .buffer_unordered(PARALLEL_REQUESTS);
        let mut failure = None;
        while let Some((delivered, error)) = finished.next().await {
            let mut credits = Vec::with_capacity(delivered.len());
            let mut blobs = Vec::with_capacity(delivered.len());
            for (job, bytes) in delivered {
                credits.push((job.document, bytes.len() as u64));
                blobs.push((job.id, bytes));
            }
            self.store()?.put_blobs(&blobs)?;
            for (document, bytes) in credits {
                report.chunks_fetched += 1;
                report.bytes_fetched += bytes;
                if let Some(progress) = tally.as_mut().and_then(|t| t.credit(document, bytes)) {
                    on_progress(&progress);
                }
            }
            if let Some(error) = error {
                let network_down = matches!(&error, CoreError::Sync(e) if e.is_transient());
                failure.get_or_insert(error);
                if network_down {
                    // Keep what finished; the next sync resumes from here. (A chunk that
                    // fails its check does not stop the others.)
                    break;
                }
            }
        }
        match failure {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Whether a cut attempt left the first bytes of `id` in the store.
    fn has_partial(&self, id: &str) -> bool {
        self.store()
            .ok()
            .and_then(|store| store.partial_blob(id).ok().flatten())
            .is_some()
    }

    /// One request's chunks, in one `POST /blobs/batch` answer, retried for the network's
    /// failures. Chunks cut mid-way are kept in the store and resumed alone with `Range`;
    /// a chunk that fails its check is tried alone, and does not stop the rest. Returns what
    /// arrived and the error that stopped it, if any.
    async fn fetch_request(
        &self,
        jobs: Vec<ChunkJob>,
    ) -> (Vec<(ChunkJob, Vec<u8>)>, Option<CoreError>) {
        let mut delivered = Vec::with_capacity(jobs.len());
        let mut remaining = jobs;
        let mut deferred = None;
        let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
        let mut attempt = 0;
        let mut renewed = false;
        while !remaining.is_empty() {
            let (alone, together): (Vec<_>, Vec<_>) = remaining
                .into_iter()
                .partition(|job| self.has_partial(&job.id));
            remaining = together;
            for job in alone {
                match self.fetch_chunk(&job.id).await {
                    Ok(bytes) => delivered.push((job, bytes)),
                    Err(error) => return (delivered, Some(error)),
                }
            }
            if remaining.is_empty() {
                break;
            }
            attempt += 1;
            let client = match self.session_client(false).await {
                Ok(client) => client,
                Err(error) => return (delivered, Some(error)),
            };
            let ids: Vec<String> = remaining.iter().map(|job| job.id.clone()).collect();
            let mut arrived = Vec::new();
            let result = client
                .fetch_batch(&ids, |id, bytes| arrived.push((id.to_owned(), bytes)))
                .await;
            for (id, bytes) in arrived {
                if let Some(position) = remaining.iter().position(|job| job.id == id) {
                    delivered.push((remaining.remove(position), bytes));
                }
            }
            let Err(cut) = result else {
                continue;
            };
            if let Some((id, bytes)) = cut.partial
                && let Ok(store) = self.store()
            {
                let _ = store.put_partial_blob(&id, &bytes);
            }
            match cut.error {
                SyncError::Unauthorized if !renewed => {
                    renewed = true;
                    if let Err(error) = self.session_client(true).await {
                        return (delivered, Some(error));
                    }
                }
                SyncError::Integrity(id) => {
                    if let Some(position) = remaining.iter().position(|job| job.id == id) {
                        let job = remaining.remove(position);
                        match self.fetch_chunk(&job.id).await {
                            Ok(bytes) => delivered.push((job, bytes)),
                            Err(error) => {
                                deferred.get_or_insert(error);
                            }
                        }
                    }
                }
                error if error.is_transient() && attempt < ATTEMPTS => {
                    tokio::time::sleep(backoff.next_delay()).await;
                }
                error => return (delivered, Some(error.into())),
            }
        }
        (delivered, deferred)
    }

    /// One chunk, resumed from any bytes a cut attempt left, retried while the failure is
    /// the network's; the bytes received are kept in the store if it gives up.
    async fn fetch_chunk(&self, id: &str) -> Result<Vec<u8>, CoreError> {
        let mut buffer = self.store()?.partial_blob(id)?.unwrap_or_default();
        let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let client = self.session_client(false).await?;
            let error = match client.fetch_blob_into(id, &mut buffer).await {
                Ok(()) => return Ok(buffer),
                Err(error) => error,
            };
            match error {
                SyncError::Unauthorized if !renewed => {
                    renewed = true;
                    self.session_client(true).await?;
                    continue;
                }
                SyncError::Integrity(_) if attempt < INTEGRITY_ATTEMPTS => {
                    // Damaged bytes (a bad partial, or a bad link): start the chunk afresh.
                    buffer.clear();
                    self.store()?.drop_partial_blob(id)?;
                }
                error if error.is_transient() && attempt < ATTEMPTS => {}
                error => {
                    if !buffer.is_empty() && !matches!(error, SyncError::Integrity(_)) {
                        self.store()?.put_partial_blob(id, &buffer)?;
                    }
                    return Err(error.into());
                }
            }
            tokio::time::sleep(backoff.next_delay()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upcoming_meetings_come_soonest_first_then_past_ones_newest_first() {
        let now: jiff::Timestamp = "2026-11-30T10:00:00+07:00".parse().unwrap();
        let mut starts = vec![
            "2026-11-02T08:00:00+07:00",
            "not a time",
            "2026-12-10T08:00:00+07:00",
            "2026-11-30T08:00:00+07:00",
            "2026-11-20T08:00:00+07:00",
            "2026-12-01T01:00:00Z",
        ];
        starts.sort_by_key(|start| prefetch_rank(start, now));
        assert_eq!(
            starts,
            [
                "2026-11-30T08:00:00+07:00",
                "2026-12-01T01:00:00Z",
                "2026-12-10T08:00:00+07:00",
                "2026-11-20T08:00:00+07:00",
                "2026-11-02T08:00:00+07:00",
                "not a time",
            ]
        );
    }

    #[test]
    fn progress_counts_bytes_per_document_and_per_meeting() {
        let mut tally = Tally {
            meeting_id: "m".into(),
            documents: vec![("a".into(), 10, 100), ("b".into(), 0, 50)],
        };
        let progress = tally.credit(1, 20).unwrap();
        assert_eq!((progress.document_done, progress.document_total), (20, 50));
        assert_eq!((progress.meeting_done, progress.meeting_total), (30, 150));
        assert!(tally.credit(7, 1).is_none());
    }
}
