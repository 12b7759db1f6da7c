//! What a voter's device signs to cast an open ballot, and what the server signs to
//! acknowledge it. Both bind the organisation, meeting, vote, device and choice, so a
//! signature cannot be replayed into another vote, meeting or choice.

use crate::Canonical;

/// The statement a device signs to cast `choice` in `vote_id` of `meeting_id`.
pub fn ballot_statement(
    organisation: &str,
    meeting_id: &str,
    vote_id: &str,
    device_id: &str,
    choice: u32,
) -> Canonical {
    Canonical::new("open-ballot/v1")
        .str(organisation)
        .str(meeting_id)
        .str(vote_id)
        .str(device_id)
        .u64(u64::from(choice))
}

/// The statement the server signs as a receipt: it recorded the ballot with this signature
/// at this time, as entry `audit_seq` of the meeting's audit chain.
pub fn receipt_statement(
    vote_id: &str,
    device_id: &str,
    choice: u32,
    ballot_signature: &[u8],
    received_at_ms: u64,
    audit_seq: u64,
) -> Canonical {
    Canonical::new("ballot-receipt/v1")
        .str(vote_id)
        .str(device_id)
        .u64(u64::from(choice))
        .bytes(ballot_signature)
        .u64(received_at_ms)
        .u64(audit_seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ballot_signature_does_not_carry_over_to_another_choice_or_vote() {
        let device = crate::SigningSecret::generate().unwrap();
        let signature = device.sign_record(&ballot_statement("HĐND", "m", "v", "d", 0));
        let public = device.public_key();
        assert!(
            crate::verify_record(
                &public,
                &ballot_statement("HĐND", "m", "v", "d", 0),
                &signature
            )
            .is_ok()
        );
        for other in [
            ballot_statement("HĐND", "m", "v", "d", 1),
            ballot_statement("HĐND", "m", "v2", "d", 0),
            ballot_statement("HĐND", "m2", "v", "d", 0),
            ballot_statement("HĐND", "m", "v", "d2", 0),
        ] {
            assert!(crate::verify_record(&public, &other, &signature).is_err());
        }
    }
}
