//! PDF for Phòng Họp, through libpdfium (the engine Chromium uses).
//!
//! libpdfium is not a Debian package: `cargo xtask` installs build 8149 from the pinned
//! pypdfium2 5.15.2 wheel into a cache directory, and [`library_dir`] finds it. Documents
//! are always loaded from bytes in memory, never from a temporary file, because the client
//! keeps only ciphertext on disk (DESIGN.md invariant 1).

mod engine;
mod error;
mod figure;
mod writer;

pub use engine::{PdfEngine, library_dir};
pub use error::PdfError;
pub use figure::Figure;
pub use writer::TextDocument;

/// The PDFium build the binding is written for (pypdfium2 5.15.2 ships it).
pub const PDFIUM_BUILD: u32 = 8149;

/// Environment variable naming the directory that holds `libpdfium.so`.
pub const PDFIUM_DIR_ENV: &str = "PHONGHOP_PDFIUM_DIR";
