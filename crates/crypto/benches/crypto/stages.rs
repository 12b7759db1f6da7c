//! The pipeline's stages timed alone on the same buffer, to show where its time goes:
//! FastCDC, keyed BLAKE3, SHA-256 (ring) and AES-256-GCM (ring), each single-threaded.

use std::hint::black_box;

use phonghop_crypto::document::{ChunkParams, chunk_boundaries};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::digest::{SHA256, digest};

use crate::timing::{best_of, gb_s};

/// Throughput of each stage alone, in GB/s.
#[derive(Debug, Clone, Copy)]
pub struct Stages {
    /// FastCDC boundaries.
    pub chunking: f64,
    /// One SHA-256 pass over every chunk.
    pub sha256: f64,
    /// One keyed BLAKE3 pass over every chunk.
    pub blake3: f64,
    /// AES-256-GCM sealing of every chunk (in place, one key).
    pub aes_gcm: f64,
}

/// Times each stage over `data` cut with `params`, best of `runs`.
pub fn measure(data: &[u8], params: ChunkParams, runs: usize) -> Result<Stages, String> {
    let bounds = chunk_boundaries(data, params);
    let chunking = best_of(runs, || Ok(chunk_boundaries(black_box(data), params)))?;
    let sha256 = best_of(runs, || {
        Ok(bounds
            .iter()
            .map(|&(offset, len)| digest(&SHA256, black_box(&data[offset..offset + len])))
            .collect::<Vec<_>>())
    })?;
    let blake3 = best_of(runs, || {
        Ok(bounds
            .iter()
            .map(|&(offset, len)| {
                blake3::keyed_hash(&[9u8; 32], black_box(&data[offset..offset + len]))
            })
            .collect::<Vec<_>>())
    })?;
    let key = UnboundKey::new(&AES_256_GCM, &[7u8; 32])
        .map(LessSafeKey::new)
        .map_err(|_| "aes-256-gcm key".to_string())?;
    let mut buffer = data.to_vec();
    let aes_gcm = best_of(runs, || {
        let mut tags = Vec::with_capacity(bounds.len());
        for &(offset, len) in &bounds {
            let tag = key
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key([0u8; NONCE_LEN]),
                    Aad::empty(),
                    black_box(&mut buffer[offset..offset + len]),
                )
                .map_err(|_| "aes-256-gcm seal".to_string())?;
            tags.push(tag);
        }
        Ok(tags)
    })?;
    Ok(Stages {
        chunking: gb_s(data.len(), chunking),
        sha256: gb_s(data.len(), sha256),
        blake3: gb_s(data.len(), blake3),
        aes_gcm: gb_s(data.len(), aes_gcm),
    })
}
