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
