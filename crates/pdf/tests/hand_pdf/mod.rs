//! PDFs written byte by byte for the tests: valid ones with a correct cross-reference
//! table, and the pieces to make hostile ones from them.
#![allow(dead_code)]

/// A page stream drawing a line of Helvetica text and a blue bar.
pub const CONTENT: &str = "BT /F1 24 Tf 72 720 Td (Phong Hop) Tj ET 0 0 1 rg 72 600 200 50 re f";

/// Resources naming the standard Helvetica font as /F1.
pub const RESOURCES: &str =
    "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>";

/// A stream object body holding `data`.
pub fn stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A PDF whose objects are `objects` numbered from 1 (object 1 must be the catalog), with a
/// correct cross-reference table and `trailer_extra` added to the trailer dictionary.
pub fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A document of `pages` pages of `media_box` that all share one content stream: objects
/// 1 catalog, 2 page tree, 3 content, 4.. pages. `catalog_extra` goes into the catalog,
/// `page_extra` into every page; `more` are appended as objects after the pages.
pub fn shared_pages(
    pages: usize,
    media_box: &str,
    catalog_extra: &str,
    page_extra: &str,
    more: &[Vec<u8>],
) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|page| format!("{} 0 R", page + 4)).collect();
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>").into_bytes(),
        format!(
            "<< /Type /Pages /Count {pages} /MediaBox {media_box} /Resources {RESOURCES} /Kids [{}] >>",
            kids.join(" ")
        )
        .into_bytes(),
        stream(CONTENT.as_bytes()),
    ];
    for _ in 0..pages {
        objects.push(
            format!("<< /Type /Page /Parent 2 0 R /Contents 3 0 R {page_extra} >>").into_bytes(),
        );
    }
    objects.extend_from_slice(more);
    pdf(&objects, "")
}

/// A one-page A4 document.
pub fn one_page() -> Vec<u8> {
    shared_pages(1, "[0 0 595 842]", "", "", &[])
}

/// Deterministic pseudo-random bytes (xorshift), so a failure can be replayed.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Hex string of `bytes`, as a PDF hex string body.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02X}")).collect()
}
