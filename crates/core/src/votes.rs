//! Open votes from the app: the chair opens a vote with its question and option labels
//! sealed under the meeting key (the server counts indexes, never reads the words); a member
//! signs a ballot with the device key, the server's signed receipt is checked against the
//! server key the organisation's root certified, and kept; everyone reads the votes with
//! the words opened and, once closed, the result under the body's rule.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_domain::attendance::QuorumRule;
use phonghop_domain::tally::Threshold;
use phonghop_domain::vote::{
    CONFIDENCE_LEVELS, Rating, STANDARD_CHOICES, Tally, VoteBase, VoteKind, VoteRule,
};
use phonghop_domain::wire::{BallotReceipt, CastBallot, OpenVote, VoteState, VoteStatus};
use serde::{Deserialize, Serialize};

use crate::{App, CoreError};

/// Label sealing a vote's question and options (domain separation).
const QUESTION_LABEL: &str = "phonghop/vote-question/v1";
/// Setting under which the root-certified server key is kept once checked.
const SERVER_KEY_SETTING: &str = "server.audit_key";
/// Longest question, in characters.
const MAX_QUESTION_CHARS: usize = 2000;

/// The share of the base the chair picks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdChoice {
    /// Quá nửa.
    MoreThanHalf,
    /// Ít nhất hai phần ba.
    AtLeastTwoThirds,
}

/// What the chair fills in to open a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewVote {
    /// The question.
    pub question: String,
    /// What is decided.
    pub kind: VoteKind,
    /// Option labels (ignored for a motion: the standard three are used).
    pub options: Vec<String>,
    /// What the approvals are measured against.
    pub base: VoteBase,
    /// The share needed.
    pub threshold: ThresholdChoice,
    /// Whether the body's quorum is checked at the close.
    pub check_quorum: bool,
    /// Close automatically after this many seconds.
    #[serde(default)]
    pub closes_in_secs: Option<u64>,
    /// Whether a ballot may be changed before the close.
    #[serde(default)]
    pub allow_change: bool,
    /// The agenda item voted on (its number), if any.
    #[serde(default)]
    pub item: Option<String>,
    /// Run as a secret ballot (bỏ phiếu kín), counted by this committee.
    #[serde(default)]
    pub secret: Option<crate::secret_votes::SecretOptions>,
}

/// A secret ballot's counting committee, for the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretView {
    /// The committee's key, JSON text (ballots are encrypted to it).
    pub election_key: String,
    /// SHA-256 of the labels, hex.
    pub labels_hash: String,
    /// Partial decryptions needed.
    pub threshold: u32,
    /// The seats.
    pub committee: Vec<SeatView>,
    /// This person's seat, if they sit on the committee.
    pub my_seat: Option<u32>,
}

/// One committee seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatView {
    /// The share's index.
    pub index: u32,
    /// The member.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Whether they published their partial decryption.
    pub published: bool,
}

/// The words of a vote, sealed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SealedWords {
    question: String,
    options: Vec<String>,
    #[serde(default)]
    item: Option<String>,
}

/// How one person was rated (camelCase for the interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingView {
    /// Tín nhiệm cao.
    pub high: u32,
    /// Tín nhiệm.
    pub ordinary: u32,
    /// Tín nhiệm thấp.
    pub low: u32,
    /// More than half of all members rated low.
    pub low_over_half: bool,
    /// At least two thirds rated low.
    pub low_two_thirds: bool,
}

impl From<Rating> for RatingView {
    fn from(rating: Rating) -> Self {
        Self {
            high: rating.high,
            ordinary: rating.ordinary,
            low: rating.low,
            low_over_half: rating.low_over_half,
            low_two_thirds: rating.low_two_thirds,
        }
    }
}

/// The result of a closed vote, for the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoteResult {
    /// Ballots per option.
    pub counts: Vec<u32>,
    /// Entitled to vote.
    pub eligible: u32,
    /// Present at the close.
    pub present: u32,
    /// Quorum kept at the close (None: not checked).
    pub quorum_met: Option<bool>,
    /// Ballots cast.
    pub cast: u32,
    /// What the threshold was measured against.
    pub base: u32,
    /// Approvals needed.
    pub needed: u32,
    /// Passed / chosen / seats filled.
    pub passed: bool,
    /// Options vote: the option chosen.
    pub winner: Option<u32>,
    /// Election: elected, best first.
    pub elected: Vec<u32>,
    /// Election: tied for the last seat.
    pub tied: Vec<u32>,
    /// Confidence vote: per person.
    pub ratings: Vec<RatingView>,
}

