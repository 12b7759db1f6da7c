//! Finding words in a meeting's documents the way people type them: without diacritics,
//! in any case, across line breaks.
//!
//! Older members type "bieu quyet" for "biểu quyết", and pdfium puts line breaks where the
//! layout wrapped a phrase. Each page's text is *folded* once — compatibility-decomposed,
//! combining marks dropped, `đ` → `d`, lower-cased, every run of white space made one space
//! — keeping for each folded character the index of the original character it came from,
//! so a hit leads back to the character boxes to highlight. The index lives only in memory
//! (DESIGN.md invariant 1): it is rebuilt from the decrypted document when the app starts.

use phonghop_pdf::{PageText, TextChar};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::views::{HitRect, SearchHit};

/// Most hits one search returns; the interface says when there were more.
pub const MAX_HITS: usize = 500;

/// Characters of context shown on each side of a hit.
const SNIPPET_CONTEXT: usize = 40;

/// `text` as search compares it: no diacritics, lower case, white space collapsed, trimmed.
pub fn fold(text: &str) -> String {
    let mut folded = String::new();
    fold_into(text.chars().enumerate(), |ch, _| folded.push(ch));
    folded.trim().to_owned()
}

/// Folds `(index, char)` pairs, calling `push` with each folded character and the index of
/// the original character it comes from.
fn fold_into(chars: impl Iterator<Item = (usize, char)>, mut push: impl FnMut(char, usize)) {
    let mut last_was_space = false;
    for (index, ch) in chars {
        if ch.is_whitespace() || ch == '\u{00AD}' {
            if !last_was_space {
                push(' ', index);
                last_was_space = true;
            }
            continue;
        }
        last_was_space = false;
        for part in std::iter::once(ch).nfkd() {
            if is_combining_mark(part) {
                continue;
            }
            let part = match part {
                'đ' | 'Đ' => 'd',
                other => other,
            };
            for lower in part.to_lowercase() {
                push(lower, index);
            }
        }
    }
}

/// One page's text, folded, with the way back to the original characters and their boxes.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    folded: Vec<char>,
    origin: Vec<usize>,
    chars: Vec<TextChar>,
    width_pt: f32,
    height_pt: f32,
}

impl IndexedPage {
    /// Indexes a page's characters.
    pub fn new(page: PageText) -> Self {
        let mut folded = Vec::with_capacity(page.chars.len());
        let mut origin = Vec::with_capacity(page.chars.len());
        fold_into(page.chars.iter().map(|c| c.ch).enumerate(), |ch, index| {
            folded.push(ch);
            origin.push(index);
        });
        Self {
            folded,
            origin,
            chars: page.chars,
            width_pt: page.width_pt,
            height_pt: page.height_pt,
        }
    }

