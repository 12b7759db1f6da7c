//! The secretary's watch folder against a real server: a PDF dropped in the folder becomes a
//! document of the draft, a half-written one is left alone until it is complete, renames
//! keep the document, deletions remove it, and the published draft reaches a member.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use phonghop_core::watch_folder::FolderChange;
use phonghop_core::{App, WATCHED_ITEM_TITLE};
use phonghop_domain::{MeetingInfo, MeetingKind};
use phonghop_tests::SeededWorld;
use tokio::sync::{mpsc, watch};

/// A small but whole PDF whose body carries `text` (so files differ in content).
fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% {text}\n{}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        "x".repeat(20_000)
    )
    .into_bytes()
}

async fn next_change(changes: &mut mpsc::UnboundedReceiver<FolderChange>) -> FolderChange {
    tokio::time::timeout(Duration::from_secs(20), changes.recv())
        .await
        .expect("a change within 20 s")
        .expect("the watcher goes on")
}

#[tokio::test(flavor = "multi_thread")]
async fn dropped_pdfs_become_documents_of_the_draft_and_half_written_ones_wait() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = Arc::new(App::open(&world.profile("secretary")).unwrap());
    let member = App::open(&world.profile("member-08")).unwrap();
    let draft_id = secretary
        .create_draft(
            MeetingInfo {
                title: "Phiên họp chuẩn bị kỳ họp".into(),
                body: "Thường trực HĐND tỉnh".into(),
                kind: MeetingKind::Sitting,
                starts_at: "2027-04-05T08:00:00+07:00".into(),
                ends_at: None,
                place: "Phòng họp số 2".into(),
                online_link: None,
            },
            vec![member.profile().config.user_id.clone()],
        )
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let (sender, mut changes) = mpsc::unbounded_channel();
    let (stop, stopped) = watch::channel(false);
    let watcher = tokio::spawn({
        let secretary = Arc::clone(&secretary);
        let folder = folder.path().to_path_buf();
        let draft_id = draft_id.clone();
        async move {
            secretary
                .watch_folder(
                    &draft_id,
                    folder,
                    Duration::from_millis(400),
                    move |change| drop(sender.send(change)),
                    stopped,
                )
                .await
        }
    });

    // A whole file, a half-written one, and temporary files that must be ignored.
    let to_trinh = pdf("to trinh");
    std::fs::write(folder.path().join("To_trinh_so_12.pdf"), &to_trinh).unwrap();
    let bao_cao = pdf("bao cao");
    let half = bao_cao.len() / 2;
    std::fs::write(folder.path().join("Bao-cao.pdf"), &bao_cao[..half]).unwrap();
    std::fs::write(folder.path().join("~$To_trinh_so_12.pdf"), b"lock").unwrap();
    std::fs::write(folder.path().join("Du-thao.pdf.part"), &bao_cao[..half]).unwrap();

    let FolderChange::Added {
        name,
        document_id: to_trinh_id,
    } = next_change(&mut changes).await
    else {
        panic!("the whole file is added first");
    };
    assert_eq!(name, "To_trinh_so_12.pdf");
    // Several quiet periods pass: the half-written file is still not taken.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(changes.try_recv().is_err(), "nothing else is imported yet");
    let draft = secretary.draft(&draft_id).unwrap();
    let titles: Vec<_> = draft.meeting.documents().map(|d| d.title.clone()).collect();
    assert_eq!(titles, ["To trinh so 12"]);
    assert_eq!(draft.meeting.agenda[0].title, WATCHED_ITEM_TITLE);

    // The copy finishes: now it is imported.
    std::fs::write(folder.path().join("Bao-cao.pdf"), &bao_cao).unwrap();
    let FolderChange::Added {
        name,
        document_id: bao_cao_id,
    } = next_change(&mut changes).await
    else {
        panic!("the finished file is added");
    };
    assert_eq!(name, "Bao-cao.pdf");

    // A rename keeps the document and retitles it.
    std::fs::rename(
        folder.path().join("To_trinh_so_12.pdf"),
        folder.path().join("To trinh ve ngan sach.pdf"),
    )
    .unwrap();
    assert_eq!(
        next_change(&mut changes).await,
        FolderChange::Renamed {
            from: "To_trinh_so_12.pdf".into(),
            to: "To trinh ve ngan sach.pdf".into(),
            document_id: to_trinh_id.clone(),
        }
    );
    // A deletion removes its document.
    std::fs::remove_file(folder.path().join("Bao-cao.pdf")).unwrap();
    assert_eq!(
        next_change(&mut changes).await,
        FolderChange::Removed {
            name: "Bao-cao.pdf".into(),
            document_id: bao_cao_id,
        }
    );
    // New content in a watched file replaces the document's content.
    let corrected = pdf("to trinh, ban sua");
    std::fs::write(folder.path().join("To trinh ve ngan sach.pdf"), &corrected).unwrap();
    assert_eq!(
        next_change(&mut changes).await,
        FolderChange::Updated {
            name: "To trinh ve ngan sach.pdf".into(),
            document_id: to_trinh_id.clone(),
        }
    );
    stop.send_replace(true);
    watcher.await.unwrap().unwrap();

    // The draft survives reopening the app, and publishing it reaches the member.
    drop(secretary);
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let meeting = secretary.publish_draft(&draft_id).await.unwrap();
    assert!(secretary.drafts().unwrap().is_empty());
    member.sync_now().await.unwrap();
    let view = phonghop_tests::meeting_view(&member, &meeting)
        .unwrap()
        .unwrap();
    let documents: Vec<_> = view
        .agenda
        .iter()
        .flat_map(|item| &item.documents)
        .collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].title, "To trinh ve ngan sach");
    assert_eq!(
        member.open_document(&meeting, &to_trinh_id).unwrap(),
        corrected
    );

    // The store holds the draft's documents only as ciphertext.
    for file in phonghop_tests::files_under(&world.profile("secretary")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(8).any(|w| w == b"to trinh"),
            "{} holds a document's plaintext",
            file.display()
        );
    }
}
