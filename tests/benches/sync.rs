//! `cargo bench -p phonghop-tests --bench sync` (run by `cargo xtask bench sync`, as root):
//! a meeting packet reaching thirty members on commune links.
//!
//! * **packet to every member**: 30 members, each behind its own emulated commune link of
//!   4 Mbit/s, 80 ms RTT and 1 % loss, run the real client (`phonghop-cli sync`, release
//!   build, one process per member inside the member's network namespace) at the same
//!   moment against the real server; the time until every one has exited having fetched a
//!   20 MiB packet (ten documents of incompressible bytes, as PDFs' compressed streams
//!   are), against the ideal — the ciphertext bytes a member fetched ÷ 4 Mbit/s (goal
//!   ≤ 1.15 ×) — and against 30 `curl` processes fetching the same bytes as ten plain
//!   files from nginx (HTTPS, same certificate) over the same links in the same run.
//! * **a revision**: the secretary revises the 5 MiB document (ten scattered edits of
//!   16–64 bytes, overwriting or inserting) with `App::revise_document`; the bytes it
//!   sends against rsync's "Literal data" for the same pair of files (`rsync
//!   --no-whole-file`, goal ≤ 1.2 ×), and the bytes and time for all thirty members to
//!   fetch it over their links.
//!
//! How the link is made (this kernel has no `tc netem`): network namespaces on a bridge,
//! joined by veth pairs; `tc qdisc tbf` for the rate on both ends of each veth; `iptables -m
//! statistic --mode random` for the loss, measured by counting rules and printed; and the
//! latency from a user-space delay line on an NFQUEUE rule that holds every packet from a
//! member for one RTT (see `sync/delay.rs`), whose own lateness is printed too. Everything
//! (namespaces, veths, bridge, iptables rules, processes) is removed at the end, on error,
//! on panic and on Ctrl-C. Uses 10.77.0.0/16, refusing to start if the machine already
//! does. Prints a table and writes JSON entries (DESIGN.md, "Benchmarks") to
//! `$PHONGHOP_BENCH_OUT`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "sync/delay.rs"]
mod delay;
#[path = "sync/links.rs"]
mod links;
#[path = "sync/procs.rs"]
mod procs;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use links::{LinkSpec, Links, LossCount};
use phonghop_core::{App, DraftDocument, DraftItem, MeetingDraft};
use phonghop_domain::{DocumentKind, MeetingInfo, MeetingKind, Role};
use procs::{CpuSample, Finished};
use serde_json::{Value, json};

/// Members fetching the packet at once (`PHONGHOP_BENCH_MEMBERS` sets another number, to
/// see how the figures depend on the machine's load; the table is for 30).
const MEMBERS: usize = 30;