    /// Where `query` (already folded, not empty) occurs: ranges of original character
    /// indices, first to last inclusive, not overlapping.
    pub fn find(&self, query: &[char]) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        if query.is_empty() || query.len() > self.folded.len() {
            return hits;
        }
        let mut at = 0;
        while at + query.len() <= self.folded.len() {
            if self.folded[at..at + query.len()] == *query {
                hits.push((self.origin[at], self.origin[at + query.len() - 1]));
                at += query.len();
            } else {
                at += 1;
            }
        }
        hits
    }

    /// The page's characters with their boxes, in pdfium's reading order.
    pub fn chars(&self) -> &[TextChar] {
        &self.chars
    }

    /// The boxes of characters `first..=last`, one per line of text, in PDF points
    /// (origin lower left): (left, bottom, right, top).
    pub fn line_boxes(&self, first: usize, last: usize) -> Vec<(f32, f32, f32, f32)> {
        let mut lines: Vec<(f32, f32, f32, f32)> = Vec::new();
        for c in self.chars.iter().take(last + 1).skip(first) {
            // Characters pdfium made up (spaces and line breaks) have no box.
            if c.right <= c.left || c.top <= c.bottom {
                continue;
            }
            let middle = (c.top + c.bottom) / 2.0;
            match lines.last_mut() {
                Some(line) if middle >= line.1 && middle <= line.3 => {
                    line.0 = line.0.min(c.left);
                    line.1 = line.1.min(c.bottom);
                    line.2 = line.2.max(c.right);
                    line.3 = line.3.max(c.top);
                }
                _ => lines.push((c.left, c.bottom, c.right, c.top)),
            }
        }
        lines
    }

    /// The boxes to highlight for characters `first..=last`, one per line of text, as
    /// fractions of the page with the origin at the top left (as the interface draws).
    pub fn rects(&self, first: usize, last: usize) -> Vec<HitRect> {
        let (width, height) = (self.width_pt.max(1.0), self.height_pt.max(1.0));
        let unit = |value: f32| value.clamp(0.0, 1.0);
        self.line_boxes(first, last)
            .into_iter()
            .map(|(left, bottom, right, top)| HitRect {
                x: unit(left / width),
                y: unit((height - top) / height),
                w: unit((right - left) / width),
                h: unit((top - bottom) / height),
            })
            .collect()
    }

    /// The hit's text with some context on each side, white space collapsed.
    pub fn snippet(&self, first: usize, last: usize) -> (String, String, String) {
        let text = |from: usize, to: usize| -> String {
            let raw: String = self.chars[from..to].iter().map(|c| c.ch).collect();
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let mut start = first.saturating_sub(SNIPPET_CONTEXT);
        let mut end = (last + 1 + SNIPPET_CONTEXT).min(self.chars.len());
        // Whole words only: a cut context starts after its first space and ends before its
        // last one.
        if start > 0
            && let Some(space) = (start..first).find(|&i| self.chars[i].ch.is_whitespace())
        {
            start = space + 1;
        }
        if end < self.chars.len()
            && let Some(space) = (last + 1..end)
                .rev()
                .find(|&i| self.chars[i].ch.is_whitespace())
        {
            end = space;
        }
        let mut before = text(start, first);
        if self
            .chars
            .get(first.wrapping_sub(1))
            .is_some_and(|c| c.ch.is_whitespace())
        {
            before.push(' ');
        }
        let mut after = text(last + 1, end);
        if self
            .chars
            .get(last + 1)
            .is_some_and(|c| c.ch.is_whitespace())
        {
            after.insert(0, ' ');
        }
        (before, text(first, last + 1), after)
    }
}

/// The searchable text of one document.
#[derive(Debug, Clone)]
pub struct IndexedDocument {
    /// Document identifier.
    pub document_id: String,
    /// Title, for the results list.
    pub title: String,
    /// Pages in order.
    pub pages: Vec<IndexedPage>,
}

