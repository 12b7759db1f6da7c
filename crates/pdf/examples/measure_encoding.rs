//! PNG against lossless WebP for pages as the viewer shows them: a 20-page document of
//! Vietnamese text and pictures rendered 1200 px wide. Run in release and read the output:
//! `cargo run --release -p phonghop-pdf --example measure_encoding`.
//! The figures are recorded in the crate documentation (src/lib.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::{Duration, Instant};

use phonghop_pdf::{Figure, ImageFormat, PdfEngine, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// A photo-like picture: smooth gradients with a little deterministic grain.
fn picture(seed: u32) -> Figure {
    let (width, height) = (640u32, 420u32);
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 17) as i32 - 8;
            let base = [
                (x * 255 / width) as i32,
                (y * 255 / height) as i32,
                ((x + y + seed * 40) % 256) as i32,
            ];
            rgb.extend(base.map(|v| (v + grain).clamp(0, 255) as u8));
        }
    }
    Figure {
        after_paragraph: 0,
        width,
        height,
        rgb,
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn png_against_webp_at_1200_px() {
    let engine = PdfEngine::bind_default().unwrap();
    let paragraph = "Căn cứ Luật Tổ chức chính quyền địa phương, Ủy ban nhân dân tỉnh kính trình \
        Hội đồng nhân dân tỉnh xem xét, quyết định dự toán thu ngân sách nhà nước trên địa bàn, \
        chi ngân sách địa phương và phương án phân bổ ngân sách cấp tỉnh năm 2027. ";
    let document = TextDocument {
        heading: vec!["BÁO CÁO tình hình kinh tế - xã hội năm 2026".into()],
        paragraphs: (0..53).map(|_| paragraph.repeat(3)).collect(),
    };
    let figures: Vec<Figure> = (0..10)
        .map(|index| Figure {
            after_paragraph: index * 5 + 2,
            ..picture(index as u32 + 1)
        })
        .collect();
    let bytes = engine
        .write_document_with_images(&document, &figures, FONT)
        .unwrap();
    let pages = engine.page_count(&bytes).unwrap();
    assert_eq!(pages, 20, "the generated document must have 20 pages");

    let (mut render, mut png, mut webp) = (vec![], vec![], vec![]);
    let (mut png_bytes, mut webp_bytes) = (0usize, 0usize);
    for index in 0..pages {
        let start = Instant::now();
        let image = engine.render_rgb(&bytes, index, 1200, 1.0).unwrap();
        render.push(start.elapsed());
        let start = Instant::now();
        let png_size = image.encode(ImageFormat::Png).unwrap().len();
        png.push(start.elapsed());
        let start = Instant::now();
        let webp_size = image.encode(ImageFormat::Webp).unwrap().len();
        webp.push(start.elapsed());
        println!(
            "page {:>2}: render {:>6.1} ms, PNG {:>6.1} ms {:>5} KiB, WebP {:>6.1} ms {:>5} KiB",
            index + 1,
            render[render.len() - 1].as_secs_f64() * 1e3,
            png[png.len() - 1].as_secs_f64() * 1e3,
            png_size / 1024,
            webp[webp.len() - 1].as_secs_f64() * 1e3,
            webp_size / 1024
        );
        png_bytes += png_size;
        webp_bytes += webp_size;
    }
    let total = |values: &[Duration]| values.iter().sum::<Duration>();
    println!(
        "20 pages at 1200 px ({pages} pages, {} bytes of PDF)",
        bytes.len()
    );
    println!(
        "render (pdfium, BGRA→RGB): median {:?}, total {:?}",
        median(render.clone()),
        total(&render)
    );
    println!(
        "PNG  (fast deflate):  median {:?}, total {:?}, {} KiB in all, {} KiB a page",
        median(png.clone()),
        total(&png),
        png_bytes / 1024,
        png_bytes / 1024 / pages as usize
    );
    println!(
        "WebP (lossless):      median {:?}, total {:?}, {} KiB in all, {} KiB a page",
        median(webp.clone()),
        total(&webp),
        webp_bytes / 1024,
        webp_bytes / 1024 / pages as usize
    );
}

fn main() {
    png_against_webp_at_1200_px();
}
