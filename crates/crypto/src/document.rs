//! Documents as content-defined chunks (FastCDC), each encrypted so that an unchanged chunk
//! of a revised document encrypts to the same bytes and is never sent again (invariant 3).
//!
//! - A chunk's *content tag* is BLAKE3 keyed with a key derived from the document family
//!   key; the chunk's AES-256-GCM key is HKDF(family key, content tag). Each such key only
//!   ever encrypts that one plaintext, so a fixed nonce is safe; equal chunks of the same
//!   family give equal ciphertext, which is the point. Keying the tag means chunks of
//!   different families never share keys or tags, so nothing leaks across documents.
//! - A chunk is named by the SHA-256 of its ciphertext; the server stores and serves chunks
//!   by that name and can check them without any key.
//! - The [`Manifest`] lists the chunks in order with their sizes and content tags, the
//!   BLAKE3 hash of the whole document and its metadata. It is sealed under a key derived
//!   from the family key and signed by the uploading device.
//! - Opening checks every chunk's name, every chunk's content tag and the whole document's
//!   hash; a mismatch names the chunk.
//! - Chunks are encrypted on every core while FastCDC cuts the next ones.
//!
//! ## Chunk sizes
//! The default averages 16 KiB (4 KiB minimum, 64 KiB maximum), chosen from
//! `cargo xtask bench crypto` (table in the README): a revision costs about one whole chunk
//! per edit, plus the first and last chunks that PDFium rewrites on every save
//! (`/CreationDate`, `/ID`). At 16 KiB a 20 MiB file with 20 scattered edits re-sends 2.2 %
//! of itself against 4.5 % at 32 KiB and 8.8 % at 64 KiB; a one-number correction in a PDF
//! re-sends 6 % against 20 % and 32 %; a PDF with images 4.6 % against 10 %. The price —
//! twice the chunks of 32 KiB (a ~170 KiB manifest for 20 MiB) and a few percent of
//! throughput — is small beside the bytes saved on a commune link.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};

use crate::kdf::derive32;
use crate::{Canonical, CryptoError, DeviceSecrets, SymmetricKey, open, seal, verify_record};

const CHUNK_LABEL: &str = "document-chunk/v1";
const MANIFEST_LABEL: &str = "document-manifest/v1";
const TAG_LABEL: &str = "document-chunk-tag/v1";

/// FastCDC bounds, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkParams {
    /// Smallest chunk (except the last).
    pub min: u32,
    /// Target average.
    pub avg: u32,
    /// Largest chunk.
    pub max: u32,
}

impl ChunkParams {
    /// The default: 4 KiB / 16 KiB / 64 KiB (see the module documentation).
    pub const DEFAULT: Self = Self::with_average(16 * 1024);

    /// Bounds around an average: a quarter of it to four times it.
    pub const fn with_average(avg: u32) -> Self {
        Self {
            min: avg / 4,
            avg,
            max: avg * 4,
        }
    }
}

/// What identifies a document revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Document family identifier (stable across revisions).
    pub document_id: String,
    /// Revision number, from 1.
    pub revision: u64,
    /// Media type, e.g. "application/pdf".
    pub media_type: String,
}

/// One chunk in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkEntry {
    /// Name of the ciphertext: lower-case hex SHA-256 of it.
    pub id: String,
    /// Plaintext length in bytes.
    pub size: u32,
    /// BLAKE3 of the plaintext, keyed by the family: names the chunk's key.
    #[serde(with = "crate::hexser")]
    pub content_tag: [u8; 32],
}

/// The ordered list of a revision's chunks, with what is needed to check the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Document identity.
    pub meta: DocumentMeta,
    /// Chunks in order.
    pub chunks: Vec<ChunkEntry>,
    /// Plaintext length of the whole document.
    pub total_size: u64,
    /// BLAKE3 of the whole plaintext.
    #[serde(with = "crate::hexser")]
    pub document_hash: [u8; 32],
}

