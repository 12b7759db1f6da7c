//! Documents with figures, written and read back through the real libpdfium.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use phonghop_pdf::{Figure, PdfEngine, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

fn gradient(width: u32, height: u32) -> Figure {
    let rgb = (0..height)
        .flat_map(|y| (0..width).flat_map(move |x| [(x % 256) as u8, (y % 256) as u8, 128]))
        .collect();
    Figure {
        after_paragraph: 1,
        width,
        height,
        rgb,
    }
}

#[test]
fn a_figure_too_tall_for_the_rest_of_a_page_starts_the_next_one_and_the_text_follows_it() {
    let engine = engine();
    let document = TextDocument {
        heading: vec!["BÁO CÁO kết quả giám sát".into()],
        paragraphs: vec![
            "Đoàn giám sát đã làm việc với các sở, ngành.".into(),
            "Hình dưới đây tóm tắt kết quả.".into(),
            "Đề nghị Hội đồng nhân dân tỉnh xem xét.".into(),
        ],
    };
    let plain = engine.write_text_document(&document, FONT).unwrap();
    let figures = [gradient(300, 400)];
    let with_figure = engine
        .write_document_with_images(&document, &figures, FONT)
        .unwrap();

    assert_eq!(engine.page_count(&plain).unwrap(), 1);
    assert_eq!(engine.page_count(&with_figure).unwrap(), 2);
    let first = engine.page_text(&with_figure, 0).unwrap();
    let second = engine.page_text(&with_figure, 1).unwrap();
    assert!(first.contains("Đoàn giám sát") && !first.contains("Hình dưới đây"));
    assert!(second.contains("Hình dưới đây") && second.contains("Đề nghị Hội đồng"));
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&with_figure, b"/Image"));
    assert!(!contains(&plain, b"/Image"));
}

#[test]
fn a_figure_whose_pixels_do_not_match_its_size_is_refused() {
    let document = TextDocument {
        heading: vec!["Biên bản".into()],
        paragraphs: vec![],
    };
    let figure = Figure {
        rgb: vec![0; 10],
        ..gradient(4, 4)
    };
    let error = engine()
        .write_document_with_images(&document, &[figure], FONT)
        .unwrap_err();
    assert_eq!(error.code(), "pdf.write_failed");
}
