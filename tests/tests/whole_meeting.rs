//! A whole meeting through the real server with fifteen real clients (issue 8): check-in and
//! quorum; the chair opens the meeting and an agenda item and shows a page, and every
//! member's live connection receives it; the speakers queue; three motions decided by the
//! law's rules (more than half of all members; most of those present but not of all; two
//! thirds) and an election of two; a forged, a second and a late ballot refused; the
//! meeting's audit chain verifies; and the minutes PDF, read back through pdfium, carries
//! the results and the chain's head.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use phonghop_core::votes::{NewVote, ThresholdChoice, VoteView};
use phonghop_core::{
    App, CoreError, DraftDocument, DraftItem, MeetingDraft, MeetingSignal, PresenterPage,
    RoomAction, SpeakersCommand,
};
use phonghop_domain::attendance::{Presence, QuorumRule};
use phonghop_domain::conduct::Phase;
use phonghop_domain::vote::{VoteBase, VoteKind};
use phonghop_domain::wire::{CastBallot, LiveMessage, VoteState};
use phonghop_domain::{DocumentKind, MeetingInfo, MeetingKind, Role};
use phonghop_pdf::TextDocument;
use phonghop_tests::{SeededWorld, Voter, caught_up_feed, next_live, pdf_engine};

/// The chair, the secretary and thirteen members.
struct Hall {
    chair: Voter,
    secretary: Voter,
    members: Vec<Voter>,
}

impl Hall {
    fn everyone(&self) -> impl Iterator<Item = &Voter> {
        std::iter::once(&self.chair)
            .chain(std::iter::once(&self.secretary))
            .chain(&self.members)
    }
}

fn user_id(app: &App) -> String {
    app.profile().config.user_id.clone()
}

fn code(error: CoreError) -> String {
    error.to_body().code
}

fn small_pdf(title: &str) -> Vec<u8> {
    pdf_engine()
        .unwrap()
        .write_text_document(
            &TextDocument {
                heading: vec![title.to_owned()],
                paragraphs: (1..=40)
                    .map(|n| format!("Điều {n}. Nội dung của {title}, đoạn thứ {n}."))
                    .collect(),
            },
            phonghop_core::demo::DEMO_FONT,
        )
        .unwrap()
}

fn motion(question: &str, threshold: ThresholdChoice) -> NewVote {
    NewVote {
        question: question.into(),
        kind: VoteKind::Motion,
        options: Vec::new(),
        base: VoteBase::AllMembers,
        threshold,
        check_quorum: true,
        closes_in_secs: None,
        allow_change: false,
        item: Some("2".into()),
        secret: None,
    }
}

/// Reads a live feed until an event of `kind` for `meeting` arrives; returns its payload.
async fn next_event(live: &mut phonghop_sync::LiveFeed, meeting: &str, kind: &str) -> String {
    loop {
        if let LiveMessage::Event {
            meeting_id,
            kind: got,
            sealed,
            ..
        } = next_live(live).await.unwrap()
            && meeting_id == meeting
            && got == kind
        {
            return sealed;
        }
    }
}