/// A chunk ready to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedChunk {
    /// Its name (hex SHA-256 of `bytes`).
    pub id: String,
    /// Ciphertext.
    pub bytes: Vec<u8>,
}

/// A document revision ready to upload: unique chunks in first-use order and the sealed,
/// signed manifest.
#[derive(Debug, Clone)]
pub struct EncryptedDocument {
    /// The plaintext manifest (for the uploader's own records).
    pub manifest: Manifest,
    /// Manifest ciphertext followed by the uploader's 64-byte signature.
    pub sealed_manifest: Vec<u8>,
    /// Distinct chunks, first use first.
    pub chunks: Vec<EncryptedChunk>,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, bytes).as_ref());
    out
}

fn chunk_aead(
    family_key: &SymmetricKey,
    content_tag: &[u8; 32],
) -> Result<LessSafeKey, CryptoError> {
    let key = derive32(family_key.expose(), CHUNK_LABEL, &[content_tag])?;
    UnboundKey::new(&AES_256_GCM, key.as_slice())
        .map(LessSafeKey::new)
        .map_err(|_| CryptoError::BadKey("aes-256-gcm key"))
}

/// The key a family's content tags are computed under.
fn tag_key(family_key: &SymmetricKey) -> Result<zeroize::Zeroizing<[u8; 32]>, CryptoError> {
    derive32(family_key.expose(), TAG_LABEL, &[])
}

fn content_tag(tag_key: &[u8; 32], plaintext: &[u8]) -> [u8; 32] {
    *blake3::keyed_hash(tag_key, plaintext).as_bytes()
}

/// Splits `plaintext` into content-defined chunks: (offset, length) pairs.
pub fn chunk_boundaries(plaintext: &[u8], params: ChunkParams) -> Vec<(usize, usize)> {
    if plaintext.is_empty() {
        return Vec::new();
    }
    fastcdc::v2020::FastCDC::new(plaintext, params.min, params.avg, params.max)
        .map(|chunk| (chunk.offset, chunk.length))
        .collect()
}

/// Encrypts one chunk; returns its entry and ciphertext.
pub fn encrypt_chunk(
    family_key: &SymmetricKey,
    plaintext: &[u8],
) -> Result<(ChunkEntry, Vec<u8>), CryptoError> {
    encrypt_chunk_tagged(family_key, &*tag_key(family_key)?, plaintext)
}

fn encrypt_chunk_tagged(
    family_key: &SymmetricKey,
    tag_key: &[u8; 32],
    plaintext: &[u8],
) -> Result<(ChunkEntry, Vec<u8>), CryptoError> {
    let content_tag = content_tag(tag_key, plaintext);
    let mut bytes = Vec::with_capacity(plaintext.len() + AES_256_GCM.tag_len());
    bytes.extend_from_slice(plaintext);
    chunk_aead(family_key, &content_tag)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key([0u8; NONCE_LEN]),
            Aad::from(CHUNK_LABEL.as_bytes()),
            &mut bytes,
        )
        .map_err(|_| CryptoError::DecryptFailed)?;
    let entry = ChunkEntry {
        id: hex::encode(sha256(&bytes)),
        size: u32::try_from(plaintext.len()).map_err(|_| CryptoError::BadKey("chunk too large"))?,
        content_tag,
    };
    Ok((entry, bytes))
}

/// Decrypts one chunk and checks it against its manifest entry (`index` names it in errors).
pub fn decrypt_chunk(
    family_key: &SymmetricKey,
    index: usize,
    entry: &ChunkEntry,
    ciphertext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let mismatch = || CryptoError::ChunkMismatch {
        index,
        id: entry.id.clone(),
    };
    if hex::encode(sha256(ciphertext)) != entry.id {
        return Err(mismatch());
    }
    let mut bytes = ciphertext.to_vec();
    let len = chunk_aead(family_key, &entry.content_tag)?
        .open_in_place(
            Nonce::assume_unique_for_key([0u8; NONCE_LEN]),
            Aad::from(CHUNK_LABEL.as_bytes()),
            &mut bytes,
        )
        .map_err(|_| mismatch())?
        .len();
    bytes.truncate(len);
    if content_tag(&*tag_key(family_key)?, &bytes) != entry.content_tag
        || bytes.len() != entry.size as usize
    {
        return Err(mismatch());
    }
    Ok(bytes)
}

