//! `publish`, `revise` and `status`: the secretary's work and the state of this device, from
//! the command line. A meeting to publish is described in a JSON file whose document paths
//! are relative to it, e.g.
//!
//! ```json
//! { "title": "Phiên họp thường kỳ tháng 12", "body": "Thường trực HĐND tỉnh",
//!   "kind": "sitting", "startsAt": "2026-12-07T08:00:00+07:00", "endsAt": null,
//!   "place": "Phòng họp số 1", "participants": ["<user id>", "…"],
//!   "agenda": [ { "title": "Báo cáo tình hình", "presenter": "Sở Tài chính",
//!                 "documents": [ { "title": "Báo cáo", "kind": "report",
//!                                  "file": "bao-cao.pdf" } ] } ] }
//! ```

use std::path::{Path, PathBuf};

use phonghop_core::{App, CoreError, DraftDocument, DraftItem, MeetingDraft};
use phonghop_domain::{DocumentKind, MeetingInfo};
use serde::Deserialize;

/// A meeting description file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MeetingFile {
    #[serde(flatten)]
    info: MeetingInfo,
    participants: Vec<String>,
    agenda: Vec<ItemFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    title: String,
    #[serde(default)]
    presenter: Option<String>,
    #[serde(default)]
    documents: Vec<DocumentFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentFile {
    title: String,
    kind: DocumentKind,
    file: PathBuf,
}

fn read(path: &Path) -> Result<Vec<u8>, CoreError> {
    std::fs::read(path).map_err(|source| CoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads a meeting description and the documents it names.
fn load_draft(file: &Path) -> Result<MeetingDraft, CoreError> {
    let described: MeetingFile = serde_json::from_slice(&read(file)?)
        .map_err(|error| CoreError::BadRecord(format!("{}: {error}", file.display())))?;
    let folder = file.parent().unwrap_or(Path::new("."));
    let mut items = Vec::with_capacity(described.agenda.len());
    for item in described.agenda {
        let mut documents = Vec::with_capacity(item.documents.len());
        for document in item.documents {
            documents.push(DraftDocument {
                title: document.title,
                kind: document.kind,
                bytes: read(&folder.join(&document.file))?,
            });
        }
        items.push(DraftItem {
            title: item.title,
            presenter: item.presenter,
            documents,
        });
    }
    Ok(MeetingDraft {
        info: described.info,
        items,
        participant_user_ids: described.participants,
    })
}

/// `publish FILE`: prints the new meeting's id, and whether it is waiting in the outbox.
pub async fn publish(app: &App, file: &Path, json: bool) -> Result<(), CoreError> {
    let draft = load_draft(file)?;
    let meeting_id = app.publish_meeting(&draft).await?;
    let queued = app
        .pending_requests()?
        .iter()
        .any(|request| request.meeting_id == meeting_id && !request.refused);
    if json {
        println!(
            "{}",
            serde_json::json!({"meetingId": meeting_id, "queued": queued})
        );
    } else if queued {
        println!("Chưa gửi được, đã xếp hàng chờ / queued until the server answers: {meeting_id}");
    } else {
        println!("Đã phát hành / published: {meeting_id}");
    }
    Ok(())
}

/// `revise --meeting M --document D FILE`: a new revision of one document.
pub async fn revise(
    app: &App,
    meeting: &str,
    document: &str,
    file: &Path,
    json: bool,
) -> Result<(), CoreError> {
    let report = app.revise_document(meeting, document, read(file)?).await?;
    if json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        println!(
            "Đã phát hành bản sửa {} / revision {}: sent {} of {} chunks ({} bytes)",
            report.revision, report.revision, report.chunks_sent, report.chunks, report.bytes_sent
        );
    }
    Ok(())
}

/// `status`: who this is, which meetings are ready offline, what waits in the outbox.
pub fn status(app: &App, json: bool) -> Result<(), CoreError> {
    let profile = app.profile_info();
    let meetings = app.list_meetings()?;
    let pending = app.pending_requests()?;
    let cursor = app.feed_cursor()?;
    if json {
        let meetings: Vec<_> = meetings
            .iter()
            .map(|m| serde_json::json!({"id": m.id, "title": m.info.title, "ready": m.ready}))
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "profile": profile,
                "feedCursor": cursor,
                "meetings": meetings,
                "outbox": pending,
            })
        );
        return Ok(());
    }
    println!(
        "{} ({}) — {}",
        profile.display_name,
        profile.role.as_str(),
        profile.server_url
    );
    for meeting in &meetings {
        let mark = if meeting.ready {
            "sẵn sàng / ready"
        } else {
            "chưa đủ tài liệu / incomplete"
        };
        println!(
            "  {}  {}  [{mark}]",
            meeting.info.starts_at, meeting.info.title
        );
    }
    if pending.is_empty() {
        println!("Không có yêu cầu chờ gửi / outbox empty");
    }
    for request in &pending {
        let state = if request.refused {
            "bị từ chối / refused"
        } else {
            "chờ gửi / waiting"
        };
        println!(
            "  {} {} [{state}] {} attempts{}",
            request.kind,
            request.meeting_id,
            request.attempts,
            request
                .last_error
                .as_deref()
                .map(|error| format!(": {error}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

/// A draft's description: a meeting file without documents (they come from the folder).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DraftFile {
    #[serde(flatten)]
    info: MeetingInfo,
    participants: Vec<String>,
}

/// `draft new FILE`: starts a draft; prints its id.
pub fn new_draft(app: &App, file: &Path) -> Result<(), CoreError> {
    let described: DraftFile = serde_json::from_slice(&read(file)?)
        .map_err(|error| CoreError::BadRecord(format!("{}: {error}", file.display())))?;
    println!(
        "{}",
        app.create_draft(described.info, described.participants)?
    );
    Ok(())
}

/// `draft watch ID FOLDER`: imports PDFs dropped in the folder until Ctrl-C, one line each.
pub async fn watch(app: &App, draft: &str, folder: PathBuf) -> Result<(), CoreError> {
    use phonghop_core::watch_folder::{DEFAULT_QUIET, FolderChange};
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.send_replace(true);
        }
    });
    println!(
        "Đang theo dõi / watching {} (Ctrl-C to stop)",
        folder.display()
    );
    let print = |change: FolderChange| match change {
        FolderChange::Added { name, .. } => println!("+ {name}"),
        FolderChange::Updated { name, .. } => println!("~ {name}"),
        FolderChange::Renamed { from, to, .. } => println!("→ {from} ⇒ {to}"),
        FolderChange::Removed { name, .. } => println!("- {name}"),
        FolderChange::Failed { name, reason } => println!("! {name}: {reason}"),
    };
    app.watch_folder(draft, folder, DEFAULT_QUIET, print, stopped)
        .await
}

/// `draft publish ID`: publishes the draft through the outbox.
pub async fn publish_draft(app: &App, draft: &str) -> Result<(), CoreError> {
    let meeting = app.publish_draft(draft).await?;
    println!("Đã phát hành / published: {meeting}");
    Ok(())
}

/// `draft ls`: the drafts on this device with their documents.
pub fn list_drafts(app: &App) -> Result<(), CoreError> {
    for draft in app.drafts()? {
        println!("{}  {}", draft.meeting.id, draft.meeting.info.title);
        for document in draft.meeting.documents() {
            println!("    {}", document.title);
        }
    }
    Ok(())
}
