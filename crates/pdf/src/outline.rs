//! The document's bookmarks as a tree, walked within a budget: pdfium does not guard
//! against a hostile outline that loops or nests without end.

use pdfium_render::prelude::*;

/// One bookmark: its title, the page it opens, and the bookmarks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    /// The title as the document gives it.
    pub title: String,
    /// Zero-based page the bookmark opens, when it points inside the document.
    pub page_index: Option<u32>,
    /// Bookmarks nested under this one.
    pub children: Vec<OutlineItem>,
}

/// Most bookmarks read from one document; the rest of a larger outline is left out.
const MAX_ITEMS: usize = 10_000;
/// Deepest nesting read; deeper bookmarks are left out.
const MAX_DEPTH: usize = 32;

/// The outline of `document`, cut at [`MAX_ITEMS`] bookmarks and [`MAX_DEPTH`] levels so
/// that a cyclic or absurd outline still ends.
pub(crate) fn outline(document: &PdfDocument<'_>) -> Vec<OutlineItem> {
    let mut budget = MAX_ITEMS;
    // pdfium's "root" is the first top-level bookmark.
    siblings(document.bookmarks().root(), 0, &mut budget)
}

fn siblings(first: Option<PdfBookmark<'_>>, depth: usize, budget: &mut usize) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    if depth >= MAX_DEPTH {
        return items;
    }
    let mut next = first;
    while let Some(bookmark) = next {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let children = siblings(bookmark.first_child(), depth + 1, budget);
        items.push(OutlineItem {
            title: bookmark.title().unwrap_or_default(),
            page_index: target_page(&bookmark),
            children,
        });
        next = bookmark.next_sibling();
    }
    items
}

/// The page a bookmark opens: its destination, or the destination of its go-to action.
fn target_page(bookmark: &PdfBookmark<'_>) -> Option<u32> {
    let from_destination = bookmark
        .destination()
        .and_then(|destination| destination.page_index().ok());
    let index = from_destination.or_else(|| {
        bookmark.action().and_then(|action| {
            action
                .as_local_destination_action()
                .and_then(|local| local.destination().ok())
                .and_then(|destination| destination.page_index().ok())
        })
    })?;
    u32::try_from(index).ok()
}
