//! `phonghop-cli`: the command line over `phonghop-core`, sharing everything with the app.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use phonghop_core::{App, CoreError};

mod attendance;
mod passphrase;
mod pdf;
mod progress;
mod publishing;
mod secret;

/// Phòng Họp from the command line.
#[derive(Debug, Parser)]
#[command(name = "phonghop-cli", version, about)]
struct Cli {
    /// Profile folder (an enrolled person on this machine).
    #[arg(long, global = true, env = "PHONGHOP_PROFILE_DIR")]
    profile: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Enroll this machine with the one-time code the administrator gave you; writes the
    /// profile folder named by --profile.
    Enroll {
        /// Server address with its certificate fingerprint, as the administrator gives it:
        /// https://hop.example.gov.vn:8443/#sha256=… (print it with `phonghop-server address`).
        #[arg(long)]
        server: String,
        /// The enrollment code (e.g. 4821-0937-5512-0086).
        #[arg(long)]
        code: String,
    },
    /// Check the passphrase of a protected profile (from PHONGHOP_PASSPHRASE or typed).
    Unlock,
    /// Protect this profile's device key with a passphrase, or change it (the new one from
    /// PHONGHOP_NEW_PASSPHRASE or typed twice). Later commands ask for it.
    SetPassphrase,
    /// Fetch new meetings and documents from the server.
    Sync {
        /// Keep following the server: sync whenever it announces a change, reconnect after
        /// drops, until Ctrl-C.
        #[arg(long)]
        follow: bool,
    },
    /// List the meetings on this device with their agendas.
    Ls,
    /// Who this profile is, which meetings are ready to read offline, and what waits in
    /// the outbox.
    Status,
    /// Publish a meeting described in a JSON file (secretary); see `publishing.rs` for the
    /// format. Queued in the outbox when the server cannot be reached.
    Publish {
        /// The meeting description.
        file: PathBuf,
    },
    /// Publish a new revision of one document (secretary): only its changed chunks are sent.
    Revise {
        /// The meeting's id.
        #[arg(long)]
        meeting: String,
        /// The document's id (`ls --json` shows them).
        #[arg(long)]
        document: String,
        /// The new PDF.
        file: PathBuf,
    },
    /// Find words in the documents of the meetings on this device, with or without
    /// diacritics ("bieu quyet" finds "biểu quyết"); prints document, page and context.
    Search {
        /// The words to find.
        query: String,
        /// Only this meeting (its id, as `ls --json` shows); all meetings when left out.
        #[arg(long)]
        meeting: Option<String>,
    },
    /// Check in to a meeting (present in person, online, or absent with a reason); the chair
    /// and the secretary may record it for someone else with --for.
    Attend {
        /// The meeting's id.
        meeting: String,
        /// How you take part.
        #[arg(long, value_enum)]
        presence: attendance::PresenceArg,
        /// The reason for an absence (sealed: the server cannot read it).
        #[arg(long)]
        reason: Option<String>,
        /// Record it for this person (their user id) instead.
        #[arg(long = "for")]
        for_user: Option<String>,
    },
    /// Who checked in to a meeting, and whether the quorum is met.
    Roster {
        /// The meeting's id.
        meeting: String,
    },
    /// Check a secret vote's published record with no secret (anyone may): every ballot's
    /// signature and proofs, the sum, the committee's partial decryptions and the counts.
    /// Prints the result; exits non-zero naming the first failure.
    Verify {
        /// The record (JSON), as `phonghop-cli record` or `cargo xtask bench ballot` write it.
        record: PathBuf,
    },
    /// Write a secret vote's published record, with its option labels, to a file.
    Record {
        /// The meeting's id.
        #[arg(long)]
        meeting: String,
        /// The vote's id.
        #[arg(long)]
        vote: String,
        /// Where to write it.
        #[arg(long)]
        out: PathBuf,
    },
    /// As a member of the counting committee, publish your partial decryption of a closed
    /// secret vote (the result comes when enough members have).
    Count {
        /// The meeting's id.
        #[arg(long)]
        meeting: String,
        /// The vote's id.
        #[arg(long)]
        vote: String,
    },
    /// Drafts (secretary): meetings prepared on this device, with a watch folder.
    Draft {
        #[command(subcommand)]
        command: DraftCommand,
    },
    /// PDF tools.
    Pdf {
        #[command(subcommand)]
        command: PdfCommand,
    },
    /// The demonstration organisation.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
}

