//! `backup` and `restore`: a consistent copy of a data directory, taken while the server runs.
//!
//! The database is copied with SQLite's `VACUUM INTO`, which writes a consistent snapshot
//! even while the server writes (WAL). Blobs are content-addressed and never change once
//! stored, so copying the files after the snapshot gives every blob the snapshot names (and
//! perhaps a few newer ones, which are harmless). Every blob is checked against its name on
//! the way, so a backup never silently carries a damaged blob. The remaining files (the
//! encrypted root key, the administrator token) are copied as they are. A backup is as
//! secret as the data directory: it holds ciphertext only, but also the administrator token.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::blobs::is_blob_id;
use crate::{ADDRESS_FILE, ApiError, DATABASE_FILE, URL_FILE};

/// Folder of the TLS certificate and key inside the data directory.
const TLS_DIR: &str = "tls";

/// File in a backup describing it.
pub const BACKUP_MANIFEST: &str = "phonghop-backup.json";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    /// Server version that wrote it.
    pub version: String,
    /// When it was taken (seconds since 1970).
    pub created_at: u64,
    /// Blobs copied.
    pub blobs: u64,
    /// Bytes of blobs copied.
    pub blob_bytes: u64,
    /// Other files copied, relative to the data directory (root key, administrator token,
    /// settings, TLS certificate and key).
    pub files: Vec<String>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ApiError + '_ {
    move |error| {
        let mut api = ApiError::io(error);
        api.body.message = format!("{}: {}", path.display(), api.body.message);
        api
    }
}

/// Refuses a target that already holds something, so nothing is ever overwritten.
fn empty_target(dir: &Path) -> Result<(), ApiError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ApiError::conflict(
                "backup.target_not_empty",
                format!("{} is not empty; choose a new folder", dir.display()),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))
}

/// Copies every blob under `from` to `to`, checking each against its name.
fn copy_blobs(from: &Path, to: &Path) -> Result<(u64, u64), ApiError> {
    let (mut count, mut bytes) = (0, 0);
    if !from.exists() {
        return Ok((0, 0));
    }
    for fan in std::fs::read_dir(from).map_err(io(from))? {
        let fan = fan.map_err(io(from))?.path();
        if !fan.is_dir() {
            continue;
        }
        for blob in std::fs::read_dir(&fan).map_err(io(&fan))? {
            let blob = blob.map_err(io(&fan))?.path();
            let Some(name) = blob.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !is_blob_id(name) {
                continue; // temporary files of an upload in progress
            }
            let content = std::fs::read(&blob).map_err(io(&blob))?;
            if phonghop_crypto::sha256_hex(&content) != name {
                return Err(ApiError::conflict(
                    "backup.blob_damaged",
                    format!("blob {name} does not match its name: the file is damaged"),
                ));
            }
            let target_dir = to.join(&name[..2]);
            std::fs::create_dir_all(&target_dir).map_err(io(&target_dir))?;
            let target = target_dir.join(name);
            std::fs::write(&target, &content).map_err(io(&target))?;
            count += 1;
            bytes += content.len() as u64;
        }
    }
    Ok((count, bytes))
}

