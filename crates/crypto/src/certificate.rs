//! The organisation root and the certificates it issues. A client trusts a colleague's
//! device keys because the root signed them — not because the server said so — and stops
//! trusting them when a root-signed revocation list names the device.

use phonghop_domain::wire::{DirectoryEntry, PendingDevice};
use serde::{Deserialize, Serialize};

use crate::{Canonical, CryptoError, DevicePublicKeys, SigningSecret, verify_record};

const CERTIFICATE_LABEL: &str = "device-certificate/v1";
const REVOCATION_LABEL: &str = "revocation-list/v1";

/// What the root certifies about a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceClaims {
    /// The person's identifier.
    pub user_id: String,
    /// The person's name as shown to colleagues.
    pub display_name: String,
    /// The person's role ("secretary", "member", …).
    pub role: String,
    /// The device's identifier.
    pub device_id: String,
    /// Ed25519 verification key.
    #[serde(with = "crate::hexser")]
    pub signing_key: [u8; 32],
    /// X25519 key for receiving wrapped keys.
    #[serde(with = "crate::hexser")]
    pub exchange_key: [u8; 32],
    /// Start of validity, Unix seconds.
    pub valid_from: u64,
    /// End of validity, Unix seconds (exclusive).
    pub valid_until: u64,
}

fn key_from_hex(text: &str) -> Result<[u8; 32], CryptoError> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text, &mut key).map_err(|_| CryptoError::BadKey("public key hex"))?;
    Ok(key)
}

impl DeviceClaims {
    /// The claims to certify for a device awaiting its certificate.
    pub fn for_pending(
        device: &PendingDevice,
        valid_from: u64,
        valid_until: u64,
    ) -> Result<Self, CryptoError> {
        Ok(Self {
            user_id: device.user_id.clone(),
            display_name: device.display_name.clone(),
            role: device.role.as_str().to_string(),
            device_id: device.device_id.clone(),
            signing_key: key_from_hex(&device.signing_public_key)?,
            exchange_key: key_from_hex(&device.exchange_public_key)?,
            valid_from,
            valid_until,
        })
    }

    /// The certificate a directory entry carries, to check against the root.
    pub fn certificate_of(entry: &DirectoryEntry) -> Result<DeviceCertificate, CryptoError> {
        let mut signature = [0u8; 64];
        hex::decode_to_slice(&entry.certificate_signature, &mut signature)
            .map_err(|_| CryptoError::BadCertificate("signature"))?;
        Ok(DeviceCertificate {
            claims: Self {
                user_id: entry.user_id.clone(),
                display_name: entry.display_name.clone(),
                role: entry.role.as_str().to_string(),
                device_id: entry.device_id.clone(),
                signing_key: key_from_hex(&entry.signing_public_key)?,
                exchange_key: key_from_hex(&entry.exchange_public_key)?,
                valid_from: entry.valid_from,
                valid_until: entry.valid_until,
            },
            signature,
        })
    }

    fn canonical(&self) -> Canonical {
        Canonical::new(CERTIFICATE_LABEL)
            .str(&self.user_id)
            .str(&self.display_name)
            .str(&self.role)
            .str(&self.device_id)
            .bytes(&self.signing_key)
            .bytes(&self.exchange_key)
            .u64(self.valid_from)
            .u64(self.valid_until)
    }

    /// The device's public keys.
    pub fn public_keys(&self) -> DevicePublicKeys {
        DevicePublicKeys {
            signing: self.signing_key,
            exchange: self.exchange_key,
        }
    }
}

/// Claims signed by the organisation root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCertificate {
    /// What is certified.
    #[serde(flatten)]
    pub claims: DeviceClaims,
    /// The root's Ed25519 signature over the canonical claims.
    #[serde(with = "crate::hexser")]
    pub signature: [u8; 64],
}

/// Devices the root no longer vouches for. A newer `sequence` replaces an older list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationList {
    /// Increases with each list the root issues.
    pub sequence: u64,
    /// When it was issued, Unix seconds.
    pub issued_at: u64,
    /// Revoked device identifiers.
    pub revoked_device_ids: Vec<String>,
    /// The root's signature.
    #[serde(with = "crate::hexser")]
    pub signature: [u8; 64],
}

