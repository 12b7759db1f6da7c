//! System tests of reading: a member syncs the demo meeting from a real server, opens a
//! document decrypted in memory, gets rendered pages (neighbours prefetched), and searches
//! the meeting without diacritics, with boxes that land on the words.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Cursor;
use std::time::{Duration, Instant};

use phonghop_core::App;
use phonghop_core::views::{DocumentView, MeetingView};
use phonghop_tests::SeededWorld;

const REPORT: &str = "Báo cáo tình hình kinh tế - xã hội năm 2026";

async fn synced_member(world: &SeededWorld, name: &str) -> (App, MeetingView) {
    let member = App::open(&world.profile(name)).unwrap();
    member.sync_now().await.unwrap();
    let meeting = member.list_meetings().unwrap().remove(0);
    (member, meeting)
}

fn document<'m>(meeting: &'m MeetingView, title: &str) -> &'m DocumentView {
    meeting
        .agenda
        .iter()
        .flat_map(|item| &item.documents)
        .find(|document| document.title == title)
        .unwrap()
}

/// Width, height and RGB pixels of a lossless WebP.
fn decode_webp(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = image_webp::WebPDecoder::new(Cursor::new(bytes)).unwrap();
    let (width, height) = decoder.dimensions();
    let mut pixels = vec![0; decoder.output_buffer_size().unwrap()];
    decoder.read_image(&mut pixels).unwrap();
    if decoder.has_alpha() {
        pixels = pixels
            .chunks_exact(4)
            .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
            .collect();
    }
    (width, height, pixels)
}

