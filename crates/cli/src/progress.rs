//! `sync` with a progress bar: bytes of the meeting being fetched, on standard error when
//! it is a terminal (hidden otherwise, so scripts see only the summary).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use phonghop_core::{App, CoreError, SyncProgress};
use std::sync::Mutex;

/// Flushes the outbox, then syncs with a bar per meeting; prints the summary.
pub async fn sync(app: &App, json: bool) -> Result<(), CoreError> {
    let flushed = app.flush_outbox().await?;
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:30!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let current = Mutex::new(String::new());
    let on_progress = |progress: &SyncProgress| {
        if let Ok(mut current) = current.lock()
            && *current != progress.meeting_id
        {
            current.clone_from(&progress.meeting_id);
            bar.set_message(progress.meeting_id.clone());
        }
        bar.set_length(progress.meeting_total);
        bar.set_position(progress.meeting_done);
    };
    let result = app.sync_with_progress(&on_progress).await;
    bar.finish_and_clear();
    let report = result?;
    if json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        println!(
            "Đồng bộ xong / synced: {} meetings, {} documents fetched ({} chunks, {} bytes)",
            report.meetings, report.documents_fetched, report.chunks_fetched, report.bytes_fetched
        );
        if flushed.sent + flushed.waiting + flushed.refused > 0 {
            println!(
                "Hộp thư đi / outbox: {} sent, {} waiting, {} refused",
                flushed.sent, flushed.waiting, flushed.refused
            );
        }
    }
    Ok(())
}
