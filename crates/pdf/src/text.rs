//! A page's text character by character with each character's box, for highlighting
//! search hits and selecting text over the rendered page.

use crate::engine::{malformed, page_at};
use crate::{PdfEngine, PdfError};

/// One character of a page and where it is drawn, in points from the page's lower left
/// corner (PDF user space, y upwards). Characters pdfium generates itself (the spaces and
/// line breaks it infers between words and lines) have an empty box at the origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextChar {
    /// The character.
    pub ch: char,
    /// Left edge, in points.
    pub left: f32,
    /// Bottom edge, in points.
    pub bottom: f32,
    /// Right edge, in points.
    pub right: f32,
    /// Top edge, in points.
    pub top: f32,
}

impl PdfEngine {
    /// The characters of page `index` (zero-based) in pdfium's reading order, each with
    /// its box. Joining the `ch` values gives the page text that search indexes, so a hit's
    /// character offsets lead straight back to boxes to highlight.
    pub fn page_chars(&self, bytes: &[u8], index: u32) -> Result<Vec<TextChar>, PdfError> {
        page_chars_in(&self.load(bytes)?, index)
    }
}

/// [`PdfEngine::page_chars`] on a document already open.
pub(crate) fn page_chars_in(
    document: &pdfium_render::prelude::PdfDocument<'_>,
    index: u32,
) -> Result<Vec<TextChar>, PdfError> {
    let page = page_at(document, index)?;
    let text = page.text().map_err(malformed)?;
    let chars = text.chars();
    let mut out = Vec::with_capacity(chars.len());
    for char in chars.iter() {
        let Some(ch) = char.unicode_char() else {
            continue;
        };
        let bounds = char.loose_bounds().or_else(|_| char.tight_bounds());
        let (left, bottom, right, top) = match bounds {
            Ok(rect) => (
                rect.left().value,
                rect.bottom().value,
                rect.right().value,
                rect.top().value,
            ),
            Err(_) => (0.0, 0.0, 0.0, 0.0),
        };
        out.push(TextChar {
            ch,
            left,
            bottom,
            right,
            top,
        });
    }
    Ok(out)
}
