//! Who a person is in a meeting body, which decides what they may do.

use serde::{Deserialize, Serialize};

/// The role of a person in the organisation (see DESIGN.md, "Who uses it").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Thư ký: prepares and publishes meetings.
    Secretary,
    /// Chủ tọa: conducts the meeting and its votes.
    Chair,
    /// Đại biểu / thành viên: reads, speaks and votes.
    Member,
    /// Khách mời: reads what is shared with guests; never votes.
    Guest,
    /// Quản trị: runs the server and enrolls people and devices.
    Admin,
}

impl Role {
    /// Whether this role may create and publish meetings.
    pub fn may_publish(self) -> bool {
        matches!(self, Role::Secretary | Role::Admin)
    }

    /// Whether this role may cast a ballot (guests and administrators never vote).
    pub fn may_vote(self) -> bool {
        matches!(self, Role::Member | Role::Chair | Role::Secretary)
    }

    /// The stable text form used in databases and command lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretary => "secretary",
            Role::Chair => "chair",
            Role::Member => "member",
            Role::Guest => "guest",
            Role::Admin => "admin",
        }
    }

    /// Parses the text form written by [`Role::as_str`].
    pub fn parse(text: &str) -> Option<Role> {
        [
            Role::Secretary,
            Role::Chair,
            Role::Member,
            Role::Guest,
            Role::Admin,
        ]
        .into_iter()
        .find(|role| role.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_secretaries_and_admins_publish_and_guests_never_vote() {
        assert!(Role::Secretary.may_publish());
        assert!(!Role::Member.may_publish());
        assert!(!Role::Chair.may_publish());
        assert!(!Role::Guest.may_vote());
        assert!(!Role::Admin.may_vote());
        assert!(Role::Chair.may_vote());
    }

    #[test]
    fn text_form_round_trips() {
        for role in [
            Role::Secretary,
            Role::Chair,
            Role::Member,
            Role::Guest,
            Role::Admin,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("president"), None);
    }
}
