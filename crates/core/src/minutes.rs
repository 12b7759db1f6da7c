//! The meeting's records: the minutes (biên bản) drafted from the agenda, the attendance,
//! who spoke and the votes, edited by the secretary and exported as a PDF in the Vietnamese
//! administrative layout; and a vote report (biên bản kiểm phiếu) per vote. Both print the
//! head of the meeting's audit chain, checked here against the organisation's root, so a
//! paper copy can be matched to the record.

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use phonghop_domain::Role;
use phonghop_domain::attendance::{Presence, QuorumRule};
use phonghop_domain::vote::{VoteBase, VoteKind};
use phonghop_domain::wire::VoteState;
use phonghop_pdf::{AdministrativeDocument, Section, SignatureBlock, Table};
use serde::{Deserialize, Serialize};

use crate::votes::{VoteView, choice_label};
use crate::{App, CoreError};

/// A headed part of the minutes, as text the secretary edits (paragraphs split by lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MinutesSection {
    /// Heading.
    pub heading: String,
    /// Text; each line is a paragraph.
    pub text: String,
}

/// The minutes as the secretary edits them before export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MinutesDraft {
    /// The meeting.
    pub meeting_id: String,
    /// "Số: …/BB-HĐND".
    pub number: String,
    /// "Quảng Nam, ngày 24 tháng 11 năm 2026".
    pub place_and_date: String,
    /// Headed sections.
    pub sections: Vec<MinutesSection>,
    /// The secretary who signs.
    pub secretary: String,
    /// The chair who signs.
    pub chair: String,
}

fn vietnam() -> TimeZone {
    TimeZone::fixed(Offset::constant(7))
}

