//! The organisation root and the certificates it gives devices.
//!
//! The root key is made at `init`, encrypted under the administrator's passphrase
//! (`phonghop_crypto::keystore`, Argon2id) in `root.key`, and is never held by the running
//! server: certificates are signed by the administrator's tool (`phonghop-server devices
//! approve`, or any tool holding the key) and the server only checks them against the root
//! public key before storing them. A client trusts a colleague's keys because the root
//! signed them, not because the server lists them.

use std::path::Path;

use phonghop_crypto::keystore::KeyStoreParams;
use phonghop_crypto::{DeviceCertificate, DeviceClaims, RootKey, TrustAnchor};
use phonghop_domain::wire::PendingDevice;

use crate::ApiError;
use crate::db::MetadataStore;

/// File in the data directory holding the passphrase-encrypted root key.
pub const ROOT_KEY_FILE: &str = "root.key";
/// How long a device certificate is valid.
pub const CERTIFICATE_SECS: u64 = 2 * 365 * 24 * 3600;

/// Makes a new root key, writes it encrypted under `passphrase` and returns it (for `init`
/// to certify the server key with before it is put away).
pub fn create_root(path: &Path, passphrase: &str) -> Result<RootKey, ApiError> {
    if passphrase.chars().count() < 8 {
        return Err(ApiError::bad_request(
            "admin.weak_passphrase",
            "the administrator passphrase needs at least 8 characters",
        ));
    }
    let root = RootKey::generate().map_err(ApiError::internal)?;
    let file = root
        .to_key_store(passphrase, KeyStoreParams::RECOMMENDED)
        .map_err(ApiError::internal)?;
    crate::write_private_file(path, &file).map_err(ApiError::io)?;
    Ok(root)
}

/// Opens the root key with the administrator's passphrase.
pub fn unlock_root(path: &Path, passphrase: &str) -> Result<RootKey, ApiError> {
    let file = std::fs::read(path).map_err(ApiError::io)?;
    RootKey::from_key_store(passphrase, &file).map_err(|error| {
        ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            error.code(),
            error.to_string(),
        )
    })
}

/// The claims a certificate for `device` states.
pub fn claims_for(
    device: &PendingDevice,
    valid_from: u64,
    valid_until: u64,
) -> Result<DeviceClaims, ApiError> {
    DeviceClaims::for_pending(device, valid_from, valid_until).map_err(ApiError::internal)
}

/// Checks a root signature for a pending device against the organisation's root key and
/// stores it. A signature that does not verify is refused and nothing changes.
pub fn store_certificate(
    db: &dyn MetadataStore,
    device_id: &str,
    valid_from: u64,
    valid_until: u64,
    signature_hex: &str,
) -> Result<(), ApiError> {
    let device = db.pending_device(device_id)?.ok_or_else(|| {
        ApiError::not_found(format!("no device {device_id} awaiting a certificate"))
    })?;
    let mut signature = [0u8; 64];
    hex::decode_to_slice(signature_hex, &mut signature).map_err(|_| {
        ApiError::bad_request(
            "certificate.bad_signature",
            "a signature is 64 bytes of hex",
        )
    })?;
    let certificate = DeviceCertificate {
        claims: claims_for(&device, valid_from, valid_until)?,
        signature,
    };
    let anchor = TrustAnchor::from_hex(&db.root_public_key()?).map_err(ApiError::internal)?;
    anchor
        .verify_certificate(&certificate, valid_from)
        .map_err(|_| {
            ApiError::bad_request(
                "certificate.bad_signature",
                "the organisation root did not sign this",
            )
        })?;
    db.set_certificate(device_id, valid_from, valid_until, signature_hex)
}

/// Signs and stores certificates for every pending device; returns what was certified.
pub fn approve_pending(
    db: &dyn MetadataStore,
    root: &RootKey,
    now: u64,
) -> Result<Vec<PendingDevice>, ApiError> {
    let pending = db.pending_devices()?;
    for device in &pending {
        let claims = claims_for(device, now.saturating_sub(300), now + CERTIFICATE_SECS)?;
        let (valid_from, valid_until) = (claims.valid_from, claims.valid_until);
        let certificate = root.issue(claims);
        store_certificate(
            db,
            &device.device_id,
            valid_from,
            valid_until,
            &hex::encode(certificate.signature),
        )?;
    }
    Ok(pending)
}
