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
