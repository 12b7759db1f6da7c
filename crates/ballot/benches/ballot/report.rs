//! The benchmark's results: one [`Entry`] per figure, printed as a table and written as the
//! JSON list DESIGN.md describes ("Benchmarks"), with the goal beside each figure that has one.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// One measured figure beside its goal and its same-run baseline.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Stable metric name.
    pub metric: String,
    /// Unit of `ours`, `goal` and `baseline`.
    pub unit: String,
    /// Our figure.
    pub ours: f64,
    /// The goal the issue sets, if any.
    pub goal: Option<f64>,
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
}

impl Entry {
    /// A lower-is-better timing entry.
    pub fn time(
        metric: &str,
        unit: &str,
        ours: f64,
        baseline: f64,
        tool: &str,
        params: Value,
    ) -> Self {
        Self {
            metric: metric.to_string(),
            unit: unit.to_string(),
            ours,
            goal: None,
            baseline,
            baseline_tool: tool.to_string(),
            ratio: if baseline == 0.0 {
                f64::NAN
            } else {
                ours / baseline
            },
            lower_is_better: true,
            params,
        }
    }

    /// The same entry with a goal.
    pub fn with_goal(mut self, goal: f64) -> Self {
        self.goal = Some(goal);
        self
    }
}

fn figure(value: f64, unit: &str) -> String {
    if value >= 100.0 {
        format!("{value:.0} {unit}")
    } else {
        format!("{value:.3} {unit}")
    }
}

/// Prints the entries as a Markdown table (so it can be pasted into the README).
pub fn print_table(entries: &[Entry]) {
    println!();
    println!("| measure | value | goal | baseline | baseline tool | ratio (lower is better) |");
    println!("|---|---:|---:|---:|---|---:|");
    for entry in entries {
        let goal = match entry.goal {
            Some(goal) if entry.ours <= goal => format!("≤ {} ✓", figure(goal, &entry.unit)),
            Some(goal) => format!("≤ {} ✗", figure(goal, &entry.unit)),
            None => "—".to_string(),
        };
        println!(
            "| {} | {} | {goal} | {} | {} | {:.2} |",
            entry.metric,
            figure(entry.ours, &entry.unit),
            figure(entry.baseline, &entry.unit),
            entry.baseline_tool,
            entry.ratio,
        );
    }
    println!();
}

/// Where the JSON goes: `$PHONGHOP_BENCH_OUT`, else `bench/ballot.json` in the target
/// directory (`$CARGO_TARGET_DIR`, else the one this binary was built into).
pub fn output_path() -> PathBuf {
    if let Some(path) = std::env::var_os("PHONGHOP_BENCH_OUT") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/release/deps/ballot-<hash>
            let exe = std::env::current_exe().ok()?;
            exe.ancestors().nth(3).map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("bench").join("ballot.json")
}

/// Writes `bytes` to `path`, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}
