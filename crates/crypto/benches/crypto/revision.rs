//! Bytes re-sent for a revision of a 20 MiB file with 20 small scattered edits, against the
//! bytes actually edited (the physical minimum) and rsync's literal data when installed.

use phonghop_crypto::{DeviceSecrets, SymmetricKey};
use serde_json::json;

use crate::report::Entry;
use crate::resend::{measure, percent};
use crate::rng::Rng;
use crate::tools::rsync_literal_bytes;

const FILE: usize = 20 * 1024 * 1024;
const EDITS: usize = 20;
const SEED: u64 = 20;

/// A scattered edit of the original file.
struct Edit {
    /// Offset in the original.
    at: usize,
    /// New bytes.
    bytes: Vec<u8>,
    /// Inserted (shifting what follows) rather than overwriting.
    insert: bool,
}

/// The original, the revision, and how many bytes the edits wrote.
fn pair() -> (Vec<u8>, Vec<u8>, u64) {
    let mut rng = Rng::new(SEED);
    let original = rng.bytes(FILE);
    let mut edits: Vec<Edit> = (0..EDITS)
        .map(|index| {
            let len = 16 + rng.below(49); // 16..=64 bytes
            Edit {
                at: rng.below(FILE - 64),
                bytes: rng.bytes(len),
                insert: index % 2 == 1,
            }
        })
        .collect();
    // Apply from the end so every offset still refers to the original.
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.at));
    let mut revised = original.clone();
    for edit in &edits {
        if edit.insert {
            revised.splice(edit.at..edit.at, edit.bytes.iter().copied());
        } else {
            revised[edit.at..edit.at + edit.bytes.len()].copy_from_slice(&edit.bytes);
        }
    }
    let written = edits.iter().map(|edit| edit.bytes.len() as u64).sum();
    (original, revised, written)
}

/// One entry per average chunk size.
pub fn run(
    key: &SymmetricKey,
    device: &DeviceSecrets,
    averages: &[u32],
) -> Result<Vec<Entry>, String> {
    println!("bench: 20 MiB file with {EDITS} scattered edits");
    let (original, revised, written) = pair();
    let rsync = rsync_literal_bytes("revision", &original, &revised)?;
    let (baseline, tool) = match rsync {
        Some(literal) => (literal, "rsync --no-whole-file (Literal data)"),
        None => (
            written,
            "physical minimum: bytes edited (rsync not installed)",
        ),
    };
    let mut entries = Vec::new();
    for &average in averages {
        let resend = measure(key, device, &original, &revised, average)?;
        let mut entry = Entry::new(
            "revision_resend_share",
            "%",
            percent(resend.bytes, revised.len()),
            percent(baseline, revised.len()),
            tool,
        );
        entry.lower_is_better = true;
        entry.params = json!({
            "avg_chunk_kib": average / 1024,
            "file_bytes": revised.len(),
            "edits": EDITS,
            "edit_kinds": "alternately overwrite and insert 16–64 random bytes at random offsets",
            "edited_bytes": written,
            "rsync_literal_bytes": rsync,
            "resent_bytes": resend.bytes,
            "new_chunks": resend.new_chunks,
            "total_chunks": resend.total_chunks,
            "manifest_bytes": resend.manifest_bytes,
        });
        entry.label = format!(
            "re-sent for a revision: 20 MiB, {EDITS} edits, avg {} KiB",
            average / 1024
        );
        entry.detail = format!(
            "{} of {} chunks new, {} KiB; edited {written} B; manifest {} KiB",
            resend.new_chunks,
            resend.total_chunks,
            resend.bytes / 1024,
            resend.manifest_bytes / 1024
        );
        entries.push(entry);
    }
    Ok(entries)
}
