//! The reading machinery behind the viewer: the pdfium worker, the cache of rendered pages,
//! the prefetching of neighbours and the in-memory search index.
//!
//! Everything here holds plaintext and so lives only in memory (DESIGN.md invariant 1).
//! Documents are keyed by their *revision* (the manifest id), so a revised document never
//! shows a page or a search hit of the revision before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, mpsc};

use phonghop_pdf::{
    DocumentInfo, ImageFormat, PdfEngine, PdfError, PdfWorker, RenderRequest, RenderedPage,
};

use crate::CoreError;
use crate::page_cache::{DEFAULT_BUDGET_BYTES, PageCache, PageKey};
use crate::search::{IndexedDocument, IndexedPage};

/// Pages on each side of the one shown that are rendered ahead, at the same size.
const PREFETCH_AROUND: u32 = 1;

/// Prefetch requests kept when the reader turns pages faster than pdfium draws: the
/// newest ones, since the older ones are for pages already left behind.
const PREFETCH_BACKLOG: usize = 4;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Shared {
    worker: PdfWorker,
    pages: Mutex<PageCache>,
}

impl Shared {
    fn render(&self, key: &PageKey) -> Result<Arc<RenderedPage>, PdfError> {
        let mut request = RenderRequest {
            width_px: key.width_px,
            device_pixel_ratio: key.ratio_milli as f32 / 1000.0,
            format: ImageFormat::Webp,
        };
        let rendered = match self.worker.render_page(&key.revision, key.page, request) {
            // Zoomed in far on a sharp screen: draw with fewer device pixels (the webview
            // scales the image to the page's box) rather than show no page at all.
            Err(PdfError::PageTooLarge {
                width,
                height,
                max_pixels,
                max_side,
            }) => {
                request.device_pixel_ratio *= within_budget(width, height, max_pixels, max_side);
                self.worker.render_page(&key.revision, key.page, request)?
            }
            other => other?,
        };
        let page = Arc::new(rendered);
        lock(&self.pages).insert(key.clone(), Arc::clone(&page));
        Ok(page)
    }
}

/// The reader: one per opened profile, started when the first document is opened.
pub(crate) struct Reader {
    shared: Arc<Shared>,
    prefetch: Mutex<mpsc::Sender<PageKey>>,
    texts: Mutex<HashMap<String, Arc<IndexedDocument>>>,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").finish_non_exhaustive()
    }
}

impl Reader {
    /// Binds libpdfium (from the configured folder) and starts the worker and prefetcher.
    pub(crate) fn start() -> Result<Self, CoreError> {
        let engine = PdfEngine::bind_default()?;
        let shared = Arc::new(Shared {
            worker: PdfWorker::start(engine)?,
            pages: Mutex::new(PageCache::new(DEFAULT_BUDGET_BYTES)),
        });
        let (prefetch, wanted) = mpsc::channel::<PageKey>();
        let background = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("page-prefetch".into())
            .spawn(move || prefetch_loop(&background, &wanted))
            .map_err(|error| PdfError::WorkerStopped(error.to_string()))?;
        Ok(Self {
            shared,
            prefetch: Mutex::new(prefetch),
            texts: Mutex::new(HashMap::new()),
        })
    }

    /// Opens a decrypted document revision in the worker.
    pub(crate) fn open(&self, revision: &str, bytes: Vec<u8>) -> Result<DocumentInfo, CoreError> {
        Ok(self.shared.worker.open(revision, bytes)?)
    }

    /// Whether the revision is open in the worker.
    /// Writes an administrative document (minutes, a vote report) on the pdfium thread.
    pub(crate) fn write_administrative(
        &self,
        document: phonghop_pdf::AdministrativeDocument,
    ) -> Result<Vec<u8>, CoreError> {
        Ok(self.shared.worker.write_administrative_document(document)?)
    }

    pub(crate) fn write_annotated_copy(
        &self,
        bytes: Vec<u8>,
        copy: phonghop_pdf::AnnotatedCopy,
    ) -> Result<Vec<u8>, CoreError> {
        Ok(self.shared.worker.write_annotated_copy(bytes, copy)?)
    }

    pub(crate) fn is_open(&self, revision: &str) -> bool {
        self.shared.worker.is_open(revision)
    }

    /// Closes a revision and drops its rendered pages.
    pub(crate) fn close(&self, revision: &str) {
        self.shared.worker.close(revision);
        lock(&self.shared.pages).forget_revision(revision);
    }

