//! Secret ballots from the app (issue 9). Opening: the chair's device deals the counting
//! committee's threshold key (a dealer with verifiable shares), seals each member's share
//! to their devices and forgets the shares. Voting: the ballot is encrypted to the
//! committee's key with proofs bound to this vote and this device, signed, and answered
//! with a receipt of its hash; the choice is never kept on this device. Counting: each
//! committee member's app publishes a partial decryption of the encrypted sum; k of them
//! give the counts. Anyone may fetch the record and check it with no secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_ballot::{BallotContext, ElectionKey, KeyShare, VoteRecord};
use phonghop_crypto::{SymmetricKey, WrapContext};
use phonghop_domain::vote::VoteKind;
use phonghop_domain::wire::{
    CastSecretBallot, CommitteeSeat, Envelope, PublishPartial, SecretBallotReceipt, SecretSetup,
};
use serde::{Deserialize, Serialize};

use crate::votes::VoteView;
use crate::{App, CoreError};

/// Label sealing a committee member's share.
const SHARE_LABEL: &str = "phonghop/tally-share/v1";
/// Purpose of the wrapped key that seals a share.
const SHARE_PURPOSE: &str = "tally-share";

/// Who counts a secret ballot: the committee (ban kiểm phiếu) and how many must take part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretOptions {
    /// The committee members (user ids), in seat order.
    pub committee: Vec<String>,
    /// Partial decryptions needed to open the tally (k).
    pub threshold: u32,
}

fn ballot_error(error: phonghop_ballot::BallotError) -> CoreError {
    CoreError::refused(error.code(), error.to_string())
}

fn share_context(vote_id: &str, index: u32) -> Vec<u8> {
    phonghop_crypto::Canonical::new(SHARE_LABEL)
        .str(vote_id)
        .u64(u64::from(index))
        .finish()
}

/// The secret kind a vote of `kind` runs as.
pub fn secret_kind(kind: VoteKind) -> phonghop_ballot::SecretKind {
    match kind {
        VoteKind::Motion | VoteKind::Options => phonghop_ballot::SecretKind::OneOf,
        VoteKind::Election { seats } => phonghop_ballot::SecretKind::UpTo { max: seats },
        VoteKind::Confidence => phonghop_ballot::SecretKind::Ratings { levels: 3 },
    }
}

impl App {
    /// Deals the committee's key for `vote_id` and seals each seat's share to the member's
    /// devices (from the directory). The shares leave this function only sealed.
    pub(crate) async fn deal_committee(
        &self,
        vote_id: &str,
        labels: &[String],
        options: &SecretOptions,
    ) -> Result<SecretSetup, CoreError> {
        let seats = u32::try_from(options.committee.len()).unwrap_or(u32::MAX);
        if seats == 0 || options.threshold == 0 || options.threshold > seats {
            return Err(CoreError::refused(
                "vote.bad_committee",
                "a committee of n members opens the tally with k of them, 1 ≤ k ≤ n",
            ));
        }
        let directory = self.directory().await?;
        let mut rng = phonghop_ballot::OsRng;
        let (key, shares) =
            phonghop_ballot::deal(options.threshold, seats, &mut rng).map_err(ballot_error)?;
        let mut committee = Vec::new();
        for (member, share) in options.committee.iter().zip(&shares) {
            let devices: Vec<_> = directory
                .iter()
                .filter(|entry| &entry.user_id == member)
                .collect();
            if devices.is_empty() {
                return Err(CoreError::refused(
                    "vote.bad_committee",
                    format!("committee member {member} has no device in the directory"),
                ));
            }
            let seal_key = SymmetricKey::generate()?;
            let share_json = zeroize::Zeroizing::new(
                serde_json::to_vec(share)
                    .map_err(|error| CoreError::BadRecord(error.to_string()))?,
            );
            let sealed = phonghop_crypto::seal(
                &seal_key,
                SHARE_LABEL,
                &share_context(vote_id, share.index),
                &share_json,
            )?;
            let mut envelopes = Vec::new();
            for device in devices {
                let recipient = crate::session::decode_key(&device.exchange_public_key)?;
                let envelope = phonghop_crypto::wrap_key(
                    &self.profile.secrets,
                    &recipient,
                    &seal_key,
                    &WrapContext {
                        purpose: SHARE_PURPOSE,
                        meeting_id: vote_id,
                    },
                )?;
                envelopes.push(Envelope {
                    device_id: device.device_id.clone(),
                    envelope: STANDARD.encode(envelope),
                });
            }
            committee.push(CommitteeSeat {
                index: share.index,
                user_id: member.clone(),
                sealed_share: STANDARD.encode(sealed),
                envelopes,
            });
        }
        Ok(SecretSetup {
            election_key: serde_json::to_string(&key)
                .map_err(|error| CoreError::BadRecord(error.to_string()))?,
            labels_hash: hex::encode(phonghop_ballot::labels_hash(labels)),
            committee,
        })
    }

