//! End-to-end tests of the real desktop app: a real server with the demo meeting, the app
//! built with its bundled UI, driven through tauri-driver and WebKitWebDriver.
//!
//! `cargo xtask test` builds the app, starts Xvfb and D-Bus, and runs these with
//! `PHONGHOP_E2E_APP` naming the app binary. Run alone they are ignored, not failed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod annotations;
mod driver;
mod preparation;
mod room;

use std::time::Duration;

use fantoccini::Locator;
use phonghop_domain::Role;
use phonghop_tests::SeededWorld;

use driver::AppSession;

pub(crate) const WAIT: Duration = Duration::from_secs(90);

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
    // The administrator approves the new device, so colleagues' envelopes can reach it.
    let dir = world
        .enroll_approved("new-member", "Phan Văn Mới", Role::Member)
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

    // The secretary invites this person: the app, following the server, shows the meeting
    // and fetches its document without anyone pressing "Sync".
    let secretary = phonghop_core::App::open(&world.profile("secretary")).unwrap();
    let member_id = phonghop_core::Profile::open(&dir)
        .unwrap()
        .config
        .user_id
        .clone();
    // Only the bytes matter here: the app must fetch them, not draw them.
    let bytes = b"%PDF-1.4\n% Bao cao giai trinh\n%%EOF\n".repeat(2_000);
    secretary
        .publish_meeting(&phonghop_core::MeetingDraft {
            info: phonghop_domain::MeetingInfo {
                title: "Phiên họp giải trình".into(),
                body: "Thường trực HĐND tỉnh".into(),
                kind: phonghop_domain::MeetingKind::Sitting,
                starts_at: "2027-01-18T08:00:00+07:00".into(),
                ends_at: None,
                place: "Phòng họp số 1".into(),
                online_link: None,
            },
            items: vec![phonghop_core::DraftItem {
                title: "Giải trình của Sở Xây dựng".into(),
                presenter: None,
                documents: vec![phonghop_core::DraftDocument {
                    title: "Báo cáo giải trình".into(),
                    kind: phonghop_domain::DocumentKind::Report,
                    bytes,
                }],
            }],
            participant_user_ids: vec![member_id],
        })
        .await
        .unwrap();
    let readiness = wait_for_text(
        client,
        "[data-testid=meeting-readiness]",
        "readable offline",
    )
    .await;
    assert!(readiness.contains("Every document"), "{readiness}");
    let card = client
        .find(Locator::Css("[data-testid=meeting-card]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card.contains("Phiên họp giải trình"), "{card}");
    session.screenshot("followed-meeting.png").await.unwrap();
    session.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn a_member_whose_key_is_protected_types_the_passphrase_and_sees_the_meeting() {
    use fantoccini::key::Key;

    let world = SeededWorld::start().await.unwrap();
    let dir = world.profile("member-03");
    phonghop_core::Profile::open(&dir)
        .unwrap()
        .protect("Hội đồng 2026")
        .unwrap();
    let session = AppSession::launch(&dir).await.unwrap();
    let client = session.client();
    let field = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=unlock-passphrase]"))
        .await
        .unwrap();
    session.screenshot("unlock.png").await.unwrap();

    field.send_keys("Hội đồng 2025").await.unwrap();
    field.send_keys(&Key::Enter.to_string()).await.unwrap();
    let error = wait_for_text(client, "[data-testid=unlock-error]", "chưa đúng").await;
    assert!(error.contains("Mật khẩu chưa đúng"), "{error}");

    let field = client
        .find(Locator::Css("[data-testid=unlock-passphrase]"))
        .await
        .unwrap();
    field.send_keys("Hội đồng 2026").await.unwrap();
    field.send_keys(&Key::Enter.to_string()).await.unwrap();
    let card = wait_for_text(client, "[data-testid=meeting-card]", "Kỳ họp thứ Mười hai").await;
    assert!(card.contains("Kỳ họp thứ Mười hai"), "{card}");
    session.close().await.unwrap();
}

/// Presses `keys` together (the first ones held as modifiers), as a person would.
async fn press(client: &fantoccini::Client, keys: &[char]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for &value in keys {
        actions = actions.then(KeyAction::Down { value });
    }
    for &value in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value });
    }
    client.perform_actions(actions).await.unwrap();
}

