//! Annotations across real clients and a real server: one member's two computers keep the
//! same notes, merge what each did offline and honour deletions; the key behind private
//! notes reaches a computer enrolled later; shared notes reach the colleagues named and
//! never an outsider; marks follow their text into a revised document; the annotated copy
//! is a real PDF with the marks and a watermark, recorded in the audit chain; and neither
//! the server's data directory nor the client's store holds a note's text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::PathBuf;

use phonghop_core::annotations::{AnnotationInput, Placement};
use phonghop_core::{App, CoreError, DraftDocument, DraftItem, MeetingDraft};
use phonghop_domain::annotation::{AnnotationBody, Audience, Colour, InkWidth, Point, TextAnchor};
use phonghop_domain::{DocumentKind, MeetingInfo, MeetingKind};
use phonghop_pdf::TextDocument;
use phonghop_tests::proxy::{CutProxy, point_profile_at};
use phonghop_tests::{SeededWorld, files_holding, pdf_engine};

const SECRET_NOTE: &str = "Ghi chú riêng: hỏi lại Sở Tài chính về khoản kinh phí";
const SHARED_NOTE: &str = "Góp ý chung: đề nghị bổ sung số liệu năm trước";

fn user_id(app: &App) -> String {
    app.profile().config.user_id.clone()
}

fn code(error: CoreError) -> String {
    error.to_body().code
}

