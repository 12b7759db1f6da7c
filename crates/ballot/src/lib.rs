//! Secret ballots (bỏ phiếu kín) that anyone can verify (issue 9; DESIGN.md invariants 1
//! and 4). The server stores and adds up encrypted ballots but can read none; the counting
//! committee (Ban kiểm phiếu) opens only the sum, and only when k of its n members agree;
//! anyone holding the published [`VoteRecord`] recomputes the result with no secret.
//!
//! # Constructions
//!
//! - **Ballots**: exponential ElGamal over Ristretto255. Per option an encryption of 0 or 1
//!   with a disjunctive Chaum–Pedersen (CDS) proof, and per question a proof that the
//!   options chosen add up to an allowed number: exactly 1 ([`SecretKind::OneOf`], and per
//!   person for [`SecretKind::Ratings`]) or 0..=max ([`SecretKind::UpTo`]). An encrypted 2,
//!   a −1, or two choices in a one-of vote cannot be proven.
//! - **Fiat–Shamir**: every proof's merlin transcript first absorbs the whole statement —
//!   organisation, meeting, vote, kind and number of options, the labels' hash, the whole
//!   election key, and the voter's device key (or the committee member's index) — then its
//!   own ciphertext, position and commitments. A proof lifted from another vote, key or voter
//!   does not verify: the weak Fiat–Shamir flaw that broke Helios cannot happen.
//! - **Signatures and copies**: each [`SignedBallot`] is signed by the device's Ed25519 key
//!   (phonghop-crypto) over [`ballot_statement`], so the server cannot add or alter ballots;
//!   a copy of another ballot's ciphertext is refused by [`ciphertext_fingerprints`], and a
//!   copied proof fails under the copier's own device key.
//! - **Tally**: the server adds ciphertexts ([`tally`]); each member publishes a partial
//!   decryption with Chaum–Pedersen proofs ([`partial_decrypt`]); any k combine
//!   ([`combine`]); a small table turns m·G back into the count m.
//!
//! # Library: own code on curve25519-dalek 4 + merlin 3, not elastic-elgamal
//!
//! `elastic-elgamal` 0.3.1 was evaluated first. It builds on the same curve25519-dalek 4.1
//! and merlin 3, so versions are not the problem; binding is. Its ready-made constructions
//! each start their own fixed transcript and take none from the caller —
//! `PublicKey::encrypt_bool`/`verify_bool`, `encrypt_zero`, `encrypt_range`,
//! `EncryptedChoice` (`"encrypted_choice_ranges"`), `ActiveParticipant::decrypt_share` and
//! `PublicKeySet::verify_share` (`"elgamal_decryption_share"`), and the dealer's proof of
//! possession — so none can be bound to the vote and voter, and our rule forbids them. What
//! remains usable is thin: `RingProof`'s verifier is crate-private (reachable only through
//! `RangeProof`), and a range proof about the homomorphic sum of a ballot's options (needed
//! for "up to k" elections) cannot be made, because `CiphertextWithValue` cannot be built
//! from summed randomness. Its base64 serde would also need wrapping to give the one-text
//! form the verifier's byte-flip guarantee relies on, and it brings `elliptic-curve` and
//! `base64ct` along. The same constructions are therefore written here (about 300 lines, in
//! the `proof`, `elgamal` and `transcript` modules) on curve25519-dalek and merlin, with
//! strict encodings: lower-case hex, canonical scalars and points.
//!
//! # Committee key: a dealer with verifiable shares, not a DKG
//!
//! [`deal`] is a dealer with Feldman-verifiable shares: one device (in the counting
//! committee's presence, when the vote is set up) draws the key, publishes the commitments in
//! the [`ElectionKey`], gives each member a share that the member's app checks with
//! [`check_share`], and forgets the secret. A distributed key generation would remove the
//! moment in which one device knows the key, but needs several rounds of messages among all
//! n members' devices, with complaints and retries — fragile on commune links that drop for
//! minutes, and more steps for members who are not at ease with computers. The dealer's
//! secret lives only in memory for the seconds of [`deal`]; the published commitments let
//! everyone check the shares and every partial decryption. A Pedersen DKG (every member
//! deals, shares are summed) fits the same [`ElectionKey`] shape and can replace it later.

mod ballot;
mod context;
mod dlog;
mod elgamal;
mod encoding;
mod error;
mod key;
mod parallel;
mod proof;
mod record;
mod tally;
mod transcript;

#[cfg(test)]
mod malicious_tests;

pub use ballot::{
    EncryptedBallot, ballot_hash, ciphertext_fingerprints, encrypt_ballot, verify_ballot,
};
pub use context::{BallotContext, MAX_LEVELS, MAX_OPTIONS, SecretKind, labels_hash};
pub use dlog::MAX_COUNT;
pub use encoding::decode_hex;
pub use error::{BallotError, RecordError};
pub use key::{ElectionKey, KeyShare, MAX_PARTICIPANTS, check_share, deal};
pub use record::{
    SignedBallot, VoteRecord, ballot_statement, sign_ballot, verify_record, verify_record_json,
};
pub use tally::{
    EncryptedTally, PartialDecryption, combine, partial_decrypt, tally, verify_partial,
};

/// The randomness the ballot functions take (rand_core 0.6, as curve25519-dalek 4 uses), and
/// the operating system's generator to pass them.
pub use rand_core::{CryptoRngCore, OsRng};
