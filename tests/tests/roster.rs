//! The administrator keeps the roster: a revoked device and a disabled person lose access
//! at once, even with a session already open, and the lists show where everyone stands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_domain::Role;
use phonghop_domain::wire::DeviceState;
use phonghop_sync::{ServerClient, SyncError};
use phonghop_tests::TestServer;

async fn enrolled_and_certified(
    server: &TestServer,
    profiles: &std::path::Path,
    name: &str,
) -> phonghop_core::App {
    let dir = profiles.join(name);
    phonghop_core::demo::enroll_person(
        &server.url(),
        &server.admin_token,
        name,
        "Đại biểu HĐND tỉnh",
        Role::Member,
        &dir,
    )
    .await
    .unwrap();
    phonghop_core::demo::certify_pending(
        &server.url(),
        &server.admin_token,
        &server.root_key().unwrap(),
    )
    .await
    .unwrap();
    phonghop_core::App::open(&dir).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_device_is_signed_out_at_once_and_leaves_the_directory() {
    let server = TestServer::start().await.unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let lost = enrolled_and_certified(&server, profiles.path(), "Đỗ Văn Lâm").await;
    let colleague = enrolled_and_certified(&server, profiles.path(), "Ngô Thị Thu").await;
    let admin = ServerClient::new(&server.url())
        .unwrap()
        .with_token(server.admin_token.clone());

    let session = lost.server_session().await.unwrap();
    let devices = admin.admin_devices().await.unwrap();
    assert_eq!(devices.len(), 2);
    let entry = devices
        .iter()
        .find(|device| device.display_name == "Đỗ Văn Lâm")
        .unwrap();
    assert_eq!(entry.state, DeviceState::Certified);
    assert!(entry.last_seen_at.is_some(), "signing in is recorded");

    admin.admin_revoke_device(&entry.device_id).await.unwrap();
    assert!(
        matches!(session.me().await, Err(SyncError::Unauthorized)),
        "the open session ends with the revocation"
    );
    // Signing in afresh (no session cached) is refused too.
    let reopened = phonghop_core::App::open(&profiles.path().join("Đỗ Văn Lâm")).unwrap();
    let again = reopened.server_session().await.unwrap_err();
    assert_eq!(again.code(), "sync.unauthorized", "{again}");
    let directory = colleague
        .server_session()
        .await
        .unwrap()
        .directory()
        .await
        .unwrap();
    assert_eq!(directory.len(), 1);
    assert_eq!(directory[0].display_name, "Ngô Thị Thu");
    let devices = admin.admin_devices().await.unwrap();
    assert_eq!(
        devices
            .iter()
            .find(|d| d.device_id == entry.device_id)
            .unwrap()
            .state,
        DeviceState::Revoked
    );
    let users = admin.admin_users().await.unwrap();
    let person = users
        .iter()
        .find(|u| u.display_name == "Đỗ Văn Lâm")
        .unwrap();
    assert_eq!(person.active_devices, 0);

    match admin.admin_revoke_device("no-such-device").await {
        Err(SyncError::Server { status, body }) => {
            assert_eq!(status, 404);
            assert_eq!(body.code, "not_found");
        }
        other => panic!("expected 404, got {other:?}"),
    }
    let member_session = colleague.server_session().await.unwrap();
    assert!(
        matches!(
            member_session.admin_revoke_device(&entry.device_id).await,
            Err(SyncError::Unauthorized)
        ),
        "a member's token is not an administrator's"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disabled_person_cannot_sign_in_or_enroll_until_enabled_again() {
    let server = TestServer::start().await.unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let member = enrolled_and_certified(&server, profiles.path(), "Phan Thị Yến").await;
    let admin = ServerClient::new(&server.url())
        .unwrap()
        .with_token(server.admin_token.clone());
    let session = member.server_session().await.unwrap();
    let user_id = session.me().await.unwrap().user_id;

    admin.admin_set_user_disabled(&user_id, true).await.unwrap();
    assert!(matches!(session.me().await, Err(SyncError::Unauthorized)));
    let reopen = || phonghop_core::App::open(&profiles.path().join("Phan Thị Yến")).unwrap();
    assert!(reopen().server_session().await.is_err());
    assert!(
        admin.admin_enrollment_code(&user_id).await.is_err(),
        "no new device for a disabled person"
    );
    let listed = admin.admin_users().await.unwrap();
    assert!(
        listed
            .iter()
            .find(|u| u.user_id == user_id)
            .unwrap()
            .disabled
    );

    admin
        .admin_set_user_disabled(&user_id, false)
        .await
        .unwrap();
    let back = reopen().server_session().await.unwrap();
    assert_eq!(back.me().await.unwrap().display_name, "Phan Thị Yến");
}