/// Searches `documents` (in agenda order) for `query`, at most [`MAX_HITS`] hits; the flag
/// says whether more were left out.
pub fn search(documents: &[&IndexedDocument], query: &str) -> (Vec<SearchHit>, bool) {
    let query: Vec<char> = fold(query).chars().collect();
    let mut hits = Vec::new();
    if query.is_empty() {
        return (hits, false);
    }
    for document in documents {
        for (page_index, page) in document.pages.iter().enumerate() {
            for (first, last) in page.find(&query) {
                if hits.len() == MAX_HITS {
                    return (hits, true);
                }
                let (before, matched, after) = page.snippet(first, last);
                hits.push(SearchHit {
                    document_id: document.document_id.clone(),
                    document_title: document.title.clone(),
                    page: u32::try_from(page_index).unwrap_or(u32::MAX),
                    before,
                    matched,
                    after,
                    rects: page.rects(first, last),
                });
            }
        }
    }
    (hits, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with `lines` of text, each character 6 pt wide and 10 pt tall, lines 20 pt
    /// apart from the top of an 600 × 800 pt page, joined by pdfium-style "\r\n" with no box.
    fn page(lines: &[&str]) -> IndexedPage {
        let mut chars = Vec::new();
        for (row, line) in lines.iter().enumerate() {
            if row > 0 {
                for ch in ['\r', '\n'] {
                    chars.push(TextChar {
                        ch,
                        left: 0.0,
                        bottom: 0.0,
                        right: 0.0,
                        top: 0.0,
                    });
                }
            }
            let top = 800.0 - 20.0 * (row as f32 + 1.0);
            for (column, ch) in line.chars().enumerate() {
                let left = 6.0 * column as f32;
                chars.push(TextChar {
                    ch,
                    left,
                    bottom: top - 10.0,
                    right: left + 6.0,
                    top,
                });
            }
        }
        IndexedPage::new(PageText {
            width_pt: 600.0,
            height_pt: 800.0,
            chars,
        })
    }

    fn folded(text: &str) -> Vec<char> {
        fold(text).chars().collect()
    }

    #[test]
    fn folding_drops_vietnamese_diacritics_case_and_extra_space() {
        assert_eq!(fold("Biểu Quyết"), "bieu quyet");
        assert_eq!(fold("ĐẠI BIỂU  Hội\r\nđồng"), "dai bieu hoi dong");
        assert_eq!(fold("Nghị quyết số 12/NQ-HĐND"), "nghi quyet so 12/nq-hdnd");
        assert_eq!(fold("ﬁnal"), "final", "ligatures unfold");
        assert_eq!(fold("  "), "");
        // Decomposed input (as some PDFs carry it) folds the same as composed.
        assert_eq!(fold("bie\u{302}\u{309}u"), fold("biểu"));
    }

    #[test]
    fn a_query_without_diacritics_finds_the_words_with_them_across_a_line_break() {
        let two_lines = page(&["Đề nghị Hội đồng biểu", "quyết thông qua. Biểu quyết xong."]);
        let hits = two_lines.find(&folded("bieu quyet"));
        assert_eq!(hits.len(), 2);
        let (first, last) = hits[0];
        let text: String = two_lines.chars[first..=last].iter().map(|c| c.ch).collect();
        assert_eq!(text, "biểu\r\nquyết");
        // The hit spans two lines, so it is highlighted by two boxes.
        let rects = two_lines.rects(first, last);
        assert_eq!(rects.len(), 2);
        assert!((rects[0].x - 6.0 * 17.0 / 600.0).abs() < 1e-6, "{rects:?}");
        assert!((rects[0].y - 20.0 / 800.0).abs() < 1e-6);
        assert!((rects[0].h - 10.0 / 800.0).abs() < 1e-6);
        assert!((rects[1].x).abs() < 1e-6);
        assert!((rects[1].w - 6.0 * 5.0 / 600.0).abs() < 1e-6);
        assert!((rects[1].y - 40.0 / 800.0).abs() < 1e-6);
        let (before, matched, after) = two_lines.snippet(first, last);
        assert_eq!(before, "Đề nghị Hội đồng ");
        assert_eq!(matched, "biểu quyết");
        assert_eq!(after, " thông qua. Biểu quyết xong.");

        // A long context is cut at word boundaries on both sides.
        let long = page(&[&format!(
            "{} biểu quyết {}",
            "mở đầu ".repeat(12),
            "kết thúc ".repeat(12)
        )]);
        let (first, last) = long.find(&folded("bieu quyet"))[0];
        let (before, _, after) = long.snippet(first, last);
        assert!(
            before.starts_with("mở đầu") || before.starts_with("đầu"),
            "{before:?}"
        );
        assert!(
            after.ends_with("kết thúc") || after.ends_with("kết"),
            "{after:?}"
        );
    }

    #[test]
    fn queries_with_diacritics_and_in_capitals_match_too_and_hits_do_not_overlap() {
        let page = page(&["aaaa BIỂU QUYẾT"]);
        assert_eq!(page.find(&folded("Biểu quyết")).len(), 1);
        assert_eq!(page.find(&folded("aa")), vec![(0, 1), (2, 3)]);
        assert!(page.find(&folded("bieu quyet thong")).is_empty());
        assert!(page.find(&[]).is_empty());
    }

    #[test]
    fn search_orders_hits_by_document_and_page_and_stops_at_the_limit() {
        let document = |id: &str, pages: Vec<IndexedPage>| IndexedDocument {
            document_id: id.into(),
            title: format!("Tài liệu {id}"),
            pages,
        };
        let a = document("a", vec![page(&["không có"]), page(&["ngân sách"])]);
        let b = document("b", vec![page(&["Ngân sách và ngân sách"])]);
        let (hits, truncated) = search(&[&a, &b], "ngan sach");
        assert!(!truncated);
        let places: Vec<_> = hits
            .iter()
            .map(|hit| (hit.document_id.as_str(), hit.page))
            .collect();
        assert_eq!(places, vec![("a", 1), ("b", 0), ("b", 0)]);
        assert_eq!(hits[0].document_title, "Tài liệu a");
        assert_eq!(search(&[&a], " ").0.len(), 0);

        let long = "ngân sách ".repeat(MAX_HITS + 1);
        let c = document("c", vec![page(&[long.as_str()])]);
        let (hits, truncated) = search(&[&c], "ngan sach");
        assert_eq!(hits.len(), MAX_HITS);
        assert!(truncated);
    }
}
