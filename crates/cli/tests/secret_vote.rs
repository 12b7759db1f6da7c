//! A secret ballot end to end through the real server (issue 9): the chair opens an
//! election of two among four with a counting committee of three (any two open the tally);
//! members cast encrypted ballots with proofs; a copied ballot, a second ballot and an open
//! ballot are refused; after the close one committee member cannot open the tally alone,
//! two can; the record, written and checked by the real `phonghop-cli`, verifies with no
//! secret, and a changed byte makes the verifier fail naming what.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::process::Command;

use phonghop_core::secret_votes::SecretOptions;
use phonghop_core::votes::{NewVote, ThresholdChoice};
use phonghop_domain::vote::{VoteBase, VoteKind};
use phonghop_domain::wire::{CastSecretBallot, VoteState};
use phonghop_sync::SyncError;
use phonghop_tests::SeededWorld;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phonghop-cli"))
}

fn server_code(result: Result<impl std::fmt::Debug, SyncError>) -> String {
    match result {
        Err(SyncError::Server { body, .. }) => body.code,
        Err(SyncError::Forbidden(_)) => "auth.forbidden".into(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_election_is_counted_by_two_of_three_and_anyone_can_check_the_record() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let (chair, members) = world.council().await.unwrap();
    for voter in std::iter::once(&chair).chain(&members) {
        voter.app.sync_now().await.unwrap();
    }
    let committee: Vec<String> = members[..3]
        .iter()
        .map(|voter| voter.app.profile().config.user_id.clone())
        .collect();
    let vote = chair
        .app
        .open_vote(
            &meeting,
            &NewVote {
                question: "Bầu hai Phó Chủ tịch HĐND tỉnh".into(),
                kind: VoteKind::Election { seats: 2 },
                options: vec![
                    "Ông Nguyễn Văn An".into(),
                    "Bà Trần Thị Bích".into(),
                    "Ông Lê Văn Cường".into(),
                    "Bà Phạm Thị Dung".into(),
                ],
                base: VoteBase::VotesCast,
                threshold: ThresholdChoice::MoreThanHalf,
                check_quorum: false,
                closes_in_secs: None,
                allow_change: false,
                item: None,
                secret: Some(SecretOptions {
                    committee: committee.clone(),
                    threshold: 2,
                }),
            },
        )
        .await
        .unwrap();
    let secret = vote.secret.clone().unwrap();
    assert_eq!((secret.threshold, secret.committee.len()), (2, 3));
    assert!(!vote.open_although_secret_by_law);

    // Ten members vote; what each chose is known only to them.
    let choices: [&[u32]; 10] = [
        &[0, 1],
        &[0, 1],
        &[0, 2],
        &[0],
        &[1, 3],
        &[0, 1],
        &[2],
        &[],
        &[0, 3],
        &[1],
    ];
    for (voter, choice) in members.iter().zip(choices) {
        let seen = voter
            .app
            .vote(&meeting, &vote.vote_id, choice)
            .await
            .unwrap();
        assert_eq!(
            seen.my_choices,
            Some(Vec::new()),
            "the choice is never kept"
        );
        assert!(seen.my_ballot_hash.is_some());
    }
    let expected = vec![6, 5, 2, 2];

    // Refused: a second ballot, an open ballot in a secret vote, a copy of another's ballot.
    let again = members[0]
        .app
        .vote(&meeting, &vote.vote_id, &[2])
        .await
        .unwrap_err();
    assert_eq!(again.to_body().code, "vote.already_voted");
    assert_eq!(
        server_code(members[10].vote(&meeting, &vote.vote_id, 0).await),
        "vote.secret"
    );
    let record = members[10]
        .client
        .secret_record(&vote.vote_id)
        .await
        .unwrap();
    let copied = &record.ballots[0].ballot;
    let hash = phonghop_ballot::ballot_hash(&serde_json::from_str(copied).unwrap());
    let context = members[10]
        .app
        .secret_vote_record(&meeting, &vote.vote_id)
        .await
        .unwrap()
        .context;
    let config = &members[10].app.profile().config;
    let statement = phonghop_ballot::ballot_statement(&context, &config.device_id, &hash);
    let forged = CastSecretBallot {
        ballot: copied.clone(),
        signature: hex::encode(members[10].app.profile().secrets.signing().sign(&statement)),
    };
    let refused = server_code(
        members[10]
            .client
            .cast_secret_ballot(&vote.vote_id, &forged)
            .await,
    );
    assert!(
        refused == "vote.bad_proof" || refused == "vote.copied_ballot",
        "{refused}"
    );

    // Closed: no result until the committee opens the tally.
    let closed = chair.app.close_vote(&meeting, &vote.vote_id).await.unwrap();
    assert_eq!(closed.state, VoteState::Closed);
    assert!(closed.result.is_none());
    assert_eq!(closed.ballots, 10);

    // Someone off the committee cannot decrypt; one member alone does not open the tally.
    let outsider = members[5]
        .app
        .publish_partial_decryption(&meeting, &vote.vote_id)
        .await
        .unwrap_err();
    assert_eq!(outsider.to_body().code, "auth.forbidden");
    let first = cli()
        .args(["--profile"])
        .arg(world.profile("member-01"))
        .args(["count", "--meeting", &meeting, "--vote", &vote.vote_id])
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let half = chair.app.vote_view(&meeting, &vote.vote_id).await.unwrap();
    assert!(half.result.is_none(), "one of two partials opens nothing");
    let opened = members[2]
        .app
        .publish_partial_decryption(&meeting, &vote.vote_id)
        .await
        .unwrap();
    let result = opened.result.unwrap();
    assert_eq!(result.counts, expected);
    assert_eq!(result.cast, 10);
    assert_eq!(
        result.elected,
        vec![0],
        "only Ông An has more than half of ten"
    );
    assert!(!result.passed, "one of two seats filled: another round");
    let named = chair.app.vote_view(&meeting, &vote.vote_id).await.unwrap();
    assert!(
        named.named_ballots.is_empty(),
        "a secret ballot never names anyone"
    );

    // The record, written by one member and checked by anyone with no secret.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.json");
    let written = cli()
        .args(["--profile"])
        .arg(world.profile("member-07"))
        .args([
            "record",
            "--meeting",
            &meeting,
            "--vote",
            &vote.vote_id,
            "--out",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let verified = cli().arg("verify").arg(&path).output().unwrap();
    let out = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(out.contains("Ông Nguyễn Văn An: 6"), "{out}");
    let receipt = members[3]
        .app
        .secret_receipt(&vote.vote_id)
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let record: phonghop_ballot::VoteRecord = serde_json::from_str(&text).unwrap();
    assert!(
        record
            .ballots
            .iter()
            .any(
                |ballot| hex::encode(phonghop_ballot::ballot_hash(&ballot.ballot))
                    == receipt.ballot_hash
            ),
        "each voter finds their receipt in the record"
    );

    // The vote report says how the ballot was secret and who counted, and names no choice.
    let report = chair
        .app
        .export_vote_report(&meeting, &vote.vote_id)
        .await
        .unwrap();
    let engine = phonghop_tests::pdf_engine().unwrap();
    let text: String = (0..engine.page_count(&report).unwrap())
        .map(|page| engine.page_text(&report, page).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "BIÊN BẢN KIỂM PHIẾU",
        "bỏ phiếu kín",
        "Ban kiểm phiếu",
        "Đã công bố",
    ] {
        assert!(
            text.contains(expected),
            "the report lacks {expected:?}: {text}"
        );
    }
    assert!(!text.contains("Danh sách đại biểu và lựa chọn"), "{text}");

    // A record with a changed count fails, naming what.
    let mut altered = record.clone();
    altered.counts[1] += 1;
    let bad = dir.path().join("altered.json");
    std::fs::write(&bad, serde_json::to_vec(&altered).unwrap()).unwrap();
    let failed = cli().arg("verify").arg(&bad).output().unwrap();
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(said.contains("record."), "a named failure: {said}");
}
