//! Whether a motion passes, by the rules of Vietnamese law: a resolution of a People's
//! Council passes with more than half of ALL its members, not of those present; some
//! decisions need two thirds. Integer arithmetic only, so the edges are exact.

use serde::{Deserialize, Serialize};

/// The share of the base that must approve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// Quá nửa: strictly more than half.
    MoreThanHalf,
    /// Ít nhất hai phần ba: at least two thirds.
    AtLeastTwoThirds,
    /// At least `numerator / denominator` (a body's own rule, e.g. three quarters).
    AtLeast {
        /// Top of the fraction.
        numerator: u32,
        /// Bottom of the fraction (a zero never passes).
        denominator: u32,
    },
    /// Strictly more than `numerator / denominator`.
    MoreThan {
        /// Top of the fraction.
        numerator: u32,
        /// Bottom of the fraction (a zero never passes).
        denominator: u32,
    },
}

impl Threshold {
    /// Whether `approvals` out of `base` meets this threshold. A base of zero never passes.
    pub fn is_met(self, approvals: u32, base: u32) -> bool {
        if base == 0 {
            return false;
        }
        let (approvals, base) = (u64::from(approvals), u64::from(base));
        match self {
            Threshold::MoreThanHalf => approvals * 2 > base,
            Threshold::AtLeastTwoThirds => approvals * 3 >= base * 2,
            Threshold::AtLeast {
                numerator,
                denominator,
            } => {
                denominator != 0
                    && approvals * u64::from(denominator) >= base * u64::from(numerator)
            }
            Threshold::MoreThan {
                numerator,
                denominator,
            } => {
                denominator != 0 && approvals * u64::from(denominator) > base * u64::from(numerator)
            }
        }
    }

    /// The smallest number of approvals that meets this threshold for `base` members.
    pub fn minimum_approvals(self, base: u32) -> u32 {
        (0..=base)
            .find(|approvals| self.is_met(*approvals, base))
            .unwrap_or(base.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_half_does_not_pass() {
        assert!(!Threshold::MoreThanHalf.is_met(6, 12));
        assert!(Threshold::MoreThanHalf.is_met(7, 12));
        assert!(Threshold::MoreThanHalf.is_met(7, 13));
        assert!(!Threshold::MoreThanHalf.is_met(6, 13));
    }

    #[test]
    fn two_thirds_is_inclusive() {
        assert!(Threshold::AtLeastTwoThirds.is_met(8, 12));
        assert!(!Threshold::AtLeastTwoThirds.is_met(7, 12));
        assert!(Threshold::AtLeastTwoThirds.is_met(9, 13));
        assert!(!Threshold::AtLeastTwoThirds.is_met(8, 13));
    }

    #[test]
    fn a_body_s_own_fraction_is_exact_at_its_edge() {
        let three_quarters = Threshold::AtLeast {
            numerator: 3,
            denominator: 4,
        };
        assert!(three_quarters.is_met(9, 12));
        assert!(!three_quarters.is_met(8, 12));
        let more_than_a_third = Threshold::MoreThan {
            numerator: 1,
            denominator: 3,
        };
        assert!(!more_than_a_third.is_met(4, 12));
        assert!(more_than_a_third.is_met(5, 12));
        let broken = Threshold::AtLeast {
            numerator: 1,
            denominator: 0,
        };
        assert!(!broken.is_met(10, 10), "a zero denominator never passes");
        assert_eq!(three_quarters.minimum_approvals(50), 38);
    }

    #[test]
    fn minimum_approvals_match_the_rule() {
        assert_eq!(Threshold::MoreThanHalf.minimum_approvals(50), 26);
        assert_eq!(Threshold::AtLeastTwoThirds.minimum_approvals(50), 34);
        assert_eq!(Threshold::MoreThanHalf.minimum_approvals(0), 1);
    }
}
