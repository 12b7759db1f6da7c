//! Binding libpdfium from a folder without it gives a clear error naming the fix. Kept in
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! its own test binary: once a process has bound PDFium, it stays bound.

#[test]
fn a_missing_library_names_the_fix() {
    let error =
        phonghop_pdf::PdfEngine::bind(std::path::Path::new("/nonexistent/pdfium")).unwrap_err();
    assert_eq!(error.code(), "pdf.library_missing");
    assert!(error.to_string().contains("cargo xtask"), "{error}");
}
