//! The vocabulary of Phòng Họp: meetings, agenda items, participants and their roles,
//! document references, the tally rules of Vietnamese law, and the wire types that the
//! client and the server share. This crate does no I/O, so every rule here is tested alone.

pub mod annotation;
pub mod attendance;
pub mod conduct;
pub mod error;
pub mod meeting;
pub mod role;
pub mod tally;
pub mod vote;
pub mod wire;

pub use error::ErrorBody;
pub use meeting::{
    AgendaItem, DocumentAccess, DocumentKind, DocumentRef, Meeting, MeetingInfo, MeetingKind,
    Postponement,
};
pub use role::Role;