fn manifest_key(
    family_key: &SymmetricKey,
    meta: &DocumentMeta,
) -> Result<SymmetricKey, CryptoError> {
    let key = derive32(
        family_key.expose(),
        MANIFEST_LABEL,
        &[meta.document_id.as_bytes()],
    )?;
    Ok(SymmetricKey::from_bytes(*key))
}

fn manifest_context(document_id: &str, revision: u64) -> Vec<u8> {
    Canonical::new(MANIFEST_LABEL)
        .str(document_id)
        .u64(revision)
        .finish()
}

fn manifest_statement(document_id: &str, revision: u64, ciphertext: &[u8]) -> Canonical {
    Canonical::new(MANIFEST_LABEL)
        .str(document_id)
        .u64(revision)
        .bytes(ciphertext)
}

type Encrypted = (ChunkEntry, Vec<u8>);

/// What [`encrypt_chunks`] produces.
struct EncryptedParts {
    entries: Vec<ChunkEntry>,
    chunks: Vec<EncryptedChunk>,
    document_hash: [u8; 32],
}

/// Cuts `plaintext` with FastCDC on this thread while workers on the other cores encrypt the
/// chunks already cut and one hashes the whole document. Returns the entries in order, the
/// distinct chunks in first-use order, and the document hash.
fn encrypt_chunks(
    family_key: &SymmetricKey,
    plaintext: &[u8],
    params: ChunkParams,
) -> Result<EncryptedParts, CryptoError> {
    let tag_key = tag_key(family_key)?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, usize, usize)>();
    let receiver = std::sync::Mutex::new(receiver);
    let (results, document_hash) = std::thread::scope(|scope| {
        let hasher = scope.spawn(|| *blake3::hash(plaintext).as_bytes());
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (receiver, tag_key) = (&receiver, &*tag_key);
                scope.spawn(move || {
                    let mut done: Vec<(usize, Result<Encrypted, CryptoError>)> = Vec::new();
                    loop {
                        let next = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => break,
                        };
                        let Ok((index, offset, length)) = next else {
                            break;
                        };
                        let chunk = &plaintext[offset..offset + length];
                        done.push((index, encrypt_chunk_tagged(family_key, tag_key, chunk)));
                    }
                    done
                })
            })
            .collect();
        let mut sent = 0;
        for (index, (offset, length)) in chunk_boundaries(plaintext, params).into_iter().enumerate()
        {
            if sender.send((index, offset, length)).is_err() {
                break;
            }
            sent += 1;
        }
        drop(sender);
        let mut results: Vec<(usize, Result<Encrypted, CryptoError>)> = Vec::with_capacity(sent);
        for handle in handles {
            results.extend(
                handle
                    .join()
                    .map_err(|_| CryptoError::BadKey("an encryption worker failed"))?,
            );
        }
        let document_hash = hasher
            .join()
            .map_err(|_| CryptoError::BadKey("the document hashing worker failed"))?;
        if results.len() != sent {
            return Err(CryptoError::BadKey("a chunk was lost between workers"));
        }
        Ok::<_, CryptoError>((results, document_hash))
    })?;
    let mut results = results;
    results.sort_by_key(|(index, _)| *index);
    let mut entries = Vec::with_capacity(results.len());
    let mut chunks = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (_, result) in results {
        let (entry, bytes) = result?;
        if seen.insert(entry.id.clone()) {
            chunks.push(EncryptedChunk {
                id: entry.id.clone(),
                bytes,
            });
        }
        entries.push(entry);
    }
    Ok(EncryptedParts {
        entries,
        chunks,
        document_hash,
    })
}

