//! Deterministic content for the PDF pairs: a long Vietnamese draft resolution, one
//! paragraph of it amended, and photo-like figures.

use phonghop_pdf::{Figure, TextDocument};

use crate::rng::Rng;

const SENTENCES: &[&str] = &[
    "Ủy ban nhân dân tỉnh chỉ đạo các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã, thành phố triển khai thực hiện đúng tiến độ.",
    "Tổng vốn đầu tư công trung hạn giai đoạn 2026 – 2030 được phân bổ theo thứ tự ưu tiên đã được Hội đồng nhân dân tỉnh thông qua.",
    "Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát, tổng hợp nhu cầu kinh phí và báo cáo trước ngày 15 tháng 11.",
    "Các địa phương có trách nhiệm bố trí đủ vốn đối ứng, không để phát sinh nợ đọng xây dựng cơ bản.",
    "Việc giải ngân phải bảo đảm công khai, minh bạch, đúng đối tượng và đúng quy định của pháp luật về ngân sách nhà nước.",
    "Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này.",
    "Đối với các dự án chuyển tiếp, ưu tiên hoàn thành dứt điểm trong năm để sớm đưa vào khai thác, sử dụng.",
    "Kinh phí thực hiện chính sách hỗ trợ được bố trí từ nguồn ngân sách tỉnh và nguồn vốn hợp pháp khác.",
    "Trường hợp có phát sinh vướng mắc, Ủy ban nhân dân tỉnh tổng hợp, báo cáo Thường trực Hội đồng nhân dân tỉnh xem xét, quyết định.",
    "Chỉ tiêu tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân từ 1,5% đến 2% mỗi năm.",
    "Đẩy mạnh chuyển đổi số trong cơ quan nhà nước, phấn đấu 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.",
    "Tăng cường công tác phòng, chống thiên tai, chủ động ứng phó với biến đổi khí hậu ở các xã ven biển và miền núi.",
];

/// Paragraphs of the draft: enough for twenty A4 pages.
const PARAGRAPHS: usize = 110;
/// The sentence the in-place amendment corrects; the middle paragraph ends with it.
const TARGET: &str =
    "Chỉ tiêu tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân từ 1,5% đến 2% mỗi năm.";
const CORRECTED: &str =
    "Chỉ tiêu tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân từ 2,0% đến 2,5% mỗi năm.";

fn paragraph(rng: &mut Rng, number: usize) -> String {
    let count = 3 + rng.below(3);
    let body: Vec<&str> = (0..count)
        .map(|_| SENTENCES[rng.below(SENTENCES.len())])
        .collect();
    format!("{number}. {}", body.join(" "))
}

/// The draft resolution (revision 1).
pub fn draft() -> TextDocument {
    let mut rng = Rng::new(2026);
    TextDocument {
        heading: vec![
            "HỘI ĐỒNG NHÂN DÂN TỈNH LÂM GIANG".into(),
            "NGHỊ QUYẾT về kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030 (dự thảo)".into(),
        ],
        paragraphs: (1..=PARAGRAPHS)
            .map(|n| {
                let text = paragraph(&mut rng, n);
                if n == middle(PARAGRAPHS) + 1 {
                    format!("{text} {TARGET}")
                } else {
                    text
                }
            })
            .collect(),
    }
}

fn middle(paragraphs: usize) -> usize {
    paragraphs / 2
}

/// How revision 2 differs from the draft.
#[derive(Debug, Clone, Copy)]
pub enum Amendment {
    /// The middle paragraph rewritten and shortened: the lines after it reflow.
    Rewrite,
    /// One figure in the middle paragraph corrected, same length: nothing reflows.
    InPlace,
}

/// The draft with its middle paragraph amended (revision 2).
pub fn amended(draft: &TextDocument, amendment: Amendment) -> TextDocument {
    let mut amended = draft.clone();
    let middle = middle(amended.paragraphs.len());
    let paragraph = &mut amended.paragraphs[middle];
    *paragraph = match amendment {
        Amendment::Rewrite => format!(
            "{}. Chỉ tiêu tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân từ 2% đến 2,5% \
             mỗi năm; riêng các huyện miền núi giảm từ 3% đến 4% mỗi năm. Ủy ban nhân dân tỉnh \
             báo cáo kết quả thực hiện tại kỳ họp thường lệ cuối năm.",
            middle + 1
        ),
        Amendment::InPlace => paragraph.replace(TARGET, CORRECTED),
    };
    amended
}

/// Photo-like figures (smooth shading plus sensor-like noise, so they compress about as
/// poorly as real photographs), spread through the document.
pub fn figures(paragraphs: usize) -> Vec<Figure> {
    let mut rng = Rng::new(7);
    (0..6)
        .map(|index| {
            let (width, height) = (640u32, 400u32);
            let mut rgb = Vec::with_capacity((width * height * 3) as usize);
            for y in 0..height {
                for x in 0..width {
                    let noise = (rng.next_u64() & 0x1f) as u32;
                    let shade = |scale: u32, offset: u32| {
                        ((x * scale / width + y * (256 - scale) / height + offset + noise) % 256)
                            as u8
                    };
                    rgb.extend_from_slice(&[
                        shade(200, index * 40),
                        shade(120, 30),
                        shade(60, 200 - index * 20),
                    ]);
                }
            }
            Figure {
                after_paragraph: (index as usize + 1) * paragraphs / 7,
                width,
                height,
                rgb,
            }
        })
        .collect()
}
