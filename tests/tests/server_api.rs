//! The server's HTTP API refuses bad requests with a status and a stable code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_domain::Role;
use phonghop_domain::wire::NewUser;
use phonghop_sync::{ServerClient, SyncError};
use phonghop_tests::TestServer;

#[tokio::test(flavor = "multi_thread")]
async fn requests_without_valid_credentials_are_refused() {
    let server = TestServer::start().await.unwrap();
    let anonymous = ServerClient::new(&server.url()).unwrap();
    assert_eq!(anonymous.health().await.unwrap().status, "ok");
    assert!(matches!(
        anonymous.meetings().await,
        Err(SyncError::Unauthorized)
    ));
    let forged = anonymous.clone().with_token("0".repeat(64));
    assert!(matches!(
        forged.meetings().await,
        Err(SyncError::Unauthorized)
    ));
    let user = NewUser {
        display_name: "Kẻ Mạo Danh".into(),
        title: String::new(),
        role: Role::Admin,
    };
    assert!(matches!(
        forged.admin_add_user(&user).await,
        Err(SyncError::Unauthorized)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blob_whose_bytes_do_not_match_its_name_is_refused() {
    let server = TestServer::start().await.unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let dir = profiles.path().join("secretary");
    phonghop_core::demo::enroll_person(
        &server.url(),
        &server.admin_token,
        "Thư Ký",
        "",
        Role::Secretary,
        &dir,
    )
    .await
    .unwrap();
    let client = phonghop_core::App::open(&dir)
        .unwrap()
        .server_session()
        .await
        .unwrap();

    let wrong_name = phonghop_crypto::sha256_hex(b"other bytes");
    match client.put_blob(&wrong_name, b"these bytes".to_vec()).await {
        Err(SyncError::Server { status, body }) => {
            assert_eq!(status, 400);
            assert_eq!(body.code, "blob.hash_mismatch");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    match client.get_blob("not-a-hash").await {
        Err(SyncError::Server { status, body }) => {
            assert_eq!(status, 400);
            assert_eq!(body.code, "blob.bad_id");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_enrollment_code_works_once_and_a_login_needs_the_device_key() {
    let server = TestServer::start().await.unwrap();
    let admin = ServerClient::new(&server.url())
        .unwrap()
        .with_token(server.admin_token.clone());
    let user = admin
        .admin_add_user(&NewUser {
            display_name: "Vũ Thị Hồng Nhung".into(),
            title: "Đại biểu".into(),
            role: Role::Member,
        })
        .await
        .unwrap();
    let code = admin.admin_enrollment_code(&user.user_id).await.unwrap();
    assert_eq!(code.code.len(), 19, "{}", code.code);

    let profiles = tempfile::tempdir().unwrap();
    // Typed without dashes, it still works; a second use of the same code does not.
    let typed = code.code.replace('-', " ");
    let profile = phonghop_core::enroll(&profiles.path().join("a"), &server.url(), &typed)
        .await
        .unwrap();
    assert_eq!(profile.config.display_name, "Vũ Thị Hồng Nhung");
    let again = phonghop_core::enroll(&profiles.path().join("b"), &server.url(), &code.code)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "sync.forbidden", "{again}");
    let wrong = phonghop_core::enroll(
        &profiles.path().join("c"),
        &server.url(),
        "0000-0000-0000-0000",
    )
    .await
    .unwrap_err();
    assert_eq!(wrong.code(), "sync.forbidden");

    // A challenge signed by another key, or answered twice, is refused.
    let device_id = profile.config.device_id.clone();
    let anonymous = ServerClient::new(&server.url()).unwrap();
    let challenge = anonymous.challenge(&device_id).await.unwrap();
    let impostor = phonghop_crypto::DeviceSecrets::generate().unwrap();
    let statement = phonghop_crypto::login_statement(
        &profile.config.organisation,
        &device_id,
        &challenge.challenge,
    );
    let forged = phonghop_domain::wire::Login {
        device_id: device_id.clone(),
        challenge: challenge.challenge.clone(),
        signature: hex_of(&impostor.signing().sign_record(&statement)),
    };
    assert!(matches!(
        anonymous.login(&forged).await,
        Err(SyncError::Unauthorized)
    ));
    let genuine = phonghop_domain::wire::Login {
        signature: hex_of(&profile.secrets.signing().sign_record(&statement)),
        ..forged
    };
    assert!(
        matches!(
            anonymous.login(&genuine).await,
            Err(SyncError::Unauthorized)
        ),
        "the challenge was burnt by the failed attempt"
    );
    let fresh = anonymous.challenge(&device_id).await.unwrap();
    let statement = phonghop_crypto::login_statement(
        &profile.config.organisation,
        &device_id,
        &fresh.challenge,
    );
    let login = phonghop_domain::wire::Login {
        device_id: device_id.clone(),
        challenge: fresh.challenge,
        signature: hex_of(&profile.secrets.signing().sign_record(&statement)),
    };
    let session = anonymous.login(&login).await.unwrap();
    assert!(
        anonymous.login(&login).await.is_err(),
        "a login cannot be replayed"
    );
    let me = anonymous.with_token(session.token).me().await.unwrap();
    assert_eq!(me.device_id, device_id);
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_roots_signature_certifies_a_device() {
    let server = TestServer::start().await.unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let dir = profiles.path().join("member");
    phonghop_core::demo::enroll_person(
        &server.url(),
        &server.admin_token,
        "Bùi Thị Mai",
        "",
        Role::Member,
        &dir,
    )
    .await
    .unwrap();
    let admin = ServerClient::new(&server.url())
        .unwrap()
        .with_token(server.admin_token.clone());
    let pending = admin.admin_pending_devices().await.unwrap();
    assert_eq!(pending.len(), 1);

    // Signed by some other key: refused, and the device stays uncertified.
    let forger = phonghop_crypto::RootKey::generate().unwrap();
    let forged = phonghop_core::trust::certify(&forger, &pending[0], 0, u64::MAX / 2).unwrap();
    match admin
        .admin_certify_device(&pending[0].device_id, &forged)
        .await
    {
        Err(SyncError::Server { status, body }) => {
            assert_eq!(status, 400);
            assert_eq!(body.code, "certificate.bad_signature");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let member = phonghop_core::App::open(&dir).unwrap();
    let client = member.server_session().await.unwrap();
    assert!(client.directory().await.unwrap().is_empty());

    // The administrator's tool, holding the root key, certifies it.
    let database = phonghop_server::db::Database::open(
        &server.data_dir().join(phonghop_server::DATABASE_FILE),
    )
    .unwrap();
    let root = server.root_key().unwrap();
    let certified =
        phonghop_server::certify::approve_pending(&database, &root, 1_800_000_000).unwrap();
    assert_eq!(certified.len(), 1);
    let directory = client.directory().await.unwrap();
    assert_eq!(directory.len(), 1);
    let anchor =
        phonghop_core::trust::anchor_from_hex(&member.profile().config.root_public_key).unwrap();
    let keys = phonghop_core::trust::verify_entry(&anchor, &directory[0], 1_800_000_100).unwrap();
    assert_eq!(keys, member.profile().secrets.public_keys());

    // A wrong passphrase does not open the root key.
    let wrong = phonghop_server::certify::unlock_root(
        &server
            .data_dir()
            .join(phonghop_server::certify::ROOT_KEY_FILE),
        "not the passphrase",
    )
    .unwrap_err();
    assert_eq!(wrong.body.code, "crypto.wrong_passphrase");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_refuses_a_server_whose_certificate_is_not_the_pinned_one() {
    let server = TestServer::start().await.unwrap();
    let genuine = ServerClient::new(&server.url()).unwrap();
    assert_eq!(genuine.health().await.unwrap().status, "ok");

    // The same address with another fingerprint: an impostor as far as the client knows.
    let base = server.url().split('#').next().unwrap().to_owned();
    let impostor = ServerClient::new(&format!("{base}#sha256={}", "0".repeat(64))).unwrap();
    match impostor.health().await {
        Err(SyncError::Unreachable { detail, .. }) => {
            assert!(
                detail.contains("certificate"),
                "the reason is told: {detail}"
            );
        }
        other => panic!("expected the TLS handshake to fail, got {other:?}"),
    }
    let live = impostor.with_token("x".repeat(64)).live_feed(0).await;
    assert!(
        matches!(live, Err(SyncError::Unreachable { .. })),
        "the WebSocket pins the certificate too: {live:?}"
    );
    // An https address without its fingerprint is refused before any connection.
    assert!(matches!(
        ServerClient::new(&base),
        Err(SyncError::BadUrl(_))
    ));
    // Plain http to the TLS port gets no answer it can use.
    let plain = ServerClient::new(&base.replace("https://", "http://")).unwrap();
    assert!(plain.health().await.is_err());
}
