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
    /// Whether the motion passed.
    pub passed: bool,
}

/// Counts `choices` (each an option index below `options`) under `rule` for `turnout`.
/// Choices out of range are not counted (the server refuses them before). A vote that
/// closes without the quorum its rule asks for does not pass, whatever the count.
pub fn tally(rule: VoteRule, turnout: Turnout, options: u32, choices: &[u32]) -> Tally {
    let Turnout { eligible, present } = turnout;
    let present = present.min(eligible);
    let mut counts = vec![0u32; options as usize];
    for choice in choices {
        if let Some(count) = counts.get_mut(*choice as usize) {
            *count += 1;
        }
    }
    let cast: u32 = counts.iter().sum();
    let base = match rule.base {
        VoteBase::AllMembers => eligible,
        VoteBase::Present => present,
        VoteBase::VotesCast => cast,
    };
    let approvals = counts.first().copied().unwrap_or(0);
    let quorum_met = rule
        .quorum
        .map(|quorum| crate::attendance::quorum(quorum, eligible, present).met);
    Tally {
        needed: rule.threshold.minimum_approvals(base),
        passed: rule.threshold.is_met(approvals, base) && quorum_met != Some(false),
        counts,
        eligible,
        present,
        quorum_met,
        cast,
        base,
    }
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
