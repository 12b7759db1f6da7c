//! What a revision uploads: the ciphertext of its chunks whose ids the server does not
//! already hold from the previous revision.

use std::collections::HashSet;

use phonghop_crypto::document::{ChunkParams, DocumentMeta, encrypt_document};
use phonghop_crypto::{DeviceSecrets, SymmetricKey};

/// The upload a revision costs, measured against its previous revision.
#[derive(Debug, Clone, Copy)]
pub struct Resend {
    /// Ciphertext bytes of the revision's chunks that are new.
    pub bytes: u64,
    /// New chunks (distinct ids not in the previous revision).
    pub new_chunks: usize,
    /// Chunks in the revision's manifest.
    pub total_chunks: usize,
    /// The sealed, signed manifest, which is uploaded too.
    pub manifest_bytes: usize,
}

/// Encrypts `old` and `new` as revisions 1 and 2 of one document family (one key) with
/// chunks averaging `average` bytes, and counts what revision 2 adds.
pub fn measure(
    key: &SymmetricKey,
    device: &DeviceSecrets,
    old: &[u8],
    new: &[u8],
    average: u32,
) -> Result<Resend, String> {
    let params = ChunkParams::with_average(average);
    let encrypt = |revision, bytes: &[u8]| {
        let meta = DocumentMeta {
            document_id: "bench-document".to_string(),
            revision,
            media_type: "application/octet-stream".to_string(),
        };
        encrypt_document(key, device, meta, bytes, params).map_err(|e| format!("encrypting: {e}"))
    };
    let before = encrypt(1, old)?;
    let after = encrypt(2, new)?;
    let held: HashSet<&str> = before
        .chunks
        .iter()
        .map(|chunk| chunk.id.as_str())
        .collect();
    let fresh: Vec<_> = after
        .chunks
        .iter()
        .filter(|chunk| !held.contains(chunk.id.as_str()))
        .collect();
    Ok(Resend {
        bytes: fresh.iter().map(|chunk| chunk.bytes.len() as u64).sum(),
        new_chunks: fresh.len(),
        total_chunks: after.manifest.chunks.len(),
        manifest_bytes: after.sealed_manifest.len(),
    })
}

/// Bytes that differ between `old` and `new` outside their common prefix and suffix: what
/// a single-span patch would carry (an upper bound on the true edit).
pub fn changed_span(old: &[u8], new: &[u8]) -> u64 {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let limit = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(limit)
        .take_while(|(a, b)| a == b)
        .count();
    (new.len() - prefix - suffix) as u64
}

/// `part` as a percentage of `whole`.
pub fn percent(part: u64, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}
