//! A member's annotations on a meeting document: what each one is, who may read it, how
//! versions of one annotation written on several devices merge (last writer wins, deletions
//! kept as tombstones), and how a text-anchored annotation finds its place again in a
//! revised document. The whole [`Annotation`] is sealed on the member's device before it
//! leaves it (invariant 1); the server stores only ciphertext and who may fetch it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Characters of context kept on each side of an anchored quote, to tell repeated
/// phrases apart when the anchor is placed again in a revision.
pub const CONTEXT_CHARS: usize = 32;
/// Longest quote an anchor keeps (a highlight over a whole page is still one annotation).
pub const MAX_QUOTE_CHARS: usize = 4_000;
/// Longest note text.
pub const MAX_NOTE_CHARS: usize = 8_000;
/// Most points in one annotation's ink.
pub const MAX_INK_POINTS: usize = 20_000;

/// A rectangle on a page in PDF points, origin at the lower left, y upwards.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub left: f32,
    /// Bottom edge.
    pub bottom: f32,
    /// Right edge.
    pub right: f32,
    /// Top edge.
    pub top: f32,
}

/// A point on a page in PDF points, origin at the lower left, y upwards.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Across.
    pub x: f32,
    /// Up.
    pub y: f32,
}

/// The colours the tools offer (three for ink, three for highlights; few on purpose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// Highlighter yellow.
    Yellow,
    /// Green.
    Green,
    /// Blue.
    Blue,
    /// Red.
    Red,
}

impl Colour {
    /// The colour as RGB, for the exported PDF.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            Colour::Yellow => (255, 221, 0),
            Colour::Green => (0, 160, 70),
            Colour::Blue => (0, 90, 200),
            Colour::Red => (210, 30, 30),
        }
    }
}

/// Pen widths for ink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InkWidth {
    /// A fine pen (1.5 pt).
    Thin,
    /// A marker (4 pt).
    Thick,
}

impl InkWidth {
    /// Width in points.
    pub fn points(self) -> f32 {
        match self {
            InkWidth::Thin => 1.5,
            InkWidth::Thick => 4.0,
        }
    }
}

/// Who may read an annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Audience {
    /// Only its author, on any of their devices (the default).
    Private,
    /// Everyone who takes part in the meeting.
    Meeting,
    /// The author and the people named.
    People {
        /// User ids of the colleagues it is shared with.
        #[serde(rename = "userIds", alias = "user_ids")]
        user_ids: Vec<String>,
    },
}

/// What an annotation is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnnotationBody {
    /// A run of text painted over.
    Highlight(TextAnchor),
    /// A run of text underlined.
    Underline(TextAnchor),
    /// Free-hand strokes, each a smoothed list of points.
    Ink {
        /// The strokes.
        strokes: Vec<Vec<Point>>,
        /// Pen width.
        width: InkWidth,
    },
    /// A sticky note at a point.
    Note {
        /// Where the note's icon sits.
        at: Point,
        /// What the member wrote.
        text: String,
    },
    /// A bookmark on the page.
    Bookmark {
        /// The bookmark's name ("Trang 4" unless the member named it).
        label: String,
    },
}

/// Where a text annotation sits: a run of a page's characters (indices into the page's
/// text as pdfium reads it, end exclusive), the text itself and some context on each side,
/// so it can be found again in a revision; and the boxes to paint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnchor {
    /// First character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
    /// The text covered.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters before it.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it.
    #[serde(default)]
    pub suffix: String,
    /// One box per line covered, in PDF points.
    pub rects: Vec<Rect>,
}

impl AnnotationBody {
    /// The text anchor of a highlight or an underline.
    pub fn anchor(&self) -> Option<&TextAnchor> {
        match self {
            AnnotationBody::Highlight(anchor) | AnnotationBody::Underline(anchor) => Some(anchor),
            _ => None,
        }
    }

    /// The anchor, to move it.
    pub fn anchor_mut(&mut self) -> Option<&mut TextAnchor> {
        match self {
            AnnotationBody::Highlight(anchor) | AnnotationBody::Underline(anchor) => Some(anchor),
            _ => None,
        }
    }

