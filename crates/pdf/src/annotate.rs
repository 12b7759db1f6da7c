//! "Export my annotated copy": a meeting document with one member's marks written as
//! standard PDF annotations, and a watermark naming the member on every page.
//!
//! The marks become the annotations every PDF reader understands (Highlight, Underline,
//! Ink, Text), so the copy opens with the member's marks in Acrobat, a browser or a phone,
//! and their quotes and notes stay readable in the reader's comment list. The watermark is
//! drawn as real text in the page content, not as an annotation: it cannot be hidden or
//! deleted by a reader's "hide comments" switch, and text extraction (and so a search of a
//! leaked copy) reads it back. It is drawn twice: large, light and diagonal across the page
//! centre, and once in small type along the bottom margin, upright to the reader even on a
//! page turned by `/Rotate`.
//!
//! Everything the caller asks is checked before the document is touched: a mark on a page
//! the document does not have is `pdf.no_such_page`, a coordinate that is not a finite number
//! (or is absurdly far off any page) is `pdf.invalid_request`, and bytes pdfium cannot read
//! are `pdf.malformed`.
//!
//! pdfium cannot write an Ink annotation's `/InkList` through pdfium-render's safe API (the
//! annotation handle is private and this workspace forbids `unsafe`), so each stroke is
//! written as a stroked path in the annotation's own appearance stream, which is what
//! readers draw. Highlight, Underline and Text annotations are written without an
//! appearance stream, as pdfium creates them; readers draw those from their colour and
//! `/QuadPoints`.

use pdfium_render::prelude::*;

use crate::engine::page_at;
use crate::metrics::FontMetrics;
use crate::writer::write_error;
use crate::{PdfEngine, PdfError};

/// DejaVu Sans, which covers every Vietnamese letter (precomposed), for the watermark.
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Largest coordinate or width accepted, in points: PDF pages are at most 14 400 pt a side,
/// so anything beyond this is a caller's bug, refused before it reaches pdfium.
const MAX_COORDINATE: f32 = 1.0e6;
/// Side of a sticky note's icon, in points (the size readers draw it).
const NOTE_SIZE: f32 = 20.0;
/// Distance of a bookmark's icon from the corner of the page, in points.
const BOOKMARK_INSET: f32 = 6.0;
/// Colour of a sticky note: the yellow readers use for notes.
const NOTE_COLOUR: PdfColor = PdfColor::new(255, 204, 0, 255);
/// Colour of a bookmark's note, blue so it is told apart from the member's notes.
const BOOKMARK_COLOUR: PdfColor = PdfColor::new(30, 110, 220, 255);
/// What a bookmark's note says before its label (pdfium cannot write outline entries).
const BOOKMARK_PREFIX: &str = "Đánh dấu: ";

/// Angle of the large watermark, counter-clockwise from the reader's horizontal.
const DIAGONAL_DEGREES: f32 = 45.0;
/// Share of the diagonal's length the large watermark may take.
const DIAGONAL_SHARE: f32 = 0.8;
/// Font sizes between which the large watermark is set, in points.
const DIAGONAL_MIN_SIZE: f32 = 10.0;
const DIAGONAL_MAX_SIZE: f32 = 60.0;
/// Light grey, mostly transparent, so the page stays readable under it.
const DIAGONAL_COLOUR: PdfColor = PdfColor::new(128, 128, 128, 72);
/// Height of the middle of a line above its baseline, in ems (DejaVu's x-height is 0.55 em,
/// its capitals 0.73 em), to centre the diagonal line on the page centre.
const LINE_MIDDLE: f32 = 0.36;
/// The small watermark: size, smallest size when shrunk to fit, baseline above the bottom
/// edge, and room kept at either side, in points.
const FOOTER_SIZE: f32 = 7.0;
const FOOTER_MIN_SIZE: f32 = 4.0;
const FOOTER_BASELINE: f32 = 8.0;
const FOOTER_SIDE: f32 = 18.0;
const FOOTER_COLOUR: PdfColor = PdfColor::new(120, 120, 120, 255);

