//! Importing what secretaries receive, through the real libpdfium: pictures become one-page
//! PDFs showing the picture, PDFs are checked and kept, Office files go through LibreOffice
//! (here a stand-in script speaking LibreOffice's command line), and every failure has its
//! own code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use phonghop_pdf::{PdfEngine, SourceKind, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

/// The colour at (`x`, `y`) (fractions of the page) of page 1 rendered 400 px wide.
fn colour_at(pdf: &[u8], x: f32, y: f32) -> [u8; 3] {
    let image = engine().render_rgb(pdf, 0, 400, 1.0).unwrap();
    let px = (x * image.width as f32) as usize;
    let py = (y * image.height as f32) as usize;
    let at = (py * image.width as usize + px) * 3;
    [image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]]
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A wide PNG with transparency: left half red, right half blue, a transparent band.
fn wide_png() -> Vec<u8> {
    let (width, height) = (300u32, 150u32);
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let alpha = if y < 10 { 0 } else { 255 };
            if x < width / 2 {
                pixels.extend_from_slice(&[220, 20, 20, alpha]);
            } else {
                pixels.extend_from_slice(&[20, 20, 220, alpha]);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    out
}

fn tall_green_jpeg() -> Vec<u8> {
    let (width, height) = (120u16, 240u16);
    let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height))
        .flat_map(|_| [30u8, 170, 60])
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn close(actual: [u8; 3], expected: [u8; 3]) -> bool {
    actual
        .iter()
        .zip(expected)
        .all(|(&a, e)| (i32::from(a) - i32::from(e)).abs() < 40)
}

#[test]
fn a_wide_png_becomes_one_landscape_page_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "Sơ đồ.PNG", &wide_png());
    let imported = engine().import_file(&path, None).unwrap();
    assert_eq!(imported.source, SourceKind::Png);
    assert_eq!(imported.pages, 1);
    let info = engine().document_info(&imported.bytes).unwrap();
    assert!(
        info.pages[0].width_pt > info.pages[0].height_pt,
        "landscape"
    );
    let left = colour_at(&imported.bytes, 0.3, 0.5);
    let right = colour_at(&imported.bytes, 0.7, 0.5);
    assert!(close(left, [220, 20, 20]), "left half red: {left:?}");
    assert!(close(right, [20, 20, 220]), "right half blue: {right:?}");
    // Outside the picture the page is white.
    assert_eq!(colour_at(&imported.bytes, 0.02, 0.02), [255, 255, 255]);
}

#[test]
fn a_tall_jpeg_becomes_one_portrait_page_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "anh-chup.jpg", &tall_green_jpeg());
    let imported = engine().import_file(&path, None).unwrap();
    assert_eq!((imported.source, imported.pages), (SourceKind::Jpeg, 1));
    let info = engine().document_info(&imported.bytes).unwrap();
    assert!(info.pages[0].height_pt > info.pages[0].width_pt, "portrait");
    let middle = colour_at(&imported.bytes, 0.5, 0.5);
    assert!(close(middle, [30, 170, 60]), "green: {middle:?}");
}

#[test]
fn a_pdf_is_kept_as_it_is_and_broken_files_get_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = engine()
        .write_text_document(
            &TextDocument {
                heading: vec!["Tờ trình".into()],
                paragraphs: vec!["Nội dung.".into()],
            },
            FONT,
        )
        .unwrap();
    let path = write(dir.path(), "to-trinh.pdf", &pdf);
    let imported = engine().import_file(&path, None).unwrap();
    assert_eq!(imported.bytes, pdf);
    assert_eq!(imported.source, SourceKind::Pdf);

    let code = |name: &str, bytes: &[u8]| {
        let path = write(dir.path(), name, bytes);
        engine().import_file(&path, None).unwrap_err().code()
    };
    assert_eq!(code("fake.pdf", b"not a pdf"), "pdf.malformed");
    assert_eq!(
        code("broken.png", b"\x89PNG\r\n\x1a\nrest"),
        "pdf.malformed"
    );
    assert_eq!(
        code("broken.jpg", b"\xff\xd8\xff\xe0 nothing"),
        "pdf.malformed"
    );
    assert_eq!(code("notes.txt", b"text"), "import.unsupported");
    assert_eq!(code("no-extension", b"text"), "import.unsupported");
    let missing = engine()
        .import_file(&dir.path().join("absent.pdf"), None)
        .unwrap_err();
    assert_eq!(missing.code(), "import.failed");
}

#[test]
fn office_files_need_libreoffice_and_say_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let docx = write(dir.path(), "Báo cáo.docx", b"PK\x03\x04 not really");
    let error = engine().import_file(&docx, None).unwrap_err();
    assert_eq!(error.code(), "import.converter_missing");
    assert!(
        error.to_string().contains("apt-get install libreoffice"),
        "{error}"
    );
    let absent = dir.path().join("no-soffice-here");
    assert_eq!(
        engine()
            .import_file(&docx, Some(&absent))
            .unwrap_err()
            .code(),
        "import.converter_missing"
    );
}

/// A stand-in for `soffice` that speaks its command line: it copies `$PDF` to
/// `OUTDIR/STEM.pdf`, or fails when `$PDF` is empty.
fn fake_soffice(dir: &Path, pdf: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = format!(
        r#"#!/bin/sh
out=""; source=""; headless=no
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift ;;
    --headless) headless=yes ;;
    -env:UserInstallation=*|--norestore|--convert-to|pdf) ;;
    *) source="$1" ;;
  esac
  shift
done
[ "$headless" = yes ] || {{ echo "not headless" >&2; exit 3; }}
[ -s "{pdf}" ] || {{ echo "Error: source file could not be loaded" >&2; exit 1; }}
mkdir -p "$out"
name=$(basename "$source"); stem="${{name%.*}}"
cp "{pdf}" "$out/$stem.pdf"
"#,
        pdf = pdf.display()
    );
    let path = dir.join("soffice");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn office_files_are_converted_by_libreoffice_headless_in_a_private_folder() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = engine()
        .write_text_document(
            &TextDocument {
                heading: vec!["Báo cáo chuyển đổi".into()],
                paragraphs: vec!["Đã chuyển từ tệp Word.".into()],
            },
            FONT,
        )
        .unwrap();
    let converted = write(dir.path(), "converted.pdf", &pdf);
    let soffice = fake_soffice(dir.path(), &converted);
    let docx = write(dir.path(), "Báo cáo quý IV.docx", b"PK\x03\x04");
    let imported = engine().import_file(&docx, Some(&soffice)).unwrap();
    assert_eq!(imported.source, SourceKind::Office);
    assert_eq!(imported.bytes, pdf);
    let text = engine().page_text(&imported.bytes, 0).unwrap();
    assert!(text.contains("Báo cáo chuyển đổi"), "{text}");

    // LibreOffice failing is reported with what it said.
    std::fs::write(&converted, b"").unwrap();
    let error = engine().import_file(&docx, Some(&soffice)).unwrap_err();
    assert_eq!(error.code(), "import.conversion_failed");
    assert!(error.to_string().contains("could not be loaded"), "{error}");
}
