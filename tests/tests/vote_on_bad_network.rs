//! Votes on a bad network (issue 8): a member whose link drops during a vote signs the
//! ballot anyway; it waits on their computer and is sent when the link comes back, counted
//! if the vote is still open by the server's clock and refused if it closed meanwhile. The
//! chair sees who is connected.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use phonghop_core::App;
use phonghop_core::votes::{NewVote, ThresholdChoice};
use phonghop_domain::attendance::QuorumRule;
use phonghop_domain::vote::{VoteBase, VoteKind};
use phonghop_tests::proxy::{CutProxy, point_profile_at};
use phonghop_tests::{SeededWorld, caught_up_feed};

fn motion(question: &str) -> NewVote {
    NewVote {
        question: question.into(),
        kind: VoteKind::Motion,
        options: Vec::new(),
        base: VoteBase::VotesCast,
        threshold: ThresholdChoice::MoreThanHalf,
        check_quorum: false,
        closes_in_secs: None,
        allow_change: false,
        item: None,
        secret: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ballot_signed_while_the_link_is_down_counts_once_it_is_back_if_the_vote_is_open() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let chair = App::open(&world.profile("chair")).unwrap();
    chair.sync_now().await.unwrap();
    let link = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    let member_dir = world.profile("member-05");
    point_profile_at(&member_dir, &link.address_for(&world.server.url())).unwrap();
    let member = App::open(&member_dir).unwrap();
    member.sync_now().await.unwrap();

    // The chair sees who follows the server now.
    let _following = caught_up_feed(&member).await.unwrap();
    let roster = chair
        .roster(&meeting, QuorumRule::PEOPLES_COUNCIL)
        .await
        .unwrap();
    let member_id = member.profile().config.user_id.clone();
    assert!(roster.online.contains(&member_id), "{:?}", roster.online);

    // Two votes open; the member sees them, then the link drops.
    let open = chair
        .open_vote(&meeting, &motion("Biểu quyết thứ nhất"))
        .await
        .unwrap();
    let closing = chair
        .open_vote(&meeting, &motion("Biểu quyết thứ hai"))
        .await
        .unwrap();
    assert_eq!(member.meeting_votes(&meeting).await.unwrap().len(), 2);
    link.set_down(true);
    // Through `vote`, as the app casts: the ballot is signed and queued all the same.
    let queued = member
        .vote(&meeting, &open.vote_id, &[0])
        .await
        .unwrap_err();
    assert_eq!(queued.to_body().code, "vote.queued");
    let late = member
        .cast_ballot(&meeting, &closing.vote_id, &[1])
        .await
        .unwrap_err();
    assert_eq!(late.to_body().code, "vote.queued");
    let bad = member
        .cast_ballot(&meeting, &open.vote_id, &[5])
        .await
        .unwrap_err();
    assert_eq!(bad.to_body().code, "vote.bad_choice", "checked offline too");
    assert_eq!(member.pending_requests().unwrap().len(), 2);

    // While the member is away the chair closes the second vote.
    chair.close_vote(&meeting, &closing.vote_id).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let roster = chair
        .roster(&meeting, QuorumRule::PEOPLES_COUNCIL)
        .await
        .unwrap();
    assert!(
        !roster.online.contains(&member_id),
        "the member's feed dropped with the link"
    );

    // The link is back: the first ballot counts, with a receipt; the second is refused.
    link.set_down(false);
    let report = member.flush_outbox().await.unwrap();
    assert_eq!((report.sent, report.refused), (1, 1));
    let receipt = member.ballot_receipt(&open.vote_id).unwrap().unwrap();
    assert_eq!(receipt.choices, vec![0]);
    assert!(member.ballot_receipt(&closing.vote_id).unwrap().is_none());
    let counted = chair.vote_view(&meeting, &open.vote_id).await.unwrap();
    assert_eq!(counted.ballots, 1);
    let closed = chair.close_vote(&meeting, &closing.vote_id).await;
    assert!(closed.is_err(), "already closed");
    let refused = member.pending_requests().unwrap();
    assert_eq!(
        refused.len(),
        1,
        "the refused ballot is kept to be shown, then discarded"
    );
    let result = chair.vote_view(&meeting, &closing.vote_id).await.unwrap();
    assert_eq!(
        result.result.unwrap().cast,
        0,
        "the late ballot was not counted"
    );
}
