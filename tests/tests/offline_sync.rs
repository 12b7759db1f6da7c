//! The offline-first client against a real server, through a proxy the test controls:
//! revisions move only their changed chunks, downloads cut mid-transfer resume and finish,
//! a publication made with the network down waits in the outbox across a restart and lands
//! once, a retried request never applies twice, and the next meeting downloads first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use phonghop_core::{App, DraftDocument, DraftItem, MeetingDraft, SyncProgress};
use phonghop_domain::{DocumentKind, MeetingInfo, MeetingKind};
use phonghop_tests::proxy::{CutProxy, point_profile_at};
use phonghop_tests::{SeededWorld, noise};

fn draft(
    title: &str,
    starts_at: &str,
    documents: Vec<Vec<u8>>,
    members: &[String],
) -> MeetingDraft {
    MeetingDraft {
        info: MeetingInfo {
            title: title.into(),
            body: "Thường trực HĐND tỉnh".into(),
            kind: MeetingKind::Sitting,
            starts_at: starts_at.into(),
            ends_at: None,
            place: "Phòng họp số 3".into(),
            online_link: None,
        },
        items: documents
            .into_iter()
            .enumerate()
            .map(|(index, bytes)| DraftItem {
                title: format!("Nội dung {}", index + 1),
                presenter: None,
                documents: vec![DraftDocument {
                    title: format!("Tài liệu {}", index + 1),
                    kind: DocumentKind::Report,
                    bytes,
                }],
            })
            .collect(),
        participant_user_ids: members.to_vec(),
    }
}

fn user_id(app: &App) -> String {
    app.profile().config.user_id.clone()
}

