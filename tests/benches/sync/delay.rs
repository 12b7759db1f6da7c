//! The links' latency: a delay line in user space on a netfilter queue (NFQUEUE).
//!
//! The kernel here has no `tc netem`, so every packet a member sends to the province is
//! queued by an iptables rule to this thread, which gives it back to the kernel (verdict
//! ACCEPT) a fixed time later. The whole round trip is added on that one direction: a
//! request, an acknowledgement or a handshake reply reaches the server one RTT late, so
//! every exchange the client waits for takes one RTT, and TCP itself measures the RTT (its
//! slow start, its loss recovery and its congestion control run at 80 ms, unlike behind a
//! TCP proxy, whose own socket would see a sub-millisecond RTT). Delaying the direction
//! into the root namespace also keeps the held packets out of the sender's socket
//! accounting (they were orphaned crossing the veth), which would otherwise throttle TCP.
//!
//! Only metadata is copied to user space (no payload). The thread polls every
//! [`TICK`]; how late each verdict was against its due time is kept and reported, so the
//! delay line's own accuracy is part of the output.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the delay line looks for new packets and due verdicts.
const TICK: Duration = Duration::from_micros(150);

/// Packets the kernel may hold for the queue.
const QUEUE_MAX_LEN: u32 = 65_536;

/// Receive buffer for the queue's netlink socket (the default, ~200 KiB, holds only a few
/// hundred packet notices).
const SOCKET_BUFFER: u64 = 16 * 1024 * 1024;

/// Statistics of the verdicts given since the last [`DelayLine::take_stats`].
#[derive(Debug, Default, Clone)]
pub struct DelayStats {
    /// Packets delayed.
    pub packets: usize,
    /// How late each verdict came after its due time, in microseconds, sorted.
    pub late_us: Vec<u32>,
}

impl DelayStats {
    /// The `p`-th percentile of lateness, in milliseconds.
    pub fn late_ms(&self, p: f64) -> f64 {
        if self.late_us.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * (self.late_us.len() as f64 - 1.0)).round() as usize;
        f64::from(self.late_us[rank.min(self.late_us.len() - 1)]) / 1000.0
    }
}

/// A running delay line; stopping it (or dropping it) lets every held packet through.
pub struct DelayLine {
    stop: Arc<AtomicBool>,
    late: Arc<Mutex<Vec<u32>>>,
    handle: Option<JoinHandle<Result<(), String>>>,
    /// What happened when raising the thread to real-time priority.
    pub priority_note: Arc<Mutex<String>>,
}

/// Opens the netlink queue with a larger receive buffer: the buffer of a new socket comes
/// from `net.core.rmem_default`, which is raised only while the socket is made and put back
/// at once (the crate does not expose the socket to set SO_RCVBUF on it).
fn open_queue(queue_num: u16) -> Result<nfq::Queue, String> {
    const RMEM_DEFAULT: &str = "/proc/sys/net/core/rmem_default";
    let before = std::fs::read_to_string(RMEM_DEFAULT)
        .map_err(|e| format!("reading {RMEM_DEFAULT}: {e}"))?;
    std::fs::write(RMEM_DEFAULT, SOCKET_BUFFER.to_string())
        .map_err(|e| format!("writing {RMEM_DEFAULT}: {e}"))?;
    let opened = nfq::Queue::open();
    std::fs::write(RMEM_DEFAULT, before.trim())
        .map_err(|e| format!("restoring {RMEM_DEFAULT}: {e}"))?;
    let mut queue = opened.map_err(|e| format!("opening a netfilter queue socket: {e}"))?;
    queue
        .bind(queue_num)
        .map_err(|e| format!("binding netfilter queue {queue_num}: {e}"))?;
    queue
        .set_copy_range(queue_num, 0)
        .map_err(|e| format!("setting the queue to copy metadata only: {e}"))?;
    queue
        .set_queue_max_len(queue_num, QUEUE_MAX_LEN)
        .map_err(|e| format!("setting the queue length: {e}"))?;
    queue.set_nonblocking(true);
    Ok(queue)
}