/// Waits until page `index` (zero-based) shows its image at the current size, decoded.
async fn page_drawn(client: &fantoccini::Client, index: u32) {
    let script = format!(
        "const i = document.querySelector(\"img[data-testid=page-image][data-page='{index}']\"); \
         return !!i && i.complete && i.naturalWidth > 0 && i.dataset.loaded === 'true';"
    );
    let deadline = std::time::Instant::now() + WAIT;
    let mut settled = 0;
    while settled < 2 {
        let drawn = client.execute(&script, vec![]).await.unwrap();
        settled = if drawn == serde_json::Value::Bool(true) {
            settled + 1
        } else {
            0
        };
        assert!(
            std::time::Instant::now() < deadline,
            "page {} was never drawn",
            index + 1
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Waits for `selector` and clicks it.
pub(crate) async fn click(client: &fantoccini::Client, selector: &str) {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector} never appeared: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("{selector} cannot be clicked: {error}"));
}

/// Opens the document whose button says `title` once it is on the device, and waits for its
/// first page to be drawn.
pub(crate) async fn open_document_titled(client: &fantoccini::Client, title: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        for button in client
            .find_all(Locator::Css("[data-testid=open-document]"))
            .await
            .unwrap()
        {
            if button.text().await.unwrap_or_default().contains(title) {
                button.click().await.unwrap();
                client
                    .wait()
                    .at_most(WAIT)
                    .for_element(Locator::Css(
                        "img[data-testid=page-image][data-page='0'][data-loaded=true]",
                    ))
                    .await
                    .unwrap();
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{title} never became readable"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Waits until the text of `selector` contains `wanted`, returning the last text seen.
pub(crate) async fn wait_for_text(
    client: &fantoccini::Client,
    selector: &str,
    wanted: &str,
) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let text = match client.find(Locator::Css(selector)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(wanted) || std::time::Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn a_member_reads_a_document_turns_pages_and_finds_a_word_typed_without_diacritics() {
    use fantoccini::key::Key;

    let world = SeededWorld::start().await.unwrap();
    let session = AppSession::launch(&world.profile("member-08"))
        .await
        .unwrap();
    let client = session.client();

    // Open the socio-economic report once it is on the device.
    open_document_titled(client, "Báo cáo tình hình kinh tế").await;

    // Page 1 is drawn: real pixels, dark text on a light page, not a blank box.
    let first = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "img[data-testid=page-image][data-page='0'][data-loaded=true]",
        ))
        .await
        .unwrap();
    // What the person sees of it: the window, cut to the page's box (the page is taller
    // than the window, and the toolbars sit above it).
    let (left, top, width, height) = first.rectangle().await.unwrap();
    // The window may show the page a frame after it loaded: look again for a few seconds.
    let mut attempt = 0;
    let (total, dark, light, shown) = loop {
        let shot = client.screenshot().await.unwrap();
        let measured = measure_page(&shot, (left, top, width, height));
        attempt += 1;
        if measured.1 * 200 > measured.0 || attempt == 20 {
            let _ = std::fs::write(
                std::env::var_os("PHONGHOP_E2E_ARTIFACTS")
                    .map(std::path::PathBuf::from)
                    .unwrap_or_else(std::env::temp_dir)
                    .join("first-page.png"),
                &shot,
            );
            break measured;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        total > 10_000,
        "the page shows {} × {} px of the window",
        shown.0,
        shown.1
    );
    assert!(
        dark * 200 > total,
        "text drawn: {dark} dark pixels of {total}"
    );
    assert!(
        light * 2 > total,
        "on a light page: {light} light pixels of {total}"
    );

    let indicator = wait_for_text(client, "[data-testid=page-indicator]", "Trang 1 /").await;
    assert!(indicator.contains("Trang 1 /"), "indicator: {indicator}");

    // Page Down reads on a screen at a time and reaches page 2; End goes to the last page,
    // Home back to the first.
    let mut indicator = String::new();
    for _ in 0..4 {
        press(client, &[Key::PageDown.into()]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        indicator = wait_for_text(client, "[data-testid=page-indicator]", "Trang").await;
        if indicator.contains("Trang 2 /") {
            break;
        }
    }
    assert!(
        indicator.contains("Trang 2 /"),
        "after Page Down: {indicator}"
    );
    press(client, &[Key::End.into()]).await;
    let pages: String = indicator
        .rsplit('/')
        .next()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let last = wait_for_text(
        client,
        "[data-testid=page-indicator]",
        &format!("Trang {pages} /"),
    )
    .await;
    assert!(
        last.contains(&format!("Trang {pages} /")),
        "after End: {last}"
    );
    press(client, &[Key::Home.into()]).await;
    let indicator = wait_for_text(client, "[data-testid=page-indicator]", "Trang 1 /").await;
    assert!(indicator.contains("Trang 1 /"), "after Home: {indicator}");

    // Ctrl+F, a word typed without diacritics, Enter: hits are listed and highlighted.
    press(client, &[Key::Control.into(), 'f']).await;
    let input = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys("bieu quyet").await.unwrap();
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=search-hit]"))
        .await
        .unwrap();
    let mut in_report = None;
    for hit in client
        .find_all(Locator::Css("[data-testid=search-hit]"))
        .await
        .unwrap()
    {
        let text = hit.text().await.unwrap_or_default();
        assert!(text.to_lowercase().contains("biểu quyết"), "hit: {text}");
        if in_report.is_none() && text.contains("Báo cáo tình hình kinh tế") {
            in_report = Some(hit);
        }
    }
    let hit = in_report.expect("a hit in the open report");
    // The list scrolls inside its panel; bring the hit into view as a person would.
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&hit).unwrap()],
        )
        .await
        .unwrap();
    session.screenshot("search-results.png").await.unwrap();
    hit.click().await.unwrap();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=hit-highlight].active"))
        .await
        .unwrap();
    // The box is drawn where the view scrolled to: inside the window, with a size.
    let size = client
        .execute(
            "const r = document.querySelector('[data-testid=hit-highlight].active').getBoundingClientRect(); \
             return [r.width, r.height, r.top, window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let size: Vec<f64> = serde_json::from_value(size).unwrap();
    assert!(
        size[0] > 20.0 && size[1] > 5.0 && size[2] > 0.0 && size[2] < size[3],
        "the highlight has a size and is in view: {size:?}"
    );
    let indicator = wait_for_text(client, "[data-testid=page-indicator]", "Trang").await;
    assert!(
        !indicator.contains("Trang 1 /"),
        "the hit is past page 1: {indicator}"
    );

    // The page under the highlight is drawn at its current size.
    let shown: String = indicator
        .split('/')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    page_drawn(client, shown.parse::<u32>().unwrap() - 1).await;
    // Let the webview paint the decoded page before the picture for the README is taken.
    tokio::time::sleep(Duration::from_secs(2)).await;
    session.screenshot("viewer-search.png").await.unwrap();

    // Thumbnails and night mode: the side panel lists every page with the current one
    // marked, and the page turns dark.
    let buttons = client
        .find_all(Locator::Css(".toolbar button"))
        .await
        .unwrap();
    for button in &buttons {
        let text = button.text().await.unwrap_or_default();
        if text.contains("Các trang") || text.contains("Nền tối") {
            button.click().await.unwrap();
        }
    }
    let thumbnails = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=thumbnail][aria-current=page]"))
        .await
        .unwrap();
    let label = thumbnails.text().await.unwrap();
    assert!(
        indicator.contains(&format!("Trang {} /", label.trim())),
        "{label} vs {indicator}"
    );
    let count = client
        .find_all(Locator::Css("[data-testid=thumbnail]"))
        .await
        .unwrap()
        .len();
    assert_eq!(
        format!("/ {count}"),
        format!("/ {}", indicator.rsplit("/ ").next().unwrap().trim())
    );
    let night = client
        .execute(
            "return getComputedStyle(document.querySelector('[data-testid=viewer]')).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        night,
        serde_json::json!("rgb(17, 24, 39)"),
        "night background"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    session.screenshot("viewer-night.png").await.unwrap();
    session.close().await.unwrap();
}

/// Counts, in the part of a window screenshot (PNG) inside `rect` (left, top, width,
/// height in CSS pixels), all pixels, dark ones (text) and light ones (paper); and the size
/// of that part.
fn measure_page(
    png_bytes: &[u8],
    rect: (f64, f64, f64, f64),
) -> (usize, usize, usize, (usize, usize)) {
    let (left, top, width, height) = rect;
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    let channels = frame.color_type.samples();
    let row_bytes = frame.width as usize * channels;
    let clamp = |value: f64, limit: u32| (value.max(0.0) as usize).min(limit as usize);
    let (x0, x1) = (clamp(left, frame.width), clamp(left + width, frame.width));
    let (y0, y1) = (clamp(top, frame.height), clamp(top + height, frame.height));
    let mut pixels = Vec::new();
    for row in y0..y1 {
        pixels.extend_from_slice(
            &buffer[row * row_bytes + x0 * channels..row * row_bytes + x1 * channels],
        );
    }
    let total = pixels.len() / channels;
    let dark = pixels
        .chunks_exact(channels)
        .filter(|pixel| pixel[..3].iter().map(|&v| u32::from(v)).sum::<u32>() < 3 * 100)
        .count();
    let light = pixels
        .chunks_exact(channels)
        .filter(|pixel| pixel[..3].iter().all(|&v| v > 200))
        .count();
    (total, dark, light, (x1 - x0, y1 - y0))
}
