//! The change feed through the real server: paged by cursor, live over a WebSocket, resumed
//! after a cut with nothing missed and nothing repeated, only ever for participants, and
//! closed when the device is revoked or the server stops.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use phonghop_core::{App, MeetingDraft};
use phonghop_domain::wire::{FeedKind, FeedRecord, LiveMessage};
use phonghop_domain::{MeetingInfo, MeetingKind};
use phonghop_sync::{LiveEnd, LiveFeed, ServerClient};
use phonghop_tests::{SeededWorld, caught_up_feed, next_live};

fn draft(title: &str, participants: Vec<String>) -> MeetingDraft {
    MeetingDraft {
        info: MeetingInfo {
            title: title.into(),
            body: "Thường trực HĐND tỉnh".into(),
            kind: MeetingKind::Sitting,
            starts_at: "2026-12-14T08:00:00+07:00".into(),
            ends_at: None,
            place: "Phòng họp số 1".into(),
            online_link: None,
        },
        items: vec![],
        participant_user_ids: participants,
    }
}

async fn next_message(live: &mut LiveFeed) -> LiveMessage {
    next_live(live).await.unwrap()
}

async fn next_record(live: &mut LiveFeed) -> FeedRecord {
    match next_message(live).await {
        LiveMessage::Record { record } => record,
        other => panic!("expected a record, got {other:?}"),
    }
}

/// Every record of the feed, read page by page with `limit` records a page.
async fn whole_feed(client: &ServerClient, limit: usize) -> Vec<FeedRecord> {
    let mut records = Vec::new();
    let mut after = 0;
    loop {
        let page = client.feed(after, limit).await.unwrap();
        assert!(page.records.len() <= limit);
        records.extend(page.records);
        after = page.next_after;
        if !page.more {
            return records;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_live_feed_resumes_after_a_cut_with_nothing_missed_or_repeated() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-01")).unwrap();
    let outsider = App::open(&world.profile("member-02")).unwrap();
    let member_id = member.profile().config.user_id.clone();
    let client = member.server_session().await.unwrap();

    // The demo meeting's publication is already in the feed, sent first on connecting.
    let mut live = client.live_feed(0).await.unwrap();
    let first = next_record(&mut live).await;
    assert_eq!(first.kind, FeedKind::MeetingPublished);
    assert_eq!(first.meeting_id, world.seed.meeting_id);
    assert_eq!(
        next_message(&mut live).await,
        LiveMessage::CaughtUp { after: first.seq }
    );

    // Published while connected: arrives live.
    let december = secretary
        .publish_meeting(&draft("Phiên họp tháng 12", vec![member_id.clone()]))
        .await
        .unwrap();
    let published = next_record(&mut live).await;
    assert_eq!(published.kind, FeedKind::MeetingPublished);
    assert_eq!(published.meeting_id, december);
    assert!(published.seq > first.seq);

    // The link is cut; two changes happen meanwhile; the member reconnects from its cursor.
    drop(live);
    let january = secretary
        .publish_meeting(&draft("Phiên họp tháng 1", vec![member_id.clone()]))
        .await
        .unwrap();
    let mut republished = draft("Phiên họp tháng 12", vec![]);
    republished.info.place = "Hội trường tầng 3".into();
    secretary
        .republish_meeting(&december, &republished)
        .await
        .unwrap();
    let mut live = client.live_feed(published.seq).await.unwrap();
    let missed_first = next_record(&mut live).await;
    assert_eq!(
        (missed_first.kind, missed_first.meeting_id.as_str()),
        (FeedKind::MeetingPublished, january.as_str())
    );
    let missed_second = next_record(&mut live).await;
    assert_eq!(missed_second.meeting_id, december);
    assert_eq!(
        (missed_second.kind, missed_second.revision),
        (FeedKind::RemovedFromMeeting, 2),
        "left out of the new revision"
    );
    assert_eq!(
        next_message(&mut live).await,
        LiveMessage::CaughtUp {
            after: missed_second.seq
        },
        "nothing repeated, nothing else pending"
    );
    live.close().await;

    // Paging reads the same records in the same order, whatever the page size.
    let everything = whole_feed(&client, 1000).await;
    assert_eq!(
        everything.iter().map(|r| r.seq).collect::<Vec<_>>(),
        vec![
            first.seq,
            published.seq,
            missed_first.seq,
            missed_second.seq
        ]
    );
    assert_eq!(whole_feed(&client, 1).await, everything);

    // Someone not invited hears of none of it.
    let outsider_feed = whole_feed(&outsider.server_session().await.unwrap(), 10).await;
    assert_eq!(
        outsider_feed.len(),
        1,
        "only the demo meeting: {outsider_feed:?}"
    );
    assert_eq!(outsider_feed[0].meeting_id, world.seed.meeting_id);

    // A cursor or page size out of range is the client's mistake, told as such.
    match client.feed(0, 0).await {
        Err(phonghop_sync::SyncError::Server { status, body }) => {
            assert_eq!((status, body.code.as_str()), (400, "feed.bad_query"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_live_feed_closes_when_its_device_is_revoked_and_when_the_server_stops() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-03")).unwrap();
    let chair = App::open(&world.profile("chair")).unwrap();
    let mut revoked = caught_up_feed(&member).await.unwrap();
    let mut staying = caught_up_feed(&chair).await.unwrap();
    let admin = ServerClient::new(&world.server.url())
        .unwrap()
        .with_token(world.server.admin_token.clone());
    admin
        .admin_revoke_device(&member.profile().config.device_id)
        .await
        .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(10), revoked.next())
        .await
        .unwrap();
    assert!(
        matches!(ended, Err(LiveEnd::Closed { code: 4401, .. })),
        "{ended:?}"
    );

    // Stopping the server closes the remaining connection with "going away" and finishes.
    let SeededWorld { server, .. } = world;
    let phonghop_tests::TestServer {
        server: running,
        data: _data,
        ..
    } = server;
    assert_eq!(running.live_connections(), 1);
    tokio::time::timeout(Duration::from_secs(10), running.stop())
        .await
        .expect("stopping does not wait on open WebSockets")
        .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(10), staying.next())
        .await
        .unwrap();
    assert!(
        matches!(ended, Err(LiveEnd::Closed { code: 1001, .. })),
        "{ended:?}"
    );
}
