//! Open votes (biểu quyết công khai): the rule a vote is decided by and the tally, as pure
//! functions so every edge — ties, exactly half, a base of all members against votes cast —
//! is tested without a server. Choice 0 is always approval (tán thành).

use serde::{Deserialize, Serialize};

use crate::attendance::QuorumRule;
use crate::tally::Threshold;

/// The standard choices of an open vote, in order.
pub const STANDARD_CHOICES: [&str; 3] = ["Tán thành", "Không tán thành", "Không biểu quyết"];

/// Most options a vote may offer.
pub const MAX_OPTIONS: u32 = 50;

/// Whose number the threshold is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VoteBase {
    /// Every member entitled to vote (the law's rule for a People's Council resolution).
    AllMembers,
    /// The members present (in person or online) when the vote closes.
    Present,
    /// Only the ballots cast.
    VotesCast,
}

/// How a vote is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRule {
    /// What the approvals are measured against.
    pub base: VoteBase,
    /// The share of the base that must approve.
    pub threshold: Threshold,
    /// The quorum the body must still have when the vote closes; a vote that closes without
    /// it decides nothing. None: not checked.
    #[serde(default)]
    pub quorum: Option<QuorumRule>,
}

impl VoteRule {
    /// The usual rule: more than half of all members.
    pub const RESOLUTION: VoteRule = VoteRule {
        base: VoteBase::AllMembers,
        threshold: Threshold::MoreThanHalf,
        quorum: None,
    };
}

/// What is being decided, which fixes the shape of a ballot and how it is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VoteKind {
    /// Biểu quyết thông qua: one choice among tán thành / không tán thành / không biểu
    /// quyết; it passes when the approvals (option 0) meet the rule.
    #[default]
    Motion,
    /// Lựa chọn phương án: one choice among the chair's options; the option with the most
    /// votes is chosen if it alone leads and meets the rule.
    Options,
    /// Bầu k trong n: each ballot ticks up to `seats` candidates (none is a blank ballot);
    /// a candidate meeting the rule is elected, most votes first, until the seats are full.
    Election {
        /// Seats to fill (k).
        seats: u32,
    },
    /// Lấy phiếu tín nhiệm: each ballot rates every person named as an option at one of
    /// [`CONFIDENCE_LEVELS`]. The law wants it secret: run open, the screens must say so.
    Confidence,
}

/// The three levels of a confidence vote, in order (choice 0, 1, 2).
pub const CONFIDENCE_LEVELS: [&str; 3] = ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"];

/// Why a ballot does not fit its vote: the server answers `vote.bad_choice` with this text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BallotShapeError {
    /// A choice names no option (or, in a confidence vote, no level).
    #[error("a choice is out of range")]
    OutOfRange,
    /// The vote takes exactly one choice.
    #[error("this vote takes exactly one choice")]
    NotOne,
    /// More candidates than seats.
    #[error("more candidates ticked than there are seats")]
    TooMany,
    /// The same option twice.
    #[error("the same option is chosen twice")]
    Repeated,
    /// A confidence ballot rates every person, once.
    #[error("a confidence ballot rates every person exactly once")]
    NotEveryone,
}

/// Why a vote cannot be opened as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoteShapeError {
    /// Wrong number of options for the kind.
    #[error("a {0} vote has {1} options")]
    Options(&'static str, &'static str),
    /// An election fills between 1 and n − 1 seats.
    #[error("an election fills at least one seat and fewer seats than candidates")]
    Seats,
}

impl VoteKind {
    /// Whether the law asks for this vote to be secret (a confidence vote).
    pub fn secret_by_law(self) -> bool {
        matches!(self, VoteKind::Confidence)
    }