/// One of the member's marks, in PDF points (origin lower-left, y up), page zero-based.
///
/// It exists so the app can hand its own annotation records to the PDF writer without this
/// crate knowing how they are stored or synchronised.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Text highlighted in a colour, written as a PDF Highlight annotation.
    Highlight {
        /// Zero-based page.
        page: u32,
        /// One box per line of the highlighted text: `[left, bottom, right, top]`.
        rects: Vec<[f32; 4]>,
        /// The highlight's colour.
        rgb: (u8, u8, u8),
        /// The highlighted text, shown as the annotation's comment.
        contents: String,
    },
    /// Text underlined in a colour, written as a PDF Underline annotation.
    Underline {
        /// Zero-based page.
        page: u32,
        /// One box per line of the underlined text: `[left, bottom, right, top]`.
        rects: Vec<[f32; 4]>,
        /// The line's colour.
        rgb: (u8, u8, u8),
        /// The underlined text, shown as the annotation's comment.
        contents: String,
    },
    /// Freehand drawing, written as a PDF Ink annotation.
    Ink {
        /// Zero-based page.
        page: u32,
        /// The strokes, each a polyline of `(x, y)` points.
        strokes: Vec<Vec<(f32, f32)>>,
        /// The ink's colour.
        rgb: (u8, u8, u8),
        /// Line width, in points.
        width: f32,
    },
    /// A sticky note, written as a PDF Text annotation whose icon's top-left corner is at
    /// `(x, y)`.
    Note {
        /// Zero-based page.
        page: u32,
        /// Left edge of the note's icon, in points.
        x: f32,
        /// Top edge of the note's icon, in points.
        y: f32,
        /// What the member wrote.
        text: String,
    },
    /// A bookmarked page, written as a Text annotation in the page's top-left corner saying
    /// "Đánh dấu: {label}" (pdfium cannot write outline entries).
    Bookmark {
        /// Zero-based page.
        page: u32,
        /// The bookmark's name.
        label: String,
    },
}

impl Mark {
    /// The page the mark is on, zero-based.
    fn page(&self) -> u32 {
        match self {
            Mark::Highlight { page, .. }
            | Mark::Underline { page, .. }
            | Mark::Ink { page, .. }
            | Mark::Note { page, .. }
            | Mark::Bookmark { page, .. } => *page,
        }
    }

    /// What the mark is, for error messages.
    fn kind(&self) -> &'static str {
        match self {
            Mark::Highlight { .. } => "highlight",
            Mark::Underline { .. } => "underline",
            Mark::Ink { .. } => "ink",
            Mark::Note { .. } => "note",
            Mark::Bookmark { .. } => "bookmark",
        }
    }
}

/// What to write into the copy.
///
/// It exists so that "export my annotated copy" is one call: the member's marks, their
/// name as the annotations' author, and the watermark that makes a leaked copy traceable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnotatedCopy {
    /// The member's marks, in any order.
    pub marks: Vec<Mark>,
    /// The member's name, written as every annotation's author (`/T`); empty writes none.
    pub author: String,
    /// Drawn on every page, e.g. "Nguyễn Văn An — 30/11/2026 — Tài liệu họp — không phát
    /// tán" (NFC); empty draws no watermark.
    pub watermark: String,
}

impl PdfEngine {
    /// The PDF in `bytes` with `copy`'s marks written as standard annotations and its
    /// watermark drawn on every page, as new PDF bytes.
    ///
    /// This is what a member takes away from a meeting: their own annotated copy, readable
    /// in any PDF reader and naming them on every page. The input is never modified.
    pub fn write_annotated_copy(
        &self,
        bytes: &[u8],
        copy: &AnnotatedCopy,
    ) -> Result<Vec<u8>, PdfError> {
        let mut document = self.load(bytes)?;
        let count = u32::try_from(document.pages().len()).unwrap_or(0);
        check(&copy.marks, count)?;
        let usize_count = usize::try_from(count).unwrap_or(0);
        let mut by_page: Vec<Vec<&Mark>> = vec![Vec::new(); usize_count];
        for mark in &copy.marks {
            if let Some(marks) = usize::try_from(mark.page())
                .ok()
                .and_then(|page| by_page.get_mut(page))
            {
                marks.push(mark);
            }
        }
        let watermark = clean(&copy.watermark);
        let metrics = FontMetrics::parse(FONT)?;
        let font = if watermark.is_empty() {
            None
        } else {
            Some(
                document
                    .fonts_mut()
                    .load_true_type_from_bytes(FONT, true)
                    .map_err(write_error)?,
            )
        };
        for (index, marks) in (0..count).zip(&by_page) {
            let mut page = page_at(&document, index)?;
            // The content stream is regenerated once, after the watermark, not per change.
            page.set_content_regeneration_strategy(PdfPageContentRegenerationStrategy::Manual);
            let frame = Frame::of(&page);
            for mark in marks {
                annotate(&document, &mut page, mark, &copy.author, &frame).map_err(write_error)?;
            }
            if let Some(font) = font {
                let watermark = Watermark {
                    text: &watermark,
                    font,
                    metrics: &metrics,
                };
                watermark
                    .draw(&document, &mut page, &frame)
                    .and_then(|()| page.regenerate_content())
                    .map_err(write_error)?;
            }
        }
        document.save_to_bytes().map_err(write_error)
    }
}