fn members() -> usize {
    std::env::var("PHONGHOP_BENCH_MEMBERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=250).contains(n))
        .unwrap_or(MEMBERS)
}
/// A commune link.
const LINK: LinkSpec = LinkSpec {
    rate_bps: 4_000_000,
    rtt: Duration::from_millis(80),
    loss: 0.01,
};
/// The packet's documents, KiB: 20 MiB in all.
const DOCUMENT_KIB: [usize; 10] = [5120, 4096, 3072, 2048, 2048, 1536, 1024, 768, 512, 256];
/// Scattered edits in the revision of the first document.
const EDITS: usize = 10;
/// Goals (DESIGN.md, the issue).
const GOAL_READY: f64 = 1.15;
const GOAL_REVISION: f64 = 1.2;
const PASSPHRASE: &str = "mật khẩu đo hiệu năng";

/// nginx's master process, for the Ctrl-C handler (0 when none).
static NGINX_PID: AtomicU32 = AtomicU32::new(0);

fn text<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// `original` with [`EDITS`] scattered edits: alternately overwrite and insert 16–64
/// pseudo-random bytes at pseudo-random offsets. Returns the revision and the bytes written.
fn revise(original: &[u8]) -> (Vec<u8>, usize) {
    let mut state = 0x5EED_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut edits: Vec<(usize, Vec<u8>, bool)> = (0..EDITS)
        .map(|index| {
            let len = 16 + (next() % 49) as usize;
            let at = (next() % (original.len() as u64 - 64)) as usize;
            let bytes = (0..len).map(|_| (next() >> 24) as u8).collect();
            (at, bytes, index % 2 == 1)
        })
        .collect();
    // From the end, so each offset still refers to the original.
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut revised = original.to_vec();
    for (at, bytes, insert) in &edits {
        if *insert {
            revised.splice(*at..*at, bytes.iter().copied());
        } else {
            revised[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
    }
    (revised, edits.iter().map(|edit| edit.1.len()).sum())
}

/// rsync's "Literal data" to bring `old` up to `new` with its delta algorithm.
fn rsync_literal_bytes(dir: &Path, old: &[u8], new: &[u8]) -> Result<u64, String> {
    let (source, destination) = (dir.join("new"), dir.join("old"));
    for (folder, bytes) in [(&source, new), (&destination, old)] {
        std::fs::create_dir_all(folder).map_err(text)?;
        std::fs::write(folder.join("document.pdf"), bytes).map_err(text)?;
    }
    let output = Command::new("rsync")
        .args(["--no-whole-file", "--ignore-times", "--stats"])
        .arg(source.join("document.pdf"))
        .arg(destination.join("document.pdf"))
        .output()
        .map_err(|e| format!("cannot run rsync: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("rsync failed ({}): {stdout}", output.status));
    }
    stdout
        .lines()
        .find_map(|line| line.trim().strip_prefix("Literal data:"))
        .and_then(|rest| {
            rest.split_whitespace()
                .next()
                .map(|n| n.chars().filter(char::is_ascii_digit).collect::<String>())
        })
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| format!("no `Literal data` line in rsync's output:\n{stdout}"))
}

/// Every blob the server holds: (name, size).
fn server_blobs(data: &Path) -> Vec<(String, u64)> {
    let mut blobs = Vec::new();
    let Ok(fans) = std::fs::read_dir(data.join("blobs")) else {
        return blobs;
    };
    for fan in fans.flatten() {
        let Ok(entries) = std::fs::read_dir(fan.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_blob = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if let (true, Ok(meta)) = (is_blob, entry.metadata()) {
                blobs.push((name, meta.len()));
            }
        }
    }
    blobs.sort();
    blobs
}

/// The path of the release client: `$PHONGHOP_CLI`, else beside this bench's target
/// folder (`<target>/release/deps/sync-…` → `<target>/release/phonghop-cli`).
fn client_binary() -> Result<PathBuf, String> {
    let path = std::env::var_os("PHONGHOP_CLI")
        .map(PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            Some(exe.ancestors().nth(2)?.join("phonghop-cli"))
        })
        .ok_or("cannot tell where phonghop-cli is; set PHONGHOP_CLI")?;
    if !path.is_file() {
        return Err(format!(
            "{} is missing: build it with `cargo build --release -p phonghop-cli` (`cargo xtask bench sync` does)",
            path.display()
        ));
    }
    Ok(path)
}

fn check_tools() -> Result<(), String> {
    let uid = Command::new("id").arg("-u").output().map_err(text)?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Err(
            "the sync bench makes network namespaces and iptables rules: run it as root".into(),
        );
    }
    let missing: Vec<&str> = ["ip", "tc", "iptables", "nginx", "curl", "rsync", "chrt"]
        .into_iter()
        .filter(|tool| {
            !std::env::var_os("PATH").is_some_and(|paths| {
                std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file())
            })
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing tools: {} (`cargo xtask bench sync` installs them: iproute2, iptables, nginx, curl, rsync)",
            missing.join(", ")
        ));
    }
    Ok(())
}

/// Seconds to move `bytes` at the link's rate.
fn ideal_seconds(bytes: u64) -> f64 {
    bytes as f64 * 8.0 / LINK.rate_bps as f64
}

