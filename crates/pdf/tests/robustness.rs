//! A corpus of broken and hostile PDFs, generated here: each must render its first page or
//! give a clear error code, within a time bound, without taking the process down.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod hand_pdf;

use std::time::{Duration, Instant};

use hand_pdf::{hex, noise, one_page, pdf, shared_pages, stream};
use phonghop_pdf::{ImageFormat, PdfEngine, RenderRequest, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

/// Loads `bytes`, renders page 1 at 200 px as PNG, and says `ok N pages WxH` or the error
/// code, asserting it took less than `bound`.
fn outcome(name: &str, bytes: &[u8], bound: Duration) -> String {
    let engine = engine();
    let start = Instant::now();
    let result = engine.page_count(bytes).and_then(|pages| {
        let page = engine.render_page(
            bytes,
            0,
            RenderRequest {
                width_px: 200,
                device_pixel_ratio: 1.0,
                format: ImageFormat::Png,
            },
        )?;
        assert!(page.bytes.starts_with(b"\x89PNG"));
        Ok(format!("ok {pages} pages {}x{}", page.width, page.height))
    });
    let elapsed = start.elapsed();
    let said = result.unwrap_or_else(|error| {
        assert!(!error.to_string().is_empty());
        error.code().to_string()
    });
    eprintln!(
        "{name:<32} {said:<28} {:>8.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
    assert!(
        elapsed < bound,
        "{name} took {elapsed:?}, more than {bound:?}"
    );
    said
}

fn assert_one_of(said: &str, allowed: &[&str]) {
    assert!(
        allowed.iter().any(|prefix| said.starts_with(prefix)),
        "{said} is none of {allowed:?}"
    );
}

const QUICK: Duration = Duration::from_secs(5);

#[test]
fn not_a_pdf_at_all() {
    assert_eq!(outcome("empty file", b"", QUICK), "pdf.malformed");
    assert_eq!(
        outcome("random bytes", &noise(64 * 1024, 7), QUICK),
        "pdf.malformed"
    );
    let mut header_then_noise = b"%PDF-1.7\n".to_vec();
    header_then_noise.extend(noise(64 * 1024, 11));
    assert_eq!(
        outcome("PDF header then noise", &header_then_noise, QUICK),
        "pdf.malformed"
    );
    assert_eq!(
        outcome("a text file", "Biên bản kỳ họp".as_bytes(), QUICK),
        "pdf.malformed"
    );
}

#[test]
fn truncated_files_render_what_pdfium_repairs_or_are_malformed() {
    let document = TextDocument {
        heading: vec!["TỜ TRÌNH về dự toán ngân sách".into()],
        paragraphs: vec!["Kính trình Hội đồng nhân dân tỉnh xem xét.".repeat(80)],
    };
    let good = engine().write_text_document(&document, FONT).unwrap();
    assert!(outcome("whole document", &good, QUICK).starts_with("ok 2 pages"));
    for percent in [1, 10, 33, 50, 75, 90, 99] {
        let cut = &good[..good.len() * percent / 100];
        let said = outcome(&format!("truncated at {percent}%"), cut, QUICK);
        assert_one_of(&said, &["ok ", "pdf.malformed"]);
    }
    let minus_eof = &good[..good.len() - 7];
    assert_one_of(&outcome("without %%EOF", minus_eof, QUICK), &["ok 2 pages"]);
    let hand = one_page();
    let said = outcome("hand-made, cut after header", &hand[..20], QUICK);
    assert_eq!(said, "pdf.malformed");
}

#[test]
fn a_broken_cross_reference_table_is_rebuilt_or_reported() {
    let good = one_page();
    let text = String::from_utf8_lossy(&good).into_owned();
    // Every offset in the table shifted: pdfium must scan the file to find the objects.
    let shifted = text.replace("0000000", "0000009");
    let said = outcome("xref offsets wrong", shifted.as_bytes(), QUICK);
    assert_eq!(said, "ok 1 pages 200x283");
    // startxref pointing past the end of the file.
    let position = text.rfind("startxref\n").unwrap() + "startxref\n".len();
    let past_end = format!("{}999999999\n%%EOF\n", &text[..position]);
    let said = outcome("startxref past the end", past_end.as_bytes(), QUICK);
    assert_eq!(said, "ok 1 pages 200x283");
    // The table replaced by garbage.
    let xref = text.find("xref\n").unwrap();
    let trailer = text.find("trailer").unwrap();
    let garbage = format!(
        "{}{}{}",
        &text[..xref],
        "x".repeat(trailer - xref),
        &text[trailer..]
    );
    let said = outcome("xref table garbage", garbage.as_bytes(), QUICK);
    assert_eq!(said, "pdf.malformed");
}

#[test]
fn an_enormous_page_renders_scaled_and_an_absurd_aspect_is_refused() {
    let huge = shared_pages(1, "[0 0 200000 200000]", "", "", &[]);
    assert_eq!(
        outcome("MediaBox 200000×200000 pt", &huge, QUICK),
        "ok 1 pages 200x200"
    );
    let info = engine().document_info(&huge).unwrap();
    assert_eq!(info.pages[0].width_pt, 200_000.0);
    let tall = shared_pages(1, "[0 0 10 200000]", "", "", &[]);
    assert_eq!(
        outcome("MediaBox 10×200000 pt", &tall, QUICK),
        "pdf.page_too_large"
    );
    let inverted = shared_pages(1, "[0 0 -595 0]", "", "", &[]);
    assert_one_of(
        &outcome("MediaBox without area", &inverted, QUICK),
        &["ok 1 pages", "pdf.malformed"],
    );
}

#[test]
fn deep_nesting_does_not_exhaust_the_stack() {
    const DEPTH: usize = 20_000;
    let arrays = format!("/Deep {}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let said = outcome(
        "20000 nested arrays in a page",
        &shared_pages(1, "[0 0 595 842]", "", &arrays, &[]),
        QUICK,
    );
    assert_one_of(&said, &["ok 1 pages", "pdf.malformed"]);

    let dictionaries = format!("/Deep {}{}", "<< /A ".repeat(DEPTH), ">>".repeat(DEPTH));
    let said = outcome(
        "20000 nested dicts in catalog",
        &shared_pages(1, "[0 0 595 842]", &dictionaries, "", &[]),
        QUICK,
    );
    assert_one_of(&said, &["ok 1 pages", "pdf.malformed"]);

    // Deep operands and q/Q nesting inside the content stream itself.
    let content = format!(
        "{}{} pop {} BT /F1 24 Tf 72 720 Td (deep) Tj ET {}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH),
        "q ".repeat(DEPTH),
        "Q ".repeat(DEPTH)
    );
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Count 1 /Kids [4 0 R] /MediaBox [0 0 595 842] /Resources {} >>",
            hand_pdf::RESOURCES
        )
        .into_bytes(),
        stream(content.as_bytes()),
        b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>".to_vec(),
    ];
    let said = outcome("20000-deep content stream", &pdf(&objects, ""), QUICK);
    assert_one_of(&said, &["ok 1 pages", "pdf.malformed"]);

    // A page tree whose node is its own kid.
    let cycle = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Count 2 /Kids [2 0 R 3 0 R] /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R >>".to_vec(),
    ];
    let said = outcome("page tree that contains itself", &pdf(&cycle, ""), QUICK);
    assert_one_of(&said, &["ok ", "pdf.malformed", "pdf.no_such_page"]);
}

