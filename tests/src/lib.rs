//! Shared harness for the system tests: a real `phonghop-server` in a temporary data
//! directory on 127.0.0.1:0, real clients with real SQLite stores, real libpdfium.

pub mod proxy;

use std::path::{Path, PathBuf};

use phonghop_core::demo::DemoSeed;
use phonghop_pdf::PdfEngine;
use phonghop_server::RunningServer;
use tempfile::TempDir;

/// The administrator passphrase the test organisations are created with.
pub const ADMIN_PASSPHRASE: &str = "mật khẩu quản trị thử nghiệm";

/// A server running in this test process, with its data directory.
#[derive(Debug)]
pub struct TestServer {
    /// Temporary data directory (removed on drop).
    pub data: TempDir,
    /// The running server.
    pub server: RunningServer,
    /// The administrator token written by `init`.
    pub admin_token: String,
}

/// Why the harness could not set up.
pub type HarnessResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

impl TestServer {
    /// Initialises an organisation and starts serving it on a free loopback port.
    pub async fn start() -> HarnessResult<Self> {
        let data = tempfile::tempdir()?;
        let initialised = phonghop_server::init(
            data.path(),
            "Hội đồng nhân dân tỉnh Lâm Giang",
            ADMIN_PASSPHRASE,
            &[],
        )?;
        let admin_token = std::fs::read_to_string(&initialised.admin_token_file)?;
        let server = phonghop_server::start(data.path(), "127.0.0.1:0".parse()?).await?;
        Ok(Self {
            data,
            server,
            admin_token,
        })
    }

    /// `https://127.0.0.1:PORT/#sha256=FINGERPRINT`: the address clients pin.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The server's data directory.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The organisation root key, unlocked with the test passphrase.
    pub fn root_key(&self) -> HarnessResult<phonghop_crypto::RootKey> {
        let file = std::fs::read(
            self.data_dir()
                .join(phonghop_server::certify::ROOT_KEY_FILE),
        )?;
        Ok(phonghop_crypto::RootKey::from_key_store(
            ADMIN_PASSPHRASE,
            &file,
        )?)
    }
}

/// libpdfium bound from where `cargo xtask` installed it.
pub fn pdf_engine() -> HarnessResult<&'static PdfEngine> {
    Ok(PdfEngine::bind_default()?)
}

/// A server with the demo organisation and meeting seeded, and the folder of profiles.
#[derive(Debug)]
pub struct SeededWorld {
    /// The server.
    pub server: TestServer,
    /// Folder holding one profile per demo person.
    pub profiles: TempDir,
    /// What seeding produced.
    pub seed: DemoSeed,
}

impl SeededWorld {
    /// Starts a server and seeds the demo on it.
    pub async fn start() -> HarnessResult<Self> {
        let server = TestServer::start().await?;
        let profiles = tempfile::tempdir()?;
        let engine = pdf_engine()?;
        let root = server.root_key()?;
        let seed = phonghop_core::demo::seed(
            &server.url(),
            &server.admin_token,
            &root,
            profiles.path(),
            engine,
        )
        .await?;
        Ok(Self {
            server,
            profiles,
            seed,
        })
    }

    /// Enrolls a new person (after the demo meeting was published, so not a participant of
    /// it) into the profile folder `folder`, and has the administrator approve the device.
    pub async fn enroll_approved(
        &self,
        folder: &str,
        display_name: &str,
        role: phonghop_domain::Role,
    ) -> HarnessResult<PathBuf> {
        let dir = self.profiles.path().join(folder);
        phonghop_core::demo::enroll_person(
            &self.server.url(),
            &self.server.admin_token,
            display_name,
            "Chuyên viên",
            role,
            &dir,
        )
        .await?;
        phonghop_core::demo::certify_pending(
            &self.server.url(),
            &self.server.admin_token,
            &self.server.root_key()?,
        )
        .await?;
        Ok(dir)
    }

    /// The chair and the twelve demo members, signed in.
    pub async fn council(&self) -> HarnessResult<(Voter, Vec<Voter>)> {
        let chair = Voter::open(self, "chair").await?;
        let mut members = Vec::new();
        for n in 1..=12 {
            members.push(Voter::open(self, &format!("member-{n:02}")).await?);
        }
        Ok((chair, members))
    }

