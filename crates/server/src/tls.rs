//! The server's TLS identity. `init` makes a self-signed certificate (rcgen) whose SHA-256
//! fingerprint clients pin: the provincial network has no public CA, and a pinned
//! certificate is what a client checks instead. `serve` loads it into rustls (ring).

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::ApiError;

/// Certificate file, relative to the data directory.
pub const CERT_FILE: &str = "tls/cert.pem";
/// Private key file, relative to the data directory (mode 0600).
pub const KEY_FILE: &str = "tls/key.pem";

fn tls_error(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("tls.bad_certificate", message)
}

/// Writes a new self-signed certificate for `hosts` (names or IP addresses) under
/// `data_dir` and returns its fingerprint.
pub fn create_certificate(data_dir: &Path, hosts: &[String]) -> Result<String, ApiError> {
    let certified = rcgen::generate_simple_self_signed(hosts.to_vec())
        .map_err(|error| tls_error(format!("cannot make a certificate for {hosts:?}: {error}")))?;
    let cert_path = data_dir.join(CERT_FILE);
    let key_path = data_dir.join(KEY_FILE);
    if let Some(folder) = cert_path.parent() {
        std::fs::create_dir_all(folder).map_err(ApiError::io)?;
    }
    crate::write_private_file(&key_path, certified.signing_key.serialize_pem().as_bytes())
        .map_err(ApiError::io)?;
    std::fs::write(&cert_path, certified.cert.pem()).map_err(ApiError::io)?;
    Ok(fingerprint_of_der(certified.cert.der()))
}

/// SHA-256 of a certificate's DER bytes, lower-case hex: what clients pin.
pub fn fingerprint_of_der(der: &[u8]) -> String {
    phonghop_crypto::sha256_hex(der)
}

fn load_chain(cert_path: &Path) -> Result<Vec<CertificateDer<'static>>, ApiError> {
    let chain = CertificateDer::pem_file_iter(cert_path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|error| tls_error(format!("{}: {error}", cert_path.display())))?;
    if chain.is_empty() {
        return Err(tls_error(format!(
            "{} holds no certificate",
            cert_path.display()
        )));
    }
    Ok(chain)
}

/// The fingerprint of the first certificate in a PEM file.
pub fn fingerprint_of_file(cert_path: &Path) -> Result<String, ApiError> {
    let chain = load_chain(cert_path)?;
    Ok(fingerprint_of_der(&chain[0]))
}

/// A rustls server configuration (ring provider, TLS 1.2 and 1.3) for the certificate and
/// key files.
pub fn server_config(
    cert_path: &Path,
    key_path: &Path,
) -> Result<Arc<rustls::ServerConfig>, ApiError> {
    let chain = load_chain(cert_path)?;
    let key = PrivateKeyDer::from_pem_file(key_path)
        .map_err(|error| tls_error(format!("{}: {error}", key_path.display())))?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|error| tls_error(error.to_string()))?
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .map_err(|error| tls_error(format!("certificate and key do not match: {error}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The fingerprint as people compare it: upper-case hex in pairs separated by colons.
pub fn display_fingerprint(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_certificate_loads_and_its_fingerprint_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        let fingerprint =
            create_certificate(dir.path(), &["localhost".into(), "127.0.0.1".into()]).unwrap();
        assert_eq!(fingerprint.len(), 64);
        assert_eq!(
            fingerprint_of_file(&dir.path().join(CERT_FILE)).unwrap(),
            fingerprint
        );
        server_config(&dir.path().join(CERT_FILE), &dir.path().join(KEY_FILE)).unwrap();
        assert!(display_fingerprint(&fingerprint).starts_with(&fingerprint[..2].to_uppercase()));
    }

    #[test]
    fn a_damaged_certificate_is_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        create_certificate(dir.path(), &["localhost".into()]).unwrap();
        std::fs::write(dir.path().join(CERT_FILE), "not a certificate").unwrap();
        let error =
            server_config(&dir.path().join(CERT_FILE), &dir.path().join(KEY_FILE)).unwrap_err();
        assert_eq!(error.body.code, "tls.bad_certificate");
        assert!(
            error.body.message.contains("cert.pem"),
            "{}",
            error.body.message
        );
    }
}
