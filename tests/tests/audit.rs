//! Each meeting's audit chain through the real server: a participant verifies it with
//! nothing but the organisation root key; a rewritten, truncated or re-signed history is
//! caught on the client, and a row changed in the server's database is caught by `verify`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_core::{App, MeetingDraft};
use phonghop_crypto::TrustAnchor;
use phonghop_crypto::audit::Checkpoint;
use phonghop_domain::{MeetingInfo, MeetingKind};
use phonghop_sync::SyncError;
use phonghop_tests::SeededWorld;

fn draft(place: &str, participants: Vec<String>) -> MeetingDraft {
    MeetingDraft {
        info: MeetingInfo {
            title: "Phiên họp chuyên đề".into(),
            body: "Thường trực HĐND tỉnh".into(),
            kind: MeetingKind::Sitting,
            starts_at: "2026-12-21T14:00:00+07:00".into(),
            ends_at: None,
            place: place.into(),
            online_link: None,
        },
        items: vec![],
        participant_user_ids: participants,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_participant_verifies_the_chain_with_the_root_key_and_tampering_is_caught() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-06")).unwrap();
    let member_id = member.profile().config.user_id.clone();
    let meeting = secretary
        .publish_meeting(&draft("Phòng họp số 3", vec![member_id.clone()]))
        .await
        .unwrap();
    secretary
        .republish_meeting(&meeting, &draft("Hội trường lớn", vec![member_id]))
        .await
        .unwrap();

    let config = &member.profile().config;
    let anchor = TrustAnchor::from_hex(&config.root_public_key).unwrap();
    let client = member.server_session().await.unwrap();
    let log = client.audit_log(&meeting).await.unwrap();
    let kinds: Vec<&str> = log.entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["meeting.published", "meeting.revised"]);
    let head = log.verify(&anchor, &config.organisation, &meeting).unwrap();
    assert_eq!(head, log.checkpoint.head);

    // Rewritten, truncated, or shown for another meeting: refused.
    let mut rewritten = log.clone();
    rewritten.entries[0].payload[0] ^= 1;
    assert!(
        rewritten
            .verify(&anchor, &config.organisation, &meeting)
            .is_err()
    );
    let mut truncated = log.clone();
    truncated.entries.pop();
    assert!(
        truncated
            .verify(&anchor, &config.organisation, &meeting)
            .is_err()
    );
    assert!(
        log.verify(&anchor, &config.organisation, &world.seed.meeting_id)
            .is_err()
    );
    // A history re-signed by a key the root never certified: refused.
    let impostor = phonghop_crypto::SigningSecret::generate().unwrap();
    let mut chain = phonghop_crypto::audit::AuditChain::new();
    chain.append(1, "meeting.published", vec![1, 2, 3]);
    let mut forged = log.clone();
    forged.entries = chain.entries().to_vec();
    forged.checkpoint = Checkpoint::sign(&impostor, &meeting, &chain);
    forged.server_key = hex::encode(impostor.public_key());
    assert!(
        forged
            .verify(&anchor, &config.organisation, &meeting)
            .is_err()
    );

    // Someone outside the meeting is not shown its log.
    let outsider = App::open(&world.profile("member-07")).unwrap();
    match outsider
        .server_session()
        .await
        .unwrap()
        .audit_log(&meeting)
        .await
    {
        Err(SyncError::Server { status, .. }) => assert_eq!(status, 404),
        other => panic!("expected 404, got {other:?}"),
    }

    // On the server, every chain verifies — until a row is changed behind its back.
    let db_path = world.server.data_dir().join(phonghop_server::DATABASE_FILE);
    let db = phonghop_server::db::Database::open(&db_path).unwrap();
    let reports = phonghop_server::audit::verify_all(&db).unwrap();
    let report = reports.iter().find(|r| r.meeting_id == meeting).unwrap();
    assert_eq!(report.length, 2);
    assert_eq!(report.head, hex::encode(head));
    rusqlite::Connection::open(&db_path)
        .unwrap()
        .execute(
            "UPDATE audit_entries SET payload = X'00' WHERE meeting_id = ?1 AND seq = 1",
            [&meeting],
        )
        .unwrap();
    let error = phonghop_server::audit::verify_all(&db).unwrap_err();
    assert_eq!(error.body.code, "audit.chain_broken");
    assert!(
        error.body.message.contains(&meeting),
        "{}",
        error.body.message
    );
    assert!(
        error.body.message.contains("entry 1"),
        "{}",
        error.body.message
    );
}