    fn secret_context(&self, vote: &VoteView) -> Result<(BallotContext, ElectionKey), CoreError> {
        let status = vote.secret.as_ref().ok_or_else(|| {
            CoreError::refused("vote.not_secret", "this vote is open, not secret")
        })?;
        let labels_hash: [u8; 32] = hex::decode(&status.labels_hash)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| CoreError::BadRecord("labels_hash is not 32 bytes of hex".into()))?;
        if phonghop_ballot::labels_hash(&vote.options) != labels_hash {
            return Err(CoreError::refused(
                "vote.labels_mismatch",
                "the vote's labels are not the ones its proofs are bound to",
            ));
        }
        let key: ElectionKey = serde_json::from_str(&status.election_key)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        Ok((
            BallotContext {
                organisation: self.profile.config.organisation.clone(),
                meeting_id: vote.meeting_id.clone(),
                vote_id: vote.vote_id.clone(),
                kind: secret_kind(vote.kind),
                options: u32::try_from(vote.options.len()).unwrap_or(u32::MAX),
                labels_hash,
            },
            key,
        ))
    }

    /// Encrypts and casts this person's secret ballot; keeps only the receipt (the ballot's
    /// hash, to find in the published record), never the choice.
    pub(crate) async fn cast_secret(
        &self,
        vote: &VoteView,
        choices: &[u32],
    ) -> Result<SecretBallotReceipt, CoreError> {
        let (context, key) = self.secret_context(vote)?;
        let voter_key = self.profile.secrets.public_keys().signing;
        let mut rng = phonghop_ballot::OsRng;
        let ballot = phonghop_ballot::encrypt_ballot(&context, &key, &voter_key, choices, &mut rng)
            .map_err(ballot_error)?;
        let hash = phonghop_ballot::ballot_hash(&ballot);
        let device_id = &self.profile.config.device_id;
        let statement = phonghop_ballot::ballot_statement(&context, device_id, &hash);
        let signature = self.profile.secrets.signing().sign(&statement);
        let request = CastSecretBallot {
            ballot: serde_json::to_string(&ballot)
                .map_err(|error| CoreError::BadRecord(error.to_string()))?,
            signature: hex::encode(signature),
        };
        let vote_id = vote.vote_id.as_str();
        let receipt = self
            .call(|server| {
                let request = request.clone();
                async move { server.cast_secret_ballot(vote_id, &request).await }
            })
            .await?;
        if receipt.ballot_hash != hex::encode(hash) || &receipt.device_id != device_id {
            return Err(CoreError::refused(
                "vote.bad_receipt",
                "the server's receipt is for another ballot",
            ));
        }
        let kept = serde_json::to_string(&receipt)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        self.store()?
            .set_setting(&format!("secret-receipt:{vote_id}"), &kept)?;
        Ok(receipt)
    }

    /// The receipt of this device's secret ballot in `vote_id`: its hash, to find in the
    /// published record.
    pub fn secret_receipt(&self, vote_id: &str) -> Result<Option<SecretBallotReceipt>, CoreError> {
        let kept = self
            .store()?
            .setting(&format!("secret-receipt:{vote_id}"))?;
        Ok(kept.and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// A committee member's step after the close: opens this device's share, checks it
    /// against the published key, and publishes a partial decryption of the encrypted sum
    /// with its proofs.
    pub async fn publish_partial_decryption(
        &self,
        meeting_id: &str,
        vote_id: &str,
    ) -> Result<VoteView, CoreError> {
        let vote = self.vote_view(meeting_id, vote_id).await?;
        let (context, key) = self.secret_context(&vote)?;
        let seat = self
            .call(|server| async move { server.committee_seat(vote_id).await })
            .await?;
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let dealer_keys =
            crate::trust::verify_entry(&anchor, &seat.dealer, crate::trust::unix_now())?;
        if seat.dealer.role != phonghop_domain::Role::Chair {
            return Err(CoreError::BadRecord(
                "the share was not dealt by the chair's device".into(),
            ));
        }
        let dealer = dealer_keys.signing;
        let envelope = STANDARD
            .decode(&seat.envelope)
            .map_err(|_| CoreError::BadRecord("the share's envelope is not base64".into()))?;
        let seal_key = phonghop_crypto::unwrap_key(
            &self.profile.secrets,
            &dealer,
            &envelope,
            &WrapContext {
                purpose: SHARE_PURPOSE,
                meeting_id: vote_id,
            },
        )?;
        let sealed = STANDARD
            .decode(&seat.sealed_share)
            .map_err(|_| CoreError::BadRecord("the sealed share is not base64".into()))?;
        let share_json = zeroize::Zeroizing::new(phonghop_crypto::open(
            &seal_key,
            SHARE_LABEL,
            &share_context(vote_id, seat.index),
            &sealed,
        )?);
        let share: KeyShare = serde_json::from_slice(&share_json)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        phonghop_ballot::check_share(&key, &share).map_err(ballot_error)?;
        let record = self
            .call(|server| async move { server.secret_record(vote_id).await })
            .await?;
        let ballots = record
            .ballots
            .iter()
            .map(|ballot| serde_json::from_str(&ballot.ballot))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let tally = phonghop_ballot::tally(&context, &ballots).map_err(ballot_error)?;
        let mut rng = phonghop_ballot::OsRng;
        let partial = phonghop_ballot::partial_decrypt(&context, &key, &share, &tally, &mut rng)
            .map_err(ballot_error)?;
        let request = PublishPartial {
            partial: serde_json::to_string(&partial)
                .map_err(|error| CoreError::BadRecord(error.to_string()))?,
        };
        self.call(|server| {
            let request = request.clone();
            async move { server.publish_partial(vote_id, &request).await }
        })
        .await?;
        self.vote_view(meeting_id, vote_id).await
    }

    /// The secret vote's record with its option labels, as anyone may check it
    /// (`phonghop-cli verify`): checked here first.
    pub async fn secret_vote_record(
        &self,
        meeting_id: &str,
        vote_id: &str,
    ) -> Result<VoteRecord, CoreError> {
        let vote = self.vote_view(meeting_id, vote_id).await?;
        let (context, key) = self.secret_context(&vote)?;
        let published = self
            .call(|server| async move { server.secret_record(vote_id).await })
            .await?;
        let parse = |error: serde_json::Error| CoreError::BadRecord(error.to_string());
        let record = VoteRecord {
            context,
            labels: vote.options.clone(),
            key,
            ballots: published
                .ballots
                .iter()
                .map(|ballot| {
                    Ok(phonghop_ballot::SignedBallot {
                        device_id: ballot.device_id.clone(),
                        device_key: ballot.device_key.clone(),
                        ballot: serde_json::from_str(&ballot.ballot).map_err(parse)?,
                        signature: ballot.signature.clone(),
                    })
                })
                .collect::<Result<_, CoreError>>()?,
            partials: published
                .partials
                .iter()
                .map(|partial| serde_json::from_str(partial).map_err(parse))
                .collect::<Result<_, CoreError>>()?,
            counts: published.counts.unwrap_or_default(),
        };
        Ok(record)
    }
}