fn pdf(paragraphs: &[&str]) -> Vec<u8> {
    pdf_engine()
        .unwrap()
        .write_text_document(
            &TextDocument {
                heading: vec!["TỜ TRÌNH".to_owned()],
                paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap()
}

/// Filler paragraphs that push what follows to a later page.
fn filler(count: usize) -> Vec<String> {
    (1..=count)
        .map(|n| format!("Đoạn bổ sung số {n} nói về tình hình kinh tế xã hội của tỉnh."))
        .collect()
}

/// Enrolls another computer for the person of `owner` into the profile folder `folder`.
async fn enroll_device(world: &SeededWorld, owner: &App, folder: &str) -> PathBuf {
    let admin = phonghop_sync::ServerClient::new(&world.server.url())
        .unwrap()
        .with_token(&world.server.admin_token);
    let issued = admin.admin_enrollment_code(&user_id(owner)).await.unwrap();
    let dir = world.profiles.path().join(folder);
    phonghop_core::enroll(&dir, &world.server.url(), &issued.code)
        .await
        .unwrap();
    phonghop_core::demo::certify_pending(
        &world.server.url(),
        &world.server.admin_token,
        &world.server.root_key().unwrap(),
    )
    .await
    .unwrap();
    dir
}

/// Publishes a meeting of one document for `participants`; returns (meeting, document).
async fn publish(secretary: &App, bytes: Vec<u8>, participants: &[String]) -> (String, String) {
    let meeting = secretary
        .publish_meeting(&MeetingDraft {
            info: MeetingInfo {
                title: "Phiên họp chuyên đề tháng 12".into(),
                body: "Ủy ban nhân dân tỉnh".into(),
                kind: MeetingKind::Sitting,
                starts_at: "2026-12-07T08:00:00+07:00".into(),
                ends_at: None,
                place: "Phòng họp số 1".into(),
                online_link: None,
            },
            items: vec![DraftItem {
                title: "Tờ trình dự toán".into(),
                presenter: None,
                documents: vec![DraftDocument {
                    title: "Tờ trình số 12/TTr-UBND".into(),
                    kind: DocumentKind::Proposal,
                    bytes,
                }],
            }],
            participant_user_ids: participants.to_vec(),
        })
        .await
        .unwrap();
    secretary.sync_now().await.unwrap();
    let view = secretary
        .list_meetings()
        .unwrap()
        .into_iter()
        .find(|view| view.id == meeting)
        .unwrap();
    let document = view.agenda[0].documents[0].id.clone();
    (meeting, document)
}

/// The page and character range of `phrase` in the document's current revision.
fn find(app: &App, meeting: &str, document: &str, phrase: &str) -> (u32, u32, u32) {
    for page in 0..20 {
        let Ok(chars) = app.page_chars(meeting, document, page) else {
            break;
        };
        let text: Vec<String> = chars.into_iter().map(|c| c.ch).collect();
        let wanted: Vec<String> = phrase.chars().map(String::from).collect();
        if let Some(start) = (0..text.len().saturating_sub(wanted.len()) + 1)
            .find(|&at| text[at..].starts_with(&wanted))
        {
            return (page, start as u32, (start + wanted.len()) as u32);
        }
    }
    panic!("{phrase:?} is not in the document");
}

fn highlight(app: &App, meeting: &str, document: &str, phrase: &str) -> AnnotationInput {
    let (page, start, end) = find(app, meeting, document, phrase);
    AnnotationInput {
        id: None,
        document_id: document.to_owned(),
        page,
        body: AnnotationBody::Highlight(TextAnchor {
            start,
            end,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            rects: Vec::new(),
        }),
        colour: Colour::Yellow,
        audience: Audience::Private,
    }
}

fn note(document: &str, page: u32, text: &str, audience: Audience) -> AnnotationInput {
    AnnotationInput {
        id: None,
        document_id: document.to_owned(),
        page,
        body: AnnotationBody::Note {
            at: Point { x: 100.0, y: 700.0 },
            text: text.to_owned(),
        },
        colour: Colour::Yellow,
        audience,
    }
}

/// What a device shows of a document: (id, colour, note text or quote), sorted.
fn shown(app: &App, meeting: &str, document: &str) -> Vec<(String, Colour, String)> {
    let mut shown: Vec<_> = app
        .document_annotations(meeting, document)
        .unwrap()
        .annotations
        .into_iter()
        .map(|view| {
            let text = match view.body {
                AnnotationBody::Note { text, .. } => text,
                AnnotationBody::Highlight(anchor) | AnnotationBody::Underline(anchor) => {
                    anchor.quote
                }
                _ => String::new(),
            };
            (view.id, view.colour, text)
        })
        .collect();
    shown.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    shown
}

#[tokio::test(flavor = "multi_thread")]
async fn two_computers_of_one_member_merge_offline_edits_and_deletions_and_the_key_follows_to_a_third()
 {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let desk_dir = world.profile("member-01");
    let desk_first = App::open(&desk_dir).unwrap();
    let laptop_dir = enroll_device(&world, &desk_first, "member-01-laptop").await;
    drop(desk_first);
    let desk_link = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    let laptop_link = CutProxy::in_front_of(&world.server.url()).await.unwrap();
    point_profile_at(&desk_dir, &desk_link.address_for(&world.server.url())).unwrap();
    point_profile_at(&laptop_dir, &laptop_link.address_for(&world.server.url())).unwrap();
    let desk = App::open(&desk_dir).unwrap();
    let laptop = App::open(&laptop_dir).unwrap();
    assert_eq!(user_id(&desk), user_id(&laptop));

    let text = [
        "Điều 1. Phê duyệt dự toán ngân sách năm 2027 của tỉnh.",
        "Điều 2. Giao Sở Tài chính hướng dẫn các đơn vị thực hiện.",
        "Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.",
    ];
    let (meeting, document) = publish(&secretary, pdf(&text), &[user_id(&desk)]).await;
    desk.sync_now().await.unwrap();
    laptop.sync_now().await.unwrap();

    // The desk marks two passages; the laptop sees them.
    let kept = desk
        .save_annotation(
            &meeting,
            highlight(&desk, &meeting, &document, "Phê duyệt dự toán ngân sách"),
        )
        .await
        .unwrap();
    assert_eq!(kept.placement, Placement::Original);
    let dropped = desk
        .save_annotation(
            &meeting,
            highlight(&desk, &meeting, &document, "Giao Sở Tài chính"),
        )
        .await
        .unwrap();
    match &kept.body {
        AnnotationBody::Highlight(anchor) => {
            assert_eq!(anchor.quote, "Phê duyệt dự toán ngân sách");
            assert!(
                !anchor.rects.is_empty(),
                "boxes come from pdfium's characters"
            );
        }
        other => panic!("{other:?}"),
    }
    laptop.sync_annotations(&meeting).await.unwrap();
    assert_eq!(
        shown(&laptop, &meeting, &document),
        shown(&desk, &meeting, &document)
    );
    assert_eq!(shown(&laptop, &meeting, &document).len(), 2);

    // Both go offline and each changes things.
    desk_link.set_down(true);
    laptop_link.set_down(true);
    let mut green = highlight(&desk, &meeting, &document, "Phê duyệt dự toán ngân sách");
    green.id = Some(kept.id.clone());
    green.colour = Colour::Green;
    desk.save_annotation(&meeting, green).await.unwrap();
    desk.delete_annotation(&meeting, &dropped.id).await.unwrap();
    let desk_note = desk
        .save_annotation(&meeting, note(&document, 0, SECRET_NOTE, Audience::Private))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let mut blue = highlight(&laptop, &meeting, &document, "Phê duyệt dự toán ngân sách");
    blue.id = Some(kept.id.clone());
    blue.colour = Colour::Blue;
    laptop.save_annotation(&meeting, blue).await.unwrap();
    let laptop_note = laptop
        .save_annotation(
            &meeting,
            note(&document, 0, "Ghi chú trên máy xách tay", Audience::Private),
        )
        .await
        .unwrap();
    assert!(
        desk.pending_requests()
            .unwrap()
            .iter()
            .any(|request| request.kind == "annotation"),
        "offline writes wait in the outbox"
    );
    // Offline, each device already shows its own changes.
    assert_eq!(shown(&desk, &meeting, &document).len(), 2);

    // The links return; both sync; both show the same merge.
    desk_link.set_down(false);
    laptop_link.set_down(false);
    desk.sync_annotations(&meeting).await.unwrap();
    laptop.sync_annotations(&meeting).await.unwrap();
    desk.sync_annotations(&meeting).await.unwrap();
    let merged = shown(&desk, &meeting, &document);
    assert_eq!(merged, shown(&laptop, &meeting, &document));
    let ids: Vec<&str> = merged.iter().map(|(id, _, _)| id.as_str()).collect();
    assert!(ids.contains(&kept.id.as_str()));
    assert!(ids.contains(&desk_note.id.as_str()));
    assert!(ids.contains(&laptop_note.id.as_str()));
    assert!(!ids.contains(&dropped.id.as_str()), "the deletion holds");
    let colour = merged.iter().find(|(id, _, _)| *id == kept.id).unwrap().1;
    assert_eq!(colour, Colour::Blue, "the later edit wins");

    // A third computer enrolled now cannot read private notes until one of the member's
    // computers passes the key on.
    let tablet_dir = enroll_device(&world, &desk, "member-01-tablet").await;
    let tablet = App::open(&tablet_dir).unwrap();
    // The secretary revises the document, which gives the new computer the meeting.
    let revised = secretary
        .revise_document(&meeting, &document, pdf(&text))
        .await
        .unwrap();
    assert_eq!(revised.revision, 2);
    tablet.sync_now().await.unwrap();
    tablet.sync_annotations(&meeting).await.unwrap();
    assert!(
        shown(&tablet, &meeting, &document).is_empty(),
        "no key on the new computer yet"
    );
    let error = tablet
        .save_annotation(&meeting, note(&document, 0, "Thử", Audience::Private))
        .await
        .unwrap_err();
    assert_eq!(code(error), "annotation.key_unavailable");
    desk.sync_annotations(&meeting).await.unwrap();
    tablet.sync_annotations(&meeting).await.unwrap();
    tablet.sync_now().await.unwrap();
    let on_tablet = shown(&tablet, &meeting, &document);
    assert_eq!(on_tablet.len(), 3, "{on_tablet:?}");
    assert!(on_tablet.iter().any(|(_, _, text)| text == SECRET_NOTE));

    // No note text on the server's disk or in any client store.
    for dir in [world.server.data_dir(), desk_dir.as_path()] {
        for secret in [SECRET_NOTE, "Ghi chú trên máy xách tay"] {
            let holding = files_holding(dir, secret.as_bytes()).unwrap();
            assert!(holding.is_empty(), "{holding:?} hold a note's text");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_note_reaches_the_colleagues_named_and_never_an_outsider() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let author = App::open(&world.profile("member-01")).unwrap();
    let colleague = App::open(&world.profile("member-02")).unwrap();
    let bystander = App::open(&world.profile("member-03")).unwrap();
    let outsider_dir = world
        .enroll_approved("outsider", "Trần Thị Ngoài", phonghop_domain::Role::Member)
        .await
        .unwrap();
    let outsider = App::open(&outsider_dir).unwrap();
    let text = ["Điều 1. Phê duyệt dự toán ngân sách năm 2027 của tỉnh."];
    let (meeting, document) = publish(
        &secretary,
        pdf(&text),
        &[user_id(&author), user_id(&colleague), user_id(&bystander)],
    )
    .await;
    for app in [&author, &colleague, &bystander] {
        app.sync_now().await.unwrap();
    }

    let to_colleague = author
        .save_annotation(
            &meeting,
            note(
                &document,
                0,
                "Nhờ anh xem lại Điều 1",
                Audience::People {
                    user_ids: vec![user_id(&colleague)],
                },
            ),
        )
        .await
        .unwrap();
    let to_meeting = author
        .save_annotation(&meeting, note(&document, 0, SHARED_NOTE, Audience::Meeting))
        .await
        .unwrap();
    let private = author
        .save_annotation(&meeting, note(&document, 0, SECRET_NOTE, Audience::Private))
        .await
        .unwrap();
    let refused = author
        .save_annotation(
            &meeting,
            note(
                &document,
                0,
                "Gửi người ngoài",
                Audience::People {
                    user_ids: vec![user_id(&outsider)],
                },
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(code(refused), "annotation.reader_not_participant");

    colleague.sync_annotations(&meeting).await.unwrap();
    bystander.sync_annotations(&meeting).await.unwrap();
    let seen_by_colleague = colleague.document_annotations(&meeting, &document).unwrap();
    let ids: Vec<&str> = seen_by_colleague
        .annotations
        .iter()
        .map(|view| view.id.as_str())
        .collect();
    assert!(ids.contains(&to_colleague.id.as_str()));
    assert!(ids.contains(&to_meeting.id.as_str()));
    assert!(!ids.contains(&private.id.as_str()));
    let shared = seen_by_colleague
        .annotations
        .iter()
        .find(|view| view.id == to_meeting.id)
        .unwrap();
    assert!(!shared.mine);
    assert_eq!(shared.author_name, author.profile().config.display_name);
    let seen_by_bystander: Vec<String> = shown(&bystander, &meeting, &document)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(seen_by_bystander, vec![to_meeting.id.clone()]);

    // Only the author changes or deletes it.
    let error = colleague
        .delete_annotation(&meeting, &to_meeting.id)
        .await
        .unwrap_err();
    assert_eq!(code(error), "annotation.not_yours");

    // The outsider's computer is not even told the meeting exists.
    let error = outsider.sync_annotations(&meeting).await.unwrap_err();
    assert_eq!(error.to_body().code, "not_found", "{error:?}");

    // A record altered in a reader's store no longer shows (and breaks nothing else).
    let store = phonghop_store::Store::open(&colleague.profile().store_path()).unwrap();
    let records = store.annotation_records(&meeting).unwrap();
    let mut altered = 0;
    for json in records {
        let mut record: phonghop_domain::wire::AnnotationRecord =
            serde_json::from_str(&json).unwrap();
        if record.audience == Audience::Meeting {
            let mut sealed =
                base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &record.sealed)
                    .unwrap();
            let last = sealed.len() - 1;
            sealed[last] ^= 1;
            record.sealed =
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sealed);
            store
                .put_annotation_record(
                    &record.record_id,
                    &meeting,
                    Some(record.seq),
                    &serde_json::to_string(&record).unwrap(),
                )
                .unwrap();
            altered += 1;
        }
    }
    assert_eq!(altered, 1);
    let after: Vec<String> = shown(&colleague, &meeting, &document)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(after, vec![to_colleague.id.clone()]);

    for secret in [SECRET_NOTE, SHARED_NOTE, "Nhờ anh xem lại"] {
        let holding = files_holding(world.server.data_dir(), secret.as_bytes()).unwrap();
        assert!(holding.is_empty(), "{holding:?} hold a note's text");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_follow_their_text_into_a_revision_and_the_annotated_copy_is_a_real_pdf() {
    let world = SeededWorld::start().await.unwrap();
    let secretary = App::open(&world.profile("secretary")).unwrap();
    let member = App::open(&world.profile("member-01")).unwrap();
    let first = [
        "Điều 1. Phê duyệt dự toán ngân sách năm 2027 của tỉnh.",
        "Điều 2. Khoản chi hỗ trợ mười hai tỷ đồng cho các xã khó khăn.",
        "Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.",
        "Điều 4. Nghị quyết có hiệu lực kể từ ngày ký.",
    ];
    let (meeting, document) = publish(&secretary, pdf(&first), &[user_id(&member)]).await;
    member.sync_now().await.unwrap();

    let moved_far = member
        .save_annotation(
            &meeting,
            highlight(
                &member,
                &meeting,
                &document,
                "tổ chức thực hiện Nghị quyết này",
            ),
        )
        .await
        .unwrap();
    assert_eq!(moved_far.page, 0);
    let mut underline = highlight(&member, &meeting, &document, "có hiệu lực kể từ ngày ký");
    if let AnnotationBody::Highlight(anchor) = underline.body {
        underline.body = AnnotationBody::Underline(anchor);
    }
    let underlined = member.save_annotation(&meeting, underline).await.unwrap();
    let removed = member
        .save_annotation(
            &meeting,
            highlight(&member, &meeting, &document, "mười hai tỷ đồng"),
        )
        .await
        .unwrap();
    let ink = member
        .save_annotation(
            &meeting,
            AnnotationInput {
                id: None,
                document_id: document.clone(),
                page: 0,
                body: AnnotationBody::Ink {
                    strokes: vec![
                        vec![Point { x: 60.0, y: 500.0 }, Point { x: 200.0, y: 520.0 }],
                        vec![Point { x: 60.0, y: 480.0 }, Point { x: 220.0, y: 470.0 }],
                    ],
                    width: InkWidth::Thick,
                },
                colour: Colour::Red,
                audience: Audience::Private,
            },
        )
        .await
        .unwrap();
    let noted = member
        .save_annotation(&meeting, note(&document, 0, SECRET_NOTE, Audience::Private))
        .await
        .unwrap();

    // The revision drops the twelve billion and pushes Điều 3 and 4 to a later page.
    let mut second: Vec<String> = vec![
        "Điều 1. Phê duyệt dự toán ngân sách năm 2027 của tỉnh.".into(),
        "Điều 2. Khoản chi hỗ trợ mười lăm tỷ đồng cho các xã khó khăn.".into(),
    ];
    second.extend(filler(60));
    second.push("Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.".into());
    second.push("Điều 4. Nghị quyết có hiệu lực kể từ ngày ký.".into());
    let second: Vec<&str> = second.iter().map(String::as_str).collect();
    let report = secretary
        .revise_document(&meeting, &document, pdf(&second))
        .await
        .unwrap();
    assert_eq!(report.revision, 2);
    member.sync_now().await.unwrap();

    let placed = member.document_annotations(&meeting, &document).unwrap();
    let placement = |id: &str| {
        placed
            .annotations
            .iter()
            .find(|view| view.id == id)
            .map(|view| (view.placement, view.page, view.revision))
    };
    let (far, far_page, far_revision) = placement(&moved_far.id).unwrap();
    assert_eq!((far, far_revision), (Placement::Moved, 2));
    let (expected_page, _, _) = find(
        &member,
        &meeting,
        &document,
        "tổ chức thực hiện Nghị quyết này",
    );
    assert!(far_page > 0);
    assert_eq!(far_page, expected_page);
    let moved_view = placed
        .annotations
        .iter()
        .find(|view| view.id == moved_far.id)
        .unwrap();
    match &moved_view.body {
        AnnotationBody::Highlight(anchor) => {
            assert_eq!(anchor.quote, "tổ chức thực hiện Nghị quyết này");
            assert!(!anchor.rects.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        placement(&underlined.id).map(|p| p.0),
        Some(Placement::Moved)
    );
    assert_eq!(placement(&removed.id), None, "its text is gone");
    let unplaced: Vec<&str> = placed
        .unplaced
        .iter()
        .map(|view| view.id.as_str())
        .collect();
    assert_eq!(unplaced, vec![removed.id.as_str()], "listed, not dropped");
    assert_eq!(
        placement(&ink.id).map(|p| (p.0, p.1)),
        Some((Placement::PageChanged, 0))
    );
    assert_eq!(
        placement(&noted.id).map(|p| p.0),
        Some(Placement::PageChanged)
    );
    let panel = member.meeting_annotations(&meeting).unwrap();
    assert_eq!(
        panel.len(),
        5,
        "the panel lists every one, the unplaced too"
    );

    // The annotated copy: the member's marks as PDF annotations, the watermark on every page.
    let out = tempfile::tempdir().unwrap();
    let path = member
        .export_annotated_copy(&meeting, &document, out.path())
        .await
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let engine = pdf_engine().unwrap();
    let pages = engine.page_count(&bytes).unwrap();
    assert!(pages >= 2);
    let name = member.profile().config.display_name.clone();
    for page in 0..pages {
        let text = engine.page_text(&bytes, page).unwrap();
        assert!(
            text.contains("Tài liệu họp — không phát tán"),
            "page {page}: {text}"
        );
        assert!(text.contains(&name), "page {page}");
    }
    let marks = engine.annotations(&bytes).unwrap();
    let kinds: Vec<&str> = marks.iter().map(|mark| mark.kind.as_str()).collect();
    assert!(kinds.contains(&"highlight"), "{kinds:?}");
    assert!(kinds.contains(&"underline"), "{kinds:?}");
    assert!(kinds.contains(&"ink"), "{kinds:?}");
    assert!(
        marks
            .iter()
            .any(|mark| mark.kind == "text" && mark.contents == SECRET_NOTE),
        "{marks:?}"
    );
    assert!(
        marks.iter().any(|mark| mark.kind == "highlight"
            && mark.page == far_page
            && mark.contents == "tổ chức thực hiện Nghị quyết này"),
        "{marks:?}"
    );
    // A second export never overwrites the first.
    let again = member
        .export_annotated_copy(&meeting, &document, out.path())
        .await
        .unwrap();
    assert_ne!(again, path);

    // Each export is in the meeting's audit chain.
    let client = member.server_session().await.unwrap();
    let log = client.audit_log(&meeting).await.unwrap();
    let exports = log
        .entries
        .iter()
        .filter(|entry| entry.kind == "annotated_copy.exported")
        .count();
    assert_eq!(exports, 2);
}
