//! Writing documents in the Vietnamese administrative layout of Nghị định 30/2020/NĐ-CP:
//! the minutes of a meeting (biên bản) and the report of a vote count (biên bản kiểm phiếu).
//!
//! The document is first laid out into pages of drawing operations, measured with the fonts'
//! own advance widths, and only then drawn by pdfium. Laying out first is what lets every
//! page carry "Trang n/m" (the page count is known before any footer is printed) and keeps
//! the geometry checkable without a PDF. Nothing is ever placed outside the margins: long
//! words are broken, table cells too long for a page end in "…", a table row moves to the
//! next page whole (under a repeated header row), and the signatures stay together.

use pdfium_render::prelude::*;

use crate::metrics::FontMetrics;
use crate::writer::write_error;
use crate::{PdfEngine, PdfError};

/// DejaVu Sans, which covers every Vietnamese letter (precomposed).
const REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, for the issuing body, the national name, the title and the headings.
const BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The national name, top right of every administrative document.
const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under the national name.
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

const MM: f32 = 72.0 / 25.4;
/// A4, in points.
const PAGE_WIDTH: f32 = 210.0 * MM;
const PAGE_HEIGHT: f32 = 297.0 * MM;
// Margins as Nghị định 30 sets them: 20 mm top and bottom, 30 mm left (binding), 20 mm right.
const CONTENT_LEFT: f32 = 30.0 * MM;
const CONTENT_RIGHT: f32 = PAGE_WIDTH - 20.0 * MM;
const CONTENT_WIDTH: f32 = CONTENT_RIGHT - CONTENT_LEFT;
const CONTENT_TOP: f32 = PAGE_HEIGHT - 20.0 * MM;
/// The body never goes below this; the footer is printed under it.
const CONTENT_BOTTOM: f32 = 20.0 * MM;
const CONTENT_HEIGHT: f32 = CONTENT_TOP - CONTENT_BOTTOM;
/// Share of the text width taken by the issuer's column of the header (the national name
/// takes the rest, and needs it: DejaVu Sans is wider than the Times New Roman of the decree).
const LEFT_COLUMN_WIDTH: f32 = 0.4 * CONTENT_WIDTH;

const HEADER_SIZE: f32 = 11.0;
const MOTTO_SIZE: f32 = 12.0;
const TITLE_SIZE: f32 = 15.0;
const SUBTITLE_SIZE: f32 = 12.0;
const HEADING_SIZE: f32 = 12.0;
const BODY_SIZE: f32 = 11.5;
const TABLE_SIZE: f32 = 10.0;
const FOOTER_SIZE: f32 = 8.0;

/// Line pitch of body text, in ems.
const LINE_FACTOR: f32 = 1.4;
/// Line pitch of the header and table cells, in ems (set tighter, as in printed forms).
const TIGHT_LINE_FACTOR: f32 = 1.3;
/// How far a line's baseline sits below the top of its line, in ems: DejaVu's capitals
/// with two Vietnamese marks (Ẳ, Ể) reach 1.12 em up in the bold face, and its descenders
/// 0.24 em down, so a line's ink stays inside its pitch.
const BASELINE_DROP: f32 = 1.13;
/// Horizontal shear of the synthetic italic (the place and date line), about 11°.
const ITALIC_SLANT: f32 = 0.2;

const PARAGRAPH_INDENT: f32 = 10.0 * MM;
const PARAGRAPH_GAP: f32 = 4.0;
const SECTION_GAP: f32 = 8.0;
const CELL_PADDING: f32 = 4.0;
/// A table row taller than this many lines is split across pages rather than moved whole.
const SPLIT_ROW_LINES: usize = 6;
/// Fewest lines of a split row left at the foot of a page.
const MIN_SPLIT_LINES: usize = 2;
/// Lines a header cell of a table may take before it is cut short.
const HEADER_CELL_LINES: usize = 3;
/// Lines each column of the page header may take (issuer; number; place and date).
const ISSUER_LINES: usize = 6;
const NUMBER_LINES: usize = 2;
const DATE_LINES: usize = 3;
/// Room left for a handwritten signature (and seal) between the role and the name.
const SIGNATURE_SPACE: f32 = 66.0;
const SIGNATURE_ROLE_LINES: usize = 4;
const SIGNATURE_NAME_LINES: usize = 2;

const FOOTER_RULE_Y: f32 = CONTENT_BOTTOM - 8.0;
const FOOTER_BASELINE: f32 = FOOTER_RULE_Y - 10.0;
const FOOTER_PITCH: f32 = FOOTER_SIZE * 1.25;
const FOOTER_LINES: usize = 2;

const RULE_WIDTH: f32 = 0.7;
/// Space between the line above a short rule (issuer, motto, title) and the rule, so that
/// it reads as a rule and not as underlining.
const RULE_GAP: f32 = 4.5;
const TABLE_RULE_WIDTH: f32 = 0.5;
const FOOTER_RULE_WIDTH: f32 = 0.3;
const HEADER_SHADE: PdfColor = PdfColor::new(232, 232, 232, 255);

/// A table printed in a section (vote counts).
///
/// It exists so a vote report can show its counts as the ruled table readers expect rather
/// than as prose. Rows shorter than the widest row are padded with empty cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column titles, printed bold on a shaded row and repeated on every page the table
    /// reaches; empty for a table without a header row.
    pub header: Vec<String>,
    /// The cells, row by row.
    pub rows: Vec<Vec<String>>,
}

/// A headed part of the body.
///
/// Minutes are read and cited by part ("I. Thành phần", "II. Nội dung"), so the body is a
/// list of these rather than one stream of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Printed bold above the part, kept on the same page as its first line.
    pub heading: Option<String>,
    /// Paragraphs, each wrapped to the text width with its first line indented; a `\n`
    /// inside one starts a new paragraph.
    pub paragraphs: Vec<String>,
    /// A table printed after the paragraphs.
    pub table: Option<Table>,
}

