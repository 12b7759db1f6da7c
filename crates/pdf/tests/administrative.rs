//! Minutes and vote reports in the Vietnamese administrative layout, written and read back
//! through the real libpdfium: the Vietnamese text survives, pages are numbered "Trang n/m",
//! and nothing is printed outside the page's margins.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use phonghop_pdf::{
    AdministrativeDocument, ImageFormat, PdfEngine, PdfWorker, Section, SignatureBlock, Table,
    TextChar,
};

/// A4 and the margins of Nghị định 30 (30 mm left, 20 mm right, 20 mm top and bottom).
const MM: f32 = 72.0 / 25.4;
const PAGE_WIDTH: f32 = 210.0 * MM;
const PAGE_HEIGHT: f32 = 297.0 * MM;
const LEFT: f32 = 30.0 * MM;
const RIGHT: f32 = PAGE_WIDTH - 20.0 * MM;
const TOP: f32 = PAGE_HEIGHT - 20.0 * MM;
const BOTTOM: f32 = 20.0 * MM;

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

fn minutes(discussion_paragraphs: usize) -> AdministrativeDocument {
    AdministrativeDocument {
        issuer: vec!["HỘI ĐỒNG NHÂN DÂN".into(), "TỈNH QUẢNG NAM".into()],
        number: "Số: 12/BB-HĐND".into(),
        place_and_date: "Quảng Nam, ngày 24 tháng 11 năm 2026".into(),
        title: "BIÊN BẢN KIỂM PHIẾU".into(),
        subtitle: vec![
            "Kỳ họp thứ Mười hai, Hội đồng nhân dân tỉnh khóa XI".into(),
            "Biểu quyết thông qua Nghị quyết về dự toán ngân sách năm 2027".into(),
        ],
        sections: vec![
            Section {
                heading: Some("I. THÀNH PHẦN".into()),
                paragraphs: vec![
                    "Đại biểu có mặt: 47/52 người.".into(),
                    "Ban kiểm phiếu gồm ông Lê Văn Nam, bà Phạm Thị Lan và ông Đỗ Quốc Hùng."
                        .into(),
                ],
                table: None,
            },
            Section {
                heading: Some("II. DIỄN BIẾN".into()),
                paragraphs: vec![
                    "Các đại biểu thảo luận sôi nổi, thống nhất cao về sự cần thiết ban hành nghị quyết; đề nghị Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành triển khai thực hiện nghiêm túc, hiệu quả. ".repeat(4);
                    discussion_paragraphs
                ],
                table: None,
            },
            Section {
                heading: Some("III. KẾT QUẢ KIỂM PHIẾU".into()),
                paragraphs: vec!["Kết quả biểu quyết như sau:".into()],
                table: Some(Table {
                    header: vec![
                        "Lựa chọn".into(),
                        "Số phiếu".into(),
                        "Tỷ lệ so với tổng số đại biểu".into(),
                    ],
                    rows: vec![
                        vec!["Tán thành".into(), "45".into(), "86,5 %".into()],
                        vec!["Không tán thành".into(), "1".into(), "1,9 %".into()],
                        vec!["Không biểu quyết".into(), "1".into(), "1,9 %".into()],
                    ],
                }),
            },
        ],
        signatures: vec![
            SignatureBlock {
                role: "THƯ KÝ".into(),
                name: "Nguyễn Thị Hoa".into(),
            },
            SignatureBlock {
                role: "CHỦ TỌA".into(),
                name: "Trần Văn Minh".into(),
            },
        ],
        footer: format!("Chuỗi kiểm toán: {HASH}"),
    }
}

/// The text of every page, as pdfium extracts it.
fn pages_text(bytes: &[u8]) -> Vec<String> {
    let count = engine().page_count(bytes).unwrap();
    (0..count)
        .map(|index| engine().page_text(bytes, index).unwrap())
        .collect()
}

