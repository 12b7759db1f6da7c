//! What the viewer asks of the app: open a document, a page's image, search a meeting.
//!
//! Documents are decrypted from the local store into memory and handed to the pdfium
//! worker; nothing readable is ever written to disk (DESIGN.md invariant 1).

use std::sync::Arc;

use phonghop_pdf::RenderedPage;

use crate::page_cache::PageKey;
use crate::reader::Reader;
use crate::views::{DocumentLayout, OutlineEntry, PageLayout, SearchResults};
use crate::{App, CoreError};

/// Widest page image served, in CSS pixels (a 4K screen at 200 % zoom of an A4 page).
pub const MAX_PAGE_WIDTH_PX: u32 = 4000;

impl App {
    pub(crate) fn reader(&self) -> Result<&Reader, CoreError> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader);
        }
        let started = Reader::start()?;
        Ok(self.reader.get_or_init(|| started))
    }

    fn reading(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<(String, String), String>> {
        self.reading
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens a document for reading: decrypts its latest revision in memory, opens it in
    /// the pdfium worker and returns page sizes, labels and outline.
    pub fn open_for_reading(
        &self,
        meeting_id: &str,
        document_id: &str,
    ) -> Result<DocumentLayout, CoreError> {
        let (_, document) = self.find_document(meeting_id, document_id)?;
        let bytes = self.decrypt_document(&document)?;
        self.store()?
            .mark_read(meeting_id, document_id, document.revision)?;
        let reader = self.reader()?;
        let info = reader.open(&document.manifest_id, bytes)?;
        let previous = self.reading().insert(
            (meeting_id.to_owned(), document_id.to_owned()),
            document.manifest_id.clone(),
        );
        if let Some(previous) = previous.filter(|previous| *previous != document.manifest_id) {
            reader.close(&previous);
        }
        Ok(DocumentLayout {
            meeting_id: meeting_id.to_owned(),
            document_id: document_id.to_owned(),
            title: document.title,
            pages: info
                .pages
                .into_iter()
                .map(|page| PageLayout {
                    width_pt: page.width_pt,
                    height_pt: page.height_pt,
                    label: page.label,
                })
                .collect(),
            outline: info.outline.into_iter().map(OutlineEntry::from).collect(),
        })
    }

    /// Closes a document the viewer no longer shows, dropping its rendered pages.
    pub fn close_document(&self, meeting_id: &str, document_id: &str) {
        let revision = self
            .reading()
            .remove(&(meeting_id.to_owned(), document_id.to_owned()));
        if let (Some(revision), Some(reader)) = (revision, self.reader.get()) {
            reader.close(&revision);
        }
    }

    /// Page `page` (zero-based) of a document as lossless WebP, `width_px` CSS pixels wide
    /// at `device_pixel_ratio`, from the cache or rendered now; its neighbours are rendered
    /// ahead. A document not open yet (the viewer reloaded, or it was closed to make room)
    /// is opened first.
    pub fn page_image(
        &self,
        meeting_id: &str,
        document_id: &str,
        page: u32,
        width_px: u32,
        device_pixel_ratio: f32,
    ) -> Result<Arc<RenderedPage>, CoreError> {
        if width_px == 0 || width_px > MAX_PAGE_WIDTH_PX {
            return Err(phonghop_pdf::PdfError::InvalidRequest(format!(
                "width {width_px} px (from 1 to {MAX_PAGE_WIDTH_PX})"
            ))
            .into());
        }
        let ratio_milli = (device_pixel_ratio * 1000.0).round();
        if !(1.0..=8000.0).contains(&ratio_milli) {
            return Err(phonghop_pdf::PdfError::InvalidRequest(format!(
                "device pixel ratio {device_pixel_ratio}"
            ))
            .into());
        }
        let reader = self.reader()?;
        let known = self
            .reading()
            .get(&(meeting_id.to_owned(), document_id.to_owned()))
            .cloned();
        let revision = match known {
            Some(revision) if reader.is_open(&revision) => revision,
            _ => {
                self.open_for_reading(meeting_id, document_id)?;
                self.reading()
                    .get(&(meeting_id.to_owned(), document_id.to_owned()))
                    .cloned()
                    .ok_or_else(|| CoreError::DocumentNotFound(document_id.to_owned()))?
            }
        };
        let key = PageKey {
            revision,
            page,
            width_px,
            ratio_milli: ratio_milli as u32,
        };
        if let Some(image) = reader.page(&key)? {
            return Ok(image);
        }
        // Closed to make room between the check and the render: open it and try once more.
        self.open_for_reading(meeting_id, document_id)?;
        reader
            .page(&key)?
            .ok_or_else(|| phonghop_pdf::PdfError::NotOpen(key.revision.clone()).into())
    }

    /// Searches every downloaded document of a meeting for `query`, insensitive to
    /// diacritics and case. Documents not yet downloaded are left out; one that cannot be
    /// read does not spoil the others.
    pub fn search_meeting(
        &self,
        meeting_id: &str,
        query: &str,
    ) -> Result<SearchResults, CoreError> {
        let meeting = self.stored_meeting(meeting_id)?;
        let reader = self.reader()?;
        let mut indexed = Vec::new();
        for document in meeting.documents() {
            if !self.is_downloaded(document)? {
                continue;
            }
            let index =
                reader.indexed(&document.manifest_id, &document.id, &document.title, || {
                    self.decrypt_document(document)
                });
            match index {
                Ok(index) => indexed.push(index),
                Err(CoreError::Pdf(_)) => continue,
                Err(error) => return Err(error),
            }
        }
        let documents: Vec<_> = indexed.iter().map(Arc::as_ref).collect();
        let (hits, truncated) = crate::search::search(&documents, query);
        Ok(SearchResults {
            query: query.to_owned(),
            hits,
            truncated,
        })
    }

    /// Bytes of rendered pages this app holds in memory.
    pub fn cached_page_bytes(&self) -> usize {
        self.reader.get().map_or(0, Reader::cached_bytes)
    }

    /// Whether page `page` of a document is already rendered at this size (for tests and
    /// measurements of prefetching).
    pub fn is_page_cached(
        &self,
        meeting_id: &str,
        document_id: &str,
        page: u32,
        width_px: u32,
        device_pixel_ratio: f32,
    ) -> bool {
        let Some(reader) = self.reader.get() else {
            return false;
        };
        let Some(revision) = self
            .reading()
            .get(&(meeting_id.to_owned(), document_id.to_owned()))
            .cloned()
        else {
            return false;
        };
        reader.is_cached(&PageKey {
            revision,
            page,
            width_px,
            ratio_milli: (device_pixel_ratio * 1000.0).round() as u32,
        })
    }
}
