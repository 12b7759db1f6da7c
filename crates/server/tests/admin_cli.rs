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
