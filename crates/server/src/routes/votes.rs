//! Open votes: the chair opens and closes them, members cast signed ballots and get signed
//! receipts, participants read the state and, once closed, the result with names.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use phonghop_domain::ErrorBody;
use phonghop_domain::Role;
use phonghop_domain::vote::{MAX_OPTIONS, Tally};
use phonghop_domain::wire::{BallotReceipt, CastBallot, LiveMessage, OpenVote, VoteStatus};

use super::{decode, must_take_part};
use crate::audit::now_ms;
use crate::auth::DeviceCaller;
use crate::db::{DeviceIdentity, NewVote};
use crate::{ApiError, AppState};

/// Event kind participants hear when ballots arrived (the live count changed).
pub const BALLOTS_EVENT: &str = "votes.changed";
/// Ballots arriving within this window are announced once.
const BALLOT_NEWS_WINDOW: std::time::Duration = std::time::Duration::from_millis(500);

/// The Ed25519 key a device signs its ballots with, as enrolled.
pub(super) fn device_signing_key(state: &AppState, device_id: &str) -> Result<[u8; 32], ApiError> {
    state
        .db
        .signing_key_of(device_id)?
        .and_then(|text| hex::decode(text).ok())
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| ApiError::internal("the device's signing key is not on record"))
}

/// Tells the meeting's participants, at most twice a second per vote, that the live count of
/// `vote_id` changed (the audience is looked up once per signal, not once per ballot).
pub(super) fn announce_ballots(state: &AppState, vote_id: &str, meeting_id: String) {
    let db = std::sync::Arc::clone(&state.db);
    state
        .live
        .relay_coalesced(vote_id.to_owned(), BALLOT_NEWS_WINDOW, move || {
            let people = db.meeting_participants(&meeting_id).ok()?;
            let event = LiveMessage::Event {
                meeting_id,
                from_device_id: String::new(),
                kind: BALLOTS_EVENT.into(),
                sealed: String::new(),
            };
            Some((event, people))
        });
}

/// Largest sealed question accepted.
const MAX_QUESTION_BYTES: usize = 64 * 1024;