/// A signature block at the end ("THƯ KÝ" / name; "CHỦ TỌA" / name).
///
/// Minutes are only valid signed by the people the law names, so the document leaves each
/// of them a labelled place to sign.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureBlock {
    /// What the signer signs as, printed bold; a `\n` breaks it ("TM. HỘI ĐỒNG\nCHỦ TỊCH").
    pub role: String,
    /// The signer's full name, printed bold under the room left for the signature.
    pub name: String,
}

/// A document in the Vietnamese administrative layout.
///
/// The minutes and vote reports the system produces must look like the papers a provincial
/// body files (Nghị định 30/2020/NĐ-CP), so that they can be printed, signed and archived
/// as they are; [`PdfEngine::write_administrative_document`] lays one out.
#[derive(Debug, Clone, PartialEq)]
pub struct AdministrativeDocument {
    /// Issuing body, top left, e.g. ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NAM"] (last line bold).
    pub issuer: Vec<String>,
    /// "Số: 12/BB-HĐND", under the issuer.
    pub number: String,
    /// "Quảng Nam, ngày 24 tháng 11 năm 2026", top right under the national motto.
    pub place_and_date: String,
    /// "BIÊN BẢN", centred, bold.
    pub title: String,
    /// Lines centred under the title ("Kỳ họp thứ Mười hai …").
    pub subtitle: Vec<String>,
    /// The body, part by part.
    pub sections: Vec<Section>,
    /// Who signs, side by side after the body, all on one page.
    pub signatures: Vec<SignatureBlock>,
    /// Printed small at the foot of every page, with "Trang n/m" (e.g. the audit chain head hash).
    pub footer: String,
}

/// How a piece of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Regular,
    Bold,
    /// The regular face sheared to the right (the assets hold no italic face).
    Italic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Centre,
}

/// A horizontal band of the page: its left edge and width, in points.
type Column = (f32, f32);

const FULL_WIDTH: Column = (CONTENT_LEFT, CONTENT_WIDTH);

/// One thing to draw on a page, in points from the page's lower left corner.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        style: Style,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y1: f32,
        y2: f32,
        width: f32,
    },
    Shade {
        left: f32,
        bottom: f32,
        right: f32,
        top: f32,
    },
}

/// The two faces, measured.
struct Fonts<'f> {
    regular: FontMetrics<'f>,
    bold: FontMetrics<'f>,
}

/// `text` with control characters (tabs, stray carriage returns) turned into spaces, line
/// breaks kept: pdfium draws them as boxes.
fn clean(text: &str) -> String {
    text.chars()
        .map(|ch| {
            if ch.is_control() && ch != '\n' {
                ' '
            } else {
                ch
            }
        })
        .collect()
}

impl Fonts<'static> {
    fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: FontMetrics::parse(REGULAR_FONT)?,
            bold: FontMetrics::parse(BOLD_FONT)?,
        })
    }
}

impl Fonts<'_> {
    fn width(&self, text: &str, style: Style, size: f32) -> f32 {
        match style {
            Style::Bold => self.bold.width(text, size),
            Style::Regular | Style::Italic => self.regular.width(text, size),
        }
    }

    /// Room a line needs beyond its advance: a sheared line leans right at the top.
    fn overhang(style: Style, size: f32) -> f32 {
        match style {
            Style::Italic => ITALIC_SLANT * size,
            Style::Regular | Style::Bold => 0.0,
        }
    }

    /// `text` if it fits in `width`, else as much of it as fits followed by "…" (nothing at
    /// all when not even "…" fits).
    fn fit(&self, text: &str, style: Style, size: f32, width: f32) -> String {
        let room = width - Self::overhang(style, size);
        if self.width(text, style, size) <= room {
            return text.to_owned();
        }
        let ellipsis = self.width("…", style, size);
        let mut kept = String::new();
        let mut used = ellipsis;
        for ch in text.chars() {
            let advance = self.width(ch.encode_utf8(&mut [0; 4]), style, size);
            if used + advance > room {
                break;
            }
            used += advance;
            kept.push(ch);
        }
        if ellipsis > room {
            return String::new();
        }
        let mut kept = kept.trim_end().to_owned();
        kept.push('…');
        kept
    }

    /// `text` broken into lines on spaces, the first at most `first` wide and the others
    /// `rest`; a word wider than a line is broken between letters, and a line that still
    /// does not fit (a column narrower than one letter) is cut short.
    fn wrap(&self, text: &str, style: Style, size: f32, first: f32, rest: f32) -> Vec<String> {
        let overhang = Self::overhang(style, size);
        let room = |lines: &Vec<String>| if lines.is_empty() { first } else { rest } - overhang;
        let space = self.width(" ", style, size);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut used = 0.0;
        for word in text.split_whitespace() {
            let word_width = self.width(word, style, size);
            if !line.is_empty() && used + space + word_width <= room(&lines) {
                line.push(' ');
                line.push_str(word);
                used += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            used = 0.0;
            if word_width <= room(&lines) {
                line.push_str(word);
                used = word_width;
                continue;
            }
            for ch in word.chars() {
                let advance = self.width(ch.encode_utf8(&mut [0; 4]), style, size);
                if !line.is_empty() && used + advance > room(&lines) {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(ch);
                used += advance;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let width = if index == 0 { first } else { rest };
                self.fit(line, style, size, width)
            })
            .collect()
    }

    /// Like [`Fonts::wrap`] at one width, honouring `\n`, with at most `max_lines` lines:
    /// the last one kept ends in "…" when some were dropped.
    fn wrap_capped(
        &self,
        text: &str,
        style: Style,
        size: f32,
        width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines: Vec<String> = clean(text)
            .split('\n')
            .flat_map(|part| self.wrap(part, style, size, width, width))
            .collect();
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = self.fit(&format!("{last}…"), style, size, width);
            }
        }
        lines
    }
}