/// `bytesFetched` from `phonghop-cli --json sync`'s report.
fn bytes_fetched(finished: &Finished) -> Result<u64, String> {
    let value: Value = serde_json::from_str(finished.stdout.trim()).map_err(|e| {
        format!(
            "phonghop-cli printed no JSON report ({e}): {}",
            finished.stdout
        )
    })?;
    value
        .get("bytesFetched")
        .or_else(|| value.get("bytes_fetched"))
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("the sync report has no bytesFetched: {value}"))
}

/// What one round over the links measured.
struct Round {
    /// Until the last member finished.
    all: Duration,
    /// Median member.
    median: Duration,
    /// First member.
    first: Duration,
    loss: LossCount,
    delay: delay::DelayStats,
    /// Percent of the machine's CPU busy, all processes.
    cpu_busy: f64,
    /// Percent of the machine's CPU used by the bench's own processes.
    cpu_own: f64,
}

impl Round {
    fn describe(&self) -> String {
        format!(
            "members done: first {:.1} s, median {:.1} s, last {:.1} s; loss measured {:.2} % down, {:.2} % up; \
             delay line: {} packets, late by p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms; \
             CPU of {} cores: {:.0} % used by this bench (server, delay line, clients), {:.0} % busy in all",
            self.first.as_secs_f64(),
            self.median.as_secs_f64(),
            self.all.as_secs_f64(),
            self.loss.down_percent(),
            self.loss.up_percent(),
            self.delay.packets,
            self.delay.late_ms(50.0),
            self.delay.late_ms(99.0),
            self.delay.late_ms(100.0),
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            self.cpu_own,
            self.cpu_busy,
        )
    }

    fn params(&self) -> Value {
        json!({
            "first_s": self.first.as_secs_f64(),
            "median_s": self.median.as_secs_f64(),
            "last_s": self.all.as_secs_f64(),
            "loss_down_percent": self.loss.down_percent(),
            "loss_up_percent": self.loss.up_percent(),
            "delay_line_packets": self.delay.packets,
            "delay_line_late_p99_ms": self.delay.late_ms(99.0),
            "delay_line_late_max_ms": self.delay.late_ms(100.0),
            "cpu_busy_percent": self.cpu_busy,
            "cpu_own_percent": self.cpu_own,
        })
    }
}

/// Runs `argv[i]` in member i's namespace, all at once, and measures the round.
async fn round(
    links: &Links,
    label: &str,
    argv: &[Vec<OsString>],
    logs: &Path,
    limit: Duration,
) -> Result<(Round, Vec<Finished>), String> {
    links.check()?;
    links.zero_counters()?;
    let _ = links.take_delay_stats();
    let namespaces: Vec<String> = (0..argv.len()).map(links::namespace).collect();
    println!("bench: {label}: {} members at once …", argv.len());
    let cpu = CpuSample::now();
    let finished = procs::run_all(label, &namespaces, argv, logs, limit).await?;
    let cpu_after = CpuSample::now();
    links.check()?;
    let mut times: Vec<Duration> = finished.iter().map(|f| f.elapsed).collect();
    times.sort();
    let measured = Round {
        all: times.last().copied().unwrap_or_default(),
        median: times[times.len() / 2],
        first: times[0],
        loss: links.loss_count()?,
        delay: links.take_delay_stats(),
        cpu_busy: cpu_after.busy_since(&cpu),
        cpu_own: cpu_after.own_since(&cpu),
    };
    println!("bench: {label}: {}", measured.describe());
    Ok((measured, finished))
}

/// A row of the table and an entry of the JSON file.
struct Entry {
    metric: &'static str,
    label: String,
    unit: &'static str,
    ours: f64,
    baseline: f64,
    baseline_tool: String,
    goal: Option<f64>,
    params: Value,
}

impl Entry {
    fn ratio(&self) -> f64 {
        self.ours / self.baseline
    }

    fn json(&self) -> Value {
        json!({
            "metric": self.metric,
            "unit": self.unit,
            "ours": self.ours,
            "baseline": self.baseline,
            "baseline_tool": self.baseline_tool,
            "ratio": self.ratio(),
            "lower_is_better": true,
            "goal_ratio": self.goal,
            "params": self.params,
        })
    }
}

