//! Publishing throughput: chunk → encrypt → hash (the whole of `encrypt_document`) over a
//! 64 MiB pseudo-random buffer, using every core as `encrypt_document` does, against
//! OpenSSL's AES-256-GCM alone on one core.

use std::hint::black_box;

use phonghop_crypto::document::{ChunkParams, DocumentMeta, chunk_boundaries, encrypt_document};
use phonghop_crypto::{DeviceSecrets, SymmetricKey};
use serde_json::json;

use crate::report::Entry;
use crate::rng::Rng;
use crate::stages;
use crate::timing::{best_of, gb_s};

const BUFFER: usize = 64 * 1024 * 1024;
const RUNS: usize = 5;
const SEED: u64 = 0x5048_4f4e_4748_4f50; // "PHONGHOP"

/// One throughput entry per average chunk size, against `openssl` (GB/s, `tool`).
pub fn run(
    key: &SymmetricKey,
    device: &DeviceSecrets,
    averages: &[u32],
    openssl: f64,
    tool: &str,
) -> Result<Vec<Entry>, String> {
    let data = Rng::new(SEED).bytes(BUFFER);
    let mut entries = Vec::new();
    for &average in averages {
        let params = ChunkParams::with_average(average);
        println!(
            "bench: pipeline throughput, {} KiB average, best of {RUNS}",
            average / 1024
        );
        let pipeline = best_of(RUNS, || {
            let meta = DocumentMeta {
                document_id: "bench-throughput".to_string(),
                revision: 1,
                media_type: "application/octet-stream".to_string(),
            };
            encrypt_document(key, device, meta, black_box(&data), params)
                .map_err(|e| format!("encrypting: {e}"))
        })?;
        let stages = stages::measure(&data, params, RUNS)?;
        let chunks = chunk_boundaries(&data, params).len();
        let ours = gb_s(BUFFER, pipeline);
        let mut entry = Entry::new("pipeline_throughput", "GB/s", ours, openssl, tool);
        entry.params = json!({
            "avg_chunk_kib": average / 1024,
            "min_chunk_kib": params.min / 1024,
            "max_chunk_kib": params.max / 1024,
            "buffer_mib": BUFFER / (1024 * 1024),
            "runs": RUNS,
            "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
            "chunks": chunks,
            "seconds": pipeline.as_secs_f64(),
            "pipeline": "FastCDC on one thread; on the other cores keyed BLAKE3 of each chunk, HKDF, AES-256-GCM (ring), SHA-256 of the ciphertext; BLAKE3 of the document; signed manifest",
            "stage_alone_gb_s": {
                "fastcdc": stages.chunking,
                "sha256_ring": stages.sha256,
                "blake3_keyed": stages.blake3,
                "aes_256_gcm_ring": stages.aes_gcm,
            },
        });
        entry.label = format!(
            "throughput: chunk → encrypt → hash, 64 MiB, avg {} KiB",
            average / 1024
        );
        entry.detail = format!(
            "{chunks} chunks; alone on one core: FastCDC {:.2}, BLAKE3 {:.2}, SHA-256 {:.2}, AES-GCM {:.2} GB/s",
            stages.chunking, stages.blake3, stages.sha256, stages.aes_gcm
        );
        entries.push(entry);
    }
    Ok(entries)
}
