//! Secret ballots (bỏ phiếu kín): the chair's device opens the vote with the committee's
//! threshold key; members send encrypted ballots whose proofs and device signatures the
//! server checks; after the close the committee members publish partial decryptions of the
//! encrypted sum, each checked; when k of them are in, the server combines them into counts
//! and the result under the body's rule. No ballot is ever decrypted, and anyone can check
//! the published record (`GET /votes/{id}/record`) with `phonghop-cli verify`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_ballot::{BallotContext, ElectionKey, EncryptedBallot, PartialDecryption, SecretKind};
use phonghop_domain::ErrorBody;
use phonghop_domain::vote::{Counted, Turnout, VoteKind, decide};
use phonghop_domain::wire::{
    CastSecretBallot, CommitteeSeat, OpenVote, PublishPartial, SeatForDevice, SecretBallotReceipt,
    SecretSetup, SecretVoteRecord,
};

use super::must_take_part;
use crate::audit::now_ms;
use crate::auth::DeviceCaller;
use crate::db::{SecretParameters, SecretVote};
use crate::{ApiError, AppState};

/// Largest encrypted ballot accepted (50 options with proofs fit well within it).
const MAX_BALLOT_BYTES: usize = 512 * 1024;

/// The secret kind a vote of `kind` is run as.
pub fn secret_kind(kind: VoteKind) -> SecretKind {
    match kind {
        VoteKind::Motion | VoteKind::Options => SecretKind::OneOf,
        VoteKind::Election { seats } => SecretKind::UpTo { max: seats },
        VoteKind::Confidence => SecretKind::Ratings { levels: 3 },
    }
}

/// What every proof of `vote_id` is bound to.
pub fn context_of(
    organisation: &str,
    vote_id: &str,
    vote: &SecretVote,
) -> Result<BallotContext, ApiError> {
    Ok(BallotContext {
        organisation: organisation.to_owned(),
        meeting_id: vote.meeting_id.clone(),
        vote_id: vote_id.to_owned(),
        kind: secret_kind(vote.kind),
        options: vote.options,
        labels_hash: labels_hash(&vote.parameters.labels_hash)?,
    })
}

fn labels_hash(text: &str) -> Result<[u8; 32], ApiError> {
    hex::decode(text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("vote.bad_secret", "labels_hash is 32 bytes of hex"))
}

fn election_key(text: &str) -> Result<ElectionKey, ApiError> {
    serde_json::from_str(text)
        .map_err(|_| ApiError::bad_request("vote.bad_secret", "the election key cannot be read"))
}

/// Checks a secret vote's setup when it is opened: a readable key whose number of shares
/// is the committee's, seats 1..=n each for a participant, no ballot changes.
pub(super) fn check_setup(
    state: &AppState,
    meeting_id: &str,
    request: &OpenVote,
    setup: &SecretSetup,
) -> Result<(SecretParameters, Vec<CommitteeSeat>), ApiError> {
    let refused = |message: &str| ApiError::bad_request("vote.bad_secret", message.to_owned());
    if request.allow_change {
        return Err(refused("a secret ballot cannot be changed once cast"));
    }
    let key = election_key(&setup.election_key)?;
    labels_hash(&setup.labels_hash)?;
    let seats = u32::try_from(setup.committee.len()).unwrap_or(u32::MAX);
    if key.participants() != seats || key.threshold() == 0 || key.threshold() > seats {
        return Err(refused(
            "the committee's seats do not match the key's shares",
        ));
    }
    let participants = state.db.meeting_participants(meeting_id)?;
    for (position, seat) in setup.committee.iter().enumerate() {
        if usize::try_from(seat.index).ok() != Some(position + 1) {
            return Err(refused("seats are numbered 1 to n in order"));
        }
        if !participants.contains(&seat.user_id) {
            return Err(refused("every committee member takes part in the meeting"));
        }
        if seat.envelopes.is_empty() {
            return Err(refused("every seat's share is wrapped to a device"));
        }
    }
    Ok((
        SecretParameters {
            election_key: setup.election_key.clone(),
            labels_hash: setup.labels_hash.clone(),
            threshold: key.threshold(),
        },
        setup.committee.clone(),
    ))
}