/// Whether a cell holds a count or a share ("12", "85,7 %"), which is centred.
fn is_numeric(cell: &str) -> bool {
    cell.chars().any(|ch| ch.is_ascii_digit())
        && cell
            .chars()
            .all(|ch| ch.is_ascii_digit() || " .,%/+-()".contains(ch))
}

/// Widths of `columns` columns sharing the text width: each gets what its widest line
/// needs when all fit (the rest shared out in proportion), else narrow columns keep their
/// need and the wide ones share what is left equally.
fn column_widths(needs: &[f32]) -> Vec<f32> {
    let count = needs.len();
    if count == 0 {
        return Vec::new();
    }
    let total: f32 = needs.iter().sum();
    let mut widths = if total <= 0.0 {
        vec![CONTENT_WIDTH / count as f32; count]
    } else if total <= CONTENT_WIDTH {
        needs
            .iter()
            .map(|need| need * CONTENT_WIDTH / total)
            .collect()
    } else {
        let mut widths = vec![0.0; count];
        let mut open: Vec<usize> = (0..count).collect();
        let mut remaining = CONTENT_WIDTH;
        while !open.is_empty() {
            let share = remaining / open.len() as f32;
            let (narrow, wide): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&index| needs[index] <= share);
            if narrow.is_empty() {
                for index in wide {
                    widths[index] = share;
                }
                break;
            }
            for index in narrow {
                widths[index] = needs[index];
                remaining -= needs[index];
            }
            open = wide;
        }
        widths
    };
    // The last column ends exactly at the right margin, whatever the rounding.
    let others: f32 = widths[..count - 1].iter().sum();
    widths[count - 1] = (CONTENT_WIDTH - others).max(0.0);
    widths
}

