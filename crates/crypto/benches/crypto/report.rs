//! The benchmark's results: one [`Entry`] per figure, printed as a table and written as
//! the JSON list DESIGN.md describes.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// One measured figure beside its baseline.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Stable metric name.
    pub metric: String,
    /// Unit of `ours` and `baseline`.
    pub unit: String,
    /// Our figure.
    pub ours: f64,
    /// The baseline's figure, measured in the same run.
    pub baseline: f64,
    /// What produced the baseline.
    pub baseline_tool: String,
    /// `ours / baseline`.
    pub ratio: f64,
    /// Whether a smaller `ours` is better.
    pub lower_is_better: bool,
    /// What was measured, exactly.
    pub params: Value,
    /// The table's row label.
    #[serde(skip)]
    pub label: String,
    /// The table's extra detail (chunk counts and the like).
    #[serde(skip)]
    pub detail: String,
}

impl Entry {
    /// An entry whose ratio is computed from `ours` and `baseline`.
    pub fn new(metric: &str, unit: &str, ours: f64, baseline: f64, baseline_tool: &str) -> Self {
        Self {
            metric: metric.to_string(),
            unit: unit.to_string(),
            ours,
            baseline,
            baseline_tool: baseline_tool.to_string(),
            ratio: if baseline == 0.0 {
                f64::NAN
            } else {
                ours / baseline
            },
            lower_is_better: false,
            params: Value::Null,
            label: metric.to_string(),
            detail: String::new(),
        }
    }
}

fn figure(value: f64, unit: &str) -> String {
    match unit {
        "GB/s" => format!("{value:.2} GB/s"),
        "%" if value != 0.0 && value.abs() < 0.1 => format!("{value:.4} %"),
        "%" => format!("{value:.2} %"),
        _ => format!("{value:.3} {unit}"),
    }
}

fn ratio(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Prints the entries as a Markdown table (so it can be pasted into the README).
pub fn print_table(entries: &[Entry]) {
    println!();
    println!("| metric | ours | baseline | baseline tool | ratio | detail |");
    println!("|---|---:|---:|---|---:|---|");
    for entry in entries {
        let better = if entry.lower_is_better {
            "lower is better"
        } else {
            "higher is better"
        };
        println!(
            "| {} | {} | {} | {} | {} ({better}) | {} |",
            entry.label,
            figure(entry.ours, &entry.unit),
            figure(entry.baseline, &entry.unit),
            entry.baseline_tool,
            ratio(entry.ratio),
            entry.detail,
        );
    }
    println!();
}

/// Where the JSON goes: `$PHONGHOP_BENCH_OUT`, else `bench/crypto.json` in the target
/// directory (`$CARGO_TARGET_DIR`, else the one this binary was built into).
pub fn output_path() -> PathBuf {
    if let Some(path) = std::env::var_os("PHONGHOP_BENCH_OUT") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/release/deps/crypto-<hash>
            let exe = std::env::current_exe().ok()?;
            exe.ancestors().nth(3).map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("bench").join("crypto.json")
}

/// Writes the entries as pretty JSON to `path`, creating its folder.
pub fn write_json(entries: &[Entry], path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    let json = serde_json::to_vec_pretty(entries).map_err(|e| format!("encoding JSON: {e}"))?;
    std::fs::write(path, json).map_err(|e| format!("writing {}: {e}", path.display()))
}
