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
                online_link: None,
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

/// Blobs held in a profile's store, and their bytes (read while another process writes).
fn held_blobs(profile: &std::path::Path) -> (u64, u64) {
    let connection = rusqlite::Connection::open_with_flags(
        profile.join("store.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    connection
        .query_row(
            "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM blobs",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap_or((0, 0))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_killed_mid_download_finishes_after_a_restart_without_fetching_finished_chunks_again()
 {
    use phonghop_tests::proxy::{CutProxy, point_profile_at};
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let secretary = phonghop_core::App::open(&world.profile("secretary")).unwrap();
    let profile = world.profile("member-05");
    let member_id = phonghop_core::App::open(&profile)
        .unwrap()
        .profile()
        .config
        .user_id
        .clone();
    let documents = [
        phonghop_tests::noise(51, 2_000_000),
        phonghop_tests::noise(52, 2_000_000),
    ];
    let meeting = secretary
        .publish_meeting(&phonghop_core::MeetingDraft {
            info: phonghop_domain::MeetingInfo {
                title: "Kỳ họp giữa năm".into(),
                body: "Hội đồng nhân dân tỉnh".into(),
                kind: phonghop_domain::MeetingKind::Session,
                starts_at: "2027-06-01T08:00:00+07:00".into(),
                ends_at: None,
                place: "Hội trường".into(),
                online_link: None,
            },
            items: documents
                .iter()
                .enumerate()
                .map(|(index, bytes)| phonghop_core::DraftItem {
                    title: format!("Nội dung {}", index + 1),
                    presenter: None,
                    documents: vec![phonghop_core::DraftDocument {
                        title: format!("Tài liệu {}", index + 1),
                        kind: phonghop_domain::DocumentKind::Report,
                        bytes: bytes.clone(),
                    }],
                })
                .collect(),
            participant_user_ids: vec![member_id],
        })
        .await
        .unwrap();

    let url = world.server.url();
    let proxy = CutProxy::in_front_of(&url).await.unwrap();
    point_profile_at(&profile, &proxy.address_for(&url)).unwrap();
    proxy.set_rate(1_000_000);
    let mut child = cli()
        .arg("--profile")
        .arg(&profile)
        .arg("sync")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while held_blobs(&profile).1 < 1_500_000 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sync ended before it could be killed"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    child.kill().unwrap(); // SIGKILL: no chance to tidy up
    child.wait().unwrap();
    let (chunks_at_kill, bytes_at_kill) = held_blobs(&profile);
    assert!(bytes_at_kill >= 1_500_000);

    proxy.set_rate(0);
    proxy.reset_count();
    let output = cli()
        .arg("--profile")
        .arg(&profile)
        .args(["--json", "sync"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (chunks_now, bytes_now) = held_blobs(&profile);
    // Every blob fetched after the restart was one the store lacked.
    assert_eq!(
        report["chunksFetched"].as_u64().unwrap(),
        chunks_now - chunks_at_kill
    );
    assert_eq!(
        report["bytesFetched"].as_u64().unwrap(),
        bytes_now - bytes_at_kill
    );
    // And the wire agrees: what came down is the rest plus framing, not the whole again.
    let rest = bytes_now - bytes_at_kill;
    assert!(
        proxy.bytes_down() < rest + rest / 10 + 100_000,
        "{} bytes came down to finish {rest} bytes",
        proxy.bytes_down()
    );
    let member = phonghop_core::App::open(&profile).unwrap();
    let view = phonghop_tests::meeting_view(&member, &meeting)
        .unwrap()
        .unwrap();
    assert!(view.ready);
    let ids: Vec<String> = view
        .agenda
        .iter()
        .flat_map(|item| item.documents.iter().map(|document| document.id.clone()))
        .collect();
    for (id, bytes) in ids.iter().zip(&documents) {
        assert_eq!(&member.open_document(&meeting, id).unwrap(), bytes);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secretary_publishes_revises_and_checks_status_from_the_command_line() {
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let secretary = world.profile("secretary");
    let member = phonghop_core::App::open(&world.profile("member-06")).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let original = phonghop_tests::noise(61, 400_000);
    std::fs::write(folder.path().join("to-trinh.pdf"), &original).unwrap();
    let description = serde_json::json!({
        "title": "Phiên họp thường kỳ tháng 12",
        "body": "Thường trực HĐND tỉnh",
        "kind": "sitting",
        "startsAt": "2026-12-07T08:00:00+07:00",
        "endsAt": null,
        "place": "Phòng họp số 1",
        "participants": [member.profile().config.user_id],
        "agenda": [{"title": "Tờ trình", "presenter": "Sở Tài chính",
                    "documents": [{"title": "Tờ trình số 12", "kind": "proposal", "file": "to-trinh.pdf"}]}]
    });
    let file = folder.path().join("hop.json");
    std::fs::write(&file, description.to_string()).unwrap();
    let run = |args: &[&str]| {
        let output = cli()
            .arg("--profile")
            .arg(&secretary)
            .arg("--json")
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let published = run(&["publish", file.to_str().unwrap()]);
    assert_eq!(published["queued"], false);
    let meeting = published["meetingId"].as_str().unwrap().to_owned();

    member.sync_now().await.unwrap();
    let view = phonghop_tests::meeting_view(&member, &meeting)
        .unwrap()
        .unwrap();
    assert!(view.ready);
    let document = view.agenda[0].documents[0].id.clone();

    let mut revised = original.clone();
    revised[200_000..200_008].copy_from_slice(b"12/2026!");
    std::fs::write(folder.path().join("to-trinh-v2.pdf"), &revised).unwrap();
    let report = run(&[
        "revise",
        "--meeting",
        &meeting,
        "--document",
        &document,
        folder.path().join("to-trinh-v2.pdf").to_str().unwrap(),
    ]);
    assert_eq!(report["revision"], 2);
    assert!(report["chunksSent"].as_u64().unwrap() < report["chunks"].as_u64().unwrap() / 4);
    member.sync_now().await.unwrap();
    assert_eq!(member.open_document(&meeting, &document).unwrap(), revised);

    let status = run(&["status"]);
    assert_eq!(status["outbox"].as_array().unwrap().len(), 0);
    assert!(
        status["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == meeting.as_str() && m["ready"] == true)
    );

    // A description naming a missing file fails with a code and publishes nothing.
    std::fs::write(
        &file,
        description
            .to_string()
            .replace("to-trinh.pdf", "khong-co.pdf"),
    )
    .unwrap();
    let output = cli()
        .arg("--profile")
        .arg(&secretary)
        .args(["publish", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("error io.failed"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_protected_with_a_passphrase_opens_only_with_it() {
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let profile = world.profile("member-08");
    let run = |args: &[&str], passphrase: Option<&str>| {
        let mut command = cli();
        command
            .arg("--profile")
            .arg(&profile)
            .args(args)
            .env_remove("PHONGHOP_PASSPHRASE")
            .stdin(std::process::Stdio::null());
        if let Some(passphrase) = passphrase {
            command.env("PHONGHOP_PASSPHRASE", passphrase);
        }
        command.env("PHONGHOP_NEW_PASSPHRASE", "mật khẩu đại biểu 08");
        command.output().unwrap()
    };
    let set = run(&["set-passphrase"], None);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let key = std::fs::read(profile.join("device.key")).unwrap();
    assert!(key.starts_with(b"PHKSTORE"), "the key file is now sealed");

    let locked = run(&["ls"], None);
    assert!(!locked.status.success());
    assert!(String::from_utf8_lossy(&locked.stderr).contains("error profile.locked"));
    let wrong = run(&["unlock"], Some("không phải mật khẩu"));
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("error crypto.wrong_passphrase"));
    let right = run(&["unlock"], Some("mật khẩu đại biểu 08"));
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    let synced = run(&["--json", "sync"], Some("mật khẩu đại biểu 08"));
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&synced.stdout).unwrap();
    assert_eq!(
        report["meetings"], 1,
        "the device still signs in after being protected"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn members_check_in_and_the_chair_reads_the_roster_from_the_command_line() {
    let world = phonghop_tests::SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let run = |profile: &str, args: &[&str]| {
        let output = cli()
            .arg("--profile")
            .arg(world.profile(profile))
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    run("member-02", &["sync"]);
    run("chair", &["sync"]);
    run(
        "member-02",
        &[
            "attend",
            &meeting,
            "--presence",
            "absent",
            "--reason",
            "Ốm, có giấy nghỉ",
        ],
    );
    run("chair", &["attend", &meeting, "--presence", "in-person"]);
    let roster: serde_json::Value =
        serde_json::from_str(&run("chair", &["--json", "roster", &meeting])).unwrap();
    let lines = roster["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .any(|line| line["presence"] == "absent" && line["reason"] == "Ốm, có giấy nghỉ")
    );
    assert_eq!(roster["quorum"]["present"], 1);
    assert_eq!(roster["quorum"]["met"], false);
    let text = run("chair", &["roster", &meeting]);
    assert!(text.contains("chưa đủ túc số"), "{text}");
}
