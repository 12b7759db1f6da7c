//! Tests against the real libpdfium installed by `cargo xtask` (see `phonghop_pdf::library_dir`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use phonghop_pdf::{PdfEngine, PdfError, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_written_vietnamese_document_reads_back_through_pdfium() {
    let engine = engine();
    let document = TextDocument {
        heading: vec!["TỜ TRÌNH về dự toán ngân sách nhà nước năm 2027".into()],
        paragraphs: vec!["Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định.".repeat(60)],
    };
    let bytes = engine.write_text_document(&document, FONT).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = engine.page_count(&bytes).unwrap();
    assert!(
        pages >= 2,
        "long text must flow onto a second page, got {pages}"
    );
    let text = engine.page_text(&bytes, 0).unwrap();
    assert!(
        text.contains("TỜ TRÌNH về dự toán ngân sách"),
        "extracted: {text}"
    );
    assert!(matches!(
        engine.page_text(&bytes, pages),
        Err(PdfError::NoSuchPage { .. })
    ));
}

#[test]
fn malformed_and_truncated_pdfs_get_a_clear_error() {
    let engine = engine();
    let error = engine.page_count(b"this is not a pdf").unwrap_err();
    assert_eq!(error.code(), "pdf.malformed");
    let good = engine
        .write_text_document(
            &TextDocument {
                heading: vec!["Biên bản".into()],
                paragraphs: vec![],
            },
            FONT,
        )
        .unwrap();
    let error = engine.page_count(&good[..good.len() / 3]).unwrap_err();
    assert_eq!(error.code(), "pdf.malformed");
}
