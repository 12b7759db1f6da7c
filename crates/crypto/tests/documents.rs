//! Chunked documents end to end: revisions share chunks, every check names what failed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::{HashMap, HashSet};

use phonghop_crypto::document::{
    ChunkParams, DocumentMeta, assemble_document, encrypt_document, open_manifest,
};
use phonghop_crypto::{CryptoError, DeviceSecrets, SymmetricKey};

fn pseudo_random(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

fn meta(revision: u64) -> DocumentMeta {
    DocumentMeta {
        document_id: "doc-1".into(),
        revision,
        media_type: "application/pdf".into(),
    }
}

#[test]
fn a_revision_reuses_every_unchanged_chunk_and_reassembles_exactly() {
    let key = SymmetricKey::generate().unwrap();
    let secretary = DeviceSecrets::generate().unwrap();
    let original = pseudo_random(2 * 1024 * 1024, 42);
    let mut revised = original.clone();
    revised.splice(1_000_000..1_000_010, "Sửa đổi lần 2".bytes());

    let first =
        encrypt_document(&key, &secretary, meta(1), &original, ChunkParams::DEFAULT).unwrap();
    let second =
        encrypt_document(&key, &secretary, meta(2), &revised, ChunkParams::DEFAULT).unwrap();
    let known: HashSet<_> = first.chunks.iter().map(|c| c.id.clone()).collect();
    let new_bytes: usize = second
        .chunks
        .iter()
        .filter(|c| !known.contains(&c.id))
        .map(|c| c.bytes.len())
        .sum();
    assert!(new_bytes > 0);
    assert!(
        new_bytes < original.len() / 10,
        "a small edit re-sent {new_bytes} bytes"
    );

    let store: HashMap<_, _> = first
        .chunks
        .iter()
        .chain(second.chunks.iter())
        .map(|c| (c.id.clone(), c.bytes.clone()))
        .collect();
    let signer = secretary.public_keys().signing;
    let manifest = open_manifest(&key, &signer, "doc-1", 2, &second.sealed_manifest).unwrap();
    let back = assemble_document(&key, &manifest, |id| store.get(id).cloned()).unwrap();
    assert_eq!(back, revised);
}

#[test]
fn a_bad_chunk_a_missing_chunk_and_a_wrong_manifest_are_each_named() {
    let key = SymmetricKey::generate().unwrap();
    let secretary = DeviceSecrets::generate().unwrap();
    let signer = secretary.public_keys().signing;
    let plaintext = pseudo_random(300_000, 7);
    let document =
        encrypt_document(&key, &secretary, meta(1), &plaintext, ChunkParams::DEFAULT).unwrap();
    let manifest = open_manifest(&key, &signer, "doc-1", 1, &document.sealed_manifest).unwrap();
    let mut store: HashMap<_, _> = document
        .chunks
        .iter()
        .map(|c| (c.id.clone(), c.bytes.clone()))
        .collect();

    let third = manifest.chunks[2].id.clone();
    store.get_mut(&third).unwrap()[5] ^= 1;
    match assemble_document(&key, &manifest, |id| store.get(id).cloned()) {
        Err(CryptoError::ChunkMismatch { index, id }) => {
            assert_eq!(index, 2);
            assert_eq!(id, third);
        }
        other => panic!("expected a chunk mismatch, got {other:?}"),
    }
    store.remove(&third);
    assert!(matches!(
        assemble_document(&key, &manifest, |id| store.get(id).cloned()),
        Err(CryptoError::ChunkMissing { index: 2, .. })
    ));

    // The manifest of revision 1 is not accepted as revision 2 or as another document,
    // nor as signed by another device, nor under another key.
    let other_device = DeviceSecrets::generate().unwrap().public_keys().signing;
    assert!(open_manifest(&key, &signer, "doc-1", 2, &document.sealed_manifest).is_err());
    assert!(open_manifest(&key, &signer, "doc-2", 1, &document.sealed_manifest).is_err());
    assert_eq!(
        open_manifest(&key, &other_device, "doc-1", 1, &document.sealed_manifest).unwrap_err(),
        CryptoError::BadSignature
    );
    let other_key = SymmetricKey::generate().unwrap();
    assert!(open_manifest(&other_key, &signer, "doc-1", 1, &document.sealed_manifest).is_err());
}

#[test]
fn the_same_content_in_another_family_shares_nothing() {
    let secretary = DeviceSecrets::generate().unwrap();
    let plaintext = pseudo_random(200_000, 9);
    let a = encrypt_document(
        &SymmetricKey::generate().unwrap(),
        &secretary,
        meta(1),
        &plaintext,
        ChunkParams::DEFAULT,
    )
    .unwrap();
    let b = encrypt_document(
        &SymmetricKey::generate().unwrap(),
        &secretary,
        meta(1),
        &plaintext,
        ChunkParams::DEFAULT,
    )
    .unwrap();
    let a_ids: HashSet<_> = a.chunks.iter().map(|c| &c.id).collect();
    assert!(b.chunks.iter().all(|c| !a_ids.contains(&c.id)));
}

#[test]
fn an_empty_document_round_trips() {
    let key = SymmetricKey::generate().unwrap();
    let secretary = DeviceSecrets::generate().unwrap();
    let document = encrypt_document(&key, &secretary, meta(1), b"", ChunkParams::DEFAULT).unwrap();
    let manifest = open_manifest(
        &key,
        &secretary.public_keys().signing,
        "doc-1",
        1,
        &document.sealed_manifest,
    )
    .unwrap();
    assert!(manifest.chunks.is_empty());
    assert_eq!(assemble_document(&key, &manifest, |_| None).unwrap(), b"");
}
