//! System tests: the demo meeting published by the secretary reaches members through a
//! real server, only as ciphertext, and bad input is refused without losing anything.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use phonghop_core::App;
use phonghop_core::demo::{DEMO_MEETING_TITLE, enroll_person};
use phonghop_domain::Role;
use phonghop_tests::{SeededWorld, files_under, pdf_engine};

#[tokio::test(flavor = "multi_thread")]
async fn a_member_syncs_the_published_meeting_and_reads_its_documents() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-05")).unwrap();
    assert!(
        member.list_meetings().unwrap().is_empty(),
        "nothing before the first sync"
    );

    let report = member.sync_now().await.unwrap();
    assert_eq!(report.meetings, 1);
    assert_eq!(report.documents_fetched, world.seed.documents);

    let meetings = member.list_meetings().unwrap();
    assert_eq!(meetings.len(), 1);
    let meeting = &meetings[0];
    assert_eq!(meeting.info.title, DEMO_MEETING_TITLE);
    assert!(meeting.agenda.len() >= 5);
    assert!(
        meeting
            .agenda
            .iter()
            .flat_map(|i| &i.documents)
            .all(|d| d.available)
    );

    let budget = meeting
        .agenda
        .iter()
        .flat_map(|item| &item.documents)
        .find(|d| d.title.starts_with("Tờ trình về dự toán"))
        .unwrap();
    let pdf = member.open_document(&meeting.id, &budget.id).unwrap();
    assert_eq!(pdf.len() as u64, budget.size_bytes);
    let text = pdf_engine().unwrap().page_text(&pdf, 0).unwrap();
    assert!(text.contains("quyết định dự toán thu"), "{text}");

    // A second sync moves nothing new.
    let again = member.sync_now().await.unwrap();
    assert_eq!(again.documents_fetched, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_and_the_client_disks_hold_no_plaintext() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-01")).unwrap();
    member.sync_now().await.unwrap();

    let needles: [&[u8]; 3] = [
        "Lâm Giang khóa XI".as_bytes(),
        "Dự thảo Nghị quyết".as_bytes(),
        "Khai mạc kỳ họp".as_bytes(),
    ];
    let mut dirs = vec![world.server.data_dir().to_path_buf()];
    dirs.push(world.profile("member-01"));
    for dir in dirs {
        for file in files_under(&dir) {
            let bytes = std::fs::read(&file).unwrap();
            for needle in needles {
                assert!(
                    !bytes.windows(needle.len()).any(|window| window == needle),
                    "{} contains plaintext {:?}",
                    file.display(),
                    String::from_utf8_lossy(needle)
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn someone_not_invited_sees_nothing_and_cannot_fetch_documents() {
    let world = SeededWorld::start().await.unwrap();
    let outsider_dir = world.profiles.path().join("outsider");
    enroll_person(
        &world.server.url(),
        &world.server.admin_token,
        "Khách Không Mời",
        "Phóng viên",
        Role::Guest,
        &outsider_dir,
    )
    .await
    .unwrap();
    let outsider = App::open(&outsider_dir).unwrap();
    let report = outsider.sync_now().await.unwrap();
    assert_eq!(report.meetings, 0);

    // Even knowing a blob id, the server refuses it to a device without an envelope.
    let member = App::open(&world.profile("member-02")).unwrap();
    member.sync_now().await.unwrap();
    let store =
        phonghop_store::Store::open(&world.profile("member-02").join("store.sqlite3")).unwrap();
    let meeting = &store.meetings().unwrap()[0];
    assert!(!meeting.sealed.is_empty());
    let client = outsider.server_session().await.unwrap();
    let blob_id = first_blob_id(&world);
    let error = client.get_blob(&blob_id).await.unwrap_err();
    assert_eq!(error.code(), "sync.server_error", "{error}");
}

fn first_blob_id(world: &SeededWorld) -> String {
    let connection =
        rusqlite::Connection::open(world.server.data_dir().join("phonghop.sqlite3")).unwrap();
    connection
        .query_row("SELECT blob_id FROM meeting_blobs LIMIT 1", [], |row| {
            row.get(0)
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_meeting_record_is_refused_and_nothing_is_stored() {
    let world = SeededWorld::start().await.unwrap();
    {
        let connection =
            rusqlite::Connection::open(world.server.data_dir().join("phonghop.sqlite3")).unwrap();
        let mut sealed: Vec<u8> = connection
            .query_row("SELECT sealed FROM meetings", [], |row| row.get(0))
            .unwrap();
        let middle = sealed.len() / 2;
        sealed[middle] ^= 0x01;
        connection
            .execute("UPDATE meetings SET sealed = ?1", [sealed])
            .unwrap();
    }
    let member = App::open(&world.profile("member-03")).unwrap();
    let error = member.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "crypto.decrypt_failed", "{error}");
    assert!(member.list_meetings().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_server_gone_the_stored_meetings_still_open() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-04")).unwrap();
    member.sync_now().await.unwrap();
    let SeededWorld {
        server, profiles, ..
    } = world;
    let data = server.data;
    server.server.stop().await.unwrap();

    let error = member.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "sync.unreachable");
    let meetings = member.list_meetings().unwrap();
    assert_eq!(meetings.len(), 1, "offline list still works");
    drop((data, profiles));
}

#[tokio::test(flavor = "multi_thread")]
async fn members_cannot_publish_and_the_server_refuses_them_too() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-06")).unwrap();
    let draft = phonghop_core::MeetingDraft {
        info: phonghop_domain::MeetingInfo {
            title: "Cuộc họp giả".into(),
            body: "x".into(),
            kind: phonghop_domain::MeetingKind::Sitting,
            starts_at: "2026-12-01T08:00:00+07:00".into(),
            ends_at: None,
            place: "x".into(),
            online_link: None,
        },
        items: vec![],
        participant_user_ids: vec![],
    };
    assert_eq!(
        member.publish_meeting(&draft).await.unwrap_err().code(),
        "auth.forbidden"
    );

    let client = member.server_session().await.unwrap();
    let bytes = b"not really ciphertext".to_vec();
    let id = phonghop_crypto::sha256_hex(&bytes);
    assert_eq!(
        client.put_blob(&id, bytes).await.unwrap_err().code(),
        "sync.forbidden"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_chunk_on_the_device_is_named_when_the_document_is_opened() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-07")).unwrap();
    member.sync_now().await.unwrap();
    let meeting = &member.list_meetings().unwrap()[0];
    let document = &meeting.agenda[2].documents[0];
    drop(member);

    let store_path = world.profile("member-07").join("store.sqlite3");
    {
        let connection = rusqlite::Connection::open(&store_path).unwrap();
        // Damage every stored chunk but keep each under its name (the manifest stays intact).
        let ids: Vec<(String, usize)> = connection
            .prepare("SELECT id, length(bytes) FROM blobs")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as usize)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, len) in ids {
            let mut bytes: Vec<u8> = connection
                .query_row("SELECT bytes FROM blobs WHERE id = ?1", [&id], |row| {
                    row.get(0)
                })
                .unwrap();
            if len > 20_000 {
                bytes[len / 2] ^= 0xff;
                connection
                    .execute(
                        "UPDATE blobs SET bytes = ?1 WHERE id = ?2",
                        rusqlite::params![bytes, id],
                    )
                    .unwrap();
            }
        }
    }
    let member = App::open(&world.profile("member-07")).unwrap();
    let error = member.open_document(&meeting.id, &document.id).unwrap_err();
    assert_eq!(error.code(), "crypto.chunk_mismatch", "{error}");
    let text = error.to_string();
    assert!(
        text.starts_with("chunk ") && text.contains(" does not match the manifest"),
        "the error names the chunk: {text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_lies_about_who_published_is_caught() {
    let world = SeededWorld::start().await.unwrap();
    let database = world.server.data_dir().join("phonghop.sqlite3");
    let original_key: String = {
        let connection = rusqlite::Connection::open(&database).unwrap();
        let key = connection
            .query_row(
                "SELECT signing_public_key FROM devices WHERE id = (SELECT published_by FROM meetings)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        // Swap in a key the root never certified.
        let impostor = phonghop_crypto::DeviceSecrets::generate().unwrap();
        connection
            .execute(
                "UPDATE devices SET signing_public_key = ?1 WHERE id = (SELECT published_by FROM meetings)",
                [hex_key(impostor.public_keys().signing)],
            )
            .unwrap();
        key
    };
    let member = App::open(&world.profile("member-08")).unwrap();
    let error = member.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "crypto.bad_certificate", "{error}");
    assert!(member.list_meetings().unwrap().is_empty());

    // Attribute the meeting to another, properly certified device: its signature does not
    // match the envelope, and a member may not publish anyway.
    {
        let connection = rusqlite::Connection::open(&database).unwrap();
        connection
            .execute(
                "UPDATE devices SET signing_public_key = ?1 WHERE id = (SELECT published_by FROM meetings)",
                [original_key],
            )
            .unwrap();
        let member_01: String =
            std::fs::read_to_string(world.profile("member-01").join("profile.json"))
                .unwrap()
                .split("\"device_id\": \"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
        connection
            .execute("UPDATE meetings SET published_by = ?1", [member_01])
            .unwrap();
    }
    let error = member.sync_now().await.unwrap_err();
    assert_eq!(error.code(), "record.malformed", "{error}");
    assert!(member.list_meetings().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_the_root_never_certified_receives_no_meeting_key() {
    let world = SeededWorld::start().await.unwrap();
    // Enrolled after the others and never certified: the secretary's next meeting skips it.
    let late_dir = world.profiles.path().join("late");
    enroll_person(
        &world.server.url(),
        &world.server.admin_token,
        "Người Đến Muộn",
        "Đại biểu",
        Role::Member,
        &late_dir,
    )
    .await
    .unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let late = App::open(&late_dir).unwrap();
    let draft = phonghop_core::MeetingDraft {
        info: phonghop_domain::MeetingInfo {
            title: "Phiên họp thường kỳ tháng 12".into(),
            body: "Thường trực HĐND tỉnh".into(),
            kind: phonghop_domain::MeetingKind::Sitting,
            starts_at: "2026-12-07T08:00:00+07:00".into(),
            ends_at: None,
            place: "Phòng họp số 2".into(),
            online_link: None,
        },
        items: vec![],
        participant_user_ids: vec![late.profile().config.user_id.clone()],
    };
    secretary.publish_meeting(&draft).await.unwrap();
    assert_eq!(late.sync_now().await.unwrap().meetings, 0);
}

fn hex_key(key: [u8; 32]) -> String {
    key.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A marker published through the client-side crypto in every field a secretary types and
/// in a document's bytes, then looked for, as text and in common encodings, in every file of
/// the server's data directory — the SQLite database, its WAL and the blobs — and of the
/// members' profiles after they synced.
#[tokio::test(flavor = "multi_thread")]
async fn a_marker_published_through_the_client_appears_nowhere_on_the_server_disk() {
    let world = SeededWorld::start().await.unwrap();
    let marker = format!("PHONGHOP-MARKER-{}", uuid::Uuid::new_v4().simple());
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-08")).unwrap();
    let mut pdf = b"%PDF-1.4\n% ".to_vec();
    pdf.extend_from_slice(marker.as_bytes());
    pdf.extend_from_slice(b"\n%%EOF\n");
    let draft = phonghop_core::MeetingDraft {
        info: phonghop_domain::MeetingInfo {
            title: format!("Kỳ họp {marker}"),
            body: format!("HĐND {marker}"),
            kind: phonghop_domain::MeetingKind::Sitting,
            starts_at: "2026-12-28T08:00:00+07:00".into(),
            ends_at: None,
            place: format!("Hội trường {marker}"),
            online_link: None,
        },
        items: vec![phonghop_core::DraftItem {
            title: format!("Nội dung {marker}"),
            presenter: Some(format!("Người trình bày {marker}")),
            documents: vec![phonghop_core::DraftDocument {
                title: format!("Tờ trình {marker}"),
                kind: phonghop_domain::DocumentKind::Report,
                bytes: pdf,
            }],
        }],
        participant_user_ids: vec![member.profile().config.user_id.clone()],
    };
    secretary.publish_meeting(&draft).await.unwrap();
    member.sync_now().await.unwrap();
    assert!(
        member
            .list_meetings()
            .unwrap()
            .iter()
            .any(|meeting| meeting.info.title.contains(&marker)),
        "the member reads the marker after decrypting"
    );

    let encodings: Vec<Vec<u8>> = vec![
        marker.as_bytes().to_vec(),
        hex::encode(marker.as_bytes()).into_bytes(),
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            marker.as_bytes(),
        )
        .into_bytes(),
        marker.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    ];
    let files: Vec<_> = files_under(world.server.data_dir())
        .into_iter()
        .chain(files_under(&world.profile("member-08")))
        .chain(files_under(&world.profile("secretary")))
        .collect();
    assert!(
        files.iter().any(|f| f.to_string_lossy().ends_with("-wal")),
        "the WAL is searched too: {files:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for needle in &encodings {
            assert!(
                !bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_slice()),
                "{} holds the marker",
                file.display()
            );
        }
    }
}