/// The `pdf` subcommands, run by [`pdf::run`].
#[derive(Debug, Subcommand)]
enum PdfCommand {
    /// Load each file and render every page small: `ok N pages` or `error CODE: message`.
    Check {
        /// PDF files.
        files: Vec<PathBuf>,
    },
    /// Render one page to an image file (WebP when OUT ends in .webp, PNG otherwise).
    Render {
        /// The PDF file.
        file: PathBuf,
        /// Page number, counting from 1.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        page: u32,
        /// Width in pixels.
        #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(1..))]
        width: u32,
        /// Where to write the image.
        #[arg(long)]
        out: PathBuf,
    },
    /// Turn a PDF, a JPEG or PNG picture, or an Office file (through LibreOffice, when it
    /// is installed) into a PDF ready to attach to an agenda item.
    Import {
        /// The file to import.
        file: PathBuf,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The `draft` subcommands.
#[derive(Debug, Subcommand)]
enum DraftCommand {
    /// Start a draft from a JSON file with the meeting's facts and participants; prints its id.
    New {
        /// The description (title, body, kind, startsAt, endsAt, place, participants).
        file: PathBuf,
    },
    /// Import PDFs dropped in FOLDER into the draft until Ctrl-C (half-written files wait).
    Watch {
        /// The draft's id.
        draft: String,
        /// The folder to watch.
        folder: PathBuf,
    },
    /// Publish the draft.
    Publish {
        /// The draft's id.
        draft: String,
    },
    /// List the drafts on this device.
    Ls,
}

#[derive(Debug, Subcommand)]
enum DemoCommand {
    /// Enroll the demo People's Council and publish its meeting on a running server.
    Seed {
        /// Server address, e.g. http://127.0.0.1:8443.
        #[arg(long)]
        server: String,
        /// File holding the administrator token (written by `phonghop-server init`).
        #[arg(long)]
        admin_token_file: PathBuf,
        /// Folder to write one profile per person into.
        #[arg(long)]
        profiles: PathBuf,
        /// The organisation's encrypted root key (`root.key` from `phonghop-server init`);
        /// its passphrase is read from PHONGHOP_ADMIN_PASSPHRASE.
        #[arg(long)]
        root_key: PathBuf,
    },
}

/// Opens the profile; a locked one is unlocked with `PHONGHOP_PASSPHRASE` or, on a
/// terminal, a passphrase typed without echo.
fn open_app(profile: Option<PathBuf>) -> Result<App, CoreError> {
    let dir = profile.ok_or_else(|| CoreError::ProfileMissing("(no --profile given)".into()))?;
    match App::open(&dir) {
        Err(CoreError::ProfileLocked(_)) => App::unlock(&dir, &passphrase::existing(&dir)?),
        other => other,
    }
}

async fn run(cli: Cli) -> Result<(), CoreError> {
    match cli.command {
        Command::Enroll { server, code } => {
            let dir = cli
                .profile
                .ok_or_else(|| CoreError::ProfileMissing("(no --profile given)".into()))?;
            let profile = phonghop_core::enroll(&dir, &server, &code).await?;
            println!(
                "Đã đăng ký máy này cho {} / enrolled {} as {}",
                profile.config.display_name,
                profile.dir().display(),
                profile.config.role.as_str()
            );
        }
        Command::Sync { follow: true } => {
            let app = open_app(cli.profile)?;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    stop.send_replace(true);
                }
            });
            app.follow(print_follow_event, stopped).await?;
        }
        Command::Sync { follow: false } => {
            let app = open_app(cli.profile)?;
            progress::sync(&app, cli.json).await?;
        }
        Command::Status => publishing::status(&open_app(cli.profile)?, cli.json)?,
        Command::Unlock => {
            let app = open_app(cli.profile)?;
            println!(
                "Đã mở khóa / unlocked: {}",
                app.profile().config.display_name
            );
        }
        Command::SetPassphrase => {
            let app = open_app(cli.profile)?;
            app.profile().protect(&passphrase::new()?)?;
            println!("Đã đặt mật khẩu / passphrase set");
        }
        Command::Publish { file } => {
            publishing::publish(&open_app(cli.profile)?, &file, cli.json).await?;
        }
        Command::Revise {
            meeting,
            document,
            file,
        } => {
            let app = open_app(cli.profile)?;
            publishing::revise(&app, &meeting, &document, &file, cli.json).await?;
        }
        Command::Ls => {
            let app = open_app(cli.profile)?;
            let meetings = app.list_meetings()?;
            if cli.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&meetings).unwrap_or_default()
                );
                return Ok(());
            }
            if meetings.is_empty() {
                println!("Chưa có cuộc họp nào / no meetings");
            }
            for meeting in meetings {
                let info = &meeting.info;
                println!("{}  {}", info.starts_at, info.title);
                println!("    {} — {}", info.body, info.place);
                for item in meeting.agenda {
                    println!("    {}. {}", item.number, item.title);
                    for document in item.documents {
                        let mark = if document.available { "✓" } else { "…" };
                        println!(
                            "       {mark} {} ({} bytes)",
                            document.title, document.size_bytes
                        );
                    }
                }
            }
        }
        Command::Search { query, meeting } => {
            let app = open_app(cli.profile)?;
            let meetings: Vec<String> = match meeting {
                Some(id) => vec![id],
                None => app.list_meetings()?.into_iter().map(|m| m.id).collect(),
            };
            let mut all = Vec::new();
            for id in meetings {
                let results = app.search_meeting(&id, &query)?;
                all.push((id, results));
            }
            if cli.json {
                let value: Vec<_> = all
                    .iter()
                    .map(|(id, results)| serde_json::json!({"meetingId": id, "results": results}))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
                return Ok(());
            }
            let total: usize = all.iter().map(|(_, results)| results.hits.len()).sum();
            for (_, results) in &all {
                for hit in &results.hits {
                    println!(
                        "{} — trang/page {}: …{}[{}]{}…",
                        hit.document_title,
                        hit.page + 1,
                        hit.before,
                        hit.matched,
                        hit.after
                    );
                }
            }
            println!("{total} kết quả / hits");
        }
        Command::Draft { command } => {
            let app = open_app(cli.profile)?;
            match command {
                DraftCommand::New { file } => publishing::new_draft(&app, &file)?,
                DraftCommand::Watch { draft, folder } => {
                    publishing::watch(&app, &draft, folder).await?;
                }
                DraftCommand::Publish { draft } => publishing::publish_draft(&app, &draft).await?,
                DraftCommand::Ls => publishing::list_drafts(&app)?,
            }
        }
        Command::Attend {
            meeting,
            presence,
            reason,
            for_user,
        } => {
            let app = open_app(cli.profile)?;
            attendance::attend(
                &app,
                &meeting,
                presence,
                reason.as_deref(),
                for_user.as_deref(),
            )
            .await?;
        }
        Command::Roster { meeting } => {
            attendance::roster(&open_app(cli.profile)?, &meeting, cli.json).await?;
        }
        Command::Verify { record } => secret::verify(&record, cli.json)?,
        Command::Record { meeting, vote, out } => {
            secret::record(&open_app(cli.profile)?, &meeting, &vote, &out).await?;
        }
        Command::Count { meeting, vote } => {
            secret::count(&open_app(cli.profile)?, &meeting, &vote).await?;
        }
        Command::Pdf { command } => pdf::run(command)?,
        Command::Demo {
            command:
                DemoCommand::Seed {
                    server,
                    admin_token_file,
                    profiles,
                    root_key,
                },
        } => {
            let passphrase = std::env::var("PHONGHOP_ADMIN_PASSPHRASE").map_err(|_| {
                CoreError::BadRecord(
                    "set PHONGHOP_ADMIN_PASSPHRASE to the administrator passphrase".into(),
                )
            })?;
            let file = std::fs::read(&root_key).map_err(|source| CoreError::Io {
                path: root_key.display().to_string(),
                source,
            })?;
            let root = phonghop_crypto::RootKey::from_key_store(&passphrase, &file)?;
            let token =
                std::fs::read_to_string(&admin_token_file).map_err(|source| CoreError::Io {
                    path: admin_token_file.display().to_string(),
                    source,
                })?;
            let engine = phonghop_pdf::PdfEngine::bind_default()?;
            let seed =
                phonghop_core::demo::seed(&server, token.trim(), &root, &profiles, engine).await?;
            println!(
                "Đã tạo dữ liệu mẫu / demo seeded: {} people, meeting {} with {} documents",
                seed.profiles.len(),
                seed.meeting_id,
                seed.documents
            );
            println!("secretary profile: {}", seed.secretary_profile.display());
        }
    }
    Ok(())
}

/// One line per event while following (`sync --follow`).
fn print_follow_event(event: phonghop_core::FollowEvent) {
    use phonghop_core::FollowEvent;
    match event {
        FollowEvent::Connected { cursor } => {
            println!("Đã kết nối / connected (feed position {cursor})");
        }
        FollowEvent::Synced { records, report } => println!(
            "Có thay đổi / news: {} records; synced {} meetings, {} documents fetched",
            records.len(),
            report.meetings,
            report.documents_fetched
        ),
        FollowEvent::MeetingEvent {
            meeting_id, kind, ..
        } => println!("{kind} ({meeting_id})"),
        FollowEvent::Disconnected { reason, retry_in } => println!(
            "Mất kết nối / disconnected: {reason}; retrying in {:.1} s",
            retry_in.as_secs_f64()
        ),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error {}: {error}", error.code());
            ExitCode::FAILURE
        }
    }
}