/// "08:00 ngày 07/12/2026" for an RFC 3339 time, or the text as given.
fn spoken_time(rfc3339: &str) -> String {
    match rfc3339.parse::<Timestamp>() {
        Ok(at) => {
            let local = at.to_zoned(vietnam());
            format!(
                "{:02}:{:02} ngày {:02}/{:02}/{}",
                local.hour(),
                local.minute(),
                local.day(),
                local.month(),
                local.year()
            )
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// "ngày 07 tháng 12 năm 2026".
fn written_date(rfc3339: &str) -> String {
    match rfc3339.parse::<Timestamp>() {
        Ok(at) => {
            let local = at.to_zoned(vietnam());
            format!(
                "ngày {:02} tháng {:02} năm {}",
                local.day(),
                local.month(),
                local.year()
            )
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// "08:05" for Unix ms.
fn clock(ms: u64) -> String {
    match Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(0)) {
        Ok(at) => {
            let local = at.to_zoned(vietnam());
            format!("{:02}:{:02}", local.hour(), local.minute())
        }
        Err(_) => String::new(),
    }
}

fn duration_words(ms: u64) -> String {
    let secs = ms / 1000;
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} giây"),
        (m, 0) => format!("{m} phút"),
        (m, s) => format!("{m} phút {s} giây"),
    }
}

/// The rule in words: "quá nửa tổng số đại biểu".
pub fn rule_words(vote: &VoteView) -> String {
    let share = match vote.threshold.as_str() {
        "at_least_two_thirds" => "ít nhất hai phần ba",
        "more_than_half" => "quá nửa",
        _ => "tỷ lệ riêng của",
    };
    let base = match vote.base {
        VoteBase::AllMembers => "tổng số đại biểu",
        VoteBase::Present => "số đại biểu có mặt",
        VoteBase::VotesCast => "số phiếu biểu quyết",
    };
    format!("{share} {base}")
}

/// What a closed vote decided, in one sentence.
pub fn outcome_words(vote: &VoteView) -> String {
    let Some(result) = &vote.result else {
        return "Chưa kết thúc.".into();
    };
    if result.quorum_met == Some(false) {
        return "KHÔNG CÓ HIỆU LỰC: không đủ số đại biểu có mặt khi kết thúc biểu quyết.".into();
    }
    let name = |index: &u32| {
        vote.options
            .get(*index as usize)
            .cloned()
            .unwrap_or_default()
    };
    match vote.kind {
        VoteKind::Motion => format!(
            "{} (cần {} phiếu tán thành, {} là {}).",
            if result.passed {
                "THÔNG QUA"
            } else {
                "KHÔNG THÔNG QUA"
            },
            result.needed,
            rule_words(vote),
            result.base
        ),
        VoteKind::Options => match result.winner {
            Some(winner) => format!("Chọn phương án: {}.", name(&winner)),
            None => "Không phương án nào đạt tỷ lệ cần thiết.".into(),
        },
        VoteKind::Election { seats } => {
            let elected: Vec<String> = result
                .elected
                .iter()
                .map(|index| {
                    format!(
                        "{} ({} phiếu)",
                        name(index),
                        result.counts.get(*index as usize).copied().unwrap_or(0)
                    )
                })
                .collect();
            let mut words = if elected.is_empty() {
                "Không ứng cử viên nào trúng cử.".to_owned()
            } else {
                format!(
                    "Trúng cử ({}/{seats}): {}.",
                    elected.len(),
                    elected.join(", ")
                )
            };
            if !result.tied.is_empty() {
                let tied: Vec<String> = result.tied.iter().map(name).collect();
                words.push_str(&format!(
                    " Bằng phiếu ở vị trí cuối, cần bầu lại: {}.",
                    tied.join(", ")
                ));
            }
            words
        }
        VoteKind::Confidence => {
            let lines: Vec<String> = result
                .ratings
                .iter()
                .zip(&vote.options)
                .map(|(rating, person)| {
                    let mark = if rating.low_two_thirds {
                        " — từ hai phần ba trở lên đánh giá tín nhiệm thấp"
                    } else if rating.low_over_half {
                        " — quá nửa đánh giá tín nhiệm thấp"
                    } else {
                        ""
                    };
                    format!(
                        "{person}: tín nhiệm cao {}, tín nhiệm {}, tín nhiệm thấp {}{mark}",
                        rating.high, rating.ordinary, rating.low
                    )
                })
                .collect();
            format!("{}.", lines.join("; "))
        }
    }
}

fn counts_words(vote: &VoteView) -> String {
    let Some(result) = &vote.result else {
        return String::new();
    };
    if vote.kind == VoteKind::Confidence {
        return format!("Số phiếu: {}/{}.", result.cast, result.eligible);
    }
    let per_option: Vec<String> = vote
        .options
        .iter()
        .zip(&result.counts)
        .map(|(label, count)| format!("{label}: {count}"))
        .collect();
    format!(
        "{}; số phiếu: {}/{} đại biểu, có mặt {}.",
        per_option.join("; "),
        result.cast,
        result.eligible,
        result.present
    )
}

/// Saves an exported PDF as `stem.pdf` in `dir` (created if missing), never over an
/// earlier export: a second one becomes `stem (2).pdf`. Characters a file name cannot hold
/// are replaced. Returns the path written.
pub fn save_export(
    dir: &std::path::Path,
    stem: &str,
    bytes: &[u8],
) -> Result<std::path::PathBuf, CoreError> {
    std::fs::create_dir_all(dir).map_err(|error| CoreError::io(dir, error))?;
    let clean: String = stem
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '\0') {
                '-'
            } else {
                c
            }
        })
        .collect();
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{clean}.pdf")
        } else {
            format!("{clean} ({n}).pdf")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|error| CoreError::io(&path, error))?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(CoreError::io(&path, error)),
        }
    }
    Err(CoreError::io(
        dir,
        std::io::Error::other("a thousand exports of this name already exist"),
    ))
}

/// Splits "Hội đồng nhân dân tỉnh Lâm Giang" into the institution and "tỉnh Lâm Giang".
fn split_locality(organisation: &str) -> Option<(&str, &str)> {
    ["tỉnh ", "thành phố ", "huyện ", "xã ", "phường "]
        .iter()
        .filter_map(|unit| organisation.find(unit))
        .filter(|at| *at > 0)
        .min()
        .map(|at| (organisation[..at].trim(), &organisation[at..]))
}

