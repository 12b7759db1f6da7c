//! Open votes through the real server: the chair opens, members cast signed ballots and
//! get signed receipts, the server's clock and log decide, and the result follows the law's
//! rule (more than half of ALL members). Forged, repeated and late ballots are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use base64::Engine;
use phonghop_crypto::ballot::{ballot_statement, receipt_statement};
use phonghop_domain::tally::Threshold;
use phonghop_domain::vote::{VoteBase, VoteRule};
use phonghop_domain::wire::{CastBallot, FeedKind, OpenVote, VoteState};
use phonghop_sync::SyncError;
use phonghop_tests::SeededWorld;

fn code_of(result: Result<impl std::fmt::Debug, SyncError>) -> (u16, String) {
    match result {
        Err(SyncError::Server { status, body }) => (status, body.code),
        Err(SyncError::Forbidden(message)) => (403, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn new_vote(rule: VoteRule, closes_at_ms: Option<u64>) -> OpenVote {
    OpenVote {
        vote_id: uuid::Uuid::new_v4().to_string(),
        sealed_question: base64::engine::general_purpose::STANDARD.encode(b"sealed question bytes"),
        options: 3,
        rule,
        closes_at_ms,
        kind: Default::default(),
        allow_change: false,
        secret: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vote_passes_only_with_more_than_half_of_all_members_and_bad_ballots_are_refused() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let (chair, members) = world.council().await.unwrap();

    // Only the chair opens a vote.
    let first = new_vote(VoteRule::RESOLUTION, None);
    assert!(matches!(
        members[0].client.open_vote(&meeting, &first).await,
        Err(SyncError::Forbidden(_))
    ));
    chair.client.open_vote(&meeting, &first).await.unwrap();
    let status = &chair.client.votes(&meeting).await.unwrap()[0];
    let eligible = status.eligible;
    assert_eq!(status.state, VoteState::Open);
    assert!(
        eligible >= 13,
        "chair, secretary and the members: {eligible}"
    );
    let needed = eligible / 2 + 1;

    // Members approve until exactly the number needed; each gets a receipt the server signed.
    let log = members[0].client.audit_log(&meeting).await.unwrap();
    let server_key: [u8; 32] = hex::decode(&log.server_key).unwrap().try_into().unwrap();
    let mut approvals = 0;
    for voter in members.iter().take(needed as usize - 1) {
        let receipt = voter.vote(&meeting, &first.vote_id, 0).await.unwrap();
        let statement = receipt_statement(
            &receipt.vote_id,
            &receipt.device_id,
            &receipt.choices,
            &hex::decode(&voter.sign(&meeting, &first.vote_id, 0).signature).unwrap(),
            receipt.received_at_ms,
            receipt.audit_seq,
        );
        let signature = hex::decode(&receipt.server_signature).unwrap();
        phonghop_crypto::verify_record(&server_key, &statement, &signature).unwrap();
        approvals += 1;
    }
    chair.vote(&meeting, &first.vote_id, 0).await.unwrap();
    approvals += 1;
    assert_eq!(approvals, needed);

    // Refused: a second ballot, a forged one, one signed for another choice, and a choice
    // out of range.
    let late_voter = &members[11];
    assert_eq!(
        code_of(members[0].vote(&meeting, &first.vote_id, 1).await),
        (409, "vote.already_voted".into())
    );
    let impostor = phonghop_crypto::SigningSecret::generate().unwrap();
    let config = &late_voter.app.profile().config;
    let forged = CastBallot {
        choices: vec![0],
        signature: hex::encode(impostor.sign_record(&ballot_statement(
            &config.organisation,
            &meeting,
            &first.vote_id,
            &config.device_id,
            &[0],
        ))),
    };
    assert_eq!(
        code_of(late_voter.client.cast_ballot(&first.vote_id, &forged).await),
        (400, "vote.bad_signature".into())
    );
    let mut switched = late_voter.sign(&meeting, &first.vote_id, 0);
    switched.choices = vec![1];
    assert_eq!(
        code_of(
            late_voter
                .client
                .cast_ballot(&first.vote_id, &switched)
                .await
        ),
        (400, "vote.bad_signature".into())
    );
    assert_eq!(
        code_of(late_voter.vote(&meeting, &first.vote_id, 7).await),
        (400, "vote.bad_choice".into())
    );

    // While open, everyone sees how many voted but not who chose what.
    let open = &late_voter.client.votes(&meeting).await.unwrap()[0];
    assert_eq!((open.ballots, open.result.clone()), (needed, None));
    assert!(open.named_ballots.is_empty());
    assert!(matches!(
        members[1].client.close_vote(&first.vote_id).await,
        Err(SyncError::Forbidden(_))
    ));
    let result = chair.client.close_vote(&first.vote_id).await.unwrap();
    assert!(result.passed, "{result:?}");
    assert_eq!(
        (result.counts[0], result.base, result.needed),
        (needed, eligible, needed)
    );
    assert_eq!(
        code_of(late_voter.vote(&meeting, &first.vote_id, 0).await),
        (409, "vote.closed".into())
    );
    let closed = &late_voter.client.votes(&meeting).await.unwrap()[0];
    assert_eq!(closed.state, VoteState::Closed);
    assert_eq!(closed.named_ballots.len() as u32, needed);
    assert!(
        closed
            .named_ballots
            .iter()
            .any(|b| b.display_name == "Trần Quốc Hùng")
    );

    // Most of those voting approve, but not more than half of all members: it fails.
    let second = new_vote(VoteRule::RESOLUTION, None);
    chair.client.open_vote(&meeting, &second).await.unwrap();
    for voter in members.iter().take(needed as usize - 1) {
        voter.vote(&meeting, &second.vote_id, 0).await.unwrap();
    }
    members[11]
        .vote(&meeting, &second.vote_id, 1)
        .await
        .unwrap();
    let result = chair.client.close_vote(&second.vote_id).await.unwrap();
    assert!(!result.passed, "{result:?}");
    assert!(result.counts[0] > result.counts[1]);

    // Two thirds of all members, with a deadline by the server's clock.
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        + 1500;
    let third = new_vote(
        VoteRule {
            base: VoteBase::AllMembers,
            threshold: Threshold::AtLeastTwoThirds,
            quorum: None,
        },
        Some(deadline),
    );
    chair.client.open_vote(&meeting, &third).await.unwrap();
    members[0].vote(&meeting, &third.vote_id, 0).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(
        code_of(members[1].vote(&meeting, &third.vote_id, 0).await),
        (409, "vote.closed".into())
    );
    // The server closed it at the deadline; the chair's close comes too late.
    assert_eq!(
        code_of(chair.client.close_vote(&third.vote_id).await),
        (409, "vote.closed".into())
    );
    let result = chair
        .client
        .votes(&meeting)
        .await
        .unwrap()
        .into_iter()
        .find(|vote| vote.vote_id == third.vote_id)
        .and_then(|vote| vote.result)
        .unwrap();
    assert_eq!((result.cast, result.passed), (1, false));

    // The feed told members, and the audit chain holds every step and still verifies.
    let feed = members[5].client.feed(0, 100).await.unwrap();
    let opened = feed
        .records
        .iter()
        .filter(|r| r.kind == FeedKind::VoteOpened)
        .count();
    let closed = feed
        .records
        .iter()
        .filter(|r| r.kind == FeedKind::VoteClosed)
        .count();
    assert_eq!((opened, closed), (3, 3));
    let log = members[5].client.audit_log(&meeting).await.unwrap();
    let anchor =
        phonghop_crypto::TrustAnchor::from_hex(&members[5].app.profile().config.root_public_key)
            .unwrap();
    log.verify(
        &anchor,
        &members[5].app.profile().config.organisation,
        &meeting,
    )
    .unwrap();
    let casts = log
        .entries
        .iter()
        .filter(|e| e.kind == "ballot.cast")
        .count();
    assert_eq!(casts as u32, needed + needed + 1);
    assert_eq!(
        log.entries
            .iter()
            .filter(|e| e.kind == "vote.closed")
            .count(),
        3
    );
}

fn new_app_vote(
    kind: phonghop_domain::vote::VoteKind,
    options: &[&str],
    allow_change: bool,
) -> phonghop_core::votes::NewVote {
    phonghop_core::votes::NewVote {
        question: "Lấy ý kiến".into(),
        kind,
        options: options.iter().map(|label| (*label).to_owned()).collect(),
        base: VoteBase::AllMembers,
        threshold: phonghop_core::votes::ThresholdChoice::MoreThanHalf,
        check_quorum: false,
        closes_in_secs: None,
        allow_change,
        item: None,
        secret: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ballot_is_changed_only_where_the_vote_allows_and_a_confidence_vote_rates_each_person() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let (chair, members) = world.council().await.unwrap();
    for voter in std::iter::once(&chair).chain(&members) {
        voter.app.sync_now().await.unwrap();
    }
    let motion = phonghop_domain::vote::VoteKind::Motion;

    // Changeable: the latest ballot counts, and both are in the audit chain.
    let changeable = chair
        .app
        .open_vote(&meeting, &new_app_vote(motion, &[], true))
        .await
        .unwrap();
    assert!(changeable.allow_change);
    let voter = &members[0].app;
    voter
        .cast_ballot(&meeting, &changeable.vote_id, &[1])
        .await
        .unwrap();
    voter
        .cast_ballot(&meeting, &changeable.vote_id, &[0])
        .await
        .unwrap();
    let seen = voter
        .vote_view(&meeting, &changeable.vote_id)
        .await
        .unwrap();
    assert_eq!((seen.ballots, seen.my_choices.clone()), (1, Some(vec![0])));
    let result = chair
        .app
        .close_vote(&meeting, &changeable.vote_id)
        .await
        .unwrap()
        .result
        .unwrap();
    assert_eq!(result.counts, vec![1, 0, 0]);
    let log = members[0].client.audit_log(&meeting).await.unwrap();
    let kinds: Vec<&str> = log
        .entries
        .iter()
        .map(|entry| entry.kind.as_str())
        .collect();
    assert!(kinds.contains(&"ballot.changed"), "{kinds:?}");

    // Not changeable: the second is refused.
    let fixed = chair
        .app
        .open_vote(&meeting, &new_app_vote(motion, &[], false))
        .await
        .unwrap();
    voter
        .cast_ballot(&meeting, &fixed.vote_id, &[1])
        .await
        .unwrap();
    let again = voter
        .cast_ballot(&meeting, &fixed.vote_id, &[0])
        .await
        .unwrap_err();
    assert_eq!(again.to_body().code, "vote.already_voted");

    // A confidence vote: each ballot rates both people; the screens are told it is open.
    let confidence = chair
        .app
        .open_vote(
            &meeting,
            &new_app_vote(
                phonghop_domain::vote::VoteKind::Confidence,
                &["Ông Nguyễn Văn A", "Bà Trần Thị B"],
                false,
            ),
        )
        .await
        .unwrap();
    assert!(confidence.open_although_secret_by_law);
    let partial = members[1]
        .app
        .cast_ballot(&meeting, &confidence.vote_id, &[0])
        .await
        .unwrap_err();
    assert_eq!(
        partial.to_body().code,
        "vote.bad_choice",
        "every person is rated"
    );
    for (index, voter) in members.iter().enumerate().take(9) {
        let low_for_first = if index < 8 { 2 } else { 1 };
        voter
            .app
            .cast_ballot(&meeting, &confidence.vote_id, &[low_for_first, 0])
            .await
            .unwrap();
    }
    let result = chair
        .app
        .close_vote(&meeting, &confidence.vote_id)
        .await
        .unwrap()
        .result
        .unwrap();
    let eligible = result.eligible;
    let (first, second) = (result.ratings[0], result.ratings[1]);
    assert_eq!((first.high, first.ordinary, first.low), (0, 1, 8));
    assert_eq!(first.low_over_half, 8 * 2 > eligible, "8 of {eligible}");
    assert_eq!((second.high, second.low), (9, 0));
    assert!(!second.low_over_half && !result.passed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vote_with_a_timer_closes_itself_at_the_deadline_by_the_server_s_clock() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let (chair, members) = world.council().await.unwrap();
    chair.app.sync_now().await.unwrap();
    let mut timed = new_app_vote(phonghop_domain::vote::VoteKind::Motion, &[], false);
    timed.closes_in_secs = Some(1);
    let vote = chair.app.open_vote(&meeting, &timed).await.unwrap();
    let mut feed = phonghop_tests::caught_up_feed(&members[1].app)
        .await
        .unwrap();
    members[0].vote(&meeting, &vote.vote_id, 0).await.unwrap();

    // Nobody closes it: the server does, and every participant's feed hears the result.
    loop {
        if let phonghop_domain::wire::LiveMessage::Record { record } =
            phonghop_tests::next_live(&mut feed).await.unwrap()
            && record.kind == FeedKind::VoteClosed
        {
            assert_eq!(record.vote_id.as_deref(), Some(vote.vote_id.as_str()));
            break;
        }
    }
    let closed = chair.app.vote_view(&meeting, &vote.vote_id).await.unwrap();
    assert_eq!(closed.state, VoteState::Closed);
    assert_eq!(closed.result.unwrap().counts, vec![1, 0, 0]);
    assert_eq!(
        code_of(members[2].vote(&meeting, &vote.vote_id, 0).await),
        (409, "vote.closed".into())
    );
}