impl From<Tally> for VoteResult {
    fn from(tally: Tally) -> Self {
        Self {
            counts: tally.counts,
            eligible: tally.eligible,
            present: tally.present,
            quorum_met: tally.quorum_met,
            cast: tally.cast,
            base: tally.base,
            needed: tally.needed,
            passed: tally.passed,
            winner: tally.winner,
            elected: tally.elected,
            tied: tally.tied,
            ratings: tally.ratings.into_iter().map(RatingView::from).collect(),
        }
    }
}

/// Who chose what, after the close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedBallotView {
    /// The voter.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their choices.
    pub choices: Vec<u32>,
}

/// A vote as this device sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoteView {
    /// The vote.
    pub vote_id: String,
    /// Its meeting.
    pub meeting_id: String,
    /// The question, opened.
    pub question: String,
    /// The agenda item voted on (its number), if the chair named one.
    pub item: Option<String>,
    /// Whether a ballot may be changed before the close (the latest counts).
    pub allow_change: bool,
    /// What is decided.
    pub kind: VoteKind,
    /// Option labels in order.
    pub options: Vec<String>,
    /// What the approvals are measured against.
    pub base: VoteBase,
    /// `more_than_half`, `at_least_two_thirds` or `custom`.
    pub threshold: String,
    /// `open` or `closed`.
    pub state: VoteState,
    /// Opened at, Unix ms.
    pub opened_at_ms: u64,
    /// Ballot deadline, Unix ms.
    pub closes_at_ms: Option<u64>,
    /// This computer's clock when read (the server's list carries none).
    pub server_now_ms: u64,
    /// Entitled to vote.
    pub eligible: u32,
    /// Ballots so far.
    pub ballots: u32,
    /// Who has voted, by name.
    pub voters: Vec<String>,
    /// This person's choices: from the receipt kept here or, after the close, the record;
    /// an empty list when they voted from another device before the close.
    pub my_choices: Option<Vec<u32>>,
    /// The result, once closed.
    pub result: Option<VoteResult>,
    /// Who chose what, once closed.
    pub named_ballots: Vec<NamedBallotView>,
    /// A confidence vote, which the law wants secret, running open: screens must say so.
    pub open_although_secret_by_law: bool,
    /// Set for a secret ballot: the counting committee and who has published.
    pub secret: Option<SecretView>,
    /// A secret ballot's receipt on this device: the ballot's hash, to find in the record.
    pub my_ballot_hash: Option<String>,
}

fn question_context(meeting_id: &str, vote_id: &str) -> Vec<u8> {
    phonghop_crypto::Canonical::new(QUESTION_LABEL)
        .str(meeting_id)
        .str(vote_id)
        .finish()
}

fn threshold_of(choice: ThresholdChoice) -> Threshold {
    match choice {
        ThresholdChoice::MoreThanHalf => Threshold::MoreThanHalf,
        ThresholdChoice::AtLeastTwoThirds => Threshold::AtLeastTwoThirds,
    }
}

fn threshold_name(threshold: Threshold) -> &'static str {
    match threshold {
        Threshold::MoreThanHalf => "more_than_half",
        Threshold::AtLeastTwoThirds => "at_least_two_thirds",
        _ => "custom",
    }
}

/// The option labels a vote of `kind` carries, checked.
fn labels_for(new: &NewVote) -> Result<Vec<String>, CoreError> {
    let refused = |detail: String| CoreError::Refused {
        code: "vote.bad_options",
        detail,
    };
    let labels: Vec<String> = match new.kind {
        VoteKind::Motion => STANDARD_CHOICES
            .iter()
            .map(|label| (*label).to_owned())
            .collect(),
        _ => new
            .options
            .iter()
            .map(|label| label.trim().to_owned())
            .collect(),
    };
    if labels.iter().any(String::is_empty) {
        return Err(refused("an option has no label".into()));
    }
    let count = u32::try_from(labels.len()).unwrap_or(u32::MAX);
    new.kind
        .check_options(count)
        .map_err(|shape| refused(shape.to_string()))?;
    Ok(labels)
}

