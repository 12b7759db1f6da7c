//! End-to-end tests of the real desktop app: a real server with the demo meeting, the app
//! built with its bundled UI, driven through tauri-driver and WebKitWebDriver.
//!
//! `cargo xtask test` builds the app, starts Xvfb and D-Bus, and runs these with
//! `PHONGHOP_E2E_APP` naming the app binary. Run alone they are ignored, not failed.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod driver;

use std::time::Duration;

use fantoccini::Locator;
use phonghop_core::demo::enroll_person;
use phonghop_domain::Role;
use phonghop_tests::SeededWorld;

use driver::AppSession;

const WAIT: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn the_secretary_sees_the_demo_meeting_in_vietnamese() {
    let world = SeededWorld::start().await.unwrap();
    let session = AppSession::launch(&world.profile("secretary"))
        .await
        .unwrap();
    let client = session.client();

    let card = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=meeting-card]"))
        .await
        .unwrap();
    // The documents arrive with the app's own sync; wait until they show as available.
    let mut text = card.text().await.unwrap();
    for _ in 0..60 {
        if !text.contains("Chưa tải") && !text.contains("chưa tải") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        text = card.text().await.unwrap();
    }
    assert!(text.contains("Kỳ họp thứ Mười hai"), "card text: {text}");
    assert!(text.contains("Thứ Hai"), "date in Vietnamese: {text}");
    assert!(
        text.contains("Dự toán ngân sách địa phương năm 2027"),
        "agenda: {text}"
    );
    assert!(text.contains("Tờ trình"), "document kind label: {text}");
    assert!(
        !text.contains("Chưa tải về"),
        "every document should be on the device after sync: {text}"
    );

    let header = client
        .find(Locator::Css("header"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(header.contains("Nguyễn Thị Thu Hà"), "header: {header}");
    assert!(header.contains("Thư ký"), "role label: {header}");

    session.screenshot("meeting-list.png").await.unwrap();
    session.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn a_person_with_no_meetings_sees_the_empty_state_and_can_switch_to_english() {
    let world = SeededWorld::start().await.unwrap();
    let dir = world.profiles.path().join("new-member");
    enroll_person(
        &world.server.url(),
        &world.server.admin_token,
        "Phan Văn Mới",
        "Đại biểu",
        Role::Member,
        &dir,
    )
    .await
    .unwrap();
    let session = AppSession::launch(&dir).await.unwrap();
    let client = session.client();

    let empty = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=meetings-empty]"))
        .await
        .unwrap();
    let text = empty.text().await.unwrap();
    assert!(text.contains("Chưa có cuộc họp nào"), "empty state: {text}");
    session.screenshot("empty-state.png").await.unwrap();

    client
        .find(Locator::Css("[data-testid=language-toggle]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heading = client
        .find(Locator::Css("#meetings-heading"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading.trim(), "Meetings", "heading should now be English");
    session.close().await.unwrap();
}
