//! `cargo bench -p phonghop-core --bench render` (run by `cargo xtask bench render`): the
//! time from "show page N" to image bytes ready for the webview, for a 100-page document
//! of text and pictures, beside `mutool draw` and `pdftoppm` rendering the same pages at
//! the same size in the same run.
//!
//! * **first page**: open the signed manifest, decrypt and check every chunk, open the
//!   PDF in the pdfium worker, render page 1, encode — what a member waits for after
//!   choosing a document.
//! * **page turn**: render page N of the open document and encode, with the page cache
//!   bypassed (a cached or prefetched page costs nothing).
//! * **out of process**: the same page turn through a child process that owns pdfium and
//!   answers over pipes — the cost of isolating pdfium crashes from the app.
//!
//! The baselines start a process per page, parse the file and render, as a person would run
//! them; `mutool` is also timed drawing every page in one run, which is its cost per page
//! without start-up. Prints a table and writes JSON to `$PHONGHOP_BENCH_OUT`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use phonghop_crypto::document::{
    ChunkParams, DocumentMeta, assemble_document, encrypt_document, open_manifest,
};
use phonghop_crypto::{DeviceSecrets, SymmetricKey};
use phonghop_pdf::{Figure, ImageFormat, PdfEngine, PdfWorker, RenderRequest, TextDocument};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// Pages in the measured document.
const PAGES: u32 = 100;
/// The width pages are drawn at: an A4 page filling a 1280-pixel-wide window.
const WIDTH: u32 = 1200;
/// Times the first page is measured (each a fresh open of the document).
const FIRST_PAGE_RUNS: usize = 15;

fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A photo-like picture: smooth colour gradients with noise, which compresses badly.
fn picture(seed: u32) -> Figure {
    let (width, height) = (720u32, 440u32);
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = state & 0x1f;
            rgb.push(((x * 255 / width + noise) & 0xff) as u8);
            rgb.push(((y * 255 / height + noise) & 0xff) as u8);
            rgb.push((((x + y + seed * 40) % 255) + noise / 2).min(255) as u8);
        }
    }
    Figure {
        after_paragraph: 0,
        width,
        height,
        rgb,
    }
}

/// The report with `count` paragraphs and a picture after every 22nd.
fn report(engine: &PdfEngine, count: usize) -> Vec<u8> {
    let paragraph = "Ủy ban nhân dân tỉnh báo cáo Hội đồng nhân dân tỉnh kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh; các chỉ tiêu chủ yếu đều đạt và vượt kế hoạch, trong đó thu ngân sách, giải ngân vốn đầu tư công và giảm nghèo bền vững có nhiều chuyển biến tích cực.";
    let paragraphs: Vec<String> = (1..=count).map(|n| format!("{n}. {paragraph}")).collect();
    let figures: Vec<Figure> = (1..=count / 22)
        .map(|n| Figure {
            after_paragraph: n * 22,
            ..picture(n as u32)
        })
        .collect();
    engine
        .write_document_with_images(
            &TextDocument {
                heading: vec!["BÁO CÁO tình hình kinh tế - xã hội".into()],
                paragraphs,
            },
            &figures,
            FONT,
        )
        .unwrap()
}

/// A report of at least [`PAGES`] pages of text and pictures, laid out in a few tries.
fn hundred_pages(engine: &PdfEngine) -> Vec<u8> {
    let mut count = 800;
    loop {
        let bytes = report(engine, count);
        let pages = engine.page_count(&bytes).unwrap() as usize;
        if pages >= PAGES as usize {
            return bytes;
        }
        count = count * PAGES as usize / pages.max(1) + 10;
    }
}

/// Runs `command`, returning its wall time, or why it failed.
fn timed(command: &mut Command) -> Result<Duration, String> {
    let started = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(started.elapsed())
}

fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// The child side of the out-of-process measurement: reads the PDF, then page numbers,
/// and answers each with the encoded page.
fn render_child() -> ExitCode {
    let engine = PdfEngine::bind_default().unwrap();
    let worker = PdfWorker::start(engine).unwrap();
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    let mut length = [0u8; 4];
    input.read_exact(&mut length).unwrap();
    let mut pdf = vec![0; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut pdf).unwrap();
    worker.open("doc", pdf).unwrap();
    while input.read_exact(&mut length).is_ok() {
        let page = worker
            .render_page(
                "doc",
                u32::from_le_bytes(length),
                request(ImageFormat::Webp),
            )
            .unwrap();
        output
            .write_all(&(page.bytes.len() as u32).to_le_bytes())
            .unwrap();
        output.write_all(&page.bytes).unwrap();
        output.flush().unwrap();
    }
    ExitCode::SUCCESS
}

