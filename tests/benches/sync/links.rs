//! Thirty emulated commune links, made with the kernel's own pieces and removed afterwards.
//!
//! * a bridge `phb0` in the root namespace holding the province's address, 10.77.0.1/16
//!   (the server and nginx listen there);
//! * per member, a network namespace `phb-mNN` joined to the bridge by a veth pair
//!   (`phbhNN` on the bridge, `phbmNN` inside, 10.77.1.NN/16; no default route, so
//!   nothing inside can reach anything but the bridge);
//! * the rate: a token bucket (`tc qdisc tbf`) on each end of each veth, 4 Mbit/s each
//!   way, a burst of one packet (so TSO super-packets are cut to wire-sized ones) and a
//!   queue of one bandwidth-delay product;
//! * the loss: `iptables -m statistic --mode random` drops 1 % of the packets arriving
//!   at either end (in the member's namespace for the downstream, in the root namespace for
//!   the upstream), each followed by a counting rule so the loss rate is measured;
//! * the latency: the delay line of `delay.rs` on an NFQUEUE rule for what arrives from
//!   the members.
//!
//! Everything is named with the `phb` prefix; [`teardown`] removes all of it by name (it
//! also runs before setting up, in case an earlier run was killed), and [`Links`] runs it
//! when dropped, so an error or a panic cleans up too.

use std::process::Command;
use std::time::Duration;

use crate::delay::DelayLine;

/// The province's address on the bridge.
pub const HOST: &str = "10.77.0.1";
/// The subnet the bench uses (and checks is free before taking it).
const SUBNET: &str = "10.77.0.0/16";
const BRIDGE: &str = "phb0";
/// The root namespace's chain for what arrives from the members.
const CHAIN: &str = "PHB-LINK";
/// Netfilter queue of the delay line.
const QUEUE: u16 = 7707;
const NAMESPACE_PREFIX: &str = "phb-m";

/// One direction's link figures.
#[derive(Debug, Clone, Copy)]
pub struct LinkSpec {
    /// Rate in bits per second.
    pub rate_bps: u64,
    /// Round-trip time added.
    pub rtt: Duration,
    /// Share of packets dropped in each direction.
    pub loss: f64,
}

impl LinkSpec {
    /// `tc` rate, burst and queue length for this link.
    fn tbf_args(&self) -> Vec<String> {
        let bdp = (self.rate_bps as f64 / 8.0 * self.rtt.as_secs_f64()) as u64;
        vec![
            "rate".into(),
            format!("{}bit", self.rate_bps),
            "burst".into(),
            "1600".into(),
            "limit".into(),
            (bdp + 1600).to_string(),
        ]
    }
}

/// Packets dropped and let through by the loss rules since the counters were zeroed.
#[derive(Debug, Default, Clone, Copy)]
pub struct LossCount {
    /// Dropped towards the members.
    pub down_dropped: u64,
    /// Delivered to the members.
    pub down_passed: u64,
    /// Dropped towards the province.
    pub up_dropped: u64,
    /// Delivered to the province (and then delayed).
    pub up_passed: u64,
}

impl LossCount {
    /// Measured downstream loss, percent.
    pub fn down_percent(&self) -> f64 {
        percent(self.down_dropped, self.down_dropped + self.down_passed)
    }

    /// Measured upstream loss, percent.
    pub fn up_percent(&self) -> f64 {
        percent(self.up_dropped, self.up_dropped + self.up_passed)
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Runs a command, failing with its stderr.
fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs a command and ignores how it ends (for removing what may not be there).
fn quietly(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|output| output.status.success())
        .unwrap_or(false)
}

/// The namespace of member `index` (0-based).
pub fn namespace(index: usize) -> String {
    format!("{NAMESPACE_PREFIX}{:02}", index + 1)
}

fn host_veth(index: usize) -> String {
    format!("phbh{:02}", index + 1)
}

fn member_veth(index: usize) -> String {
    format!("phbm{:02}", index + 1)
}

fn member_address(index: usize) -> String {
    format!("10.77.1.{}", index + 1)
}

/// Removes every namespace, veth, bridge and iptables rule of this bench, by name, and
/// ends any process still inside one of its namespaces. Returns what it found to remove.
pub fn teardown() -> Vec<String> {
    let mut removed = Vec::new();
    while quietly("iptables", &["-D", "INPUT", "-i", BRIDGE, "-j", CHAIN]) {
        removed.push(format!("iptables jump to {CHAIN}"));
    }
    if quietly("iptables", &["-F", CHAIN]) {
        let _ = quietly("iptables", &["-X", CHAIN]);
        removed.push(format!("iptables chain {CHAIN}"));
    }
    let namespaces = run("ip", &["netns", "list"]).unwrap_or_default();
    for name in namespaces
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| name.starts_with(NAMESPACE_PREFIX))
    {
        // Processes still inside (a client or curl of an interrupted run) end first.
        let pids = run("ip", &["netns", "pids", name]).unwrap_or_default();
        for pid in pids.split_whitespace() {
            let _ = quietly("kill", &["-KILL", pid]);
        }
        if quietly("ip", &["netns", "del", name]) {
            removed.push(format!("namespace {name}"));
        }
    }
    let links = run("ip", &["-o", "link", "show"]).unwrap_or_default();
    for name in links
        .lines()
        .filter_map(|line| line.split(':').nth(1))
        .map(|name| name.trim().split('@').next().unwrap_or("").to_string())
        .filter(|name| name.starts_with("phb"))
    {
        if quietly("ip", &["link", "del", &name]) {
            removed.push(format!("link {name}"));
        }
    }
    removed
}

