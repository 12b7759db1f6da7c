//! A member's device following the server: the live feed triggers syncs, the cursor is
//! kept in the local store, and after the server goes away and comes back the device
//! reconnects by itself and catches what it missed, once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use phonghop_core::{App, FollowEvent, MeetingDraft};
use phonghop_domain::{MeetingInfo, MeetingKind};
use phonghop_tests::{SeededWorld, TestServer};
use tokio::sync::{mpsc, watch};

fn draft(title: &str, member: &str) -> MeetingDraft {
    MeetingDraft {
        info: MeetingInfo {
            title: title.into(),
            body: "Thường trực HĐND tỉnh".into(),
            kind: MeetingKind::Sitting,
            starts_at: "2027-01-04T08:00:00+07:00".into(),
            ends_at: None,
            place: "Phòng họp số 1".into(),
            online_link: None,
        },
        items: vec![],
        participant_user_ids: vec![member.to_owned()],
    }
}

/// The next event that is not a meeting event, within 30 s.
async fn next(events: &mut mpsc::UnboundedReceiver<FollowEvent>) -> FollowEvent {
    tokio::time::timeout(Duration::from_secs(30), events.recv())
        .await
        .expect("an event within 30 s")
        .expect("following goes on")
}

async fn synced_meeting(events: &mut mpsc::UnboundedReceiver<FollowEvent>) -> Vec<String> {
    loop {
        if let FollowEvent::Synced { records, .. } = next(events).await {
            return records
                .into_iter()
                .map(|record| record.meeting_id)
                .collect();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_following_device_syncs_on_news_and_reconnects_after_the_server_returns() {
    let SeededWorld {
        server,
        profiles,
        seed,
    } = SeededWorld::start().await.unwrap();
    let TestServer {
        data,
        server: running,
        admin_token: _,
    } = server;
    let addr = running.addr;
    let secretary = App::open(&profiles.path().join("secretary")).unwrap();
    let member = Arc::new(App::open(&profiles.path().join("member-09")).unwrap());
    let member_id = member.profile().config.user_id.clone();
    assert!(
        member.list_meetings().unwrap().is_empty(),
        "nothing synced yet"
    );

    let (sender, mut events) = mpsc::unbounded_channel();
    let (stop, stopped) = watch::channel(false);
    let follower = tokio::spawn({
        let member = Arc::clone(&member);
        async move {
            member
                .follow(move |event| drop(sender.send(event)), stopped)
                .await
        }
    });

    // The backlog (the demo meeting) is acted on at once.
    assert_eq!(
        synced_meeting(&mut events).await,
        vec![seed.meeting_id.clone()]
    );
    assert_eq!(member.list_meetings().unwrap().len(), 1);
    let cursor = member.feed_cursor().unwrap();
    assert!(cursor > 0);

    // News while connected: synced without anyone asking.
    let january = secretary
        .publish_meeting(&draft("Phiên họp tháng 1", &member_id))
        .await
        .unwrap();
    assert_eq!(synced_meeting(&mut events).await, vec![january.clone()]);
    assert!(
        member
            .list_meetings()
            .unwrap()
            .iter()
            .any(|m| m.id == january)
    );

    // The server goes away: the follower says so and keeps trying.
    running.stop().await.unwrap();
    loop {
        if let FollowEvent::Disconnected { .. } = next(&mut events).await {
            break;
        }
    }
    // It comes back on the same address; news published meanwhile arrives once.
    let back = phonghop_server::start(data.path(), addr).await.unwrap();
    let february = secretary
        .publish_meeting(&draft("Phiên họp tháng 2", &member_id))
        .await
        .unwrap();
    assert_eq!(synced_meeting(&mut events).await, vec![february.clone()]);
    assert!(
        member
            .list_meetings()
            .unwrap()
            .iter()
            .any(|m| m.id == february)
    );
    assert!(member.feed_cursor().unwrap() > cursor);

    stop.send_replace(true);
    tokio::time::timeout(Duration::from_secs(10), follower)
        .await
        .expect("following stops when asked")
        .unwrap()
        .unwrap();
    // Nothing was acted on twice.
    while let Ok(event) = events.try_recv() {
        assert!(!matches!(event, FollowEvent::Synced { .. }), "{event:?}");
    }
    back.stop().await.unwrap();
}