fn figure(value: f64, unit: &str) -> String {
    match unit {
        "s" => format!("{value:.1} s"),
        "KiB" => format!("{value:.1} KiB"),
        _ => format!("{value:.3} {unit}"),
    }
}

fn print_table(entries: &[Entry]) {
    println!();
    println!("| measure | ours | baseline | ratio | goal |");
    println!("|---|---:|---|---:|---|");
    for entry in entries {
        let goal = entry
            .goal
            .map_or_else(|| "—".to_string(), |goal| format!("≤ {goal:.2}"));
        let verdict = match entry.goal {
            Some(goal) if entry.ratio() <= goal => " (met)",
            Some(_) => " (not met)",
            None => "",
        };
        println!(
            "| {} | {} | {} {} | {:.2} | {goal}{verdict} |",
            entry.label,
            figure(entry.ours, entry.unit),
            entry.baseline_tool,
            figure(entry.baseline, entry.unit),
            entry.ratio(),
        );
    }
    println!();
}

async fn measure() -> Result<(Vec<Entry>, Vec<String>), String> {
    check_tools()?;
    let members = members();
    let client = client_binary()?;
    let scratch = tempfile::tempdir().map_err(text)?;
    let logs = scratch.path().join("logs");

    let links = Links::create(members, LINK)?;
    println!("bench: link: {}", links.description);
    println!("bench: {}", links.priority_note());
    let congestion = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_congestion_control")
        .unwrap_or_default()
        .trim()
        .to_string();

    // The server, on the bridge address.
    let data = scratch.path().join("server");
    let initialised = phonghop_server::init(
        &data,
        "Hội đồng nhân dân tỉnh (đo)",
        PASSPHRASE,
        &[links::HOST.to_string()],
    )
    .map_err(text)?;
    let admin = std::fs::read_to_string(&initialised.admin_token_file).map_err(text)?;
    let mut settings =
        phonghop_server::settings::Settings::load(&data, &Default::default()).map_err(text)?;
    settings.listen = format!("{}:0", links::HOST).parse().map_err(text)?;
    // Enrolling 31 devices from one address would trip the sign-in rate limit.
    settings.auth_per_minute = 10_000;
    settings.auth_burst = 1_000;
    let server = phonghop_server::start_with(&data, &settings)
        .await
        .map_err(text)?;
    let url = server.url();
    let root = phonghop_crypto::RootKey::from_key_store(
        PASSPHRASE,
        &std::fs::read(data.join(phonghop_server::certify::ROOT_KEY_FILE)).map_err(text)?,
    )
    .map_err(text)?;

    // The secretary and the members, enrolled and certified as in the demo.
    println!("bench: enrolling a secretary and {members} members");
    let profiles = scratch.path().join("profiles");
    let secretary_dir = profiles.join("secretary");
    phonghop_core::demo::enroll_person(
        &url,
        &admin,
        "Nguyễn Thị Thu Hà",
        "Chuyên viên Văn phòng HĐND tỉnh",
        Role::Secretary,
        &secretary_dir,
    )
    .await
    .map_err(text)?;
    let mut member_dirs = Vec::new();
    let mut participants = Vec::new();
    for index in 0..members {
        let dir = profiles.join(format!("member-{:02}", index + 1));
        let profile = phonghop_core::demo::enroll_person(
            &url,
            &admin,
            &format!("Đại biểu xã số {}", index + 1),
            "Đại biểu HĐND tỉnh",
            Role::Member,
            &dir,
        )
        .await
        .map_err(text)?;
        participants.push(profile.config.user_id.clone());
        member_dirs.push(dir);
    }
    phonghop_core::demo::certify_pending(&url, &admin, &root)
        .await
        .map_err(text)?;

    // The packet.
    let documents: Vec<Vec<u8>> = DOCUMENT_KIB
        .iter()
        .enumerate()
        .map(|(index, kib)| phonghop_tests::noise(2 * index as u64 + 1, kib * 1024))
        .collect();
    let title = |index: usize| format!("Tài liệu số {:02}", index + 1);
    let items = documents
        .chunks(2)
        .enumerate()
        .map(|(item, pair)| DraftItem {
            title: format!("Nội dung {}", item + 1),
            presenter: None,
            documents: pair
                .iter()
                .enumerate()
                .map(|(n, bytes)| DraftDocument {
                    title: title(item * 2 + n),
                    kind: DocumentKind::Report,
                    bytes: bytes.clone(),
                })
                .collect(),
        })
        .collect();
    let secretary = App::open(&secretary_dir).map_err(text)?;
    println!(
        "bench: publishing a 20 MiB packet of {} documents",
        documents.len()
    );
    let meeting_id = secretary
        .publish_meeting(&MeetingDraft {
            info: MeetingInfo {
                title: "Kỳ họp đo đồng bộ".into(),
                body: "Hội đồng nhân dân tỉnh (đo)".into(),
                kind: MeetingKind::Session,
                starts_at: "2030-01-07T08:00:00+07:00".into(),
                ends_at: None,
                place: "Hội trường".into(),
                online_link: None,
            },
            items,
            participant_user_ids: participants,
        })
        .await
        .map_err(text)?;
    let packet_blobs = server_blobs(&data);
    let stored_bytes: u64 = packet_blobs.iter().map(|(_, size)| size).sum();

    // Ours: every member's real client at once.
    let ours_argv: Vec<Vec<OsString>> = member_dirs
        .iter()
        .map(|dir| {
            vec![
                client.clone().into_os_string(),
                "--json".into(),
                "--profile".into(),
                dir.clone().into_os_string(),
                "sync".into(),
            ]
        })
        .collect();
    let limit = Duration::from_secs_f64((ideal_seconds(stored_bytes) * 8.0).max(300.0));
    let (ours, finished) = round(&links, "phonghop-cli sync", &ours_argv, &logs, limit).await?;
    let fetched: Vec<u64> = finished
        .iter()
        .map(bytes_fetched)
        .collect::<Result<_, _>>()?;
    let packet_bytes = fetched.iter().copied().max().unwrap_or(0);
    for (index, dir) in member_dirs.iter().enumerate() {
        let meetings = App::open(dir)
            .map_err(text)?
            .list_meetings()
            .map_err(text)?;
        let ready = meetings.iter().any(|meeting| {
            meeting.id == meeting_id
                && meeting
                    .agenda
                    .iter()
                    .flat_map(|item| &item.documents)
                    .all(|document| document.available)
        });
        if !ready {
            return Err(format!(
                "member {} does not hold the whole packet",
                index + 1
            ));
        }
    }
    println!(
        "bench: every member holds the packet: {packet_bytes} bytes fetched each ({} blobs, {stored_bytes} bytes, on the server)",
        packet_blobs.len()
    );

    // Baseline: nginx serving the same bytes as ten plain files, fetched with curl.
    let nginx_root = scratch.path().join("nginx");
    let files = nginx_root.join("files");
    std::fs::create_dir_all(&files).map_err(text)?;
    let mut all = Vec::with_capacity(stored_bytes as usize);
    for (name, _) in &packet_blobs {
        all.extend(std::fs::read(data.join("blobs").join(&name[..2]).join(name)).map_err(text)?);
    }
    let total_kib: usize = DOCUMENT_KIB.iter().sum();
    let mut names = Vec::new();
    let mut start = 0;
    for (index, kib) in DOCUMENT_KIB.iter().enumerate() {
        let end = if index + 1 == DOCUMENT_KIB.len() {
            all.len()
        } else {
            start + all.len() * kib / total_kib
        };
        let name = format!("tai-lieu-{:02}.bin", index + 1);
        std::fs::write(files.join(&name), &all[start..end]).map_err(text)?;
        names.push(name);
        start = end;
    }
    drop(all);
    let nginx = procs::Nginx::start(
        &nginx_root,
        links::HOST,
        &data.join(phonghop_server::tls::CERT_FILE),
        &data.join(phonghop_server::tls::KEY_FILE),
    )?;
    NGINX_PID.store(nginx.pid(), Ordering::SeqCst);
    let mut curl_args: Vec<OsString> = ["curl", "-sS", "-k", "--fail", "-w", "%{size_download}\\n"]
        .into_iter()
        .map(OsString::from)
        .collect();
    for name in &names {
        curl_args.push("-o".into());
        curl_args.push("/dev/null".into());
        curl_args.push(format!("https://{}/{name}", nginx.addr).into());
    }
    let curl_argv = vec![curl_args; members];
    let (curl, finished) = round(&links, "curl from nginx", &curl_argv, &logs, limit).await?;
    drop(nginx);
    NGINX_PID.store(0, Ordering::SeqCst);
    for (index, done) in finished.iter().enumerate() {
        let bytes: u64 = done
            .stdout
            .split_whitespace()
            .filter_map(|n| n.parse::<u64>().ok())
            .sum();
        if bytes != stored_bytes {
            return Err(format!(
                "curl of member {} fetched {bytes} bytes, not {stored_bytes}",
                index + 1
            ));
        }
    }

    // A revision of the 5 MiB document.
    println!("bench: revising {} ({EDITS} scattered edits)", title(0));
    secretary.sync_now().await.map_err(text)?;
    let document_id = secretary
        .list_meetings()
        .map_err(text)?
        .into_iter()
        .filter(|meeting| meeting.id == meeting_id)
        .flat_map(|meeting| meeting.agenda)
        .flat_map(|item| item.documents)
        .find(|document| document.title == title(0))
        .map(|document| document.id)
        .ok_or("the secretary does not see the first document")?;
    let (revised, edited) = revise(&documents[0]);
    let literal = rsync_literal_bytes(&scratch.path().join("rsync"), &documents[0], &revised)?;
    let revision = secretary
        .revise_document(&meeting_id, &document_id, revised.clone())
        .await
        .map_err(text)?;
    println!(
        "bench: revision {}: {} of {} chunks sent, {} bytes; rsync literal data {literal} bytes; {edited} bytes edited",
        revision.revision, revision.chunks_sent, revision.chunks, revision.bytes_sent
    );
    let (again, finished) = round(
        &links,
        "phonghop-cli sync (revision)",
        &ours_argv,
        &logs,
        limit,
    )
    .await?;
    let revision_fetched: Vec<u64> = finished
        .iter()
        .map(bytes_fetched)
        .collect::<Result<_, _>>()?;
    let revision_fetched_max = revision_fetched.iter().copied().max().unwrap_or(0);

    drop(secretary);
    server.stop().await.map_err(text)?;
    let links_description = links.description.clone();
    drop(links);

    let link = json!({
        "members": members,
        "rate_bps": LINK.rate_bps,
        "rtt_ms": LINK.rtt.as_millis() as u64,
        "loss": LINK.loss,
        "how": "netns + veth + bridge; tc tbf (rate); iptables statistic (loss); user-space NFQUEUE delay line (latency)",
        "tcp_congestion_control": congestion,
    });
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    let link_label = format!(
        "{members} members, each on {} Mbit/s · {} ms · {:.0} %",
        LINK.rate_bps / 1_000_000,
        LINK.rtt.as_millis(),
        LINK.loss * 100.0
    );
    let notes = vec![
        format!("link: {}", links_description),
        format!("TCP congestion control of the senders (server, nginx): {congestion}"),
        format!(
            "framing: a 1514-byte frame carries at most 1448 bytes of TCP payload, so no TCP download on these links can take less than {:.3} × the ideal",
            1514.0 / 1448.0
        ),
        format!("phonghop-cli sync: {}", ours.describe()),
        format!("curl from nginx: {}", curl.describe()),
        format!("revision sync: {}", again.describe()),
        format!(
            "revision: {} of {} chunks (and the manifest) sent, {} bytes; rsync literal data {literal} bytes; {edited} bytes edited",
            revision.chunks_sent, revision.chunks, revision.bytes_sent
        ),
    ];
    let entries = vec![
        Entry {
            metric: "packet_ready_all_members_vs_ideal",
            label: format!("20 MiB packet, every member ready ({link_label})"),
            unit: "s",
            ours: ours.all.as_secs_f64(),
            baseline: ideal_seconds(packet_bytes),
            baseline_tool: "ideal (bytes ÷ link rate)".into(),
            goal: Some(GOAL_READY),
            params: json!({"link": link, "bytes_per_member": packet_bytes, "documents": DOCUMENT_KIB.len(), "ours": ours.params()}),
        },
        Entry {
            metric: "packet_ready_all_members_vs_curl",
            label: "the same, against curl fetching the same bytes as 10 files".into(),
            unit: "s",
            ours: ours.all.as_secs_f64(),
            baseline: curl.all.as_secs_f64(),
            baseline_tool: "curl + nginx (HTTPS)".into(),
            goal: None,
            params: json!({"link": link, "bytes_per_member": stored_bytes, "ours": ours.params(), "curl": curl.params()}),
        },
        Entry {
            metric: "revision_bytes_sent",
            label: format!("bytes the secretary sends for a revision (5 MiB, {EDITS} edits)"),
            unit: "KiB",
            ours: kib(revision.bytes_sent),
            baseline: kib(literal),
            baseline_tool: "rsync --no-whole-file literal data".into(),
            goal: Some(GOAL_REVISION),
            params: json!({"document_bytes": revised.len(), "edits": EDITS, "edited_bytes": edited,
                "chunks": revision.chunks, "chunks_sent": revision.chunks_sent, "bytes_sent": revision.bytes_sent,
                "rsync_literal_bytes": literal}),
        },
        Entry {
            metric: "revision_bytes_fetched",
            label: "bytes each member fetches for that revision".into(),
            unit: "KiB",
            ours: kib(revision_fetched_max),
            baseline: kib(literal),
            baseline_tool: "rsync --no-whole-file literal data".into(),
            goal: None,
            params: json!({"bytes_fetched_max": revision_fetched_max, "rsync_literal_bytes": literal}),
        },
        Entry {
            metric: "revision_ready_all_members_vs_ideal",
            label: format!("that revision, every member ready ({link_label})"),
            unit: "s",
            ours: again.all.as_secs_f64(),
            baseline: ideal_seconds(revision_fetched_max),
            baseline_tool: "ideal (bytes ÷ link rate)".into(),
            goal: None,
            params: json!({"link": link, "bytes_per_member": revision_fetched_max, "ours": again.params()}),
        },
    ];
    Ok((entries, notes))
}