fn must_chair(caller: &DeviceIdentity) -> Result<(), ApiError> {
    if caller.role == Role::Chair {
        Ok(())
    } else {
        Err(ApiError::forbidden("only the chair opens and closes votes"))
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/votes",
    tag = "votes",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = OpenVote,
    responses(
        (status = 201, description = "Opened"),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn open(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
    Json(request): Json<OpenVote>,
) -> Result<StatusCode, ApiError> {
    must_chair(&caller)?;
    must_take_part(&state, &caller, &meeting_id)?;
    if uuid::Uuid::parse_str(&request.vote_id).is_err() {
        return Err(ApiError::bad_request("vote.bad_id", "a vote id is a UUID"));
    }
    if request.options > MAX_OPTIONS {
        return Err(ApiError::bad_request(
            "vote.bad_options",
            format!("a vote has at most {MAX_OPTIONS} options"),
        ));
    }
    request
        .kind
        .check_options(request.options)
        .map_err(|shape| ApiError::bad_request("vote.bad_options", shape.to_string()))?;
    let sealed = decode("sealed_question", &request.sealed_question)?;
    if sealed.is_empty() || sealed.len() > MAX_QUESTION_BYTES {
        return Err(ApiError::bad_request(
            "vote.bad_question",
            "the sealed question has 1 byte to 64 KiB",
        ));
    }
    let now = now_ms();
    if request.closes_at_ms.is_some_and(|deadline| deadline <= now) {
        return Err(ApiError::bad_request(
            "vote.bad_deadline",
            "the deadline is already past by the server's clock",
        ));
    }
    let secret = match &request.secret {
        Some(setup) => Some(super::secret_votes::check_setup(
            &state,
            &meeting_id,
            &request,
            setup,
        )?),
        None => None,
    };
    let live = state.live.clone();
    state.db.open_vote(
        &NewVote {
            vote_id: &request.vote_id,
            meeting_id: &meeting_id,
            sealed_question: &sealed,
            options: request.options,
            rule: request.rule,
            kind: request.kind,
            allow_change: request.allow_change,
            secret: secret
                .as_ref()
                .map(|(parameters, committee)| (parameters, committee.as_slice())),
            closes_at_ms: request.closes_at_ms,
            opened_by: &caller.device_id,
            now_ms: now,
        },
        &|records| live.announce(records),
    )?;
    if let Some(deadline) = request.closes_at_ms {
        crate::deadlines::close_at_deadline(&state, request.vote_id.clone(), deadline);
    }
    Ok(StatusCode::CREATED)
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/votes",
    tag = "votes",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The meeting's votes", body = Vec<VoteStatus>),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn list(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<VoteStatus>>, ApiError> {
    must_take_part(&state, &caller, &meeting_id)?;
    Ok(Json(state.db.meeting_votes(&meeting_id)?))
}

#[utoipa::path(
    post,
    path = "/api/v1/votes/{id}/ballots",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    request_body = CastBallot,
    responses(
        (status = 200, description = "Recorded; the server's signed receipt", body = BallotReceipt),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn cast(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
    Json(ballot): Json<CastBallot>,
) -> Result<Json<BallotReceipt>, ApiError> {
    if !caller.role.may_vote() {
        return Err(ApiError::forbidden("guests and administrators do not vote"));
    }
    let meeting_id = state
        .db
        .vote_meeting(&vote_id)?
        .ok_or_else(|| ApiError::not_found(format!("no vote {vote_id}")))?;
    must_take_part(&state, &caller, &meeting_id)?;
    let bad_signature = || {
        ApiError::bad_request(
            "vote.bad_signature",
            "the ballot is not signed by this device's key",
        )
    };
    let signature = hex::decode(&ballot.signature).map_err(|_| bad_signature())?;
    let key = device_signing_key(&state, &caller.device_id)?;
    let statement = phonghop_crypto::ballot::ballot_statement(
        &state.db.organisation_name()?,
        &meeting_id,
        &vote_id,
        &caller.device_id,
        &ballot.choices,
    );
    phonghop_crypto::verify_record(&key, &statement, &signature).map_err(|_| bad_signature())?;
    let recorded = state.db.cast_ballot(
        &vote_id,
        &caller.user_id,
        &caller.device_id,
        &ballot.choices,
        &signature,
        now_ms(),
    )?;
    let receipt = phonghop_crypto::ballot::receipt_statement(
        &vote_id,
        &caller.device_id,
        &ballot.choices,
        &signature,
        recorded.received_at_ms,
        recorded.audit_seq,
    );
    announce_ballots(&state, &vote_id, meeting_id);
    Ok(Json(BallotReceipt {
        vote_id,
        device_id: caller.device_id,
        choices: ballot.choices,
        received_at_ms: recorded.received_at_ms,
        audit_seq: recorded.audit_seq,
        server_signature: hex::encode(state.signer.sign(&receipt)),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/votes/{id}/close",
    tag = "votes",
    params(("id" = String, Path, description = "Vote id")),
    responses(
        (status = 200, description = "Closed; the tally", body = Tally),
        (status = "default", description = "Refused: a JSON error with a stable code", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub(super) async fn close(
    DeviceCaller(caller): DeviceCaller,
    State(state): State<AppState>,
    Path(vote_id): Path<String>,
) -> Result<Json<Tally>, ApiError> {
    must_chair(&caller)?;
    let meeting_id = state
        .db
        .vote_meeting(&vote_id)?
        .ok_or_else(|| ApiError::not_found(format!("no vote {vote_id}")))?;
    must_take_part(&state, &caller, &meeting_id)?;
    let live = state.live.clone();
    let result = state
        .db
        .close_vote(&vote_id, now_ms(), &|records| live.announce(records))?;
    Ok(Json(result))
}