impl RevocationList {
    fn canonical_parts(sequence: u64, issued_at: u64, revoked: &[String]) -> Canonical {
        let mut record = Canonical::new(REVOCATION_LABEL)
            .u64(sequence)
            .u64(issued_at)
            .u64(revoked.len() as u64);
        for device_id in revoked {
            record = record.str(device_id);
        }
        record
    }

    fn canonical(&self) -> Canonical {
        Self::canonical_parts(self.sequence, self.issued_at, &self.revoked_device_ids)
    }
}

/// The organisation's root signing key (held by the administrator, protected by the key
/// store).
#[derive(Debug)]
pub struct RootKey {
    secret: SigningSecret,
}

impl RootKey {
    /// A new root key.
    pub fn generate() -> Result<Self, CryptoError> {
        Ok(Self {
            secret: SigningSecret::generate()?,
        })
    }

    /// The root key for a given seed (key store and test vectors).
    pub fn from_seed(seed: [u8; 32]) -> Result<Self, CryptoError> {
        Ok(Self {
            secret: SigningSecret::from_seed(seed)?,
        })
    }

    /// The seed, to be written only into an encrypted key store.
    pub fn to_key_file_bytes(&self) -> zeroize::Zeroizing<Vec<u8>> {
        zeroize::Zeroizing::new(self.secret.seed().to_vec())
    }

    /// Parses what [`RootKey::to_key_file_bytes`] wrote.
    pub fn from_key_file_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| CryptoError::BadKey("root key length"))?;
        Self::from_seed(seed)
    }

    /// The root key as a key-store file encrypted under the administrator's passphrase.
    pub fn to_key_store(
        &self,
        passphrase: &str,
        params: crate::keystore::KeyStoreParams,
    ) -> Result<Vec<u8>, CryptoError> {
        crate::keystore::seal_key_store(passphrase, &self.to_key_file_bytes(), params)
    }

    /// Opens a key-store file written by [`RootKey::to_key_store`].
    pub fn from_key_store(passphrase: &str, file: &[u8]) -> Result<Self, CryptoError> {
        Self::from_key_file_bytes(&crate::keystore::open_key_store(passphrase, file)?)
    }

    /// The public key every client pins as its trust anchor.
    pub fn trust_anchor(&self) -> TrustAnchor {
        TrustAnchor(self.secret.public_key())
    }

    /// Signs a device certificate.
    pub fn issue(&self, claims: DeviceClaims) -> DeviceCertificate {
        let signature = self.secret.sign_record(&claims.canonical());
        DeviceCertificate { claims, signature }
    }

    /// Certifies the server's checkpoint-signing key, so clients trust the server's signed
    /// audit checkpoints because the root vouched for the key, not because the server said so.
    pub fn certify_server_key(&self, organisation: &str, server_key: &[u8; 32]) -> [u8; 64] {
        self.secret
            .sign_record(&server_key_statement(organisation, server_key))
    }

    /// Signs a revocation list.
    pub fn revoke(
        &self,
        sequence: u64,
        issued_at: u64,
        revoked_device_ids: Vec<String>,
    ) -> RevocationList {
        let signature = self.secret.sign_record(&RevocationList::canonical_parts(
            sequence,
            issued_at,
            &revoked_device_ids,
        ));
        RevocationList {
            sequence,
            issued_at,
            revoked_device_ids,
            signature,
        }
    }
}

/// What the root signs to certify the server's checkpoint key.
fn server_key_statement(organisation: &str, server_key: &[u8; 32]) -> crate::Canonical {
    crate::Canonical::new("server-key/v1")
        .str(organisation)
        .bytes(server_key)
}

/// The organisation root's public key, pinned by every client at enrollment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustAnchor(#[serde(with = "crate::hexser")] pub [u8; 32]);

