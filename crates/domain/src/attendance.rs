//! Attendance and quorum: who is in the hall or online, and whether enough of the body's
//! members are present for it to decide. A People's Council session needs at least two
//! thirds of all its members; other bodies set their own share. Pure functions, so the
//! edges are tested without a server.

use serde::{Deserialize, Serialize};

use crate::tally::Threshold;

/// How a member takes part in a sitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Có mặt tại hội trường.
    InPerson,
    /// Tham dự trực tuyến.
    Online,
    /// Vắng mặt (with a reason, sealed, given separately).
    Absent,
}

impl Presence {
    /// Whether this counts towards the quorum and a "those present" vote base.
    pub fn is_present(self) -> bool {
        matches!(self, Presence::InPerson | Presence::Online)
    }
}

/// The share of all members that must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuorumRule {
    /// Share of all members.
    pub threshold: Threshold,
}

impl QuorumRule {
    /// A People's Council session: at least two thirds of all members.
    pub const PEOPLES_COUNCIL: QuorumRule = QuorumRule {
        threshold: Threshold::AtLeastTwoThirds,
    };
}

/// Whether a body has its quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quorum {
    /// All members of the body.
    pub members: u32,
    /// Members present (in person or online).
    pub present: u32,
    /// Members needed.
    pub needed: u32,
    /// Whether the body may decide.
    pub met: bool,
}

/// The quorum of a body of `members` with `present` of them present.
pub fn quorum(rule: QuorumRule, members: u32, present: u32) -> Quorum {
    let present = present.min(members);
    Quorum {
        members,
        present,
        needed: rule.threshold.minimum_approvals(members),
        met: rule.threshold.is_met(present, members),
    }
}

/// Counts who is present among `presences` (one per member who checked in).
pub fn count_present(presences: impl IntoIterator<Item = Presence>) -> u32 {
    let present = presences
        .into_iter()
        .filter(|presence| presence.is_present())
        .count();
    u32::try_from(present).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_needs_two_thirds_of_all_members_present() {
        let rule = QuorumRule::PEOPLES_COUNCIL;
        assert_eq!(quorum(rule, 50, 34).needed, 34);
        assert!(quorum(rule, 50, 34).met);
        assert!(!quorum(rule, 50, 33).met);
        // 15 members: exactly two thirds is 10.
        assert!(quorum(rule, 15, 10).met);
        assert!(!quorum(rule, 15, 9).met);
    }

    #[test]
    fn online_members_count_and_absent_ones_do_not() {
        let presences = [
            Presence::InPerson,
            Presence::Online,
            Presence::Absent,
            Presence::InPerson,
        ];
        assert_eq!(count_present(presences), 3);
    }

    #[test]
    fn a_body_with_no_members_never_has_a_quorum_and_extra_check_ins_are_capped() {
        assert!(!quorum(QuorumRule::PEOPLES_COUNCIL, 0, 0).met);
        let over = quorum(QuorumRule::PEOPLES_COUNCIL, 9, 12);
        assert_eq!(over.present, 9);
        assert!(over.met);
    }
}
