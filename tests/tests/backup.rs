//! Backup while the server runs, restore into a fresh directory, and serve the same
//! meetings from it; damaged blobs and non-empty targets are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::path::Path;

use phonghop_core::App;
use phonghop_server::DATABASE_FILE;
use phonghop_server::backup::{backup, restore};
use phonghop_tests::{SeededWorld, files_under};

/// Every row of every table, as text, by table.
fn dump(database: &Path) -> BTreeMap<String, Vec<String>> {
    let connection = rusqlite::Connection::open(database).unwrap();
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    for table in tables {
        let mut statement = connection
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(table, rows);
    }
    out
}

/// Blob files under `dir` by relative path, with their bytes.
fn blobs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(&dir.join("blobs"))
        .into_iter()
        .map(|file| {
            let name = file.strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(&file).unwrap())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_serving_restores_to_a_server_with_the_same_meetings() {
    let world = SeededWorld::start().await.unwrap();
    let live = world.server.data_dir().to_path_buf();
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("backup");

    let manifest = backup(&live, &saved).unwrap();
    assert!(manifest.blobs > 0);
    assert!(
        manifest.files.contains(&"root.key".to_string()),
        "{:?}",
        manifest.files
    );

    let restored = work.path().join("restored");
    restore(&saved, &restored).unwrap();
    assert_eq!(
        dump(&restored.join(DATABASE_FILE)),
        dump(&live.join(DATABASE_FILE))
    );
    assert_eq!(blobs(&restored), blobs(&live));
    assert!(!work.path().join("restored.restoring").exists());

    // A server on the restored directory serves the meeting to a member, who reads it.
    let server = phonghop_server::start(&restored, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let profile = world.profile("member-04");
    let config_file = profile.join("profile.json");
    let mut config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config_file).unwrap()).unwrap();
    config["server_url"] = server.url().into();
    std::fs::write(&config_file, serde_json::to_vec(&config).unwrap()).unwrap();
    let member = App::open(&profile).unwrap();
    let report = member.sync_now().await.unwrap();
    assert_eq!(report.meetings, 1);
    assert_eq!(report.documents_fetched, world.seed.documents);
    let meeting = member.list_meetings().unwrap().remove(0);
    let first = &meeting.agenda[0].documents[0];
    assert!(
        !member
            .open_document(&meeting.id, &first.id)
            .unwrap()
            .is_empty()
    );
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_blobs_and_occupied_targets_are_refused_and_nothing_is_left_half_done() {
    let world = SeededWorld::start().await.unwrap();
    let live = world.server.data_dir().to_path_buf();
    let work = tempfile::tempdir().unwrap();

    // A folder that already holds something is never overwritten.
    let occupied = work.path().join("occupied");
    std::fs::create_dir_all(&occupied).unwrap();
    std::fs::write(occupied.join("keep.txt"), b"do not lose me").unwrap();
    assert_eq!(
        backup(&live, &occupied).unwrap_err().body.code,
        "backup.target_not_empty"
    );
    let saved = work.path().join("backup");
    backup(&live, &saved).unwrap();
    assert_eq!(
        restore(&saved, &occupied).unwrap_err().body.code,
        "backup.target_not_empty"
    );
    assert_eq!(
        std::fs::read(occupied.join("keep.txt")).unwrap(),
        b"do not lose me"
    );
    assert_eq!(
        restore(&occupied, &work.path().join("fresh"))
            .unwrap_err()
            .body
            .code,
        "backup.not_a_backup"
    );

    // A blob damaged on disk stops the backup, naming it.
    let blob = files_under(&live.join("blobs")).remove(0);
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[0] ^= 0xff;
    std::fs::write(&blob, &bytes).unwrap();
    let error = backup(&live, &work.path().join("second")).unwrap_err();
    assert_eq!(error.body.code, "backup.blob_damaged");
    let name = blob.file_name().unwrap().to_str().unwrap();
    assert!(error.body.message.contains(name), "{}", error.body.message);

    // A backup missing a blob is refused at restore, and no data directory appears.
    let lost = files_under(&saved.join("blobs")).remove(0);
    std::fs::remove_file(lost).unwrap();
    let target = work.path().join("restored");
    assert_eq!(
        restore(&saved, &target).unwrap_err().body.code,
        "backup.incomplete"
    );
    assert!(!work.path().join("restored.restoring").exists());
    assert!(
        std::fs::read_dir(&target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(true),
        "the target stays empty"
    );
}
