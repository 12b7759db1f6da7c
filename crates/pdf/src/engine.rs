//! Binding libpdfium and reading documents from memory.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use pdfium_render::prelude::*;

use crate::{PDFIUM_BUILD, PDFIUM_DIR_ENV, PdfError};

/// Where libpdfium is expected: `$PHONGHOP_PDFIUM_DIR`, else the per-user cache
/// (`$XDG_CACHE_HOME` or `~/.cache`) under `phonghop/pdfium-8149`, where `cargo xtask`
/// installs it.
pub fn library_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(PDFIUM_DIR_ENV) {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache
        .join("phonghop")
        .join(format!("pdfium-{PDFIUM_BUILD}"))
}

/// A bound libpdfium. PDFium can be bound once per process, so the engine is a process-wide
/// value reached through [`PdfEngine::bind_default`] or [`PdfEngine::bind`].
pub struct PdfEngine {
    pub(crate) pdfium: Pdfium,
}

impl std::fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PdfEngine")
    }
}

impl PdfEngine {
    /// The process's engine, binding libpdfium from [`library_dir`] on first use.
    pub fn bind_default() -> Result<&'static Self, PdfError> {
        Self::bind(&library_dir())
    }

    /// The process's engine, binding libpdfium from `dir` (which holds `libpdfium.so`) on
    /// first use. Once bound, later calls return the same engine whatever `dir` they name.
    pub fn bind(dir: &Path) -> Result<&'static Self, PdfError> {
        static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
        static BINDING: Mutex<()> = Mutex::new(());
        if let Some(engine) = ENGINE.get() {
            return Ok(engine);
        }
        let _guard = BINDING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(engine) = ENGINE.get() {
            return Ok(engine);
        }
        let engine = Self::load_library(dir)?;
        Ok(ENGINE.get_or_init(|| engine))
    }

    fn load_library(dir: &Path) -> Result<Self, PdfError> {
        let path = Pdfium::pdfium_platform_library_name_at_path(dir);
        let bindings =
            Pdfium::bind_to_library(&path).map_err(|error| PdfError::LibraryMissing {
                dir: dir.to_path_buf(),
                detail: format!("{error:?}"),
            })?;
        Ok(Self {
            pdfium: Pdfium::new(bindings),
        })
    }

    /// Opens the PDF held in `bytes` (never copied to disk), telling a password-protected
    /// file apart from a damaged one.
    pub(crate) fn load<'a>(&'a self, bytes: &'a [u8]) -> Result<PdfDocument<'a>, PdfError> {
        if bytes.is_empty() {
            return Err(PdfError::Malformed("the file is empty".into()));
        }
        self.pdfium
            .load_pdf_from_byte_slice(bytes, None)
            .map_err(load_error)
    }

    /// Opens the PDF in `bytes`, taking ownership of them, for a document kept open on the
    /// worker thread across many calls.
    pub(crate) fn load_owned(
        &'static self,
        bytes: Vec<u8>,
    ) -> Result<PdfDocument<'static>, PdfError> {
        if bytes.is_empty() {
            return Err(PdfError::Malformed("the file is empty".into()));
        }
        self.pdfium
            .load_pdf_from_byte_vec(bytes, None)
            .map_err(load_error)
    }

    /// Number of pages of the PDF held in `bytes`.
    pub fn page_count(&self, bytes: &[u8]) -> Result<u32, PdfError> {
        Ok(u32::try_from(self.load(bytes)?.pages().len()).unwrap_or(0))
    }

    /// The text of one page (zero-based), in reading order as pdfium extracts it.
    pub fn page_text(&self, bytes: &[u8], index: u32) -> Result<String, PdfError> {
        let document = self.load(bytes)?;
        let page = page_at(&document, index)?;
        let text = page.text().map_err(malformed)?;
        Ok(text.all())
    }
}

/// Page `index` (zero-based) of `document`, or [`PdfError::NoSuchPage`].
pub(crate) fn page_at<'a>(document: &PdfDocument<'a>, index: u32) -> Result<PdfPage<'a>, PdfError> {
    let count = u32::try_from(document.pages().len()).unwrap_or(0);
    if index >= count {
        return Err(PdfError::NoSuchPage { index, count });
    }
    let page_index = i32::try_from(index).map_err(|_| PdfError::NoSuchPage { index, count })?;
    document.pages().get(page_index).map_err(|error| {
        PdfError::Malformed(format!("page {} cannot be read: {error:?}", index + 1))
    })
}

/// A pdfium failure while reading an opened document, reported as damage.
pub(crate) fn malformed(error: PdfiumError) -> PdfError {
    PdfError::Malformed(format!("{error:?}"))
}

/// What pdfium's load error means for the person who chose the file.
fn load_error(error: PdfiumError) -> PdfError {
    match error {
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError) => {
            PdfError::PasswordProtected
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FormatError) => {
            PdfError::Malformed("not a PDF, or damaged beyond repair".into())
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
            PdfError::Malformed("encrypted with an unsupported security handler".into())
        }
        other => PdfError::Malformed(format!("{other:?}")),
    }
}
