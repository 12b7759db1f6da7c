//! The weeks before a meeting, across real clients and a real server: the secretary builds
//! a draft (facts, a nested agenda, documents from a PDF and a picture with their access),
//! publishes it; members, a guest and a colleague see what they may; the secretary revises a
//! document and the member sees it changed since they read it; answers to the invitation
//! and what each device holds make the readiness board; postponing and cancelling reach
//! everyone with the reason; a past meeting becomes a template.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_core::views::MeetingStatus;
use phonghop_core::{App, CoreError, DraftItemView, DraftView, notice_for};
use phonghop_domain::wire::{FeedKind, RsvpAnswer};
use phonghop_domain::{DocumentAccess, DocumentKind, MeetingInfo, MeetingKind, Role};
use phonghop_pdf::TextDocument;
use phonghop_tests::{SeededWorld, pdf_engine};

fn user_id(app: &App) -> String {
    app.profile().config.user_id.clone()
}

fn code(error: CoreError) -> String {
    error.to_body().code
}

fn pdf(title: &str) -> Vec<u8> {
    pdf_engine()
        .unwrap()
        .write_text_document(
            &TextDocument {
                heading: vec![title.to_owned()],
                paragraphs: vec![format!("Nội dung {title}.")],
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap()
}

/// A small PNG picture (a scanned page, as secretaries often attach).
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 40, 60);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&vec![200u8; 40 * 60 * 3]).unwrap();
    }
    bytes
}

fn info(title: &str) -> MeetingInfo {
    MeetingInfo {
        title: title.into(),
        body: "Ủy ban nhân dân tỉnh".into(),
        kind: MeetingKind::Sitting,
        starts_at: "2026-12-14T08:00:00+07:00".into(),
        ends_at: Some("2026-12-14T11:30:00+07:00".into()),
        place: "Phòng họp số 2".into(),
        online_link: Some("https://hop.langiang.gov.vn/phien-12".into()),
    }
}

