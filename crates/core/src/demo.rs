//! The demonstration organisation: a provincial People's Council with its chair, a
//! secretary and twelve members, and one upcoming session with a Vietnamese agenda and PDF
//! documents written for this project (laid out by libpdfium at seeding time).
//!
//! The organisation and meeting are fictional ("tỉnh Lâm Giang"); every name is invented.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use phonghop_crypto::RootKey;
use phonghop_domain::wire::NewUser;
use phonghop_domain::{DocumentKind, MeetingInfo, MeetingKind, Role};
use phonghop_pdf::{PdfEngine, TextDocument};
use phonghop_sync::ServerClient;

use crate::{App, CoreError, DraftDocument, DraftItem, MeetingDraft, Profile};

/// Title of the demo meeting, so checks can look for it.
pub const DEMO_MEETING_TITLE: &str =
    "Kỳ họp thứ Mười hai (chuyên đề) — Hội đồng nhân dân tỉnh Lâm Giang khóa XI";
/// The body that meets in the demo.
pub const DEMO_BODY: &str = "Hội đồng nhân dân tỉnh Lâm Giang";

/// A TrueType font covering Vietnamese (DejaVu Sans), for the demo documents.
pub const DEMO_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The people of the demo: (name, title, role, profile folder name).
pub const DEMO_PEOPLE: &[(&str, &str, Role, &str)] = &[
    ("Trần Quốc Hùng", "Chủ tịch HĐND tỉnh", Role::Chair, "chair"),
    (
        "Nguyễn Thị Thu Hà",
        "Chuyên viên Văn phòng HĐND tỉnh",
        Role::Secretary,
        "secretary",
    ),
    (
        "Lê Văn Bình",
        "Phó Chủ tịch HĐND tỉnh",
        Role::Member,
        "member-01",
    ),
    (
        "Phạm Thị Lan",
        "Trưởng Ban Kinh tế - Ngân sách",
        Role::Member,
        "member-02",
    ),
    (
        "Hoàng Minh Đức",
        "Trưởng Ban Pháp chế",
        Role::Member,
        "member-03",
    ),
    (
        "Vũ Thị Hồng Nhung",
        "Trưởng Ban Văn hóa - Xã hội",
        Role::Member,
        "member-04",
    ),
    (
        "Đặng Văn Tuấn",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-05",
    ),
    (
        "Bùi Thị Mai",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-06",
    ),
    (
        "Đỗ Quang Vinh",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-07",
    ),
    (
        "Ngô Thị Phương",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-08",
    ),
    (
        "Dương Văn Khánh",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-09",
    ),
    (
        "Lý Thị Ngọc Ánh",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-10",
    ),
    (
        "Hồ Sĩ Thắng",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-11",
    ),
    (
        "Mai Thị Xuân",
        "Đại biểu HĐND tỉnh",
        Role::Member,
        "member-12",
    ),
];

/// What seeding produced.
#[derive(Debug)]
pub struct DemoSeed {
    /// The demo meeting's identifier.
    pub meeting_id: String,
    /// Profile folder of each person, by folder name.
    pub profiles: Vec<(String, PathBuf)>,
    /// The secretary's profile folder (the app opens this one).
    pub secretary_profile: PathBuf,
    /// Number of documents published.
    pub documents: usize,
}

/// Adds a person through the administrator API, issues them an enrollment code and
/// enrolls a new device with it, writing their profile folder.
pub async fn enroll_person(
    server_url: &str,
    admin_token: &str,
    display_name: &str,
    title: &str,
    role: Role,
    dir: &Path,
) -> Result<Profile, CoreError> {
    let admin = ServerClient::new(server_url)?.with_token(admin_token);
    let user = admin
        .admin_add_user(&NewUser {
            display_name: display_name.into(),
            title: title.into(),
            role,
        })
        .await?;
    let code = admin.admin_enrollment_code(&user.user_id).await?;
    crate::enroll(dir, server_url, &code.code).await
}

/// Certifies every enrolled device awaiting a certificate, signing with the root key here
/// (the administrator's side) and handing the signatures to the server, which checks them.
/// Returns how many were certified.
pub async fn certify_pending(
    server_url: &str,
    admin_token: &str,
    root: &RootKey,
) -> Result<usize, CoreError> {
    let admin = ServerClient::new(server_url)?.with_token(admin_token);
    let now = crate::trust::unix_now();
    let pending = admin.admin_pending_devices().await?;
    for device in &pending {
        let certificate = crate::trust::certify(
            root,
            device,
            now.saturating_sub(300),
            now + 2 * 365 * 24 * 3600,
        )?;
        admin
            .admin_certify_device(&device.device_id, &certificate)
            .await?;
    }
    Ok(pending.len())
}

