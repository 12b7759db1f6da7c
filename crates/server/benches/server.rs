//! `cargo bench -p phonghop-server --bench server` (run by `cargo xtask bench server`): the
//! server under the two loads that matter in a meeting week, on loopback, beside nginx.
//!
//! * **chunk download throughput**: one member's client fetching every encrypted chunk of a
//!   meeting packet over HTTPS (8 requests in flight, the pinned certificate), against nginx
//!   serving the same bytes as static files over HTTPS with the same certificate, fetched
//!   by the same client in the same run. Goal: ≥ 0.8 × nginx.
//! * **feed fan-out**: 1,000 members each on a live feed WebSocket; the secretary publishes
//!   a revision naming all of them; the time from sending the publication to each
//!   member's socket receiving its record (p50, p99). Goal: p99 ≤ 100 ms on loopback.
//!
//! Set-up writes people, devices and sessions straight into the database (enrolling 1,000
//! devices through the API would measure Argon2, not the server). Prints a table and
//! writes JSON entries (DESIGN.md, "Benchmarks") to `$PHONGHOP_BENCH_OUT`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;
use std::process::{Child, Command, ExitCode};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use phonghop_domain::wire::{Envelope, LiveMessage, PublishMeeting};
use phonghop_server::settings::{Overrides, Settings};
use phonghop_sync::ServerClient;

#[path = "common/mod.rs"]
mod common;
use common::{Person, add_people, percentile};

