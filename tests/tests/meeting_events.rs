//! Ephemeral meeting events (the presenter's page, the speakers queue) relayed live to the
//! participants only, and a cancelled meeting told to every participant's feed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use base64::Engine;
use phonghop_core::{App, MeetingDraft};
use phonghop_domain::wire::{FeedKind, LiveMessage, MeetingEvent};
use phonghop_domain::{MeetingInfo, MeetingKind};
use phonghop_sync::{LiveFeed, SyncError};
use phonghop_tests::{SeededWorld, caught_up_feed, next_live};

async fn caught_up(app: &App) -> LiveFeed {
    caught_up_feed(app).await.unwrap()
}

async fn next(live: &mut LiveFeed) -> LiveMessage {
    next_live(live).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_presenters_page_reaches_participants_live_and_nobody_else() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let chair = App::open(&world.profile("chair")).unwrap();
    let member = App::open(&world.profile("member-02")).unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    // Someone enrolled after the demo meeting was published: not a participant of it.
    let outsider_dir = world
        .enroll_approved("outsider", "Lý Văn Ngoài", phonghop_domain::Role::Member)
        .await
        .unwrap();
    let outsider = App::open(&outsider_dir).unwrap();
    let mut member_live = caught_up(&member).await;

    let chair_client = chair.server_session().await.unwrap();
    let page = MeetingEvent {
        kind: "presenter.page".into(),
        sealed: "c2VhbGVkIHBhZ2UgMw==".into(),
    };
    chair_client.relay_event(&meeting, &page).await.unwrap();
    match next(&mut member_live).await {
        LiveMessage::Event {
            meeting_id,
            from_device_id,
            kind,
            sealed,
        } => {
            assert_eq!(meeting_id, meeting);
            assert_eq!(from_device_id, chair.profile().config.device_id);
            assert_eq!(
                (kind.as_str(), sealed.as_str()),
                ("presenter.page", page.sealed.as_str())
            );
        }
        other => panic!("expected the event, got {other:?}"),
    }

    // Someone outside the meeting can neither send into it nor hear it.
    let private = secretary
        .publish_meeting(&MeetingDraft {
            info: MeetingInfo {
                title: "Họp tổ".into(),
                body: "Tổ đại biểu".into(),
                kind: MeetingKind::Sitting,
                starts_at: "2026-12-09T08:00:00+07:00".into(),
                ends_at: None,
                place: "Phòng 5".into(),
                online_link: None,
            },
            items: vec![],
            participant_user_ids: vec![outsider.profile().config.user_id.clone()],
        })
        .await
        .unwrap();
    let outsider_client = outsider.server_session().await.unwrap();
    match outsider_client.relay_event(&meeting, &page).await {
        Err(SyncError::Server { status, .. }) => assert_eq!(status, 404),
        other => panic!("expected 404, got {other:?}"),
    }
    let mut outsider_live = caught_up(&outsider).await;
    chair_client
        .relay_event(
            &meeting,
            &MeetingEvent {
                kind: "speakers.queue".into(),
                sealed: "cXVldWU=".into(),
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        next(&mut member_live).await,
        LiveMessage::Event { .. }
    ));
    // The outsider's next message is about their own meeting, not the event.
    outsider_client
        .relay_event(
            &private,
            &MeetingEvent {
                kind: "notes.shared".into(),
                sealed: "b3du".into(),
            },
        )
        .await
        .unwrap();
    match next(&mut outsider_live).await {
        LiveMessage::Event { meeting_id, .. } => assert_eq!(meeting_id, private),
        other => panic!("expected their own meeting's event, got {other:?}"),
    }

    // Only the chair or the secretary moves everyone's viewer; the server's own signals
    // cannot be sent by a client.
    let member_client = member.server_session().await.unwrap();
    match member_client.relay_event(&meeting, &page).await {
        Err(SyncError::Forbidden(_)) => {}
        other => panic!("a member showing a page: expected 403, got {other:?}"),
    }
    for reserved in ["conduct.changed", "attendance.changed", "votes.changed"] {
        let forged = MeetingEvent {
            kind: reserved.into(),
            sealed: String::new(),
        };
        match chair_client.relay_event(&meeting, &forged).await {
            Err(SyncError::Server { status, body }) => {
                assert_eq!((status, body.code.as_str()), (400, "event.reserved"));
            }
            other => panic!("{reserved}: expected a refusal, got {other:?}"),
        }
    }

    match chair_client
        .relay_event(
            &meeting,
            &MeetingEvent {
                kind: "Bad Kind!".into(),
                sealed: String::new(),
            },
        )
        .await
    {
        Err(SyncError::Server { status, body }) => {
            assert_eq!((status, body.code.as_str()), (400, "event.bad_kind"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_meeting_is_told_to_every_participant_and_cannot_be_republished() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-04")).unwrap();
    let mut live = caught_up(&member).await;
    let member_client = member.server_session().await.unwrap();
    assert!(matches!(
        member_client.cancel_meeting(&meeting).await,
        Err(SyncError::Forbidden(_))
    ));

    let secretary_client = secretary.server_session().await.unwrap();
    secretary_client.cancel_meeting(&meeting).await.unwrap();
    match next(&mut live).await {
        LiveMessage::Record { record } => {
            assert_eq!(record.kind, FeedKind::MeetingCancelled);
            assert_eq!(record.meeting_id, meeting);
        }
        other => panic!("expected the cancellation, got {other:?}"),
    }
    let listed = member_client.meetings().await.unwrap();
    assert!(
        listed
            .iter()
            .find(|m| m.meeting_id == meeting)
            .unwrap()
            .cancelled
    );
    match secretary_client.cancel_meeting(&meeting).await {
        Err(SyncError::Server { status, body }) => {
            assert_eq!((status, body.code.as_str()), (409, "meeting.cancelled"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let log = member_client.audit_log(&meeting).await.unwrap();
    assert_eq!(log.entries.last().unwrap().kind, "meeting.cancelled");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_follower_opens_the_presenters_page_sealed_under_the_meeting_key() {
    use phonghop_core::{FollowEvent, MeetingSignal, PresenterPage};
    use std::sync::Arc;

    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let chair = App::open(&world.profile("chair")).unwrap();
    chair.sync_now().await.unwrap();
    let member = Arc::new(App::open(&world.profile("member-06")).unwrap());
    member.sync_now().await.unwrap();
    let document = phonghop_tests::meeting_view(&chair, &meeting)
        .unwrap()
        .unwrap()
        .agenda[1]
        .documents[0]
        .id
        .clone();

    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let follower = tokio::spawn({
        let member = Arc::clone(&member);
        async move {
            member
                .follow(move |event| drop(sender.send(event)), stopped)
                .await
        }
    });
    loop {
        if let FollowEvent::Connected { .. } = next_follow_event(&mut events).await {
            break;
        }
    }
    chair.present(&meeting, &document, 4).await.unwrap();
    let (kind, sealed) = loop {
        if let FollowEvent::MeetingEvent {
            meeting_id,
            kind,
            sealed,
        } = next_follow_event(&mut events).await
        {
            assert_eq!(meeting_id, meeting);
            break (kind, sealed);
        }
    };
    assert_eq!(kind, phonghop_core::PRESENTER_PAGE);
    assert_eq!(
        member
            .open_meeting_signal(&meeting, &kind, &sealed)
            .unwrap(),
        MeetingSignal::PresenterPage(PresenterPage {
            document_id: document.clone(),
            page: 4,
        })
    );
    // A signal altered on the way is refused, not followed.
    let mut bytes = base64::engine::general_purpose::STANDARD
        .decode(&sealed)
        .unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered = base64::engine::general_purpose::STANDARD.encode(bytes);
    assert!(
        member
            .open_meeting_signal(&meeting, &kind, &tampered)
            .is_err()
    );
    stop.send_replace(true);
    follower.await.unwrap().unwrap();
}

/// The next thing following reports, within 30 s.
async fn next_follow_event(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<phonghop_core::FollowEvent>,
) -> phonghop_core::FollowEvent {
    tokio::time::timeout(std::time::Duration::from_secs(30), events.recv())
        .await
        .expect("an event within 30 s")
        .expect("following goes on")
}
