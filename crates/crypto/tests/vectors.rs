//! Test vectors from fixed seeds, committed in `tests/vectors/v1.json`. They pin every
//! format this crate writes: a change that alters bytes on the wire or on disk fails here
//! and must be a deliberate, versioned change. Regenerate (after such a change) with
//! `PHONGHOP_UPDATE_VECTORS=1 cargo test -p phonghop-crypto --test vectors`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use phonghop_crypto::audit::{AuditChain, Checkpoint};
use phonghop_crypto::document::{ChunkParams, chunk_boundaries, encrypt_chunk};
use phonghop_crypto::keystore::{KeyStoreParams, open_key_store, seal_key_store_with};
use phonghop_crypto::{
    Canonical, DeviceClaims, DeviceSecrets, RootKey, SigningSecret, SymmetricKey, WrapContext,
    unwrap_key, wrap_key_with,
};
use serde_json::{Value, json};

fn xorshift(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

fn sender() -> DeviceSecrets {
    DeviceSecrets::from_seeds([2; 32], [3; 32]).unwrap()
}

fn recipient() -> DeviceSecrets {
    DeviceSecrets::from_seeds([5; 32], [6; 32]).unwrap()
}

const CONTEXT: WrapContext<'static> = WrapContext {
    purpose: "meeting-key",
    meeting_id: "m-1",
};

fn compute() -> BTreeMap<String, Value> {
    let mut v = BTreeMap::new();
    let record = Canonical::new("vector/v1")
        .str("Hội đồng")
        .u64(2026)
        .bytes(&[0, 1, 2])
        .bool(true);
    v.insert(
        "canonical".into(),
        json!(hex::encode(record.clone().finish())),
    );

    let signer = SigningSecret::from_seed([1; 32]).unwrap();
    v.insert(
        "signing.public".into(),
        json!(hex::encode(signer.public_key())),
    );
    v.insert(
        "signing.signature".into(),
        json!(hex::encode(signer.sign_record(&record))),
    );

    let keys = sender().public_keys();
    v.insert("device.signing".into(), json!(hex::encode(keys.signing)));
    v.insert("device.exchange".into(), json!(hex::encode(keys.exchange)));

    let root = RootKey::from_seed([4; 32]).unwrap();
    let certificate = root.issue(DeviceClaims {
        user_id: "u-1".into(),
        display_name: "Nguyễn Thị Thu Hà".into(),
        role: "secretary".into(),
        device_id: "d-1".into(),
        signing_key: keys.signing,
        exchange_key: keys.exchange,
        valid_from: 1_790_000_000,
        valid_until: 1_830_000_000,
    });
    v.insert(
        "root.public".into(),
        json!(hex::encode(root.trust_anchor().0)),
    );
    v.insert(
        "certificate".into(),
        serde_json::to_value(&certificate).unwrap(),
    );
    v.insert(
        "revocations".into(),
        serde_json::to_value(root.revoke(3, 1_800_000_000, vec!["d-9".into()])).unwrap(),
    );

    let envelope = wrap_key_with(
        &sender(),
        &recipient().public_keys().exchange,
        &SymmetricKey::from_bytes([7; 32]),
        &CONTEXT,
        [8; 32],
        [9; 12],
    )
    .unwrap();
    v.insert("envelope".into(), json!(hex::encode(envelope)));

    let store = seal_key_store_with(
        "mật khẩu",
        b"secret",
        KeyStoreParams::MINIMUM,
        [10; 16],
        [11; 12],
    )
    .unwrap();
    v.insert("keystore".into(), json!(hex::encode(store)));

    let family = SymmetricKey::from_bytes([12; 32]);
    let plaintext = xorshift(100_000, 1);
    let chunks: Vec<Value> = chunk_boundaries(&plaintext, ChunkParams::with_average(4096))
        .into_iter()
        .map(|(offset, length)| {
            let (entry, _) = encrypt_chunk(&family, &plaintext[offset..offset + length]).unwrap();
            json!({"offset": offset, "length": length, "id": entry.id, "content_tag": hex::encode(entry.content_tag)})
        })
        .collect();
    v.insert("chunks".into(), Value::Array(chunks));

    let mut chain = AuditChain::new();
    chain.append(1_000, "meeting.published", b"revision 1".to_vec());
    chain.append(2_000, "vote.opened", b"vote 1".to_vec());
    chain.append(3_000, "vote.closed", b"vote 1: 9/14".to_vec());
    let hashes: Vec<String> = chain
        .entries()
        .iter()
        .map(|e| hex::encode(e.hash()))
        .collect();
    v.insert("audit.hashes".into(), json!(hashes));
    let server = SigningSecret::from_seed([13; 32]).unwrap();
    v.insert(
        "audit.checkpoint".into(),
        serde_json::to_value(Checkpoint::sign(&server, "m-1", &chain)).unwrap(),
    );
    v
}

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/v1.json")
}

#[test]
fn formats_match_the_committed_vectors() {
    let computed = compute();
    if std::env::var_os("PHONGHOP_UPDATE_VECTORS").is_some() {
        std::fs::write(
            path(),
            serde_json::to_string_pretty(&computed).unwrap() + "\n",
        )
        .unwrap();
    }
    let committed: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(path()).unwrap()).unwrap();
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        computed.keys().collect::<Vec<_>>(),
        "vector names differ"
    );
    for (name, value) in &computed {
        assert_eq!(&committed[name], value, "vector {name} changed");
    }
}

#[test]
fn the_committed_vectors_open_with_their_keys() {
    let committed: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(path()).unwrap()).unwrap();
    let envelope = hex::decode(committed["envelope"].as_str().unwrap()).unwrap();
    let key = unwrap_key(
        &recipient(),
        &sender().public_keys().signing,
        &envelope,
        &CONTEXT,
    )
    .unwrap();
    assert_eq!(key.expose(), &[7; 32]);

    let store = hex::decode(committed["keystore"].as_str().unwrap()).unwrap();
    assert_eq!(
        open_key_store("mật khẩu", &store).unwrap().as_slice(),
        b"secret"
    );

    let certificate: phonghop_crypto::DeviceCertificate =
        serde_json::from_value(committed["certificate"].clone()).unwrap();
    let revocations: phonghop_crypto::RevocationList =
        serde_json::from_value(committed["revocations"].clone()).unwrap();
    let anchor = RootKey::from_seed([4; 32]).unwrap().trust_anchor();
    assert_eq!(
        anchor
            .verify_device(&certificate, 1_800_000_000, &revocations)
            .unwrap()
            .display_name,
        "Nguyễn Thị Thu Hà"
    );
}
