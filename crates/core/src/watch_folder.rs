//! The watch folder: a secretary binds a folder to a draft meeting, and PDFs dropped there
//! become documents of that draft. A file is taken only once it has stopped changing for
//! the quiet period *and* reads as a whole PDF (`%PDF-` at the start, `%%EOF` near the
//! end), so a file still being copied or saved is left alone until it is complete. Files
//! that are hidden or named like temporary files (`~$…`, `….part`, `….tmp`,
//! `….crdownload`) are ignored. A file whose bytes change replaces its document's content;
//! a renamed file keeps its document (matched by content) and takes the new title; a
//! deleted file's document leaves the draft. `notify` wakes the watcher on changes; a scan
//! every quiet period catches anything it misses (network folders, overflowing queues).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use phonghop_domain::DocumentKind;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::drafts::{Draft, WatchedFile};
use crate::{App, CoreError};

/// The quiet period people expect: long enough for a copy from a USB stick to pause.
pub const DEFAULT_QUIET: Duration = Duration::from_secs(2);

/// What the watch folder did to the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "change")]
pub enum FolderChange {
    /// A new file became a document.
    Added {
        /// File name.
        name: String,
        /// The new document.
        document_id: String,
    },
    /// A file's content changed; its document now holds the new content.
    Updated {
        /// File name.
        name: String,
        /// The document.
        document_id: String,
    },
    /// A file was renamed; its document kept, retitled.
    Renamed {
        /// Old file name.
        from: String,
        /// New file name.
        to: String,
        /// The document.
        document_id: String,
    },
    /// A file was deleted; its document left the draft.
    Removed {
        /// File name.
        name: String,
        /// The document removed.
        document_id: String,
    },
    /// A file could not be imported (unreadable); it is retried when it changes.
    Failed {
        /// File name.
        name: String,
        /// Why.
        reason: String,
    },
}

/// Size and modification time: what tells us a file is still being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

/// Whether a file name is one the watcher considers at all.
fn is_candidate(name: &str) -> bool {
    let lower = name.to_lowercase();
    !(lower.starts_with('.') || lower.starts_with("~$")) && lower.ends_with(".pdf")
}

/// The candidate files in `folder` with their stamps.
fn scan(folder: &Path) -> Result<BTreeMap<String, Stamp>, CoreError> {
    let entries = std::fs::read_dir(folder).map_err(|error| CoreError::io(folder, error))?;
    let mut files = BTreeMap::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() && is_candidate(&name) {
            files.insert(
                name,
                Stamp {
                    size: metadata.len(),
                    modified: metadata.modified().ok(),
                },
            );
        }
    }
    Ok(files)
}

/// Whether `bytes` look like a whole PDF rather than the first part of one.
pub fn is_complete_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|window| window == b"%%EOF")
}

/// Remembers when each file last changed, to say which have settled.
#[derive(Debug, Default)]
struct Settling {
    seen: BTreeMap<String, (Stamp, Instant)>,
}

impl Settling {
    /// Updates from a scan; returns the files unchanged for at least `quiet`, and the names
    /// present but still changing.
    fn update(
        &mut self,
        scanned: &BTreeMap<String, Stamp>,
        now: Instant,
        quiet: Duration,
    ) -> (Vec<String>, Vec<String>) {
        self.seen.retain(|name, _| scanned.contains_key(name));
        let mut settled = Vec::new();
        let mut changing = Vec::new();
        for (name, stamp) in scanned {
            let since = match self.seen.get(name) {
                Some((previous, since)) if previous == stamp => *since,
                _ => {
                    self.seen.insert(name.clone(), (*stamp, now));
                    now
                }
            };
            if now.duration_since(since) >= quiet {
                settled.push(name.clone());
            } else {
                changing.push(name.clone());
            }
        }
        (settled, changing)
    }
}

fn title_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|stem| stem.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| name.to_owned())
}