/// Raises the calling thread to SCHED_FIFO with `chrt`, so the machine's load (thirty
/// clients, the server, the compiler of a colleague) delays verdicts less.
fn raise_priority() -> String {
    let tid = std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|link| link.file_name().map(|n| n.to_string_lossy().into_owned()));
    let Some(tid) = tid else {
        return "delay line at normal priority (no /proc/thread-self)".into();
    };
    match std::process::Command::new("chrt")
        .args(["--fifo", "--pid", "20", &tid])
        .output()
    {
        Ok(output) if output.status.success() => "delay line thread at SCHED_FIFO 20".into(),
        Ok(output) => format!(
            "delay line at normal priority (chrt: {})",
            String::from_utf8_lossy(&output.stderr).trim()
        ),
        Err(error) => format!("delay line at normal priority (chrt: {error})"),
    }
}

impl DelayLine {
    /// Binds netfilter queue `queue_num` and holds each packet queued to it for `delay`.
    pub fn start(queue_num: u16, delay: Duration) -> Result<Self, String> {
        let mut queue = open_queue(queue_num)?;
        let stop = Arc::new(AtomicBool::new(false));
        let late = Arc::new(Mutex::new(Vec::new()));
        let priority_note = Arc::new(Mutex::new(String::new()));
        let (thread_stop, thread_late, thread_note) =
            (stop.clone(), late.clone(), priority_note.clone());
        let handle = std::thread::Builder::new()
            .name("delay-line".into())
            .spawn(move || {
                if let Ok(mut note) = thread_note.lock() {
                    *note = raise_priority();
                }
                let mut held: VecDeque<(Instant, nfq::Message)> = VecDeque::new();
                let mut late_local = Vec::new();
                let outcome = run(
                    &mut queue,
                    delay,
                    &thread_stop,
                    &mut held,
                    &mut late_local,
                    &thread_late,
                );
                // Whatever happened, let every held packet go before the socket closes.
                for (_, mut message) in held.drain(..) {
                    message.set_verdict(nfq::Verdict::Accept);
                    let _ = queue.verdict(message);
                }
                let _ = queue.unbind(queue_num);
                outcome
            })
            .map_err(|e| format!("starting the delay line thread: {e}"))?;
        Ok(Self {
            stop,
            late,
            handle: Some(handle),
            priority_note,
        })
    }

    /// The verdicts given since the last call.
    pub fn take_stats(&self) -> DelayStats {
        let mut late = self
            .late
            .lock()
            .map(|mut late| std::mem::take(&mut *late))
            .unwrap_or_default();
        late.sort_unstable();
        DelayStats {
            packets: late.len(),
            late_us: late,
        }
    }

    /// Whether the thread is still running (it ends only on an error before `stop`).
    pub fn check(&self) -> Result<(), String> {
        match &self.handle {
            Some(handle) if handle.is_finished() => {
                Err("the delay line thread stopped early".to_string())
            }
            _ => Ok(()),
        }
    }

    /// Stops the thread (letting held packets through) and reports its error, if any.
    pub fn stop(&mut self) -> Result<(), String> {
        self.stop.store(true, Ordering::SeqCst);
        match self.handle.take() {
            Some(handle) => handle
                .join()
                .map_err(|_| "the delay line thread panicked".to_string())?,
            None => Ok(()),
        }
    }
}

impl Drop for DelayLine {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

fn run(
    queue: &mut nfq::Queue,
    delay: Duration,
    stop: &AtomicBool,
    held: &mut VecDeque<(Instant, nfq::Message)>,
    late_local: &mut Vec<u32>,
    late_shared: &Mutex<Vec<u32>>,
) -> Result<(), String> {
    while !stop.load(Ordering::Relaxed) {
        loop {
            match queue.recv() {
                Ok(message) => held.push_back((Instant::now() + delay, message)),
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(format!("reading the netfilter queue: {error}")),
            }
        }
        let now = Instant::now();
        while held.front().is_some_and(|(due, _)| *due <= now) {
            let Some((due, mut message)) = held.pop_front() else {
                break;
            };
            message.set_verdict(nfq::Verdict::Accept);
            queue
                .verdict(message)
                .map_err(|e| format!("giving a verdict: {e}"))?;
            late_local.push(u32::try_from(now.duration_since(due).as_micros()).unwrap_or(u32::MAX));
        }
        if !late_local.is_empty()
            && let Ok(mut shared) = late_shared.lock()
        {
            shared.append(late_local);
        }
        let wait = held
            .front()
            .map_or(TICK, |(due, _)| {
                due.saturating_duration_since(Instant::now())
            })
            .min(TICK);
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
    Ok(())
}