/// The links, up; removed when dropped.
pub struct Links {
    members: usize,
    delay: Option<DelayLine>,
    /// Whether the loss rules could be installed.
    pub loss_installed: bool,
    /// How the link was made, for the output.
    pub description: String,
}

impl Links {
    /// Makes `members` links with `spec`.
    pub fn create(members: usize, spec: LinkSpec) -> Result<Self, String> {
        let leftovers = teardown();
        if !leftovers.is_empty() {
            println!(
                "sync bench: removed leftovers of an earlier run: {}",
                leftovers.join(", ")
            );
        }
        check_subnet_is_free()?;
        // From here on, dropping `links` removes whatever was made.
        let mut links = Self {
            members,
            delay: None,
            loss_installed: false,
            description: String::new(),
        };
        run("ip", &["link", "add", BRIDGE, "type", "bridge"])?;
        run("ip", &["addr", "add", &format!("{HOST}/16"), "dev", BRIDGE])?;
        run("ip", &["link", "set", BRIDGE, "up"])?;
        let tbf = spec.tbf_args();
        let tbf: Vec<&str> = tbf.iter().map(String::as_str).collect();
        let probability = format!("{}", spec.loss);
        let mut loss_error = None;
        for index in 0..members {
            let (ns, host, inside) = (namespace(index), host_veth(index), member_veth(index));
            run("ip", &["netns", "add", &ns])?;
            run(
                "ip",
                &[
                    "link", "add", &host, "type", "veth", "peer", "name", &inside, "netns", &ns,
                ],
            )?;
            run("ip", &["link", "set", &host, "master", BRIDGE, "up"])?;
            run(
                "tc",
                &[&["qdisc", "add", "dev", &host, "root", "tbf"], &tbf[..]].concat(),
            )?;
            run("ip", &["-n", &ns, "link", "set", "lo", "up"])?;
            let address = format!("{}/16", member_address(index));
            run("ip", &["-n", &ns, "addr", "add", &address, "dev", &inside])?;
            run("ip", &["-n", &ns, "link", "set", &inside, "up"])?;
            run(
                "tc",
                &[
                    &["-n", &ns, "qdisc", "add", "dev", &inside, "root", "tbf"],
                    &tbf[..],
                ]
                .concat(),
            )?;
            if loss_error.is_none()
                && let Err(error) = run(
                    "ip",
                    &[
                        "netns",
                        "exec",
                        &ns,
                        "iptables",
                        "-A",
                        "INPUT",
                        "-i",
                        &inside,
                        "-m",
                        "statistic",
                        "--mode",
                        "random",
                        "--probability",
                        &probability,
                        "-j",
                        "DROP",
                    ],
                )
            {
                loss_error = Some(error);
            }
            run(
                "ip",
                &[
                    "netns", "exec", &ns, "iptables", "-A", "INPUT", "-i", &inside, "-j", "ACCEPT",
                ],
            )?;
        }
        check_route()?;
        run("iptables", &["-N", CHAIN])?;
        if loss_error.is_none()
            && let Err(error) = run(
                "iptables",
                &[
                    "-A",
                    CHAIN,
                    "-m",
                    "statistic",
                    "--mode",
                    "random",
                    "--probability",
                    &probability,
                    "-j",
                    "DROP",
                ],
            )
        {
            loss_error = Some(error);
        }
        // The delay line binds its queue before any packet is sent to it.
        links.delay = Some(DelayLine::start(QUEUE, spec.rtt)?);
        run(
            "iptables",
            &[
                "-A",
                CHAIN,
                "-j",
                "NFQUEUE",
                "--queue-num",
                &QUEUE.to_string(),
            ],
        )?;
        run("iptables", &["-I", "INPUT", "1", "-i", BRIDGE, "-j", CHAIN])?;
        links.loss_installed = loss_error.is_none();
        let loss = match &loss_error {
            None => format!(
                "{:.0} % random loss each way (iptables -m statistic --mode random --probability {probability})",
                spec.loss * 100.0
            ),
            Some(error) => format!(
                "NO packet loss: this kernel refused the iptables statistic match ({error}), so the links are lossless"
            ),
        };
        links.description = format!(
            "{members} network namespaces on a bridge, one veth each; rate: tc tbf {} Mbit/s each way, one-packet burst, one-BDP queue; \
             latency: {} ms RTT added by a user-space delay line on NFQUEUE holding every member→province packet (TCP sees the RTT; no tc netem on this kernel); \
             loss: {loss}",
            spec.rate_bps as f64 / 1e6,
            spec.rtt.as_millis(),
        );
        Ok(links)
    }