impl App {
    /// Brings the draft in line with the folder's settled files; returns what changed.
    /// Files in `changing` are being written: neither imported nor taken as deleted.
    fn reconcile_folder(
        &self,
        draft: &mut Draft,
        folder: &Path,
        settled: &[String],
        changing: &[String],
    ) -> Vec<FolderChange> {
        let mut changes = Vec::new();
        let mut arrived = Vec::new();
        for name in settled {
            let path = folder.join(name);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    changes.push(FolderChange::Failed {
                        name: name.clone(),
                        reason: error.to_string(),
                    });
                    continue;
                }
            };
            if !is_complete_pdf(&bytes) {
                // Half-written (or not a PDF at all): wait for it to be finished.
                continue;
            }
            let hash = phonghop_crypto::sha256_hex(&bytes);
            match draft.watched.iter().find(|file| file.name == *name) {
                Some(file) if file.content_hash == hash => {}
                _ => arrived.push((name.clone(), bytes, hash)),
            }
        }
        let present =
            |name: &str| settled.iter().any(|n| n == name) || changing.iter().any(|n| n == name);
        for (name, bytes, hash) in arrived {
            let known = draft.watched.iter().position(|file| file.name == name);
            let renamed_from = draft
                .watched
                .iter()
                .position(|file| file.content_hash == hash && !present(&file.name));
            let change = match (known, renamed_from) {
                (Some(index), _) => {
                    self.replace_content(draft, index, &bytes, hash)
                        .map(|document_id| FolderChange::Updated {
                            name: name.clone(),
                            document_id,
                        })
                }
                (None, Some(index)) => {
                    let file = &mut draft.watched[index];
                    let from = std::mem::replace(&mut file.name, name.clone());
                    let document_id = file.document_id.clone();
                    retitle(draft, &document_id, title_of(&name));
                    Ok(FolderChange::Renamed {
                        from,
                        to: name.clone(),
                        document_id,
                    })
                }
                (None, None) => self
                    .add_draft_document(draft, None, title_of(&name), DocumentKind::Other, &bytes)
                    .map(|reference| {
                        draft.watched.push(WatchedFile {
                            name: name.clone(),
                            document_id: reference.id.clone(),
                            content_hash: hash,
                        });
                        FolderChange::Added {
                            name: name.clone(),
                            document_id: reference.id,
                        }
                    }),
            };
            changes.push(change.unwrap_or_else(|error| FolderChange::Failed {
                name,
                reason: error.to_string(),
            }));
        }
        // While some file is still settling it may be a watched one under a new name:
        // removals wait until the folder is quiet.
        let gone: Vec<WatchedFile> = if changing.is_empty() {
            draft
                .watched
                .iter()
                .filter(|file| !present(&file.name))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        for file in gone {
            draft.watched.retain(|kept| kept.name != file.name);
            for item in &mut draft.meeting.agenda {
                item.documents
                    .retain(|document| document.id != file.document_id);
            }
            changes.push(FolderChange::Removed {
                name: file.name,
                document_id: file.document_id,
            });
        }
        changes
    }

    /// Re-seals a watched document with new content under its own key.
    fn replace_content(
        &self,
        draft: &mut Draft,
        index: usize,
        bytes: &[u8],
        hash: String,
    ) -> Result<String, CoreError> {
        let document_id = draft.watched[index].document_id.clone();
        let current = draft
            .meeting
            .documents()
            .find(|document| document.id == document_id)
            .cloned()
            .ok_or_else(|| CoreError::DocumentNotFound(document_id.clone()))?;
        let key = phonghop_crypto::SymmetricKey::from_hex(&current.key.0)?;
        let (reference, _) = self.seal_document(
            &document_id,
            current.revision,
            key,
            current.title.clone(),
            current.kind,
            bytes,
        )?;
        for document in draft.meeting.documents_named_mut(&document_id) {
            *document = reference.clone();
        }
        draft.watched[index].content_hash = hash;
        Ok(document_id)
    }

    /// Watches `folder` for the draft `draft_id` until `stop` becomes true, telling
    /// `on_change` of every change made to the draft (already saved when it is told).
    pub async fn watch_folder(
        &self,
        draft_id: &str,
        folder: PathBuf,
        quiet: Duration,
        mut on_change: impl FnMut(FolderChange),
        mut stop: watch::Receiver<bool>,
    ) -> Result<(), CoreError> {
        use notify::Watcher;
        self.draft(draft_id)?;
        let (wake, mut woken) = tokio::sync::mpsc::unbounded_channel();
        let mut watcher = notify::recommended_watcher(move |_event| {
            let _ = wake.send(());
        })
        .map_err(|error| CoreError::io(&folder, std::io::Error::other(error)))?;
        watcher
            .watch(&folder, notify::RecursiveMode::NonRecursive)
            .map_err(|error| CoreError::io(&folder, std::io::Error::other(error)))?;
        let mut settling = Settling::default();
        // Failures already reported, so an unreadable file is not reported every tick.
        let mut reported = std::collections::BTreeSet::new();
        let tick = (quiet / 2).max(Duration::from_millis(50));
        while !*stop.borrow() {
            let scanned = scan(&folder)?;
            let (settled, changing) = settling.update(&scanned, Instant::now(), quiet);
            let mut draft = self.draft(draft_id)?;
            let changes = self.reconcile_folder(&mut draft, &folder, &settled, &changing);
            if changes
                .iter()
                .any(|change| !matches!(change, FolderChange::Failed { .. }))
            {
                self.save_draft(&draft)?;
            }
            reported.retain(|name: &String| scanned.contains_key(name));
            for change in changes {
                if let FolderChange::Failed { name, .. } = &change {
                    if !reported.insert(name.clone()) {
                        continue;
                    }
                } else if let FolderChange::Added { name, .. }
                | FolderChange::Updated { name, .. } = &change
                {
                    reported.remove(name);
                }
                on_change(change);
            }
            tokio::select! {
                _ = woken.recv() => {
                    // Let a burst of events pass before scanning again.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    while woken.try_recv().is_ok() {}
                }
                _ = tokio::time::sleep(tick) => {}
                _ = stop.changed() => {}
            }
        }
        drop(watcher);
        Ok(())
    }
}