fn document_ids(app: &App, meeting_id: &str) -> Vec<String> {
    app.list_meetings()
        .unwrap()
        .into_iter()
        .find(|meeting| meeting.id == meeting_id)
        .expect("the meeting is on this device")
        .agenda
        .into_iter()
        .flat_map(|item| item.documents)
        .map(|document| document.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revision_moves_only_its_changed_chunks_and_an_offline_member_catches_up() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-01")).unwrap();
    // A third client, on a commune link that is down while the secretary works.
    let away_dir = world.profile("member-07");
    let link = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    point_profile_at(&away_dir, &link.address_for(&world.server.url())).unwrap();
    let away = App::open(&away_dir).unwrap();
    link.set_down(true);
    let original: Vec<Vec<u8>> = (0..3).map(|i| noise(i + 10, 700_000)).collect();
    let meeting = secretary
        .publish_meeting(&draft(
            "Phiên họp thẩm tra dự toán",
            "2027-02-01T08:00:00+07:00",
            original.clone(),
            &[user_id(&member), user_id(&away)],
        ))
        .await
        .unwrap();
    let error = away.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "sync.unreachable");
    let first = member.sync_now().await.unwrap();
    assert!(first.bytes_fetched > 2_100_000, "{first:?}");
    let documents = document_ids(&member, &meeting);
    assert_eq!(documents.len(), 3);

    // Three scattered corrections in the second document.
    let mut revised = original[1].clone();
    for at in [100_000, 350_000, 600_000] {
        let correction = "sửa số liệu".as_bytes();
        revised[at..at + correction.len()].copy_from_slice(correction);
    }
    let report = secretary
        .revise_document(&meeting, &documents[1], revised.clone())
        .await
        .unwrap();
    assert_eq!(report.revision, 2);
    // Each edit re-sends the chunk around it (and perhaps a neighbour), plus the manifest.
    assert!(
        (2..=8).contains(&report.chunks_sent),
        "chunks sent for three edits: {report:?}"
    );
    assert!(
        report.bytes_sent < 700_000 / 5,
        "a revision with three edits sent {} bytes of a 700 kB document",
        report.bytes_sent
    );

    let second = member.sync_now().await.unwrap();
    assert_eq!(
        (second.chunks_fetched, second.bytes_fetched),
        (report.chunks_sent, report.bytes_sent),
        "the member fetches exactly the chunks the server lacked"
    );
    assert_eq!(second.documents_fetched, 1);
    assert_eq!(
        member.open_document(&meeting, &documents[1]).unwrap(),
        revised
    );
    assert_eq!(
        member.open_document(&meeting, &documents[0]).unwrap(),
        original[0]
    );
    let view = phonghop_tests::meeting_view(&member, &meeting)
        .unwrap()
        .unwrap();
    assert!(view.ready, "every document is here in its latest revision");

    // A third sync has nothing to move.
    let third = member.sync_now().await.unwrap();
    assert_eq!((third.chunks_fetched, third.bytes_fetched), (0, 0));

    // The member who was away comes back online and catches up: the latest revision of
    // every document, nothing of the superseded one.
    link.set_down(false);
    let caught_up = away.sync_now().await.unwrap();
    assert_eq!(
        caught_up.documents_fetched,
        3 + world.seed.documents,
        "the three new documents and the demo meeting's"
    );
    assert_eq!(
        away.open_document(&meeting, &documents[1]).unwrap(),
        revised
    );
    assert_eq!(
        away.open_document(&meeting, &documents[2]).unwrap(),
        original[2]
    );
    assert!(
        away.list_meetings().unwrap().iter().all(|view| view.ready),
        "every meeting is ready on the device that was away"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn downloads_cut_mid_transfer_resume_and_finish_without_starting_over() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member_dir = world.profile("member-02");
    let member_id = user_id(&App::open(&member_dir).unwrap());
    let documents: Vec<Vec<u8>> = (0..3).map(|i| noise(i + 20, 1_000_000)).collect();
    let meeting = secretary
        .publish_meeting(&draft(
            "Kỳ họp chuyên đề",
            "2027-02-02T08:00:00+07:00",
            documents.clone(),
            &[member_id],
        ))
        .await
        .unwrap();

    let proxy = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    point_profile_at(&member_dir, &proxy.address_for(&world.server.url())).unwrap();
    let member = Arc::new(App::open(&member_dir).unwrap());
    // About 1.5 MB/s: the 3 MB packet takes two seconds, long enough to cut it three times.
    proxy.set_rate(1_500_000);
    let sync = tokio::spawn({
        let member = Arc::clone(&member);
        async move { member.sync_now().await }
    });
    let mut cuts = 0;
    for threshold in [600_000, 1_400_000, 2_200_000] {
        while proxy.bytes_down() < threshold && !sync.is_finished() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        proxy.cut();
        cuts += 1;
        if threshold == 1_400_000 {
            // The link stays down for a moment: new connections fail too.
            proxy.set_down(true);
            tokio::time::sleep(Duration::from_millis(700)).await;
            proxy.set_down(false);
        }
    }
    let report = tokio::time::timeout(Duration::from_secs(60), sync)
        .await
        .expect("the sync finishes")
        .unwrap()
        .expect("cuts are retried, not reported as failures");
    assert_eq!(cuts, 3);
    // The packet: these three documents and the demo meeting's.
    let total = report.bytes_fetched;
    assert!(total >= 3_000_000);
    // Nothing finished was fetched twice: the bytes that came down are the packet plus
    // TLS and HTTP framing plus at most the chunks in flight at each cut.
    assert!(
        proxy.bytes_down() < total + total / 10,
        "{} bytes came down for a {total}-byte packet",
        proxy.bytes_down()
    );
    for (index, id) in document_ids(&member, &meeting).iter().enumerate() {
        assert_eq!(
            member.open_document(&meeting, id).unwrap(),
            documents[index]
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publication_made_offline_waits_in_the_outbox_across_a_restart_and_lands_once() {
    let world = SeededWorld::start().await.unwrap();
    let secretary_dir = world.profile("secretary");
    let member = App::open(&world.profile("member-03")).unwrap();
    let members = [user_id(&member)];
    let proxy = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    point_profile_at(&secretary_dir, &proxy.address_for(&world.server.url())).unwrap();

    let offline_meeting = {
        let secretary = App::open(&secretary_dir).unwrap();
        // Online once: the directory is fetched (and kept for offline use).
        secretary
            .publish_meeting(&draft(
                "Phiên họp trực tuyến",
                "2027-03-01T08:00:00+07:00",
                vec![],
                &members,
            ))
            .await
            .unwrap();
        proxy.set_down(true);
        let id = secretary
            .publish_meeting(&draft(
                "Phiên họp soạn khi mất mạng",
                "2027-03-02T08:00:00+07:00",
                vec![noise(7, 300_000)],
                &members,
            ))
            .await
            .expect("publishing offline queues instead of failing");
        let pending = secretary.pending_requests().unwrap();
        assert_eq!(pending.len(), 1, "{pending:?}");
        assert_eq!(pending[0].meeting_id, id);
        assert_eq!(pending[0].kind, "publish");
        assert!(!pending[0].refused);
        assert!(pending[0].attempts >= 1);
        let report = secretary.flush_outbox().await.unwrap();
        assert_eq!((report.sent, report.waiting), (0, 1));
        id
        // The app closes here (a restart).
    };
    member.sync_now().await.unwrap();
    assert!(
        !member
            .list_meetings()
            .unwrap()
            .iter()
            .any(|m| m.id == offline_meeting),
        "nothing reached the server while it was unreachable"
    );

    proxy.set_down(false);
    let secretary = App::open(&secretary_dir).unwrap();
    assert_eq!(
        secretary.pending_requests().unwrap().len(),
        1,
        "the outbox survived"
    );
    let report = secretary.flush_outbox().await.unwrap();
    assert_eq!((report.sent, report.waiting, report.refused), (1, 0, 0));
    assert!(secretary.pending_requests().unwrap().is_empty());
    // A second flush has nothing to send: the meeting is at revision 1, published once.
    assert_eq!(secretary.flush_outbox().await.unwrap().sent, 0);
    member.sync_now().await.unwrap();
    let meeting = phonghop_tests::meeting_view(&member, &offline_meeting)
        .unwrap()
        .expect("the queued publication landed");
    assert!(meeting.ready);
    let published = member
        .server_session()
        .await
        .unwrap()
        .meetings()
        .await
        .unwrap();
    let revision = published
        .iter()
        .find(|m| m.meeting_id == offline_meeting)
        .unwrap()
        .revision;
    assert_eq!(revision, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_request_with_the_same_idempotency_key_applies_once() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let client = secretary.server_session().await.unwrap();
    let (http, base) = phonghop_sync::raw_http_client(&world.server.url()).unwrap();
    let cancel = |key: &str| {
        http.post(format!(
            "{base}/api/v1/meetings/{}/cancel",
            world.seed.meeting_id
        ))
        .bearer_auth(client.token().unwrap())
        .header(phonghop_sync::IDEMPOTENCY_KEY_HEADER, key)
        .send()
    };
    let first = cancel("cancel-demo-0001").await.unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    assert!(first.headers().get("idempotent-replayed").is_none());
    // The answer was "lost"; the outbox sends it again under the same key.
    let again = cancel("cancel-demo-0001").await.unwrap();
    assert_eq!(again.status(), first.status());
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    // Without the key, cancelling twice is refused: proof the replay did not run it again.
    let audit = client.audit_log(&world.seed.meeting_id).await.unwrap();
    let cancellations = audit
        .entries
        .iter()
        .filter(|entry| entry.kind.contains("cancel"))
        .count();
    assert_eq!(cancellations, 1, "cancelled once in the audit chain");

    // The same key for a different request is refused, and a malformed key too.
    let other = http
        .post(format!("{base}/api/v1/meetings/other/cancel"))
        .bearer_auth(client.token().unwrap())
        .header(phonghop_sync::IDEMPOTENCY_KEY_HEADER, "cancel-demo-0001")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 422);
    let body: serde_json::Value = other.json().await.unwrap();
    assert_eq!(body["code"], "request.idempotency_key_reused");
    let bad = cancel("bad key!").await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_next_meeting_downloads_first_and_progress_is_reported_per_document() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-04")).unwrap();
    let members = [user_id(&member)];
    let later = secretary
        .publish_meeting(&draft(
            "Kỳ họp cuối năm",
            "2099-12-20T08:00:00+07:00",
            vec![noise(1, 200_000)],
            &members,
        ))
        .await
        .unwrap();
    let next = secretary
        .publish_meeting(&draft(
            "Phiên họp sắp tới",
            "2098-01-05T08:00:00+07:00",
            vec![noise(2, 200_000), noise(3, 100_000)],
            &members,
        ))
        .await
        .unwrap();
    let seen: Mutex<Vec<SyncProgress>> = Mutex::new(Vec::new());
    member
        .sync_with_progress(&|progress| seen.lock().unwrap().push(progress.clone()))
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    let order: Vec<&str> = seen.iter().map(|p| p.meeting_id.as_str()).collect();
    let first_later = order.iter().position(|id| *id == later).unwrap();
    let last_next = order.iter().rposition(|id| *id == next).unwrap();
    assert!(
        last_next < first_later,
        "every chunk of the next meeting came before the later one's"
    );
    let documents = document_ids(&member, &next);
    let last_of = |document: &str| {
        seen.iter()
            .rfind(|p| p.document_id == document)
            .unwrap()
            .clone()
    };
    for document in &documents {
        let last = last_of(document);
        assert_eq!(last.document_done, last.document_total);
    }
    let final_next = seen.iter().rfind(|p| p.meeting_id == next).unwrap();
    assert_eq!(final_next.meeting_done, final_next.meeting_total);
    assert!(final_next.meeting_total > 300_000);
    assert!(
        seen.windows(2)
            .all(|pair| pair[0].meeting_id != pair[1].meeting_id
                || pair[1].meeting_done > pair[0].meeting_done)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chunk_damaged_on_the_server_is_refused_and_the_other_documents_still_arrive() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-05")).unwrap();
    let members = [user_id(&member)];
    let blob_files = || -> std::collections::BTreeSet<std::path::PathBuf> {
        phonghop_tests::files_under(&world.server.data_dir().join("blobs"))
            .into_iter()
            .collect()
    };
    let before = blob_files();
    let damaged = secretary
        .publish_meeting(&draft(
            "Phiên họp có tệp hỏng",
            "2027-05-03T08:00:00+07:00",
            vec![noise(81, 150_000)],
            &members,
        ))
        .await
        .unwrap();
    let damaged_blobs: Vec<_> = blob_files().difference(&before).cloned().collect();
    assert!(damaged_blobs.len() > 2, "a manifest and its chunks");
    let whole = noise(82, 150_000);
    let intact = secretary
        .publish_meeting(&draft(
            "Phiên họp bình thường",
            "2027-05-04T08:00:00+07:00",
            vec![whole.clone()],
            &members,
        ))
        .await
        .unwrap();
    // Disk corruption on the server: one byte of one chunk flipped.
    let victim = &damaged_blobs[damaged_blobs.len() / 2];
    let mut bytes = std::fs::read(victim).unwrap();
    bytes[10] ^= 0x40;
    std::fs::write(victim, bytes).unwrap();

    let error = member.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "sync.integrity", "{error}");
    let views = member.list_meetings().unwrap();
    let view = |id: &str| views.iter().find(|view| view.id == id).unwrap();
    assert!(!view(&damaged).ready, "the damaged document is not taken");
    assert!(
        view(&intact).ready,
        "the other meeting arrived all the same"
    );
    let intact_document = document_ids(&member, &intact).remove(0);
    assert_eq!(
        member.open_document(&intact, &intact_document).unwrap(),
        whole
    );
    let damaged_document = document_ids(&member, &damaged).remove(0);
    assert_eq!(
        member
            .open_document(&damaged, &damaged_document)
            .unwrap_err()
            .code(),
        "document.not_downloaded"
    );
}