/// The files to carry besides the database and blobs, relative to the data directory: the
/// top-level files (root key, administrator token, settings) and the TLS certificate and key.
fn other_files(dir: &Path) -> Result<Vec<PathBuf>, ApiError> {
    let mut files = Vec::new();
    for folder in [PathBuf::new(), PathBuf::from(TLS_DIR)] {
        let absolute = dir.join(&folder);
        if !absolute.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&absolute).map_err(io(&absolute))? {
            let path = entry.map_err(io(&absolute))?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let skip = name.starts_with(DATABASE_FILE)
                || name.starts_with(ADDRESS_FILE)
                || name.starts_with(URL_FILE)
                || name == BACKUP_MANIFEST;
            if path.is_file() && !skip {
                files.push(folder.join(name));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies `name` (relative) from one folder to another, creating its parent folder. Names
/// that climb out of the folder are refused (a backup is input like any other).
fn copy_relative(from: &Path, to: &Path, name: &Path) -> Result<(), ApiError> {
    if name
        .components()
        .any(|part| !matches!(part, std::path::Component::Normal(_)))
    {
        return Err(ApiError::bad_request(
            "backup.not_a_backup",
            format!("the backup names a file outside it: {}", name.display()),
        ));
    }
    let target = to.join(name);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let source = from.join(name);
    std::fs::copy(&source, &target).map_err(io(&source))?;
    Ok(())
}

/// Takes a consistent backup of `data_dir` into the new or empty folder `out`.
pub fn backup(data_dir: &Path, out: &Path) -> Result<BackupManifest, ApiError> {
    let database = data_dir.join(DATABASE_FILE);
    if !database.exists() {
        return Err(ApiError::conflict(
            "server.not_initialised",
            format!("{} holds no organisation", data_dir.display()),
        ));
    }
    empty_target(out)?;
    let snapshot = out.join(DATABASE_FILE);
    let connection = rusqlite::Connection::open(&database).map_err(ApiError::internal)?;
    connection
        .execute(
            "VACUUM INTO ?1",
            [snapshot.to_str().ok_or_else(|| {
                ApiError::bad_request("backup.path", "the backup path is not UTF-8")
            })?],
        )
        .map_err(ApiError::internal)?;
    let (blobs, blob_bytes) = copy_blobs(&data_dir.join("blobs"), &out.join("blobs"))?;
    let mut files = Vec::new();
    for name in other_files(data_dir)? {
        copy_relative(data_dir, out, &name)?;
        files.push(name.to_string_lossy().into_owned());
    }
    let manifest = BackupManifest {
        version: env!("CARGO_PKG_VERSION").into(),
        created_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0),
        blobs,
        blob_bytes,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(ApiError::internal)?;
    std::fs::write(out.join(BACKUP_MANIFEST), json).map_err(io(out))?;
    Ok(manifest)
}

/// Restores the backup in `from` into the new or empty data directory `data_dir`, checking
/// the database and every blob.
pub fn restore(from: &Path, data_dir: &Path) -> Result<BackupManifest, ApiError> {
    let manifest_path = from.join(BACKUP_MANIFEST);
    let not_a_backup = |why: String| {
        ApiError::bad_request(
            "backup.not_a_backup",
            format!("{} is not a Phòng Họp backup: {why}", from.display()),
        )
    };
    let bytes = std::fs::read(&manifest_path)
        .map_err(|error| not_a_backup(format!("{BACKUP_MANIFEST}: {error}")))?;
    let manifest: BackupManifest =
        serde_json::from_slice(&bytes).map_err(|error| not_a_backup(error.to_string()))?;
    let snapshot = from.join(DATABASE_FILE);
    let check = rusqlite::Connection::open(&snapshot).map_err(ApiError::internal)?;
    let verdict: String = check
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(ApiError::internal)?;
    if verdict != "ok" {
        return Err(ApiError::conflict(
            "backup.database_damaged",
            format!("the backed-up database fails its integrity check: {verdict}"),
        ));
    }
    drop(check);
    empty_target(data_dir)?;
    // Everything goes to a staging folder beside the target, renamed into place only when
    // complete, so a failed restore leaves no half-restored data directory behind.
    let mut staging_name = data_dir.file_name().unwrap_or_default().to_owned();
    staging_name.push(".restoring");
    let staging = data_dir.with_file_name(staging_name);
    let _ = std::fs::remove_dir_all(&staging);
    let staged = (|| {
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        let (blobs, _) = copy_blobs(&from.join("blobs"), &staging.join("blobs"))?;
        if blobs != manifest.blobs {
            return Err(ApiError::conflict(
                "backup.incomplete",
                format!(
                    "the backup lists {} blobs but holds {blobs}",
                    manifest.blobs
                ),
            ));
        }
        std::fs::copy(&snapshot, staging.join(DATABASE_FILE)).map_err(io(&snapshot))?;
        for name in &manifest.files {
            copy_relative(from, &staging, Path::new(name))?;
        }
        std::fs::remove_dir(data_dir).map_err(io(data_dir))?;
        std::fs::rename(&staging, data_dir).map_err(io(data_dir))
    })();
    if let Err(error) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    Ok(manifest)
}