/// Refuses marks that cannot be written, before anything is drawn.
fn check(marks: &[Mark], count: u32) -> Result<(), PdfError> {
    for (number, mark) in marks.iter().enumerate() {
        let page = mark.page();
        if page >= count {
            return Err(PdfError::NoSuchPage { index: page, count });
        }
        let refuse = |what: &str| {
            PdfError::InvalidRequest(format!(
                "mark {} ({}) on page {}: {what}",
                number + 1,
                mark.kind(),
                u64::from(page) + 1
            ))
        };
        let coordinate = |value: f32| value.is_finite() && value.abs() <= MAX_COORDINATE;
        let not_finite = "a coordinate is not a finite number of points on the page";
        match mark {
            Mark::Highlight { rects, .. } | Mark::Underline { rects, .. } => {
                if rects.is_empty() {
                    return Err(refuse("it covers no text (no rectangle)"));
                }
                if !rects.iter().flatten().all(|&value| coordinate(value)) {
                    return Err(refuse(not_finite));
                }
            }
            Mark::Ink { strokes, width, .. } => {
                if !(width.is_finite() && *width > 0.0 && *width <= MAX_COORDINATE) {
                    return Err(refuse("the line width is not a positive number of points"));
                }
                if strokes.iter().all(Vec::is_empty) {
                    return Err(refuse("it has no point"));
                }
                if !strokes
                    .iter()
                    .flatten()
                    .all(|&(x, y)| coordinate(x) && coordinate(y))
                {
                    return Err(refuse(not_finite));
                }
            }
            Mark::Note { x, y, .. } => {
                if !(coordinate(*x) && coordinate(*y)) {
                    return Err(refuse(not_finite));
                }
            }
            Mark::Bookmark { .. } => {}
        }
    }
    Ok(())
}

/// `text` on one line: control characters (line breaks, tabs) become spaces, since pdfium
/// draws them as boxes.
fn clean(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    line.trim().to_owned()
}

fn colour((red, green, blue): (u8, u8, u8)) -> PdfColor {
    PdfColor::new(red, green, blue, 255)
}

/// `rect` (`[left, bottom, right, top]`, either way round) as `(left, bottom, right, top)`.
fn normalised([x1, y1, x2, y2]: [f32; 4]) -> (f32, f32, f32, f32) {
    (x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2))
}

/// The smallest rectangle holding every rectangle of `rects`.
fn union(rects: &[[f32; 4]]) -> PdfRect {
    let mut bounds = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for rect in rects {
        let (left, bottom, right, top) = normalised(*rect);
        bounds = (
            bounds.0.min(left),
            bounds.1.min(bottom),
            bounds.2.max(right),
            bounds.3.max(top),
        );
    }
    let (left, bottom, right, top) = bounds;
    PdfRect::new_from_values(bottom, left, top, right)
}

/// The attachment point (`/QuadPoints` entry) of one line of marked text, in the order
/// readers and pdfium expect: top-left, top-right, bottom-left, bottom-right.
fn quad(rect: [f32; 4]) -> PdfQuadPoints {
    let (left, bottom, right, top) = normalised(rect);
    PdfQuadPoints::new_from_values(left, top, right, top, left, bottom, right, bottom)
}

/// The author and the comment every markup annotation carries.
fn describe(
    annotation: &mut impl PdfPageAnnotationCommon,
    author: &str,
    contents: &str,
) -> Result<(), PdfiumError> {
    if !contents.is_empty() {
        annotation.set_contents(contents)?;
    }
    if !author.is_empty() {
        annotation.set_creator(author)?;
    }
    Ok(())
}