impl App {
    /// Opens a vote at `meeting_id` (the chair; the server checks). Returns it as listed.
    pub async fn open_vote(&self, meeting_id: &str, new: &NewVote) -> Result<VoteView, CoreError> {
        let question = new.question.trim();
        if question.is_empty() || question.chars().count() > MAX_QUESTION_CHARS {
            return Err(CoreError::Refused {
                code: "vote.bad_question",
                detail: format!("a question has 1 to {MAX_QUESTION_CHARS} characters"),
            });
        }
        let options = labels_for(new)?;
        let stored = self.stored_record(meeting_id)?;
        let key = self.meeting_key(&stored)?;
        let vote_id = uuid::Uuid::new_v4().to_string();
        let secret = match &new.secret {
            Some(committee) => {
                if new.allow_change {
                    return Err(CoreError::Refused {
                        code: "vote.bad_secret",
                        detail: "a secret ballot cannot be changed once cast".into(),
                    });
                }
                Some(self.deal_committee(&vote_id, &options, committee).await?)
            }
            None => None,
        };
        let words = serde_json::to_vec(&SealedWords {
            question: question.to_owned(),
            options: options.clone(),
            item: new.item.clone(),
        })
        .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        let sealed = phonghop_crypto::seal(
            &key,
            QUESTION_LABEL,
            &question_context(meeting_id, &vote_id),
            &words,
        )?;
        let request = OpenVote {
            vote_id: vote_id.clone(),
            sealed_question: STANDARD.encode(sealed),
            options: u32::try_from(options.len()).unwrap_or(u32::MAX),
            rule: VoteRule {
                base: new.base,
                threshold: threshold_of(new.threshold),
                quorum: new.check_quorum.then_some(QuorumRule::PEOPLES_COUNCIL),
            },
            closes_at_ms: new
                .closes_in_secs
                .filter(|secs| *secs > 0)
                .map(|secs| crate::trust::unix_now_ms() + secs * 1000),
            kind: new.kind,
            allow_change: new.allow_change,
            secret,
        };
        self.call(|server| {
            let request = request.clone();
            async move { server.open_vote(meeting_id, &request).await }
        })
        .await?;
        self.vote_view(meeting_id, &vote_id).await
    }

    /// Every vote of `meeting_id`, words opened, oldest first.
    pub async fn meeting_votes(&self, meeting_id: &str) -> Result<Vec<VoteView>, CoreError> {
        let stored = self.stored_record(meeting_id)?;
        let key = self.meeting_key(&stored)?;
        let votes = self
            .call(|server| async move { server.votes(meeting_id).await })
            .await?;
        votes
            .into_iter()
            .map(|status| self.view_of(&key, status))
            .collect()
    }

    /// One vote of `meeting_id`.
    pub async fn vote_view(&self, meeting_id: &str, vote_id: &str) -> Result<VoteView, CoreError> {
        self.meeting_votes(meeting_id)
            .await?
            .into_iter()
            .find(|vote| vote.vote_id == vote_id)
            .ok_or_else(|| CoreError::Refused {
                code: "vote.not_found",
                detail: format!("no vote {vote_id} in meeting {meeting_id}"),
            })
    }

    /// Signs and casts `choices` in `vote_id`, checks the server's signed receipt and keeps
    /// it. A ballot that does not fit the vote is refused here, before anything is sent.
    /// When the link is down the signed ballot waits in the outbox and is sent when it comes
    /// back; the server then accepts it if the vote is still open by its clock. That case
    /// fails with `vote.queued`, so the person is told their ballot is not counted yet.
    pub async fn cast_ballot(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choices: &[u32],
    ) -> Result<BallotReceipt, CoreError> {
        let (kind, options) = match self.vote_view(meeting_id, vote_id).await {
            Ok(vote) if vote.secret.is_some() => return Err(open_ballot_in_secret_vote()),
            Ok(vote) => (
                vote.kind,
                u32::try_from(vote.options.len()).unwrap_or(u32::MAX),
            ),
            Err(CoreError::Sync(error)) if error.is_transient() => {
                self.shown_open_vote(vote_id, CoreError::Sync(error))?
            }
            Err(error) => return Err(error),
        };
        self.cast_open(meeting_id, vote_id, kind, options, choices)
            .await
    }

    /// The shape of an open vote this device showed before the link dropped, so a ballot can
    /// be signed and queued; `unreachable` when there is none (or the vote is secret: its
    /// ballot is encrypted and sent only online).
    fn shown_open_vote(
        &self,
        vote_id: &str,
        unreachable: CoreError,
    ) -> Result<(VoteKind, u32), CoreError> {
        match self.remembered_shape(vote_id)? {
            Some((kind, options, false)) => Ok((kind, options)),
            _ => Err(unreachable),
        }
    }