/// Casts `choices` for each voter in order, through their app (signed, receipt checked).
async fn cast_all(hall: &[&Voter], meeting: &str, vote: &VoteView, choices: &[u32]) {
    for voter in hall {
        let receipt = voter
            .app
            .cast_ballot(meeting, &vote.vote_id, choices)
            .await
            .unwrap();
        assert_eq!(receipt.choices, choices);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn fifteen_clients_run_a_whole_meeting_and_its_records_hold() {
    let world = SeededWorld::start().await.unwrap();
    world
        .enroll_approved("member-13", "Đinh Văn Mười Ba", Role::Member)
        .await
        .unwrap();
    let mut members = Vec::new();
    for n in 1..=13 {
        members.push(
            Voter::open(&world, &format!("member-{n:02}"))
                .await
                .unwrap(),
        );
    }
    let hall = Hall {
        chair: Voter::open(&world, "chair").await.unwrap(),
        secretary: Voter::open(&world, "secretary").await.unwrap(),
        members,
    };
    assert_eq!(hall.everyone().count(), 15);

    // The secretary publishes a meeting of three items for all fifteen; everyone syncs.
    let meeting = hall
        .secretary
        .app
        .publish_meeting(&MeetingDraft {
            info: MeetingInfo {
                title: "Kỳ họp chuyên đề".into(),
                body: "Hội đồng nhân dân tỉnh".into(),
                kind: MeetingKind::Session,
                starts_at: "2026-12-07T08:00:00+07:00".into(),
                ends_at: Some("2026-12-07T11:30:00+07:00".into()),
                place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
                online_link: None,
            },
            items: ["Tờ trình ngân sách", "Dự thảo nghị quyết", "Bầu Ủy viên"]
                .iter()
                .map(|title| DraftItem {
                    title: (*title).into(),
                    presenter: Some("Sở Tài chính".into()),
                    documents: vec![DraftDocument {
                        title: format!("Tài liệu: {title}"),
                        kind: DocumentKind::DraftResolution,
                        bytes: small_pdf(title),
                    }],
                })
                .collect(),
            participant_user_ids: hall.everyone().map(|voter| user_id(&voter.app)).collect(),
        })
        .await
        .unwrap();
    for voter in hall.everyone() {
        voter.app.sync_now().await.unwrap();
    }
    let mut feeds = Vec::new();
    for voter in hall.everyone().skip(1) {
        feeds.push(caught_up_feed(&voter.app).await.unwrap());
    }

    // Before anyone checks in, the chair sees all fifteen expected, and who is connected.
    let expected = hall
        .chair
        .app
        .roster(&meeting, QuorumRule::PEOPLES_COUNCIL)
        .await
        .unwrap();
    assert_eq!(expected.awaiting.len(), 15);
    assert!(expected.lines.is_empty());
    assert!(
        expected
            .awaiting
            .iter()
            .filter(|person| person.online)
            .count()
            >= 14,
        "fourteen follow the server live"
    );

    // Check-in: thirteen present (two online), two absent with a reason.
    for (index, voter) in hall.everyone().enumerate() {
        let (presence, reason) = match index {
            0..=10 => (Presence::InPerson, None),
            11 | 12 => (Presence::Online, None),
            _ => (Presence::Absent, Some("Đi công tác tại Hà Nội")),
        };
        voter
            .app
            .check_in(&meeting, presence, reason, None)
            .await
            .unwrap();
    }
    let roster = hall
        .chair
        .app
        .roster(&meeting, QuorumRule::PEOPLES_COUNCIL)
        .await
        .unwrap();
    assert_eq!((roster.quorum.members, roster.quorum.present), (15, 13));
    assert!(roster.awaiting.is_empty(), "everyone has checked in");
    assert!(roster.quorum.met, "13 of 15 is at least two thirds");
    let reasons: Vec<_> = roster
        .lines
        .iter()
        .filter_map(|line| line.reason.clone())
        .collect();
    assert_eq!(reasons, vec!["Đi công tác tại Hà Nội"; 2]);

    // Only the chair runs the meeting; the chair opens it and item 2.
    let refused = hall.members[0]
        .app
        .conduct_action(&meeting, RoomAction::Start)
        .await
        .unwrap_err();
    assert_eq!(code(refused), "auth.forbidden");
    hall.chair
        .app
        .conduct_action(&meeting, RoomAction::Start)
        .await
        .unwrap();
    let unknown = hall
        .chair
        .app
        .conduct_action(&meeting, RoomAction::OpenItem { item: "9".into() })
        .await
        .unwrap_err();
    assert_eq!(code(unknown), "conduct.bad_item");
    hall.chair
        .app
        .conduct_action(&meeting, RoomAction::OpenItem { item: "2".into() })
        .await
        .unwrap();
    for voter in hall.everyone() {
        let conduct = voter.app.conduct_state(&meeting).await.unwrap();
        assert_eq!(conduct.phase, Phase::InProgress);
        assert_eq!(conduct.current_item.as_deref(), Some("2"));
    }

    // The chair shows page 4 of item 2's document: every live connection receives it.
    let document = hall.chair.app.list_meetings().unwrap();
    let document = document
        .iter()
        .find(|view| view.id == meeting)
        .unwrap()
        .agenda[1]
        .documents[0]
        .id
        .clone();
    hall.chair
        .app
        .present(&meeting, &document, 3)
        .await
        .unwrap();
    for (voter, feed) in hall.everyone().skip(1).zip(feeds.iter_mut()) {
        let sealed = next_event(feed, &meeting, phonghop_core::PRESENTER_PAGE).await;
        let signal = voter
            .app
            .open_meeting_signal(&meeting, phonghop_core::PRESENTER_PAGE, &sealed)
            .unwrap();
        assert_eq!(
            signal,
            MeetingSignal::PresenterPage(PresenterPage {
                document_id: document.clone(),
                page: 3
            })
        );
    }

    // The speakers queue: three ask, the chair puts the third first, grants, finishes.
    let [first, second, third] = [&hall.members[0], &hall.members[1], &hall.members[2]];
    for voter in [first, second, third] {
        voter
            .app
            .speakers_action(&meeting, SpeakersCommand::Request)
            .await
            .unwrap();
    }
    let again = first
        .app
        .speakers_action(&meeting, SpeakersCommand::Request)
        .await
        .unwrap_err();
    assert_eq!(code(again), "speakers.already_waiting");
    let grab = hall.members[3]
        .app
        .speakers_action(
            &meeting,
            SpeakersCommand::Grant {
                user_id: user_id(&hall.members[3].app),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        code(grab),
        "auth.forbidden",
        "a member cannot give the floor"
    );
    let chair = &hall.chair.app;
    chair
        .speakers_action(
            &meeting,
            SpeakersCommand::Move {
                user_id: user_id(&third.app),
                position: 0,
            },
        )
        .await
        .unwrap();
    chair
        .speakers_action(
            &meeting,
            SpeakersCommand::Grant {
                user_id: user_id(&third.app),
            },
        )
        .await
        .unwrap();
    let seen = hall.members[8].app.conduct_state(&meeting).await.unwrap();
    assert_eq!(
        seen.speaking
            .as_ref()
            .map(|speaker| speaker.user_id.clone()),
        Some(user_id(&third.app))
    );
    let waiting: Vec<_> = seen.waiting.iter().map(|s| s.user_id.clone()).collect();
    assert_eq!(waiting, vec![user_id(&first.app), user_id(&second.app)]);
    chair
        .speakers_action(&meeting, SpeakersCommand::Finish)
        .await
        .unwrap();
    chair
        .speakers_action(
            &meeting,
            SpeakersCommand::Grant {
                user_id: user_id(&first.app),
            },
        )
        .await
        .unwrap();
    chair
        .speakers_action(&meeting, SpeakersCommand::Finish)
        .await
        .unwrap();
    let done = second
        .app
        .speakers_action(&meeting, SpeakersCommand::Withdraw)
        .await
        .unwrap();
    assert!(done.waiting.is_empty() && done.speaking.is_none());
    let spoken: Vec<_> = done.spoken.iter().map(|s| s.user_id.clone()).collect();
    assert_eq!(spoken, vec![user_id(&third.app), user_id(&first.app)]);

    // Everyone in order: chair, secretary, member-01 … member-13. The last two are absent.
    let voters: Vec<&Voter> = hall.everyone().collect();

    // Vote 1: more than half of ALL members (8 of 15). Nine approve: it passes.
    let first_vote = chair
        .open_vote(
            &meeting,
            &motion(
                "Thông qua Nghị quyết về dự toán ngân sách năm 2027",
                ThresholdChoice::MoreThanHalf,
            ),
        )
        .await
        .unwrap();
    assert_eq!(first_vote.options.len(), 3);
    assert_eq!(
        first_vote.item.as_deref(),
        Some("2"),
        "voted on the open item"
    );
    assert_eq!(first_vote.eligible, 15);
    cast_all(&voters[0..9], &meeting, &first_vote, &[0]).await;
    cast_all(&voters[9..10], &meeting, &first_vote, &[1]).await;
    cast_all(&voters[10..11], &meeting, &first_vote, &[2]).await;
    next_event(&mut feeds[5], &meeting, "votes.changed").await;
    let counting = voters[6]
        .app
        .vote_view(&meeting, &first_vote.vote_id)
        .await
        .unwrap();
    assert_eq!((counting.ballots, counting.voters.len()), (11, 11));
    assert!(
        counting.result.is_none() && counting.named_ballots.is_empty(),
        "choices stay hidden until the close"
    );
    assert_eq!(counting.my_choices, Some(vec![0]));

    // Refused: a second ballot, a ballot of two choices, a forged signature.
    let second_ballot = voters[2]
        .app
        .cast_ballot(&meeting, &first_vote.vote_id, &[1])
        .await
        .unwrap_err();
    assert_eq!(code(second_ballot), "vote.already_voted");
    let two = voters[11]
        .app
        .cast_ballot(&meeting, &first_vote.vote_id, &[0, 1])
        .await
        .unwrap_err();
    assert_eq!(code(two), "vote.bad_choice");
    let impostor = phonghop_crypto::SigningSecret::generate().unwrap();
    let config = &voters[11].app.profile().config;
    let forged = CastBallot {
        choices: vec![0],
        signature: hex::encode(
            impostor.sign_record(&phonghop_crypto::ballot::ballot_statement(
                &config.organisation,
                &meeting,
                &first_vote.vote_id,
                &config.device_id,
                &[0],
            )),
        ),
    };
    let forged = voters[11]
        .client
        .cast_ballot(&first_vote.vote_id, &forged)
        .await
        .unwrap_err();
    assert_eq!(CoreError::from(forged).to_body().code, "vote.bad_signature");

    let closed = chair
        .close_vote(&meeting, &first_vote.vote_id)
        .await
        .unwrap();
    let result = closed.result.clone().unwrap();
    assert_eq!(closed.state, VoteState::Closed);
    assert_eq!(
        (result.counts.clone(), result.needed, result.present),
        (vec![9, 1, 1], 8, 13)
    );
    assert!(result.passed && result.quorum_met == Some(true));
    let late = voters[11]
        .app
        .cast_ballot(&meeting, &first_vote.vote_id, &[0])
        .await
        .unwrap_err();
    assert_eq!(code(late), "vote.closed");
    // An open vote: after the close everyone sees who chose what.
    let seen = voters[12]
        .app
        .vote_view(&meeting, &first_vote.vote_id)
        .await
        .unwrap();
    let against: Vec<_> = seen
        .named_ballots
        .iter()
        .filter(|ballot| ballot.choices == [1])
        .map(|ballot| ballot.user_id.clone())
        .collect();
    assert_eq!(against, vec![user_id(&voters[9].app)]);

    // Vote 2: seven of the thirteen present approve — most of those present, but not more
    // than half of all fifteen members: it fails.
    let second_vote = chair
        .open_vote(
            &meeting,
            &motion(
                "Thông qua Đề án sắp xếp đơn vị hành chính",
                ThresholdChoice::MoreThanHalf,
            ),
        )
        .await
        .unwrap();
    cast_all(&voters[0..7], &meeting, &second_vote, &[0]).await;
    cast_all(&voters[7..9], &meeting, &second_vote, &[1]).await;
    cast_all(&voters[9..12], &meeting, &second_vote, &[2]).await;
    let result = chair
        .close_vote(&meeting, &second_vote.vote_id)
        .await
        .unwrap()
        .result
        .unwrap();
    assert_eq!(result.counts, vec![7, 2, 3]);
    assert!(
        result.counts[0] * 2 > result.present,
        "most of those present approved"
    );
    assert!(!result.passed, "but not more than half of all members");

    // Vote 3: at least two thirds of all members (10 of 15). Ten approve: it passes.
    let third_vote = chair
        .open_vote(
            &meeting,
            &motion(
                "Thông qua Nghị quyết sửa đổi Quy chế làm việc",
                ThresholdChoice::AtLeastTwoThirds,
            ),
        )
        .await
        .unwrap();
    cast_all(&voters[0..10], &meeting, &third_vote, &[0]).await;
    cast_all(&voters[10..13], &meeting, &third_vote, &[1]).await;
    let result = chair
        .close_vote(&meeting, &third_vote.vote_id)
        .await
        .unwrap()
        .result
        .unwrap();
    assert_eq!((result.needed, result.counts[0]), (10, 10));
    assert!(result.passed);

    // An election of two among four, by more than half of the votes cast.
    let election = chair
        .open_vote(
            &meeting,
            &NewVote {
                question: "Bầu Ủy viên Thường trực HĐND tỉnh".into(),
                kind: VoteKind::Election { seats: 2 },
                options: vec!["Ông A".into(), "Bà B".into(), "Ông C".into(), "Bà D".into()],
                base: VoteBase::VotesCast,
                threshold: ThresholdChoice::MoreThanHalf,
                check_quorum: true,
                closes_in_secs: None,
                allow_change: false,
                item: Some("3".into()),
                secret: None,
            },
        )
        .await
        .unwrap();
    let too_many = voters[0]
        .app
        .cast_ballot(&meeting, &election.vote_id, &[0, 1, 2])
        .await
        .unwrap_err();
    assert_eq!(code(too_many), "vote.bad_choice");
    cast_all(&voters[0..7], &meeting, &election, &[0, 1]).await;
    cast_all(&voters[7..11], &meeting, &election, &[0, 2]).await;
    let result = chair
        .close_vote(&meeting, &election.vote_id)
        .await
        .unwrap()
        .result
        .unwrap();
    assert_eq!(result.counts, vec![11, 7, 4, 0]);
    assert_eq!((result.elected.clone(), result.passed), (vec![0, 1], true));

    hall.chair
        .app
        .conduct_action(&meeting, RoomAction::End)
        .await
        .unwrap();

    // The audit chain verifies with nothing but the root key, and holds what happened.
    let log = hall.members[4].client.audit_log(&meeting).await.unwrap();
    let anchor = phonghop_core::trust::anchor_from_hex(
        &hall.members[4].app.profile().config.root_public_key,
    )
    .unwrap();
    log.verify(
        &anchor,
        &hall.members[4].app.profile().config.organisation,
        &meeting,
    )
    .unwrap();
    let kinds: Vec<&str> = log
        .entries
        .iter()
        .map(|entry| entry.kind.as_str())
        .collect();
    for expected in [
        "meeting.started",
        "agenda.item_opened",
        "speakers.requested",
        "speakers.granted",
        "ballot.cast",
        "vote.closed",
        "meeting.ended",
    ] {
        assert!(
            kinds.contains(&expected),
            "{expected} missing from {kinds:?}"
        );
    }
    assert_eq!(
        kinds.iter().filter(|kind| **kind == "ballot.cast").count(),
        11 + 12 + 13 + 11
    );

    // The minutes, drafted and exported by the secretary, read back through pdfium.
    let secretary = &hall.secretary.app;
    let mut draft = secretary.minutes_draft(&meeting).await.unwrap();
    assert_eq!(draft.chair, "Trần Quốc Hùng");
    draft.number = "Số: 27/BB-HĐND".into();
    let minutes_pdf = secretary.export_minutes(&draft).await.unwrap();
    keep_artifact("minutes.pdf", &minutes_pdf);
    let minutes = all_text(&minutes_pdf);
    let organisation = &hall.members[4].app.profile().config.organisation;
    let head = hex::encode(log.verify(&anchor, organisation, &meeting).unwrap());
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 27/BB-HĐND",
        "BIÊN BẢN",
        "Có mặt: 13",
        "Đi công tác tại Hà Nội",
        "Thông qua Nghị quyết về dự toán ngân sách năm 2027",
        "Tán thành: 9",
        "KHÔNG THÔNG QUA",
        "Trúng cử (2/2): Ông A (11 phiếu), Bà B (7 phiếu)",
        "CHỦ TỌA",
        &head[..16],
    ] {
        assert!(
            minutes.contains(expected),
            "the minutes lack {expected:?}:\n{minutes}"
        );
    }
    assert_eq!(
        minutes.matches("THÔNG QUA").count(),
        3,
        "two passed, one did not:\n{minutes}"
    );
    let report_pdf = secretary
        .export_vote_report(&meeting, &first_vote.vote_id)
        .await
        .unwrap();
    keep_artifact("vote-report.pdf", &report_pdf);
    let report = all_text(&report_pdf);
    for expected in [
        "BIÊN BẢN KIỂM PHIẾU",
        "Không tán thành",
        "Tỷ lệ trên 15",
        "60,00 %",
        &head[..16],
    ] {
        assert!(
            report.contains(expected),
            "the vote report lacks {expected:?}:\n{report}"
        );
    }
}

/// Keeps a file for people to look at when `PHONGHOP_TEST_ARTIFACTS` names a folder.
fn keep_artifact(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("PHONGHOP_TEST_ARTIFACTS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// Every page's text of a PDF, joined with single spaces (pdfium breaks lines where the
/// layout wraps them).
fn all_text(pdf: &[u8]) -> String {
    let engine = pdf_engine().unwrap();
    let pages = engine.page_count(pdf).unwrap();
    let text: Vec<String> = (0..pages)
        .map(|page| engine.page_text(pdf, page).unwrap())
        .collect();
    text.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