/// Writes `mark` on `page` as a PDF annotation.
fn annotate<'a>(
    document: &PdfDocument<'a>,
    page: &mut PdfPage<'a>,
    mark: &Mark,
    author: &str,
    frame: &Frame,
) -> Result<(), PdfiumError> {
    let annotations = page.annotations_mut();
    match mark {
        Mark::Highlight {
            rects,
            rgb,
            contents,
            ..
        } => {
            let mut highlight = annotations.create_highlight_annotation()?;
            highlight.set_bounds(union(rects))?;
            // pdfium (and readers) paint a highlight in its /C colour.
            highlight.set_stroke_color(colour(*rgb))?;
            for rect in rects {
                highlight
                    .attachment_points_mut()
                    .create_attachment_point_at_end(quad(*rect))?;
            }
            describe(&mut highlight, author, contents)
        }
        Mark::Underline {
            rects,
            rgb,
            contents,
            ..
        } => {
            let mut underline = annotations.create_underline_annotation()?;
            underline.set_bounds(union(rects))?;
            underline.set_stroke_color(colour(*rgb))?;
            for rect in rects {
                underline
                    .attachment_points_mut()
                    .create_attachment_point_at_end(quad(*rect))?;
            }
            describe(&mut underline, author, contents)
        }
        Mark::Ink {
            strokes,
            rgb,
            width,
            ..
        } => {
            let rects: Vec<[f32; 4]> = strokes
                .iter()
                .flatten()
                .map(|&(x, y)| [x, y, x, y])
                .collect();
            let bounds = union(&rects);
            // Half the width would do for the ink itself; a whole width keeps round caps
            // and joins inside the annotation's box.
            let pad = width.max(1.0);
            let mut ink = annotations.create_ink_annotation()?;
            // The box, colour and author are set while the annotation has no appearance
            // stream: the first path added creates one, sized to the box, after which
            // pdfium refuses a colour.
            ink.set_bounds(PdfRect::new_from_values(
                bounds.bottom().value - pad,
                bounds.left().value - pad,
                bounds.top().value + pad,
                bounds.right().value + pad,
            ))?;
            ink.set_stroke_color(colour(*rgb))?;
            describe(&mut ink, author, "")?;
            for stroke in strokes {
                let Some((&(x0, y0), rest)) = stroke.split_first() else {
                    continue;
                };
                let mut path = PdfPagePathObject::new(
                    document,
                    PdfPoints::new(x0),
                    PdfPoints::new(y0),
                    Some(colour(*rgb)),
                    Some(PdfPoints::new(*width)),
                    None,
                )?;
                if rest.is_empty() {
                    // A tap: a zero-length line, which a round cap draws as a dot.
                    path.line_to(PdfPoints::new(x0), PdfPoints::new(y0))?;
                }
                for &(x, y) in rest {
                    path.line_to(PdfPoints::new(x), PdfPoints::new(y))?;
                }
                path.set_line_cap(PdfPageObjectLineCap::Round)?;
                path.set_line_join(PdfPageObjectLineJoin::Round)?;
                ink.objects_mut().add_path_object(path)?;
            }
            Ok(())
        }
        Mark::Note { x, y, text, .. } => {
            let mut note = annotations.create_text_annotation(text)?;
            let (left, bottom, right, top) = frame.bounds;
            // The icon stays on the page even for a note placed at its very edge.
            let x = x.min(right - NOTE_SIZE).max(left);
            let y = y.max(bottom + NOTE_SIZE).min(top);
            note.set_bounds(PdfRect::new_from_values(y - NOTE_SIZE, x, y, x + NOTE_SIZE))?;
            note.set_stroke_color(NOTE_COLOUR)?;
            describe(&mut note, author, "")
        }
        Mark::Bookmark { label, .. } => {
            let text = format!("{BOOKMARK_PREFIX}{label}");
            let mut bookmark = annotations.create_text_annotation(&text)?;
            // The top-left corner as the reader sees the page, whatever its /Rotate.
            let height = frame.size().1;
            let top = height - BOOKMARK_INSET;
            let bottom = top - NOTE_SIZE;
            let (x1, y1) = frame.to_user().apply(BOOKMARK_INSET, bottom);
            let (x2, y2) = frame.to_user().apply(BOOKMARK_INSET + NOTE_SIZE, top);
            bookmark.set_bounds(PdfRect::new_from_values(
                y1.min(y2),
                x1.min(x2),
                y1.max(y2),
                x1.max(x2),
            ))?;
            bookmark.set_stroke_color(BOOKMARK_COLOUR)?;
            describe(&mut bookmark, author, "")
        }
    }
}

/// An affine map `(u, v) ↦ (a·u + c·v + e, b·u + d·v + f)`, as PDF matrices are written.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Affine {
    a: f32,
    b: f32,
    c: f32,
    d: f32,
    e: f32,
    f: f32,
}

impl Affine {
    const fn translation(e: f32, f: f32) -> Self {
        Self {
            a: 1.0,
            b: 0.0,
            c: 0.0,
            d: 1.0,
            e,
            f,
        }
    }