    /// Signs an open ballot of `choices` for a vote of `kind` with `options`, checked first,
    /// and sends it through the outbox.
    async fn cast_open(
        &self,
        meeting_id: &str,
        vote_id: &str,
        kind: VoteKind,
        options: u32,
        choices: &[u32],
    ) -> Result<BallotReceipt, CoreError> {
        kind.check_ballot(options, choices)
            .map_err(|shape| CoreError::Refused {
                code: "vote.bad_choice",
                detail: shape.to_string(),
            })?;
        let config = &self.profile.config;
        let statement = phonghop_crypto::ballot::ballot_statement(
            &config.organisation,
            meeting_id,
            vote_id,
            &config.device_id,
            choices,
        );
        let signature = self.profile.secrets.signing().sign_record(&statement);
        let ballot = CastBallot {
            choices: choices.to_vec(),
            signature: hex::encode(signature),
        };
        self.send_through_outbox(crate::OutboxKind::Ballot {
            meeting_id: meeting_id.to_owned(),
            vote_id: vote_id.to_owned(),
            ballot,
        })
        .await?;
        match self.ballot_receipt(vote_id)? {
            Some(receipt) if receipt.choices == choices => Ok(receipt),
            _ => Err(CoreError::Refused {
                code: "vote.queued",
                detail: "the server cannot be reached: the signed ballot is kept and sent when the link is back".into(),
            }),
        }
    }

    /// Checks the server's receipt for `ballot` and keeps it.
    pub(crate) async fn keep_receipt(
        &self,
        meeting_id: &str,
        vote_id: &str,
        ballot: &CastBallot,
        receipt: &BallotReceipt,
    ) -> Result<(), CoreError> {
        let server_key = self.server_audit_key(meeting_id).await?;
        let signature = hex::decode(&ballot.signature).unwrap_or_default();
        let receipt_statement = phonghop_crypto::ballot::receipt_statement(
            &receipt.vote_id,
            &receipt.device_id,
            &receipt.choices,
            &signature,
            receipt.received_at_ms,
            receipt.audit_seq,
        );
        let receipt_signature = hex::decode(&receipt.server_signature).unwrap_or_default();
        let genuine = receipt.vote_id == vote_id
            && receipt.device_id == self.profile.config.device_id
            && receipt.choices == ballot.choices
            && phonghop_crypto::verify_record(&server_key, &receipt_statement, &receipt_signature)
                .is_ok();
        if !genuine {
            return Err(CoreError::Refused {
                code: "vote.bad_receipt",
                detail: "the server's receipt does not match the ballot or its signature".into(),
            });
        }
        let kept = serde_json::to_string(receipt)
            .map_err(|error| CoreError::BadRecord(error.to_string()))?;
        self.store()?
            .set_setting(&format!("receipt:{vote_id}"), &kept)?;
        Ok(())
    }

    /// Casts `choices` in `vote_id`, open or secret, and answers the vote as it stands.
    pub async fn vote(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choices: &[u32],
    ) -> Result<VoteView, CoreError> {
        let vote = match self.vote_view(meeting_id, vote_id).await {
            Ok(vote) => vote,
            // The link dropped after the vote was shown: an open ballot is signed and queued
            // (`vote.queued`); a secret one needs the link.
            Err(CoreError::Sync(error)) if error.is_transient() => {
                let (kind, options) = self.shown_open_vote(vote_id, CoreError::Sync(error))?;
                self.cast_open(meeting_id, vote_id, kind, options, choices)
                    .await?;
                return self.vote_view(meeting_id, vote_id).await;
            }
            Err(error) => return Err(error),
        };
        let options = u32::try_from(vote.options.len()).unwrap_or(u32::MAX);
        if vote.secret.is_some() {
            vote.kind
                .check_ballot(options, choices)
                .map_err(|shape| CoreError::Refused {
                    code: "vote.bad_choice",
                    detail: shape.to_string(),
                })?;
            self.cast_secret(&vote, choices).await?;
        } else {
            self.cast_open(meeting_id, vote_id, vote.kind, options, choices)
                .await?;
        }
        self.vote_view(meeting_id, vote_id).await
    }

