//! What a device signs when it writes an annotation record: the record, the meeting, who
//! may read it and the hash of the sealed bytes. Readers check it against the author's
//! certified device, so the server cannot pass off one member's note as another's, move a
//! record to another meeting or widen who may read it.

use crate::Canonical;

/// The statement a device signs for one annotation record. `audience` is the record's
/// audience in its canonical JSON form (as sent), `sealed` the ciphertext.
pub fn annotation_statement(
    record_id: &str,
    meeting_id: &str,
    device_id: &str,
    audience: &str,
    sealed: &[u8],
) -> Canonical {
    Canonical::new("annotation-record/v1")
        .str(record_id)
        .str(meeting_id)
        .str(device_id)
        .str(audience)
        .bytes(&crate::sha256(sealed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_signature_binds_its_meeting_audience_and_bytes() {
        let device = crate::SigningSecret::generate().unwrap();
        let public = device.public_key();
        let signature = device.sign_record(&annotation_statement(
            "r",
            "m",
            "d",
            r#"{"kind":"private"}"#,
            b"x",
        ));
        let ok =
            |statement: Canonical| crate::verify_record(&public, &statement, &signature).is_ok();
        assert!(ok(annotation_statement(
            "r",
            "m",
            "d",
            r#"{"kind":"private"}"#,
            b"x"
        )));
        assert!(!ok(annotation_statement(
            "r",
            "m2",
            "d",
            r#"{"kind":"private"}"#,
            b"x"
        )));
        assert!(!ok(annotation_statement(
            "r",
            "m",
            "d",
            r#"{"kind":"meeting"}"#,
            b"x"
        )));
        assert!(!ok(annotation_statement(
            "r",
            "m",
            "d",
            r#"{"kind":"private"}"#,
            b"y"
        )));
        assert!(!ok(annotation_statement(
            "r2",
            "m",
            "d",
            r#"{"kind":"private"}"#,
            b"x"
        )));
    }
}