    /// Checks sizes and numbers: what a hostile or broken device could send.
    pub fn check(&self) -> Result<(), &'static str> {
        let finite_rect = |r: &Rect| {
            [r.left, r.bottom, r.right, r.top]
                .iter()
                .all(|v| v.is_finite())
        };
        match self {
            AnnotationBody::Highlight(anchor) | AnnotationBody::Underline(anchor) => {
                if anchor.end <= anchor.start
                    || anchor.quote.chars().count() > MAX_QUOTE_CHARS
                    || anchor.rects.is_empty()
                    || !anchor.rects.iter().all(finite_rect)
                {
                    return Err("annotation.bad_anchor");
                }
            }
            AnnotationBody::Ink { strokes, .. } => {
                let points: usize = strokes.iter().map(Vec::len).sum();
                if strokes.is_empty()
                    || strokes.iter().any(Vec::is_empty)
                    || points > MAX_INK_POINTS
                    || !strokes
                        .iter()
                        .flatten()
                        .all(|p| p.x.is_finite() && p.y.is_finite())
                {
                    return Err("annotation.bad_ink");
                }
            }
            AnnotationBody::Note { at, text } => {
                if text.trim().is_empty()
                    || text.chars().count() > MAX_NOTE_CHARS
                    || !(at.x.is_finite() && at.y.is_finite())
                {
                    return Err("annotation.bad_note");
                }
            }
            AnnotationBody::Bookmark { label } => {
                if label.chars().count() > 200 {
                    return Err("annotation.bad_note");
                }
            }
        }
        Ok(())
    }
}

/// The version of one write of an annotation: a clock reading that never goes backwards on
/// the device that wrote it, and the device, so two writes always compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch, raised above every earlier stamp of the same
    /// annotation the writer knew of.
    pub at_ms: u64,
    /// The writing device.
    pub device_id: String,
}

/// One write of an annotation, the plaintext that is sealed. Every edit writes the whole
/// annotation again with a newer [`Stamp`]; a deletion writes a tombstone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable id across edits and devices (UUID text).
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// The document family.
    pub document_id: String,
    /// The revision it was drawn on.
    pub revision: u64,
    /// Zero-based page.
    pub page: u32,
    /// Colour.
    pub colour: Colour,
    /// What it is.
    pub body: AnnotationBody,
    /// Who may read it.
    pub audience: Audience,
    /// The author's user id (checked against the signing device by every reader).
    pub author_id: String,
    /// The author's name, to show on shared annotations.
    pub author_name: String,
    /// This write's version.
    pub stamp: Stamp,
    /// A deletion: kept so a late copy of an older write cannot bring it back.
    #[serde(default)]
    pub deleted: bool,
    /// Hash of the page's text when it was drawn, to tell whether the page changed in a
    /// revision (for ink, notes and bookmarks, which have no text to follow).
    #[serde(default)]
    pub page_fingerprint: Option<String>,
}

/// The latest write of each annotation among `writes`, in any order and with repeats:
/// last writer wins by [`Stamp`], and tombstones stay in the result (callers hide them).
pub fn merge(writes: impl IntoIterator<Item = Annotation>) -> BTreeMap<String, Annotation> {
    let mut latest: BTreeMap<String, Annotation> = BTreeMap::new();
    for write in writes {
        match latest.get(&write.id) {
            Some(current) if current.stamp >= write.stamp => {}
            _ => {
                latest.insert(write.id.clone(), write);
            }
        }
    }
    latest
}

/// The stamp for a new write of an annotation whose newest known write is `previous`: now,
/// or just after `previous` when this device's clock is behind it.
pub fn next_stamp(previous: Option<&Stamp>, now_ms: u64, device_id: &str) -> Stamp {
    let floor = previous.map_or(0, |stamp| stamp.at_ms.saturating_add(1));
    Stamp {
        at_ms: now_ms.max(floor),
        device_id: device_id.to_owned(),
    }
}

/// The prefix and suffix around `start..end` of `page` (characters), for a new anchor.
pub fn context_of(page: &[char], start: usize, end: usize) -> (String, String) {
    let start = start.min(page.len());
    let end = end.clamp(start, page.len());
    let prefix: String = page[start.saturating_sub(CONTEXT_CHARS)..start]
        .iter()
        .collect();
    let suffix: String = page[end..(end + CONTEXT_CHARS).min(page.len())]
        .iter()
        .collect();
    (prefix, suffix)
}

/// Where an anchor landed in a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Zero-based page.
    pub page: u32,
    /// First character on that page.
    pub start: u32,
    /// One past the last.
    pub end: u32,
}

/// A page's text with whitespace dropped, and where each kept character came from: so a
/// quote still matches after the revision reflowed its lines.
struct Compact {
    chars: Vec<char>,
    origin: Vec<usize>,
}

fn compact(text: &[char]) -> Compact {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (index, ch) in text.iter().enumerate() {
        if !ch.is_whitespace() {
            chars.push(*ch);
            origin.push(index);
        }
    }
    Compact { chars, origin }
}