    /// Checks that `options` suits this kind before a vote is opened.
    pub fn check_options(self, options: u32) -> Result<(), VoteShapeError> {
        match self {
            VoteKind::Motion if options != 3 => Err(VoteShapeError::Options("motion", "3")),
            VoteKind::Options if !(2..=MAX_OPTIONS).contains(&options) => {
                Err(VoteShapeError::Options("multiple-choice", "2 to 50"))
            }
            VoteKind::Election { seats } if seats == 0 || seats >= options => {
                Err(VoteShapeError::Seats)
            }
            VoteKind::Election { .. } if options > MAX_OPTIONS => {
                Err(VoteShapeError::Options("election", "2 to 50"))
            }
            VoteKind::Confidence if !(1..=MAX_OPTIONS).contains(&options) => {
                Err(VoteShapeError::Options("confidence", "1 to 50"))
            }
            _ => Ok(()),
        }
    }

    /// Checks one ballot's `choices` against this kind and its number of `options`.
    pub fn check_ballot(self, options: u32, choices: &[u32]) -> Result<(), BallotShapeError> {
        match self {
            VoteKind::Motion | VoteKind::Options => match choices {
                [choice] if *choice < options => Ok(()),
                [_] => Err(BallotShapeError::OutOfRange),
                _ => Err(BallotShapeError::NotOne),
            },
            VoteKind::Election { seats } => {
                if choices.len() > seats as usize {
                    return Err(BallotShapeError::TooMany);
                }
                if choices.iter().any(|choice| *choice >= options) {
                    return Err(BallotShapeError::OutOfRange);
                }
                let mut seen = choices.to_vec();
                seen.sort_unstable();
                seen.dedup();
                if seen.len() == choices.len() {
                    Ok(())
                } else {
                    Err(BallotShapeError::Repeated)
                }
            }
            VoteKind::Confidence => {
                if choices.len() != options as usize {
                    Err(BallotShapeError::NotEveryone)
                } else if choices
                    .iter()
                    .any(|level| *level as usize >= CONFIDENCE_LEVELS.len())
                {
                    Err(BallotShapeError::OutOfRange)
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// Who could vote and who was there: what a vote is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turnout {
    /// Members entitled to vote when the vote opened.
    pub eligible: u32,
    /// Of them, those present when it closed (in person or online).
    pub present: u32,
}

/// The outcome of a closed vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Ballots for each option, by index.
    pub counts: Vec<u32>,
    /// Members entitled to vote when the vote opened.
    pub eligible: u32,
    /// Members present when it closed.
    #[serde(default)]
    pub present: u32,
    /// Whether the body still had its quorum at the close (None: the rule checks none).
    #[serde(default)]
    pub quorum_met: Option<bool>,
    /// Ballots cast.
    pub cast: u32,
    /// The number the threshold was measured against.
    pub base: u32,
    /// Approvals needed to pass.
    pub needed: u32,
    /// Whether the motion passed, the option was chosen, or every seat was filled. Not used
    /// for confidence votes (false), which decide nothing by themselves.
    pub passed: bool,
    /// Options votes: the option chosen.
    #[serde(default)]
    pub winner: Option<u32>,
    /// Elections: the candidates elected, most votes first.
    #[serde(default)]
    pub elected: Vec<u32>,
    /// Elections: candidates who meet the rule but tie for the last seat (another round).
    #[serde(default)]
    pub tied: Vec<u32>,
    /// Confidence votes: one rating per person, in option order.
    #[serde(default)]
    pub ratings: Vec<Rating>,
}

/// How one person was rated in a confidence vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// Tín nhiệm cao.
    pub high: u32,
    /// Tín nhiệm.
    pub ordinary: u32,
    /// Tín nhiệm thấp.
    pub low: u32,
    /// More than half of all members rated low.
    pub low_over_half: bool,
    /// At least two thirds of all members rated low: the person is put to a vote of
    /// confidence (bỏ phiếu tín nhiệm).
    pub low_two_thirds: bool,
}

/// Counts the single-choice ballots of a motion: each choice an option index below
/// `options`. See [`tally_ballots`].
pub fn tally(rule: VoteRule, turnout: Turnout, options: u32, choices: &[u32]) -> Tally {
    let ballots: Vec<Vec<u32>> = choices.iter().map(|choice| vec![*choice]).collect();
    tally_ballots(VoteKind::Motion, rule, turnout, options, &ballots)
}

/// Counts `ballots` of a vote of `kind` with `options` under `rule` for `turnout`. Ballots
/// that do not fit the kind are not counted (the server refuses them before). A vote that
/// closes without the quorum its rule asks for decides nothing, whatever the count.
pub fn tally_ballots(
    kind: VoteKind,
    rule: VoteRule,
    turnout: Turnout,
    options: u32,
    ballots: &[Vec<u32>],
) -> Tally {
    let valid: Vec<&Vec<u32>> = ballots
        .iter()
        .filter(|ballot| kind.check_ballot(options, ballot).is_ok())
        .collect();
    let cast = u32::try_from(valid.len()).unwrap_or(u32::MAX);
    let mut counts = vec![0u32; options as usize];
    let mut levels = vec![[0u32; 3]; options as usize];
    for ballot in &valid {
        for (index, choice) in ballot.iter().enumerate() {
            if kind == VoteKind::Confidence {
                counts[index] += 1;
                levels[index][*choice as usize] += 1;
            } else {
                counts[*choice as usize] += 1;
            }
        }
    }
    decide(
        kind,
        rule,
        turnout,
        Counted {
            cast,
            counts,
            levels,
        },
    )
}

/// What the ballots of a vote add up to, however they were counted: from open ballots, or
/// decrypted from a secret ballot's encrypted sum (which never reveals a single ballot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// Ballots cast.
    pub cast: u32,
    /// Per option: ballots choosing it (confidence votes: ballots rating that person).
    pub counts: Vec<u32>,
    /// Confidence votes: per person, ballots at each of the three levels.
    pub levels: Vec<[u32; 3]>,
}

/// The result of a vote of `kind` under `rule` for `turnout` from what was `counted`.
pub fn decide(kind: VoteKind, rule: VoteRule, turnout: Turnout, counted: Counted) -> Tally {
    let Turnout { eligible, present } = turnout;
    let present = present.min(eligible);
    let Counted {
        cast,
        counts,
        levels,
    } = counted;
    let base = match rule.base {
        VoteBase::AllMembers => eligible,
        VoteBase::Present => present,
        VoteBase::VotesCast => cast,
    };
    let quorum_met = rule
        .quorum
        .map(|quorum| crate::attendance::quorum(quorum, eligible, present).met);
    let decides = quorum_met != Some(false);
    let mut result = Tally {
        needed: rule.threshold.minimum_approvals(base),
        passed: false,
        counts,
        eligible,
        present,
        quorum_met,
        cast,
        base,
        winner: None,
        elected: Vec::new(),
        tied: Vec::new(),
        ratings: Vec::new(),
    };
    match kind {
        VoteKind::Motion => {
            let approvals = result.counts.first().copied().unwrap_or(0);
            result.passed = decides && rule.threshold.is_met(approvals, base);
        }
        VoteKind::Options => {
            result.winner = sole_leader(&result.counts)
                .filter(|leader| rule.threshold.is_met(result.counts[*leader as usize], base))
                .filter(|_| decides);
            result.passed = result.winner.is_some();
        }
        VoteKind::Election { seats } => {
            if decides {
                let (elected, tied) = elect(&result.counts, seats, |votes| {
                    rule.threshold.is_met(votes, base)
                });
                result.passed = elected.len() == seats as usize;
                result.elected = elected;
                result.tied = tied;
            }
        }
        VoteKind::Confidence => {
            result.ratings = levels
                .iter()
                .map(|[high, ordinary, low]| Rating {
                    high: *high,
                    ordinary: *ordinary,
                    low: *low,
                    low_over_half: crate::tally::Threshold::MoreThanHalf.is_met(*low, eligible),
                    low_two_thirds: crate::tally::Threshold::AtLeastTwoThirds
                        .is_met(*low, eligible),
                })
                .collect();
        }
    }
    result
}

/// The option with strictly the most votes, if one leads alone.
fn sole_leader(counts: &[u32]) -> Option<u32> {
    let top = counts.iter().copied().max()?;
    let mut leaders = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count == top);
    let (index, _) = leaders.next()?;
    if leaders.next().is_some() {
        None
    } else {
        u32::try_from(index).ok()
    }
}