/// Text in composed form (NFC): some Vietnamese keyboards type a letter and its marks
/// apart, and the PDF's font places precomposed letters best.
fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(nfc)
        .collect()
}

impl App {
    /// Drafts the minutes of `meeting_id` from its agenda, the roster, who spoke and the
    /// votes (all read from the server now).
    pub async fn minutes_draft(&self, meeting_id: &str) -> Result<MinutesDraft, CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let info = &meeting.info;
        let roster = self.roster(meeting_id, QuorumRule::PEOPLES_COUNCIL).await?;
        let conduct = self.conduct_state(meeting_id).await?;
        let votes = self.meeting_votes(meeting_id).await?;
        let directory = self.directory().await.unwrap_or_default();
        let name_of = |role: Role| {
            directory
                .iter()
                .find(|entry| entry.role == role)
                .map(|entry| entry.display_name.clone())
                .unwrap_or_default()
        };
        let (chair, secretary) = (name_of(Role::Chair), name_of(Role::Secretary));

        let mut sections = vec![MinutesSection {
            heading: "I. Thời gian, địa điểm".into(),
            text: format!(
                "Vào lúc {}, tại {}, {} tổ chức {}.",
                spoken_time(&info.starts_at),
                info.place,
                info.body,
                info.title
            ),
        }];
        let count = |presence: Presence| {
            roster
                .lines
                .iter()
                .filter(|line| line.presence == presence)
                .count()
        };
        let absent: Vec<String> = roster
            .lines
            .iter()
            .filter(|line| line.presence == Presence::Absent)
            .map(|line| match &line.reason {
                Some(reason) => format!("{} (có lý do: {reason})", line.display_name),
                None => line.display_name.clone(),
            })
            .collect();
        let quorum = &roster.quorum;
        let mut attendance = vec![
            format!(
                "Tổng số đại biểu: {}. Có mặt: {} (tại hội trường: {}; trực tuyến: {}).",
                quorum.members,
                quorum.present,
                count(Presence::InPerson),
                count(Presence::Online)
            ),
            format!(
                "Số đại biểu có mặt {} theo quy định (cần ít nhất {}).",
                if quorum.met { "đủ" } else { "không đủ" },
                quorum.needed
            ),
        ];
        if !absent.is_empty() {
            attendance.push(format!("Vắng mặt: {}.", absent.join("; ")));
        }
        sections.push(MinutesSection {
            heading: "II. Thành phần tham dự".into(),
            text: attendance.join("\n"),
        });
        sections.push(MinutesSection {
            heading: "III. Chủ tọa và thư ký".into(),
            text: format!("Chủ tọa: {chair}.\nThư ký: {secretary}."),
        });
        let agenda: Vec<String> = meeting
            .agenda
            .iter()
            .enumerate()
            .map(|(index, item)| match &item.presenter {
                Some(presenter) => {
                    format!("{}. {} — trình bày: {presenter}.", index + 1, item.title)
                }
                None => format!("{}. {}.", index + 1, item.title),
            })
            .collect();
        sections.push(MinutesSection {
            heading: "IV. Nội dung".into(),
            text: agenda.join("\n"),
        });
        let spoken: Vec<String> = conduct
            .spoken
            .iter()
            .enumerate()
            .map(|(index, speaker)| {
                let length = match (speaker.granted_at_ms, speaker.finished_at_ms) {
                    (Some(from), Some(to)) => format!(
                        " (từ {}, {})",
                        clock(from),
                        duration_words(to.saturating_sub(from))
                    ),
                    _ => String::new(),
                };
                format!("{}. Đại biểu {}{length}.", index + 1, speaker.display_name)
            })
            .collect();
        sections.push(MinutesSection {
            heading: "V. Ý kiến phát biểu".into(),
            text: if spoken.is_empty() {
                "Không có đại biểu phát biểu.".into()
            } else {
                spoken.join("\n")
            },
        });
        let results: Vec<String> = votes
            .iter()
            .filter(|vote| vote.state == VoteState::Closed)
            .enumerate()
            .map(|(index, vote)| {
                format!(
                    "{}. {} — {} Kết quả: {}",
                    index + 1,
                    vote.question,
                    counts_words(vote),
                    outcome_words(vote)
                )
            })
            .collect();
        sections.push(MinutesSection {
            heading: "VI. Kết quả biểu quyết".into(),
            text: if results.is_empty() {
                "Không có nội dung biểu quyết.".into()
            } else {
                results.join("\n")
            },
        });
        sections.push(MinutesSection {
            heading: "VII. Kết thúc".into(),
            text: format!(
                "{} kết thúc vào lúc … cùng ngày. Biên bản đã được thông qua trước khi kết thúc.",
                info.title
            ),
        });
        Ok(MinutesDraft {
            meeting_id: meeting_id.to_owned(),
            number: "Số: …/BB-HĐND".into(),
            place_and_date: format!(
                "{}, {}",
                self.locality(&info.place),
                written_date(&info.starts_at)
            ),
            sections,
            secretary,
            chair,
        })
    }

    /// Exports the minutes `draft` as a PDF, with the audit chain's head in the footer.
    pub async fn export_minutes(&self, draft: &MinutesDraft) -> Result<Vec<u8>, CoreError> {
        let meeting = self.stored_meeting(&draft.meeting_id)?;
        let footer = self.audit_footer(&draft.meeting_id).await?;
        let document = AdministrativeDocument {
            issuer: self.issuer(&meeting.info.body),
            number: nfc(&draft.number),
            place_and_date: nfc(&draft.place_and_date),
            title: "BIÊN BẢN".into(),
            subtitle: vec![meeting.info.title.clone()],
            sections: draft
                .sections
                .iter()
                .map(|section| Section {
                    heading: Some(nfc(&section.heading)),
                    paragraphs: paragraphs(&section.text),
                    table: None,
                })
                .collect(),
            signatures: vec![
                SignatureBlock {
                    role: "THƯ KÝ".into(),
                    name: nfc(&draft.secretary),
                },
                SignatureBlock {
                    role: "CHỦ TỌA".into(),
                    name: nfc(&draft.chair),
                },
            ],
            footer,
        };
        self.reader()?.write_administrative(document)
    }

    /// The vote report (biên bản kiểm phiếu) of a closed vote, as a PDF.
    pub async fn export_vote_report(
        &self,
        meeting_id: &str,
        vote_id: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let vote = self.vote_view(meeting_id, vote_id).await?;
        let Some(result) = vote.result.clone() else {
            return Err(CoreError::Refused {
                code: "vote.still_open",
                detail: "a vote report is written once the vote is closed".into(),
            });
        };
        let draft = self.minutes_draft(meeting_id).await?;
        let footer = self.audit_footer(meeting_id).await?;
        let percent = |count: u32| {
            if result.base == 0 {
                "—".to_owned()
            } else {
                format!("{:.2} %", f64::from(count) * 100.0 / f64::from(result.base))
                    .replace('.', ",")
            }
        };
        let counts = if vote.kind == VoteKind::Confidence {
            Table {
                header: vec![
                    "Người được lấy phiếu".into(),
                    "Tín nhiệm cao".into(),
                    "Tín nhiệm".into(),
                    "Tín nhiệm thấp".into(),
                ],
                rows: vote
                    .options
                    .iter()
                    .zip(&result.ratings)
                    .map(|(person, rating)| {
                        vec![
                            person.clone(),
                            rating.high.to_string(),
                            rating.ordinary.to_string(),
                            rating.low.to_string(),
                        ]
                    })
                    .collect(),
            }
        } else {
            Table {
                header: vec![
                    "Lựa chọn".into(),
                    "Số phiếu".into(),
                    format!("Tỷ lệ trên {}", result.base),
                ],
                rows: vote
                    .options
                    .iter()
                    .zip(&result.counts)
                    .map(|(label, count)| vec![label.clone(), count.to_string(), percent(*count)])
                    .collect(),
            }
        };
        let mut sections = vec![
            Section {
                heading: Some("I. Nội dung biểu quyết".into()),
                paragraphs: vec![
                    vote.question.clone(),
                    format!(
                        "Hình thức: {}. Mở lúc {}.",
                        if vote.secret.is_some() {
                            "bỏ phiếu kín bằng thiết bị điện tử; mỗi phiếu được mã hóa trên máy của đại biểu kèm chứng minh hợp lệ, Ban kiểm phiếu chỉ cùng nhau mở tổng số, không mở phiếu của từng người"
                        } else {
                            "biểu quyết công khai bằng thiết bị điện tử; mỗi phiếu được ký bằng khóa của thiết bị và máy chủ cấp biên nhận có chữ ký"
                        },
                        clock(vote.opened_at_ms)
                    ),
                    format!("Điều kiện thông qua: {}.", rule_words(&vote)),
                ],
                table: None,
            },
            Section {
                heading: Some("II. Kết quả kiểm phiếu".into()),
                paragraphs: vec![format!(
                    "Tổng số đại biểu có quyền biểu quyết: {}; có mặt khi kết thúc: {}; số phiếu: {}.",
                    result.eligible, result.present, result.cast
                )],
                table: Some(counts),
            },
            Section {
                heading: Some("III. Kết luận".into()),
                paragraphs: vec![outcome_words(&vote)],
                table: None,
            },
        ];
        if vote.open_although_secret_by_law {
            sections[0].paragraphs.push(
                "Lưu ý: theo quy định, nội dung này phải bỏ phiếu kín; lần lấy phiếu này được tiến hành công khai.".into(),
            );
        }
        if let Some(secret) = &vote.secret {
            let published = secret
                .committee
                .iter()
                .filter(|seat| seat.published)
                .count();
            sections.push(Section {
                heading: Some("IV. Ban kiểm phiếu".into()),
                paragraphs: vec![format!(
                    "Kết quả được mở khi {published} trong {} thành viên công bố phần giải mã (cần ít nhất {}); không phiếu nào được giải mã riêng. Hồ sơ cuộc bỏ phiếu được công bố để bất kỳ ai kiểm tra lại (phonghop-cli verify).",
                    secret.committee.len(),
                    secret.threshold
                )],
                table: Some(Table {
                    header: vec!["Thành viên".into(), "Phần giải mã".into()],
                    rows: secret
                        .committee
                        .iter()
                        .map(|seat| {
                            vec![
                                seat.display_name.clone(),
                                if seat.published {
                                    "Đã công bố".into()
                                } else {
                                    "Chưa công bố".into()
                                },
                            ]
                        })
                        .collect(),
                }),
            });
        }
        if !vote.named_ballots.is_empty() {
            sections.push(Section {
                heading: Some("IV. Danh sách đại biểu và lựa chọn".into()),
                paragraphs: Vec::new(),
                table: Some(Table {
                    header: vec!["Đại biểu".into(), "Lựa chọn".into()],
                    rows: vote
                        .named_ballots
                        .iter()
                        .map(|ballot| {
                            let chosen: Vec<String> = ballot
                                .choices
                                .iter()
                                .enumerate()
                                .map(|(index, choice)| choice_label(&vote, index, *choice))
                                .collect();
                            vec![
                                ballot.display_name.clone(),
                                if chosen.is_empty() {
                                    "Phiếu trắng".into()
                                } else {
                                    chosen.join("; ")
                                },
                            ]
                        })
                        .collect(),
                }),
            });
        }
        let document = AdministrativeDocument {
            issuer: self.issuer(&meeting.info.body),
            number: "Số: …/BB-KP".into(),
            place_and_date: draft.place_and_date,
            title: "BIÊN BẢN KIỂM PHIẾU".into(),
            subtitle: vec![meeting.info.title.clone()],
            sections,
            signatures: vec![
                SignatureBlock {
                    role: "THƯ KÝ".into(),
                    name: draft.secretary,
                },
                SignatureBlock {
                    role: "CHỦ TỌA".into(),
                    name: draft.chair,
                },
            ],
            footer,
        };
        self.reader()?.write_administrative(document)
    }

    /// The issuing body as the top left of the page prints it: "HỘI ĐỒNG NHÂN DÂN" over
    /// "TỈNH LÂM GIANG".
    fn issuer(&self, body: &str) -> Vec<String> {
        let organisation = &self.profile.config.organisation;
        match split_locality(organisation) {
            Some((institution, locality)) => {
                vec![institution.to_uppercase(), locality.to_uppercase()]
            }
            None if body.is_empty() || body == organisation => vec![organisation.to_uppercase()],
            None => vec![organisation.to_uppercase(), body.to_uppercase()],
        }
    }

    /// Where papers of this organisation are dated: "Lâm Giang", else the meeting's place.
    fn locality(&self, place: &str) -> String {
        split_locality(&self.profile.config.organisation)
            .map(|(_, locality)| {
                let words: Vec<&str> = locality.split_whitespace().skip(1).collect();
                words.join(" ")
            })
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| place.to_owned())
    }

    /// "Nhật ký cuộc họp: 142 mục, mã cuối 3fa9…": the audit chain checked against the root.
    async fn audit_footer(&self, meeting_id: &str) -> Result<String, CoreError> {
        let log = self
            .call(|server| async move { server.audit_log(meeting_id).await })
            .await?;
        let anchor = crate::trust::anchor_from_hex(&self.profile.config.root_public_key)?;
        let head = log.verify(&anchor, &self.profile.config.organisation, meeting_id)?;
        Ok(format!(
            "Nhật ký cuộc họp: {} mục, mã cuối {}",
            log.entries.len(),
            hex::encode(head)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_in_vietnamese_papers() {
        assert_eq!(
            spoken_time("2026-12-07T08:00:00+07:00"),
            "08:00 ngày 07/12/2026"
        );
        assert_eq!(spoken_time("2026-12-07T01:30:00Z"), "08:30 ngày 07/12/2026");
        assert_eq!(
            written_date("2026-12-07T08:00:00+07:00"),
            "ngày 07 tháng 12 năm 2026"
        );
        assert_eq!(spoken_time("không phải ngày"), "không phải ngày");
        assert_eq!(duration_words(200_000), "3 phút 20 giây");
        assert_eq!(duration_words(120_000), "2 phút");
        assert_eq!(duration_words(9_000), "9 giây");
    }

    #[test]
    fn the_locality_is_found_in_the_organisation_s_name() {
        assert_eq!(
            split_locality("Hội đồng nhân dân tỉnh Lâm Giang"),
            Some(("Hội đồng nhân dân", "tỉnh Lâm Giang"))
        );
        assert_eq!(
            split_locality("Ủy ban nhân dân thành phố Hải Phòng"),
            Some(("Ủy ban nhân dân", "thành phố Hải Phòng"))
        );
        assert_eq!(split_locality("Văn phòng Đoàn ĐBQH"), None);
    }

    #[test]
    fn an_export_never_replaces_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let first = save_export(dir.path(), "Biên bản: Kỳ họp/12", b"one");
        let second = save_export(dir.path(), "Biên bản: Kỳ họp/12", b"two");
        let (first, second) = (first.ok(), second.ok());
        assert_eq!(
            first
                .as_deref()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str()),
            Some("Biên bản- Kỳ họp-12.pdf")
        );
        assert_eq!(
            second
                .as_deref()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str()),
            Some("Biên bản- Kỳ họp-12 (2).pdf")
        );
        assert_eq!(
            first.map(std::fs::read).and_then(Result::ok),
            Some(b"one".to_vec())
        );
    }

    #[test]
    fn edited_text_becomes_paragraphs_without_blank_lines() {
        assert_eq!(paragraphs("  Một \n\n Hai\n"), vec!["Một", "Hai"]);
        // "Hà" typed as H, a, combining grave: composed before printing.
        assert_eq!(paragraphs("Ha\u{300}"), vec!["H\u{e0}"]);
    }
}
