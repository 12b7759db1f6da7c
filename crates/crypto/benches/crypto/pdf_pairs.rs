//! Real PDF revision pairs written by libpdfium: a twenty-page Vietnamese draft with its
//! middle paragraph rewritten (A) or one figure in it corrected in place (A′), and the same
//! draft with six photo-like images and the paragraph rewritten (B). Set
//! `PHONGHOP_BENCH_DUMP` to a folder to keep the PDFs for inspection.

use phonghop_crypto::{DeviceSecrets, SymmetricKey};
use phonghop_pdf::{Figure, PdfEngine};
use serde_json::json;

use crate::corpus::{self, Amendment};
use crate::report::Entry;
use crate::resend::{changed_span, measure, percent};
use crate::tools::rsync_literal_bytes;

const FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");

/// One revision pair of PDF files.
struct Pair {
    name: &'static str,
    label: &'static str,
    edit: &'static str,
    old: Vec<u8>,
    new: Vec<u8>,
    /// The original written a second time: what re-saving alone changes.
    resaved: Vec<u8>,
    pages: u32,
}

fn write(
    engine: &PdfEngine,
    figures: &[Figure],
    amendment: Option<Amendment>,
) -> Result<Vec<u8>, String> {
    let draft = corpus::draft();
    let document = match amendment {
        Some(amendment) => corpus::amended(&draft, amendment),
        None => draft,
    };
    engine
        .write_document_with_images(&document, figures, FONT)
        .map_err(|e| format!("writing the PDF: {e}"))
}

/// Sleeps into the next wall-clock second.
fn next_second() {
    let into = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|now| now.subsec_nanos())
        .unwrap_or(0);
    std::thread::sleep(std::time::Duration::from_nanos(
        1_000_000_000 - u64::from(into) + 10_000_000,
    ));
}

fn pairs(engine: &PdfEngine) -> Result<Vec<Pair>, String> {
    let figures = corpus::figures(corpus::draft().paragraphs.len());
    let rewrite = "middle paragraph rewritten and shortened; the following lines reflow";
    let in_place = "one figure in the middle paragraph corrected, same length; no reflow";
    let mut out = Vec::new();
    for (name, label, edit, amendment, figures) in [
        (
            "text",
            "A: text, paragraph rewritten",
            rewrite,
            Amendment::Rewrite,
            &[][..],
        ),
        (
            "text-in-place",
            "A′: text, one figure corrected",
            in_place,
            Amendment::InPlace,
            &[][..],
        ),
        (
            "images",
            "B: text + 6 images, paragraph rewritten",
            rewrite,
            Amendment::Rewrite,
            &figures[..],
        ),
    ] {
        // PDFium stamps each save with /CreationDate (to the second) and a fresh /ID, as
        // real revisions are: save each version in a second of its own.
        let old = write(engine, figures, None)?;
        next_second();
        let new = write(engine, figures, Some(amendment))?;
        next_second();
        if let Some(dir) = std::env::var_os("PHONGHOP_BENCH_DUMP") {
            let dir = std::path::PathBuf::from(dir);
            let _ = std::fs::write(dir.join(format!("{name}-old.pdf")), &old);
            let _ = std::fs::write(dir.join(format!("{name}-new.pdf")), &new);
        }
        out.push(Pair {
            name,
            label,
            edit,
            resaved: write(engine, figures, None)?,
            pages: engine.page_count(&new).map_err(|e| e.to_string())?,
            old,
            new,
        });
    }
    Ok(out)
}

/// One entry per pair and average chunk size.
pub fn run(
    key: &SymmetricKey,
    device: &DeviceSecrets,
    averages: &[u32],
) -> Result<Vec<Entry>, String> {
    println!("bench: PDF revision pairs written by libpdfium");
    let engine = PdfEngine::bind_default().map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    for pair in pairs(engine)? {
        let rsync = rsync_literal_bytes(pair.name, &pair.old, &pair.new)?;
        let (baseline, tool) = match rsync {
            Some(literal) => (literal, "rsync --no-whole-file (Literal data)"),
            None => (
                pair.new.len() as u64,
                "whole file, today's one-blob upload (rsync not installed)",
            ),
        };
        let span = changed_span(&pair.old, &pair.new);
        for &average in averages {
            let resend = measure(key, device, &pair.old, &pair.new, average)?;
            let resave = measure(key, device, &pair.old, &pair.resaved, average)?;
            let mut entry = Entry::new(
                "pdf_revision_resend_share",
                "%",
                percent(resend.bytes, pair.new.len()),
                percent(baseline, pair.new.len()),
                tool,
            );
            entry.lower_is_better = true;
            entry.params = json!({
                "pair": pair.name,
                "avg_chunk_kib": average / 1024,
                "pages": pair.pages,
                "original_bytes": pair.old.len(),
                "revised_bytes": pair.new.len(),
                "changed_span_bytes": span,
                "rsync_literal_bytes": rsync,
                "resent_bytes": resend.bytes,
                "new_chunks": resend.new_chunks,
                "total_chunks": resend.total_chunks,
                "manifest_bytes": resend.manifest_bytes,
                "identical_resave_resent_bytes": resave.bytes,
                "edit": pair.edit,
            });
            entry.label = format!(
                "PDF {} ({} pages, {} KiB), avg {} KiB",
                pair.label,
                pair.pages,
                pair.new.len() / 1024,
                average / 1024
            );
            entry.detail = format!(
                "{} of {} chunks new, {} KiB; differing span {} KiB; identical re-save re-sends {} KiB",
                resend.new_chunks,
                resend.total_chunks,
                resend.bytes / 1024,
                span / 1024,
                resave.bytes / 1024
            );
            entries.push(entry);
        }
    }
    Ok(entries)
}
