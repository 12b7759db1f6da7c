//! "Export my annotated copy": the document's current revision with the member's own marks
//! written as standard PDF annotations and a watermark naming them on every page, saved
//! where the member chose, and recorded in the meeting's audit chain (through the outbox,
//! so an export made offline is recorded when the link returns).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use phonghop_domain::annotation::AnnotationBody;
use phonghop_domain::wire::AnnotatedExport;
use phonghop_pdf::{AnnotatedCopy, Mark};

use crate::annotations::AnnotationView;
use crate::outbox::OutboxKind;
use crate::{App, CoreError};

/// What every page of an exported copy says besides the member's name and the date.
pub const WATERMARK_NOTICE: &str = "Tài liệu họp — không phát tán";

/// The watermark for `name` on `at`: "Nguyễn Văn An — 30/11/2026 — Tài liệu họp — không phát tán".
pub fn watermark(name: &str, at: Timestamp) -> String {
    let local = at.to_zoned(TimeZone::fixed(Offset::constant(7)));
    format!(
        "{name} — {:02}/{:02}/{} — {WATERMARK_NOTICE}",
        local.day(),
        local.month(),
        local.year()
    )
}

/// One annotation as a mark for the PDF writer.
fn mark_of(view: &AnnotationView) -> Mark {
    let rects = |anchor: &phonghop_domain::annotation::TextAnchor| {
        anchor
            .rects
            .iter()
            .map(|r| [r.left, r.bottom, r.right, r.top])
            .collect()
    };
    let page = view.page;
    let rgb = view.colour.rgb();
    match &view.body {
        AnnotationBody::Highlight(anchor) => Mark::Highlight {
            page,
            rects: rects(anchor),
            rgb,
            contents: anchor.quote.clone(),
        },
        AnnotationBody::Underline(anchor) => Mark::Underline {
            page,
            rects: rects(anchor),
            rgb,
            contents: anchor.quote.clone(),
        },
        AnnotationBody::Ink { strokes, width } => Mark::Ink {
            page,
            strokes: strokes
                .iter()
                .map(|stroke| stroke.iter().map(|p| (p.x, p.y)).collect())
                .collect(),
            rgb,
            width: width.points(),
        },
        AnnotationBody::Note { at, text } => Mark::Note {
            page,
            x: at.x,
            y: at.y,
            text: text.clone(),
        },
        AnnotationBody::Bookmark { label } => Mark::Bookmark {
            page,
            label: label.clone(),
        },
    }
}

impl App {
    /// Writes the member's annotated copy of a document into `dir` (never over an earlier
    /// export) and records the export in the meeting's audit chain. Returns the file.
    pub async fn export_annotated_copy(
        &self,
        meeting_id: &str,
        document_id: &str,
        dir: &Path,
    ) -> Result<PathBuf, CoreError> {
        let (_, document) = self.find_document(meeting_id, document_id)?;
        let placed = self.document_annotations(meeting_id, document_id)?;
        let marks = placed
            .annotations
            .iter()
            .filter(|view| view.mine)
            .map(mark_of)
            .collect();
        let copy = AnnotatedCopy {
            marks,
            author: self.profile.config.display_name.clone(),
            watermark: watermark(&self.profile.config.display_name, Timestamp::now()),
        };
        let bytes = self.decrypt_document(&document)?;
        let written = self.reader()?.write_annotated_copy(bytes, copy)?;
        let path = crate::minutes::save_export(
            dir,
            &format!("{} - bản có ghi chú", document.title),
            &written,
        )?;
        let export = AnnotatedExport {
            document_id: document.id.clone(),
            revision: document.revision,
            file_sha256: phonghop_crypto::sha256_hex(&written),
        };
        self.send_through_outbox(OutboxKind::AnnotatedExport {
            meeting_id: meeting_id.to_owned(),
            export,
        })
        .await?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watermark_names_the_member_and_the_day_in_vietnam() {
        let at: Timestamp = "2026-11-30T18:30:00Z".parse().unwrap();
        assert_eq!(
            watermark("Nguyễn Văn An", at),
            "Nguyễn Văn An — 01/12/2026 — Tài liệu họp — không phát tán"
        );
    }
}
