//! One thread owns pdfium and the documents open in it.
//!
//! PDFium is not thread-safe: every call into it must come from one thread at a time. The
//! worker makes that the only way in, and keeps the few documents being read *open* between
//! page turns, so turning a page costs one render and not a parse of the whole file. Callers
//! on any thread send jobs and wait for the answer; pixels are encoded on the caller's
//! thread, so a second core encodes page N while pdfium draws page N + 1.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

use pdfium_render::prelude::PdfDocument;

use crate::facts::document_info_in;
use crate::render::render_rgb_in;
use crate::text::page_chars_in;
use crate::{
    AdministrativeDocument, AnnotatedCopy, DocumentInfo, PdfEngine, PdfError, RenderRequest,
    RenderedPage, RgbImage, TextChar,
};

/// Documents kept open at once; opening another closes the one used least recently. A
/// member reads one document and glances at two or three others.
pub const MAX_OPEN_DOCUMENTS: usize = 6;

type Job = Box<dyn FnOnce(&mut OpenDocuments) + Send>;

/// Handle to the pdfium thread; cheap to clone and usable from any thread.
#[derive(Clone)]
pub struct PdfWorker {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for PdfWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PdfWorker")
    }
}

/// The documents open on the worker thread, most recently used last.
struct OpenDocuments {
    engine: &'static PdfEngine,
    documents: VecDeque<(String, PdfDocument<'static>)>,
}

impl OpenDocuments {
    fn get(&mut self, key: &str) -> Result<&PdfDocument<'static>, PdfError> {
        let position = self
            .documents
            .iter()
            .position(|(open, _)| open == key)
            .ok_or_else(|| PdfError::NotOpen(key.to_owned()))?;
        if let Some(entry) = self.documents.remove(position) {
            self.documents.push_back(entry);
        }
        self.documents
            .back()
            .map(|(_, document)| document)
            .ok_or_else(|| PdfError::NotOpen(key.to_owned()))
    }

    fn open(&mut self, key: String, bytes: Vec<u8>) -> Result<DocumentInfo, PdfError> {
        self.documents.retain(|(open, _)| *open != key);
        let document = self.engine.load_owned(bytes)?;
        let info = document_info_in(&document)?;
        while self.documents.len() >= MAX_OPEN_DOCUMENTS {
            self.documents.pop_front();
        }
        self.documents.push_back((key, document));
        Ok(info)
    }
}

impl PdfWorker {
    /// Starts the thread that owns `engine`'s pdfium. The thread ends when the last handle
    /// is dropped.
    pub fn start(engine: &'static PdfEngine) -> Result<Self, PdfError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("pdfium".into())
            .spawn(move || {
                let mut open = OpenDocuments {
                    engine,
                    documents: VecDeque::new(),
                };
                for job in queue {
                    // A panic inside one job (a bug of ours or of the binding on a hostile
                    // file) must not take every later page with it.
                    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut open)));
                    if outcome.is_err() {
                        open.documents.clear();
                    }
                }
            })
            .map_err(|error| PdfError::WorkerStopped(error.to_string()))?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the pdfium thread and waits for its answer.
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut OpenDocuments) -> Result<T, PdfError> + Send + 'static,
    ) -> Result<T, PdfError> {
        let (answer, reply) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |open| {
            // The caller may have given up waiting; nothing to do then.
            let _ = answer.send(work(open));
        });
        let stopped = || PdfError::WorkerStopped("the pdfium thread has stopped".into());
        self.jobs.send(job).map_err(|_| stopped())?;
        reply.recv().map_err(|_| stopped())?
    }

    /// Opens the PDF in `bytes` (decrypted, in memory) under `key`, replacing any document
    /// open under the same key, and returns what the viewer lays out first.
    pub fn open(&self, key: &str, bytes: Vec<u8>) -> Result<DocumentInfo, PdfError> {
        let key = key.to_owned();
        self.run(move |open| open.open(key, bytes))
    }

    /// Whether a document is open under `key` (it may have been closed to make room).
    pub fn is_open(&self, key: &str) -> bool {
        let key = key.to_owned();
        self.run(move |open| Ok(open.documents.iter().any(|(open, _)| *open == key)))
            .unwrap_or(false)
    }

    /// Closes the document open under `key`, if any.
    pub fn close(&self, key: &str) {
        let key = key.to_owned();
        let _ = self.run(move |open| {
            open.documents.retain(|(open, _)| *open != key);
            Ok(())
        });
    }

    /// The pixels of page `index` of the document open under `key`, before encoding.
    pub fn render_rgb(
        &self,
        key: &str,
        index: u32,
        width_px: u32,
        device_pixel_ratio: f32,
    ) -> Result<RgbImage, PdfError> {
        let key = key.to_owned();
        self.run(move |open| render_rgb_in(open.get(&key)?, index, width_px, device_pixel_ratio))
    }

    /// Page `index` of the document open under `key`, rendered on the pdfium thread and
    /// encoded on the caller's.
    pub fn render_page(
        &self,
        key: &str,
        index: u32,
        request: RenderRequest,
    ) -> Result<RenderedPage, PdfError> {
        let image = self.render_rgb(key, index, request.width_px, request.device_pixel_ratio)?;
        Ok(RenderedPage {
            bytes: image.encode(request.format)?,
            width: image.width,
            height: image.height,
            format: request.format,
        })
    }

    /// The characters of page `index` of the document open under `key`, with their boxes.
    pub fn page_chars(&self, key: &str, index: u32) -> Result<Vec<TextChar>, PdfError> {
        let key = key.to_owned();
        self.run(move |open| page_chars_in(open.get(&key)?, index))
    }

    /// [`PdfEngine::write_administrative_document`] on the pdfium thread: once the worker
    /// runs, it is the only way into pdfium, so minutes and vote reports are written here.
    pub fn write_administrative_document(
        &self,
        document: AdministrativeDocument,
    ) -> Result<Vec<u8>, PdfError> {
        self.run(move |open| open.engine.write_administrative_document(&document))
    }

    /// [`PdfEngine::write_annotated_copy`] on the pdfium thread: a member's annotated copy
    /// of `bytes` (decrypted, in memory), written where every other pdfium call runs.
    pub fn write_annotated_copy(
        &self,
        bytes: Vec<u8>,
        copy: AnnotatedCopy,
    ) -> Result<Vec<u8>, PdfError> {
        self.run(move |open| open.engine.write_annotated_copy(&bytes, &copy))
    }

    /// The characters of every page of the document open under `key`, in one job (for the
    /// search index), with each page's size in points.
    pub fn document_text(&self, key: &str) -> Result<Vec<PageText>, PdfError> {
        let key = key.to_owned();
        self.run(move |open| {
            let document = open.get(&key)?;
            let info = document_info_in(document)?;
            let mut pages = Vec::with_capacity(info.pages.len());
            for (index, page) in info.pages.iter().enumerate() {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                // A page whose text cannot be read is searched as empty, not a failure of
                // the whole document.
                let chars = page_chars_in(document, index).unwrap_or_default();
                pages.push(PageText {
                    width_pt: page.width_pt,
                    height_pt: page.height_pt,
                    chars,
                });
            }
            Ok(pages)
        })
    }
}

/// One page's text with the page's size, what search needs to place its hits.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    /// Width in points.
    pub width_pt: f32,
    /// Height in points.
    pub height_pt: f32,
    /// The characters in reading order, with boxes.
    pub chars: Vec<TextChar>,
}
