//! `phonghop-server`: create an organisation's data directory, and serve it.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use phonghop_domain::Role;
use phonghop_server::settings::{LogFormat, Overrides, Settings};

mod admin_commands;

/// The Phòng Họp central document server.
#[derive(Debug, Parser)]
#[command(name = "phonghop-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new organisation in an empty data directory and write its administrator token.
    Init {
        /// Data directory (database, blobs, tokens).
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Name of the organisation, e.g. "Hội đồng nhân dân tỉnh".
        #[arg(long, env = "PHONGHOP_ORGANISATION")]
        organisation: String,
        /// Host name or IP address clients reach the server by (repeat for several); the
        /// certificate covers them and localhost.
        #[arg(long = "host")]
        hosts: Vec<String>,
    },
    /// Print the address clients enroll with, including the certificate fingerprint.
    Address {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Host name or IP address clients reach the server by.
        #[arg(long, default_value = "localhost")]
        host: String,
    },
    /// Certify enrolled devices with the organisation root key.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
    /// Manage the people of the organisation.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage committees (bodies whose members meet together).
    Committees {
        #[command(subcommand)]
        command: admin_commands::CommitteeCommand,
    },
    /// Copy the data directory, consistently, into a new folder (safe while serving).
    Backup {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// New or empty folder to write the backup into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into a new or empty data directory, checking everything on the way.
    Restore {
        /// The backup folder.
        #[arg(long)]
        from: PathBuf,
        /// New or empty data directory to restore into.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
    },
    /// Check every meeting's audit chain (order, links, recorded hashes); exits non-zero
    /// naming the first broken entry.
    Verify {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
    },
    /// Serve the API until interrupted (Ctrl-C or SIGTERM).
    Serve {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Address to listen on; port 0 picks a free port (written to DATA/server.addr).
        /// Default: `listen` in DATA/server.toml, else 0.0.0.0:8443.
        #[arg(long, env = "PHONGHOP_LISTEN")]
        listen: Option<SocketAddr>,
        /// Serve HTTPS (true) or plain HTTP behind a TLS-terminating proxy (false).
        /// Default: `[tls] enabled` in DATA/server.toml, else true.
        #[arg(long, env = "PHONGHOP_TLS")]
        tls: Option<bool>,
        /// Log format: text or json. Default: `log_format` in DATA/server.toml, else text.
        #[arg(long, env = "PHONGHOP_LOG_FORMAT", value_parser = parse_log_format)]
        log_format: Option<LogFormat>,
    },
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Add a person and print the one-time code they type into the app to enroll.
    Add {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Full name with diacritics.
        #[arg(long)]
        name: String,
        /// Title or office.
        #[arg(long, default_value = "")]
        title: String,
        /// secretary, chair, member, guest or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Print a new enrollment code for an existing person (a new or replaced device).
    Code {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The person's id.
        user_id: String,
    },
    #[command(flatten)]
    Roster(admin_commands::RosterCommand),
}

#[derive(Debug, Subcommand)]
enum DevicesCommand {
    /// List every enrolled device: pending, certified or revoked, and when it last signed in.
    List {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
    },
    /// Revoke a device (lost, stolen or replaced): it is signed out and never signs in again.
    Revoke {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The device's id (see `devices list`).
        device_id: String,
    },
    /// List enrolled devices awaiting a certificate.
    Pending {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
    },
    /// Sign certificates for every device awaiting one (asks for the administrator
    /// passphrase, or reads PHONGHOP_ADMIN_PASSPHRASE).
    Approve {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// The encrypted root key (default: DATA/root.key).
        #[arg(long)]
        root_key: Option<PathBuf>,
    },
}

/// The administrator passphrase: `PHONGHOP_ADMIN_PASSPHRASE` for automation, else asked for
/// on the terminal without echo (twice when it is being set).
fn admin_passphrase(confirm: bool) -> anyhow::Result<String> {
    if let Ok(passphrase) = std::env::var("PHONGHOP_ADMIN_PASSPHRASE") {
        return Ok(passphrase);
    }
    let passphrase = rpassword::prompt_password("Mật khẩu quản trị / administrator passphrase: ")?;
    if confirm {
        let again = rpassword::prompt_password("Nhập lại / again: ")?;
        anyhow::ensure!(passphrase == again, "the two passphrases differ");
    }
    Ok(passphrase)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

fn parse_log_format(text: &str) -> Result<LogFormat, String> {
    LogFormat::parse(text).ok_or_else(|| format!("unknown log format {text}: use text or json"))
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("unknown role {text}: use secretary, chair, member, guest or admin"))
}

fn open_database(data: &std::path::Path) -> anyhow::Result<phonghop_server::db::Database> {
    let path = data.join(phonghop_server::DATABASE_FILE);
    anyhow::ensure!(
        path.exists(),
        "{} holds no organisation; run `phonghop-server init` first",
        data.display()
    );
    Ok(phonghop_server::db::Database::open(&path)?)
}

fn print_code(code: &phonghop_domain::wire::EnrollmentCode) {
    println!("Mã đăng ký / enrollment code: {}", code.code);
    println!("(dùng một lần, hết hạn sau 7 ngày / single use, expires in 7 days)");
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let command = Cli::parse().command;
    if !matches!(command, Command::Serve { .. }) {
        init_logging(LogFormat::Text);
    }
    match command {
        Command::Init {
            data,
            organisation,
            hosts,
        } => {
            let passphrase = admin_passphrase(true)?;
            let done = phonghop_server::init(&data, &organisation, &passphrase, &hosts)?;
            println!(
                "Đã tạo tổ chức \"{organisation}\" / organisation created in {}",
                done.data_dir.display()
            );
            println!("Administrator token: {}", done.admin_token_file.display());
            println!(
                "Root key (encrypted; keep a copy offline): {}",
                done.root_key_file.display()
            );
            println!(
                "Root fingerprint / dấu vân tay khóa gốc: {}",
                done.root_fingerprint
            );
            println!(
                "TLS certificate fingerprint / dấu vân tay chứng chỉ: {}",
                phonghop_server::tls::display_fingerprint(&done.tls_fingerprint)
            );
            println!(
                "Client address / địa chỉ cho máy trạm: https://{}:8443/#sha256={}",
                hosts.first().map_or("localhost", String::as_str),
                done.tls_fingerprint
            );
            println!("Settings / cấu hình: {}", done.settings_file.display());
        }
        Command::Address { data, host } => {
            let settings = phonghop_server::settings::Settings::load(&data, &Default::default())?;
            if settings.tls {
                let fingerprint = phonghop_server::tls::fingerprint_of_file(&settings.tls_cert)?;
                println!(
                    "https://{host}:{}/#sha256={fingerprint}",
                    settings.listen.port()
                );
            } else {
                println!("http://{host}:{}", settings.listen.port());
            }
        }
        Command::Users {
            command:
                UsersCommand::Add {
                    data,
                    name,
                    title,
                    role,
                },
        } => {
            let db = open_database(&data)?;
            let user_id = phonghop_server::enrollment::add_person(&db, &name, &title, role)?;
            println!("user {user_id}: {name}");
            print_code(&phonghop_server::enrollment::issue_code(&db, &user_id)?);
        }
        Command::Users {
            command: UsersCommand::Code { data, user_id },
        } => {
            let db = open_database(&data)?;
            print_code(&phonghop_server::enrollment::issue_code(&db, &user_id)?);
        }
        Command::Users {
            command: UsersCommand::Roster(command),
        } => admin_commands::run_roster(command, open_database)?,
        Command::Committees { command } => admin_commands::run_committee(command, open_database)?,
        Command::Devices {
            command: DevicesCommand::List { data },
        } => admin_commands::list_devices(&open_database(&data)?)?,
        Command::Devices {
            command: DevicesCommand::Revoke { data, device_id },
        } => admin_commands::revoke_device(&open_database(&data)?, &device_id)?,
        Command::Devices {
            command: DevicesCommand::Pending { data },
        } => {
            let db = open_database(&data)?;
            for device in db.pending_devices()? {
                println!(
                    "{}  {}  {}",
                    device.device_id,
                    device.display_name,
                    device.role.as_str()
                );
            }
        }
        Command::Devices {
            command: DevicesCommand::Approve { data, root_key },
        } => {
            let db = open_database(&data)?;
            let path =
                root_key.unwrap_or_else(|| data.join(phonghop_server::certify::ROOT_KEY_FILE));
            let root = phonghop_server::certify::unlock_root(&path, &admin_passphrase(false)?)?;
            let approved = phonghop_server::certify::approve_pending(&db, &root, unix_now())?;
            for device in &approved {
                println!("certified {}  {}", device.device_id, device.display_name);
            }
            println!(
                "Đã cấp chứng thư cho {} thiết bị / {} devices certified",
                approved.len(),
                approved.len()
            );
        }
        Command::Verify { data } => {
            let reports = phonghop_server::audit::verify_all(&open_database(&data)?)?;
            for report in &reports {
                println!(
                    "{}  {} entries  head {}",
                    report.meeting_id, report.length, report.head
                );
            }
            println!(
                "Nhật ký toàn vẹn / audit chains intact: {} meetings",
                reports.len()
            );
        }
        Command::Backup { data, out } => {
            let manifest = phonghop_server::backup::backup(&data, &out)?;
            println!(
                "Đã sao lưu / backed up to {}: {} blobs ({} bytes), database, {}",
                out.display(),
                manifest.blobs,
                manifest.blob_bytes,
                manifest.files.join(", ")
            );
        }
        Command::Restore { from, data } => {
            let manifest = phonghop_server::backup::restore(&from, &data)?;
            println!(
                "Đã khôi phục / restored into {}: {} blobs, database, {}",
                data.display(),
                manifest.blobs,
                manifest.files.join(", ")
            );
        }
        Command::Serve {
            data,
            listen,
            tls,
            log_format,
        } => {
            let overrides = Overrides {
                listen,
                tls,
                log_format,
            };
            let settings = Settings::load(&data, &overrides)?;
            init_logging(settings.log_format);
            let server = phonghop_server::start_with(&data, &settings).await?;
            println!("phonghop-server listening on {}", server.url());
            shutdown_signal()
                .await
                .context("waiting for a shutdown signal")?;
            println!("phonghop-server stopping");
            server.stop().await?;
        }
    }
    Ok(())
}

async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