    fn apply(&self, u: f32, v: f32) -> (f32, f32) {
        (
            self.a * u + self.c * v + self.e,
            self.b * u + self.d * v + self.f,
        )
    }

    /// `self` after `inner`: first `inner`, then `self`.
    fn after(&self, inner: &Affine) -> Affine {
        Affine {
            a: self.a * inner.a + self.c * inner.b,
            b: self.b * inner.a + self.d * inner.b,
            c: self.a * inner.c + self.c * inner.d,
            d: self.b * inner.c + self.d * inner.d,
            e: self.a * inner.e + self.c * inner.f + self.e,
            f: self.b * inner.e + self.d * inner.f + self.f,
        }
    }
}

/// A page as the reader sees it: its visible box in PDF user space and how far a viewer
/// turns it clockwise (`/Rotate`), in quarter turns.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    /// `(left, bottom, right, top)` of the crop box (else the media box), in user space.
    bounds: (f32, f32, f32, f32),
    quarter_turns: u8,
}

impl Frame {
    fn of(page: &PdfPage<'_>) -> Self {
        let rect = page
            .boundaries()
            .crop()
            .or_else(|_| page.boundaries().media())
            .map(|boundary| boundary.bounds)
            .ok();
        let quarter_turns = match page.rotation() {
            Ok(PdfPageRenderRotation::Degrees90) => 1,
            Ok(PdfPageRenderRotation::Degrees180) => 2,
            Ok(PdfPageRenderRotation::Degrees270) => 3,
            Ok(PdfPageRenderRotation::None) | Err(_) => 0,
        };
        let bounds = match rect {
            Some(rect) => normalised([
                rect.left().value,
                rect.bottom().value,
                rect.right().value,
                rect.top().value,
            ]),
            None => {
                // pdfium gives the size as shown, turned; the box is in user space.
                let (width, height) = (page.width().value, page.height().value);
                if quarter_turns % 2 == 1 {
                    (0.0, 0.0, height, width)
                } else {
                    (0.0, 0.0, width, height)
                }
            }
        };
        Self {
            bounds,
            quarter_turns,
        }
    }

    /// Width and height as the reader sees the page.
    fn size(&self) -> (f32, f32) {
        let (left, bottom, right, top) = self.bounds;
        if self.quarter_turns % 2 == 1 {
            (top - bottom, right - left)
        } else {
            (right - left, top - bottom)
        }
    }

    /// From the reader's view of the page (origin at the lower-left corner they see, y up
    /// on their screen) to PDF user space.
    fn to_user(self) -> Affine {
        let (left, bottom, right, top) = self.bounds;
        let (a, b, c, d, e, f) = match self.quarter_turns {
            // Turned a quarter clockwise: the reader's right is user +y, their up user -x.
            1 => (0.0, 1.0, -1.0, 0.0, right, bottom),
            2 => (-1.0, 0.0, 0.0, -1.0, right, top),
            3 => (0.0, -1.0, 1.0, 0.0, left, top),
            _ => (1.0, 0.0, 0.0, 1.0, left, bottom),
        };
        Affine { a, b, c, d, e, f }
    }
}

/// The watermark's text and the font it is drawn in.
struct Watermark<'t> {
    text: &'t str,
    font: PdfFontToken,
    metrics: &'t FontMetrics<'t>,
}

