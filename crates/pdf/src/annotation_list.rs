//! The annotations a PDF carries, page by page: what an exported annotated copy holds, read
//! back the way any reader would, so tests and support staff can check an export.

use pdfium_render::prelude::*;

use crate::{PdfEngine, PdfError};

/// One annotation of a PDF page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAnnotation {
    /// Zero-based page.
    pub page: u32,
    /// Its type in lower case: "highlight", "underline", "ink", "text", …
    pub kind: String,
    /// Its text (the quote of a highlight, a note's words), empty when it has none.
    pub contents: String,
}

fn kind_name(kind: PdfPageAnnotationType) -> String {
    match kind {
        PdfPageAnnotationType::Highlight => "highlight".into(),
        PdfPageAnnotationType::Underline => "underline".into(),
        PdfPageAnnotationType::Ink => "ink".into(),
        PdfPageAnnotationType::Text => "text".into(),
        PdfPageAnnotationType::FreeText => "free_text".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

impl PdfEngine {
    /// Every annotation of the document in `bytes`, in page order.
    pub fn annotations(&self, bytes: &[u8]) -> Result<Vec<PageAnnotation>, PdfError> {
        let document = self.load(bytes)?;
        let mut found = Vec::new();
        for (index, page) in document.pages().iter().enumerate() {
            let page_index =
                u32::try_from(index).map_err(|_| PdfError::Malformed("too many pages".into()))?;
            for annotation in page.annotations().iter() {
                found.push(PageAnnotation {
                    page: page_index,
                    kind: kind_name(annotation.annotation_type()),
                    contents: annotation.contents().unwrap_or_default(),
                });
            }
        }
        Ok(found)
    }
}