    /// Closes `vote_id` (the chair) and returns it with its result.
    pub async fn close_vote(&self, meeting_id: &str, vote_id: &str) -> Result<VoteView, CoreError> {
        self.call(|server| async move { server.close_vote(vote_id).await })
            .await?;
        self.vote_view(meeting_id, vote_id).await
    }

    /// The receipt kept for this device's ballot in `vote_id`, if any.
    pub fn ballot_receipt(&self, vote_id: &str) -> Result<Option<BallotReceipt>, CoreError> {
        let kept = self.store()?.setting(&format!("receipt:{vote_id}"))?;
        Ok(kept.and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// The kind, number of options and secrecy of a vote this device has shown.
    fn remembered_shape(&self, vote_id: &str) -> Result<Option<(VoteKind, u32, bool)>, CoreError> {
        let kept = self.store()?.setting(&format!("vote-shape:{vote_id}"))?;
        Ok(kept.and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Remembers a vote's shape, so a ballot can be signed and queued if the link drops.
    fn remember_shape(
        &self,
        vote_id: &str,
        kind: VoteKind,
        options: u32,
        secret: bool,
    ) -> Result<(), CoreError> {
        let key = format!("vote-shape:{vote_id}");
        let store = self.store()?;
        if store.setting(&key)?.is_none() {
            let shape = serde_json::to_string(&(kind, options, secret))
                .map_err(|error| CoreError::BadRecord(error.to_string()))?;
            store.set_setting(&key, &shape)?;
        }
        Ok(())
    }

    /// The server's audit key, certified by the organisation's root (checked once, kept).
    async fn server_audit_key(&self, meeting_id: &str) -> Result<[u8; 32], CoreError> {
        if let Some(kept) = self.store()?.setting(SERVER_KEY_SETTING)? {
            return crate::session::decode_key(&kept);
        }
        let log = self
            .call(|server| async move { server.audit_log(meeting_id).await })
            .await?;
        let key = crate::session::decode_key(&log.server_key)?;
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let signature = hex::decode(&log.root_signature)
            .map_err(|_| CoreError::BadRecord("the server key's certificate is not hex".into()))?;
        anchor.verify_server_key(&self.profile.config.organisation, &key, &signature)?;
        self.store()?
            .set_setting(SERVER_KEY_SETTING, &log.server_key)?;
        Ok(key)
    }

    fn view_of(
        &self,
        key: &phonghop_crypto::SymmetricKey,
        status: VoteStatus,
    ) -> Result<VoteView, CoreError> {
        let words = STANDARD
            .decode(&status.sealed_question)
            .ok()
            .and_then(|sealed| {
                phonghop_crypto::open(
                    key,
                    QUESTION_LABEL,
                    &question_context(&status.meeting_id, &status.vote_id),
                    &sealed,
                )
                .ok()
            })
            .and_then(|bytes| serde_json::from_slice::<SealedWords>(&bytes).ok())
            .filter(|words| words.options.len() == status.options as usize)
            .ok_or_else(|| {
                CoreError::BadRecord(format!(
                    "the question of vote {} does not open with the meeting key",
                    status.vote_id
                ))
            })?;
        let me = &self.profile.config.user_id;
        if status.state == VoteState::Open {
            self.remember_shape(
                &status.vote_id,
                status.kind,
                status.options,
                status.secret.is_some(),
            )?;
        }
        let kept = self.ballot_receipt(&status.vote_id)?;
        let named_ballots: Vec<NamedBallotView> = status
            .named_ballots
            .into_iter()
            .map(|ballot| NamedBallotView {
                user_id: ballot.user_id,
                display_name: ballot.display_name,
                choices: ballot.choices,
            })
            .collect();
        let secret = status.secret.map(|secret| SecretView {
            my_seat: secret
                .committee
                .iter()
                .find(|seat| &seat.user_id == me)
                .map(|seat| seat.index),
            election_key: secret.election_key,
            labels_hash: secret.labels_hash,
            threshold: secret.threshold,
            committee: secret
                .committee
                .into_iter()
                .map(|seat| SeatView {
                    index: seat.index,
                    user_id: seat.user_id,
                    display_name: seat.display_name,
                    published: seat.published,
                })
                .collect(),
        });
        let my_ballot_hash = if secret.is_some() {
            self.secret_receipt(&status.vote_id)?
                .map(|receipt| receipt.ballot_hash)
        } else {
            None
        };
        let my_choices = named_ballots
            .iter()
            .find(|ballot| &ballot.user_id == me)
            .map(|ballot| ballot.choices.clone())
            .or_else(|| kept.map(|receipt| receipt.choices))
            .or_else(|| {
                status
                    .voters
                    .iter()
                    .any(|voter| &voter.user_id == me)
                    .then(Vec::new)
            });
        Ok(VoteView {
            question: words.question,
            item: words.item,
            allow_change: status.allow_change,
            options: words.options,
            kind: status.kind,
            base: status.rule.base,
            threshold: threshold_name(status.rule.threshold).to_owned(),
            state: status.state,
            opened_at_ms: status.opened_at_ms,
            closes_at_ms: status.closes_at_ms,
            server_now_ms: crate::trust::unix_now_ms(),
            eligible: status.eligible,
            ballots: status.ballots,
            voters: status
                .voters
                .into_iter()
                .map(|voter| voter.display_name)
                .collect(),
            my_choices,
            result: status.result.map(VoteResult::from),
            named_ballots,
            open_although_secret_by_law: status.kind.secret_by_law() && secret.is_none(),
            secret,
            my_ballot_hash,
            vote_id: status.vote_id,
            meeting_id: status.meeting_id,
        })
    }
}

fn open_ballot_in_secret_vote() -> CoreError {
    CoreError::Refused {
        code: "vote.secret",
        detail: "this vote is secret: its ballot is encrypted (App::vote)".into(),
    }
}

/// The label of `choice` for option `index` of `vote`: the option itself, or for a
/// confidence vote the level given to that person.
pub fn choice_label(vote: &VoteView, index: usize, choice: u32) -> String {
    match vote.kind {
        VoteKind::Confidence => format!(
            "{}: {}",
            vote.options.get(index).map_or("?", String::as_str),
            CONFIDENCE_LEVELS
                .get(choice as usize)
                .copied()
                .unwrap_or("?")
        ),
        _ => vote
            .options
            .get(choice as usize)
            .cloned()
            .unwrap_or_else(|| "?".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(kind: VoteKind, options: &[&str]) -> NewVote {
        NewVote {
            question: "Thông qua?".into(),
            kind,
            options: options.iter().map(|label| (*label).to_owned()).collect(),
            base: VoteBase::AllMembers,
            threshold: ThresholdChoice::MoreThanHalf,
            check_quorum: false,
            closes_in_secs: None,
            allow_change: false,
            item: None,
            secret: None,
        }
    }

    #[test]
    fn a_motion_always_offers_the_standard_three_choices() {
        let labels = labels_for(&new(VoteKind::Motion, &["ignored"])).ok();
        assert_eq!(
            labels,
            Some(STANDARD_CHOICES.iter().map(|l| (*l).to_owned()).collect())
        );
    }

    #[test]
    fn options_without_labels_or_too_few_are_refused() {
        let blank = labels_for(&new(VoteKind::Options, &["A", "  "]));
        assert!(matches!(
            blank,
            Err(CoreError::Refused {
                code: "vote.bad_options",
                ..
            })
        ));
        let one = labels_for(&new(VoteKind::Options, &["A"]));
        assert!(one.is_err());
        let seats = labels_for(&new(VoteKind::Election { seats: 2 }, &["A", "B"]));
        assert!(seats.is_err(), "two seats need at least three candidates");
        assert!(labels_for(&new(VoteKind::Confidence, &["Ông A"])).is_ok());
    }

    #[test]
    fn a_confidence_choice_is_labelled_with_the_person_and_the_level() {
        let vote = VoteView {
            vote_id: "v".into(),
            meeting_id: "m".into(),
            question: "q".into(),
            item: None,
            allow_change: false,
            kind: VoteKind::Confidence,
            options: vec!["Ông A".into(), "Bà B".into()],
            base: VoteBase::AllMembers,
            threshold: "more_than_half".into(),
            state: VoteState::Open,
            opened_at_ms: 0,
            closes_at_ms: None,
            server_now_ms: 0,
            eligible: 0,
            ballots: 0,
            voters: Vec::new(),
            my_choices: None,
            result: None,
            named_ballots: Vec::new(),
            open_although_secret_by_law: true,
            secret: None,
            my_ballot_hash: None,
        };
        assert_eq!(choice_label(&vote, 1, 2), "Bà B: Tín nhiệm thấp");
    }
}