impl Watermark<'_> {
    /// Draws the watermark on `page`: large and diagonal across the centre, then small
    /// along the bottom margin.
    fn draw<'a>(
        &self,
        document: &PdfDocument<'a>,
        page: &mut PdfPage<'a>,
        frame: &Frame,
    ) -> Result<(), PdfiumError> {
        let (width, height) = frame.size();
        let ems = self.metrics.width(self.text, 1.0);
        if !(width > 0.0 && height > 0.0 && ems > 0.0) {
            return Ok(());
        }
        let to_user = frame.to_user();

        let (sin, cos) = DIAGONAL_DEGREES.to_radians().sin_cos();
        let reach = (width / cos).min(height / sin);
        let size = (reach * DIAGONAL_SHARE / ems).clamp(DIAGONAL_MIN_SIZE, DIAGONAL_MAX_SIZE);
        // The middle of the line, in the line's own frame, goes to the page centre.
        let (along, up) = (ems * size / 2.0, LINE_MIDDLE * size);
        let diagonal = Affine {
            a: cos,
            b: sin,
            c: -sin,
            d: cos,
            e: width / 2.0 - (along * cos - up * sin),
            f: height / 2.0 - (along * sin + up * cos),
        };
        self.place(
            document,
            page,
            size,
            DIAGONAL_COLOUR,
            &to_user.after(&diagonal),
        )?;

        let size = ((width - 2.0 * FOOTER_SIDE) / ems).clamp(FOOTER_MIN_SIZE, FOOTER_SIZE);
        let footer = Affine::translation((width - ems * size) / 2.0, FOOTER_BASELINE);
        self.place(document, page, size, FOOTER_COLOUR, &to_user.after(&footer))
    }

    /// One line of the watermark, set at `size` and placed by `matrix`.
    fn place<'a>(
        &self,
        document: &PdfDocument<'a>,
        page: &mut PdfPage<'a>,
        size: f32,
        colour: PdfColor,
        matrix: &Affine,
    ) -> Result<(), PdfiumError> {
        let mut object =
            PdfPageTextObject::new(document, self.text, self.font, PdfPoints::new(size))?;
        object.set_fill_color(colour)?;
        object.transform(matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)?;
        page.objects_mut().add_text_object(object)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WATERMARK: &str = "Nguyễn Văn An — 30/11/2026 — Tài liệu họp — không phát tán";
    const AUTHOR: &str = "Nguyễn Văn An";
    const QUOTE: &str = "Nghị quyết về dự toán ngân sách";

    fn engine() -> &'static PdfEngine {
        PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
    }

    /// An A4 document of `pages` pages, each with a line of text; page 2 turned by
    /// `rotation` when given.
    fn document(pages: usize, rotation: Option<PdfPageRenderRotation>) -> Vec<u8> {
        let engine = engine();
        let mut pdf = engine.pdfium.create_new_pdf().unwrap();
        let font = pdf
            .fonts_mut()
            .load_true_type_from_bytes(FONT, true)
            .unwrap();
        for index in 0..pages {
            let mut page = pdf
                .pages_mut()
                .create_page_at_end(PdfPagePaperSize::a4())
                .unwrap();
            page.objects_mut()
                .create_text_object(
                    PdfPoints::new(72.0),
                    PdfPoints::new(700.0),
                    format!("Trang {}: {QUOTE}", index + 1),
                    font,
                    PdfPoints::new(12.0),
                )
                .unwrap();
            if index == 1
                && let Some(rotation) = rotation
            {
                page.set_rotation(rotation);
            }
        }
        pdf.save_to_bytes().unwrap()
    }

    fn marks() -> Vec<Mark> {
        vec![
            Mark::Highlight {
                page: 0,
                rects: vec![[72.0, 696.0, 300.0, 712.0], [72.0, 680.0, 180.0, 694.0]],
                rgb: (255, 235, 59),
                contents: QUOTE.into(),
            },
            Mark::Underline {
                page: 0,
                rects: vec![[72.0, 650.0, 250.0, 664.0]],
                rgb: (33, 150, 243),
                contents: "dự toán".into(),
            },
            Mark::Note {
                page: 0,
                x: 400.0,
                y: 500.0,
                text: "Đề nghị làm rõ số liệu năm 2025.\nXem phụ lục 2.".into(),
            },
            Mark::Ink {
                page: 1,
                strokes: vec![
                    vec![(100.0, 100.0), (150.0, 140.0), (200.0, 120.0)],
                    vec![(300.0, 300.0)],
                ],
                rgb: (229, 57, 53),
                width: 2.5,
            },
            Mark::Bookmark {
                page: 1,
                label: "Phụ lục ngân sách".into(),
            },
        ]
    }

    fn copy(marks: Vec<Mark>) -> AnnotatedCopy {
        AnnotatedCopy {
            marks,
            author: AUTHOR.into(),
            watermark: WATERMARK.into(),
        }
    }

    fn contains(outer: &PdfRect, [left, bottom, right, top]: [f32; 4]) -> bool {
        let slack = 0.01;
        outer.left().value <= left + slack
            && outer.bottom().value <= bottom + slack
            && outer.right().value >= right - slack
            && outer.top().value >= top - slack
    }

    fn types(page: &PdfPage<'_>) -> Vec<PdfPageAnnotationType> {
        page.annotations()
            .iter()
            .map(|annotation| annotation.annotation_type())
            .collect()
    }

    #[test]
    fn marks_become_standard_annotations_and_every_page_carries_the_watermark() {
        let engine = engine();
        let input = document(2, None);
        let marks = marks();
        let output = engine
            .write_annotated_copy(&input, &copy(marks.clone()))
            .unwrap();
        let pdf = engine.load(&output).unwrap();
        assert_eq!(pdf.pages().len(), 2);

        let first = pdf.pages().get(0).unwrap();
        assert_eq!(
            types(&first),
            [
                PdfPageAnnotationType::Highlight,
                PdfPageAnnotationType::Underline,
                PdfPageAnnotationType::Text,
            ]
        );
        let Mark::Highlight { rects, .. } = &marks[0] else {
            unreachable!()
        };
        let annotations = first.annotations();
        let highlight = annotations.get(0).unwrap();
        assert_eq!(highlight.contents().as_deref(), Some(QUOTE));
        assert_eq!(highlight.creator().as_deref(), Some(AUTHOR));
        let bounds = highlight.bounds().unwrap();
        assert!(
            rects.iter().all(|rect| contains(&bounds, *rect)),
            "{bounds:?}"
        );
        let points = highlight.attachment_points();
        assert_eq!(points.len(), 2);
        for (index, rect) in rects.iter().enumerate() {
            let quad = points.get(index).unwrap();
            let read = [
                quad.left().value,
                quad.bottom().value,
                quad.right().value,
                quad.top().value,
            ];
            assert_eq!(&read, rect);
            // Top-left first, as pdfium itself reads /QuadPoints back.
            assert_eq!((quad.x1().value, quad.y1().value), (rect[0], rect[3]));
        }
        let underline = annotations.get(1).unwrap();
        assert_eq!(underline.contents().as_deref(), Some("dự toán"));
        assert_eq!(underline.attachment_points().len(), 1);
        let note = annotations.get(2).unwrap();
        assert_eq!(
            note.contents().as_deref(),
            Some("Đề nghị làm rõ số liệu năm 2025.\nXem phụ lục 2.")
        );
        assert_eq!(note.creator().as_deref(), Some(AUTHOR));
        let note_bounds = note.bounds().unwrap();
        assert!(contains(&note_bounds, [400.0, 480.0, 420.0, 500.0]));

        let second = pdf.pages().get(1).unwrap();
        assert_eq!(
            types(&second),
            [PdfPageAnnotationType::Ink, PdfPageAnnotationType::Text]
        );
        let annotations = second.annotations();
        let ink = annotations.get(0).unwrap();
        assert_eq!(ink.objects().len(), 2, "one path per stroke");
        let ink_bounds = ink.bounds().unwrap();
        assert!(
            contains(&ink_bounds, [97.5, 97.5, 302.5, 302.5]),
            "{ink_bounds:?}"
        );
        let path = ink.objects().get(0).unwrap();
        assert_eq!(path.object_type(), PdfPageObjectType::Path);
        assert!((path.stroke_width().unwrap().value - 2.5).abs() < 1e-3);
        let ink_colour = path.stroke_color().unwrap();
        assert_eq!(
            (ink_colour.red(), ink_colour.green(), ink_colour.blue()),
            (229, 57, 53)
        );
        let bookmark = annotations.get(1).unwrap();
        assert_eq!(
            bookmark.contents().as_deref(),
            Some("Đánh dấu: Phụ lục ngân sách")
        );
        let corner = bookmark.bounds().unwrap();
        assert!(
            corner.left().value < 40.0 && corner.top().value > 800.0,
            "{corner:?}"
        );

        for index in 0..2 {
            let text = engine.page_text(&output, index).unwrap();
            assert!(text.contains(WATERMARK), "page {index}: {text:?}");
            assert!(text.contains(&format!("Trang {}", index + 1)), "{text:?}");
        }
        // The input is left as it was.
        assert!(!engine.page_text(&input, 0).unwrap().contains(WATERMARK));
    }

    #[test]
    fn the_watermark_stays_on_the_page_and_upright_to_the_reader_on_a_turned_page() {
        let engine = engine();
        let input = document(2, Some(PdfPageRenderRotation::Degrees90));
        let output = engine
            .write_annotated_copy(&input, &copy(Vec::new()))
            .unwrap();
        let pdf = engine.load(&output).unwrap();
        let (width, height) = (595.0, 842.0);
        for (index, page) in pdf.pages().iter().enumerate() {
            let mut watermarks = Vec::new();
            for object in page.objects().iter() {
                let Some(text) = object.as_text_object() else {
                    continue;
                };
                if text.text() == WATERMARK {
                    watermarks.push(object.bounds().unwrap().to_rect());
                }
            }
            assert_eq!(watermarks.len(), 2, "page {index}");
            for bounds in &watermarks {
                assert!(
                    bounds.left().value >= 0.0
                        && bounds.bottom().value >= 0.0
                        && bounds.right().value <= width
                        && bounds.top().value <= height,
                    "page {index}: {bounds:?}"
                );
            }
            // The small line runs along the edge the reader sees at the bottom: the
            // bottom edge, or the right edge of a page turned a quarter clockwise.
            let footer = watermarks[1];
            if index == 0 {
                assert!(footer.width().value > footer.height().value);
                assert!(footer.bottom().value < 12.0, "{footer:?}");
            } else {
                assert!(footer.height().value > footer.width().value);
                assert!(footer.right().value > width - 12.0, "{footer:?}");
            }
        }
        // Read character by character: pdfium-render's whole-page text is bounded by the
        // page's size as shown, which misses text on a turned page.
        for index in 0..2 {
            let chars = engine.page_chars(&output, index).unwrap();
            let text: String = chars.iter().map(|char| char.ch).collect();
            assert!(text.contains(WATERMARK), "page {index}: {text:?}");
        }
    }

    #[test]
    fn impossible_marks_and_broken_files_are_refused() {
        let engine = engine();
        let input = document(2, None);
        let mut far = marks();
        far.push(Mark::Bookmark {
            page: 5,
            label: "Không có".into(),
        });
        match engine.write_annotated_copy(&input, &copy(far)) {
            Err(PdfError::NoSuchPage { index: 5, count: 2 }) => {}
            other => panic!("{other:?}"),
        }
        let broken = [
            Mark::Note {
                page: 0,
                x: f32::NAN,
                y: 10.0,
                text: "x".into(),
            },
            Mark::Highlight {
                page: 1,
                rects: vec![[0.0, 0.0, f32::INFINITY, 10.0]],
                rgb: (0, 0, 0),
                contents: String::new(),
            },
            Mark::Underline {
                page: 1,
                rects: Vec::new(),
                rgb: (0, 0, 0),
                contents: String::new(),
            },
            Mark::Ink {
                page: 0,
                strokes: vec![vec![(1.0, 2.0)]],
                rgb: (0, 0, 0),
                width: f32::NAN,
            },
            Mark::Ink {
                page: 0,
                strokes: vec![vec![(1.0, 2.0), (1.0e30, 2.0)]],
                rgb: (0, 0, 0),
                width: 1.0,
            },
            Mark::Ink {
                page: 0,
                strokes: vec![Vec::new()],
                rgb: (0, 0, 0),
                width: 1.0,
            },
        ];
        for mark in broken {
            match engine.write_annotated_copy(&input, &copy(vec![mark.clone()])) {
                Err(error @ PdfError::InvalidRequest(_)) => {
                    assert_eq!(error.code(), "pdf.invalid_request");
                    assert!(error.to_string().contains("mark 1"), "{error}");
                }
                other => panic!("{mark:?}: {other:?}"),
            }
        }
        for bytes in [&b"not a pdf at all"[..], &[], &input[..input.len() / 3]] {
            match engine.write_annotated_copy(bytes, &copy(marks())) {
                Err(PdfError::Malformed(_)) => {}
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn the_worker_writes_the_copy_on_the_pdfium_thread() {
        let worker = crate::PdfWorker::start(engine()).unwrap();
        let output = worker
            .write_annotated_copy(document(2, None), copy(marks()))
            .unwrap();
        assert!(engine().page_text(&output, 1).unwrap().contains(WATERMARK));
        assert!(matches!(
            worker.write_annotated_copy(b"%PDF-broken".to_vec(), copy(Vec::new())),
            Err(PdfError::Malformed(_))
        ));
    }

    #[test]
    fn the_reader_frame_maps_each_turn_onto_the_page_box() {
        let page = |quarter_turns| Frame {
            bounds: (10.0, 20.0, 110.0, 220.0),
            quarter_turns,
        };
        for turns in 0..4 {
            let frame = page(turns);
            let (width, height) = frame.size();
            let to_user = frame.to_user();
            for (u, v) in [(0.0, 0.0), (width, 0.0), (0.0, height), (width, height)] {
                let (x, y) = to_user.apply(u, v);
                assert!((10.0..=110.0).contains(&x) && (20.0..=220.0).contains(&y));
            }
        }
        // A quarter turn clockwise: the reader's lower-left corner is the box's lower right.
        assert_eq!(page(1).to_user().apply(0.0, 0.0), (110.0, 20.0));
        let shifted = Affine::translation(5.0, 6.0);
        assert_eq!(
            page(0).to_user().after(&shifted).apply(0.0, 0.0),
            (15.0, 26.0)
        );
    }
}
