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
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("profile.json")).unwrap()).unwrap();
    let client = ServerClient::new(&server.url())
        .unwrap()
        .with_token(config["device_token"].as_str().unwrap());

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