/// Chunks, encrypts and signs a document revision.
pub fn encrypt_document(
    family_key: &SymmetricKey,
    uploader: &DeviceSecrets,
    meta: DocumentMeta,
    plaintext: &[u8],
    params: ChunkParams,
) -> Result<EncryptedDocument, CryptoError> {
    let EncryptedParts {
        entries,
        chunks,
        document_hash,
    } = encrypt_chunks(family_key, plaintext, params)?;
    let manifest = Manifest {
        meta,
        chunks: entries,
        total_size: plaintext.len() as u64,
        document_hash,
    };
    let json = serde_json_bytes(&manifest)?;
    let context = manifest_context(&manifest.meta.document_id, manifest.meta.revision);
    let mut sealed_manifest = seal(
        &manifest_key(family_key, &manifest.meta)?,
        MANIFEST_LABEL,
        &context,
        &json,
    )?;
    let signature = uploader.signing().sign_record(&manifest_statement(
        &manifest.meta.document_id,
        manifest.meta.revision,
        &sealed_manifest,
    ));
    sealed_manifest.extend_from_slice(&signature);
    Ok(EncryptedDocument {
        manifest,
        sealed_manifest,
        chunks,
    })
}

fn serde_json_bytes(manifest: &Manifest) -> Result<Vec<u8>, CryptoError> {
    // The manifest travels sealed; its JSON form is never what a signature covers.
    serde_json::to_vec(manifest).map_err(|_| CryptoError::BadKey("manifest encoding"))
}

/// Checks the uploader's signature, decrypts the manifest and checks that it is the
/// expected document and revision.
pub fn open_manifest(
    family_key: &SymmetricKey,
    uploader_signing_key: &[u8; 32],
    document_id: &str,
    revision: u64,
    sealed_manifest: &[u8],
) -> Result<Manifest, CryptoError> {
    let split = sealed_manifest
        .len()
        .checked_sub(64)
        .ok_or(CryptoError::DecryptFailed)?;
    let (ciphertext, signature) = sealed_manifest.split_at(split);
    verify_record(
        uploader_signing_key,
        &manifest_statement(document_id, revision, ciphertext),
        signature,
    )?;
    let meta = DocumentMeta {
        document_id: document_id.to_string(),
        revision,
        media_type: String::new(),
    };
    let json = open(
        &manifest_key(family_key, &meta)?,
        MANIFEST_LABEL,
        &manifest_context(document_id, revision),
        ciphertext,
    )?;
    let manifest: Manifest =
        serde_json::from_slice(&json).map_err(|_| CryptoError::DecryptFailed)?;
    if manifest.meta.document_id != document_id || manifest.meta.revision != revision {
        return Err(CryptoError::DecryptFailed);
    }
    Ok(manifest)
}

/// Reassembles and checks a document from its chunks; `fetch` returns a chunk's ciphertext
/// by name, or `None` when it is not here.
pub fn assemble_document(
    family_key: &SymmetricKey,
    manifest: &Manifest,
    mut fetch: impl FnMut(&str) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, CryptoError> {
    let mut plaintext = Vec::with_capacity(usize::try_from(manifest.total_size).unwrap_or(0));
    for (index, entry) in manifest.chunks.iter().enumerate() {
        let ciphertext = fetch(&entry.id).ok_or_else(|| CryptoError::ChunkMissing {
            index,
            id: entry.id.clone(),
        })?;
        plaintext.extend_from_slice(&decrypt_chunk(family_key, index, entry, &ciphertext)?);
    }
    if plaintext.len() as u64 != manifest.total_size
        || *blake3::hash(&plaintext).as_bytes() != manifest.document_hash
    {
        return Err(CryptoError::DocumentMismatch);
    }
    Ok(plaintext)
}
