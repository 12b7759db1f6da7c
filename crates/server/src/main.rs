//! `phonghop-server`: create an organisation's data directory, and serve it.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

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
    },
    /// Serve the API until interrupted (Ctrl-C or SIGTERM).
    Serve {
        /// Data directory created by `init`.
        #[arg(long, env = "PHONGHOP_DATA")]
        data: PathBuf,
        /// Address to listen on; port 0 picks a free port (written to DATA/server.addr).
        #[arg(long, env = "PHONGHOP_LISTEN", default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Init { data, organisation } => {
            let done = phonghop_server::init(&data, &organisation)?;
            println!(
                "Đã tạo tổ chức \"{organisation}\" / organisation created in {}",
                done.data_dir.display()
            );
            println!("Administrator token: {}", done.admin_token_file.display());
        }
        Command::Serve { data, listen } => {
            let server = phonghop_server::start(&data, listen).await?;
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