/// The pages being filled, top to bottom.
struct Layout<'f> {
    fonts: &'f Fonts<'f>,
    pages: Vec<Vec<Op>>,
    /// Top of the next line on the last page.
    y: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts<'f>) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn at_top(&self) -> bool {
        self.y >= CONTENT_TOP
    }

    fn fits(&self, height: f32) -> bool {
        self.y - height >= CONTENT_BOTTOM - 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `height` fits under the last line (or the page is empty).
    fn ensure(&mut self, height: f32) {
        if !self.fits(height) && !self.at_top() {
            self.new_page();
        }
    }

    /// Leaves `height` blank, or starts a new page if it reaches the bottom margin.
    fn gap(&mut self, height: f32) {
        if self.at_top() {
            return;
        }
        if self.fits(height) {
            self.y -= height;
        } else {
            self.new_page();
        }
    }

    fn rule(&mut self, (x1, x2): (f32, f32), y: f32, width: f32) {
        self.push(Op::Rule {
            x1,
            x2,
            y1: y,
            y2: y,
            width,
        });
    }

    /// Rule of `length` centred in `column` at `y`.
    fn centred_rule(&mut self, (left, width): Column, length: f32, y: f32) {
        let length = length.min(width);
        let start = left + (width - length) / 2.0;
        self.rule((start, start + length), y, RULE_WIDTH);
    }

    /// Puts `line` (already wrapped to `column`) on `baseline`.
    fn place(
        &mut self,
        line: &str,
        style: Style,
        size: f32,
        (left, width): Column,
        align: Align,
        baseline: f32,
    ) {
        if line.trim().is_empty() {
            return; // pdfium misbehaves on empty text objects, and there is nothing to see
        }
        let x = match align {
            Align::Left => left,
            Align::Centre => {
                let used = self.fonts.width(line, style, size) + Fonts::overhang(style, size);
                left + ((width - used) / 2.0).max(0.0)
            }
        };
        self.push(Op::Text {
            x,
            baseline,
            size,
            style,
            text: line.to_owned(),
        });
    }

    /// Puts `line` centred in `column` on a tight line whose top is `top`, without
    /// breaking the page (the caller has made room); returns the next line's top.
    fn column_line(
        &mut self,
        line: &str,
        style: Style,
        size: f32,
        column: Column,
        top: f32,
    ) -> f32 {
        self.place(
            line,
            style,
            size,
            column,
            Align::Centre,
            top - size * BASELINE_DROP,
        );
        top - size * TIGHT_LINE_FACTOR
    }

    /// Puts `line` on the next body line, on a new page if it would cross the bottom margin.
    fn flow(&mut self, line: &str, style: Style, size: f32, column: Column, align: Align) {
        let pitch = size * LINE_FACTOR;
        self.ensure(pitch);
        self.place(
            line,
            style,
            size,
            column,
            align,
            self.y - size * BASELINE_DROP,
        );
        self.y -= pitch;
    }

    /// The issuer and number (left), the national name, motto, place and date (right).
    fn header(&mut self, document: &AdministrativeDocument) {
        let fonts = self.fonts;
        let left: Column = (CONTENT_LEFT, LEFT_COLUMN_WIDTH);
        let right: Column = (
            CONTENT_LEFT + LEFT_COLUMN_WIDTH,
            CONTENT_WIDTH - LEFT_COLUMN_WIDTH,
        );
        let top = self.y;

        let count = document.issuer.len();
        let mut issuer: Vec<(String, Style)> = Vec::new();
        for (index, line) in document.issuer.iter().enumerate() {
            let style = if index + 1 == count {
                Style::Bold
            } else {
                Style::Regular
            };
            for part in fonts.wrap_capped(line, style, HEADER_SIZE, left.1, ISSUER_LINES) {
                issuer.push((part, style));
            }
        }
        if issuer.len() > ISSUER_LINES {
            // Keep the issuing body itself (the bold last lines), drop superiors above it.
            issuer.drain(..issuer.len() - ISSUER_LINES);
        }
        let mut left_y = top;
        for (line, style) in &issuer {
            left_y = self.column_line(line, *style, HEADER_SIZE, left, left_y);
        }
        if let Some((line, style)) = issuer.last() {
            // Nghị định 30: a rule a third to a half as long as the issuing body's name.
            let length = (fonts.width(line, *style, HEADER_SIZE) * 0.45).max(30.0);
            self.centred_rule(left, length, left_y - RULE_GAP);
            left_y -= 2.0 * RULE_GAP;
        }

        let mut right_y = top;
        for line in fonts.wrap_capped(NATIONAL_NAME, Style::Bold, HEADER_SIZE, right.1, 2) {
            right_y = self.column_line(&line, Style::Bold, HEADER_SIZE, right, right_y);
        }
        let mut motto_width: f32 = 0.0;
        for line in fonts.wrap_capped(MOTTO, Style::Bold, MOTTO_SIZE, right.1, 2) {
            motto_width = motto_width.max(fonts.width(&line, Style::Bold, MOTTO_SIZE));
            right_y = self.column_line(&line, Style::Bold, MOTTO_SIZE, right, right_y);
        }
        // Under the motto, a rule as long as the motto.
        self.centred_rule(right, motto_width, right_y - RULE_GAP);
        right_y -= 2.0 * RULE_GAP;

        // The number and the place and date share a line, each under its column.
        let below = left_y.min(right_y) - 4.0;
        let mut left_end = below;
        for line in fonts.wrap_capped(
            &document.number,
            Style::Regular,
            HEADER_SIZE,
            left.1,
            NUMBER_LINES,
        ) {
            left_end = self.column_line(&line, Style::Regular, HEADER_SIZE, left, left_end);
        }
        let mut right_end = below;
        let date = &document.place_and_date;
        for line in fonts.wrap_capped(date, Style::Italic, HEADER_SIZE, right.1, DATE_LINES) {
            right_end = self.column_line(&line, Style::Italic, HEADER_SIZE, right, right_end);
        }
        self.y = left_end.min(right_end);
    }

    /// The kind of document and what it is about, centred, with a short rule under them.
    fn title(&mut self, document: &AdministrativeDocument) {
        let fonts = self.fonts;
        self.gap(20.0);
        let mut last: Option<f32> = None;
        for line in fonts.wrap_capped(
            &document.title,
            Style::Bold,
            TITLE_SIZE,
            CONTENT_WIDTH,
            usize::MAX,
        ) {
            self.flow(&line, Style::Bold, TITLE_SIZE, FULL_WIDTH, Align::Centre);
            last = Some(fonts.width(&line, Style::Bold, TITLE_SIZE));
        }
        for subtitle in &document.subtitle {
            let lines = fonts.wrap_capped(
                subtitle,
                Style::Bold,
                SUBTITLE_SIZE,
                CONTENT_WIDTH,
                usize::MAX,
            );
            for line in lines {
                self.flow(&line, Style::Bold, SUBTITLE_SIZE, FULL_WIDTH, Align::Centre);
                last = Some(fonts.width(&line, Style::Bold, SUBTITLE_SIZE));
            }
        }
        if let Some(width) = last {
            if self.fits(2.0 * RULE_GAP) {
                self.centred_rule(FULL_WIDTH, (width * 0.4).max(40.0), self.y - RULE_GAP);
                self.y -= 2.0 * RULE_GAP;
            }
            self.gap(14.0);
        }
    }

    fn section(&mut self, section: &Section) {
        let fonts = self.fonts;
        let heading = section.heading.as_deref().map_or_else(Vec::new, |heading| {
            fonts.wrap_capped(
                heading,
                Style::Bold,
                HEADING_SIZE,
                CONTENT_WIDTH,
                usize::MAX,
            )
        });
        let has_text = section.paragraphs.iter().any(|p| !p.trim().is_empty());
        let has_table = section.table.as_ref().is_some_and(|table| {
            table
                .header
                .iter()
                .chain(table.rows.iter().flatten())
                .any(|cell| !cell.trim().is_empty())
        });
        if heading.is_empty() && !has_text && !has_table {
            return;
        }
        self.gap(SECTION_GAP);
        if !heading.is_empty() {
            // A heading never ends a page: it goes down with the first line under it.
            let follow = if has_text || has_table {
                BODY_SIZE * LINE_FACTOR
            } else {
                0.0
            };
            self.ensure(heading.len() as f32 * HEADING_SIZE * LINE_FACTOR + follow);
            for line in &heading {
                self.flow(line, Style::Bold, HEADING_SIZE, FULL_WIDTH, Align::Left);
            }
        }
        for paragraph in &section.paragraphs {
            self.paragraph(paragraph);
        }
        if let (Some(table), true) = (&section.table, has_table) {
            self.table(table);
        }
    }

    fn paragraph(&mut self, text: &str) {
        let fonts = self.fonts;
        for part in clean(text).split('\n') {
            let lines = fonts.wrap(
                part,
                Style::Regular,
                BODY_SIZE,
                CONTENT_WIDTH - PARAGRAPH_INDENT,
                CONTENT_WIDTH,
            );
            if lines.is_empty() {
                continue;
            }
            for (index, line) in lines.iter().enumerate() {
                let column = if index == 0 {
                    (
                        CONTENT_LEFT + PARAGRAPH_INDENT,
                        CONTENT_WIDTH - PARAGRAPH_INDENT,
                    )
                } else {
                    FULL_WIDTH
                };
                self.flow(line, Style::Regular, BODY_SIZE, column, Align::Left);
            }
            self.gap(PARAGRAPH_GAP);
        }
    }

    fn table(&mut self, table: &Table) {
        let fonts = self.fonts;
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .fold(table.header.len(), usize::max);
        let cell = |row: &[String], index: usize| {
            row.get(index).map_or_else(String::new, |text| clean(text))
        };
        let widest = |text: &str, style: Style| {
            text.split('\n')
                .map(|line| fonts.width(line.trim(), style, TABLE_SIZE))
                .fold(0.0, f32::max)
        };
        let mut needs = vec![0.0_f32; columns];
        for (index, need) in needs.iter_mut().enumerate() {
            let header = widest(&cell(&table.header, index), Style::Bold);
            let body = table
                .rows
                .iter()
                .map(|row| widest(&cell(row, index), Style::Regular))
                .fold(header, f32::max);
            *need = body + 2.0 * CELL_PADDING + 2.0;
        }
        let widths = column_widths(&needs);
        let pitch = TABLE_SIZE * TIGHT_LINE_FACTOR;
        let row_height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * pitch + 2.0 * CELL_PADDING
        };
        let lines_of = |row: &[String], style: Style, max_lines: usize| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(index, width)| {
                    let inner = (width - 2.0 * CELL_PADDING).max(0.0);
                    fonts.wrap_capped(&cell(row, index), style, TABLE_SIZE, inner, max_lines)
                })
                .collect()
        };

        let header = lines_of(&table.header, Style::Bold, HEADER_CELL_LINES);
        let header = header
            .iter()
            .any(|lines| !lines.is_empty())
            .then_some(header);
        let header_height = header.as_deref().map_or(0.0, row_height);
        let room = CONTENT_HEIGHT - header_height - 2.0 * CELL_PADDING;
        let max_lines = ((room / pitch).floor() as usize).max(1);
        // A row is split across pages, but one cell never holds more than a page: beyond
        // that it is cut short with "…".
        let rows: Vec<Vec<Vec<String>>> = table
            .rows
            .iter()
            .map(|row| lines_of(row, Style::Regular, max_lines))
            .collect();

        self.gap(PARAGRAPH_GAP);
        // The header goes down with the first row, or with the start of a tall one.
        let first = rows.first().map_or(0.0, |row| {
            row_height(row).min(SPLIT_ROW_LINES as f32 * pitch + 2.0 * CELL_PADDING)
        });
        self.ensure(header_height + first);
        if let Some(header) = &header {
            self.table_row(header, &widths, true);
        }
        for row in rows {
            let mut rest = row;
            let mut fresh_page = false;
            loop {
                let lines = rest.iter().map(Vec::len).max().unwrap_or(0).max(1);
                let room = ((self.y - CONTENT_BOTTOM - 2.0 * CELL_PADDING) / pitch + 1e-3).floor();
                let room = if room < 0.0 { 0 } else { room as usize };
                if room >= lines || fresh_page {
                    self.table_row(&rest, &widths, false);
                    break;
                }
                if lines > SPLIT_ROW_LINES && room >= MIN_SPLIT_LINES {
                    // A tall row is split rather than leave the rest of the page empty; it
                    // goes on under the repeated header.
                    let later: Vec<Vec<String>> = rest
                        .iter_mut()
                        .map(|cell| cell.split_off(room.min(cell.len())))
                        .collect();
                    self.table_row(&rest, &widths, false);
                    rest = later;
                }
                self.new_page();
                if let Some(header) = &header {
                    self.table_row(header, &widths, true);
                }
                fresh_page = true;
            }
        }
        self.gap(PARAGRAPH_GAP);
    }

    /// One ruled row of a table at the current line; the caller has made room.
    fn table_row(&mut self, cells: &[Vec<String>], widths: &[f32], header: bool) {
        let pitch = TABLE_SIZE * TIGHT_LINE_FACTOR;
        let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let top = self.y;
        let bottom = top - lines as f32 * pitch - 2.0 * CELL_PADDING;
        let right = CONTENT_LEFT + widths.iter().sum::<f32>();
        if header {
            self.push(Op::Shade {
                left: CONTENT_LEFT,
                bottom,
                right,
                top,
            });
        }
        self.rule((CONTENT_LEFT, right), top, TABLE_RULE_WIDTH);
        self.rule((CONTENT_LEFT, right), bottom, TABLE_RULE_WIDTH);
        let mut x = CONTENT_LEFT;
        for (cell, width) in cells.iter().zip(widths) {
            self.push(Op::Rule {
                x1: x,
                x2: x,
                y1: top,
                y2: bottom,
                width: TABLE_RULE_WIDTH,
            });
            let column = (x + CELL_PADDING, (width - 2.0 * CELL_PADDING).max(0.0));
            let align = if header || cell.iter().all(|line| is_numeric(line)) {
                Align::Centre
            } else {
                Align::Left
            };
            let style = if header { Style::Bold } else { Style::Regular };
            for (index, line) in cell.iter().enumerate() {
                let line_top = top - CELL_PADDING - index as f32 * pitch;
                self.place(
                    line,
                    style,
                    TABLE_SIZE,
                    column,
                    align,
                    line_top - TABLE_SIZE * 1.0,
                );
            }
            x += width;
        }
        self.push(Op::Rule {
            x1: right,
            x2: right,
            y1: top,
            y2: bottom,
            width: TABLE_RULE_WIDTH,
        });
        self.y = bottom;
    }

    /// The signature blocks side by side (two or three a row; a lone block, or the last
    /// of an odd row, sits on the right as a signature does), all on one page.
    fn signatures(&mut self, signatures: &[SignatureBlock]) {
        if signatures.is_empty() {
            return;
        }
        let fonts = self.fonts;
        let per_row = match signatures.len() {
            1 | 2 | 4 => 2,
            _ => 3,
        };
        let column_width = CONTENT_WIDTH / per_row as f32;
        let inner = column_width - 8.0;
        let pitch = BODY_SIZE * TIGHT_LINE_FACTOR;
        let blocks: Vec<(Vec<String>, Vec<String>)> = signatures
            .iter()
            .map(|block| {
                (
                    fonts.wrap_capped(
                        &block.role,
                        Style::Bold,
                        BODY_SIZE,
                        inner,
                        SIGNATURE_ROLE_LINES,
                    ),
                    fonts.wrap_capped(
                        &block.name,
                        Style::Bold,
                        BODY_SIZE,
                        inner,
                        SIGNATURE_NAME_LINES,
                    ),
                )
            })
            .collect();
        let rows: Vec<&[(Vec<String>, Vec<String>)]> = blocks.chunks(per_row).collect();
        let heights: Vec<(f32, f32)> = rows
            .iter()
            .map(|row| {
                let roles = row.iter().map(|block| block.0.len()).max().unwrap_or(0);
                let names = row.iter().map(|block| block.1.len()).max().unwrap_or(0);
                let above_name = roles as f32 * pitch + SIGNATURE_SPACE;
                (above_name, above_name + names as f32 * pitch)
            })
            .collect();
        let row_gap = 2.0 * pitch;
        let total = heights.iter().map(|height| height.1).sum::<f32>()
            + row_gap * (rows.len().saturating_sub(1)) as f32;

        self.gap(2.0 * pitch);
        if total <= CONTENT_HEIGHT {
            self.ensure(total);
        }
        for (index, (row, (above_name, height))) in rows.iter().zip(&heights).enumerate() {
            if index > 0 {
                self.gap(row_gap);
            }
            self.ensure(*height);
            let empty_slots = per_row - row.len();
            for (slot, (roles, names)) in row.iter().enumerate() {
                let left = CONTENT_LEFT + (empty_slots + slot) as f32 * column_width;
                let column = (left, column_width);
                let mut top = self.y;
                for line in roles {
                    top = self.column_line(line, Style::Bold, BODY_SIZE, column, top);
                }
                let mut top = self.y - above_name;
                for line in names {
                    top = self.column_line(line, Style::Bold, BODY_SIZE, column, top);
                }
            }
            self.y -= height;
        }
    }

    /// The footer text and "Trang n/m" under a thin rule at the foot of every page.
    fn footers(&mut self, footer: &str) {
        let fonts = self.fonts;
        let count = self.pages.len();
        let footer = clean(footer).replace('\n', " ");
        for (index, page) in self.pages.iter_mut().enumerate() {
            let number = format!("Trang {}/{count}", index + 1);
            let number_width = fonts.width(&number, Style::Regular, FOOTER_SIZE);
            page.push(Op::Rule {
                x1: CONTENT_LEFT,
                x2: CONTENT_RIGHT,
                y1: FOOTER_RULE_Y,
                y2: FOOTER_RULE_Y,
                width: FOOTER_RULE_WIDTH,
            });
            page.push(Op::Text {
                x: CONTENT_RIGHT - number_width,
                baseline: FOOTER_BASELINE,
                size: FOOTER_SIZE,
                style: Style::Regular,
                text: number,
            });
            let room = CONTENT_WIDTH - number_width - 12.0;
            let lines = fonts.wrap_capped(&footer, Style::Regular, FOOTER_SIZE, room, FOOTER_LINES);
            for (line_index, line) in lines.into_iter().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                page.push(Op::Text {
                    x: CONTENT_LEFT,
                    baseline: FOOTER_BASELINE - line_index as f32 * FOOTER_PITCH,
                    size: FOOTER_SIZE,
                    style: Style::Regular,
                    text: line,
                });
            }
        }
    }
}

