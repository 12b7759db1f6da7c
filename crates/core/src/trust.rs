//! Trusting colleagues' keys through the organisation root, never because the server
//! lists them: every directory entry is checked against the root key this profile pinned
//! when it enrolled.

use phonghop_crypto::{DeviceClaims, DevicePublicKeys, RootKey, TrustAnchor};
use phonghop_domain::wire::{CertifyDevice, DirectoryEntry, PendingDevice};

use crate::CoreError;

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch.
pub(crate) fn unix_now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// The root key a profile pinned, from its hex form.
pub fn anchor_from_hex(text: &str) -> Result<TrustAnchor, CoreError> {
    Ok(TrustAnchor::from_hex(text)?)
}

/// Checks a directory entry's certificate against `anchor` at `now`; returns the device's
/// certified keys.
pub fn verify_entry(
    anchor: &TrustAnchor,
    entry: &DirectoryEntry,
    now: u64,
) -> Result<DevicePublicKeys, CoreError> {
    let certificate = DeviceClaims::certificate_of(entry)?;
    Ok(anchor.verify_certificate(&certificate, now)?.public_keys())
}

/// Signs a certificate for a pending device with the root key (the administrator's tool).
pub fn certify(
    root: &RootKey,
    device: &PendingDevice,
    valid_from: u64,
    valid_until: u64,
) -> Result<CertifyDevice, CoreError> {
    let certificate = root.issue(DeviceClaims::for_pending(device, valid_from, valid_until)?);
    Ok(CertifyDevice {
        valid_from,
        valid_until,
        signature: hex::encode(certificate.signature),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_crypto::DeviceSecrets;
    use phonghop_domain::Role;

    fn pending(device: &DeviceSecrets) -> PendingDevice {
        let keys = device.public_keys();
        PendingDevice {
            device_id: "d1".into(),
            user_id: "u1".into(),
            display_name: "Đặng Văn Tuấn".into(),
            role: Role::Member,
            signing_public_key: hex::encode(keys.signing),
            exchange_public_key: hex::encode(keys.exchange),
        }
    }

    fn entry(device: &PendingDevice, certified: &CertifyDevice) -> DirectoryEntry {
        DirectoryEntry {
            user_id: device.user_id.clone(),
            display_name: device.display_name.clone(),
            title: "Đại biểu".into(),
            role: device.role,
            device_id: device.device_id.clone(),
            signing_public_key: device.signing_public_key.clone(),
            exchange_public_key: device.exchange_public_key.clone(),
            valid_from: certified.valid_from,
            valid_until: certified.valid_until,
            certificate_signature: certified.signature.clone(),
        }
    }

    #[test]
    fn a_certified_entry_verifies_and_any_swapped_claim_does_not() {
        let root = RootKey::generate().unwrap();
        let anchor = root.trust_anchor();
        let device = DeviceSecrets::generate().unwrap();
        let pending = pending(&device);
        let certified = certify(&root, &pending, 100, 10_000).unwrap();
        let good = entry(&pending, &certified);
        assert_eq!(
            verify_entry(&anchor, &good, 500).unwrap(),
            device.public_keys()
        );

        let mut swapped_key = good.clone();
        swapped_key.exchange_public_key =
            hex::encode(DeviceSecrets::generate().unwrap().public_keys().exchange);
        assert_eq!(
            verify_entry(&anchor, &swapped_key, 500).unwrap_err().code(),
            "crypto.bad_certificate"
        );
        let mut promoted = good.clone();
        promoted.role = Role::Secretary;
        assert!(verify_entry(&anchor, &promoted, 500).is_err());
        assert!(verify_entry(&anchor, &good, 20_000).is_err(), "expired");
        let other_root = RootKey::generate().unwrap().trust_anchor();
        assert!(verify_entry(&other_root, &good, 500).is_err());
    }
}
