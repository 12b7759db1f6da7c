//! Processes the bench starts: one command per member inside its namespace, all at once,
//! timed until each exits; and nginx for the baseline. Each is ended when its guard drops.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How one member's command ended.
#[derive(Debug)]
pub struct Finished {
    /// From the start of the whole round to this process's exit.
    pub elapsed: Duration,
    /// What it printed.
    pub stdout: String,
}

/// Children still running; killed (by their ids) and reaped when dropped.
struct Children(Vec<Option<Child>>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in self.0.iter_mut().flatten() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `argv[i]` inside namespace `namespaces[i]` (with `ip netns exec`) for every
/// member at once and waits until all have exited; fails if any fails or if `limit` passes.
/// Output goes to files in `logs` (no pipe can fill up and stall a process).
pub async fn run_all(
    label: &str,
    namespaces: &[String],
    argv: &[Vec<OsString>],
    logs: &Path,
    limit: Duration,
) -> Result<Vec<Finished>, String> {
    std::fs::create_dir_all(logs).map_err(|e| format!("creating {}: {e}", logs.display()))?;
    let log = |index: usize, stream: &str| logs.join(format!("{label}-{:02}.{stream}", index + 1));
    let mut files = Vec::new();
    for index in 0..namespaces.len() {
        let out = std::fs::File::create(log(index, "out")).map_err(|e| e.to_string())?;
        let err = std::fs::File::create(log(index, "err")).map_err(|e| e.to_string())?;
        files.push((out, err));
    }
    let started = Instant::now();
    let mut children = Children(Vec::new());
    for ((namespace, args), (out, err)) in namespaces.iter().zip(argv).zip(files) {
        let child = Command::new("ip")
            .args(["netns", "exec", namespace])
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("starting {label} in {namespace}: {e}"))?;
        children.0.push(Some(child));
    }
    let mut finished: Vec<Option<Duration>> = vec![None; namespaces.len()];
    while finished.iter().any(Option::is_none) {
        for (index, slot) in children.0.iter_mut().enumerate() {
            let Some(child) = slot else { continue };
            match child.try_wait() {
                Ok(Some(status)) => {
                    let elapsed = started.elapsed();
                    *slot = None;
                    finished[index] = Some(elapsed);
                    if !status.success() {
                        let stderr = std::fs::read_to_string(log(index, "err")).unwrap_or_default();
                        return Err(format!(
                            "{label} of member {} failed ({status}) after {:.1} s: {}",
                            index + 1,
                            elapsed.as_secs_f64(),
                            stderr.trim()
                        ));
                    }
                }
                Ok(None) => {}
                Err(error) => return Err(format!("waiting for {label}: {error}")),
            }
        }
        if started.elapsed() > limit {
            let waiting = finished.iter().filter(|f| f.is_none()).count();
            return Err(format!(
                "{label}: {waiting} of {} members had not finished after {} s; stopped them",
                namespaces.len(),
                limit.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(finished
        .into_iter()
        .enumerate()
        .map(|(index, elapsed)| Finished {
            elapsed: elapsed.unwrap_or_default(),
            stdout: std::fs::read_to_string(log(index, "out")).unwrap_or_default(),
        })
        .collect())
}

/// nginx serving a folder over HTTPS on one address; stopped when dropped.
pub struct Nginx {
    child: Option<Child>,
    root: PathBuf,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Nginx {
    /// Starts nginx on `host` (a free port) serving `root/files` with the certificate
    /// `cert` and key `key`, its configuration and logs in `root`.
    pub fn start(root: &Path, host: &str, cert: &Path, key: &Path) -> Result<Self, String> {
        let port = std::net::TcpListener::bind((host, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("finding a free port on {host}: {e}"))?
            .port();
        let addr: SocketAddr = format!("{host}:{port}")
            .parse()
            .map_err(|e| format!("{host}:{port}: {e}"))?;
        let conf = root.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "daemon off;\nworker_processes 2;\npid {pid};\nerror_log {err} warn;\n\
                 events {{ worker_connections 1024; }}\n\
                 http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  tcp_nodelay on;\n\
                   client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n\
                   uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n\
                   server {{\n    listen {addr} ssl;\n    ssl_certificate {cert};\n\
                     ssl_certificate_key {key};\n    root {files};\n  }}\n}}\n",
                pid = root.join("nginx.pid").display(),
                err = root.join("nginx.err").display(),
                tmp = root.display(),
                cert = cert.display(),
                key = key.display(),
                files = root.join("files").display(),
            ),
        )
        .map_err(|e| format!("writing {}: {e}", conf.display()))?;
        let child = Command::new("nginx")
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(root)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting nginx (`cargo xtask bench sync` installs it): {e}"))?;
        let nginx = Self {
            child: Some(child),
            root: root.to_path_buf(),
            addr,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(addr).is_err() {
            if Instant::now() > deadline {
                return Err(format!("nginx did not start listening on {addr}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(nginx)
    }

    /// The master process's id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `-s stop` ends the workers too (killing only the master would leave them).
        let _ = Command::new("nginx")
            .arg("-c")
            .arg(self.root.join("nginx.conf"))
            .arg("-p")
            .arg(&self.root)
            .args(["-s", "stop"])
            .output();
        if let Some(mut child) = self.child.take() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// CPU time used, read twice to measure a round: the whole machine's (`/proc/stat`) and
/// this process's own with its waited-for children (`/proc/self/stat`: the server, the
/// delay line and the clients or curls, which are reaped within the round).
#[derive(Debug, Clone, Copy)]
pub struct CpuSample {
    busy: u64,
    total: u64,
    own: u64,
    at: Instant,
}

/// utime + stime + cutime + cstime of this process, in clock ticks.
fn own_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces: the
    // state is field 3, utime field 14 … cstime field 17.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after
        .split_whitespace()
        .skip(11)
        .take(4)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum()
}

impl CpuSample {
    /// Reads the counters now.
    pub fn now() -> Self {
        let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let fields: Vec<u64> = text
            .lines()
            .next()
            .unwrap_or("")
            .split_whitespace()
            .skip(1)
            .filter_map(|f| f.parse().ok())
            .collect();
        let total: u64 = fields.iter().sum();
        // idle and iowait
        let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
        Self {
            busy: total.saturating_sub(idle),
            total,
            own: own_ticks(),
            at: Instant::now(),
        }
    }

    /// Percent of the machine's CPU time (100 % = every core busy) that the bench's own
    /// processes used since `earlier` (clock ticks of 1/100 s, Linux's USER_HZ).
    pub fn own_since(&self, earlier: &Self) -> f64 {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let seconds = self.at.duration_since(earlier.at).as_secs_f64();
        if seconds <= 0.0 {
            return 0.0;
        }
        self.own.saturating_sub(earlier.own) as f64 / 100.0 / (seconds * cores) * 100.0
    }

    /// Percent of CPU time busy since `earlier` (100 % = every core busy).
    pub fn busy_since(&self, earlier: &Self) -> f64 {
        let total = self.total.saturating_sub(earlier.total);
        if total == 0 {
            return 0.0;
        }
        self.busy.saturating_sub(earlier.busy) as f64 * 100.0 / total as f64
    }
}
