//! Writing simple text documents: the demo meeting's papers, and later cover sheets.

use pdfium_render::prelude::*;

use crate::{Figure, PdfEngine, PdfError};

const PAGE_MARGIN: f32 = 56.0;
const TITLE_SIZE: f32 = 16.0;
const BODY_SIZE: f32 = 12.0;
const LINE_FACTOR: f32 = 1.45;
/// Characters per line at the body size on an A4 page with our margins (DejaVu Sans).
const CHARS_PER_LINE: usize = 80;
/// Space left above and below a figure, in points.
const FIGURE_GAP: f32 = 8.0;

/// A document of a heading and paragraphs, laid out on A4 pages.
#[derive(Debug, Clone)]
pub struct TextDocument {
    /// Lines printed large at the top of the first page (issuer, number, title).
    pub heading: Vec<String>,
    /// Body paragraphs; each is wrapped to the page width.
    pub paragraphs: Vec<String>,
}

fn wrap(paragraph: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A pdfium failure while building a new PDF.
pub(crate) fn write_error(error: PdfiumError) -> PdfError {
    PdfError::Write(format!("{error:?}"))
}

/// What flows down the pages: a line of text at a size, or a figure.
enum Block<'f> {
    Line(String, f32),
    Figure(&'f Figure),
}

/// The document as blocks in reading order, each figure after its paragraph.
fn blocks<'f>(document: &TextDocument, figures: &'f [Figure]) -> Vec<Block<'f>> {
    let mut blocks = Vec::new();
    for heading in &document.heading {
        for line in wrap(heading, CHARS_PER_LINE * 3 / 4) {
            blocks.push(Block::Line(line, TITLE_SIZE));
        }
    }
    blocks.push(Block::Line(String::new(), BODY_SIZE));
    let figures_after = |count: usize| {
        figures
            .iter()
            .filter(move |figure| figure.after_paragraph.min(document.paragraphs.len()) == count)
            .map(Block::Figure)
    };
    blocks.extend(figures_after(0));
    for (index, paragraph) in document.paragraphs.iter().enumerate() {
        blocks.extend(
            wrap(paragraph, CHARS_PER_LINE)
                .into_iter()
                .map(|line| Block::Line(line, BODY_SIZE)),
        );
        blocks.push(Block::Line(String::new(), BODY_SIZE));
        blocks.extend(figures_after(index + 1));
    }
    blocks
}

impl PdfEngine {
    /// Lays `document` out on A4 pages in the TrueType font `font` (which must cover
    /// Vietnamese) and returns the PDF bytes.
    pub fn write_text_document(
        &self,
        document: &TextDocument,
        font: &[u8],
    ) -> Result<Vec<u8>, PdfError> {
        self.write_document_with_images(document, &[], font)
    }

    /// Like [`PdfEngine::write_text_document`], with `figures` placed after their
    /// paragraphs, each scaled to the text width (or down to fit a page).
    pub fn write_document_with_images(
        &self,
        document: &TextDocument,
        figures: &[Figure],
        font: &[u8],
    ) -> Result<Vec<u8>, PdfError> {
        let mut pdf = self.pdfium.create_new_pdf().map_err(write_error)?;
        let font = pdf
            .fonts_mut()
            .load_true_type_from_bytes(font, true)
            .map_err(write_error)?;
        let paper = PdfPagePaperSize::a4();
        let page_height = paper.height().value;
        let text_width = paper.width().value - 2.0 * PAGE_MARGIN;
        let text_height = page_height - 2.0 * PAGE_MARGIN;

        let mut page = pdf
            .pages_mut()
            .create_page_at_end(paper)
            .map_err(write_error)?;
        let mut y = page_height - PAGE_MARGIN;
        for block in blocks(document, figures) {
            let (advance, size) = match &block {
                Block::Line(_, size) => (size * LINE_FACTOR, None),
                Block::Figure(figure) => {
                    let size = figure.display_size(text_width, text_height - 2.0 * FIGURE_GAP);
                    (size.1 + 2.0 * FIGURE_GAP, Some(size))
                }
            };
            if y - advance < PAGE_MARGIN {
                if matches!(&block, Block::Line(line, _) if line.is_empty()) {
                    continue; // a blank line never starts a page
                }
                page = pdf
                    .pages_mut()
                    .create_page_at_end(paper)
                    .map_err(write_error)?;
                y = page_height - PAGE_MARGIN;
            }
            y -= advance;
            match (block, size) {
                (Block::Line(line, size), _) if !line.is_empty() => {
                    page.objects_mut()
                        .create_text_object(
                            PdfPoints::new(PAGE_MARGIN),
                            PdfPoints::new(y),
                            &line,
                            font,
                            PdfPoints::new(size),
                        )
                        .map_err(write_error)?;
                }
                (Block::Figure(figure), Some(size)) => {
                    let object = figure.image_object(&pdf, (PAGE_MARGIN, y + FIGURE_GAP), size)?;
                    page.objects_mut()
                        .add_image_object(object)
                        .map_err(write_error)?;
                }
                _ => {}
            }
        }
        pdf.save_to_bytes().map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_word_boundaries_counting_characters_not_bytes() {
        let lines = wrap("Hội đồng nhân dân tỉnh biểu quyết thông qua", 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Hội đồng nhân dân tỉnh biểu quyết thông qua"
        );
    }
}
