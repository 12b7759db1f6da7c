//! Property tests: round trips hold for any input, and any single flipped byte in a
//! ciphertext, manifest, envelope, signature, key store or chain entry is rejected.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_crypto::audit::{AuditChain, Checkpoint, verify_chain};
use phonghop_crypto::document::{
    ChunkParams, DocumentMeta, assemble_document, encrypt_document, open_manifest,
};
use phonghop_crypto::keystore::{KeyStoreParams, open_key_store, seal_key_store};
use phonghop_crypto::{
    Canonical, DeviceSecrets, SigningSecret, SymmetricKey, WrapContext, open, seal, unwrap_key,
    verify_record, wrap_key,
};
use proptest::prelude::*;
use proptest::sample::Index;

fn flip(bytes: &mut [u8], index: Index, bit: u8) {
    let at = index.index(bytes.len());
    bytes[at] ^= 1 << (bit % 8);
}

const SMALL_CHUNKS: ChunkParams = ChunkParams::with_average(1024);

fn meta() -> DocumentMeta {
    DocumentMeta {
        document_id: "d".into(),
        revision: 1,
        media_type: "application/pdf".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sealed_records_round_trip_and_reject_any_flip(
        plaintext in prop::collection::vec(any::<u8>(), 0..2048),
        context in prop::collection::vec(any::<u8>(), 0..64),
        index in any::<Index>(),
        bit in 0u8..8,
    ) {
        let key = SymmetricKey::generate().unwrap();
        let sealed = seal(&key, "test/v1", &context, &plaintext).unwrap();
        prop_assert_eq!(open(&key, "test/v1", &context, &sealed).unwrap(), plaintext);
        let mut damaged = sealed.clone();
        flip(&mut damaged, index, bit);
        prop_assert!(open(&key, "test/v1", &context, &damaged).is_err());
    }

    #[test]
    fn envelopes_round_trip_and_reject_any_flip(meeting in "[a-z0-9-]{1,40}", index in any::<Index>(), bit in 0u8..8) {
        let sender = DeviceSecrets::generate().unwrap();
        let recipient = DeviceSecrets::generate().unwrap();
        let key = SymmetricKey::generate().unwrap();
        let context = WrapContext { purpose: "meeting-key", meeting_id: &meeting };
        let from = sender.public_keys().signing;
        let envelope = wrap_key(&sender, &recipient.public_keys().exchange, &key, &context).unwrap();
        let opened = unwrap_key(&recipient, &from, &envelope, &context).unwrap();
        prop_assert_eq!(opened.expose(), key.expose());
        let mut damaged = envelope.clone();
        flip(&mut damaged, index, bit);
        prop_assert!(unwrap_key(&recipient, &from, &damaged, &context).is_err());
    }

    #[test]
    fn signatures_reject_any_flip_in_record_or_signature(
        text in ".{0,80}",
        number in any::<u64>(),
        index in any::<Index>(),
        bit in 0u8..8,
    ) {
        let key = SigningSecret::generate().unwrap();
        let record = Canonical::new("ballot/v1").str(&text).u64(number);
        let signature = key.sign_record(&record);
        prop_assert!(verify_record(&key.public_key(), &record, &signature).is_ok());
        let mut bad_signature = signature;
        flip(&mut bad_signature, index, bit);
        prop_assert!(verify_record(&key.public_key(), &record, &bad_signature).is_err());
        let mut bytes = record.clone().finish();
        flip(&mut bytes, index, bit);
        prop_assert!(!phonghop_crypto::verify_signature(&key.public_key(), &bytes, &signature));
    }

    #[test]
    fn documents_round_trip_and_reject_a_flip_in_manifest_or_chunk(
        plaintext in prop::collection::vec(any::<u8>(), 0..20_000),
        index in any::<Index>(),
        bit in 0u8..8,
    ) {
        let key = SymmetricKey::generate().unwrap();
        let uploader = DeviceSecrets::generate().unwrap();
        let signer = uploader.public_keys().signing;
        let document = encrypt_document(&key, &uploader, meta(), &plaintext, SMALL_CHUNKS).unwrap();
        let manifest = open_manifest(&key, &signer, "d", 1, &document.sealed_manifest).unwrap();
        let chunks: std::collections::HashMap<_, _> =
            document.chunks.iter().map(|c| (c.id.clone(), c.bytes.clone())).collect();
        prop_assert_eq!(&assemble_document(&key, &manifest, |id| chunks.get(id).cloned()).unwrap(), &plaintext);

        let mut damaged_manifest = document.sealed_manifest.clone();
        flip(&mut damaged_manifest, index, bit);
        prop_assert!(open_manifest(&key, &signer, "d", 1, &damaged_manifest).is_err());

        if let Some(first) = document.chunks.first() {
            let mut damaged = chunks.clone();
            let bytes = damaged.get_mut(&first.id).unwrap();
            flip(bytes, index, bit);
            prop_assert!(assemble_document(&key, &manifest, |id| damaged.get(id).cloned()).is_err());
        }
    }

    #[test]
    fn chain_entries_reject_any_flip(
        payloads in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..8),
        entry in any::<Index>(),
        index in any::<Index>(),
        bit in 0u8..8,
    ) {
        let server = SigningSecret::generate().unwrap();
        let mut chain = AuditChain::new();
        for (i, payload) in payloads.iter().enumerate() {
            chain.append(i as u64, "meeting.changed", payload.clone());
        }
        let checkpoint = Checkpoint::sign(&server, "m", &chain);
        prop_assert!(checkpoint.verify(&server.public_key(), chain.entries()).is_ok());

        let mut entries = chain.entries().to_vec();
        let target = entry.index(entries.len());
        // Flip a byte of the entry's hashed content: payload (if any) or its back-link.
        if entries[target].payload.is_empty() {
            flip(&mut entries[target].prev_hash, index, bit);
        } else {
            flip(&mut entries[target].payload, index, bit);
        }
        let caught = verify_chain(&entries).is_err() || checkpoint.verify(&server.public_key(), &entries).is_err();
        prop_assert!(caught);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn key_stores_round_trip_and_reject_any_flip(
        secret in prop::collection::vec(any::<u8>(), 1..100),
        index in any::<Index>(),
        bit in 0u8..8,
    ) {
        let file = seal_key_store("cụm mật khẩu", &secret, KeyStoreParams::MINIMUM).unwrap();
        prop_assert_eq!(open_key_store("cụm mật khẩu", &file).unwrap().to_vec(), secret);
        let mut damaged = file.clone();
        flip(&mut damaged, index, bit);
        prop_assert!(open_key_store("cụm mật khẩu", &damaged).is_err());
    }
}
