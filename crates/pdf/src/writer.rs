//! Writing simple text documents: the demo meeting's papers, and later cover sheets.

use pdfium_render::prelude::*;

use crate::{PdfEngine, PdfError};

const PAGE_MARGIN: f32 = 56.0;
const TITLE_SIZE: f32 = 16.0;
const BODY_SIZE: f32 = 12.0;
const LINE_FACTOR: f32 = 1.45;
/// Characters per line at the body size on an A4 page with our margins (DejaVu Sans).
const CHARS_PER_LINE: usize = 80;

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

fn write_error(error: PdfiumError) -> PdfError {
    PdfError::Write(format!("{error:?}"))
}

impl PdfEngine {
    /// Lays `document` out on A4 pages in the TrueType font `font` (which must cover
    /// Vietnamese) and returns the PDF bytes.
    pub fn write_text_document(
        &self,
        document: &TextDocument,
        font: &[u8],
    ) -> Result<Vec<u8>, PdfError> {
        let mut pdf = self.pdfium.create_new_pdf().map_err(write_error)?;
        let font = pdf
            .fonts_mut()
            .load_true_type_from_bytes(font, true)
            .map_err(write_error)?;
        let paper = PdfPagePaperSize::a4();
        let page_height = paper.height().value;

        let mut lines: Vec<(String, f32)> = Vec::new();
        for heading in &document.heading {
            for line in wrap(heading, CHARS_PER_LINE * 3 / 4) {
                lines.push((line, TITLE_SIZE));
            }
        }
        lines.push((String::new(), BODY_SIZE));
        for paragraph in &document.paragraphs {
            lines.extend(
                wrap(paragraph, CHARS_PER_LINE)
                    .into_iter()
                    .map(|line| (line, BODY_SIZE)),
            );
            lines.push((String::new(), BODY_SIZE));
        }

        let mut page = pdf
            .pages_mut()
            .create_page_at_end(paper)
            .map_err(write_error)?;
        let mut y = page_height - PAGE_MARGIN;
        for (line, size) in lines {
            let advance = size * LINE_FACTOR;
            if y - advance < PAGE_MARGIN {
                page = pdf
                    .pages_mut()
                    .create_page_at_end(paper)
                    .map_err(write_error)?;
                y = page_height - PAGE_MARGIN;
            }
            y -= advance;
            if !line.is_empty() {
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