/// Text with pdfium's inferred line breaks as spaces, so a phrase split over two lines (the
/// footer hash may be) is found whole.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every drawn character of every page lies inside the page's margins: the body between the
/// top and bottom margins, the footer under the bottom margin, all between the side margins.
fn assert_inside_margins(bytes: &[u8]) {
    let pages = engine().page_count(bytes).unwrap();
    let mut seen = 0;
    for index in 0..pages {
        let drawn: Vec<TextChar> = engine()
            .page_chars(bytes, index)
            .unwrap()
            .into_iter()
            .filter(|c| c.right > c.left && !c.ch.is_whitespace())
            .collect();
        assert!(!drawn.is_empty(), "page {} is empty", index + 1);
        for c in &drawn {
            let at = format!("page {}: {:?}", index + 1, c);
            assert!(
                c.left >= LEFT - 0.5 && c.right <= RIGHT + 0.5,
                "{at} crosses a side margin"
            );
            assert!(c.top <= TOP + 0.5, "{at} is above the top margin");
            assert!(c.bottom >= 0.0, "{at} is below the page");
            let body = c.bottom >= BOTTOM - 0.5;
            let footer = c.top <= BOTTOM - 4.0;
            assert!(body || footer, "{at} straddles the bottom margin");
        }
        seen += drawn.len();
    }
    assert!(seen > 0);
}

#[test]
fn minutes_read_back_with_their_vietnamese_text_intact() {
    let bytes = engine().write_administrative_document(&minutes(1)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = pages_text(&bytes);
    let first = &pages[0];
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HỘI ĐỒNG NHÂN DÂN",
        "TỈNH QUẢNG NAM",
        "Số: 12/BB-HĐND",
        "Quảng Nam, ngày 24 tháng 11 năm 2026",
        "BIÊN BẢN KIỂM PHIẾU",
        "Kỳ họp thứ Mười hai, Hội đồng nhân dân tỉnh khóa XI",
        "I. THÀNH PHẦN",
        "Đại biểu có mặt: 47/52 người.",
    ] {
        assert!(
            first.contains(expected),
            "{expected:?} not on page 1:\n{first}"
        );
    }
    let all = pages.join("\n");
    for expected in [
        "III. KẾT QUẢ KIỂM PHIẾU",
        "Tán thành",
        "Không biểu quyết",
        "86,5 %",
        "THƯ KÝ",
        "CHỦ TỌA",
        "Nguyễn Thị Hoa",
        "Trần Văn Minh",
    ] {
        assert!(
            all.contains(expected),
            "{expected:?} not in the document:\n{all}"
        );
    }
    let count = pages.len();
    for (index, text) in pages.iter().enumerate() {
        let text = flat(text);
        assert!(
            text.contains(&format!("Chuỗi kiểm toán: {HASH}")),
            "footer missing on page {}:\n{text}",
            index + 1
        );
        assert!(
            text.contains(&format!("Trang {}/{count}", index + 1)),
            "{text}"
        );
    }
    assert_inside_margins(&bytes);
}

#[test]
fn a_long_document_numbers_its_pages_and_keeps_every_line_inside_them() {
    let bytes = engine()
        .write_administrative_document(&minutes(16))
        .unwrap();
    let pages = pages_text(&bytes);
    let count = pages.len();
    assert!(count >= 3, "expected several pages, got {count}");
    for (index, text) in pages.iter().enumerate() {
        let numbers: Vec<&str> = text
            .match_indices("Trang ")
            .map(|(at, _)| text[at..].split_whitespace().nth(1).unwrap_or(""))
            .collect();
        assert_eq!(
            numbers,
            vec![format!("{}/{count}", index + 1)],
            "page {} is numbered wrongly:\n{text}",
            index + 1
        );
    }
    // The body flows on: the last discussion paragraph and the signatures are on a later page.
    assert!(!pages[0].contains("CHỦ TỌA"));
    assert!(pages[count - 1].contains("CHỦ TỌA") && pages[count - 1].contains("Trần Văn Minh"));
    assert_inside_margins(&bytes);
}

#[test]
fn a_table_cell_with_very_long_text_stays_within_the_page_width() {
    let mut document = minutes(0);
    let long_words = "Nghị quyết về việc điều chỉnh, bổ sung kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 ".repeat(80);
    let one_word = "Đ".repeat(400);
    document.sections[2].table = Some(Table {
        header: vec![
            "Nội dung".into(),
            "Tán thành".into(),
            format!("Ghi chú {}", "x".repeat(300)),
        ],
        rows: vec![
            vec![long_words.clone(), "45".into(), one_word.clone()],
            vec!["Ngắn".into(), "2".into(), "".into()],
        ],
    });
    let bytes = engine().write_administrative_document(&document).unwrap();
    let all = pages_text(&bytes).join("\n");
    assert!(all.contains("Nghị quyết về việc điều chỉnh"), "{all}");
    assert!(all.contains("Ngắn") && all.contains("45"), "{all}");
    assert_inside_margins(&bytes);
}

