//! Storage of encrypted blobs, behind a trait so an S3-compatible store can replace the
//! local disk without touching handlers.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ApiError;

/// Where encrypted blobs live. Blobs are named by the SHA-256 of their bytes.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `id`; storing the same blob twice is not an error.
    fn put(&self, id: &str, bytes: &[u8]) -> Result<(), ApiError>;
    /// The blob, if stored.
    fn get(&self, id: &str) -> Result<Option<Vec<u8>>, ApiError>;
    /// The blob's size, if stored.
    fn size(&self, id: &str) -> Result<Option<u64>, ApiError>;
    /// Bytes `start..=end` of the blob (the caller checked them against its size).
    fn get_range(&self, id: &str, start: u64, end: u64) -> Result<Option<Vec<u8>>, ApiError> {
        let Some(bytes) = self.get(id)? else {
            return Ok(None);
        };
        let (start, end) = (
            usize::try_from(start).map_err(ApiError::internal)?,
            usize::try_from(end).map_err(ApiError::internal)?,
        );
        Ok(bytes.get(start..=end).map(<[u8]>::to_vec))
    }
    /// Whether the store can take writes now (for `/readyz`).
    fn check_ready(&self) -> Result<(), ApiError>;
}

/// Blobs as files under a directory, fanned out by the first two hex digits, written to a
/// temporary file, synced and renamed so a crash never leaves half a blob under its name.
#[derive(Debug)]
pub struct FsBlobStore {
    root: PathBuf,
}

/// Whether `id` looks like a lower-case hex SHA-256 (guards the file path too).
pub fn is_blob_id(id: &str) -> bool {
    id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl FsBlobStore {
    /// Opens (creating) the blob directory.
    pub fn open(root: &Path) -> Result<Self, ApiError> {
        std::fs::create_dir_all(root).map_err(ApiError::io)?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    fn path(&self, id: &str) -> Result<PathBuf, ApiError> {
        if !is_blob_id(id) {
            return Err(ApiError::bad_request(
                "blob.bad_id",
                "a blob id is 64 lower-case hex digits",
            ));
        }
        Ok(self.root.join(&id[..2]).join(id))
    }
}

impl BlobStore for FsBlobStore {
    fn check_ready(&self) -> Result<(), ApiError> {
        let probe = self.root.join(".ready-probe");
        std::fs::write(&probe, b"ok").map_err(ApiError::io)?;
        std::fs::remove_file(&probe).map_err(ApiError::io)
    }

    fn put(&self, id: &str, bytes: &[u8]) -> Result<(), ApiError> {
        let path = self.path(id)?;
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir).map_err(ApiError::io)?;
        let mut temporary = tempfile_in(dir)?;
        temporary.1.write_all(bytes).map_err(ApiError::io)?;
        temporary.1.sync_all().map_err(ApiError::io)?;
        std::fs::rename(&temporary.0, &path).map_err(ApiError::io)?;
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<Vec<u8>>, ApiError> {
        match std::fs::read(self.path(id)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(ApiError::io(error)),
        }
    }

    fn size(&self, id: &str) -> Result<Option<u64>, ApiError> {
        match std::fs::metadata(self.path(id)?) {
            Ok(metadata) => Ok(Some(metadata.len())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(ApiError::io(error)),
        }
    }

    fn get_range(&self, id: &str, start: u64, end: u64) -> Result<Option<Vec<u8>>, ApiError> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = match std::fs::File::open(self.path(id)?) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(ApiError::io(error)),
        };
        let length = end
            .checked_sub(start)
            .and_then(|span| span.checked_add(1))
            .ok_or_else(|| ApiError::internal("an empty range reached the store"))?;
        file.seek(SeekFrom::Start(start)).map_err(ApiError::io)?;
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        file.take(length)
            .read_to_end(&mut bytes)
            .map_err(ApiError::io)?;
        Ok(Some(bytes))
    }
}

fn tempfile_in(dir: &Path) -> Result<(PathBuf, std::fs::File), ApiError> {
    let suffix = phonghop_crypto::random_token().map_err(ApiError::internal)?;
    let path = dir.join(format!(".tmp-{}", &suffix[..16]));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(ApiError::io)?;
    Ok((path, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_id_and_refuses_path_tricks() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::open(dir.path()).unwrap();
        let id = phonghop_crypto::sha256_hex(b"ciphertext");
        store.put(&id, b"ciphertext").unwrap();
        store.put(&id, b"ciphertext").unwrap();
        assert_eq!(store.get(&id).unwrap().as_deref(), Some(&b"ciphertext"[..]));
        assert_eq!(store.get(&"0".repeat(64)).unwrap(), None);
        let error = store.get("../../etc/passwd").unwrap_err();
        assert_eq!(error.body.code, "blob.bad_id");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join(&id[..2]))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