/// `document` laid out on A4 pages, as drawing operations per page.
fn lay_out(document: &AdministrativeDocument, fonts: &Fonts<'_>) -> Vec<Vec<Op>> {
    let mut layout = Layout::new(fonts);
    layout.header(document);
    layout.title(document);
    for section in &document.sections {
        layout.section(section);
    }
    layout.signatures(&document.signatures);
    layout.footers(&document.footer);
    layout.pages
}

/// Draws one operation on `page`.
fn draw<'a>(
    pdf: &PdfDocument<'a>,
    page: &mut PdfPage<'a>,
    op: &Op,
    (regular, bold): (PdfFontToken, PdfFontToken),
) -> Result<(), PdfiumError> {
    match op {
        Op::Text {
            x,
            baseline,
            size,
            style,
            text,
        } => {
            let font = if *style == Style::Bold { bold } else { regular };
            let mut object = PdfPageTextObject::new(pdf, text, font, PdfPoints::new(*size))?;
            let slant = if *style == Style::Italic {
                ITALIC_SLANT
            } else {
                0.0
            };
            object.transform(1.0, 0.0, slant, 1.0, *x, *baseline)?;
            page.objects_mut().add_text_object(object)?;
        }
        Op::Rule {
            x1,
            x2,
            y1,
            y2,
            width,
        } => {
            page.objects_mut().create_path_object_line(
                PdfPoints::new(*x1),
                PdfPoints::new(*y1),
                PdfPoints::new(*x2),
                PdfPoints::new(*y2),
                PdfColor::BLACK,
                PdfPoints::new(*width),
            )?;
        }
        Op::Shade {
            left,
            bottom,
            right,
            top,
        } => {
            page.objects_mut().create_path_object_rect(
                PdfRect::new_from_values(*bottom, *left, *top, *right),
                None,
                None,
                Some(HEADER_SHADE),
            )?;
        }
    }
    Ok(())
}