#[test]
fn ten_thousand_pages_open_render_and_list_quickly() {
    let bytes = shared_pages(10_000, "[0 0 595 842]", "", "", &[]);
    assert_eq!(
        outcome(
            "10000 pages sharing a stream",
            &bytes,
            Duration::from_secs(10)
        ),
        "ok 10000 pages 200x283"
    );
    let engine = engine();
    let start = Instant::now();
    let last = engine
        .render_page(
            &bytes,
            9_999,
            RenderRequest {
                width_px: 200,
                device_pixel_ratio: 1.0,
                format: ImageFormat::Webp,
            },
        )
        .unwrap();
    assert_eq!((last.width, last.height), (200, 283));
    let info = engine.document_info(&bytes).unwrap();
    assert_eq!(info.pages.len(), 10_000);
    assert!(info.pages.iter().all(|page| page.width_pt == 595.0));
    let elapsed = start.elapsed();
    eprintln!("10000 pages: last page + document_info in {elapsed:?}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
    let error = engine.page_text(&bytes, 10_000).unwrap_err();
    assert_eq!(error.code(), "pdf.no_such_page");
}

#[test]
fn a_document_without_pages_says_there_is_no_such_page() {
    let bytes = shared_pages(0, "[0 0 595 842]", "", "", &[]);
    assert_one_of(&outcome("no pages", &bytes, QUICK), &["pdf.no_such_page"]);
}

/// A PDF protected by the standard security handler, revision 5 (AES-256, the revision
/// whose password check is plain SHA-256). /U and /O are the genuine hashes of the user
/// password "mật khẩu" and owner password "chủ sở hữu", so pdfium, trying the empty
/// password as any viewer does, finds it wrong. The streams are not actually encrypted
/// and /UE, /OE and /Perms are placeholders: no test ever supplies the password, and
/// pdfium checks them only after a password matched.
fn password_protected() -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let (user_validation, user_key) = (b"uvsalt01", b"uksalt01");
    let (owner_validation, owner_key) = (b"ovsalt01", b"oksalt01");
    let user_hash = Sha256::digest(["mật khẩu".as_bytes(), user_validation].concat());
    let u = [&user_hash[..], user_validation, user_key].concat();
    let owner_hash = Sha256::digest(["chủ sở hữu".as_bytes(), owner_validation, &u].concat());
    let o = [&owner_hash[..], owner_validation, owner_key].concat();
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Count 1 /Kids [4 0 R] /MediaBox [0 0 595 842] >>".to_vec(),
        stream(b"0 0 1 rg 72 600 200 50 re f"),
        b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>".to_vec(),
        format!(
            "<< /Filter /Standard /V 5 /R 5 /Length 256 /P -1028 \
             /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> \
             /StmF /StdCF /StrF /StdCF /U <{}> /O <{}> /UE <{}> /OE <{}> /Perms <{}> >>",
            hex(&u),
            hex(&o),
            hex(&[0x11; 32]),
            hex(&[0x22; 32]),
            hex(&[0x33; 16]),
        )
        .into_bytes(),
    ];
    let id = hex(b"phonghop-test-id");
    pdf(&objects, &format!("/Encrypt 5 0 R /ID [<{id}> <{id}>]"))
}

#[test]
fn a_password_protected_file_is_told_apart_from_a_damaged_one() {
    let bytes = password_protected();
    assert_eq!(
        outcome("password-protected (R5)", &bytes, QUICK),
        "pdf.password_protected"
    );
    let error = engine().document_info(&bytes).unwrap_err();
    assert_eq!(error.code(), "pdf.password_protected");
    assert!(error.to_string().contains("password"), "{error}");
}
