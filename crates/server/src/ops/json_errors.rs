//! Every refusal is JSON `{code, message}`, including the ones axum makes itself (a
//! malformed JSON body, a body over the limit, an unknown route, a wrong method), so a
//! client — and the interface that translates codes — never meets a bare text page.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use phonghop_domain::ErrorBody;

/// Most bytes of axum's own message kept as the error's detail.
const MAX_DETAIL: usize = 2048;

/// The stable code for a refusal axum produced with `status`.
pub fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "request.malformed",
        StatusCode::PAYLOAD_TOO_LARGE => "request.too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "request.unsupported_media_type",
        StatusCode::METHOD_NOT_ALLOWED => "request.method_not_allowed",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::TOO_MANY_REQUESTS => "request.rate_limited",
        status if status.is_server_error() => "server.internal",
        _ => "request.refused",
    }
}

/// Middleware body: passes successes and JSON errors through, rewrites any other error.
pub async fn to_json(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if status.as_u16() < 400 || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let detail = match to_bytes(body, MAX_DETAIL).await {
        Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).trim().to_owned(),
        _ => status.canonical_reason().unwrap_or("refused").to_owned(),
    };
    let json = serde_json::to_vec(&ErrorBody::new(code_for(status), detail)).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_text_refusal_becomes_json_with_a_code_and_keeps_its_headers() {
        let response = Response::builder()
            .status(StatusCode::PAYLOAD_TOO_LARGE)
            .header(header::CONTENT_TYPE, "text/plain")
            .header(header::RETRY_AFTER, "3")
            .body(Body::from("length limit exceeded"))
            .unwrap();
        let rewritten = to_json(response).await;
        assert_eq!(rewritten.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(rewritten.headers()[header::RETRY_AFTER], "3");
        let bytes = to_bytes(rewritten.into_body(), 4096).await.unwrap();
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.code, "request.too_large");
        assert_eq!(body.message, "length limit exceeded");
    }

    #[tokio::test]
    async fn successes_and_json_errors_pass_untouched() {
        let ok = Response::new(Body::from("plain success"));
        let passed = to_json(ok).await;
        let bytes = to_bytes(passed.into_body(), 4096).await.unwrap();
        assert_eq!(&bytes[..], b"plain success");
        let json = Response::builder()
            .status(StatusCode::FORBIDDEN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"code":"auth.forbidden","message":"no"}"#))
            .unwrap();
        let passed = to_json(json).await;
        let bytes = to_bytes(passed.into_body(), 4096).await.unwrap();
        assert!(bytes.starts_with(br#"{"code":"auth.forbidden""#));
        assert_eq!(
            code_for(StatusCode::METHOD_NOT_ALLOWED),
            "request.method_not_allowed"
        );
        assert_eq!(code_for(StatusCode::BAD_GATEWAY), "server.internal");
    }
}
