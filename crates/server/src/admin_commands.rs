//! The binary's roster subcommands (`users list|disable|enable|import`, `committees …`,
//! `devices list|revoke`): parse arguments, call the library, print for people or scripts.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use phonghop_domain::wire::DeviceState;
use phonghop_server::db::Database;

/// Roster commands that work on the data directory.
#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// List every person with role, committees and devices.
    List {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Disable a person: their devices are signed out now and cannot sign in again.
    Disable {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The person's id.
        user_id: String,
    },
    /// Enable a person who was disabled.
    Enable {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The person's id.
        user_id: String,
    },
    /// Import members from a CSV file with columns for name, title, committee and role
    /// (headers in Vietnamese or English: họ tên, chức vụ, ban, vai trò). Prints one CSV
    /// line per person with their id and one-time enrollment code; nothing is imported if
    /// any line is wrong.
    Import {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The CSV file (UTF-8).
        file: PathBuf,
    },
}

/// Committee commands.
#[derive(Debug, Subcommand)]
pub enum CommitteeCommand {
    /// Add a committee (a body whose members meet together).
    Add {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Its name, e.g. "Ban Kinh tế - Ngân sách".
        name: String,
    },
    /// List committees with their number of active members.
    List {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
    },
    /// Put a person in a committee.
    AddMember {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The committee's name.
        committee: String,
        /// The person's id.
        user_id: String,
    },
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Runs a roster command against the database.
pub fn run_roster(
    command: RosterCommand,
    open: impl Fn(&Path) -> anyhow::Result<Database>,
) -> anyhow::Result<()> {
    match command {
        RosterCommand::List { data, json } => {
            let users = open(&data)?.list_users()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
                return Ok(());
            }
            for user in users {
                println!(
                    "{}  {:<30}  {:<9}  {} thiết bị / devices{}  {}",
                    user.user_id,
                    user.display_name,
                    user.role.as_str(),
                    user.active_devices,
                    if user.disabled {
                        "  [đã khóa / disabled]"
                    } else {
                        ""
                    },
                    user.committees.join("; ")
                );
            }
        }
        RosterCommand::Disable { data, user_id } => {
            anyhow::ensure!(
                open(&data)?.set_user_disabled(&user_id, true)?,
                "no user {user_id} (see `phonghop-server users list`)"
            );
            println!("Đã khóa / disabled {user_id}: every device of theirs is signed out");
        }
        RosterCommand::Enable { data, user_id } => {
            anyhow::ensure!(
                open(&data)?.set_user_disabled(&user_id, false)?,
                "no user {user_id} (see `phonghop-server users list`)"
            );
            println!("Đã mở khóa / enabled {user_id}");
        }
        RosterCommand::Import { data, file } => {
            let db = open(&data)?;
            let input = std::fs::File::open(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let rows = phonghop_server::roster::read_members(input)?;
            let imported = phonghop_server::roster::import_members(&db, rows)?;
            println!("name,title,committee,role,user_id,enrollment_code,note");
            let mut added = 0;
            for person in &imported {
                let note = if person.code.is_some() {
                    added += 1;
                    "added"
                } else {
                    "already present: no new code (use `users code`)"
                };
                println!(
                    "{},{},{},{},{},{},{}",
                    csv_field(&person.row.display_name),
                    csv_field(&person.row.title),
                    csv_field(&person.row.committee),
                    person.row.role.as_str(),
                    person.user_id,
                    person.code.as_deref().unwrap_or(""),
                    note
                );
            }
            eprintln!(
                "Đã nhập {added} người mới, {} đã có / imported {added} new, {} already present; \
                 codes expire in 7 days",
                imported.len() - added,
                imported.len() - added
            );
        }
    }
    Ok(())
}

/// Runs a committee command against the database.
pub fn run_committee(
    command: CommitteeCommand,
    open: impl Fn(&Path) -> anyhow::Result<Database>,
) -> anyhow::Result<()> {
    match command {
        CommitteeCommand::Add { data, name } => {
            let id = open(&data)?.add_committee(name.trim())?;
            println!("committee {id}: {}", name.trim());
        }
        CommitteeCommand::List { data } => {
            for committee in open(&data)?.list_committees()? {
                println!(
                    "{}  {}  ({} thành viên / members)",
                    committee.committee_id, committee.name, committee.members
                );
            }
        }
        CommitteeCommand::AddMember {
            data,
            committee,
            user_id,
        } => {
            open(&data)?.add_committee_member(&committee, &user_id)?;
            println!("{user_id} → {committee}");
        }
    }
    Ok(())
}

/// `devices list`: every device with its state and when it last signed in.
pub fn list_devices(db: &Database) -> anyhow::Result<()> {
    for device in db.list_devices()? {
        let state = match device.state {
            DeviceState::Pending => "chờ cấp / pending",
            DeviceState::Certified => "hoạt động / certified",
            DeviceState::Revoked => "thu hồi / revoked",
        };
        let seen = device.last_seen_at.map_or_else(
            || "chưa đăng nhập / never signed in".to_owned(),
            |at| {
                let at = std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(u64::try_from(at).unwrap_or(0));
                format!("{}", humantime::format_rfc3339_seconds(at))
            },
        );
        println!(
            "{}  {:<30}  {:<22}  {seen}",
            device.device_id, device.display_name, state
        );
    }
    Ok(())
}

/// `devices revoke`: ends a device's access for good.
pub fn revoke_device(db: &Database, device_id: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        db.revoke_device(device_id)?.is_some(),
        "no device {device_id} (see `phonghop-server devices list`)"
    );
    println!("Đã thu hồi / revoked {device_id}: it is signed out and can never sign in again");
    Ok(())
}
