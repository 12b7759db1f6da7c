//! Annotations in the real app: a member highlights a line by dragging over it and leaves
//! a note, closes the app, opens it again and finds both; the annotated copy the app
//! exports is a real PDF holding those annotations and the watermark.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use phonghop_core::App;
use phonghop_tests::{SeededWorld, pdf_engine};

use crate::driver::AppSession;
use crate::{WAIT, open_document_titled, wait_for_text};

const REPORT: &str = "Báo cáo tình hình kinh tế";
const NOTE: &str = "Ghi chú kiểm thử: đề nghị làm rõ số liệu tăng trưởng";

/// The first line of page 1 with at least 12 drawn characters: its text and the centres of
/// its first and last characters, in points.
fn a_line_of_page_one(
    app: &App,
    meeting: &str,
    document: &str,
) -> (String, (f32, f32), (f32, f32)) {
    let chars = app.page_chars(meeting, document, 0).unwrap();
    let mut line: Vec<&phonghop_core::annotations::PageChar> = Vec::new();
    for c in chars
        .iter()
        .chain(std::iter::once(&phonghop_core::annotations::PageChar {
            ch: "\n".into(),
            left: 0.0,
            bottom: 0.0,
            right: 0.0,
            top: 0.0,
        }))
    {
        if c.ch == "\n" || c.ch == "\r" {
            let drawn = line.iter().filter(|c| c.right > c.left).count();
            if drawn >= 12 {
                let text: String = line.iter().map(|c| c.ch.as_str()).collect();
                let first = line.iter().find(|c| c.right > c.left).unwrap();
                let last = line.iter().rev().find(|c| c.right > c.left).unwrap();
                let centre = |c: &phonghop_core::annotations::PageChar| {
                    ((c.left + c.right) / 2.0, (c.bottom + c.top) / 2.0)
                };
                return (text.trim().to_owned(), centre(first), centre(last));
            }
            line.clear();
        } else {
            line.push(c);
        }
    }
    panic!("page 1 of the report has no line of text");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn a_member_highlights_and_notes_finds_them_after_a_restart_and_exports_an_annotated_copy() {
    let world = SeededWorld::start().await.unwrap();
    let profile = world.profile("member-04");
    let meeting = world.seed.meeting_id.clone();
    let session = AppSession::launch(&profile).await.unwrap();
    let client = session.client();
    open_document_titled(client, REPORT).await;

    // Where the first line of text is, from the same characters the app uses.
    let reader = App::open(&profile).unwrap();
    reader.sync_now().await.unwrap();
    let document = reader
        .list_meetings()
        .unwrap()
        .into_iter()
        .find(|view| view.id == meeting)
        .unwrap()
        .agenda
        .into_iter()
        .flat_map(|item| item.documents)
        .find(|document| document.title.contains(REPORT))
        .unwrap()
        .id;
    let layout = reader.open_for_reading(&meeting, &document).unwrap();
    let (width_pt, height_pt) = (layout.pages[0].width_pt, layout.pages[0].height_pt);
    let (line, from, to) = a_line_of_page_one(&reader, &meeting, &document);

    // Highlight it by dragging across it.
    client
        .find(Locator::Css("[data-testid=annot-tool-highlight]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let capture = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=annot-capture-0]"))
        .await
        .unwrap();
    let (left_px, top_px, width_px, _) = capture.rectangle().await.unwrap();
    let scale = width_px / f64::from(width_pt);
    // Points on the page to pixels in the window (the page scrolls inside the viewer).
    let offset = |(x, y): (f32, f32)| {
        (
            left_px + f64::from(x) * scale,
            top_px + (f64::from(height_pt) - f64::from(y)) * scale,
        )
    };
    let (start, end) = (offset(from), offset(to));
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: start.0.round(),
            y: start.1.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(300)),
            x: end.0.round(),
            y: end.1.round(),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.unwrap();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "[data-testid=annot-layer-0] [data-annotation-kind=highlight]",
        ))
        .await
        .unwrap();

    // A note in the bottom margin.
    client
        .find(Locator::Css("[data-testid=annot-tool-note]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let capture = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=annot-capture-0]"))
        .await
        .unwrap();
    let (left_px, top_px, width_px, _) = capture.rectangle().await.unwrap();
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: (left_px + width_px * 0.3).round(),
            y: (top_px + f64::from(height_pt) * scale * 0.25).round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(click).await.unwrap();
    let text = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=annot-note-text]"))
        .await
        .unwrap();
    text.send_keys(NOTE).await.unwrap();
    wait_for_text(client, "[data-testid=annot-note-dialog]", "Lưu").await;
    session.screenshot("annotation-note.png").await.unwrap();
    client
        .find(Locator::Css("[data-testid=annot-note-save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "[data-testid=annot-layer-0] [data-annotation-kind=note]",
        ))
        .await
        .unwrap();
    client
        .find(Locator::Css("[data-testid=annot-tool-none]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    session.screenshot("annotations-viewer.png").await.unwrap();
    session.close().await.unwrap();

    // Again, after a restart: both are there, from the device's own store.
    let session = AppSession::launch(&profile).await.unwrap();
    let client = session.client();
    open_document_titled(client, REPORT).await;
    for kind in ["highlight", "note"] {
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!(
                "[data-testid=annot-layer-0] [data-annotation-kind={kind}]"
            )))
            .await
            .unwrap();
    }
    client
        .find(Locator::Css("[data-testid=annot-panel-toggle]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let panel = wait_for_text(client, "[data-testid=annot-panel]", "đề nghị làm rõ").await;
    assert!(panel.contains(NOTE), "panel: {panel}");
    session.screenshot("annotations-panel.png").await.unwrap();

    // The annotated copy.
    client
        .find(Locator::Css("[data-testid=annot-export]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let path = wait_for_text(client, "[data-testid=annot-export-path]", ".pdf").await;
    assert!(path.trim().ends_with(".pdf"), "export: {path}");
    session.screenshot("annotations-export.png").await.unwrap();
    let bytes = std::fs::read(path.trim()).unwrap();
    let engine = pdf_engine().unwrap();
    let marks = engine.annotations(&bytes).unwrap();
    let highlight = marks
        .iter()
        .find(|mark| mark.kind == "highlight" && mark.page == 0)
        .unwrap_or_else(|| panic!("no highlight in {marks:?}"));
    let squash = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(squash(&highlight.contents), squash(&line), "{marks:?}");
    assert!(
        marks
            .iter()
            .any(|mark| mark.kind == "text" && mark.contents == NOTE),
        "{marks:?}"
    );
    let name = reader.profile().config.display_name.clone();
    for page in 0..engine.page_count(&bytes).unwrap() {
        let text = engine.page_text(&bytes, page).unwrap();
        assert!(
            text.contains("Tài liệu họp — không phát tán"),
            "page {page}"
        );
        assert!(text.contains(&name), "page {page}");
    }
    session.close().await.unwrap();
}
