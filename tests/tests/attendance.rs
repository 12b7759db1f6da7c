//! Attendance and quorum through the real server: members check in (in person, online, or
//! absent with a sealed reason), the chair records for someone at the door, every
//! participant hears the roster change, and votes measured against those present — or
//! closed after the quorum was lost — follow the rules in `phonghop-domain`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use base64::Engine;
use phonghop_domain::attendance::{Presence, QuorumRule, quorum};
use phonghop_domain::tally::Threshold;
use phonghop_domain::vote::{VoteBase, VoteRule};
use phonghop_domain::wire::{CheckIn, LiveMessage, OpenVote};
use phonghop_sync::SyncError;
use phonghop_tests::{SeededWorld, caught_up_feed, next_live};

fn check_in(presence: Presence) -> CheckIn {
    CheckIn {
        presence,
        sealed_reason: None,
        user_id: None,
    }
}

fn present_vote(rule_quorum: Option<QuorumRule>) -> OpenVote {
    OpenVote {
        vote_id: uuid::Uuid::new_v4().to_string(),
        sealed_question: base64::engine::general_purpose::STANDARD.encode(b"sealed question"),
        options: 3,
        rule: VoteRule {
            base: VoteBase::Present,
            threshold: Threshold::MoreThanHalf,
            quorum: rule_quorum,
        },
        closes_at_ms: None,
        kind: Default::default(),
        allow_change: false,
        secret: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_roster_and_the_quorum_follow_check_ins_and_votes_respect_those_present() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let (chair, members) = world.council().await.unwrap();
    let before = chair.client.attendance(&meeting).await.unwrap();
    // Twelve members, the chair and the secretary may vote.
    assert_eq!((before.members, before.present), (14, 0));
    let mut listening = caught_up_feed(&members[11].app).await.unwrap();

    chair
        .client
        .check_in(&meeting, &check_in(Presence::InPerson))
        .await
        .unwrap();
    match next_live(&mut listening).await.unwrap() {
        LiveMessage::Event { kind, .. } => assert_eq!(kind, "attendance.changed"),
        other => panic!("expected the roster to change, got {other:?}"),
    }
    for member in &members[..9] {
        member
            .client
            .check_in(&meeting, &check_in(Presence::InPerson))
            .await
            .unwrap();
    }
    // Member 10 joins online; the chair records member 11 absent with a (sealed) reason.
    members[9]
        .client
        .check_in(&meeting, &check_in(Presence::Online))
        .await
        .unwrap();
    let reason = base64::engine::general_purpose::STANDARD.encode(b"sealed: di cong tac");
    let eleven = members[10].app.profile().config.user_id.clone();
    chair
        .client
        .check_in(
            &meeting,
            &CheckIn {
                presence: Presence::Absent,
                sealed_reason: Some(reason.clone()),
                user_id: Some(eleven.clone()),
            },
        )
        .await
        .unwrap();
    // A member may not record someone else.
    match members[0]
        .client
        .check_in(
            &meeting,
            &CheckIn {
                user_id: Some(eleven.clone()),
                ..check_in(Presence::InPerson)
            },
        )
        .await
    {
        Err(SyncError::Forbidden(_)) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }

    let roster = members[11].client.attendance(&meeting).await.unwrap();
    assert_eq!((roster.members, roster.present), (14, 11));
    let absent = roster.entries.iter().find(|e| e.user_id == eleven).unwrap();
    assert_eq!(absent.presence, Presence::Absent);
    assert_eq!(absent.sealed_reason.as_deref(), Some(reason.as_str()));
    assert_eq!(absent.recorded_by, chair.app.profile().config.user_id);
    // 11 of 14 is at least two thirds: the council may decide.
    let council = quorum(QuorumRule::PEOPLES_COUNCIL, roster.members, roster.present);
    assert!(council.met);
    assert_eq!(council.needed, 10);

    // Six of the eleven present approve: more than half of those present, not of all 14.
    let first = present_vote(Some(QuorumRule::PEOPLES_COUNCIL));
    chair.client.open_vote(&meeting, &first).await.unwrap();
    for (index, member) in members[..10].iter().enumerate() {
        let choice = if index < 6 { 0 } else { 1 };
        member.vote(&meeting, &first.vote_id, choice).await.unwrap();
    }
    let result = chair.client.close_vote(&first.vote_id).await.unwrap();
    assert_eq!((result.present, result.base, result.needed), (11, 11, 6));
    assert_eq!(result.quorum_met, Some(true));
    assert!(result.passed);

    // The same count, but two members leave before the close: the quorum is lost and the
    // vote decides nothing.
    let second = present_vote(Some(QuorumRule::PEOPLES_COUNCIL));
    chair.client.open_vote(&meeting, &second).await.unwrap();
    for (index, member) in members[..10].iter().enumerate() {
        let choice = if index < 6 { 0 } else { 1 };
        member
            .vote(&meeting, &second.vote_id, choice)
            .await
            .unwrap();
    }
    for member in &members[7..9] {
        member
            .client
            .check_in(&meeting, &check_in(Presence::Absent))
            .await
            .unwrap();
    }
    let lost = chair.client.close_vote(&second.vote_id).await.unwrap();
    assert_eq!(lost.present, 9);
    assert_eq!(lost.quorum_met, Some(false));
    assert!(!lost.passed, "{lost:?}");
    assert_eq!(lost.counts, vec![6, 4, 0]);

    // Every check-in is in the meeting's audit chain.
    let log = chair.client.audit_log(&meeting).await.unwrap();
    let recorded = log
        .entries
        .iter()
        .filter(|entry| entry.kind == "attendance.recorded")
        .count();
    assert_eq!(recorded, 1 + 9 + 1 + 1 + 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reason_for_absence_is_sealed_for_the_meeting_and_the_chair_reads_it() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let chair = phonghop_core::App::open(&world.profile("chair")).unwrap();
    let member = phonghop_core::App::open(&world.profile("member-04")).unwrap();
    chair.sync_now().await.unwrap();
    member.sync_now().await.unwrap();
    let marker = "Đi công tác tại huyện Mường Tè (DẤU-VẾT-4711)";
    member
        .check_in(&meeting, Presence::Absent, Some(marker), None)
        .await
        .unwrap();
    chair
        .check_in(&meeting, Presence::InPerson, None, None)
        .await
        .unwrap();
    let roster = chair
        .roster(&meeting, QuorumRule::PEOPLES_COUNCIL)
        .await
        .unwrap();
    let line = roster
        .lines
        .iter()
        .find(|line| line.user_id == member.profile().config.user_id)
        .unwrap();
    assert_eq!(line.presence, Presence::Absent);
    assert_eq!(line.reason.as_deref(), Some(marker));
    assert_eq!((roster.quorum.present, roster.quorum.met), (1, false));
    assert!(member.pending_requests().unwrap().is_empty());

    // The server holds only the sealed reason.
    let holding =
        phonghop_tests::files_holding(world.server.data_dir(), "DẤU-VẾT-4711".as_bytes()).unwrap();
    assert!(holding.is_empty(), "{holding:?} hold the reason in clear");
}