/// Fills `seats` from the candidates whose votes `qualifies`, most votes first. Candidates
/// tied across the last seat are none of them elected: they are returned as tied.
fn elect(counts: &[u32], seats: u32, qualifies: impl Fn(u32) -> bool) -> (Vec<u32>, Vec<u32>) {
    let mut ranked: Vec<(u32, u32)> = counts
        .iter()
        .enumerate()
        .filter(|(_, votes)| qualifies(**votes))
        .filter_map(|(index, votes)| Some((u32::try_from(index).ok()?, *votes)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let seats = seats as usize;
    if ranked.len() <= seats {
        return (
            ranked.into_iter().map(|(index, _)| index).collect(),
            Vec::new(),
        );
    }
    let boundary = ranked[seats - 1].1;
    if ranked[seats].1 != boundary {
        return (
            ranked[..seats].iter().map(|(index, _)| *index).collect(),
            Vec::new(),
        );
    }
    let elected = ranked
        .iter()
        .filter(|(_, votes)| *votes > boundary)
        .map(|(index, _)| *index)
        .collect();
    let tied = ranked
        .iter()
        .filter(|(_, votes)| *votes == boundary)
        .map(|(index, _)| *index)
        .collect();
    (elected, tied)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everyone present.
    fn all(eligible: u32) -> Turnout {
        Turnout {
            eligible,
            present: eligible,
        }
    }

    fn choices(approve: u32, against: u32, abstain: u32) -> Vec<u32> {
        std::iter::repeat_n(0, approve as usize)
            .chain(std::iter::repeat_n(1, against as usize))
            .chain(std::iter::repeat_n(2, abstain as usize))
            .collect()
    }

    #[test]
    fn most_of_those_present_is_not_enough_when_the_base_is_all_members() {
        // 50 members, 30 present, 25 approve: most of those present, but not of all.
        let result = tally(VoteRule::RESOLUTION, all(50), 3, &choices(25, 3, 2));
        assert!(!result.passed);
        assert_eq!((result.base, result.needed, result.cast), (50, 26, 30));
        assert!(tally(VoteRule::RESOLUTION, all(50), 3, &choices(26, 0, 0)).passed);
    }

    #[test]
    fn exactly_half_fails_and_a_tie_fails() {
        let rule = VoteRule {
            base: VoteBase::VotesCast,
            threshold: Threshold::MoreThanHalf,
            quorum: None,
        };
        assert!(!tally(rule, all(20), 3, &choices(5, 5, 0)).passed);
        assert!(
            !tally(rule, all(20), 3, &choices(5, 4, 1)).passed,
            "abstentions count in the base"
        );
        assert!(tally(rule, all(20), 3, &choices(6, 5, 0)).passed);
    }

    #[test]
    fn two_thirds_of_all_members() {
        let rule = VoteRule {
            base: VoteBase::AllMembers,
            threshold: Threshold::AtLeastTwoThirds,
            quorum: None,
        };
        assert!(tally(rule, all(15), 3, &choices(10, 0, 0)).passed);
        assert!(!tally(rule, all(15), 3, &choices(9, 0, 0)).passed);
        assert_eq!(tally(rule, all(15), 3, &[]).needed, 10);
    }

    #[test]
    fn nobody_voting_never_passes_and_stray_choices_are_not_counted() {
        let rule = VoteRule {
            base: VoteBase::VotesCast,
            threshold: Threshold::MoreThanHalf,
            quorum: None,
        };
        assert!(!tally(rule, all(10), 3, &[]).passed);
        let result = tally(rule, all(10), 3, &[0, 7]);
        assert_eq!((result.cast, result.counts.clone()), (1, vec![1, 0, 0]));
    }

    #[test]
    fn most_of_those_present_passes_when_the_base_is_those_present() {
        let rule = VoteRule {
            base: VoteBase::Present,
            threshold: Threshold::MoreThanHalf,
            quorum: None,
        };
        let turnout = Turnout {
            eligible: 50,
            present: 30,
        };
        let result = tally(rule, turnout, 3, &choices(16, 10, 4));
        assert!(result.passed);
        assert_eq!((result.base, result.needed), (30, 16));
        assert!(
            !tally(rule, turnout, 3, &choices(15, 10, 5)).passed,
            "exactly half"
        );
    }

    fn everyone(eligible: u32) -> Turnout {
        all(eligible)
    }

    const CAST: VoteRule = VoteRule {
        base: VoteBase::VotesCast,
        threshold: Threshold::MoreThanHalf,
        quorum: None,
    };

    #[test]
    fn ballots_that_do_not_fit_their_vote_are_refused() {
        let motion = VoteKind::Motion;
        assert_eq!(motion.check_ballot(3, &[2]), Ok(()));
        assert_eq!(
            motion.check_ballot(3, &[3]),
            Err(BallotShapeError::OutOfRange)
        );
        assert_eq!(
            motion.check_ballot(3, &[0, 1]),
            Err(BallotShapeError::NotOne)
        );
        assert_eq!(motion.check_ballot(3, &[]), Err(BallotShapeError::NotOne));
        let election = VoteKind::Election { seats: 2 };
        assert_eq!(election.check_ballot(5, &[]), Ok(()), "a blank ballot");
        assert_eq!(election.check_ballot(5, &[4, 0]), Ok(()));
        assert_eq!(
            election.check_ballot(5, &[0, 1, 2]),
            Err(BallotShapeError::TooMany)
        );
        assert_eq!(
            election.check_ballot(5, &[1, 1]),
            Err(BallotShapeError::Repeated)
        );
        assert_eq!(
            election.check_ballot(5, &[5]),
            Err(BallotShapeError::OutOfRange)
        );
        let confidence = VoteKind::Confidence;
        assert_eq!(confidence.check_ballot(3, &[0, 1, 2]), Ok(()));
        assert_eq!(
            confidence.check_ballot(3, &[0, 1]),
            Err(BallotShapeError::NotEveryone)
        );
        assert_eq!(
            confidence.check_ballot(2, &[0, 3]),
            Err(BallotShapeError::OutOfRange)
        );
    }

    #[test]
    fn a_vote_is_opened_only_with_options_that_suit_its_kind() {
        assert!(VoteKind::Motion.check_options(3).is_ok());
        assert!(VoteKind::Motion.check_options(4).is_err());
        assert!(VoteKind::Options.check_options(1).is_err());
        assert!(VoteKind::Election { seats: 3 }.check_options(3).is_err());
        assert!(VoteKind::Election { seats: 0 }.check_options(3).is_err());
        assert!(VoteKind::Election { seats: 2 }.check_options(3).is_ok());
        assert!(VoteKind::Confidence.check_options(1).is_ok());
        assert!(VoteKind::Confidence.secret_by_law());
        assert!(!VoteKind::Motion.secret_by_law());
    }

    #[test]
    fn an_option_is_chosen_only_when_it_leads_alone_and_meets_the_rule() {
        let ballots = |counts: &[u32]| -> Vec<Vec<u32>> {
            counts
                .iter()
                .enumerate()
                .flat_map(|(option, n)| std::iter::repeat_n(vec![option as u32], *n as usize))
                .collect()
        };
        let chosen = tally_ballots(
            VoteKind::Options,
            CAST,
            everyone(20),
            3,
            &ballots(&[6, 3, 2]),
        );
        assert_eq!((chosen.winner, chosen.passed), (Some(0), true));
        let tie = tally_ballots(
            VoteKind::Options,
            CAST,
            everyone(20),
            3,
            &ballots(&[5, 5, 1]),
        );
        assert_eq!((tie.winner, tie.passed), (None, false));
        let short = tally_ballots(
            VoteKind::Options,
            CAST,
            everyone(20),
            3,
            &ballots(&[5, 3, 2]),
        );
        assert_eq!(short.winner, None, "exactly half of the votes cast");
    }

    #[test]
    fn an_election_fills_its_seats_in_order_and_leaves_a_tie_for_another_round() {
        // 10 voters, 2 seats, 4 candidates; more than half of votes cast needed (6).
        let mut ballots = vec![vec![0, 1]; 6];
        ballots.extend(vec![vec![0, 2]; 3]);
        ballots.push(vec![]);
        let result = tally_ballots(
            VoteKind::Election { seats: 2 },
            CAST,
            everyone(12),
            4,
            &ballots,
        );
        assert_eq!(result.counts, vec![9, 6, 3, 0]);
        assert_eq!((result.cast, result.needed), (10, 6));
        assert_eq!((result.elected.clone(), result.passed), (vec![0, 1], true));
        // Two candidates tie on the last seat: neither is elected.
        let mut tied = vec![vec![0, 1]; 4];
        tied.extend(vec![vec![0, 2]; 4]);
        tied.extend(vec![vec![1, 2]; 2]);
        let result = tally_ballots(
            VoteKind::Election { seats: 2 },
            CAST,
            everyone(10),
            3,
            &tied,
        );
        assert_eq!(result.counts, vec![8, 6, 6]);
        assert_eq!(result.elected, vec![0]);
        assert_eq!(result.tied, vec![1, 2]);
        assert!(!result.passed);
        // Nobody qualifies: an empty result, not a win by plurality.
        let result = tally_ballots(
            VoteKind::Election { seats: 1 },
            CAST,
            everyone(8),
            3,
            &[vec![0], vec![1], vec![2]],
        );
        assert!(result.elected.is_empty() && !result.passed);
    }

    #[test]
    fn a_confidence_vote_rates_each_person_against_all_members() {
        // 15 members, 14 ballots: person 0 rated low by 10 (two thirds), person 1 by 8.
        let mut ballots = vec![vec![2, 2]; 8];
        ballots.extend(vec![vec![2, 0]; 2]);
        ballots.extend(vec![vec![1, 1]; 4]);
        let result = tally_ballots(VoteKind::Confidence, CAST, everyone(15), 2, &ballots);
        assert_eq!(result.counts, vec![14, 14]);
        let (first, second) = (result.ratings[0], result.ratings[1]);
        assert_eq!((first.high, first.ordinary, first.low), (0, 4, 10));
        assert!(first.low_over_half && first.low_two_thirds);
        assert_eq!((second.high, second.ordinary, second.low), (2, 4, 8));
        assert!(second.low_over_half && !second.low_two_thirds);
        assert!(!result.passed);
    }

    #[test]
    fn a_vote_that_closes_after_the_quorum_was_lost_decides_nothing() {
        let rule = VoteRule {
            base: VoteBase::VotesCast,
            threshold: Threshold::MoreThanHalf,
            quorum: Some(QuorumRule::PEOPLES_COUNCIL),
        };
        // 15 members: 10 present keeps the quorum; 9 loses it.
        let kept = tally(
            rule,
            Turnout {
                eligible: 15,
                present: 10,
            },
            3,
            &choices(8, 1, 0),
        );
        assert_eq!((kept.passed, kept.quorum_met), (true, Some(true)));
        let lost = tally(
            rule,
            Turnout {
                eligible: 15,
                present: 9,
            },
            3,
            &choices(8, 1, 0),
        );
        assert_eq!((lost.passed, lost.quorum_met), (false, Some(false)));
        assert_eq!(lost.counts, vec![8, 1, 0], "the count is still reported");
        let unchecked = tally(
            VoteRule::RESOLUTION,
            Turnout {
                eligible: 15,
                present: 9,
            },
            3,
            &choices(8, 0, 0),
        );
        assert_eq!((unchecked.passed, unchecked.quorum_met), (true, None));
    }
}
