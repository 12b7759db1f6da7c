//! PDF for Phòng Họp, through libpdfium (the engine Chromium uses).
//!
//! libpdfium is not a Debian package: `cargo xtask` installs build 8149 from the pinned
//! pypdfium2 5.15.2 wheel into a cache directory, and [`library_dir`] finds it. Documents
//! are always loaded from bytes in memory, never from a temporary file, because the client
//! keeps only ciphertext on disk (DESIGN.md invariant 1).
//!
//! # Reading
//!
//! [`PdfEngine::render_page`] draws a page on white, annotations and form fields included,
//! into a bitmap sized from the CSS width and device pixel ratio, and encodes it in pure
//! Rust. The size is checked *before* pdfium allocates anything: more than
//! [`MAX_RENDER_PIXELS`] (40 MP) or [`MAX_RENDER_SIDE`] (16 384 px, the WebP limit) gives
//! `pdf.page_too_large`, so a page 10 pt wide and 200 000 pt tall cannot exhaust memory
//! (a 200 000 × 200 000 pt page simply renders scaled down). [`PdfEngine::document_info`]
//! gives page sizes, page labels and the outline (walked within a budget, since pdfium
//! follows a looping outline forever); [`PdfEngine::page_chars`] the text with a box per
//! character for search highlighting. Password-protected files (`pdf.password_protected`)
//! are told apart from damaged ones (`pdf.malformed`); `tests/robustness.rs` holds the
//! corpus of hostile files that proves it, each within a time bound.
//!
//! [`PdfWorker`] is how the app reaches all of this: one thread owns pdfium (which is not
//! thread-safe) and keeps the documents being read open between page turns, while the
//! callers encode pixels on their own threads.
//!
//! # Importing
//!
//! [`PdfEngine::import_file`] turns what secretaries receive into PDF: a PDF is checked and
//! kept, a JPEG or PNG becomes a one-page PDF (landscape for a wide picture), and Office
//! files (.docx, .doc, .odt, .xlsx, .pptx …) are converted by LibreOffice headless when it is
//! installed — when it is not, `import.converter_missing` says how to install it.
//!
//! # Writing
//!
//! [`PdfEngine::write_text_document`] lays out plain papers (the demo meeting's documents);
//! [`PdfEngine::write_administrative_document`] lays out minutes and vote reports in the
//! Vietnamese administrative layout of Nghị định 30/2020/NĐ-CP (issuer and national motto,
//! title, sections with ruled tables, signatures, "Trang n/m" on every page), measuring text
//! with the bundled DejaVu fonts' own widths so that nothing crosses a margin.
//! [`PdfEngine::write_annotated_copy`] writes a member's annotated copy of a meeting
//! document: their marks as standard PDF annotations (Highlight, Underline, Ink, Text) and a
//! watermark naming them drawn as real text on every page.
//!
//! # PNG or WebP
//!
//! Measured by `examples/measure_encoding.rs` (release build, this project's 2-core machine):
//! a 20-page document of Vietnamese text with a 640 × 420 photo-like picture on every other
//! page, rendered 1200 px wide (1200 × 1697):
//!
//! | step | median per page | total, 20 pages | size per page |
//! | --- | --- | --- | --- |
//! | pdfium render + BGRA→RGB | 36.6 ms | 706 ms | |
//! | PNG (`png`, fast deflate) | 8.6 ms | 148 ms | 1 063 KiB (text only: 666 KiB) |
//! | WebP lossless (`image-webp`) | 11.0 ms | 215 ms | 514 KiB (text only: 218 KiB) |
//!
//! **Choice: lossless WebP for the viewer and thumbnails** ([`PdfEngine::thumbnail`]): it
//! costs about 2.5–5 ms more per page (≈ 7 % of render + encode) but is 2–3× smaller, so
//! the in-memory cache of rendered pages holds 2–3× as many pages and each page crosses to
//! the webview in fewer bytes. PNG stays available ([`ImageFormat::Png`]) for the CLI and
//! for anything outside the webview. The webview's decoding time is not in these figures:
//! `cargo xtask bench render` (issue 5) measures end to end and may overturn the choice,
//! which is one value in [`PdfEngine::thumbnail`] and in the caller's [`RenderRequest`].
//! It did not: PNG encodes 2.6 ms faster a page, WebP pages stay 2–3× smaller.
//!
//! # In the app's process, or in a child process?
//!
//! A crash inside pdfium would take the whole app down with it, so `cargo xtask bench
//! render` measures what isolating it would cost: the same page turns of a 114-page document
//! through a child process that owns pdfium and answers over pipes took 18.3 ms at the median
//! and 25.2 ms at p95, against 18.0 and 25.8 ms in process — about 0.3 ms a page, plus copying
//! the decrypted document into the child once when it is opened (a pipe moves 33 MiB in a few
//! tens of milliseconds). On the other side of the scale, the hostile corpus in
//! `tests/robustness.rs` (truncated, broken cross-reference table, 10 000 pages, enormous page,
//! 20 000-deep nesting, looping page tree and outline, password, not a PDF) neither crashed
//! nor hung pdfium build 8149; every case renders or gives its error within its time bound.
//!
//! **Decision, for now: in process**, on the [`PdfWorker`] thread, which catches a panic in
//! any job (ours or the binding's) and goes on with the next. The figures say isolation is
//! cheap, so the worker's interface is kept to what a child process would speak — open
//! bytes under a key, render a page, give the text, close — and moving it behind a pipe is
//! contained to this crate. What tips it is a crash seen in the field: a segfault in C++ is
//! the one failure a thread cannot catch.

mod administrative;
mod annotate;
mod annotation_list;
mod engine;
mod error;
mod facts;
mod figure;
mod import;
mod metrics;
mod outline;
mod raster;
mod render;
mod text;
mod worker;
mod writer;

pub use administrative::{AdministrativeDocument, Section, SignatureBlock, Table};
pub use annotate::{AnnotatedCopy, Mark};
pub use annotation_list::PageAnnotation;
pub use engine::{PdfEngine, library_dir};
pub use error::PdfError;
pub use facts::{DocumentInfo, PageInfo};
pub use figure::Figure;
pub use import::{
    CONVERSION_TIMEOUT, Imported, MAX_IMPORT_PIXELS, SourceKind, decode_jpeg, decode_png,
    find_soffice,
};
pub use outline::OutlineItem;
pub use raster::{ImageFormat, RgbImage};
pub use render::{MAX_RENDER_PIXELS, MAX_RENDER_SIDE, RenderRequest, RenderedPage};
pub use text::TextChar;
pub use worker::{MAX_OPEN_DOCUMENTS, PageText, PdfWorker};
pub use writer::TextDocument;

/// The PDFium build the binding is written for (pypdfium2 5.15.2 ships it).
pub const PDFIUM_BUILD: u32 = 8149;

/// Environment variable naming the directory that holds `libpdfium.so`.
pub const PDFIUM_DIR_ENV: &str = "PHONGHOP_PDFIUM_DIR";
