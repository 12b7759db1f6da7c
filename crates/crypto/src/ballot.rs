//! What a voter's device signs to cast an open ballot, and what the server signs to
//! acknowledge it. Both bind the organisation, meeting, vote, device and choices, so a
//! signature cannot be replayed into another vote, meeting or choice.

use crate::Canonical;

/// Appends a list of choices with its length first, so `[1, 2]` and `[12]` never sign alike.
fn with_choices(mut canonical: Canonical, choices: &[u32]) -> Canonical {
    canonical = canonical.u64(choices.len() as u64);
    for choice in choices {
        canonical = canonical.u64(u64::from(*choice));
    }
    canonical
}

/// The statement a device signs to cast `choices` in `vote_id` of `meeting_id`.
pub fn ballot_statement(
    organisation: &str,
    meeting_id: &str,
    vote_id: &str,
    device_id: &str,
    choices: &[u32],
) -> Canonical {
    let statement = Canonical::new("open-ballot/v2")
        .str(organisation)
        .str(meeting_id)
        .str(vote_id)
        .str(device_id);
    with_choices(statement, choices)
}

/// The statement the server signs as a receipt: it recorded the ballot with this signature
/// at this time, as entry `audit_seq` of the meeting's audit chain.
pub fn receipt_statement(
    vote_id: &str,
    device_id: &str,
    choices: &[u32],
    ballot_signature: &[u8],
    received_at_ms: u64,
    audit_seq: u64,
) -> Canonical {
    let statement = Canonical::new("ballot-receipt/v2")
        .str(vote_id)
        .str(device_id);
    with_choices(statement, choices)
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
        let signature = device.sign_record(&ballot_statement("HĐND", "m", "v", "d", &[0]));
        let public = device.public_key();
        assert!(
            crate::verify_record(
                &public,
                &ballot_statement("HĐND", "m", "v", "d", &[0]),
                &signature
            )
            .is_ok()
        );
        for other in [
            ballot_statement("HĐND", "m", "v", "d", &[1]),
            ballot_statement("HĐND", "m", "v", "d", &[0, 1]),
            ballot_statement("HĐND", "m", "v", "d", &[]),
            ballot_statement("HĐND", "m", "v", "d", &[0, 0]),
            ballot_statement("HĐND", "m", "v2", "d", &[0]),
            ballot_statement("HĐND", "m2", "v", "d", &[0]),
            ballot_statement("HĐND", "m", "v", "d2", &[0]),
        ] {
            assert!(crate::verify_record(&public, &other, &signature).is_err());
        }
    }
}
