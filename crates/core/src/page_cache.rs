//! Rendered pages kept in memory, least recently used out first, within a byte budget.
//!
//! Turning back to a page just read, or forward to one prefetched, must not wait for
//! pdfium. The budget is in bytes of encoded image, not in pages, because a page at 200 %
//! on a scaled screen weighs ten times a thumbnail. Pages are plaintext, so they are only
//! ever held here, in memory (DESIGN.md invariant 1).

use std::sync::Arc;

use lru::LruCache;
use phonghop_pdf::RenderedPage;

/// Default budget: about 150 full-width pages of lossless WebP.
pub const DEFAULT_BUDGET_BYTES: usize = 96 * 1024 * 1024;

/// Which rendering of which page: the document revision (its manifest id), page, and size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// Manifest id of the document revision.
    pub revision: String,
    /// Zero-based page.
    pub page: u32,
    /// Width in CSS pixels.
    pub width_px: u32,
    /// Device pixel ratio in thousandths (1250 for 1.25), so the key can be hashed.
    pub ratio_milli: u32,
}

/// The cache itself; callers wrap it in a mutex.
#[derive(Debug)]
pub struct PageCache {
    pages: LruCache<PageKey, Arc<RenderedPage>>,
    bytes: usize,
    budget: usize,
}

impl PageCache {
    /// An empty cache holding at most `budget` bytes of images.
    pub fn new(budget: usize) -> Self {
        Self {
            pages: LruCache::unbounded(),
            bytes: 0,
            budget,
        }
    }

    /// The page, if cached, marking it as just used.
    pub fn get(&mut self, key: &PageKey) -> Option<Arc<RenderedPage>> {
        self.pages.get(key).cloned()
    }

    /// Whether the page is cached, without marking it used (for prefetching).
    pub fn contains(&self, key: &PageKey) -> bool {
        self.pages.contains(key)
    }

    /// Keeps `page`, dropping the least recently used pages until the budget holds. A
    /// single page larger than the whole budget is not kept.
    pub fn insert(&mut self, key: PageKey, page: Arc<RenderedPage>) {
        let size = page.bytes.len();
        if size > self.budget {
            return;
        }
        if let Some(old) = self.pages.put(key, page) {
            self.bytes -= old.bytes.len();
        }
        self.bytes += size;
        while self.bytes > self.budget {
            match self.pages.pop_lru() {
                Some((_, dropped)) => self.bytes -= dropped.bytes.len(),
                None => break,
            }
        }
    }

    /// Drops every rendering of one document revision (when it is closed or replaced).
    pub fn forget_revision(&mut self, revision: &str) {
        let keys: Vec<PageKey> = self
            .pages
            .iter()
            .filter(|(key, _)| key.revision == revision)
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            if let Some(page) = self.pages.pop(&key) {
                self.bytes -= page.bytes.len();
            }
        }
    }

    /// Bytes of images held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Pages held.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_pdf::ImageFormat;

    fn key(revision: &str, page: u32) -> PageKey {
        PageKey {
            revision: revision.into(),
            page,
            width_px: 800,
            ratio_milli: 1000,
        }
    }

    fn image(size: usize) -> Arc<RenderedPage> {
        Arc::new(RenderedPage {
            bytes: vec![0; size],
            width: 1,
            height: 1,
            format: ImageFormat::Webp,
        })
    }

    #[test]
    fn the_least_recently_used_page_goes_first_when_the_budget_is_exceeded() {
        let mut cache = PageCache::new(300);
        cache.insert(key("r", 0), image(100));
        cache.insert(key("r", 1), image(100));
        cache.insert(key("r", 2), image(100));
        assert_eq!(cache.bytes(), 300);
        // Reading page 0 again makes page 1 the least recently used.
        assert!(cache.get(&key("r", 0)).is_some());
        cache.insert(key("r", 3), image(100));
        assert!(cache.contains(&key("r", 0)));
        assert!(!cache.contains(&key("r", 1)));
        assert_eq!(cache.bytes(), 300);
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn replacing_a_page_counts_its_bytes_once_and_huge_pages_are_not_kept() {
        let mut cache = PageCache::new(300);
        cache.insert(key("r", 0), image(100));
        cache.insert(key("r", 0), image(150));
        assert_eq!(cache.bytes(), 150);
        cache.insert(key("r", 1), image(301));
        assert!(!cache.contains(&key("r", 1)));
        assert_eq!(cache.bytes(), 150);
        // A big page evicts as many as it must, not more.
        cache.insert(key("r", 2), image(100));
        cache.insert(key("r", 3), image(200));
        assert!(!cache.contains(&key("r", 0)));
        assert!(cache.contains(&key("r", 2)) && cache.contains(&key("r", 3)));
        assert_eq!(cache.bytes(), 300);
    }

    #[test]
    fn forgetting_a_revision_drops_only_its_pages() {
        let mut cache = PageCache::new(1000);
        cache.insert(key("old", 0), image(100));
        cache.insert(key("old", 1), image(100));
        cache.insert(key("new", 0), image(100));
        cache.forget_revision("old");
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), 100);
        assert!(cache.contains(&key("new", 0)));
        assert!(!cache.is_empty());
    }
}