fn dark(pixel: &[u8]) -> bool {
    pixel.iter().map(|&v| u32::from(v)).sum::<u32>() < 3 * 128
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_turns_pages_of_a_document_rendered_in_memory_with_the_next_one_prefetched() {
    let world = SeededWorld::start().await.unwrap();
    let (member, meeting) = synced_member(&world, "member-03").await;
    let report = document(&meeting, REPORT);

    let layout = member.open_for_reading(&meeting.id, &report.id).unwrap();
    assert_eq!(layout.title, REPORT);
    assert!(layout.pages.len() >= 3, "{} pages", layout.pages.len());
    assert!((layout.pages[0].width_pt - 595.0).abs() < 1.0);
    assert!((layout.pages[0].height_pt - 842.0).abs() < 1.0);

    let first = member
        .page_image(&meeting.id, &report.id, 0, 600, 1.0)
        .unwrap();
    let (width, height, pixels) = decode_webp(&first.bytes);
    assert_eq!((width, height), (600, 849));
    let inked = pixels.chunks_exact(3).filter(|pixel| dark(pixel)).count();
    let share = inked as f64 / f64::from(width * height);
    assert!(
        share > 0.005 && share < 0.5,
        "page 1 has text on white: {share}"
    );

    // The next page is rendered ahead, at the same size, before it is asked for.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !member.is_page_cached(&meeting.id, &report.id, 1, 600, 1.0) {
        assert!(Instant::now() < deadline, "page 2 was never prefetched");
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = member
        .page_image(&meeting.id, &report.id, 1, 600, 1.0)
        .unwrap();
    assert_ne!(second.bytes, first.bytes);
    // A screen scaled to 150 % gets more pixels for the same CSS width.
    let sharp = member
        .page_image(&meeting.id, &report.id, 1, 600, 1.5)
        .unwrap();
    assert_eq!(sharp.width, 900);
    assert!(member.cached_page_bytes() >= first.bytes.len() + second.bytes.len());

    let past_the_end = u32::try_from(layout.pages.len()).unwrap();
    let code = |result: Result<_, phonghop_core::CoreError>| result.unwrap_err().code();
    assert_eq!(
        code(member.page_image(&meeting.id, &report.id, past_the_end, 600, 1.0)),
        "pdf.no_such_page"
    );
    assert_eq!(
        code(member.page_image(&meeting.id, &report.id, 0, 0, 1.0)),
        "pdf.invalid_request"
    );
    assert_eq!(
        code(member.page_image(&meeting.id, &report.id, 0, 100_000, 1.0)),
        "pdf.invalid_request"
    );
    assert_eq!(
        code(member.page_image(&meeting.id, &report.id, 0, 600, f32::NAN)),
        "pdf.invalid_request"
    );
    assert_eq!(
        code(member.page_image(&meeting.id, "no-such-document", 0, 600, 1.0)),
        "document.not_found"
    );
    assert_eq!(
        code(member.page_image("no-such-meeting", &report.id, 0, 600, 1.0)),
        "meeting.not_found"
    );

    // Closed documents drop their pages; asking again opens the document again.
    member.close_document(&meeting.id, &report.id);
    assert!(!member.is_page_cached(&meeting.id, &report.id, 0, 600, 1.0));
    let again = member
        .page_image(&meeting.id, &report.id, 0, 600, 1.0)
        .unwrap();
    assert_eq!(again.bytes, first.bytes);
}

#[tokio::test(flavor = "multi_thread")]
async fn searching_without_diacritics_finds_every_document_and_boxes_land_on_the_words() {
    let world = SeededWorld::start().await.unwrap();
    let (member, meeting) = synced_member(&world, "member-04").await;

    let results = member.search_meeting(&meeting.id, "bieu quyet").unwrap();
    assert!(!results.truncated);
    let titles: std::collections::BTreeSet<_> = results
        .hits
        .iter()
        .map(|hit| hit.document_title.as_str())
        .collect();
    assert!(titles.contains(REPORT), "{titles:?}");
    assert!(titles.contains("Chương trình Kỳ họp thứ Mười hai"));
    assert!(titles.contains("Tờ trình về dự toán ngân sách địa phương năm 2027"));
    for hit in &results.hits {
        assert_eq!(
            phonghop_core::search::fold(&hit.matched),
            "bieu quyet",
            "{hit:?}"
        );
        assert!(!hit.rects.is_empty());
    }
    // The report's hit is in its last section, past the first page.
    let report = document(&meeting, REPORT);
    let in_report = results
        .hits
        .iter()
        .find(|hit| hit.document_id == report.id)
        .unwrap();
    assert!(in_report.page >= 1, "{in_report:?}");
    assert!(in_report.before.contains("xem xét"), "{in_report:?}");

    // The highlight box covers ink of the rendered page: it is where the words are.
    let page = member
        .page_image(&meeting.id, &report.id, in_report.page, 800, 1.0)
        .unwrap();
    let (width, height, pixels) = decode_webp(&page.bytes);
    for rect in &in_report.rects {
        assert!(rect.x >= 0.0 && rect.y >= 0.0 && rect.x + rect.w <= 1.0 && rect.y + rect.h <= 1.0);
        let (x0, y0) = (
            (rect.x * width as f32) as u32,
            (rect.y * height as f32) as u32,
        );
        let (x1, y1) = (
            ((rect.x + rect.w) * width as f32).ceil() as u32,
            ((rect.y + rect.h) * height as f32).ceil() as u32,
        );
        let mut inked = 0;
        for y in y0..y1.min(height) {
            for x in x0..x1.min(width) {
                let at = ((y * width + x) * 3) as usize;
                inked += usize::from(dark(&pixels[at..at + 3]));
            }
        }
        let area = ((x1 - x0) * (y1 - y0)) as usize;
        assert!(
            inked * 20 > area,
            "the box {rect:?} covers {inked} dark pixels of {area}"
        );
    }

    let capitals = member.search_meeting(&meeting.id, "BIỂU QUYẾT").unwrap();
    assert_eq!(capitals.hits.len(), results.hits.len());
    let nothing = member
        .search_meeting(&meeting.id, "không có trong tài liệu nào")
        .unwrap();
    assert!(nothing.hits.is_empty());
    assert_eq!(
        member
            .search_meeting("no-such-meeting", "x")
            .unwrap_err()
            .code(),
        "meeting.not_found"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_document_not_yet_downloaded_says_so_and_search_covers_the_rest() {
    let world = SeededWorld::start().await.unwrap();
    let (member, meeting) = synced_member(&world, "member-06").await;
    let programme = document(&meeting, "Chương trình Kỳ họp thứ Mười hai");
    drop(member);

    // Take a blob of the programme out of the local store, as if its download was cut.
    let store = world.profile("member-06").join("store.sqlite3");
    let connection = rusqlite::Connection::open(&store).unwrap();
    let member = App::open(&world.profile("member-06")).unwrap();
    let layout_before = member.open_for_reading(&meeting.id, &programme.id);
    assert!(layout_before.is_ok());
    member.close_document(&meeting.id, &programme.id);
    let removed: String = {
        let all: Vec<String> = connection
            .prepare("SELECT id FROM blobs")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        // The first blob whose removal makes exactly this document unavailable.
        all.into_iter()
            .find(|id| {
                let bytes: Vec<u8> = connection
                    .query_row("SELECT bytes FROM blobs WHERE id = ?1", [id], |row| {
                        row.get(0)
                    })
                    .unwrap();
                connection
                    .execute("DELETE FROM blobs WHERE id = ?1", [id])
                    .unwrap();
                let listed = member.list_meetings().unwrap().remove(0);
                let missing: Vec<_> = listed
                    .agenda
                    .iter()
                    .flat_map(|item| &item.documents)
                    .filter(|document| !document.available)
                    .map(|document| document.id.clone())
                    .collect();
                if missing == [programme.id.clone()] {
                    return true;
                }
                connection
                    .execute(
                        "INSERT INTO blobs (id, bytes) VALUES (?1, ?2)",
                        rusqlite::params![id, bytes],
                    )
                    .unwrap();
                false
            })
            .unwrap()
    };
    assert!(!removed.is_empty());

    assert_eq!(
        member
            .open_for_reading(&meeting.id, &programme.id)
            .unwrap_err()
            .code(),
        "document.not_downloaded"
    );
    let results = member.search_meeting(&meeting.id, "bieu quyet").unwrap();
    assert!(!results.hits.is_empty());
    assert!(
        results
            .hits
            .iter()
            .all(|hit| hit.document_id != programme.id),
        "the missing document is left out"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_keep_coming_after_a_search_opened_every_document() {
    let world = SeededWorld::start().await.unwrap();
    let (member, meeting) = synced_member(&world, "member-09").await;
    let report = document(&meeting, REPORT).clone();
    member.open_for_reading(&meeting.id, &report.id).unwrap();
    member
        .page_image(&meeting.id, &report.id, 0, 1250, 1.0)
        .unwrap();
    // Searching opens every document of the meeting in the worker, pushing the report out.
    assert!(
        !member
            .search_meeting(&meeting.id, "bieu quyet")
            .unwrap()
            .hits
            .is_empty()
    );
    let member = std::sync::Arc::new(member);
    let started = Instant::now();
    let handles: Vec<_> = (0..4u32)
        .map(|page| {
            let member = std::sync::Arc::clone(&member);
            let meeting_id = meeting.id.clone();
            let report_id = report.id.clone();
            std::thread::spawn(move || member.page_image(&meeting_id, &report_id, page, 800, 1.0))
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "pages took {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_zoomed_beyond_the_pixel_budget_is_drawn_with_fewer_pixels_not_refused() {
    let world = SeededWorld::start().await.unwrap();
    let (member, meeting) = synced_member(&world, "member-10").await;
    let report = document(&meeting, REPORT);
    // An A4 page 3 200 CSS px wide on a 2× screen would be 6 400 × 9 054 = 58 MP.
    let page = member
        .page_image(&meeting.id, &report.id, 0, 3200, 2.0)
        .unwrap();
    let pixels = u64::from(page.width) * u64::from(page.height);
    assert!(
        pixels <= phonghop_pdf::MAX_RENDER_PIXELS,
        "{}×{}",
        page.width,
        page.height
    );
    assert!(page.width > 4000, "still sharper than 1×: {}", page.width);
}
