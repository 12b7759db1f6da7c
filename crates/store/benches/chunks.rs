//! `cargo xtask bench store`: where the client keeps encrypted chunks — as BLOBs in its
//! SQLite store (what it does) or as content-addressed files in a folder (the alternative
//! the design left open). A 20 MiB meeting packet in 16 KiB chunks (the default chunk size):
//! writing it as a sync does (batches of 32, one transaction each; files written to a
//! temporary name and renamed), asking "which of these do I lack" for every chunk, and
//! reading every chunk back to assemble the documents. Neither side forces data to disk on
//! every write (SQLite's WAL with `synchronous=NORMAL`; plain writes for files), so the
//! comparison is like for like. Prints a table and writes JSON entries to
//! `$PHONGHOP_BENCH_OUT`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use phonghop_store::Store;

const CHUNK: usize = 16 * 1024;
const CHUNKS: usize = 20 * 64;
const BATCH: usize = 32;
const ROUNDS: usize = 5;

fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn chunks() -> Vec<(String, Vec<u8>)> {
    (0..CHUNKS)
        .map(|index| {
            let bytes = noise(index as u64 + 1, CHUNK);
            (format!("{:064x}", index * 7919 + 1), bytes)
        })
        .collect()
}

fn file_path(dir: &Path, id: &str) -> std::path::PathBuf {
    dir.join(&id[..2]).join(id)
}

/// Times of one round: write, lookup, read.
struct Round {
    write: Duration,
    lookup: Duration,
    read: Duration,
}

fn sqlite_round(data: &[(String, Vec<u8>)]) -> Round {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store.sqlite3")).unwrap();
    let started = Instant::now();
    for batch in data.chunks(BATCH) {
        store.put_blobs(batch).unwrap();
    }
    let write = started.elapsed();
    let ids: Vec<String> = data.iter().map(|(id, _)| id.clone()).collect();
    let started = Instant::now();
    assert!(store.missing_blobs(&ids).unwrap().is_empty());
    let lookup = started.elapsed();
    let started = Instant::now();
    let mut total = 0;
    for id in &ids {
        total += store.blob(id).unwrap().unwrap().len();
    }
    let read = started.elapsed();
    assert_eq!(total, CHUNK * CHUNKS);
    Round {
        write,
        lookup,
        read,
    }
}

fn files_round(data: &[(String, Vec<u8>)]) -> Round {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    for (id, bytes) in data {
        let path = file_path(dir.path(), id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let temporary = path.with_extension("part");
        std::fs::write(&temporary, bytes).unwrap();
        std::fs::rename(&temporary, &path).unwrap();
    }
    let write = started.elapsed();
    let started = Instant::now();
    assert!(
        data.iter()
            .all(|(id, _)| file_path(dir.path(), id).exists())
    );
    let lookup = started.elapsed();
    let started = Instant::now();
    let mut total = 0;
    for (id, _) in data {
        total += std::fs::read(file_path(dir.path(), id)).unwrap().len();
    }
    let read = started.elapsed();
    assert_eq!(total, CHUNK * CHUNKS);
    Round {
        write,
        lookup,
        read,
    }
}

fn median(mut values: Vec<Duration>) -> f64 {
    values.sort();
    values[values.len() / 2].as_secs_f64() * 1000.0
}

fn entry(metric: &str, ours: f64, baseline: f64) -> String {
    format!(
        "  {{\"metric\": {metric:?}, \"unit\": \"ms\", \"ours\": {ours:.3}, \"baseline\": {baseline:.3}, \
         \"baseline_tool\": \"content-addressed files\", \"ratio\": {:.3}, \"lower_is_better\": true, \
         \"params\": {{\"chunks\": {CHUNKS}, \"chunk_bytes\": {CHUNK}, \"batch\": {BATCH}, \"rounds\": {ROUNDS}}}}}",
        ours / baseline
    )
}

fn main() -> ExitCode {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("store bench: run it with `cargo xtask bench store` (release mode)");
        return ExitCode::SUCCESS;
    }
    let data = chunks();
    let (mut sqlite, mut files) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        sqlite.push(sqlite_round(&data));
        files.push(files_round(&data));
    }
    let pick = |rounds: &[Round], f: fn(&Round) -> Duration| median(rounds.iter().map(f).collect());
    let rows = [
        (
            "store_write_20mib",
            pick(&sqlite, |r| r.write),
            pick(&files, |r| r.write),
        ),
        (
            "store_lookup_1280",
            pick(&sqlite, |r| r.lookup),
            pick(&files, |r| r.lookup),
        ),
        (
            "store_read_20mib",
            pick(&sqlite, |r| r.read),
            pick(&files, |r| r.read),
        ),
    ];
    println!(
        "{CHUNKS} chunks of {} KiB, median of {ROUNDS} rounds",
        CHUNK / 1024
    );
    println!(
        "{:<22} {:>12} {:>12} {:>8}",
        "operation", "SQLite ms", "files ms", "ratio"
    );
    for (name, ours, baseline) in &rows {
        println!(
            "{name:<22} {ours:>12.1} {baseline:>12.1} {:>8.2}",
            ours / baseline
        );
    }
    let json = format!(
        "[\n{}\n]\n",
        rows.iter()
            .map(|(name, ours, baseline)| entry(name, *ours, *baseline))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    let out = std::env::var_os("PHONGHOP_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("target/bench/store.json"));
    if let Some(parent) = out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(&out, json) {
        Ok(()) => {
            println!("bench: wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("store bench: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
