//! Chunk transfer through the real server: "which of these do you lack" in one call,
//! idempotent uploads, and downloads resumed with a byte range and checked whole.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_core::App;
use phonghop_sync::SyncError;
use phonghop_tests::SeededWorld;

fn meeting_blob_ids(world: &SeededWorld) -> Vec<String> {
    let connection =
        rusqlite::Connection::open(world.server.data_dir().join("phonghop.sqlite3")).unwrap();
    let mut statement = connection
        .prepare("SELECT blob_id FROM meeting_blobs ORDER BY blob_id")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploader_learns_in_one_call_which_chunks_the_server_lacks() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary"))
        .unwrap()
        .server_session()
        .await
        .unwrap();
    let stored = meeting_blob_ids(&world);
    let fresh_a = b"ciphertext the server has never seen (a)".to_vec();
    let fresh_b = b"ciphertext the server has never seen (b)".to_vec();
    let (id_a, id_b) = (
        phonghop_crypto::sha256_hex(&fresh_a),
        phonghop_crypto::sha256_hex(&fresh_b),
    );
    let asked = vec![
        stored[0].clone(),
        id_a.clone(),
        stored[1].clone(),
        id_b.clone(),
    ];
    assert_eq!(
        secretary.missing_blobs(&asked).await.unwrap(),
        vec![id_a.clone(), id_b.clone()]
    );
    secretary.put_blob(&id_a, fresh_a.clone()).await.unwrap();
    secretary.put_blob(&id_a, fresh_a).await.unwrap();
    assert_eq!(secretary.missing_blobs(&asked).await.unwrap(), vec![id_b]);

    match secretary
        .missing_blobs(&["../../etc/passwd".to_owned()])
        .await
    {
        Err(SyncError::Server { status, body }) => {
            assert_eq!((status, body.code.as_str()), (400, "blob.bad_id"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let member = App::open(&world.profile("member-04"))
        .unwrap()
        .server_session()
        .await
        .unwrap();
    assert!(matches!(
        member.missing_blobs(&asked).await,
        Err(SyncError::Forbidden(_))
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_cut_short_resumes_from_its_last_byte_and_is_checked_whole() {
    let world = SeededWorld::start().await.unwrap();
    let member = App::open(&world.profile("member-05")).unwrap();
    let client = member.server_session().await.unwrap();
    let ids = meeting_blob_ids(&world);
    let mut largest = (String::new(), Vec::new());
    for id in &ids {
        let bytes = client.get_blob(id).await.unwrap();
        if bytes.len() > largest.1.len() {
            largest = (id.clone(), bytes);
        }
    }
    let (id, whole) = largest;
    assert!(whole.len() > 1000, "a chunk worth cutting: {}", whole.len());

    for cut in [1, whole.len() / 3, whole.len() - 1] {
        let resumed = client
            .resume_blob(&id, whole[..cut].to_vec())
            .await
            .unwrap();
        assert_eq!(resumed, whole, "resumed after {cut} bytes");
    }
    // A partial copy damaged on disk does not pass for the blob.
    let mut damaged = whole[..100].to_vec();
    damaged[7] ^= 0x01;
    assert!(matches!(
        client.resume_blob(&id, damaged).await,
        Err(SyncError::Integrity(_))
    ));

    // On the wire: 206 with the right Content-Range, and 416 for a range past the end.
    let (http, base) = phonghop_sync::raw_http_client(&world.server.url()).unwrap();
    let session_token = session_token_of(&member).await;
    let part = http
        .get(format!("{base}/api/v1/blobs/{id}"))
        .bearer_auth(&session_token)
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"].to_str().unwrap(),
        format!("bytes 10-19/{}", whole.len())
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &whole[10..20]);
    let past_end = http
        .get(format!("{base}/api/v1/blobs/{id}"))
        .bearer_auth(&session_token)
        .header("range", format!("bytes={}-", whole.len()))
        .send()
        .await
        .unwrap();
    assert_eq!(past_end.status(), 416);
    assert_eq!(
        past_end.headers()["content-range"].to_str().unwrap(),
        format!("bytes */{}", whole.len())
    );
    let body: phonghop_domain::ErrorBody = past_end.json().await.unwrap();
    assert_eq!(body.code, "blob.range_not_satisfiable");
}

/// A fresh session token for the member's device, by the real challenge and signature.
async fn session_token_of(app: &App) -> String {
    let config = &app.profile().config;
    let anonymous = phonghop_sync::ServerClient::new(&config.server_url).unwrap();
    let challenge = anonymous.challenge(&config.device_id).await.unwrap();
    let statement = phonghop_crypto::login_statement(
        &config.organisation,
        &config.device_id,
        &challenge.challenge,
    );
    let signature = app.profile().secrets.signing().sign_record(&statement);
    anonymous
        .login(&phonghop_domain::wire::Login {
            device_id: config.device_id.clone(),
            challenge: challenge.challenge,
            signature: hex::encode(signature),
        })
        .await
        .unwrap()
        .token
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_brings_several_chunks_in_one_answer_each_checked_and_only_for_participants() {
    let world = SeededWorld::start().await.unwrap();
    let stored = meeting_blob_ids(&world);
    let asked: Vec<String> = stored.iter().take(5).cloned().collect();
    let member = App::open(&world.profile("member-02"))
        .unwrap()
        .server_session()
        .await
        .unwrap();
    let mut arrived = Vec::new();
    member
        .fetch_batch(&asked, |id, bytes| arrived.push((id.to_owned(), bytes)))
        .await
        .unwrap();
    assert_eq!(
        arrived.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        asked,
        "every blob, in the order asked"
    );
    for (id, bytes) in &arrived {
        assert_eq!(&phonghop_crypto::sha256_hex(bytes), id);
        assert_eq!(bytes, &member.get_blob(id).await.unwrap());
    }

    // Someone outside the meeting gets nothing, not even the blobs before the one refused.
    let outsider_dir = world
        .enroll_approved("outsider", "Người ngoài", phonghop_domain::Role::Member)
        .await
        .unwrap();
    let outsider = App::open(&outsider_dir)
        .unwrap()
        .server_session()
        .await
        .unwrap();
    let mut leaked = 0;
    match outsider.fetch_batch(&asked, |_, _| leaked += 1).await {
        Err(phonghop_sync::BatchCut {
            error: SyncError::Server { status, .. },
            ..
        }) => assert_eq!(status, 404),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(leaked, 0);
    let too_many: Vec<String> = (0..300).map(|_| asked[0].clone()).collect();
    match member.fetch_batch(&too_many, |_, _| {}).await {
        Err(phonghop_sync::BatchCut {
            error: SyncError::Server { status, body },
            ..
        }) => assert_eq!((status, body.code.as_str()), (400, "blob.too_many_ids")),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
