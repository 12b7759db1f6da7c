//! Typed calls to the central server's HTTP API.

use std::time::Duration;

use phonghop_domain::ErrorBody;
use phonghop_domain::conduct::{ConductAction, SpeakersAction};
use phonghop_domain::vote::Tally;
use phonghop_domain::wire::{
    API_PREFIX, BlobQuery, CertifyDevice, Challenge, ChallengeRequest, DeviceSummary,
    DirectoryEntry, Enroll, Enrolled, EnrollmentCode, FeedPage, Health, Login, Me,
    MeetingPublished, MissingBlobs, NewUser, Organisation, PendingDevice, PublishMeeting,
    SealedMeeting, SessionToken, UserCreated, UserSummary,
};
use phonghop_domain::wire::{AttendanceRoster, CheckIn, ConductStatus};
use phonghop_domain::wire::{BallotReceipt, CastBallot, OpenVote, VoteStatus};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::pinning::{no_trust_config, parse_address, pinned_config};
use crate::{LiveFeed, SyncError};

/// A connection to one server, optionally authenticated by a bearer token.
#[derive(Debug, Clone)]
pub struct ServerClient {
    http: reqwest::Client,
    base: String,
    tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    token: Option<String>,
    idempotency_key: Option<String>,
}

/// Why a batch download stopped early, with the first bytes of the blob it was receiving.
#[derive(Debug)]
pub struct BatchCut {
    /// What went wrong.
    pub error: SyncError,
    /// The blob being received when the answer was cut, and its bytes so far.
    pub partial: Option<(String, Vec<u8>)>,
}

/// Header naming a request so the server applies it at most once however often it is sent.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// An error with the chain of its causes ("error sending request: … invalid peer
/// certificate"), so the reason a connection failed reaches the person.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        let next_text = next.to_string();
        if !text.contains(&next_text) {
            text.push_str(": ");
            text.push_str(&next_text);
        }
        cause = next.source();
    }
    text
}

/// Finishes a reqwest client that trusts only the pinned certificate when `tls` is given.
fn http_client(
    builder: reqwest::ClientBuilder,
    tls: Option<&rustls::ClientConfig>,
) -> Result<reqwest::Client, SyncError> {
    let config = match tls {
        Some(config) => config.clone(),
        // Plain http (test machines): TLS is never used, so it trusts nothing.
        None => no_trust_config()?,
    };
    builder
        .tls_backend_preconfigured(config)
        .build()
        .map_err(|error| SyncError::BadUrl(error.to_string()))
}

/// A plain reqwest client for `address` (pinning its certificate) and the base URL to put
/// paths after: for tools and tests that speak HTTP without [`ServerClient`].
pub fn raw_http_client(address: &str) -> Result<(reqwest::Client, String), SyncError> {
    let address = parse_address(address)?;
    let tls = address.pin.as_deref().map(pinned_config).transpose()?;
    Ok((
        http_client(reqwest::Client::builder(), tls.as_deref())?,
        address.base,
    ))
}

