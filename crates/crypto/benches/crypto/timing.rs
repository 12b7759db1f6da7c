//! Best-of-N wall-clock timing and GB/s.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The shortest of `runs` timed calls of `work` (its output is dropped outside the timing).
pub fn best_of<T>(
    runs: usize,
    mut work: impl FnMut() -> Result<T, String>,
) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let out = work()?;
        best = best.min(start.elapsed());
        drop(black_box(out));
    }
    Ok(best)
}

/// `bytes` per `time`, in GB/s (10^9 bytes per second, as `openssl speed` counts).
pub fn gb_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e9
}