impl PdfEngine {
    /// Lays `document` out in the Vietnamese administrative layout on A4 pages, in the
    /// bundled DejaVu Sans (regular and bold), and returns the PDF bytes.
    ///
    /// This is how the system turns a meeting's record into the minutes and vote reports a
    /// provincial body prints, signs and files.
    pub fn write_administrative_document(
        &self,
        document: &AdministrativeDocument,
    ) -> Result<Vec<u8>, PdfError> {
        let fonts = Fonts::load()?;
        let pages = lay_out(document, &fonts);
        let mut pdf = self.pdfium.create_new_pdf().map_err(write_error)?;
        let regular = pdf
            .fonts_mut()
            .load_true_type_from_bytes(REGULAR_FONT, true)
            .map_err(write_error)?;
        let bold = pdf
            .fonts_mut()
            .load_true_type_from_bytes(BOLD_FONT, true)
            .map_err(write_error)?;
        let paper =
            PdfPagePaperSize::Custom(PdfPoints::new(PAGE_WIDTH), PdfPoints::new(PAGE_HEIGHT));
        for ops in &pages {
            let mut page = pdf
                .pages_mut()
                .create_page_at_end(paper)
                .map_err(write_error)?;
            // Regenerating the content stream once per page, not once per line.
            page.set_content_regeneration_strategy(PdfPageContentRegenerationStrategy::Manual);
            for op in ops {
                draw(&pdf, &mut page, op, (regular, bold)).map_err(write_error)?;
            }
            page.regenerate_content().map_err(write_error)?;
        }
        pdf.save_to_bytes().map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts<'static> {
        Fonts::load().unwrap()
    }