fn secret_vote(state: &AppState, vote_id: &str) -> Result<SecretVote, ApiError> {
    state
        .db
        .secret_vote(vote_id)?
        .ok_or_else(|| ApiError::bad_request("vote.not_secret", "this vote is open, not secret"))
}

#[utoipa::path(
    post,
    path = "/api/v1/votes/{id}/secret-ballots",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    request_body = CastSecretBallot,
    responses(
        (status = 200, description = "Recorded; the server's signed receipt of the ballot's hash", body = SecretBallotReceipt),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn cast(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
    Json(request): Json<CastSecretBallot>,
) -> Result<Json<SecretBallotReceipt>, ApiError> {
    if !caller.role.may_vote() {
        return Err(ApiError::forbidden("guests and administrators do not vote"));
    }
    if request.ballot.len() > MAX_BALLOT_BYTES {
        return Err(ApiError::bad_request(
            "vote.bad_ballot",
            "a ballot has at most 512 KiB",
        ));
    }
    let vote = secret_vote(&state, &vote_id)?;
    must_take_part(&state, &caller, &vote.meeting_id)?;
    let context = context_of(&state.db.organisation_name()?, &vote_id, &vote)?;
    let key = election_key(&vote.parameters.election_key)?;
    let ballot: EncryptedBallot = serde_json::from_str(&request.ballot)
        .map_err(|_| ApiError::bad_request("vote.bad_ballot", "the ballot cannot be read"))?;
    let device_key = super::votes::device_signing_key(&state, &caller.device_id)?;
    let hash = phonghop_ballot::ballot_hash(&ballot);
    let signature = hex::decode(&request.signature)
        .map_err(|_| ApiError::bad_request("vote.bad_signature", "the signature is not hex"))?;
    let statement = phonghop_ballot::ballot_statement(&context, &caller.device_id, &hash);
    if !phonghop_crypto::verify_signature(&device_key, &statement, &signature) {
        return Err(ApiError::bad_request(
            "vote.bad_signature",
            "the ballot is not signed by this device's key",
        ));
    }
    phonghop_ballot::verify_ballot(&context, &key, &device_key, &ballot).map_err(|error| {
        ApiError::bad_request(
            "vote.bad_proof",
            format!("the ballot's proofs fail: {error}"),
        )
    })?;
    let recorded = state.db.cast_secret_ballot(
        &vote_id,
        &caller.user_id,
        &caller.device_id,
        &request.ballot,
        &hash,
        &phonghop_ballot::ciphertext_fingerprints(&ballot),
        &signature,
        now_ms(),
    )?;
    super::votes::announce_ballots(&state, &vote_id, vote.meeting_id.clone());
    let receipt = phonghop_crypto::Canonical::new("secret-ballot-receipt/v1")
        .str(&vote_id)
        .str(&caller.device_id)
        .bytes(&hash)
        .u64(recorded.received_at_ms)
        .u64(recorded.audit_seq);
    Ok(Json(SecretBallotReceipt {
        vote_id,
        device_id: caller.device_id,
        ballot_hash: hex::encode(hash),
        received_at_ms: recorded.received_at_ms,
        audit_seq: recorded.audit_seq,
        server_signature: hex::encode(state.signer.sign(&receipt)),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/votes/{id}/seat",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    responses(
        (status = 200, description = "The calling committee member's sealed key share", body = SeatForDevice),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn seat(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
) -> Result<Json<SeatForDevice>, ApiError> {
    let vote = secret_vote(&state, &vote_id)?;
    must_take_part(&state, &caller, &vote.meeting_id)?;
    let seat = state
        .db
        .committee_seat(&vote_id, &caller.user_id, &caller.device_id)?
        .ok_or_else(|| ApiError::forbidden("only the vote's counting committee holds shares"))?;
    let dealer = state
        .db
        .directory_entry(&seat.dealer_device_id)?
        .ok_or_else(|| ApiError::internal("the device that opened the vote is not on record"))?;
    Ok(Json(SeatForDevice {
        index: seat.index,
        sealed_share: base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            seat.sealed_share,
        ),
        envelope: seat.envelope,
        dealer,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/votes/{id}/partials",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    request_body = PublishPartial,
    responses(
        (status = 204, description = "Checked and recorded; the result follows once k are in"),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn publish_partial(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
    Json(request): Json<PublishPartial>,
) -> Result<StatusCode, ApiError> {
    let vote = secret_vote(&state, &vote_id)?;
    must_take_part(&state, &caller, &vote.meeting_id)?;
    if !vote.closed {
        return Err(ApiError::conflict(
            "vote.still_open",
            "the tally is opened only after the vote closes",
        ));
    }
    let index = state
        .db
        .committee_seat(&vote_id, &caller.user_id, &caller.device_id)?
        .ok_or_else(|| ApiError::forbidden("only the vote's counting committee decrypts"))?
        .index;
    let partial: PartialDecryption = serde_json::from_str(&request.partial)
        .map_err(|_| ApiError::bad_request("vote.bad_partial", "the partial cannot be read"))?;
    if partial.index != index {
        return Err(ApiError::bad_request(
            "vote.bad_partial",
            "the partial is for another seat",
        ));
    }
    let record = state.db.secret_record(&vote_id)?;
    let context = context_of(&record.organisation, &vote_id, &vote)?;
    let key = election_key(&vote.parameters.election_key)?;
    let tally = encrypted_tally(&context, &record)?;
    phonghop_ballot::verify_partial(&context, &key, &tally, &partial).map_err(|error| {
        ApiError::bad_request(
            "vote.bad_partial",
            format!("the partial's proofs fail: {error}"),
        )
    })?;
    let published =
        state
            .db
            .publish_partial(&vote_id, index, &caller.user_id, &request.partial, now_ms())?;
    if published >= vote.parameters.threshold && !vote.counted {
        count(
            &state, &vote_id, &vote, &context, &key, &tally, &record, partial,
        )?;
    }
    Ok(StatusCode::NO_CONTENT)
}

fn encrypted_tally(
    context: &BallotContext,
    record: &SecretVoteRecord,
) -> Result<phonghop_ballot::EncryptedTally, ApiError> {
    let ballots = record
        .ballots
        .iter()
        .map(|ballot| serde_json::from_str::<EncryptedBallot>(&ballot.ballot))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    phonghop_ballot::tally(context, &ballots)
        .map_err(|error| ApiError::internal(format!("the ballots do not add up: {error}")))
}

/// Combines the partials published before this request (`record`, read to check it) and
/// this request's `partial` into counts, decides under the vote's rule, and records it. A
/// partial published meanwhile by another member but missing here only means that request
/// does the counting.
#[allow(clippy::too_many_arguments)]
fn count(
    state: &AppState,
    vote_id: &str,
    vote: &SecretVote,
    context: &BallotContext,
    key: &ElectionKey,
    tally: &phonghop_ballot::EncryptedTally,
    record: &SecretVoteRecord,
    partial: PartialDecryption,
) -> Result<(), ApiError> {
    let mut partials = record
        .partials
        .iter()
        .map(|text| serde_json::from_str::<PartialDecryption>(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    partials.push(partial);
    if partials.len() < vote.parameters.threshold as usize {
        return Ok(());
    }
    let cast = u32::try_from(record.ballots.len()).unwrap_or(u32::MAX);
    let counts = phonghop_ballot::combine(context, key, tally, &partials, cast)
        .map_err(|error| ApiError::internal(format!("the partials do not combine: {error}")))?;
    let counted = match vote.kind {
        VoteKind::Confidence => Counted {
            cast,
            counts: vec![cast; vote.options as usize],
            levels: counts
                .chunks(3)
                .map(|level| [level[0], level[1], level[2]])
                .collect(),
        },
        _ => Counted {
            cast,
            counts: counts.clone(),
            levels: Vec::new(),
        },
    };
    let (eligible, present) = state.db.turnout_at_close(vote_id)?;
    let rule = state.db.vote_rule(vote_id)?;
    let result = decide(vote.kind, rule, Turnout { eligible, present }, counted);
    let live = state.live.clone();
    state
        .db
        .record_count(vote_id, &counts, &result, &|records| live.announce(records))?;
    Ok(())
}

#[utoipa::path(
    get,
    path = "/api/v1/votes/{id}/record",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    responses(
        (status = 200, description = "The secret vote's published record", body = SecretVoteRecord),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn record(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
) -> Result<Json<SecretVoteRecord>, ApiError> {
    let vote = secret_vote(&state, &vote_id)?;
    must_take_part(&state, &caller, &vote.meeting_id)?;
    Ok(Json(state.db.secret_record(&vote_id)?))
}
