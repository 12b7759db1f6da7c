//! Server addresses with a pinned certificate. The provincial server's certificate is
//! self-signed, so a client trusts it by its SHA-256 fingerprint, which the administrator
//! hands out inside the address: `https://host:8443/#sha256=<64 hex digits>`. The
//! fingerprint travels with the address everywhere the address goes (profiles, the
//! command line), and every HTTPS or WebSocket connection checks it.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::SyncError;

/// A server address split into the URL to call and the pinned fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    /// `http://…` or `https://…`, without a trailing slash or fragment.
    pub base: String,
    /// SHA-256 of the server certificate, lower-case hex (always present for HTTPS).
    pub pin: Option<String>,
}

/// Reads `http://host:port` or `https://host:port/#sha256=HEX`. The fingerprint may be
/// written with colons and in either case, as people copy it from a printout.
pub fn parse_address(text: &str) -> Result<ServerAddress, SyncError> {
    let text = text.trim();
    let (url, fragment) = match text.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (text, None),
    };
    let base = url.trim_end_matches('/').to_string();
    let https = base.starts_with("https://");
    if !(https || base.starts_with("http://")) || base.len() <= "https://".len() {
        return Err(SyncError::BadUrl(format!(
            "{text}: a server address starts with https:// (or http:// on a test machine)"
        )));
    }
    let pin = match fragment {
        None => None,
        Some(fragment) => {
            let hex = fragment
                .strip_prefix("sha256=")
                .ok_or_else(|| SyncError::BadUrl(format!("{text}: expected #sha256=…")))?
                .replace(':', "")
                .to_ascii_lowercase();
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(SyncError::BadUrl(format!(
                    "{text}: the fingerprint has 64 hexadecimal digits"
                )));
            }
            Some(hex)
        }
    };
    if https && pin.is_none() {
        return Err(SyncError::BadUrl(format!(
            "{text}: an https address needs the server's fingerprint, as the administrator \
             gives it: https://…/#sha256=…"
        )));
    }
    Ok(ServerAddress { base, pin })
}

impl ServerAddress {
    /// The address as written, fingerprint included.
    pub fn to_text(&self) -> String {
        match &self.pin {
            Some(pin) => format!("{}/#sha256={pin}", self.base),
            None => self.base.clone(),
        }
    }
}

/// Accepts exactly the certificate with the pinned fingerprint (whatever name or address
/// it was reached by) and checks the handshake signatures with it.
#[derive(Debug)]
struct PinnedCertificate {
    pin: String,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if phonghop_crypto::sha256_hex(end_entity.as_ref()) == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, signature, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, signature, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A rustls client configuration (ring) that trusts only the pinned certificate.
pub fn pinned_config(pin: &str) -> Result<Arc<rustls::ClientConfig>, SyncError> {
    let provider: CryptoProvider = rustls::crypto::ring::default_provider();
    let verifier = PinnedCertificate {
        pin: pin.to_owned(),
        algorithms: provider.signature_verification_algorithms,
    };
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .map_err(|error| SyncError::BadUrl(error.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A rustls client configuration that trusts no certificate at all: for clients of a plain
/// `http://` address, which must never fall back to some other trust.
pub fn no_trust_config() -> Result<rustls::ClientConfig, SyncError> {
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|error| SyncError::BadUrl(error.to_string()))?
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIN: &str = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

    #[test]
    fn an_address_carries_its_fingerprint_however_it_is_written() {
        let written = format!(
            "https://hdnd.lamgiang.gov.vn:8443/#sha256={}",
            PIN.to_uppercase()
        );
        let address = parse_address(&written).unwrap();
        assert_eq!(address.base, "https://hdnd.lamgiang.gov.vn:8443");
        assert_eq!(address.pin.as_deref(), Some(PIN));
        let with_colons: String = PIN
            .as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(
            parse_address(&format!("https://10.0.0.5#sha256={with_colons}"))
                .unwrap()
                .pin
                .as_deref(),
            Some(PIN)
        );
        assert_eq!(parse_address(&address.to_text()).unwrap(), address);
        assert_eq!(parse_address("http://127.0.0.1:8080/").unwrap().pin, None);
    }

    #[test]
    fn https_without_a_fingerprint_or_with_a_short_one_is_refused() {
        assert!(matches!(
            parse_address("https://host"),
            Err(SyncError::BadUrl(_))
        ));
        assert!(matches!(
            parse_address("https://host/#sha256=abcd"),
            Err(SyncError::BadUrl(_))
        ));
        assert!(matches!(
            parse_address("ftp://host"),
            Err(SyncError::BadUrl(_))
        ));
        assert!(matches!(
            parse_address("https://"),
            Err(SyncError::BadUrl(_))
        ));
    }
}