    fn sample(paragraphs: usize, rows: usize) -> AdministrativeDocument {
        AdministrativeDocument {
            issuer: vec!["HỘI ĐỒNG NHÂN DÂN".into(), "TỈNH QUẢNG NAM".into()],
            number: "Số: 12/BB-HĐND".into(),
            place_and_date: "Quảng Nam, ngày 24 tháng 11 năm 2026".into(),
            title: "BIÊN BẢN".into(),
            subtitle: vec!["Kỳ họp thứ Mười hai, Hội đồng nhân dân tỉnh khóa XI".into()],
            sections: vec![
                Section {
                    heading: Some("I. NỘI DUNG".into()),
                    paragraphs: vec![
                        "Hội đồng nhân dân tỉnh xem xét, thảo luận và biểu quyết thông qua dự thảo nghị quyết về dự toán ngân sách nhà nước năm 2027. ".repeat(3);
                        paragraphs
                    ],
                    table: None,
                },
                Section {
                    heading: Some("II. KẾT QUẢ BIỂU QUYẾT".into()),
                    paragraphs: vec![],
                    table: Some(Table {
                        header: vec!["Nội dung".into(), "Tán thành".into(), "Không tán thành".into()],
                        rows: vec![
                            vec!["Nghị quyết về dự toán ngân sách".into(), "45".into(), "2".into()];
                            rows
                        ],
                    }),
                },
            ],
            signatures: vec![
                SignatureBlock { role: "THƯ KÝ".into(), name: "Nguyễn Thị Hoa".into() },
                SignatureBlock { role: "CHỦ TỌA".into(), name: "Trần Văn Minh".into() },
            ],
            footer: format!("Chuỗi kiểm toán: {}", "ab12".repeat(16)),
        }
    }

