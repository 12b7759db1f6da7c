//! The pdfium worker thread, through the real libpdfium: documents stay open between calls,
//! answers reach the right caller from many threads, and a bad file does not stop it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use phonghop_pdf::{
    ImageFormat, MAX_OPEN_DOCUMENTS, PdfEngine, PdfWorker, RenderRequest, TextDocument,
};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

fn engine() -> &'static PdfEngine {
    PdfEngine::bind_default().unwrap_or_else(|error| panic!("{error}"))
}

fn document(title: &str, paragraphs: usize) -> Vec<u8> {
    engine()
        .write_text_document(
            &TextDocument {
                heading: vec![title.to_owned()],
                paragraphs: vec![
                    "Hội đồng nhân dân tỉnh xem xét, biểu quyết thông qua.".repeat(12);
                    paragraphs
                ],
            },
            FONT,
        )
        .unwrap()
}

fn request(width_px: u32) -> RenderRequest {
    RenderRequest {
        width_px,
        device_pixel_ratio: 1.0,
        format: ImageFormat::Png,
    }
}

#[test]
fn an_open_document_renders_pages_and_gives_its_text_until_closed() {
    let worker = PdfWorker::start(engine()).unwrap();
    let bytes = document("TỜ TRÌNH về ngân sách", 30);
    let info = worker.open("m1/d1", bytes.clone()).unwrap();
    assert_eq!(
        info.pages.len() as u32,
        engine().page_count(&bytes).unwrap()
    );
    assert!(info.pages.len() >= 2);

    let page = worker.render_page("m1/d1", 1, request(300)).unwrap();
    let direct = engine().render_page(&bytes, 1, request(300)).unwrap();
    assert_eq!(
        page, direct,
        "the worker draws exactly what the engine draws"
    );

    let chars = worker.page_chars("m1/d1", 0).unwrap();
    let text: String = chars.iter().map(|c| c.ch).collect();
    assert!(text.contains("TỜ TRÌNH về ngân sách"), "{text}");

    let all = worker.document_text("m1/d1").unwrap();
    assert_eq!(all.len(), info.pages.len());
    assert!(all[0].width_pt > 500.0 && all[0].height_pt > 800.0);

    assert_eq!(
        worker
            .render_page("m1/d1", 99, request(300))
            .unwrap_err()
            .code(),
        "pdf.no_such_page"
    );
    worker.close("m1/d1");
    assert!(!worker.is_open("m1/d1"));
    assert_eq!(
        worker
            .render_page("m1/d1", 0, request(300))
            .unwrap_err()
            .code(),
        "pdf.not_open"
    );
}

#[test]
fn opening_more_than_the_limit_closes_the_least_recently_used() {
    let worker = PdfWorker::start(engine()).unwrap();
    let bytes = document("Báo cáo", 1);
    for n in 0..MAX_OPEN_DOCUMENTS {
        worker.open(&format!("doc{n}"), bytes.clone()).unwrap();
    }
    // Reading doc0 makes doc1 the least recently used.
    worker.render_page("doc0", 0, request(100)).unwrap();
    worker.open("one-more", bytes).unwrap();
    assert!(worker.is_open("doc0"));
    assert!(!worker.is_open("doc1"));
    assert!(worker.is_open("one-more"));
}

#[test]
fn a_broken_file_is_refused_and_the_worker_goes_on() {
    let worker = PdfWorker::start(engine()).unwrap();
    assert_eq!(
        worker
            .open("bad", b"%PDF-1.7 not really".to_vec())
            .unwrap_err()
            .code(),
        "pdf.malformed"
    );
    assert_eq!(
        worker.open("empty", Vec::new()).unwrap_err().code(),
        "pdf.malformed"
    );
    assert!(!worker.is_open("bad"));
    let good = document("Giấy mời", 1);
    worker.open("good", good).unwrap();
    assert!(worker.render_page("good", 0, request(120)).is_ok());
}

#[test]
fn callers_on_many_threads_each_get_their_own_page() {
    let worker = PdfWorker::start(engine()).unwrap();
    let bytes = document("Đề án", 40);
    let pages = worker.open("shared", bytes.clone()).unwrap().pages.len() as u32;
    assert!(pages >= 3);
    let expected: Vec<_> = (0..pages)
        .map(|index| engine().render_page(&bytes, index, request(200)).unwrap())
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..pages)
            .map(|index| {
                let worker = worker.clone();
                scope.spawn(move || worker.render_page("shared", index, request(200)).unwrap())
            })
            .collect();
        for (index, handle) in handles.into_iter().enumerate() {
            assert_eq!(handle.join().unwrap(), expected[index], "page {index}");
        }
    });
}