fn retitle(draft: &mut Draft, document_id: &str, title: String) {
    for document in draft.meeting.documents_named_mut(document_id) {
        document.title.clone_from(&title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pdfs_that_are_not_temporary_are_candidates() {
        assert!(is_candidate("Tờ trình số 12.pdf"));
        assert!(is_candidate("BAO-CAO.PDF"));
        assert!(!is_candidate("~$to-trinh.pdf"));
        assert!(!is_candidate(".to-trinh.pdf"));
        assert!(!is_candidate("to-trinh.pdf.part"));
        assert!(!is_candidate("to-trinh.pdf.crdownload"));
        assert!(!is_candidate("ghi-chu.docx"));
    }

    #[test]
    fn a_pdf_without_its_trailer_is_not_complete() {
        let whole = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        assert!(is_complete_pdf(whole));
        assert!(!is_complete_pdf(&whole[..whole.len() - 8]));
        assert!(!is_complete_pdf(b"PK\x03\x04 not a pdf %%EOF"));
    }

    #[test]
    fn a_file_settles_only_after_staying_unchanged_for_the_quiet_period() {
        let quiet = Duration::from_secs(2);
        let start = Instant::now();
        let stamp = |size| Stamp {
            size,
            modified: None,
        };
        let mut settling = Settling::default();
        let files = BTreeMap::from([("a.pdf".to_string(), stamp(10))]);
        assert_eq!(
            settling.update(&files, start, quiet).0,
            Vec::<String>::new()
        );
        let grown = BTreeMap::from([("a.pdf".to_string(), stamp(20))]);
        let (settled, changing) = settling.update(&grown, start + Duration::from_secs(3), quiet);
        assert!(settled.is_empty(), "it grew: the clock starts again");
        assert_eq!(changing, ["a.pdf"]);
        let (settled, _) = settling.update(&grown, start + Duration::from_secs(5), quiet);
        assert_eq!(settled, ["a.pdf"]);
    }

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_of("to-trinh_so_12.pdf"), "to trinh so 12");
        assert_eq!(title_of("Báo cáo.pdf"), "Báo cáo");
    }
}