    /// The left, bottom, right and top of what an operation draws; for text, the highest
    /// Vietnamese capital and the deepest descender of DejaVu Sans.
    fn extent(op: &Op, fonts: &Fonts<'_>) -> Option<(f32, f32, f32, f32)> {
        match op {
            Op::Text {
                x,
                baseline,
                size,
                style,
                text,
            } => Some((
                *x,
                baseline - 0.24 * size,
                x + fonts.width(text, *style, *size) + Fonts::overhang(*style, *size),
                baseline + 1.13 * size,
            )),
            Op::Rule { x1, x2, y1, y2, .. } => {
                Some((x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2)))
            }
            Op::Shade {
                left,
                bottom,
                right,
                top,
            } => Some((*left, *bottom, *right, *top)),
        }
    }

    fn assert_inside_margins(pages: &[Vec<Op>], fonts: &Fonts<'_>) {
        const EPSILON: f32 = 0.01;
        for (index, page) in pages.iter().enumerate() {
            for op in page {
                let Some((left, bottom, right, top)) = extent(op, fonts) else {
                    continue;
                };
                assert!(
                    left >= CONTENT_LEFT - EPSILON && right <= CONTENT_RIGHT + EPSILON,
                    "page {index}: {op:?} crosses a side margin ({left}..{right})"
                );
                assert!(
                    top <= CONTENT_TOP + EPSILON,
                    "page {index}: {op:?} above the top margin"
                );
                let in_footer = top <= FOOTER_RULE_Y + EPSILON;
                assert!(
                    in_footer || bottom >= CONTENT_BOTTOM - EPSILON,
                    "page {index}: {op:?} crosses the bottom margin"
                );
                assert!(bottom >= 10.0, "page {index}: {op:?} too low");
            }
        }
    }

    #[test]
    fn wrapped_lines_never_exceed_their_width() {
        let fonts = fonts();
        let text = format!("Hội đồng nhân dân tỉnh {} biểu quyết", "Đ".repeat(200));
        for width in [0.5, 5.0, 20.0, 100.0, 400.0] {
            let lines = fonts.wrap(&text, Style::Regular, 11.0, width, width);
            for line in &lines {
                assert!(
                    fonts.width(line, Style::Regular, 11.0) <= width + 1e-3,
                    "{width}: {line}"
                );
            }
            if width >= 20.0 {
                // Nothing is lost when the width holds a letter: the words come back whole.
                assert_eq!(lines.join(" ").replace(' ', ""), text.replace(' ', ""));
            }
        }
        let italic = fonts.wrap(
            "Quảng Nam, ngày 24 tháng 11 năm 2026",
            Style::Italic,
            11.0,
            120.0,
            120.0,
        );
        assert!(
            italic
                .iter()
                .all(|line| fonts.width(line, Style::Italic, 11.0) + 2.2 <= 120.0),
            "{italic:?}"
        );
    }

    #[test]
    fn cut_short_lines_end_in_an_ellipsis() {
        let fonts = fonts();
        let lines = fonts.wrap_capped(&"biểu quyết ".repeat(100), Style::Regular, 10.0, 100.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|line| fonts.width(line, Style::Regular, 10.0) <= 100.0)
        );
        assert_eq!(fonts.fit("abc", Style::Regular, 10.0, 1.0), "");
    }

    #[test]
    fn columns_share_the_text_width_sensibly() {
        let widths = column_widths(&[30.0, 40.0, 50.0]);
        assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 1e-3);
        assert!(widths[0] < widths[1] && widths[1] < widths[2], "{widths:?}");
        // One very wide column: the narrow ones keep what they need, it takes the rest.
        let widths = column_widths(&[2000.0, 40.0, 50.0]);
        assert!(
            (widths[1] - 40.0).abs() < 1e-3 && (widths[2] - 50.0).abs() < 1e-3,
            "{widths:?}"
        );
        assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 1e-3);
        // Many wide columns share equally.
        let widths = column_widths(&[1000.0; 5]);
        assert!(
            widths
                .iter()
                .all(|width| (width - CONTENT_WIDTH / 5.0).abs() < 1e-3)
        );
        assert!(column_widths(&[]).is_empty());
        assert!((column_widths(&[0.0, 0.0]).iter().sum::<f32>() - CONTENT_WIDTH).abs() < 1e-3);
    }

    #[test]
    fn every_operation_lies_inside_the_margins() {
        let fonts = fonts();
        for (paragraphs, rows) in [(0, 0), (1, 3), (12, 40), (30, 120)] {
            let pages = lay_out(&sample(paragraphs, rows), &fonts);
            assert_inside_margins(&pages, &fonts);
        }
        let mut wide = sample(2, 3);
        wide.sections[1].table = Some(Table {
            header: vec!["x".repeat(500), "Số phiếu".into()],
            rows: vec![vec!["Đ".repeat(20_000), "12".into(), "extra column".into()]],
        });
        wide.issuer = vec!["ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH QUẢNG NAM VÀ CÁC ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI".into(); 5];
        wide.footer = "f".repeat(2000);
        let pages = lay_out(&wide, &fonts);
        assert_inside_margins(&pages, &fonts);
    }

    #[test]
    fn the_signatures_stay_together_on_one_page() {
        let fonts = fonts();
        let mut moved = false;
        for paragraphs in 0..30 {
            let mut document = sample(paragraphs, 0);
            document.signatures.push(SignatureBlock {
                role: "THÀNH VIÊN\nBAN KIỂM PHIẾU".into(),
                name: "Lê Văn Nam".into(),
            });
            let pages = lay_out(&document, &fonts);
            let names: Vec<&str> = document
                .signatures
                .iter()
                .map(|block| block.name.as_str())
                .collect();
            let on: Vec<usize> = pages
                .iter()
                .enumerate()
                .filter(|(_, page)| page.iter().any(|op| matches!(op, Op::Text { text, .. } if names.contains(&text.as_str()) || text == "THƯ KÝ")))
                .map(|(index, _)| index)
                .collect();
            assert_eq!(
                on.len(),
                1,
                "{paragraphs} paragraphs: signatures on pages {on:?}"
            );
            moved |= on[0] == pages.len() - 1
                && pages[on[0]]
                    .iter()
                    .all(|op| !matches!(op, Op::Text { text, .. } if text.starts_with("Hội đồng")));
        }
        assert!(
            moved,
            "some length must push the signatures alone onto a new page"
        );
    }

    #[test]
    fn a_tall_row_is_split_under_a_repeated_header_and_a_short_one_moves_whole() {
        let fonts = fonts();
        let mut document = sample(3, 0);
        let tall = "Nghị quyết về điều chỉnh kế hoạch đầu tư công trung hạn. ".repeat(60);
        document.sections[1].table.as_mut().unwrap().rows = vec![
            vec![tall, "45".into(), "2".into()],
            vec!["Ngắn".into(), "1".into(), "0".into()],
        ];
        let pages = lay_out(&document, &fonts);
        let has = |page: &[Op], wanted: &str| {
            page.iter()
                .any(|op| matches!(op, Op::Text { text, .. } if text.starts_with(wanted)))
        };
        let with_row: Vec<usize> = (0..pages.len())
            .filter(|&index| has(&pages[index], "Nghị quyết về"))
            .collect();
        assert!(with_row.len() >= 2, "the tall row is split: {with_row:?}");
        assert!(
            has(&pages[with_row[0]], "I. NỘI DUNG"),
            "it starts under the text before it"
        );
        for &index in &with_row {
            assert!(
                has(&pages[index], "Không tán thành"),
                "header repeated on page {index}"
            );
        }
        let short: Vec<usize> = (0..pages.len())
            .filter(|&index| has(&pages[index], "Ngắn"))
            .collect();
        assert_eq!(short.len(), 1);
        assert_inside_margins(&pages, &fonts);
    }

    #[test]
    fn drawn_objects_stay_inside_the_page_box() {
        let engine = PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"));
        let mut document = sample(14, 60);
        document.sections[1].table.as_mut().unwrap().rows.push(vec![
            "Đ".repeat(3000),
            "1".into(),
            "2".into(),
        ]);
        let bytes = engine.write_administrative_document(&document).unwrap();
        let pdf = engine.load(&bytes).unwrap();
        assert!(pdf.pages().len() >= 3);
        let mut texts = 0;
        for page in pdf.pages().iter() {
            assert!(
                (page.width().value - PAGE_WIDTH).abs() < 0.01
                    && (page.height().value - PAGE_HEIGHT).abs() < 0.01
            );
            for object in page.objects().iter() {
                let bounds = object.bounds().unwrap();
                let (left, right) = (bounds.left().value, bounds.right().value);
                let (bottom, top) = (bounds.bottom().value, bounds.top().value);
                // Half a rule width of slack: pdfium counts a line's stroke.
                assert!(
                    left >= CONTENT_LEFT - 0.5 && right <= CONTENT_RIGHT + 0.5,
                    "{left}..{right}"
                );
                assert!(
                    bottom >= 10.0 && top <= CONTENT_TOP + 0.5,
                    "{bottom}..{top}"
                );
                if object.as_text_object().is_some() {
                    texts += 1;
                    assert!(
                        top <= FOOTER_RULE_Y || bottom >= CONTENT_BOTTOM - 0.5,
                        "{bottom}..{top}"
                    );
                }
            }
        }
        assert!(texts > 100, "{texts} text objects");
    }
}
