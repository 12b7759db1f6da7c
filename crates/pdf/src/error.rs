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
    #[error("page {} does not exist (the document has {count} pages)", u64::from(*.index) + 1)]
    NoSuchPage {
        /// Zero-based page asked for.
        index: u32,
        /// Pages in the document.
        count: u32,
    },
    /// Building a new PDF failed.
    #[error("could not write the PDF: {0}")]
    Write(String),
    /// The rendered bitmap would exceed the pixel budget: refused before allocating it, so
    /// an enormous page size cannot exhaust memory.
    #[error(
        "the page would render to {width}×{height} pixels, more than the limit of {max_pixels} pixels ({max_side} per side)"
    )]
    PageTooLarge {
        /// Width asked for, in device pixels.
        width: u64,
        /// Height that width implies for this page, in device pixels.
        height: u64,
        /// Most pixels a rendering may have.
        max_pixels: u64,
        /// Most pixels on either side.
        max_side: u32,
    },
    /// A render request that cannot be met whatever the document (zero width, bad ratio).
    #[error("invalid render request: {0}")]
    InvalidRequest(String),
    /// PDFium failed to draw the page.
    #[error("could not render the page: {0}")]
    Render(String),
    /// No document is open on the worker under this key (never opened, or closed to make
    /// room for others); the caller opens it again.
    #[error("the document {0} is not open")]
    NotOpen(String),
    /// A file of a kind that cannot be imported.
    #[error("files of type {0:?} cannot be imported; use PDF, JPEG, PNG or an Office file")]
    Unsupported(String),
    /// An Office file, and LibreOffice is not installed.
    #[error(
        "LibreOffice is needed to convert Office files to PDF and is not installed; on Debian or Ubuntu run: sudo apt-get install libreoffice-writer libreoffice-calc libreoffice-impress (or set PHONGHOP_SOFFICE to its soffice)"
    )]
    ConverterMissing,
    /// LibreOffice failed or timed out.
    #[error("the conversion to PDF failed: {0}")]
    ConversionFailed(String),
    /// The file to import could not be read or is too large.
    #[error("could not import the file: {0}")]
    Import(String),
    /// The pdfium worker thread is gone.
    #[error("the PDF engine stopped: {0}")]
    WorkerStopped(String),
    /// The pixels could not be encoded as PNG or WebP.
    #[error("could not encode the image: {0}")]
    Encode(String),
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
            PdfError::PageTooLarge { .. } => "pdf.page_too_large",
            PdfError::InvalidRequest(_) => "pdf.invalid_request",
            PdfError::Render(_) => "pdf.render_failed",
            PdfError::Encode(_) => "pdf.encode_failed",
            PdfError::NotOpen(_) => "pdf.not_open",
            PdfError::Unsupported(_) => "import.unsupported",
            PdfError::ConverterMissing => "import.converter_missing",
            PdfError::ConversionFailed(_) => "import.conversion_failed",
            PdfError::Import(_) => "import.failed",
            PdfError::WorkerStopped(_) => "pdf.worker_stopped",
        }
    }
}
