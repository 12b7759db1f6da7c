//! The week before a meeting in two real apps: the secretary creates a meeting with three
//! agenda items and three documents and publishes it; a member's app receives it, fetches
//! it and opens a document; the secretary revises one and the member sees it marked as
//! changed; the secretary's readiness board shows the member ready.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{Client, Locator};
use phonghop_pdf::TextDocument;
use phonghop_tests::{SeededWorld, pdf_engine};

use crate::driver::AppSession;
use crate::{WAIT, click, open_document_titled, wait_for_text};

const TITLE: &str = "Phiên họp giao ban tháng Mười hai";

fn write_pdf(dir: &Path, name: &str, heading: &str, lines: usize) -> PathBuf {
    let bytes = pdf_engine()
        .unwrap()
        .write_text_document(
            &TextDocument {
                heading: vec![heading.to_owned()],
                paragraphs: (1..=lines)
                    .map(|n| format!("Đoạn {n} của {heading}: nội dung trình phiên họp."))
                    .collect(),
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Sets an input's value as typing would (for date and time fields, whose typing differs
/// between engines).
async fn set_value(client: &Client, selector: &str, value: &str) {
    client
        .execute(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![selector.into(), value.into()],
        )
        .await
        .unwrap();
}

async fn type_into(client: &Client, selector: &str, text: &str) {
    let field = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(selector))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Waits until `selector` matches `count` elements.
async fn wait_for_count(client: &Client, selector: &str, count: usize) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let found = client
            .find_all(Locator::Css(selector))
            .await
            .map(|all| all.len())
            .unwrap_or(0);
        if found == count {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{selector}: {found} of {count}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Refreshes the readiness board until the member's row says ready; returns its text.
async fn wait_until_ready(desk: &Client, member_id: &str) -> String {
    let row = format!("[data-testid=readiness-row][data-user-id='{member_id}']");
    let deadline = std::time::Instant::now() + WAIT;
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        if let Ok(button) = desk
            .find(Locator::Css("[data-testid=readiness-refresh]"))
            .await
        {
            let _ = button.click().await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        text = match desk.find(Locator::Css(&row)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains("Sẵn sàng") {
            break;
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn the_secretary_publishes_a_meeting_a_member_reads_it_sees_a_revision_and_shows_ready() {
    let world = SeededWorld::start().await.unwrap();
    let files = tempfile::tempdir().unwrap();
    let documents = [
        write_pdf(files.path(), "To trinh du toan.pdf", "Tờ trình dự toán", 30),
        write_pdf(files.path(), "Bao cao tien do.pdf", "Báo cáo tiến độ", 20),
        write_pdf(
            files.path(),
            "Chuong trinh.pdf",
            "Chương trình phiên họp",
            5,
        ),
    ];
    let revised = write_pdf(
        files.path(),
        "To trinh du toan (sua doi).pdf",
        "Tờ trình dự toán (sửa đổi)",
        32,
    );
    let member_dir = world.profile("member-05");
    let member_id = phonghop_core::Profile::open(&member_dir)
        .unwrap()
        .config
        .user_id
        .clone();

    // The secretary: a new meeting, its facts and who is invited.
    let secretary = AppSession::launch(&world.profile("secretary"))
        .await
        .unwrap();
    let desk = secretary.client();
    click(desk, "[data-testid=nav-prepare]").await;
    click(desk, "[data-testid=new-meeting]").await;
    type_into(desk, "[data-testid=meeting-title]", TITLE).await;
    type_into(desk, "[data-testid=meeting-body]", "Ủy ban nhân dân tỉnh").await;
    set_value(desk, "[data-testid=meeting-starts]", "2026-12-14T08:00").await;
    set_value(desk, "[data-testid=meeting-ends]", "2026-12-14T11:30").await;
    type_into(desk, "[data-testid=meeting-place]", "Phòng họp số 2").await;
    click(
        desk,
        &format!("[data-testid=participant-option][data-user-id='{member_id}']"),
    )
    .await;
    click(desk, "[data-testid=create-draft]").await;

    // The agenda: three items, the second under the first; a document on each.
    for _ in 0..3 {
        click(desk, "[data-testid=agenda-add-item]").await;
    }
    wait_for_count(desk, "[data-testid=agenda-row]", 3).await;
    let titles = [
        "Dự toán ngân sách năm 2027",
        "Tiến độ giải ngân",
        "Chương trình công tác",
    ];
    for (index, title) in titles.iter().enumerate() {
        type_into(
            desk,
            &format!("[data-testid=agenda-row][data-index='{index}'] [data-testid=agenda-title]"),
            title,
        )
        .await;
    }
    click(
        desk,
        "[data-testid=agenda-row][data-index='1'] [data-testid=agenda-indent]",
    )
    .await;
    let numbers = {
        let mut numbers = Vec::new();
        for element in desk
            .find_all(Locator::Css("[data-testid=agenda-number]"))
            .await
            .unwrap()
        {
            numbers.push(
                element
                    .text()
                    .await
                    .unwrap()
                    .trim()
                    .trim_end_matches('.')
                    .to_owned(),
            );
        }
        numbers
    };
    assert_eq!(numbers, ["1", "1.1", "2"]);
    for (index, path) in documents.iter().enumerate() {
        let input = desk
            .find(Locator::Css(&format!(
                "[data-testid=agenda-row][data-index='{index}'] [data-testid=attach-input]"
            )))
            .await
            .unwrap();
        input.send_keys(&path.display().to_string()).await.unwrap();
        wait_for_count(desk, "[data-testid=draft-document]", index + 1).await;
    }
    desk.execute(
        "const row = document.querySelector('[data-testid=agenda-row]');
         row.scrollIntoView({ block: 'start' });
         window.scrollBy(0, -140);
         for (let node = row.parentElement; node; node = node.parentElement) {
           if (node.scrollHeight > node.clientHeight) node.scrollTop -= 140;
         }",
        vec![],
    )
    .await
    .unwrap();
    secretary.screenshot("agenda-builder.png").await.unwrap();
    click(desk, "[data-testid=publish-draft]").await;
    click(desk, "[data-testid=publish-confirm]").await;
    desk.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=publish-done]"))
        .await
        .unwrap();

    // The member's app receives it, fetches it and opens a document.
    let member = AppSession::launch(&member_dir).await.unwrap();
    let reader = member.client();
    let card = wait_for_text(reader, "[data-testid=meeting-list]", TITLE).await;
    assert!(card.contains(TITLE), "{card}");
    open_document_titled(reader, "To trinh du toan").await;
    click(reader, "[data-testid=viewer-close]").await;
    reader
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=document-badge-read]"))
        .await
        .unwrap();

    // The secretary's readiness board shows the member ready.
    click(desk, "[data-testid=nav-meetings]").await;
    secretary
        .screenshot("meeting-list-secretary.png")
        .await
        .unwrap();
    let meeting_id = phonghop_core::App::open(&world.profile("secretary"))
        .unwrap()
        .list_meetings()
        .unwrap()
        .into_iter()
        .find(|meeting| meeting.info.title == TITLE)
        .expect("the secretary's app stored the published meeting")
        .id;
    let manage = desk
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "[data-testid=manage-meeting][data-meeting-id='{meeting_id}']"
        )))
        .await
        .unwrap();
    manage.click().await.unwrap();
    let text = wait_until_ready(desk, &member_id).await;
    assert!(text.contains("Sẵn sàng"), "readiness: {text}");

    // The secretary revises the first document; the member sees it changed.
    let revise = desk
        .find(Locator::Css("[data-testid=revise-input]"))
        .await
        .unwrap();
    revise
        .send_keys(&revised.display().to_string())
        .await
        .unwrap();
    let done = wait_for_text(desk, "[data-testid=revise-done]", "2").await;
    assert!(done.contains('2'), "{done}");
    if reader
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=document-badge-changed]"))
        .await
        .is_err()
    {
        member
            .screenshot("member-after-revision.png")
            .await
            .unwrap();
        let list = wait_for_text(reader, "[data-testid=meeting-list]", TITLE).await;
        panic!("the member never saw the revision: {list}");
    }
    member.screenshot("member-meeting-view.png").await.unwrap();
    // The member's app fetched the revision by itself: ready again for revision 2.
    let text = wait_until_ready(desk, &member_id).await;
    assert!(
        text.contains("Sẵn sàng"),
        "readiness after the revision: {text}"
    );
    secretary.screenshot("readiness-board.png").await.unwrap();
    member.close().await.unwrap();
    secretary.close().await.unwrap();
}