    /// A page from the cache, else rendered now; either way its neighbours are queued for
    /// prefetching. `None` when the revision is not open in the worker (the caller opens it
    /// and asks again).
    pub(crate) fn page(&self, key: &PageKey) -> Result<Option<Arc<RenderedPage>>, CoreError> {
        let cached = lock(&self.shared.pages).get(key);
        let page = match cached {
            Some(page) => page,
            None => match self.shared.render(key) {
                Ok(page) => page,
                Err(PdfError::NotOpen(_)) => return Ok(None),
                Err(error) => return Err(error.into()),
            },
        };
        let prefetch = lock(&self.prefetch);
        for step in 1..=PREFETCH_AROUND {
            let neighbours = [key.page.checked_add(step), key.page.checked_sub(step)];
            for neighbour in neighbours.into_iter().flatten() {
                let _ = prefetch.send(PageKey {
                    page: neighbour,
                    ..key.clone()
                });
            }
        }
        Ok(Some(page))
    }

    /// The search index of a revision, built on first use from the open document.
    pub(crate) fn indexed(
        &self,
        revision: &str,
        document_id: &str,
        title: &str,
        bytes: impl FnOnce() -> Result<Vec<u8>, CoreError>,
    ) -> Result<Arc<IndexedDocument>, CoreError> {
        if let Some(index) = lock(&self.texts).get(revision) {
            return Ok(Arc::clone(index));
        }
        let pages = match self.shared.worker.document_text(revision) {
            Err(PdfError::NotOpen(_)) => {
                // Opened only to read its text, under its own key, and closed at once, so
                // indexing a whole meeting does not push the documents being read out of
                // the worker.
                let key = format!("index:{revision}");
                self.open(&key, bytes()?)?;
                let text = self.shared.worker.document_text(&key);
                self.shared.worker.close(&key);
                text?
            }
            other => other?,
        };
        let index = Arc::new(IndexedDocument {
            document_id: document_id.to_owned(),
            title: title.to_owned(),
            pages: pages.into_iter().map(IndexedPage::new).collect(),
        });
        lock(&self.texts).insert(revision.to_owned(), Arc::clone(&index));
        Ok(index)
    }

    /// Bytes of rendered pages held in memory.
    pub(crate) fn cached_bytes(&self) -> usize {
        lock(&self.shared.pages).bytes()
    }

    /// Whether this exact rendering is cached (for tests of prefetching).
    pub(crate) fn is_cached(&self, key: &PageKey) -> bool {
        lock(&self.shared.pages).contains(key)
    }
}

/// The factor that brings a `width` × `height` rendering within `max_pixels` and `max_side`.
fn within_budget(width: u64, height: u64, max_pixels: u64, max_side: u32) -> f32 {
    let (width, height) = (width.max(1) as f64, height.max(1) as f64);
    let by_area = (max_pixels as f64 / (width * height)).sqrt();
    let by_side = f64::from(max_side) / width.max(height);
    (by_area.min(by_side).min(1.0) * 0.98) as f32
}

fn prefetch_loop(shared: &Shared, wanted: &mpsc::Receiver<PageKey>) {
    let mut backlog: Vec<PageKey> = Vec::new();
    loop {
        if backlog.is_empty() {
            match wanted.recv() {
                Ok(key) => backlog.push(key),
                Err(_) => return,
            }
        }
        backlog.extend(wanted.try_iter());
        if backlog.len() > PREFETCH_BACKLOG {
            backlog.drain(..backlog.len() - PREFETCH_BACKLOG);
        }
        let key = backlog.remove(0);
        if lock(&shared.pages).contains(&key) {
            continue;
        }
        // A neighbour past the last page, or a document closed meanwhile: nothing to do.
        let _ = shared.render(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::within_budget;

    #[test]
    fn an_oversized_rendering_is_scaled_into_the_budget() {
        let factor = within_budget(6_000, 8_485, 40_000_000, 16_384);
        let (w, h) = (6_000.0 * factor, 8_485.0 * factor);
        assert!(w * h <= 40_000_000.0 && w * h > 35_000_000.0, "{w}×{h}");
        let tall = within_budget(1_000, 30_000, 40_000_000, 16_384);
        assert!(30_000.0 * tall <= 16_384.0);
        assert!(within_budget(100, 100, 40_000_000, 16_384) <= 1.0);
    }
}