    /// The profile folder of a demo person by folder name ("secretary", "member-03", …).
    pub fn profile(&self, name: &str) -> PathBuf {
        self.profiles.path().join(name)
    }
}

/// Every regular file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// The files under `dir` whose bytes contain `needle` anywhere: where plaintext would show
/// if it ever reached a disk that must hold only ciphertext.
pub fn files_holding(dir: &Path, needle: &[u8]) -> std::io::Result<Vec<PathBuf>> {
    let mut holding = Vec::new();
    for file in files_under(dir) {
        let bytes = std::fs::read(&file)?;
        if bytes.windows(needle.len()).any(|window| window == needle) {
            holding.push(file);
        }
    }
    Ok(holding)
}

/// How long a test waits for a live feed message.
pub const LIVE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The next message of a live feed, within [`LIVE_WAIT`].
pub async fn next_live(
    live: &mut phonghop_sync::LiveFeed,
) -> HarnessResult<phonghop_domain::wire::LiveMessage> {
    let message = tokio::time::timeout(LIVE_WAIT, live.next())
        .await
        .map_err(|_| "no live message within 10 s")?;
    message.map_err(|end| format!("the live feed ended: {end:?}").into())
}

/// Reads a live feed until its backlog has been sent (`caught_up`).
pub async fn until_caught_up(live: &mut phonghop_sync::LiveFeed) -> HarnessResult<()> {
    loop {
        if let phonghop_domain::wire::LiveMessage::CaughtUp { .. } = next_live(live).await? {
            return Ok(());
        }
    }
}

/// The live feed of an app's device from the start, read up to `caught_up`.
pub async fn caught_up_feed(app: &phonghop_core::App) -> HarnessResult<phonghop_sync::LiveFeed> {
    let mut live = app.server_session().await?.live_feed(0).await?;
    until_caught_up(&mut live).await?;
    Ok(live)
}

/// Incompressible bytes, the same for the same seed (xorshift): document contents for
/// tests that count bytes on the wire.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// The meeting `id` as `app` lists it from its local store, if it is there.
pub fn meeting_view(
    app: &phonghop_core::App,
    id: &str,
) -> HarnessResult<Option<phonghop_core::views::MeetingView>> {
    Ok(app.list_meetings()?.into_iter().find(|view| view.id == id))
}

/// A person with a signed-in client, who can sign and cast ballots.
#[derive(Debug)]
pub struct Voter {
    /// Their app.
    pub app: phonghop_core::App,
    /// Their session.
    pub client: phonghop_sync::ServerClient,
}

impl Voter {
    /// Opens the demo person `name` and signs in.
    pub async fn open(world: &SeededWorld, name: &str) -> HarnessResult<Self> {
        let app = phonghop_core::App::open(&world.profile(name))?;
        let client = app.server_session().await?;
        Ok(Self { app, client })
    }

    /// A ballot for `choices`, signed by this device.
    pub fn sign_choices(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choices: &[u32],
    ) -> phonghop_domain::wire::CastBallot {
        let config = &self.app.profile().config;
        let statement = phonghop_crypto::ballot::ballot_statement(
            &config.organisation,
            meeting_id,
            vote_id,
            &config.device_id,
            choices,
        );
        phonghop_domain::wire::CastBallot {
            choices: choices.to_vec(),
            signature: hex::encode(self.app.profile().secrets.signing().sign_record(&statement)),
        }
    }

    /// A single-choice ballot, signed by this device.
    pub fn sign(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choice: u32,
    ) -> phonghop_domain::wire::CastBallot {
        self.sign_choices(meeting_id, vote_id, &[choice])
    }

    /// Signs and casts a ballot of several choices (an election, a confidence vote).
    pub async fn vote_choices(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choices: &[u32],
    ) -> Result<phonghop_domain::wire::BallotReceipt, phonghop_sync::SyncError> {
        self.client
            .cast_ballot(vote_id, &self.sign_choices(meeting_id, vote_id, choices))
            .await
    }

    /// Signs and casts a single-choice ballot.
    pub async fn vote(
        &self,
        meeting_id: &str,
        vote_id: &str,
        choice: u32,
    ) -> Result<phonghop_domain::wire::BallotReceipt, phonghop_sync::SyncError> {
        self.client
            .cast_ballot(vote_id, &self.sign(meeting_id, vote_id, choice))
            .await
    }
}