#[test]
fn empty_parts_still_make_a_valid_one_page_document() {
    let document = AdministrativeDocument {
        issuer: vec![],
        number: String::new(),
        place_and_date: String::new(),
        title: String::new(),
        subtitle: vec![],
        sections: vec![
            Section {
                heading: None,
                paragraphs: vec![],
                table: None,
            },
            Section {
                heading: Some("Phần trống".into()),
                paragraphs: vec![String::new(), "  ".into()],
                table: Some(Table {
                    header: vec![],
                    rows: vec![vec![], vec![String::new()]],
                }),
            },
        ],
        signatures: vec![],
        footer: String::new(),
    };
    let bytes = engine().write_administrative_document(&document).unwrap();
    let pages = pages_text(&bytes);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(pages[0].contains("Phần trống"));
    assert!(pages[0].contains("Trang 1/1"), "{}", pages[0]);
}

#[test]
fn the_worker_writes_administrative_documents_on_the_pdfium_thread() {
    let worker = PdfWorker::start(engine()).unwrap();
    let bytes = worker.write_administrative_document(minutes(1)).unwrap();
    let info = worker.open("minutes", bytes.clone()).unwrap();
    assert_eq!(info.pages.len(), pages_text(&bytes).len());
    let text: String = worker
        .page_chars("minutes", 0)
        .unwrap()
        .iter()
        .map(|c| c.ch)
        .collect();
    assert!(text.contains("BIÊN BẢN KIỂM PHIẾU"), "{text}");
}

/// Page 1 drawn as the viewer and printer see it: ink in the issuer's column and under the
/// national name, none in the margins. Set `PHONGHOP_ADMINISTRATIVE_PREVIEW` to a file name to
/// keep the picture (PNG) and look at the layout.
#[test]
fn page_one_draws_the_header_columns_and_leaves_the_margins_blank() {
    let bytes = engine().write_administrative_document(&minutes(1)).unwrap();
    let image = engine().render_rgb(&bytes, 0, 1240, 1.0).unwrap();
    let scale = image.width as f32 / PAGE_WIDTH;
    // Dark pixels in a box given in points from the page's lower left corner.
    let ink = |left: f32, bottom: f32, right: f32, top: f32| {
        let (x0, x1) = ((left * scale) as u32, (right * scale) as u32);
        let (y0, y1) = (
            ((PAGE_HEIGHT - top) * scale) as u32,
            ((PAGE_HEIGHT - bottom) * scale) as u32,
        );
        let mut dark = 0;
        for y in y0..y1.min(image.height) {
            for x in x0..x1.min(image.width) {
                let at = ((y * image.width + x) * 3) as usize;
                if image.pixels[at..at + 3].iter().all(|&v| v < 128) {
                    dark += 1;
                }
            }
        }
        dark
    };
    let header = (TOP - 60.0, TOP);
    let middle = LEFT + 0.4 * (RIGHT - LEFT);
    assert!(
        ink(LEFT, header.0, middle, header.1) > 200,
        "issuer column is blank"
    );
    assert!(
        ink(middle, header.0, RIGHT, header.1) > 200,
        "national name is missing"
    );
    assert!(
        ink(0.0, 0.0, LEFT - 2.0, PAGE_HEIGHT) == 0,
        "ink in the left margin"
    );
    assert!(
        ink(RIGHT + 2.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT) == 0,
        "ink in the right margin"
    );
    assert!(
        ink(0.0, TOP + 2.0, PAGE_WIDTH, PAGE_HEIGHT) == 0,
        "ink in the top margin"
    );
    if let Some(path) = std::env::var_os("PHONGHOP_ADMINISTRATIVE_PREVIEW") {
        std::fs::write(path, image.encode(ImageFormat::Png).unwrap()).unwrap();
    }
}
