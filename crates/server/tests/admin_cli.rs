//! The server's administration commands as an administrator runs them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::process::Command;

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phonghop-server"))
}

#[test]
fn init_then_add_a_person_prints_a_code_and_mistakes_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let init = server()
        .args(["init", "--organisation", "Hội đồng nhân dân tỉnh", "--data"])
        .arg(&data)
        .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let again = server()
        .args(["init", "--organisation", "x", "--data"])
        .arg(&data)
        .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "init must not overwrite an organisation"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds an organisation"));

    let add = server()
        .args([
            "users",
            "add",
            "--name",
            "Lê Văn Bình",
            "--role",
            "member",
            "--data",
        ])
        .arg(&data)
        .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
        .output()
        .unwrap();
    assert!(add.status.success());
    let stdout = String::from_utf8(add.stdout).unwrap();
    let code = stdout
        .lines()
        .find_map(|line| line.strip_prefix("Mã đăng ký / enrollment code: "))
        .unwrap();
    assert_eq!(code.len(), 19, "{stdout}");

    let bad_role = server()
        .args([
            "users",
            "add",
            "--name",
            "X",
            "--role",
            "president",
            "--data",
        ])
        .arg(&data)
        .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
        .output()
        .unwrap();
    assert_eq!(bad_role.status.code(), Some(2));
    let missing = server()
        .args(["users", "add", "--name", "X", "--role", "member", "--data"])
        .arg(dir.path().join("nowhere"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(
        stderr.starts_with("error: ") && stderr.contains("phonghop-server init"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("backtrace"),
        "no backtrace for a user mistake: {stderr}"
    );
}

#[test]
fn backup_and_restore_from_the_command_line_and_refuse_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&std::ffi::OsStr]| {
        server()
            .args(args)
            .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
            .output()
            .unwrap()
    };
    let os = |text: &str| std::ffi::OsString::from(text);
    let init = run(&[
        &os("init"),
        &os("--organisation"),
        &os("UBND xã"),
        &os("--data"),
        data.as_os_str(),
    ]);
    assert!(init.status.success());
    let saved = dir.path().join("saved");
    let backup = run(&[
        &os("backup"),
        &os("--data"),
        data.as_os_str(),
        &os("--out"),
        saved.as_os_str(),
    ]);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(String::from_utf8_lossy(&backup.stdout).contains("root.key"));
    let restored = dir.path().join("restored");
    let restore = run(&[
        &os("restore"),
        &os("--from"),
        saved.as_os_str(),
        &os("--data"),
        restored.as_os_str(),
    ]);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert_eq!(
        std::fs::read(restored.join("root.key")).unwrap(),
        std::fs::read(data.join("root.key")).unwrap()
    );
    let again = run(&[
        &os("restore"),
        &os("--from"),
        saved.as_os_str(),
        &os("--data"),
        data.as_os_str(),
    ]);
    assert!(
        !again.status.success(),
        "restoring over a live directory is refused"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("backup.target_not_empty"));
}

#[test]
fn members_imported_from_a_spreadsheet_get_codes_once_and_a_bad_file_imports_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        server()
            .args(args)
            .arg("--data")
            .arg(&data)
            .env("PHONGHOP_ADMIN_PASSPHRASE", "mật khẩu quản trị")
            .output()
            .unwrap()
    };
    let init = run(&[
        "init",
        "--organisation",
        "HĐND tỉnh",
        "--host",
        "hdnd.lamgiang.vn",
    ]);
    assert!(init.status.success());
    // init prints the address clients enroll with; `address` prints the same again.
    let printed = String::from_utf8(init.stdout).unwrap();
    let enroll_address = printed
        .lines()
        .find_map(|line| line.strip_prefix("Client address / địa chỉ cho máy trạm: "))
        .unwrap()
        .to_owned();
    assert!(
        enroll_address.starts_with("https://hdnd.lamgiang.vn:8443/#sha256="),
        "{printed}"
    );
    let address = server()
        .args(["address", "--host", "hdnd.lamgiang.vn", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(address.stdout).unwrap().trim(),
        enroll_address
    );
    let settings = std::fs::read_to_string(data.join("server.toml")).unwrap();
    assert!(
        settings.contains("[tls]") && settings.contains("# "),
        "commented: {settings}"
    );
    let sheet = dir.path().join("dai-bieu.csv");
    // As a spreadsheet saves it: a byte-order mark, Vietnamese headers, a quoted comma.
    std::fs::write(
        &sheet,
        "\u{feff}Họ và tên,Chức vụ,Ban,Vai trò\n\
         Nguyễn Thị Hoa,Đại biểu,Ban Kinh tế - Ngân sách,Đại biểu\n\
         Trần Văn Nam,\"Trưởng ban, Ban Pháp chế\",Ban Pháp chế,chủ tọa\n",
    )
    .unwrap();
    let import = run(&["users", "import", sheet.to_str().unwrap()]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let stdout = String::from_utf8(import.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[1].starts_with("Nguyễn Thị Hoa,Đại biểu,Ban Kinh tế - Ngân sách,member,"));
    assert!(
        lines[2].contains("\"Trưởng ban, Ban Pháp chế\""),
        "{stdout}"
    );
    let code = |line: &str| line.rsplit(',').nth(1).map(str::to_owned).unwrap();
    assert_eq!(
        code(lines[1]).len(),
        19,
        "a new person gets a code: {stdout}"
    );

    let again = run(&["users", "import", sheet.to_str().unwrap()]);
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(stdout.contains("already present"), "{stdout}");
    assert!(
        stdout.lines().skip(1).all(|line| code(line).is_empty()),
        "no second code: {stdout}"
    );

    let bad = dir.path().join("sai.csv");
    std::fs::write(&bad, "name,role\nLê Văn Mới,member\nVõ Thị Sai,president\n").unwrap();
    let refused = run(&["users", "import", bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("line 3: unknown role \"president\""),
        "{stderr}"
    );
    let list = run(&["users", "list", "--json"]);
    let users: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(users.len(), 2, "nobody from the bad file was added");
    assert_eq!(users[1]["committees"][0], "Ban Pháp chế");

    let committees = String::from_utf8(run(&["committees", "list"]).stdout).unwrap();
    assert!(
        committees.contains("Ban Kinh tế - Ngân sách  (1"),
        "{committees}"
    );
    let verify = run(&["verify"]);
    assert!(verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact: 0 meetings"));
    let devices = run(&["devices", "list"]);
    assert!(devices.status.success());
    let missing = run(&["devices", "revoke", "nothing-here"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no device nothing-here"));
}
