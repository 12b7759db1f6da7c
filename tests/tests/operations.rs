//! Running the server: probes, metrics, rate limits and JSON refusals, against the real
//! server on 127.0.0.1:0.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_domain::ErrorBody;
use phonghop_tests::TestServer;

async fn error_of(response: reqwest::Response) -> (u16, ErrorBody) {
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(kind.starts_with("application/json"), "{status}: {kind}");
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn probes_answer_and_readiness_fails_when_the_blob_store_is_gone() {
    let server = TestServer::start().await.unwrap();
    let (http, url) = phonghop_sync::raw_http_client(&server.url()).unwrap();
    let live = http.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    let ready = http.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    // The blob directory disappears (a storage mount lost): not ready, and it says why.
    std::fs::remove_dir_all(server.data_dir().join("blobs")).unwrap();
    let (status, body) = error_of(http.get(format!("{url}/readyz")).send().await.unwrap()).await;
    assert_eq!(status, 503);
    assert_eq!(body.code, "server.not_ready");
    assert!(body.message.contains("blob store"), "{}", body.message);
    // Still alive, though: liveness is not readiness.
    let live = http.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(live.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_by_declared_route_without_ids() {
    let server = TestServer::start().await.unwrap();
    let (http, url) = phonghop_sync::raw_http_client(&server.url()).unwrap();
    for _ in 0..3 {
        http.get(format!("{url}/api/v1/health"))
            .send()
            .await
            .unwrap();
    }
    let blob = "ab".repeat(32);
    http.get(format!("{url}/api/v1/blobs/{blob}"))
        .send()
        .await
        .unwrap();
    let text = http
        .get(format!("{url}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            r#"phonghop_http_requests_total{method="GET",route="/api/v1/health",status="200"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/blobs/{id}",status="401""#),
        "{text}"
    );
    assert!(!text.contains(&blob), "no blob id in the metrics");
    assert!(text.contains("phonghop_http_request_duration_seconds_bucket"));
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_oversized_unknown_and_wrong_method_requests_get_json_codes() {
    let server = TestServer::start().await.unwrap();
    let (http, url) = phonghop_sync::raw_http_client(&server.url()).unwrap();
    let cases = [
        (
            http.post(format!("{url}/api/v1/enroll"))
                .header("content-type", "application/json")
                .body("{ not json"),
            400,
            "request.malformed",
        ),
        (
            // The server answers before reading the whole body and may then close the
            // connection; this request's connection is not reused by the next case.
            http.post(format!("{url}/api/v1/enroll"))
                .header("content-type", "application/json")
                .header("connection", "close")
                .body(vec![b' '; 5 * 1024 * 1024]),
            413,
            "request.too_large",
        ),
        (
            http.post(format!("{url}/api/v1/enroll")).body("{}"),
            415,
            "request.unsupported_media_type",
        ),
        (
            http.get(format!("{url}/api/v1/no-such-route")),
            404,
            "not_found",
        ),
        (http.get(format!("{url}/nothing-here")), 404, "not_found"),
        (
            http.delete(format!("{url}/api/v1/meetings")),
            405,
            "request.method_not_allowed",
        ),
    ];
    for (request, status, code) in cases {
        let (got_status, body) = error_of(request.send().await.unwrap()).await;
        assert_eq!(
            (got_status, body.code.as_str()),
            (status, code),
            "{}",
            body.message
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hammering_the_login_is_slowed_down_with_retry_after() {
    let server = TestServer::start().await.unwrap();
    let (http, url) = phonghop_sync::raw_http_client(&server.url()).unwrap();
    let mut limited = None;
    // The burst, plus room for what the per-minute rate refills while the loop runs.
    for _ in 0..(phonghop_server::ops::rate_limit::BURST * 2) {
        let response = http
            .post(format!("{url}/api/v1/session/challenge"))
            .json(&serde_json::json!({"device_id": "no-such-device"}))
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the limit never applied");
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let (_, body) = error_of(response).await;
    assert_eq!(body.code, "request.rate_limited");
    // Authenticated routes are not rate limited this way, and health still answers.
    let health = http
        .get(format!("{url}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let metrics = http
        .get(format!("{url}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("phonghop_rate_limited_requests_total 1"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_describes_itself_in_openapi() {
    let server = TestServer::start().await.unwrap();
    let (http, url) = phonghop_sync::raw_http_client(&server.url()).unwrap();
    let response = http
        .get(format!("{url}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/feed"), "{:?}", paths.keys());
    assert!(paths.contains_key("/api/v1/meetings/{id}/audit"));
    assert_eq!(
        document["paths"]["/api/v1/feed"]["get"]["security"][0]["bearer"],
        serde_json::json!([])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn stopping_the_server_lets_an_upload_in_flight_finish() {
    let TestServer {
        data,
        server,
        admin_token,
    } = TestServer::start().await.unwrap();
    let url = server.url();
    let profiles = tempfile::tempdir().unwrap();
    phonghop_core::demo::enroll_person(
        &url,
        &admin_token,
        "Thư Ký Tải Lên",
        "",
        phonghop_domain::Role::Secretary,
        &profiles.path().join("secretary"),
    )
    .await
    .unwrap();
    let secretary = phonghop_core::App::open(&profiles.path().join("secretary")).unwrap();
    let token = secretary
        .server_session()
        .await
        .unwrap()
        .token()
        .unwrap()
        .to_owned();

    // 8 MiB sent slowly in 32 pieces, so the server is told to stop mid-upload.
    let bytes: Vec<u8> = (0..8 * 1024 * 1024u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let id = phonghop_crypto::sha256_hex(&bytes);
    let pieces: Vec<Result<Vec<u8>, std::io::Error>> = bytes
        .chunks(256 * 1024)
        .map(|piece| Ok(piece.to_vec()))
        .collect();
    let slow = futures_util::StreamExt::then(futures_util::stream::iter(pieces), |piece| async {
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        piece
    });
    let (http, base) = phonghop_sync::raw_http_client(&url).unwrap();
    let upload = tokio::spawn({
        let request = http
            .put(format!("{base}/api/v1/blobs/{id}"))
            .bearer_auth(&token)
            .body(reqwest::Body::wrap_stream(slow));
        async move { request.send().await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let stopped = tokio::spawn(server.stop());
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let newcomer = phonghop_sync::ServerClient::new(&url).unwrap();
    assert!(
        newcomer.health().await.is_err(),
        "a stopping server takes no new connections"
    );
    assert!(
        !upload.is_finished(),
        "the upload was still in flight when the stop began"
    );
    let response = upload
        .await
        .unwrap()
        .expect("the upload in flight is not cut off");
    assert_eq!(response.status(), 201);
    stopped.await.unwrap().unwrap();

    // The blob is whole on disk when the server comes back.
    let again = phonghop_server::start(data.path(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = phonghop_sync::ServerClient::new(&again.url())
        .unwrap()
        .with_token(token);
    assert_eq!(client.get_blob(&id).await.unwrap(), bytes);
    again.stop().await.unwrap();
}