fn compact_str(text: &str) -> Vec<char> {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// How many characters at the end of `a` equal those at the end of `b`.
fn common_tail(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many characters at the start of `a` equal those at the start of `b`.
fn common_head(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count()
}

/// Finds `anchor`'s quote in a revision's pages (each page's characters as pdfium reads
/// them). Every occurrence is a candidate, whitespace ignored; the one whose surrounding
/// text agrees most with the anchor's context wins, then the one nearest the page it was
/// on. `None` when the quote is nowhere: the caller lists the annotation, never drops it.
pub fn place_anchor(anchor: &TextAnchor, old_page: u32, pages: &[Vec<char>]) -> Option<Placed> {
    let quote = compact_str(&anchor.quote);
    if quote.is_empty() {
        return None;
    }
    let prefix = compact_str(&anchor.prefix);
    let suffix = compact_str(&anchor.suffix);
    let mut best: Option<(usize, u32, Placed)> = None;
    for (page_index, page) in pages.iter().enumerate() {
        let page_index = u32::try_from(page_index).unwrap_or(u32::MAX);
        let text = compact(page);
        if text.chars.len() < quote.len() {
            continue;
        }
        for at in 0..=text.chars.len() - quote.len() {
            if text.chars[at..at + quote.len()] != quote[..] {
                continue;
            }
            let after = at + quote.len();
            let score = common_tail(&text.chars[..at], &prefix)
                + common_head(&text.chars[after..], &suffix);
            let distance = page_index.abs_diff(old_page);
            let start = text.origin[at];
            let end = text.origin[after - 1] + 1;
            let placed = Placed {
                page: page_index,
                start: u32::try_from(start).unwrap_or(u32::MAX),
                end: u32::try_from(end).unwrap_or(u32::MAX),
            };
            let better = match &best {
                None => true,
                Some((best_score, best_distance, _)) => {
                    score > *best_score || (score == *best_score && distance < *best_distance)
                }
            };
            if better {
                best = Some((score, distance, placed));
            }
        }
    }
    best.map(|(_, _, placed)| placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn anchor_for(page: &str, quote: &str) -> TextAnchor {
        let page = chars(page);
        let quote_chars = chars(quote);
        let start = (0..page.len())
            .find(|&i| page[i..].starts_with(&quote_chars))
            .expect("quote on page");
        let end = start + quote_chars.len();
        let (prefix, suffix) = context_of(&page, start, end);
        TextAnchor {
            start: start as u32,
            end: end as u32,
            quote: quote.into(),
            prefix,
            suffix,
            rects: vec![Rect {
                left: 0.0,
                bottom: 0.0,
                right: 1.0,
                top: 1.0,
            }],
        }
    }

    fn write(id: &str, at_ms: u64, device: &str, deleted: bool) -> Annotation {
        Annotation {
            id: id.into(),
            meeting_id: "m".into(),
            document_id: "d".into(),
            revision: 1,
            page: 0,
            colour: Colour::Yellow,
            body: AnnotationBody::Bookmark {
                label: format!("{device}@{at_ms}"),
            },
            audience: Audience::Private,
            author_id: "u".into(),
            author_name: "Nguyễn Văn A".into(),
            stamp: Stamp {
                at_ms,
                device_id: device.into(),
            },
            deleted,
            page_fingerprint: None,
        }
    }

    #[test]
    fn the_last_writer_wins_whatever_order_the_writes_arrive_in() {
        let writes = [
            write("a", 10, "laptop", false),
            write("a", 30, "office", false),
            write("a", 20, "laptop", false),
            write("b", 5, "office", false),
        ];
        for rotation in 0..writes.len() {
            let mut shuffled = writes.to_vec();
            shuffled.rotate_left(rotation);
            let merged = merge(shuffled);
            assert_eq!(merged["a"].stamp.at_ms, 30);
            assert_eq!(merged["b"].stamp.at_ms, 5);
        }
    }

    #[test]
    fn a_tombstone_beats_older_writes_and_loses_to_newer_ones() {
        let merged = merge([write("a", 10, "x", false), write("a", 20, "y", true)]);
        assert!(merged["a"].deleted);
        let merged = merge([
            write("a", 20, "y", true),
            write("a", 10, "x", false),
            write("a", 25, "x", false),
        ]);
        assert!(
            !merged["a"].deleted,
            "an undo after the deletion revives it"
        );
    }

    #[test]
    fn equal_clocks_are_settled_by_the_device_so_every_copy_agrees() {
        let one = merge([write("a", 10, "aaa", false), write("a", 10, "bbb", false)]);
        let two = merge([write("a", 10, "bbb", false), write("a", 10, "aaa", false)]);
        assert_eq!(one["a"], two["a"]);
        assert_eq!(one["a"].stamp.device_id, "bbb");
    }

    #[test]
    fn a_new_stamp_is_never_older_than_what_the_writer_saw() {
        let seen = Stamp {
            at_ms: 5_000,
            device_id: "other".into(),
        };
        assert_eq!(next_stamp(Some(&seen), 1_000, "me").at_ms, 5_001);
        assert_eq!(next_stamp(Some(&seen), 9_000, "me").at_ms, 9_000);
        assert_eq!(next_stamp(None, 7, "me").at_ms, 7);
    }

    #[test]
    fn an_anchor_follows_its_text_to_another_page_and_through_reflowed_lines() {
        let old = ["Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định mức chi hỗ trợ."];
        let anchor = anchor_for(old[0], "mức chi hỗ trợ");
        let new_pages = vec![
            chars("Trang bìa mới"),
            chars("Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định mức\r\nchi hỗ trợ."),
        ];
        let placed = place_anchor(&anchor, 0, &new_pages).expect("found");
        assert_eq!(placed.page, 1);
        let text: String = new_pages[1][placed.start as usize..placed.end as usize]
            .iter()
            .collect();
        assert_eq!(text, "mức\r\nchi hỗ trợ");
    }

    #[test]
    fn a_repeated_phrase_is_told_apart_by_its_context() {
        let page = "Khoản 1: giao Sở Tài chính thực hiện. Khoản 2: giao Sở Tài chính kiểm tra.";
        let anchor = anchor_for(page, "Sở Tài chính kiểm");
        let mut second = anchor_for(page, "Sở Tài chính");
        // The second occurrence, chosen by its context.
        let target = page.match_indices("Sở Tài chính").nth(1).map(|(i, _)| i);
        let start = page[..target.unwrap_or(0)].chars().count();
        let (prefix, suffix) = context_of(&chars(page), start, start + 12);
        second.prefix = prefix;
        second.suffix = suffix;
        let revised = vec![chars(
            "Khoản 1: giao Sở Tài chính chủ trì thực hiện. Khoản 2: giao Sở Tài chính kiểm tra.",
        )];
        let placed = place_anchor(&second, 0, &revised).expect("found");
        let text: String = revised[0][..placed.start as usize].iter().collect();
        assert!(text.ends_with("Khoản 2: giao "), "{text}");
        assert!(place_anchor(&anchor, 0, &revised).is_some());
    }

    #[test]
    fn text_that_was_removed_is_not_placed() {
        let anchor = anchor_for("Chi thường xuyên 12 tỷ đồng.", "12 tỷ đồng");
        let revised = vec![chars("Chi thường xuyên 15 tỷ đồng.")];
        assert_eq!(place_anchor(&anchor, 0, &revised), None);
    }

    #[test]
    fn equal_matches_prefer_the_page_it_was_on() {
        let anchor = TextAnchor {
            start: 0,
            end: 4,
            quote: "Mục lục".into(),
            prefix: String::new(),
            suffix: String::new(),
            rects: Vec::new(),
        };
        let pages = vec![
            chars("Mục lục"),
            chars("x"),
            chars("Mục lục"),
            chars("Mục lục"),
        ];
        assert_eq!(place_anchor(&anchor, 2, &pages).map(|p| p.page), Some(2));
    }

    #[test]
    fn bodies_from_a_broken_device_are_refused() {
        let mut anchor = anchor_for("abc def", "def");
        assert!(AnnotationBody::Highlight(anchor.clone()).check().is_ok());
        anchor.rects[0].left = f32::NAN;
        assert!(AnnotationBody::Highlight(anchor).check().is_err());
        let ink = AnnotationBody::Ink {
            strokes: vec![vec![]],
            width: InkWidth::Thin,
        };
        assert!(ink.check().is_err());
        let note = AnnotationBody::Note {
            at: Point { x: 1.0, y: 1.0 },
            text: "  ".into(),
        };
        assert!(note.check().is_err());
    }

    #[test]
    fn wire_names_are_stable() {
        let body = AnnotationBody::Ink {
            strokes: vec![vec![Point { x: 1.0, y: 2.0 }]],
            width: InkWidth::Thick,
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["kind"], "ink");
        assert_eq!(json["width"], "thick");
        let audience = Audience::People {
            user_ids: vec!["u2".into()],
        };
        let json = serde_json::to_value(&audience).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "people", "userIds": ["u2"]})
        );
    }
}