/// Date of the next Monday strictly after `now_unix` (Vietnam time), as (year, month, day).
pub fn next_monday(now_unix: i64) -> (i64, u32, u32) {
    let vietnam = now_unix + 7 * 3600;
    let today = vietnam.div_euclid(86_400);
    // 1970-01-01 was a Thursday: weekday 0 = Monday.
    let weekday = (today + 3).rem_euclid(7);
    civil_from_days(today + (7 - weekday))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn paper(engine: &PdfEngine, heading: &[&str], paragraphs: &[&str]) -> Result<Vec<u8>, CoreError> {
    let document = TextDocument {
        heading: heading.iter().map(|line| line.to_string()).collect(),
        paragraphs: paragraphs.iter().map(|line| line.to_string()).collect(),
    };
    Ok(engine.write_text_document(&document, DEMO_FONT)?)
}

fn document(
    engine: &PdfEngine,
    title: &str,
    kind: DocumentKind,
    body: &[&str],
) -> Result<DraftDocument, CoreError> {
    let heading = [
        "HỘI ĐỒNG NHÂN DÂN TỈNH LÂM GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        title,
    ];
    Ok(DraftDocument {
        title: title.into(),
        kind,
        bytes: paper(engine, &heading, body)?,
    })
}

/// The socio-economic report: several pages, one section per field, so the viewer has
/// pages to turn and search has hits on more than one page.
fn economic_report() -> Vec<String> {
    const FIELDS: [(&str, &str, &str); 12] = [
        (
            "Nông nghiệp",
            "giá trị sản xuất tăng 3,6%",
            "chuyển đổi 1.200 ha đất lúa kém hiệu quả sang cây ăn quả",
        ),
        (
            "Công nghiệp",
            "chỉ số sản xuất công nghiệp tăng 9,4%",
            "hai khu công nghiệp mới được lấp đầy 60% diện tích",
        ),
        (
            "Thương mại và dịch vụ",
            "tổng mức bán lẻ hàng hóa tăng 11,2%",
            "chợ nông thôn ở 14 xã được cải tạo",
        ),
        (
            "Du lịch",
            "đón 2,1 triệu lượt khách",
            "doanh thu du lịch đạt 3.900 tỷ đồng",
        ),
        (
            "Đầu tư công",
            "giải ngân đạt 86% kế hoạch vốn",
            "tuyến đường liên xã Tân Phú - Suối Mây hoàn thành",
        ),
        (
            "Tài chính, ngân sách",
            "thu ngân sách vượt 6% dự toán",
            "chi thường xuyên được tiết kiệm 10% để tăng chi đầu tư",
        ),
        (
            "Giáo dục và đào tạo",
            "tỷ lệ trường đạt chuẩn quốc gia đạt 71%",
            "xây mới 38 phòng học ở các điểm trường vùng sâu",
        ),
        (
            "Y tế",
            "100% trạm y tế xã có bác sĩ",
            "tỷ lệ người dân tham gia bảo hiểm y tế đạt 94,5%",
        ),
        (
            "Lao động, việc làm và an sinh xã hội",
            "giải quyết việc làm cho 21.000 lao động",
            "tỷ lệ hộ nghèo giảm còn 2,9%",
        ),
        (
            "Văn hóa, thể thao",
            "87% thôn, tổ dân phố đạt danh hiệu văn hóa",
            "lễ hội truyền thống được tổ chức an toàn, tiết kiệm",
        ),
        (
            "Tài nguyên và môi trường",
            "xử lý dứt điểm 12 điểm sạt lở bờ sông",
            "tỷ lệ chất thải rắn được thu gom đạt 92%",
        ),
        (
            "Quốc phòng, an ninh",
            "giữ vững ổn định chính trị",
            "hoàn thành chỉ tiêu tuyển quân",
        ),
    ];
    let mut paragraphs = vec![
        "Thực hiện Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế - xã hội năm 2026, Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện như sau.".to_owned(),
        "I. KẾT QUẢ THỰC HIỆN CÁC LĨNH VỰC".to_owned(),
    ];
    for (number, (field, result, work)) in FIELDS.iter().enumerate() {
        paragraphs.push(format!("{}. {field}", number + 1));
        paragraphs.push(format!(
            "Trong năm 2026, lĩnh vực {} đạt kết quả tích cực: {result}; {work}. Các sở, ngành đã bám sát nghị quyết, chủ động tháo gỡ khó khăn cho cơ sở, nhất là ở các xã mới sau sắp xếp đơn vị hành chính.",
            field.to_lowercase()
        ));
        paragraphs.push(format!(
            "Tồn tại, hạn chế: nguồn lực cho lĩnh vực {} còn hạn chế so với nhu cầu; việc phối hợp giữa các cấp có lúc chưa chặt chẽ. Năm 2027 cần tập trung chỉ đạo, kiểm tra, đôn đốc và báo cáo Hội đồng nhân dân tỉnh tại kỳ họp giữa năm.",
            field.to_lowercase()
        ));
    }
    paragraphs.push("II. KIẾN NGHỊ".to_owned());
    paragraphs.push(
        "Ủy ban nhân dân tỉnh kính đề nghị Hội đồng nhân dân tỉnh xem xét, biểu quyết thông qua các chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2027 nêu tại Phụ lục kèm theo.".to_owned(),
    );
    paragraphs
}

/// The demo agenda: six items, nine documents.
pub fn demo_agenda(engine: &PdfEngine) -> Result<Vec<DraftItem>, CoreError> {
    let budget = [
        "Căn cứ Luật Tổ chức chính quyền địa phương và Luật Ngân sách nhà nước, Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định dự toán thu, chi ngân sách địa phương năm 2027.",
        "Tổng thu ngân sách nhà nước trên địa bàn dự kiến đạt 18.450 tỷ đồng, tăng 8,2% so với ước thực hiện năm 2026. Chi đầu tư phát triển ưu tiên giao thông kết nối liên xã, trường học và trạm y tế ở các xã vùng sâu, vùng xa.",
        "Đề nghị Hội đồng nhân dân tỉnh biểu quyết thông qua dự thảo Nghị quyết kèm theo.",
    ];
    let report = economic_report();
    Ok(vec![
        DraftItem {
            title: "Khai mạc kỳ họp; thông qua chương trình kỳ họp".into(),
            presenter: Some("Chủ tịch HĐND tỉnh".into()),
            documents: vec![
                document(
                    engine,
                    "Chương trình Kỳ họp thứ Mười hai",
                    DocumentKind::Programme,
                    &[
                        "Buổi sáng: khai mạc; báo cáo tình hình kinh tế - xã hội; thảo luận tại hội trường.",
                        "Buổi chiều: xem xét các tờ trình và dự thảo nghị quyết; biểu quyết thông qua; bế mạc.",
                    ],
                )?,
                document(
                    engine,
                    "Giấy mời dự Kỳ họp thứ Mười hai",
                    DocumentKind::Invitation,
                    &[
                        "Thường trực Hội đồng nhân dân tỉnh trân trọng kính mời các vị đại biểu đến dự Kỳ họp thứ Mười hai (chuyên đề), khai mạc lúc 08 giờ 00, tại Hội trường Trung tâm Hội nghị tỉnh.",
                    ],
                )?,
            ],
        },
        DraftItem {
            title: "Báo cáo tình hình kinh tế - xã hội năm 2026, nhiệm vụ năm 2027".into(),
            presenter: Some("Ủy ban nhân dân tỉnh".into()),
            documents: vec![document(
                engine,
                "Báo cáo tình hình kinh tế - xã hội năm 2026",
                DocumentKind::Report,
                &report.iter().map(String::as_str).collect::<Vec<_>>(),
            )?],
        },
        DraftItem {
            title: "Dự toán ngân sách địa phương năm 2027".into(),
            presenter: Some("Sở Tài chính".into()),
            documents: vec![
                document(
                    engine,
                    "Tờ trình về dự toán ngân sách địa phương năm 2027",
                    DocumentKind::Proposal,
                    &budget,
                )?,
                document(
                    engine,
                    "Dự thảo Nghị quyết về dự toán ngân sách địa phương năm 2027",
                    DocumentKind::DraftResolution,
                    &[
                        "Điều 1. Quyết định dự toán thu, chi ngân sách địa phương năm 2027 như Tờ trình của Ủy ban nhân dân tỉnh.",
                        "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện; Thường trực, các Ban và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này.",
                    ],
                )?,
            ],
        },
        DraftItem {
            title: "Đề án sắp xếp các đơn vị sự nghiệp công lập giai đoạn 2026-2030".into(),
            presenter: Some("Sở Nội vụ".into()),
            documents: vec![document(
                engine,
                "Đề án sắp xếp đơn vị sự nghiệp công lập",
                DocumentKind::Scheme,
                &[
                    "Mục tiêu: giảm đầu mối, nâng cao chất lượng dịch vụ công; sáp nhập các trung tâm có chức năng trùng lặp sau khi tổ chức chính quyền địa phương hai cấp.",
                ],
            )?],
        },
        DraftItem {
            title: "Chính sách hỗ trợ giáo viên công tác tại xã đặc biệt khó khăn".into(),
            presenter: Some("Sở Giáo dục và Đào tạo".into()),
            documents: vec![
                document(
                    engine,
                    "Tờ trình về chính sách hỗ trợ giáo viên",
                    DocumentKind::Proposal,
                    &[
                        "Hỗ trợ 1.500.000 đồng/tháng cho giáo viên công tác tại các điểm trường ở xã đặc biệt khó khăn, áp dụng từ ngày 01/01/2027.",
                    ],
                )?,
                document(
                    engine,
                    "Dự thảo Nghị quyết về chính sách hỗ trợ giáo viên",
                    DocumentKind::DraftResolution,
                    &[
                        "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng. Điều 2. Mức hỗ trợ và nguồn kinh phí. Điều 3. Tổ chức thực hiện.",
                    ],
                )?,
            ],
        },
        DraftItem {
            title: "Bế mạc kỳ họp".into(),
            presenter: Some("Chủ tịch HĐND tỉnh".into()),
            documents: vec![document(
                engine,
                "Dự thảo Thông báo kết luận kỳ họp",
                DocumentKind::ConclusionNotice,
                &[
                    "Hội đồng nhân dân tỉnh đã hoàn thành chương trình kỳ họp; các nghị quyết được thông qua có hiệu lực theo quy định.",
                ],
            )?],
        },
    ])
}

/// Seeds the demo organisation on a running server: enrolls everyone (writing a profile
/// folder per person under `profiles_dir`), certifies their devices with the root key, and
/// publishes the demo meeting as the secretary.
pub async fn seed(
    server_url: &str,
    admin_token: &str,
    root: &RootKey,
    profiles_dir: &Path,
    engine: &PdfEngine,
) -> Result<DemoSeed, CoreError> {
    let mut profiles = Vec::new();
    let mut participants = Vec::new();
    for (name, title, role, folder) in DEMO_PEOPLE {
        let dir = profiles_dir.join(folder);
        let profile = enroll_person(server_url, admin_token, name, title, *role, &dir).await?;
        participants.push(profile.config.user_id.clone());
        profiles.push((folder.to_string(), dir));
    }
    certify_pending(server_url, admin_token, root).await?;
    let secretary_profile = profiles_dir.join("secretary");
    let secretary = App::open(&secretary_profile)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0);
    let (year, month, day) = next_monday(now);
    let items = demo_agenda(engine)?;
    let documents = items.iter().map(|item| item.documents.len()).sum();
    let meeting_id = secretary
        .publish_meeting(&MeetingDraft {
            info: MeetingInfo {
                title: DEMO_MEETING_TITLE.into(),
                body: DEMO_BODY.into(),
                kind: MeetingKind::Session,
                starts_at: format!("{year:04}-{month:02}-{day:02}T08:00:00+07:00"),
                ends_at: Some(format!("{year:04}-{month:02}-{day:02}T16:30:00+07:00")),
                place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
                online_link: None,
            },
            items,
            participant_user_ids: participants,
        })
        .await?;
    Ok(DemoSeed {
        meeting_id,
        profiles,
        secretary_profile,
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_monday_is_a_monday_after_today_in_vietnam_time() {
        // 2026-11-22 12:00 UTC is a Sunday, 19:00 in Vietnam.
        assert_eq!(next_monday(1_795_348_800), (2026, 11, 23));
        // 2026-11-22 18:00 UTC is already Monday 01:00 in Vietnam: the next one is a week on.
        assert_eq!(next_monday(1_795_370_400), (2026, 11, 30));
        assert_eq!(next_monday(0), (1970, 1, 5));
    }

    #[test]
    fn the_demo_body_has_a_chair_a_secretary_and_twelve_members() {
        let count = |role| DEMO_PEOPLE.iter().filter(|person| person.2 == role).count();
        assert_eq!(count(Role::Chair), 1);
        assert_eq!(count(Role::Secretary), 1);
        assert_eq!(count(Role::Member), 12);
    }
}
