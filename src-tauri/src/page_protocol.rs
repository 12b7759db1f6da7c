//! The `phpage` URI scheme: rendered pages go to the webview as image responses, not as
//! base64 over IPC.
//!
//! `phpage://localhost/{meeting}/{document}/{page}?w={css px}&dpr={ratio}` (on Windows,
//! `http://phpage.localhost/…`) answers a lossless WebP of that page, or a JSON
//! `{code, message}` with a 4xx/5xx status. Responses say `no-store`: a page is plaintext and
//! must not reach the webview's disk cache (DESIGN.md invariant 1).

use std::sync::Arc;

use percent_encoding::percent_decode_str;
use phonghop_core::{App, CoreError};
use phonghop_domain::ErrorBody;
use tauri::http::{Response, StatusCode, header};

/// The scheme's name, as the interface writes it in image URLs.
pub const SCHEME: &str = "phpage";

/// One page image asked for by the webview.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Document identifier.
    pub document_id: String,
    /// Zero-based page.
    pub page: u32,
    /// Width in CSS pixels.
    pub width_px: u32,
    /// Device pixel ratio.
    pub device_pixel_ratio: f32,
}

fn bad(message: impl Into<String>) -> ErrorBody {
    ErrorBody::new("page.bad_request", message)
}

/// Reads a page request from the path and query of `uri`.
pub fn parse(uri: &tauri::http::Uri) -> Result<PageRequest, ErrorBody> {
    let segments: Vec<String> = uri
        .path()
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            percent_decode_str(segment)
                .decode_utf8()
                .map(|decoded| decoded.into_owned())
                .map_err(|_| bad("the address is not UTF-8"))
        })
        .collect::<Result<_, _>>()?;
    let [meeting_id, document_id, page] = segments.as_slice() else {
        return Err(bad("expected /meeting/document/page"));
    };
    let page = page
        .parse()
        .map_err(|_| bad(format!("page {page:?} is not a number")))?;
    let mut width_px = None;
    let mut device_pixel_ratio = 1.0;
    for pair in uri.query().unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("w", value)) => {
                width_px = Some(
                    value
                        .parse()
                        .map_err(|_| bad(format!("width {value:?} is not a number")))?,
                );
            }
            Some(("dpr", value)) => {
                device_pixel_ratio = value
                    .parse()
                    .map_err(|_| bad(format!("pixel ratio {value:?} is not a number")))?;
            }
            _ => {}
        }
    }
    Ok(PageRequest {
        meeting_id: meeting_id.clone(),
        document_id: document_id.clone(),
        page,
        width_px: width_px.ok_or_else(|| bad("the width (w=) is missing"))?,
        device_pixel_ratio,
    })
}

/// The HTTP status a failure is answered with.
fn status_for(code: &str) -> StatusCode {
    match code {
        "page.bad_request" | "pdf.invalid_request" | "pdf.page_too_large" => {
            StatusCode::BAD_REQUEST
        }
        "pdf.no_such_page" | "meeting.not_found" | "document.not_found" | "profile.missing" => {
            StatusCode::NOT_FOUND
        }
        "document.not_downloaded" => StatusCode::CONFLICT,
        "pdf.malformed" | "pdf.password_protected" => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(error: &ErrorBody) -> Response<Vec<u8>> {
    let body = serde_json::to_vec(error).unwrap_or_default();
    Response::builder()
        .status(status_for(&error.code))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
        .unwrap_or_default()
}

/// Answers one request with the page image or the error, rendering on the calling thread
/// (a blocking one: the caller spawns it).
pub fn respond(app: Option<Arc<App>>, uri: &tauri::http::Uri) -> Response<Vec<u8>> {
    let request = match parse(uri) {
        Ok(request) => request,
        Err(error) => return error_response(&error),
    };
    let Some(app) = app else {
        return error_response(&CoreError::ProfileMissing("this machine".into()).to_body());
    };
    match app.page_image(
        &request.meeting_id,
        &request.document_id,
        request.page,
        request.width_px,
        request.device_pixel_ratio,
    ) {
        Ok(image) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, image.format.mime_type())
            .header(header::CACHE_CONTROL, "no-store")
            .body(image.bytes.clone())
            .unwrap_or_default(),
        Err(error) => error_response(&error.to_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> tauri::http::Uri {
        text.parse().unwrap()
    }

    #[test]
    fn a_page_address_reads_back_on_both_platform_forms() {
        let expected = PageRequest {
            meeting_id: "m 1".into(),
            document_id: "d/2".into(),
            page: 3,
            width_px: 850,
            device_pixel_ratio: 1.25,
        };
        assert_eq!(
            parse(&uri("phpage://localhost/m%201/d%2F2/3?w=850&dpr=1.25")).unwrap(),
            expected
        );
        assert_eq!(
            parse(&uri("http://phpage.localhost/m%201/d%2F2/3?dpr=1.25&w=850")).unwrap(),
            expected
        );
        let plain = parse(&uri("phpage://localhost/m/d/0?w=120")).unwrap();
        assert_eq!(plain.device_pixel_ratio, 1.0);
    }

    #[test]
    fn malformed_addresses_are_refused_with_a_code_and_a_client_error() {
        for bad in [
            "phpage://localhost/m/d?w=100",
            "phpage://localhost/m/d/x?w=100",
            "phpage://localhost/m/d/-1?w=100",
            "phpage://localhost/m/d/0",
            "phpage://localhost/m/d/0?w=wide",
            "phpage://localhost/m/d/0?w=100&dpr=x",
            "phpage://localhost/m/d/0/extra?w=100",
            "phpage://localhost/m%FF/d/0?w=100",
        ] {
            let error = parse(&uri(bad)).unwrap_err();
            assert_eq!(error.code, "page.bad_request", "{bad}");
            assert_eq!(error_response(&error).status(), StatusCode::BAD_REQUEST);
        }
        let missing = respond(None, &uri("phpage://localhost/m/d/0?w=100"));
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let body: serde_json::Value = serde_json::from_slice(missing.body()).unwrap();
        assert_eq!(body["code"], "profile.missing");
        assert_eq!(
            missing.headers().get(header::CACHE_CONTROL).unwrap(),
            "no-store"
        );
    }
}
