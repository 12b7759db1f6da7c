//! Rendering, text boxes, page labels and outline through the real libpdfium.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod hand_pdf;

use std::io::Cursor;

use hand_pdf::{hex, shared_pages};
use phonghop_pdf::{ImageFormat, OutlineItem, PdfEngine, RenderRequest, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

/// A PDF text string in UTF-16BE with its byte order mark, as titles with diacritics are.
fn text_string(text: &str) -> String {
    let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    format!("<FEFF{}>", hex(&units))
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(Cursor::new(bytes)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    pixels.truncate(frame.buffer_size());
    (frame.width, frame.height, pixels)
}

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

/// A page with Helvetica text, a blue bar at (72, 600)–(272, 650) and a red square
/// annotation at (300, 300)–(400, 400) drawn by its appearance stream.
fn annotated_page() -> Vec<u8> {
    let appearance = {
        let mut body =
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Length 23 >>\nstream\n"
                .to_vec();
        body.extend_from_slice(b"1 0 0 rg 0 0 100 100 re f\nendstream");
        body
    };
    shared_pages(
        1,
        "[0 0 595 842]",
        "",
        "/Annots [<< /Type /Annot /Subtype /Square /Rect [300 300 400 400] /F 4 /AP << /N 5 0 R >> >>]",
        &[appearance],
    )
}

#[test]
fn a_page_renders_on_white_with_its_annotations_in_both_formats_identically() {
    let engine = engine();
    let bytes = annotated_page();
    let request = |format| RenderRequest {
        width_px: 595,
        device_pixel_ratio: 1.0,
        format,
    };
    let png_page = engine
        .render_page(&bytes, 0, request(ImageFormat::Png))
        .unwrap();
    let webp_page = engine
        .render_page(&bytes, 0, request(ImageFormat::Webp))
        .unwrap();
    assert_eq!((png_page.width, png_page.height), (595, 842));
    let (width, height, png_pixels) = decode_png(&png_page.bytes);
    assert_eq!((width, height), (595, 842));
    let (_, _, webp_pixels) = decode_webp(&webp_page.bytes);
    assert_eq!(png_pixels, webp_pixels, "lossless WebP must match PNG");

    let pixel = |x: u32, y_from_bottom: u32| {
        let y = height - 1 - y_from_bottom;
        let at = ((y * width + x) * 3) as usize;
        [png_pixels[at], png_pixels[at + 1], png_pixels[at + 2]]
    };
    assert_eq!(pixel(5, 5), [255, 255, 255], "white background");
    assert_eq!(pixel(170, 625), [0, 0, 255], "the blue bar, in RGB order");
    assert_eq!(pixel(350, 350), [255, 0, 0], "the annotation is drawn");
}

#[test]
fn the_device_pixel_ratio_scales_the_bitmap_and_thumbnails_are_webp() {
    let engine = engine();
    let bytes = annotated_page();
    let page = engine
        .render_page(
            &bytes,
            0,
            RenderRequest {
                width_px: 300,
                device_pixel_ratio: 2.0,
                format: ImageFormat::Png,
            },
        )
        .unwrap();
    assert_eq!((page.width, page.height), (600, 849));
    let thumbnail = engine.thumbnail(&bytes, 0, 120).unwrap();
    assert_eq!(thumbnail.format, ImageFormat::Webp);
    assert_eq!((thumbnail.width, thumbnail.height), (120, 170));
    assert_eq!(decode_webp(&thumbnail.bytes).0, 120);
    let error = engine.thumbnail(&bytes, 1, 120).unwrap_err();
    assert_eq!(error.code(), "pdf.no_such_page");
    let error = engine.thumbnail(&bytes, 0, 0).unwrap_err();
    assert_eq!(error.code(), "pdf.invalid_request");
}

#[test]
fn characters_come_with_boxes_on_the_page() {
    let engine = engine();
    let document = TextDocument {
        heading: vec!["TỜ TRÌNH về biểu quyết".into()],
        paragraphs: vec!["Kính trình Hội đồng nhân dân tỉnh.".into()],
    };
    let bytes = engine.write_text_document(&document, FONT).unwrap();
    let chars = engine.page_chars(&bytes, 0).unwrap();
    let text: String = chars.iter().map(|c| c.ch).collect();
    assert!(text.contains("TỜ TRÌNH về biểu quyết"), "{text}");
    assert_eq!(text, engine.page_text(&bytes, 0).unwrap());
    let drawn: Vec<_> = chars.iter().filter(|c| !c.ch.is_whitespace()).collect();
    assert!(!drawn.is_empty());
    for c in &drawn {
        assert!(
            0.0 <= c.left && c.left < c.right && c.right <= 595.0,
            "{c:?}"
        );
        assert!(
            0.0 <= c.bottom && c.bottom < c.top && c.top <= 842.0,
            "{c:?}"
        );
    }
    // The heading (16 pt, first line under the 56 pt margin) sits above the body text.
    let first = drawn[0];
    assert_eq!(first.ch, 'T');
    assert!(first.top > 842.0 - 56.0 - 30.0 && first.top <= 842.0 - 56.0 + 5.0);
    let k = drawn.iter().find(|c| c.ch == 'K').unwrap();
    assert!(k.top < first.bottom);
}

/// Three pages labelled i, ii, PL-1, with an outline: "Chương I" (page 1) holding
/// "Điều 1" (page 2), then "Phụ lục" reached through a go-to action (page 3).
fn labelled_with_outline(cyclic: bool) -> Vec<u8> {
    let next_of_child = if cyclic { "/Next 9 0 R" } else { "" };
    let more = vec![
        b"<< /Type /Outlines /First 8 0 R /Last 10 0 R /Count 3 >>".to_vec(),
        format!(
            "<< /Title {} /Parent 7 0 R /Next 10 0 R /Dest [4 0 R /Fit] /First 9 0 R /Last 9 0 R /Count 1 >>",
            text_string("Chương I")
        )
        .into_bytes(),
        format!(
            "<< /Title {} /Parent 8 0 R /Dest [5 0 R /XYZ 0 842 0] {next_of_child} >>",
            text_string("Điều 1")
        )
        .into_bytes(),
        format!(
            "<< /Title {} /Parent 7 0 R /Prev 8 0 R /A << /S /GoTo /D [6 0 R /Fit] >> >>",
            text_string("Phụ lục")
        )
        .into_bytes(),
    ];
    shared_pages(
        3,
        "[0 0 595 842]",
        "/Outlines 7 0 R /PageLabels << /Nums [0 << /S /r >> 2 << /S /D /P (PL-) >>] >>",
        "",
        &more,
    )
}

#[test]
fn page_sizes_labels_and_outline_are_reported() {
    let info = engine()
        .document_info(&labelled_with_outline(false))
        .unwrap();
    let labels: Vec<_> = info.pages.iter().map(|p| p.label.as_deref()).collect();
    assert_eq!(labels, [Some("i"), Some("ii"), Some("PL-1")]);
    assert!(
        info.pages
            .iter()
            .all(|p| (p.width_pt, p.height_pt) == (595.0, 842.0))
    );
    let leaf = |title: &str, page| OutlineItem {
        title: title.into(),
        page_index: Some(page),
        children: vec![],
    };
    assert_eq!(
        info.outline,
        vec![
            OutlineItem {
                children: vec![leaf("Điều 1", 1)],
                ..leaf("Chương I", 0)
            },
            leaf("Phụ lục", 2),
        ]
    );

    let plain = engine().document_info(&hand_pdf::one_page()).unwrap();
    assert_eq!(plain.pages[0].label, None);
    assert!(plain.outline.is_empty());
}

#[test]
fn an_outline_that_loops_still_ends() {
    let start = std::time::Instant::now();
    let info = engine()
        .document_info(&labelled_with_outline(true))
        .unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(info.outline[0].title, "Chương I");
    let children = &info.outline[0].children;
    assert!(!children.is_empty() && children.len() <= 10_000);
}
