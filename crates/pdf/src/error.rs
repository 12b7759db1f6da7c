//! Errors of the PDF layer, with stable codes.

use std::path::PathBuf;

/// Why a PDF operation failed.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// libpdfium could not be loaded from the expected place.
    #[error(
        "libpdfium was not found in {dir}: {detail}. Run `cargo xtask demo` or `cargo xtask test`, which install it, or set PHONGHOP_PDFIUM_DIR to the folder holding libpdfium.so"
    )]
    LibraryMissing {
        /// Where we looked.
        dir: PathBuf,
        /// What the loader said.
        detail: String,
    },
    /// The file is protected by a password.
    #[error("the PDF is protected by a password")]
    PasswordProtected,
    /// The bytes are not a readable PDF.
    #[error("the file is not a readable PDF: {0}")]
    Malformed(String),
    /// A page number outside the document.
    #[error("page {index} does not exist (the document has {count} pages)")]
    NoSuchPage {
        /// Zero-based page asked for.
        index: u32,
        /// Pages in the document.
        count: u32,
    },
    /// Building a new PDF failed.
    #[error("could not write the PDF: {0}")]
    Write(String),
}

impl PdfError {
    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::LibraryMissing { .. } => "pdf.library_missing",
            PdfError::PasswordProtected => "pdf.password_protected",
            PdfError::Malformed(_) => "pdf.malformed",
            PdfError::NoSuchPage { .. } => "pdf.no_such_page",
            PdfError::Write(_) => "pdf.write_failed",
        }
    }
}