/// Members on live feeds.
const MEMBERS: usize = 1000;
/// The meeting packet: chunks of FastCDC's typical sizes, 24 MiB in all.
const CHUNKS: usize = 192;
const CHUNK_BYTES: usize = 128 * 1024;
/// Requests in flight while downloading.
const IN_FLIGHT: usize = 8;
/// Download rounds per server (the best is kept: the least disturbed by the machine).
const DOWNLOAD_ROUNDS: usize = 5;
/// Publications fanned out to every member.
const FAN_OUT_ROUNDS: usize = 5;

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Deterministic bytes that do not compress (as ciphertext does not).
fn noise(seed: u64, length: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn publication(meeting_id: &str, blob_ids: &[String], recipients: &[&Person]) -> PublishMeeting {
    PublishMeeting {
        meeting_id: meeting_id.to_owned(),
        starts_at: "2026-12-07T08:00:00+07:00".into(),
        sealed: STANDARD.encode(noise(7, 4096)),
        blob_ids: blob_ids.to_vec(),
        envelopes: recipients
            .iter()
            .map(|person| Envelope {
                device_id: person.device_id.clone(),
                envelope: STANDARD.encode(noise(9, 120)),
            })
            .collect(),
    }
}

/// Fetches every `url` with [`IN_FLIGHT`] requests at a time; returns bytes per second.
async fn download_all(http: &reqwest::Client, urls: &[String], token: Option<&str>) -> f64 {
    let started = Instant::now();
    let mut total = 0usize;
    for batch in urls.chunks(IN_FLIGHT) {
        let fetches = batch.iter().map(|url| {
            let mut request = http.get(url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            async move {
                let response = request.send().await.unwrap();
                assert!(
                    response.status().is_success(),
                    "{url}: {}",
                    response.status()
                );
                response.bytes().await.unwrap().len()
            }
        });
        total += futures_util::future::join_all(fetches)
            .await
            .iter()
            .sum::<usize>();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// Stops nginx and its workers (killing only the master would leave the workers behind).
fn stop_nginx(mut nginx: Child, root: &Path) {
    let _ = Command::new("nginx")
        .arg("-c")
        .arg(root.join("nginx.conf"))
        .arg("-p")
        .arg(root)
        .args(["-s", "stop"])
        .status();
    let _ = nginx.wait();
}

fn start_nginx(root: &Path, cert: &Path, key: &Path) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nworker_processes 2;\npid {pid};\nerror_log {err} warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  tcp_nodelay on;\n  keepalive_requests 100000;\n\
               client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n\
               uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n\
               server {{\n    listen 127.0.0.1:{port} ssl;\n    ssl_certificate {cert};\n\
                 ssl_certificate_key {key};\n    root {files};\n  }}\n}}\n",
            pid = root.join("nginx.pid").display(),
            err = root.join("nginx.err").display(),
            tmp = root.display(),
            cert = cert.display(),
            key = key.display(),
            files = root.join("files").display(),
        ),
    )
    .unwrap();
    let child = Command::new("nginx")
        .args(["-c"])
        .arg(&conf)
        .args(["-p"])
        .arg(root)
        .spawn()
        .expect("nginx (installed by `cargo xtask bench server`)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

struct Figures {
    ours_bps: f64,
    nginx_bps: f64,
    fan_out: Vec<Duration>,
    publish: Vec<Duration>,
}

async fn measure() -> Figures {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    phonghop_server::init(
        &data,
        "Hội đồng nhân dân tỉnh (đo)",
        "mật khẩu đo hiệu năng",
        &[],
    )
    .unwrap();
    let secretary = add_people(&data, 1, "secretary").pop().unwrap();
    let members = add_people(&data, MEMBERS, "member");
    let mut settings = Settings::load(&data, &Overrides::default()).unwrap();
    settings.listen = "127.0.0.1:0".parse().unwrap();
    let server = phonghop_server::start_with(&data, &settings).await.unwrap();
    let url = server.url();
    let as_secretary = ServerClient::new(&url)
        .unwrap()
        .with_token(secretary.token.clone());

    // The packet: upload its chunks and publish a meeting holding them to member 0.
    let files = dir.path().join("nginx").join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut blob_ids = Vec::new();
    for n in 0..CHUNKS {
        let bytes = noise(n as u64 + 100, CHUNK_BYTES);
        let id = phonghop_crypto::sha256_hex(&bytes);
        std::fs::write(files.join(&id), &bytes).unwrap();
        as_secretary.put_blob(&id, bytes).await.unwrap();
        blob_ids.push(id);
    }
    as_secretary
        .publish_meeting(&publication(
            &uuid::Uuid::new_v4().to_string(),
            &blob_ids,
            &[&members[0], &secretary],
        ))
        .await
        .unwrap();

    // Throughput: the same client (pinned TLS), ours then nginx, alternating rounds.
    let (http, base) = phonghop_sync::raw_http_client(&url).unwrap();
    let (nginx, nginx_port) = start_nginx(
        &dir.path().join("nginx"),
        &data.join(phonghop_server::tls::CERT_FILE),
        &data.join(phonghop_server::tls::KEY_FILE),
    );
    let ours_urls: Vec<String> = blob_ids
        .iter()
        .map(|id| format!("{base}/api/v1/blobs/{id}"))
        .collect();
    let nginx_urls: Vec<String> = blob_ids
        .iter()
        .map(|id| format!("https://127.0.0.1:{nginx_port}/{id}"))
        .collect();
    let (mut ours_bps, mut nginx_bps) = (0f64, 0f64);
    for _ in 0..DOWNLOAD_ROUNDS {
        ours_bps = ours_bps.max(download_all(&http, &ours_urls, Some(&members[0].token)).await);
        nginx_bps = nginx_bps.max(download_all(&http, &nginx_urls, None).await);
    }
    stop_nginx(nginx, &dir.path().join("nginx"));

    // Fan-out: every member on a live feed, caught up, then publications to all.
    let mut feeds = Vec::with_capacity(MEMBERS);
    for person in &members {
        let client = ServerClient::new(&url)
            .unwrap()
            .with_token(person.token.clone());
        let mut feed = client.live_feed(0).await.unwrap();
        loop {
            if let LiveMessage::CaughtUp { .. } = feed.next().await.unwrap() {
                break;
            }
        }
        feeds.push(feed);
    }
    let everyone: Vec<&Person> = members.iter().chain([&secretary]).collect();
    let meeting_id = uuid::Uuid::new_v4().to_string();
    let mut fan_out = Vec::new();
    let mut publish = Vec::new();
    for _ in 0..FAN_OUT_ROUNDS {
        let request = publication(&meeting_id, &[], &everyone);
        let started = Instant::now();
        let started_at = Arc::new(started);
        let receivers: Vec<_> = feeds
            .drain(..)
            .map(|mut feed| {
                let started_at = Arc::clone(&started_at);
                tokio::spawn(async move {
                    match feed.next().await {
                        Ok(LiveMessage::Record { .. }) => (feed, started_at.elapsed()),
                        other => panic!("expected a record, got {other:?}"),
                    }
                })
            })
            .collect();
        as_secretary.publish_meeting(&request).await.unwrap();
        publish.push(started.elapsed());
        for receiver in receivers {
            let (feed, latency) = receiver.await.unwrap();
            fan_out.push(latency);
            feeds.push(feed);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(feeds);
    server.stop().await.unwrap();
    Figures {
        ours_bps,
        nginx_bps,
        fan_out,
        publish,
    }
}

fn entry(
    metric: &str,
    unit: &str,
    ours: f64,
    baseline: f64,
    tool: &str,
    lower_is_better: bool,
    params: &str,
) -> String {
    format!(
        "  {{\"metric\": {metric:?}, \"unit\": {unit:?}, \"ours\": {ours:.3}, \"baseline\": {baseline:.3}, \
         \"baseline_tool\": {tool:?}, \"ratio\": {:.3}, \"lower_is_better\": {lower_is_better}, \"params\": {params}}}",
        ours / baseline
    )
}

fn run(out: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let figures = runtime.block_on(measure());
    let mib = |bps: f64| bps / (1024.0 * 1024.0);
    let (p50, p99) = (
        percentile(&figures.fan_out, 50.0),
        percentile(&figures.fan_out, 99.0),
    );
    let publish_p50 = percentile(&figures.publish, 50.0);
    println!("| measure | ours | baseline | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| chunk download, {CHUNKS} × {} KiB, {IN_FLIGHT} in flight, HTTPS | {:.0} MiB/s | nginx {:.0} MiB/s | {:.2} (goal ≥ 0.8) |",
        CHUNK_BYTES / 1024,
        mib(figures.ours_bps),
        mib(figures.nginx_bps),
        figures.ours_bps / figures.nginx_bps
    );
    println!(
        "| feed fan-out to {MEMBERS} WebSockets, p50 | {:.1} ms | goal 100 ms | {:.2} |",
        ms(p50),
        ms(p50) / 100.0
    );
    println!(
        "| feed fan-out to {MEMBERS} WebSockets, p99 | {:.1} ms | goal 100 ms | {:.2} (goal ≤ 1) |",
        ms(p99),
        ms(p99) / 100.0
    );
    println!(
        "(the publication itself — {} envelopes, feed records and the audit entry in one transaction — took {:.1} ms at p50)",
        MEMBERS + 1,
        ms(publish_p50)
    );
    let params_download = format!(
        "{{\"chunks\": {CHUNKS}, \"chunk_bytes\": {CHUNK_BYTES}, \"in_flight\": {IN_FLIGHT}, \"rounds\": {DOWNLOAD_ROUNDS}, \"transport\": \"HTTPS, loopback, same client and certificate\"}}"
    );
    let params_fan = format!(
        "{{\"clients\": {MEMBERS}, \"rounds\": {FAN_OUT_ROUNDS}, \"samples\": {}, \"publish_p50_ms\": {:.2}}}",
        figures.fan_out.len(),
        ms(publish_p50)
    );
    let json = format!(
        "[\n{},\n{},\n{}\n]\n",
        entry(
            "chunk_download_throughput",
            "MiB/s",
            mib(figures.ours_bps),
            mib(figures.nginx_bps),
            "nginx",
            false,
            &params_download
        ),
        entry(
            "feed_fan_out_p50",
            "ms",
            ms(p50),
            100.0,
            "goal",
            true,
            &params_fan
        ),
        entry(
            "feed_fan_out_p99",
            "ms",
            ms(p99),
            100.0,
            "goal",
            true,
            &params_fan
        ),
    );
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(out, json).map_err(|e| e.to_string())?;
    println!("bench: wrote {}", out.display());
    Ok(())
}

fn main() -> ExitCode {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("server bench: run it with `cargo xtask bench server` (release mode)");
        return ExitCode::SUCCESS;
    }
    let out = std::env::var_os("PHONGHOP_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("target/bench/server.json"));
    match run(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server bench: error: {error}");
            ExitCode::FAILURE
        }
    }
}
