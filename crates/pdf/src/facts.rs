//! What the viewer lays out before rendering anything: page sizes, page labels, outline.

use crate::outline::{OutlineItem, outline};
use crate::{PdfEngine, PdfError};

/// One page's size and printed label, so the viewer can reserve space for every page of a
/// continuous scroll before any is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInfo {
    /// Width in points (1/72 inch), after the page's rotation.
    pub width_pt: f32,
    /// Height in points, after the page's rotation.
    pub height_pt: f32,
    /// The label the document gives the page ("i", "A-3"), when it defines page labels.
    pub label: Option<String>,
}

/// The facts of a whole document the viewer needs up front.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentInfo {
    /// Every page, in order.
    pub pages: Vec<PageInfo>,
    /// The bookmarks, as a tree (empty when the document has none).
    pub outline: Vec<OutlineItem>,
}

impl PdfEngine {
    /// Page sizes, labels and outline of the PDF in `bytes`. A page pdfium cannot load
    /// still gets its size from the page tree (and no label); only a page without even
    /// that makes the document malformed.
    pub fn document_info(&self, bytes: &[u8]) -> Result<DocumentInfo, PdfError> {
        document_info_in(&self.load(bytes)?)
    }
}

/// [`PdfEngine::document_info`] on a document already open.
pub(crate) fn document_info_in(
    document: &pdfium_render::prelude::PdfDocument<'_>,
) -> Result<DocumentInfo, PdfError> {
    let pages = document.pages();
    let mut infos = Vec::with_capacity(usize::try_from(pages.len()).unwrap_or(0));
    for index in pages.as_range() {
        let info = match pages.get(index) {
            Ok(page) => PageInfo {
                width_pt: page.width().value,
                height_pt: page.height().value,
                label: page
                    .label()
                    .filter(|label| !label.is_empty())
                    .map(str::to_owned),
            },
            Err(_) => {
                let size = pages.page_size(index).map_err(|error| {
                    PdfError::Malformed(format!("page {} has no size: {error:?}", index + 1))
                })?;
                PageInfo {
                    width_pt: size.width().value,
                    height_pt: size.height().value,
                    label: None,
                }
            }
        };
        infos.push(info);
    }
    Ok(DocumentInfo {
        pages: infos,
        outline: outline(document),
    })
}
