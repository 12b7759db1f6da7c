//! Errors of the secret ballot, each with a stable code the interface and the verifier print.

/// Why a ballot, key, share or tally operation was refused. The codes are stable: the server
/// answers with them and the app translates them into Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    /// The voter's choices do not fit the vote (out of range, repeated, too many, not one).
    #[error("the choices do not fit this vote: {0}")]
    BadChoice(&'static str),
    /// A zero-knowledge proof does not verify: the ballot, partial decryption or sum is not
    /// what it claims, or was made for another vote, key or voter.
    #[error("a proof does not verify: {0}")]
    BadProof(String),
    /// A ballot, tally or partial decryption has the wrong number of parts for this vote.
    #[error("the ballot or tally has the wrong shape for this vote: {0}")]
    WrongShape(&'static str),
    /// A committee member's key share does not match the published election key.
    #[error("the key share does not match the election key")]
    BadShare,
    /// Fewer distinct valid partial decryptions than the threshold.
    #[error("{have} committee members decrypted, {need} are needed to open the tally")]
    TooFewShares {
        /// Distinct valid partial decryptions given.
        have: u32,
        /// The threshold k.
        need: u32,
    },
    /// The threshold and number of committee members are not a valid k-of-n.
    #[error("invalid committee: {0}")]
    BadCommittee(&'static str),
    /// The vote's description cannot be a secret vote (no options, a bad maximum, …).
    #[error("invalid secret vote: {0}")]
    BadContext(&'static str),
    /// A decrypted count is larger than the bound given (more than the number of voters).
    #[error("a count is not between 0 and {max}")]
    CountOutOfRange {
        /// The bound given to the search.
        max: u32,
    },
}

impl BallotError {
    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            BallotError::BadChoice(_) => "ballot.bad_choice",
            BallotError::BadProof(_) => "ballot.bad_proof",
            BallotError::WrongShape(_) => "ballot.wrong_shape",
            BallotError::BadShare => "ballot.bad_share",
            BallotError::TooFewShares { .. } => "ballot.too_few_shares",
            BallotError::BadCommittee(_) => "ballot.bad_committee",
            BallotError::BadContext(_) => "ballot.bad_context",
            BallotError::CountOutOfRange { .. } => "ballot.count_out_of_range",
        }
    }
}

/// Why a published vote record does not verify: a stable `code` naming the failure (e.g.
/// `record.bad_ballot_proof`) and a `detail` naming where (e.g. the ballot's position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct RecordError {
    /// Stable name of the failure, printed by `phonghop-cli verify`.
    pub code: &'static str,
    /// Which ballot, partial or field failed, and why.
    pub detail: String,
}

impl RecordError {
    pub(crate) fn new(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
        }
    }
}
