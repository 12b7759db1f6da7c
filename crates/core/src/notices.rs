//! What the desktop says in a notification when the feed brings an invitation, a revision,
//! a postponement or a cancellation: the words, in Vietnamese, built from the meeting as it
//! now stands on this device.

use phonghop_domain::wire::{FeedKind, FeedRecord};
use serde::Serialize;

use crate::App;
use crate::views::{MeetingStatus, MeetingView};

/// A desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The first line.
    pub title: String,
    /// The meeting and when.
    pub body: String,
}

/// "Thứ Hai, 07/12/2026, 08:00" for an RFC 3339 time (Vietnam time).
pub fn spoken_start(rfc3339: &str) -> String {
    const DAYS: [&str; 7] = [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ Nhật",
    ];
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(at) => {
            let local = at.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(7)));
            let day = DAYS[usize::try_from(local.weekday().to_monday_zero_offset()).unwrap_or(0)];
            format!(
                "{day}, {:02}/{:02}/{}, {:02}:{:02}",
                local.day(),
                local.month(),
                local.year(),
                local.hour(),
                local.minute()
            )
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// The notice for one feed record about `meeting`, if it deserves one.
pub fn notice_for(kind: FeedKind, meeting: &MeetingView) -> Option<Notice> {
    let when = spoken_start(&meeting.info.starts_at);
    let place = if meeting.info.place.is_empty() {
        String::new()
    } else {
        format!(" — {}", meeting.info.place)
    };
    let title = match kind {
        FeedKind::MeetingPublished => "Giấy mời họp",
        FeedKind::MeetingRevised if meeting.status == MeetingStatus::Postponed => {
            "Cuộc họp được hoãn"
        }
        FeedKind::MeetingRevised if meeting.status == MeetingStatus::Cancelled => "Cuộc họp bị hủy",
        FeedKind::MeetingRevised => "Tài liệu họp được cập nhật",
        FeedKind::MeetingCancelled => "Cuộc họp bị hủy",
        _ => return None,
    };
    Some(Notice {
        title: title.to_owned(),
        body: format!("{}\n{when}{place}", meeting.info.title),
    })
}

impl App {
    /// The notices for records a sync just handled, one per meeting and kind.
    pub fn notices(&self, records: &[FeedRecord]) -> Vec<Notice> {
        let Ok(meetings) = self.list_meetings() else {
            return Vec::new();
        };
        let mut notices: Vec<Notice> = Vec::new();
        for record in records {
            let Some(meeting) = meetings.iter().find(|view| view.id == record.meeting_id) else {
                continue;
            };
            if let Some(notice) = notice_for(record.kind, meeting)
                && !notices.contains(&notice)
            {
                notices.push(notice);
            }
        }
        notices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_is_said_as_people_write_it() {
        assert_eq!(
            spoken_start("2026-12-07T01:00:00Z"),
            "Thứ Hai, 07/12/2026, 08:00"
        );
        assert_eq!(spoken_start("mai"), "mai");
    }
}