fn request(format: ImageFormat) -> RenderRequest {
    RenderRequest {
        width_px: WIDTH,
        device_pixel_ratio: 1.0,
        format,
    }
}

struct Row {
    name: &'static str,
    p50: Duration,
    p95: Duration,
    note: String,
}

fn row(name: &'static str, samples: &[Duration], note: impl Into<String>) -> Row {
    Row {
        name,
        p50: percentile(samples, 50.0),
        p95: percentile(samples, 95.0),
        note: note.into(),
    }
}

fn run(out: &Path) -> Result<(), String> {
    let engine = PdfEngine::bind_default().map_err(|e| e.to_string())?;
    println!("bench: laying out a {PAGES}-page document of text and pictures");
    let pdf = hundred_pages(engine);
    let pages = engine.page_count(&pdf).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).map_err(|e| e.to_string())?;
    println!("bench: {pages} pages, {} KiB", pdf.len() / 1024);

    // The document as the app holds it: encrypted chunks and a signed manifest.
    let key = SymmetricKey::generate().map_err(|e| e.to_string())?;
    let device = DeviceSecrets::generate().map_err(|e| e.to_string())?;
    let meta = DocumentMeta {
        document_id: "bench".into(),
        revision: 1,
        media_type: "application/pdf".into(),
    };
    let encrypted = encrypt_document(&key, &device, meta, &pdf, ChunkParams::DEFAULT)
        .map_err(|e| e.to_string())?;
    let chunks: HashMap<String, Vec<u8>> = encrypted
        .chunks
        .iter()
        .map(|chunk| (chunk.id.clone(), chunk.bytes.clone()))
        .collect();
    let signing_key = device.signing().public_key();

    let worker = PdfWorker::start(engine).map_err(|e| e.to_string())?;
    let mut first = Vec::new();
    for run in 0..FIRST_PAGE_RUNS {
        let started = Instant::now();
        let manifest = open_manifest(&key, &signing_key, "bench", 1, &encrypted.sealed_manifest)
            .map_err(|e| e.to_string())?;
        let plaintext = assemble_document(&key, &manifest, |id| chunks.get(id).cloned())
            .map_err(|e| e.to_string())?;
        let name = format!("open-{run}");
        worker.open(&name, plaintext).map_err(|e| e.to_string())?;
        worker
            .render_page(&name, 0, request(ImageFormat::Webp))
            .map_err(|e| e.to_string())?;
        first.push(started.elapsed());
        worker.close(&name);
    }

    worker.open("doc", pdf.clone()).map_err(|e| e.to_string())?;
    let mut turns_webp = Vec::new();
    let mut turns_png = Vec::new();
    let mut render_only = Vec::new();
    for page in 0..pages {
        let started = Instant::now();
        worker
            .render_page("doc", page, request(ImageFormat::Webp))
            .map_err(|e| e.to_string())?;
        turns_webp.push(started.elapsed());
        let started = Instant::now();
        worker
            .render_page("doc", page, request(ImageFormat::Png))
            .map_err(|e| e.to_string())?;
        turns_png.push(started.elapsed());
        let started = Instant::now();
        worker
            .render_rgb("doc", page, WIDTH, 1.0)
            .map_err(|e| e.to_string())?;
        render_only.push(started.elapsed());
    }

    // The same page turns through a child process owning pdfium.
    let mut child = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .arg("--render-child")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut to_child = child.stdin.take().ok_or("no stdin")?;
    let mut from_child = child.stdout.take().ok_or("no stdout")?;
    to_child
        .write_all(&(pdf.len() as u32).to_le_bytes())
        .and_then(|()| to_child.write_all(&pdf))
        .map_err(|e| e.to_string())?;
    let mut turns_child = Vec::new();
    for page in 0..pages {
        let started = Instant::now();
        to_child
            .write_all(&page.to_le_bytes())
            .map_err(|e| e.to_string())?;
        let mut length = [0u8; 4];
        from_child
            .read_exact(&mut length)
            .map_err(|e| e.to_string())?;
        let mut image = vec![0; u32::from_le_bytes(length) as usize];
        from_child
            .read_exact(&mut image)
            .map_err(|e| e.to_string())?;
        turns_child.push(started.elapsed());
    }
    drop(to_child);
    let _ = child.wait();

    let mut rows = vec![
        row(
            "first page (decrypt + open + render + WebP)",
            &first,
            format!("{FIRST_PAGE_RUNS} opens"),
        ),
        row("page turn (render + WebP)", &turns_webp, "uncached"),
        row("page turn (render + PNG)", &turns_png, "uncached"),
        row("page turn, render only", &render_only, "no encoding"),
        row("page turn in a child process (WebP)", &turns_child, "pipes"),
    ];
    let mut baselines = Vec::new();
    if have("mutool") {
        let mut samples = Vec::new();
        for page in 1..=pages {
            samples.push(timed(
                Command::new("mutool")
                    .args([
                        "draw",
                        "-q",
                        "-F",
                        "png",
                        "-o",
                        "/dev/null",
                        "-w",
                        &WIDTH.to_string(),
                    ])
                    .arg(&file)
                    .arg(page.to_string()),
            )?);
        }
        rows.push(row(
            "mutool draw, a process per page (PNG)",
            &samples,
            "start + parse + render",
        ));
        let all = timed(
            Command::new("mutool")
                .args([
                    "draw",
                    "-q",
                    "-F",
                    "png",
                    "-o",
                    "/dev/null",
                    "-w",
                    &WIDTH.to_string(),
                ])
                .arg(&file),
        )?;
        let mean = all / pages;
        rows.push(Row {
            name: "mutool draw, all pages in one run (PNG)",
            p50: mean,
            p95: mean,
            note: "mean per page".into(),
        });
        baselines.push(("mutool", samples));
    } else {
        println!("note: mutool is not installed (Debian: mupdf-tools); its baseline is left out");
    }
    if have("pdftoppm") {
        let mut samples = Vec::new();
        for page in 1..=pages {
            let n = page.to_string();
            samples.push(timed(
                Command::new("pdftoppm")
                    .args([
                        "-png",
                        "-scale-to-x",
                        &WIDTH.to_string(),
                        "-scale-to-y",
                        "-1",
                        "-f",
                        &n,
                        "-l",
                        &n,
                    ])
                    .arg(&file)
                    .arg(dir.path().join("page")),
            )?);
        }
        rows.push(row(
            "pdftoppm, a process per page (PNG)",
            &samples,
            "start + parse + render",
        ));
        baselines.push(("pdftoppm", samples));
    } else {
        println!(
            "note: pdftoppm is not installed (Debian: poppler-utils); its baseline is left out"
        );
    }

    println!();
    println!("| step ({pages} pages, {WIDTH} px wide) | p50 ms | p95 ms | note |");
    println!("| --- | --- | --- | --- |");
    for row in &rows {
        println!(
            "| {} | {:.1} | {:.1} | {} |",
            row.name,
            ms(row.p50),
            ms(row.p95),
            row.note
        );
    }
    let ours = percentile(&turns_webp, 95.0);
    let mut ratios = Vec::new();
    for (tool, samples) in &baselines {
        // Per page: our turn of page N over the tool's time for page N.
        let per_page: Vec<f64> = turns_webp
            .iter()
            .zip(samples)
            .map(|(ours, theirs)| ours.as_secs_f64() / theirs.as_secs_f64())
            .collect();
        let mut sorted = per_page.clone();
        sorted.sort_by(f64::total_cmp);
        let p95 = sorted[((sorted.len() - 1) as f64 * 0.95).round() as usize];
        let ratio = ms(ours) / ms(percentile(samples, 95.0));
        println!(
            "ratio: our p95 page turn / {tool} p95 per page = {ratio:.2}; per page, p95 of (ours / {tool}) = {p95:.2}"
        );
        ratios.push(format!(
            "\"{tool}\": {{\"p95_ratio\": {ratio:.3}, \"per_page_p95_ratio\": {p95:.3}}}"
        ));
    }
    println!(
        "goal: p95 page turn <= 1.5x mutool's time for that page and <= 50 ms; ours is {:.1} ms",
        ms(ours)
    );

    let json_rows: Vec<String> = rows
        .iter()
        .map(|row| {
            format!(
                "{{\"name\": {:?}, \"p50_ms\": {:.2}, \"p95_ms\": {:.2}, \"note\": {:?}}}",
                row.name,
                ms(row.p50),
                ms(row.p95),
                row.note
            )
        })
        .collect();
    let json = format!(
        "{{\n  \"pages\": {pages},\n  \"width_px\": {WIDTH},\n  \"pdf_bytes\": {},\n  \"rows\": [\n    {}\n  ],\n  \"ratios\": {{{}}}\n}}\n",
        pdf.len(),
        json_rows.join(",\n    "),
        ratios.join(", ")
    );
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(out, json).map_err(|e| e.to_string())?;
    println!("bench: wrote {}", out.display());
    Ok(())
}

fn main() -> ExitCode {
    if std::env::args().any(|arg| arg == "--render-child") {
        return render_child();
    }
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("render bench: run it with `cargo xtask bench render` (release mode)");
        return ExitCode::SUCCESS;
    }
    let out = std::env::var_os("PHONGHOP_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("target/bench/render.json"));
    match run(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("render bench: error: {error}");
            ExitCode::FAILURE
        }
    }
}