    /// Fails if the delay line has stopped.
    pub fn check(&self) -> Result<(), String> {
        match &self.delay {
            Some(delay) => delay.check(),
            None => Err("no delay line".into()),
        }
    }

    /// The delay line's verdict statistics since the last call.
    pub fn take_delay_stats(&self) -> crate::delay::DelayStats {
        self.delay
            .as_ref()
            .map(DelayLine::take_stats)
            .unwrap_or_default()
    }

    /// How the delay line's thread is scheduled.
    pub fn priority_note(&self) -> String {
        self.delay
            .as_ref()
            .and_then(|delay| delay.priority_note.lock().ok().map(|note| note.clone()))
            .unwrap_or_default()
    }

    /// Zeroes the loss counters.
    pub fn zero_counters(&self) -> Result<(), String> {
        run("iptables", &["-Z", CHAIN])?;
        for index in 0..self.members {
            run(
                "ip",
                &[
                    "netns",
                    "exec",
                    &namespace(index),
                    "iptables",
                    "-Z",
                    "INPUT",
                ],
            )?;
        }
        Ok(())
    }

    /// The loss counters since they were zeroed.
    pub fn loss_count(&self) -> Result<LossCount, String> {
        let mut count = LossCount::default();
        let root = rule_packets(&run("iptables", &["-nvxL", CHAIN])?);
        if self.loss_installed {
            count.up_dropped = root.first().copied().unwrap_or(0);
            count.up_passed = root.get(1).copied().unwrap_or(0);
        } else {
            count.up_passed = root.first().copied().unwrap_or(0);
        }
        for index in 0..self.members {
            let rules = rule_packets(&run(
                "ip",
                &[
                    "netns",
                    "exec",
                    &namespace(index),
                    "iptables",
                    "-nvxL",
                    "INPUT",
                ],
            )?);
            if self.loss_installed {
                count.down_dropped += rules.first().copied().unwrap_or(0);
                count.down_passed += rules.get(1).copied().unwrap_or(0);
            } else {
                count.down_passed += rules.first().copied().unwrap_or(0);
            }
        }
        Ok(count)
    }
}

impl Drop for Links {
    fn drop(&mut self) {
        // Remove the rules first (so nothing more is queued), then let held packets go.
        let removed = teardown();
        if let Some(mut delay) = self.delay.take()
            && let Err(error) = delay.stop()
        {
            eprintln!("sync bench: {error}");
        }
        println!(
            "sync bench: links removed ({} namespaces, bridge {BRIDGE}, chain {CHAIN})",
            removed
                .iter()
                .filter(|r| r.starts_with("namespace"))
                .count()
        );
    }
}

/// The packet counts of the rules listed by `iptables -nvxL CHAIN`, in order.
fn rule_packets(listing: &str) -> Vec<u64> {
    listing
        .lines()
        .skip(2)
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect()
}

/// Refuses to start if the machine already uses any address of the subnet.
fn check_subnet_is_free() -> Result<(), String> {
    let addresses = run("ip", &["-o", "addr", "show", "to", SUBNET])?;
    let routes = run("ip", &["-o", "route", "show", "root", SUBNET])?;
    if !addresses.trim().is_empty() || !routes.trim().is_empty() {
        return Err(format!(
            "this machine already uses {SUBNET}; the sync bench needs it for its own links:\n{addresses}{routes}"
        ));
    }
    Ok(())
}

/// Checks that the members' addresses are reached through the bench's bridge.
fn check_route() -> Result<(), String> {
    let route = run("ip", &["-o", "route", "get", &member_address(0)])?;
    if !route.contains(&format!("dev {BRIDGE}")) {
        return Err(format!(
            "{} is not routed through {BRIDGE}: {route}",
            member_address(0)
        ));
    }
    Ok(())
}