fn item(title: &str, depth: u8) -> DraftItemView {
    DraftItemView {
        title: title.into(),
        presenter: Some("Giám đốc Sở Tài chính".into()),
        presenting_agency: Some("Sở Tài chính".into()),
        duration_minutes: Some(30),
        depth,
        documents: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meeting_from_draft_to_readiness_through_revision_postponement_and_cancellation() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-01")).unwrap();
    let colleague = App::open(&world.profile("member-02")).unwrap();
    let guest_dir = world
        .enroll_approved("guest", "Lê Văn Khách", Role::Guest)
        .await
        .unwrap();
    let guest = App::open(&guest_dir).unwrap();

    // Refusals before anything is kept.
    let mut untitled = info(" ");
    untitled.title = "  ".into();
    assert_eq!(
        code(secretary.new_draft(&untitled, vec![]).unwrap_err()),
        "draft.empty_title"
    );
    let mut backwards = info("Phiên họp");
    backwards.ends_at = Some("2026-12-14T07:00:00+07:00".into());
    assert_eq!(
        code(secretary.new_draft(&backwards, vec![]).unwrap_err()),
        "draft.bad_time"
    );
    assert_eq!(
        code(member.new_draft(&info("Không được"), vec![]).unwrap_err()),
        "auth.forbidden"
    );
    let lonely = secretary.new_draft(&info("Chưa mời ai"), vec![]).unwrap();
    assert_eq!(
        code(
            secretary
                .publish_draft_checked(&lonely.id)
                .await
                .unwrap_err()
        ),
        "draft.no_participants"
    );

    // The people to invite come from the certified directory, guests among them.
    let people = secretary.directory_people().await.unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.user_id == user_id(&guest) && p.role == Role::Guest)
    );

    // The draft: three items, one a sub-item, and three documents.
    let participants = vec![user_id(&member), user_id(&colleague), user_id(&guest)];
    let draft = secretary
        .new_draft(&info("Phiên họp chuyên đề tháng 12"), participants.clone())
        .unwrap();
    let draft = secretary
        .save_draft_view(&DraftView {
            items: vec![
                item("Dự toán ngân sách năm 2027", 0),
                item("Phân bổ vốn đầu tư công", 1),
                item("Chương trình làm việc", 0),
            ],
            ..draft
        })
        .unwrap();
    let draft = secretary
        .attach_bytes(
            &draft.id,
            0,
            "Tờ trình dự toán",
            DocumentKind::Proposal,
            DocumentAccess::Participants,
            pdf("Tờ trình dự toán"),
        )
        .unwrap();
    let draft = secretary
        .attach_bytes(
            &draft.id,
            1,
            "Bản chụp công văn",
            DocumentKind::Report,
            DocumentAccess::Named {
                user_ids: vec![user_id(&member)],
            },
            png(),
        )
        .unwrap();
    let draft = secretary
        .attach_bytes(
            &draft.id,
            2,
            "Chương trình",
            DocumentKind::Programme,
            DocumentAccess::Everyone,
            pdf("Chương trình"),
        )
        .unwrap();
    assert_eq!(
        code(
            secretary
                .attach_bytes(
                    &draft.id,
                    0,
                    "Tệp lạ",
                    DocumentKind::Other,
                    DocumentAccess::Everyone,
                    b"MZ not a document".to_vec()
                )
                .unwrap_err()
        ),
        "document.unsupported_type"
    );
    assert_eq!(
        code(
            secretary
                .attach_bytes(
                    &draft.id,
                    0,
                    "Hỏng",
                    DocumentKind::Other,
                    DocumentAccess::Everyone,
                    b"%PDF-1.7 cut short".to_vec()
                )
                .unwrap_err()
        ),
        "pdf.malformed"
    );
    let documents: Vec<_> = draft
        .items
        .iter()
        .flat_map(|i| i.documents.clone())
        .collect();
    assert_eq!(documents.len(), 3);
    let meeting = secretary.publish_draft_checked(&draft.id).await.unwrap();
    assert!(
        secretary
            .draft_summaries()
            .unwrap()
            .iter()
            .all(|d| d.id != meeting)
    );

    // What each sees.
    for app in [&member, &colleague, &guest] {
        app.sync_now().await.unwrap();
    }
    let seen = |app: &App| {
        app.list_meetings()
            .unwrap()
            .into_iter()
            .find(|view| view.id == meeting)
            .unwrap()
    };
    let view = seen(&member);
    let numbers: Vec<&str> = view.agenda.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["1", "1.1", "2"]);
    assert_eq!(
        view.agenda[0].presenting_agency.as_deref(),
        Some("Sở Tài chính")
    );
    assert_eq!(view.agenda[0].duration_minutes, Some(30));
    assert_eq!(
        view.info.online_link.as_deref(),
        Some("https://hop.langiang.gov.vn/phien-12")
    );
    let titles = |view: &phonghop_core::views::MeetingView| -> Vec<String> {
        view.agenda
            .iter()
            .flat_map(|item| item.documents.iter().map(|d| d.title.clone()))
            .collect()
    };
    assert_eq!(
        titles(&view),
        ["Tờ trình dự toán", "Bản chụp công văn", "Chương trình"]
    );
    assert!(view.ready, "everything the member may read is here");
    assert_eq!(
        titles(&seen(&colleague)),
        ["Tờ trình dự toán", "Chương trình"]
    );
    assert_eq!(
        titles(&seen(&guest)),
        ["Chương trình"],
        "guests read only what is for them"
    );
    let proposal = view.agenda[0].documents[0].clone();
    assert_eq!(proposal.read_revision, None, "new to the member");

    // The member reads it; the secretary revises it; the member sees it changed.
    member.open_for_reading(&meeting, &proposal.id).unwrap();
    let read = seen(&member).agenda[0].documents[0].clone();
    assert_eq!((read.revision, read.read_revision), (1, Some(1)));
    secretary.sync_now().await.unwrap();
    let report = secretary
        .revise_document(&meeting, &proposal.id, pdf("Tờ trình dự toán (sửa đổi)"))
        .await
        .unwrap();
    assert_eq!(report.revision, 2);

    // The readiness board: the member is behind until their computer syncs.
    let board = secretary.meeting_readiness(&meeting).await.unwrap();
    let line = |board: &phonghop_core::ReadinessBoard, app: &App| {
        board
            .people
            .iter()
            .find(|line| line.user_id == user_id(app))
            .cloned()
            .unwrap()
    };
    assert!(!line(&board, &member).ready);
    assert_eq!(line(&board, &member).held_revision, Some(1));
    member.sync_now().await.unwrap();
    let changed = seen(&member).agenda[0].documents[0].clone();
    assert_eq!(
        (changed.revision, changed.read_revision),
        (2, Some(1)),
        "changed since read"
    );

    // Answers to the invitation, an absence only with a reason.
    let error = colleague
        .rsvp(&meeting, RsvpAnswer::Absent, Some("  "))
        .await
        .unwrap_err();
    assert_eq!(code(error), "rsvp.reason_required");
    colleague
        .rsvp(
            &meeting,
            RsvpAnswer::Absent,
            Some("Đi công tác tại xã Tân Lập"),
        )
        .await
        .unwrap();
    member
        .rsvp(&meeting, RsvpAnswer::Attending, None)
        .await
        .unwrap();
    assert_eq!(seen(&member).my_rsvp, Some(RsvpAnswer::Attending));
    let board = secretary.meeting_readiness(&meeting).await.unwrap();
    assert!(line(&board, &member).ready, "{board:?}");
    assert_eq!(line(&board, &member).rsvp, Some(RsvpAnswer::Attending));
    assert!(line(&board, &member).last_seen_at.is_some());
    let away = line(&board, &colleague);
    assert_eq!(away.rsvp, Some(RsvpAnswer::Absent));
    assert_eq!(
        away.rsvp_reason.as_deref(),
        Some("Đi công tác tại xã Tân Lập")
    );
    assert!(!line(&board, &guest).ready || line(&board, &guest).held_revision.is_some());
    assert!(
        !board.people[0].ready,
        "those not ready come first: {board:?}"
    );
    assert_eq!(
        code(member.meeting_readiness(&meeting).await.unwrap_err()),
        "auth.forbidden"
    );
    // The reason never reaches the server's disk.
    let holding = phonghop_tests::files_holding(
        world.server.data_dir(),
        "Đi công tác tại xã Tân Lập".as_bytes(),
    )
    .unwrap();
    assert!(holding.is_empty(), "{holding:?} hold the reason in clear");

    // Postponed, then cancelled: everyone reads why.
    secretary
        .postpone_meeting(
            &meeting,
            "2026-12-21T08:00:00+07:00",
            None,
            "Trùng lịch tiếp xúc cử tri",
        )
        .await
        .unwrap();
    member.sync_now().await.unwrap();
    let postponed = seen(&member);
    assert_eq!(postponed.status, MeetingStatus::Postponed);
    assert_eq!(
        postponed.status_reason.as_deref(),
        Some("Trùng lịch tiếp xúc cử tri")
    );
    assert_eq!(postponed.info.starts_at, "2026-12-21T08:00:00+07:00");
    let notice = notice_for(FeedKind::MeetingRevised, &postponed).unwrap();
    assert_eq!(notice.title, "Cuộc họp được hoãn");
    assert!(
        notice.body.contains("Thứ Hai, 21/12/2026, 08:00"),
        "{notice:?}"
    );

    // A template from it: the same agenda, no documents.
    secretary.sync_now().await.unwrap();
    let template = secretary.clone_meeting(&meeting).unwrap();
    let titles: Vec<&str> = template.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Dự toán ngân sách năm 2027",
            "Phân bổ vốn đầu tư công",
            "Chương trình làm việc"
        ]
    );
    assert_eq!(template.items[1].depth, 1);
    assert!(template.items.iter().all(|i| i.documents.is_empty()));
    assert_ne!(template.id, meeting);

    secretary
        .cancel_meeting_with_reason(&meeting, Some("Theo chỉ đạo của Thường trực"))
        .await
        .unwrap();
    guest.sync_now().await.unwrap();
    let cancelled = seen(&guest);
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert_eq!(
        cancelled.status_reason.as_deref(),
        Some("Theo chỉ đạo của Thường trực")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn files_of_the_watch_folder_stay_when_the_interface_saves_a_draft_that_predates_them() {
    use std::sync::Arc;
    use std::time::Duration;

    let world = SeededWorld::start().await.unwrap();
    let secretary = Arc::new(App::open(&world.profile("secretary")).unwrap());
    let member = App::open(&world.profile("member-01")).unwrap();
    let draft = secretary
        .new_draft(
            &info("Phiên họp có thư mục theo dõi"),
            vec![user_id(&member)],
        )
        .unwrap();
    let draft = secretary
        .save_draft_view(&DraftView {
            items: vec![item("Khai mạc", 0)],
            ..draft
        })
        .unwrap();
    // The interface's copy, from before the folder brought anything.
    let stale = draft.clone();

    let folder = tempfile::tempdir().unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (sender, mut changes) = tokio::sync::mpsc::unbounded_channel();
    let watcher = tokio::spawn({
        let secretary = Arc::clone(&secretary);
        let folder = folder.path().to_path_buf();
        let draft_id = draft.id.clone();
        async move {
            secretary
                .watch_folder(
                    &draft_id,
                    folder,
                    Duration::from_millis(300),
                    move |change| drop(sender.send(change)),
                    stopped,
                )
                .await
        }
    });
    std::fs::write(
        folder.path().join("Bao cao quy IV.pdf"),
        pdf("Báo cáo quý IV"),
    )
    .unwrap();
    let change = tokio::time::timeout(Duration::from_secs(30), changes.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(
            change,
            phonghop_core::watch_folder::FolderChange::Added { .. }
        ),
        "{change:?}"
    );

    let mut edited = stale;
    edited.items[0].title = "Khai mạc phiên họp".into();
    let saved = secretary.save_draft_view(&edited).unwrap();
    let titles: Vec<&str> = saved.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Khai mạc phiên họp", phonghop_core::WATCHED_ITEM_TITLE]
    );
    assert_eq!(saved.items[1].documents.len(), 1, "{saved:?}");
    assert_eq!(saved.items[1].documents[0].title, "Bao cao quy IV");

    stop.send(true).unwrap();
    watcher.await.unwrap().unwrap();
}