impl ServerClient {
    /// A client for the server at `address`: `http://host:port` on a test machine, or
    /// `https://host:port/#sha256=FINGERPRINT` with the certificate it must present.
    pub fn new(address: &str) -> Result<Self, SyncError> {
        let address = parse_address(address)?;
        let tls = address.pin.as_deref().map(pinned_config).transpose()?;
        let http = http_client(
            reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(120)),
            tls.as_deref(),
        )?;
        Ok(Self {
            http,
            base: address.base,
            tls,
            token: None,
            idempotency_key: None,
        })
    }

    /// The same client, sending `token` as its bearer credential.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The same client, sending `key` as the `Idempotency-Key` of its requests: a retried
    /// request with the same key is answered from the first without applying twice.
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The bearer token this client sends, if any (for tools that speak raw HTTP).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The server's base address.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self
            .http
            .request(method, format!("{}{API_PREFIX}{path}", self.base));
        let builder = match &self.idempotency_key {
            Some(key) => builder.header(IDEMPOTENCY_KEY_HEADER, key),
            None => builder,
        };
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    async fn send(&self, builder: RequestBuilder) -> Result<Response, SyncError> {
        let response = builder
            .send()
            .await
            .map_err(|error| SyncError::Unreachable {
                url: self.base.clone(),
                detail: with_causes(&error),
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response
            .json::<ErrorBody>()
            .await
            .unwrap_or_else(|_| ErrorBody::new("http", status.to_string()));
        Err(match status {
            StatusCode::UNAUTHORIZED => SyncError::Unauthorized,
            StatusCode::FORBIDDEN => SyncError::Forbidden(body.message),
            _ => SyncError::Server {
                status: status.as_u16(),
                body,
            },
        })
    }

    async fn json<T: DeserializeOwned>(&self, builder: RequestBuilder) -> Result<T, SyncError> {
        self.send(builder)
            .await?
            .json::<T>()
            .await
            .map_err(|error| SyncError::BadResponse(error.to_string()))
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        self.json(self.request(Method::POST, path).json(body)).await
    }

    /// `GET /health`: whether the server is up.
    pub async fn health(&self) -> Result<Health, SyncError> {
        self.json(self.request(Method::GET, "/health")).await
    }

    /// `GET /me`: who this device belongs to.
    pub async fn me(&self) -> Result<Me, SyncError> {
        self.json(self.request(Method::GET, "/me")).await
    }

    /// `GET /directory`: devices and their public keys, for wrapping meeting keys.
    pub async fn directory(&self) -> Result<Vec<DirectoryEntry>, SyncError> {
        self.json(self.request(Method::GET, "/directory")).await
    }

    /// `GET /meetings`: the sealed meetings this device may open.
    pub async fn meetings(&self) -> Result<Vec<SealedMeeting>, SyncError> {
        self.json(self.request(Method::GET, "/meetings")).await
    }

    /// `POST /meetings`: publishes a sealed meeting (secretary).
    pub async fn publish_meeting(
        &self,
        meeting: &PublishMeeting,
    ) -> Result<MeetingPublished, SyncError> {
        self.post("/meetings", meeting).await
    }

    /// `PUT /blobs/{id}`: uploads an encrypted blob named by the SHA-256 of its bytes.
    pub async fn put_blob(&self, id: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        self.send(
            self.request(Method::PUT, &format!("/blobs/{id}"))
                .body(bytes),
        )
        .await
        .map(drop)
    }

    /// `GET /blobs/{id}`: downloads a blob and checks that its bytes hash to its name.
    pub async fn get_blob(&self, id: &str) -> Result<Vec<u8>, SyncError> {
        self.resume_blob(id, Vec::new()).await
    }

    /// `POST /blobs/missing`: which of `ids` the server lacks (secretary, before uploading).
    pub async fn missing_blobs(&self, ids: &[String]) -> Result<Vec<String>, SyncError> {
        let answer: MissingBlobs = self
            .post("/blobs/missing", &BlobQuery { ids: ids.to_vec() })
            .await?;
        Ok(answer.missing)
    }

    /// Finishes a blob of which the first `partial.len()` bytes already arrived: asks only
    /// for the rest (`Range: bytes=N-`), then checks the whole against its name. A server
    /// that ignores the range and sends everything is handled too.
    pub async fn resume_blob(&self, id: &str, mut partial: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        self.fetch_blob_into(id, &mut partial).await?;
        Ok(partial)
    }

    /// Like [`Self::resume_blob`], but the bytes land in `buffer` as they arrive, so when the
    /// connection is cut the caller still holds what came and can resume from there. On
    /// [`SyncError::Integrity`] the buffer holds damaged bytes and must be discarded.
    pub async fn fetch_blob_into(&self, id: &str, buffer: &mut Vec<u8>) -> Result<(), SyncError> {
        let mut request = self.request(Method::GET, &format!("/blobs/{id}"));
        if !buffer.is_empty() {
            request = request.header("range", format!("bytes={}-", buffer.len()));
        }
        let mut response = self.send(request).await?;
        if response.status() != StatusCode::PARTIAL_CONTENT {
            buffer.clear();
        }
        loop {
            let piece = response
                .chunk()
                .await
                .map_err(|error| SyncError::Unreachable {
                    url: self.base.clone(),
                    detail: with_causes(&error),
                })?;
            match piece {
                Some(piece) => buffer.extend_from_slice(&piece),
                None => break,
            }
        }
        if phonghop_crypto::sha256_hex(buffer) != id {
            return Err(SyncError::Integrity(id.to_string()));
        }
        Ok(())
    }

    /// `POST /blobs/batch`: several blobs in one answer. Each blob is checked against its
    /// name and handed to `on_blob` as soon as its frame is complete, so when the answer is
    /// cut the blobs already whole are kept; the [`BatchCut`] says why it stopped and holds
    /// the first bytes of the blob it was receiving, to resume with `Range`.
    pub async fn fetch_batch(
        &self,
        ids: &[String],
        mut on_blob: impl FnMut(&str, Vec<u8>),
    ) -> Result<(), BatchCut> {
        let cut = |error, partial| BatchCut { error, partial };
        let request = self
            .request(Method::POST, "/blobs/batch")
            .json(&BlobQuery { ids: ids.to_vec() });
        let mut response = self.send(request).await.map_err(|error| cut(error, None))?;
        let mut pending: Vec<u8> = Vec::new();
        let mut next = 0;
        let mut expected: Option<usize> = None;
        loop {
            // Hand over every frame that is whole.
            loop {
                if expected.is_none() && pending.len() >= 4 {
                    let mut length = [0u8; 4];
                    length.copy_from_slice(&pending[..4]);
                    pending.drain(..4);
                    expected = Some(u32::from_be_bytes(length) as usize);
                }
                match expected {
                    Some(length) if pending.len() >= length => {
                        let Some(id) = ids.get(next) else {
                            return Err(cut(
                                SyncError::BadResponse(
                                    "the batch has more blobs than asked".into(),
                                ),
                                None,
                            ));
                        };
                        let rest = pending.split_off(length);
                        let blob = std::mem::replace(&mut pending, rest);
                        if phonghop_crypto::sha256_hex(&blob) != *id {
                            return Err(cut(SyncError::Integrity(id.clone()), None));
                        }
                        on_blob(id, blob);
                        next += 1;
                        expected = None;
                    }
                    _ => break,
                }
            }
            match response.chunk().await {
                Ok(Some(piece)) => pending.extend_from_slice(&piece),
                Ok(None) => break,
                Err(error) => {
                    let partial = match (expected, ids.get(next)) {
                        (Some(_), Some(id)) if !pending.is_empty() => {
                            Some((id.clone(), std::mem::take(&mut pending)))
                        }
                        _ => None,
                    };
                    let error = SyncError::Unreachable {
                        url: self.base.clone(),
                        detail: with_causes(&error),
                    };
                    return Err(cut(error, partial));
                }
            }
        }
        if next != ids.len() || !pending.is_empty() {
            // Closed early (the server stopped, a proxy gave up): worth trying again.
            let error = SyncError::Unreachable {
                url: self.base.clone(),
                detail: format!("the batch answer ended after {next} of {} blobs", ids.len()),
            };
            return Err(cut(error, None));
        }
        Ok(())
    }

    /// `POST /meetings/{id}/attendance`: records a presence (one's own, or, for the chair
    /// and the secretary, someone else's).
    pub async fn check_in(&self, meeting_id: &str, check_in: &CheckIn) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/meetings/{meeting_id}/attendance"))
                .json(check_in),
        )
        .await
        .map(drop)
    }

    /// `POST /votes/{id}/secret-ballots`: an encrypted ballot; the answer is the receipt.
    pub async fn cast_secret_ballot(
        &self,
        vote_id: &str,
        ballot: &phonghop_domain::wire::CastSecretBallot,
    ) -> Result<phonghop_domain::wire::SecretBallotReceipt, SyncError> {
        self.post(&format!("/votes/{vote_id}/secret-ballots"), ballot)
            .await
    }

    /// `GET /votes/{id}/seat`: this committee member's sealed share.
    pub async fn committee_seat(
        &self,
        vote_id: &str,
    ) -> Result<phonghop_domain::wire::SeatForDevice, SyncError> {
        self.json(self.request(Method::GET, &format!("/votes/{vote_id}/seat")))
            .await
    }

    /// `POST /votes/{id}/partials`: a committee member's partial decryption.
    pub async fn publish_partial(
        &self,
        vote_id: &str,
        partial: &phonghop_domain::wire::PublishPartial,
    ) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/votes/{vote_id}/partials"))
                .json(partial),
        )
        .await
        .map(drop)
    }

    /// `GET /votes/{id}/record`: a secret vote's published record.
    pub async fn secret_record(
        &self,
        vote_id: &str,
    ) -> Result<phonghop_domain::wire::SecretVoteRecord, SyncError> {
        self.json(self.request(Method::GET, &format!("/votes/{vote_id}/record")))
            .await
    }

    /// `POST /meetings/{id}/rsvp`: this member's answer to the invitation.
    pub async fn rsvp(
        &self,
        meeting_id: &str,
        rsvp: &phonghop_domain::wire::Rsvp,
    ) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/meetings/{meeting_id}/rsvp"))
                .json(rsvp),
        )
        .await
        .map(drop)
    }

    /// `POST /meetings/{id}/holdings`: what this device holds of the packet.
    pub async fn holdings(
        &self,
        meeting_id: &str,
        holdings: &phonghop_domain::wire::Holdings,
    ) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/meetings/{meeting_id}/holdings"))
                .json(holdings),
        )
        .await
        .map(drop)
    }

    /// `GET /meetings/{id}/readiness` (secretary, chair): the readiness board.
    pub async fn readiness(
        &self,
        meeting_id: &str,
    ) -> Result<phonghop_domain::wire::Readiness, SyncError> {
        self.json(self.request(Method::GET, &format!("/meetings/{meeting_id}/readiness")))
            .await
    }

    /// `POST /meetings/{id}/annotations`: one sealed, signed annotation write.
    pub async fn post_annotation(
        &self,
        meeting_id: &str,
        record: &phonghop_domain::wire::PostAnnotation,
    ) -> Result<phonghop_domain::wire::AnnotationAccepted, SyncError> {
        self.post(&format!("/meetings/{meeting_id}/annotations"), record)
            .await
    }

    /// `GET /meetings/{id}/annotations?after=N`: records this device may read.
    pub async fn annotations(
        &self,
        meeting_id: &str,
        after: i64,
    ) -> Result<phonghop_domain::wire::AnnotationPage, SyncError> {
        self.json(self.request(
            Method::GET,
            &format!("/meetings/{meeting_id}/annotations?after={after}"),
        ))
        .await
    }

    /// `GET /me/personal-key`.
    pub async fn personal_key(
        &self,
    ) -> Result<phonghop_domain::wire::PersonalKeyStatus, SyncError> {
        self.json(self.request(Method::GET, "/me/personal-key"))
            .await
    }

    /// `PUT /me/personal-key`: the personal key wrapped to some of this member's devices.
    pub async fn put_personal_key(
        &self,
        upload: &phonghop_domain::wire::PersonalKeyUpload,
    ) -> Result<phonghop_domain::wire::PersonalKeyStatus, SyncError> {
        self.json(self.request(Method::PUT, "/me/personal-key").json(upload))
            .await
    }

    /// `POST /meetings/{id}/annotated-exports`: records an export in the audit chain.
    pub async fn record_annotated_export(
        &self,
        meeting_id: &str,
        export: &phonghop_domain::wire::AnnotatedExport,
    ) -> Result<phonghop_domain::wire::ExportRecorded, SyncError> {
        self.post(&format!("/meetings/{meeting_id}/annotated-exports"), export)
            .await
    }

    /// `GET /meetings/{id}/conduct`: the meeting as the chair runs it.
    pub async fn conduct(&self, meeting_id: &str) -> Result<ConductStatus, SyncError> {
        self.json(self.request(Method::GET, &format!("/meetings/{meeting_id}/conduct")))
            .await
    }

    /// `POST /meetings/{id}/conduct` (chair): start, pause, resume, end, open an item.
    pub async fn conduct_action(
        &self,
        meeting_id: &str,
        action: &ConductAction,
    ) -> Result<ConductStatus, SyncError> {
        self.post(&format!("/meetings/{meeting_id}/conduct"), action)
            .await
    }

    /// `POST /meetings/{id}/speakers`: ask to speak or withdraw; the chair grants, finishes,
    /// removes and moves.
    pub async fn speakers_action(
        &self,
        meeting_id: &str,
        action: &SpeakersAction,
    ) -> Result<ConductStatus, SyncError> {
        self.post(&format!("/meetings/{meeting_id}/speakers"), action)
            .await
    }

    /// `GET /meetings/{id}/attendance`: the roster and how many are present.
    pub async fn attendance(&self, meeting_id: &str) -> Result<AttendanceRoster, SyncError> {
        self.json(self.request(Method::GET, &format!("/meetings/{meeting_id}/attendance")))
            .await
    }

    /// `GET /meetings/{id}/audit`: the meeting's audit chain with a signed checkpoint
    /// (check it with [`phonghop_crypto::audit::PublishedLog::verify`]).
    pub async fn audit_log(
        &self,
        meeting_id: &str,
    ) -> Result<phonghop_crypto::audit::PublishedLog, SyncError> {
        self.json(self.request(Method::GET, &format!("/meetings/{meeting_id}/audit")))
            .await
    }

    /// `POST /meetings/{id}/votes`: the chair opens a vote.
    pub async fn open_vote(&self, meeting_id: &str, vote: &OpenVote) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/meetings/{meeting_id}/votes"))
                .json(vote),
        )
        .await
        .map(drop)
    }

    /// `GET /meetings/{id}/votes`: the meeting's votes, with results once closed.
    pub async fn votes(&self, meeting_id: &str) -> Result<Vec<VoteStatus>, SyncError> {
        self.json(self.request(Method::GET, &format!("/meetings/{meeting_id}/votes")))
            .await
    }

    /// `POST /votes/{id}/ballots`: casts a signed ballot; the answer is the signed receipt.
    pub async fn cast_ballot(
        &self,
        vote_id: &str,
        ballot: &CastBallot,
    ) -> Result<BallotReceipt, SyncError> {
        self.post(&format!("/votes/{vote_id}/ballots"), ballot)
            .await
    }

    /// `POST /votes/{id}/close`: the chair closes a vote; the answer is the tally.
    pub async fn close_vote(&self, vote_id: &str) -> Result<Tally, SyncError> {
        self.json(self.request(Method::POST, &format!("/votes/{vote_id}/close")))
            .await
    }

    /// `POST /meetings/{id}/cancel` (secretary).
    pub async fn cancel_meeting(&self, meeting_id: &str) -> Result<(), SyncError> {
        self.send(self.request(Method::POST, &format!("/meetings/{meeting_id}/cancel")))
            .await
            .map(drop)
    }

    /// `POST /meetings/{id}/events`: relays an ephemeral event to the participants.
    pub async fn relay_event(
        &self,
        meeting_id: &str,
        event: &phonghop_domain::wire::MeetingEvent,
    ) -> Result<(), SyncError> {
        self.send(
            self.request(Method::POST, &format!("/meetings/{meeting_id}/events"))
                .json(event),
        )
        .await
        .map(drop)
    }

    /// `POST /admin/users` (administrator token).
    pub async fn admin_add_user(&self, user: &NewUser) -> Result<UserCreated, SyncError> {
        self.post("/admin/users", user).await
    }

    /// `POST /admin/users/{id}/enrollment-code` (administrator token).
    pub async fn admin_enrollment_code(&self, user_id: &str) -> Result<EnrollmentCode, SyncError> {
        self.json(self.request(
            Method::POST,
            &format!("/admin/users/{user_id}/enrollment-code"),
        ))
        .await
    }

    /// `GET /admin/devices/pending` (administrator token).
    pub async fn admin_pending_devices(&self) -> Result<Vec<PendingDevice>, SyncError> {
        self.json(self.request(Method::GET, "/admin/devices/pending"))
            .await
    }

    /// `PUT /admin/devices/{id}/certificate` (administrator token).
    pub async fn admin_certify_device(
        &self,
        device_id: &str,
        certificate: &CertifyDevice,
    ) -> Result<(), SyncError> {
        self.send(
            self.request(
                Method::PUT,
                &format!("/admin/devices/{device_id}/certificate"),
            )
            .json(certificate),
        )
        .await
        .map(drop)
    }

    /// `GET /admin/users` (administrator token).
    pub async fn admin_users(&self) -> Result<Vec<UserSummary>, SyncError> {
        self.json(self.request(Method::GET, "/admin/users")).await
    }

    /// `POST /admin/users/{id}/disable` or `/enable` (administrator token).
    pub async fn admin_set_user_disabled(
        &self,
        user_id: &str,
        disabled: bool,
    ) -> Result<(), SyncError> {
        let action = if disabled { "disable" } else { "enable" };
        self.send(self.request(Method::POST, &format!("/admin/users/{user_id}/{action}")))
            .await
            .map(drop)
    }

    /// `GET /admin/devices` (administrator token).
    pub async fn admin_devices(&self) -> Result<Vec<DeviceSummary>, SyncError> {
        self.json(self.request(Method::GET, "/admin/devices")).await
    }

    /// `POST /admin/devices/{id}/revoke` (administrator token).
    pub async fn admin_revoke_device(&self, device_id: &str) -> Result<(), SyncError> {
        self.send(self.request(Method::POST, &format!("/admin/devices/{device_id}/revoke")))
            .await
            .map(drop)
    }

    /// `GET /feed?after=N&limit=M`: a page of this person's change feed.
    pub async fn feed(&self, after: i64, limit: usize) -> Result<FeedPage, SyncError> {
        self.json(self.request(Method::GET, &format!("/feed?after={after}&limit={limit}")))
            .await
    }

    /// `GET /feed/live?after=N` as a WebSocket: the records after `N`, then live ones.
    pub async fn live_feed(&self, after: i64) -> Result<LiveFeed, SyncError> {
        let token = self.token.as_deref().ok_or(SyncError::Unauthorized)?;
        let base = if let Some(rest) = self.base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = self.base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            return Err(SyncError::BadUrl(self.base.clone()));
        };
        LiveFeed::connect(
            &format!("{base}{API_PREFIX}/feed/live?after={after}"),
            token,
            self.tls.clone(),
        )
        .await
    }

    /// `GET /organisation`: the organisation's name and root key (no credentials).
    pub async fn organisation(&self) -> Result<Organisation, SyncError> {
        self.json(self.request(Method::GET, "/organisation")).await
    }

    /// `POST /enroll`: registers this device's public keys with a one-time code.
    pub async fn enroll(&self, request: &Enroll) -> Result<Enrolled, SyncError> {
        self.post("/enroll", request).await
    }

    /// `POST /session/challenge`: asks for a challenge to sign.
    pub async fn challenge(&self, device_id: &str) -> Result<Challenge, SyncError> {
        self.post(
            "/session/challenge",
            &ChallengeRequest {
                device_id: device_id.into(),
            },
        )
        .await
    }

    /// `POST /session`: trades a signed challenge for a short-lived token.
    pub async fn login(&self, login: &Login) -> Result<SessionToken, SyncError> {
        self.post("/session", login).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_addresses_that_are_not_http() {
        assert_eq!(
            ServerClient::new("ftp://x").unwrap_err().code(),
            "sync.bad_url"
        );
        let client = ServerClient::new("http://127.0.0.1:9/").unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
    }

    #[tokio::test]
    async fn a_closed_port_is_reported_as_unreachable() {
        // Bind then drop a listener so the port is known to be closed.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let client = ServerClient::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let error = client.health().await.unwrap_err();
        assert_eq!(error.code(), "sync.unreachable");
    }
}
