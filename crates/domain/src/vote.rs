//! Open votes (biểu quyết công khai): the rule a vote is decided by and the tally, as pure
//! functions so every edge — ties, exactly half, a base of all members against votes cast —
//! is tested without a server. Choice 0 is always approval (tán thành).

use serde::{Deserialize, Serialize};

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
}

impl VoteRule {
    /// The usual rule: more than half of all members.
    pub const RESOLUTION: VoteRule = VoteRule {
        base: VoteBase::AllMembers,
        threshold: Threshold::MoreThanHalf,
    };
}

/// The outcome of a closed vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Ballots for each option, by index.
    pub counts: Vec<u32>,
    /// Members entitled to vote when the vote opened.
    pub eligible: u32,
    /// Ballots cast.
    pub cast: u32,
    /// The number the threshold was measured against.
    pub base: u32,
    /// Approvals needed to pass.
    pub needed: u32,
    /// Whether the motion passed.
    pub passed: bool,
}

/// Counts `choices` (each an option index below `options`) under `rule` for `eligible`
/// members. Choices out of range are not counted (the server refuses them before).
pub fn tally(rule: VoteRule, eligible: u32, options: u32, choices: &[u32]) -> Tally {
    let mut counts = vec![0u32; options as usize];
    for choice in choices {
        if let Some(count) = counts.get_mut(*choice as usize) {
            *count += 1;
        }
    }
    let cast: u32 = counts.iter().sum();
    let base = match rule.base {
        VoteBase::AllMembers => eligible,
        VoteBase::VotesCast => cast,
    };
    let approvals = counts.first().copied().unwrap_or(0);
    Tally {
        needed: rule.threshold.minimum_approvals(base),
        passed: rule.threshold.is_met(approvals, base),
        counts,
        eligible,
        cast,
        base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(approve: u32, against: u32, abstain: u32) -> Vec<u32> {
        std::iter::repeat_n(0, approve as usize)
            .chain(std::iter::repeat_n(1, against as usize))
            .chain(std::iter::repeat_n(2, abstain as usize))
            .collect()
    }

    #[test]
    fn most_of_those_present_is_not_enough_when_the_base_is_all_members() {
        // 50 members, 30 present, 25 approve: most of those present, but not of all.
        let result = tally(VoteRule::RESOLUTION, 50, 3, &choices(25, 3, 2));
        assert!(!result.passed);
        assert_eq!((result.base, result.needed, result.cast), (50, 26, 30));
        assert!(tally(VoteRule::RESOLUTION, 50, 3, &choices(26, 0, 0)).passed);
    }

    #[test]
    fn exactly_half_fails_and_a_tie_fails() {
        let rule = VoteRule {
            base: VoteBase::VotesCast,
            threshold: Threshold::MoreThanHalf,
        };
        assert!(!tally(rule, 20, 3, &choices(5, 5, 0)).passed);
        assert!(
            !tally(rule, 20, 3, &choices(5, 4, 1)).passed,
            "abstentions count in the base"
        );
        assert!(tally(rule, 20, 3, &choices(6, 5, 0)).passed);
    }

    #[test]
    fn two_thirds_of_all_members() {
        let rule = VoteRule {
            base: VoteBase::AllMembers,
            threshold: Threshold::AtLeastTwoThirds,
        };
        assert!(tally(rule, 15, 3, &choices(10, 0, 0)).passed);
        assert!(!tally(rule, 15, 3, &choices(9, 0, 0)).passed);
        assert_eq!(tally(rule, 15, 3, &[]).needed, 10);
    }

    #[test]
    fn nobody_voting_never_passes_and_stray_choices_are_not_counted() {
        let rule = VoteRule {
            base: VoteBase::VotesCast,
            threshold: Threshold::MoreThanHalf,
        };
        assert!(!tally(rule, 10, 3, &[]).passed);
        let result = tally(rule, 10, 3, &[0, 7]);
        assert_eq!((result.cast, result.counts.clone()), (1, vec![1, 0, 0]));
    }
}