fn output_path() -> PathBuf {
    std::env::var_os("PHONGHOP_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench/sync.json"))
}

fn run() -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(text)?;
    let (entries, notes) = runtime.block_on(measure())?;
    print_table(&entries);
    for note in &notes {
        println!("{note}");
    }
    let out = output_path();
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(text)?;
    }
    let json = serde_json::to_string_pretty(&entries.iter().map(Entry::json).collect::<Vec<_>>())
        .map_err(text)?;
    std::fs::write(&out, json + "\n").map_err(text)?;
    println!("bench: wrote {}", out.display());
    Ok(())
}

fn main() -> ExitCode {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("sync bench: run it with `cargo xtask bench sync` (release mode, as root)");
        return ExitCode::SUCCESS;
    }
    // Ctrl-C or SIGTERM: remove the links and stop nginx before leaving.
    let _ = ctrlc::set_handler(|| {
        let nginx = NGINX_PID.load(Ordering::SeqCst);
        if nginx != 0 {
            let _ = Command::new("kill")
                .args(["-TERM", &nginx.to_string()])
                .status();
        }
        links::teardown();
        eprintln!("sync bench: interrupted; links removed");
        std::process::exit(130);
    });
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sync bench: error: {error}");
            ExitCode::FAILURE
        }
    }
}