impl TrustAnchor {
    /// Parses the hex form the server and profiles carry.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        Ok(Self(key_from_hex(text)?))
    }

    /// Checks the root's certificate on the server's checkpoint-signing key.
    pub fn verify_server_key(
        &self,
        organisation: &str,
        server_key: &[u8; 32],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        verify_record(
            &self.0,
            &server_key_statement(organisation, server_key),
            signature,
        )
        .map_err(|_| CryptoError::BadCertificate("server key"))
    }

    /// Checks a revocation list's signature.
    pub fn verify_revocations(&self, list: &RevocationList) -> Result<(), CryptoError> {
        verify_record(&self.0, &list.canonical(), &list.signature)
    }

    /// Checks that the root signed `certificate` and that it is valid at `now`. Returns the
    /// certified claims. Use [`TrustAnchor::verify_device`] where a revocation list is held.
    pub fn verify_certificate<'a>(
        &self,
        certificate: &'a DeviceCertificate,
        now: u64,
    ) -> Result<&'a DeviceClaims, CryptoError> {
        verify_record(
            &self.0,
            &certificate.claims.canonical(),
            &certificate.signature,
        )
        .map_err(|_| CryptoError::BadCertificate("signature"))?;
        let claims = &certificate.claims;
        if now < claims.valid_from {
            return Err(CryptoError::BadCertificate("not yet valid"));
        }
        if now >= claims.valid_until {
            return Err(CryptoError::BadCertificate("expired"));
        }
        Ok(claims)
    }

    /// [`TrustAnchor::verify_certificate`], and also that the (root-signed) `revocations`
    /// do not name the device.
    pub fn verify_device<'a>(
        &self,
        certificate: &'a DeviceCertificate,
        now: u64,
        revocations: &RevocationList,
    ) -> Result<&'a DeviceClaims, CryptoError> {
        let claims = self.verify_certificate(certificate, now)?;
        self.verify_revocations(revocations)
            .map_err(|_| CryptoError::BadCertificate("revocation list signature"))?;
        if revocations.revoked_device_ids.contains(&claims.device_id) {
            return Err(CryptoError::BadCertificate("revoked"));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeviceSecrets;

    fn claims(device: &DeviceSecrets) -> DeviceClaims {
        let keys = device.public_keys();
        DeviceClaims {
            user_id: "u-1".into(),
            display_name: "Lê Văn Bình".into(),
            role: "member".into(),
            device_id: "d-1".into(),
            signing_key: keys.signing,
            exchange_key: keys.exchange,
            valid_from: 1_000,
            valid_until: 2_000,
        }
    }

    #[test]
    fn a_certificate_holds_only_under_its_root_in_its_period_and_until_revoked() {
        let root = RootKey::generate().unwrap();
        let anchor = root.trust_anchor();
        let device = DeviceSecrets::generate().unwrap();
        let certificate = root.issue(claims(&device));
        let none = root.revoke(1, 1_000, vec![]);

        assert_eq!(
            anchor
                .verify_device(&certificate, 1_500, &none)
                .unwrap()
                .display_name,
            "Lê Văn Bình"
        );
        assert_eq!(
            anchor.verify_device(&certificate, 999, &none).unwrap_err(),
            CryptoError::BadCertificate("not yet valid")
        );
        assert_eq!(
            anchor
                .verify_device(&certificate, 2_000, &none)
                .unwrap_err(),
            CryptoError::BadCertificate("expired")
        );
        let revoked = root.revoke(2, 1_600, vec!["d-1".into()]);
        assert_eq!(
            anchor
                .verify_device(&certificate, 1_700, &revoked)
                .unwrap_err(),
            CryptoError::BadCertificate("revoked")
        );

        let mut forged = certificate.clone();
        forged.claims.role = "chair".into();
        assert_eq!(
            anchor.verify_device(&forged, 1_500, &none).unwrap_err(),
            CryptoError::BadCertificate("signature")
        );
        let other_root = RootKey::generate().unwrap().trust_anchor();
        assert!(
            other_root
                .verify_device(&certificate, 1_500, &none)
                .is_err()
        );

        let mut shortened = revoked.clone();
        shortened.revoked_device_ids.clear();
        assert_eq!(
            anchor.verify_revocations(&shortened),
            Err(CryptoError::BadSignature)
        );
    }

    #[test]
    fn certificates_travel_as_json_and_still_verify() {
        let root = RootKey::generate().unwrap();
        let certificate = root.issue(claims(&DeviceSecrets::generate().unwrap()));
        let json = serde_json::to_string(&certificate).unwrap();
        let back: DeviceCertificate = serde_json::from_str(&json).unwrap();
        let none = root.revoke(1, 0, vec![]);
        assert!(
            root.trust_anchor()
                .verify_device(&back, 1_500, &none)
                .is_ok()
        );
    }
}
