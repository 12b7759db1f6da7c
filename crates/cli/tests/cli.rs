//! The command line as a user runs it: the real binary, real files, real libpdfium.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phonghop-cli"))
}

#[test]
fn pdf_check_reports_each_file_and_keeps_going_after_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let engine = phonghop_pdf::PdfEngine::bind_default().unwrap();
    let good = engine
        .write_text_document(
            &phonghop_pdf::TextDocument {
                heading: vec!["Biên bản kỳ họp".into()],
                paragraphs: vec!["Nội dung.".into()],
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap();
    std::fs::write(dir.path().join("good.pdf"), &good).unwrap();
    std::fs::write(dir.path().join("bad.pdf"), b"%PDF-1.7 truncated").unwrap();

    let output = cli()
        .args(["pdf", "check"])
        .arg(dir.path().join("bad.pdf"))
        .arg(dir.path().join("missing.pdf"))
        .arg(dir.path().join("good.pdf"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].contains("bad.pdf: error pdf.malformed"),
        "{stdout}"
    );
    assert!(lines[1].contains("error io.failed"), "{stdout}");
    assert!(lines[2].ends_with("ok 1 pages"), "{stdout}");
}

/// A one-page PDF of `media_box`, written by hand with a correct cross-reference table.
fn hand_pdf(media_box: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Count 1 /Kids [3 0 R] /MediaBox {media_box} >>"),
        "<< /Type /Page /Parent 2 0 R >>".to_string(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

#[test]
fn pdf_check_renders_every_page_and_reports_one_that_cannot_be() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a4.pdf"), hand_pdf("[0 0 595 842]")).unwrap();
    std::fs::write(dir.path().join("tall.pdf"), hand_pdf("[0 0 10 200000]")).unwrap();
    let output = cli()
        .args(["pdf", "check"])
        .arg(dir.path().join("a4.pdf"))
        .arg(dir.path().join("tall.pdf"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("a4.pdf: ok 1 pages"), "{stdout}");
    assert!(
        lines[1].contains("tall.pdf: error pdf.page_too_large: page 1:"),
        "{stdout}"
    );
}

#[test]
fn pdf_render_writes_the_asked_page_as_png_or_webp() {
    let dir = tempfile::tempdir().unwrap();
    let engine = phonghop_pdf::PdfEngine::bind_default().unwrap();
    let document = engine
        .write_text_document(
            &phonghop_pdf::TextDocument {
                heading: vec!["Tờ trình".into()],
                paragraphs: vec!["Kính trình Hội đồng nhân dân tỉnh xem xét. ".repeat(80)],
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap();
    assert_eq!(engine.page_count(&document).unwrap(), 2);
    let file = dir.path().join("to-trinh.pdf");
    std::fs::write(&file, &document).unwrap();

    let png = dir.path().join("page2.png");
    let output = cli()
        .args(["pdf", "render"])
        .arg(&file)
        .args(["--page", "2", "--width", "300", "--out"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("page 2, 300×"), "{stdout}");

    let webp = dir.path().join("page1.webp");
    let output = cli()
        .args(["pdf", "render"])
        .arg(&file)
        .args(["--width", "200", "--out"])
        .arg(&webp)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(&std::fs::read(&webp).unwrap()[8..12], b"WEBP");

    let output = cli()
        .args(["pdf", "render"])
        .arg(&file)
        .args(["--page", "3", "--out"])
        .arg(dir.path().join("none.png"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error pdf.no_such_page: page 3 does not exist"),
        "{stderr}"
    );
    assert!(!dir.path().join("none.png").exists());
}

#[test]
fn listing_without_a_profile_fails_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let output = cli()
        .arg("--profile")
        .arg(dir.path())
        .arg("ls")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error profile.missing"), "{stderr}");
}

#[test]
fn pdf_import_turns_a_picture_into_a_one_page_pdf_and_explains_missing_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("so-do.png");
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 40, 20);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&[90u8; 40 * 20 * 3])
            .unwrap();
    }
    std::fs::write(&picture, bytes).unwrap();
    let out = dir.path().join("so-do.pdf");
    let output = cli()
        .args(["pdf", "import"])
        .arg(&picture)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let pdf = std::fs::read(&out).unwrap();
    assert_eq!(
        phonghop_pdf::PdfEngine::bind_default()
            .unwrap()
            .page_count(&pdf)
            .unwrap(),
        1
    );

    let docx = dir.path().join("bao-cao.docx");
    std::fs::write(&docx, b"PK").unwrap();
    let output = cli()
        .args(["pdf", "import"])
        .arg(&docx)
        .arg("--out")
        .arg(dir.path().join("bao-cao.pdf"))
        .env("PATH", "/nonexistent")
        .env_remove("PHONGHOP_SOFFICE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("import.converter_missing"), "{stderr}");
    assert!(stderr.contains("apt-get install libreoffice"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_words_typed_without_diacritics_in_the_synced_documents() {
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let profile = world.profile("member-02");
    let run = |args: &[&str]| {
        let output = cli()
            .arg("--profile")
            .arg(&profile)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    // Before a sync there is nothing on this device to search.
    assert!(run(&["search", "bieu quyet"]).contains("0 kết quả"));
    run(&["sync"]);
    let text = run(&["search", "bieu quyet"]);
    assert!(text.contains("[biểu quyết]"), "{text}");
    assert!(
        text.contains("Báo cáo tình hình kinh tế - xã hội năm 2026 — trang/page 4"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["search", "BIỂU QUYẾT", "--json"])).unwrap();
    let hits = json[0]["results"]["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3, "{json}");
    assert!(
        hits.iter()
            .all(|hit| hit["matched"].as_str().unwrap().to_lowercase() == "biểu quyết")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_follow_syncs_on_news_and_stops_on_interrupt() {
    use std::io::BufRead;
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let profile = world.profile("member-07");
    let mut child = cli()
        .arg("--profile")
        .arg(&profile)
        .args(["sync", "--follow"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (lines_in, lines) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines_in.send(line);
        }
    });
    let wait_for = |needle: &str| loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no line with {needle:?} within 30 s"));
        if line.contains(needle) {
            return line;
        }
    };
    wait_for("connected");
    assert!(wait_for("news").contains("synced 1 meetings"));
    let secretary = phonghop_core::App::open(&world.profile("secretary")).unwrap();
    let member = phonghop_core::App::open(&profile).unwrap();
    secretary
        .publish_meeting(&phonghop_core::MeetingDraft {
            info: phonghop_domain::MeetingInfo {
                title: "Phiên họp bất thường".into(),
                body: "Thường trực HĐND tỉnh".into(),
                kind: phonghop_domain::MeetingKind::Sitting,
                starts_at: "2027-01-11T08:00:00+07:00".into(),
                ends_at: None,
                place: "Phòng họp số 2".into(),
            },
            items: vec![],
            participant_user_ids: vec![member.profile().config.user_id.clone()],
        })
        .await
        .unwrap();
    assert!(wait_for("news").contains("synced 2 meetings"));

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "an interrupt ends following cleanly: {status:?}"
    );
}
