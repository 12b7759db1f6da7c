//! The meeting room end to end (issue 8): the chair opens a vote in one app, a member votes
//! in another, and both see the result; seven more members vote through their own clients.

use std::time::Duration;

use fantoccini::{Client, Locator};
use phonghop_domain::attendance::Presence;
use phonghop_domain::wire::CheckIn;
use phonghop_tests::{SeededWorld, Voter};

use crate::driver::AppSession;
use crate::{WAIT, click, wait_for_text};

/// Opens the meeting room from the meeting list.
async fn enter_room(client: &Client) {
    click(client, "[data-testid=enter-room]").await;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=room]"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn the_chair_opens_a_vote_a_member_votes_in_another_app_and_both_see_the_result() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let voter_name = phonghop_core::Profile::open(&world.profile("member-01"))
        .unwrap()
        .config
        .display_name;
    let chair = AppSession::launch(&world.profile("chair")).await.unwrap();
    let member = AppSession::launch(&world.profile("member-01"))
        .await
        .unwrap();
    enter_room(chair.client()).await;
    enter_room(member.client()).await;

    // The member checks in on screen; nine others (the chair among them) at the door.
    click(member.client(), "[data-testid=check-in-in_person]").await;
    let mut others = Vec::new();
    for name in ["chair", "secretary"]
        .into_iter()
        .map(str::to_owned)
        .chain((2..=8).map(|n| format!("member-{n:02}")))
    {
        let voter = Voter::open(&world, &name).await.unwrap();
        voter
            .client
            .check_in(
                &meeting,
                &CheckIn {
                    presence: Presence::InPerson,
                    sealed_reason: None,
                    user_id: None,
                },
            )
            .await
            .unwrap();
        others.push(voter);
    }
    let quorum = wait_for_text(chair.client(), "[data-testid=quorum]", "10/14").await;
    assert!(
        quorum.contains("10/14"),
        "the chair's quorum line: {quorum}"
    );

    // The chair starts the meeting and opens a motion.
    click(chair.client(), "[data-testid=conduct-start]").await;
    let phase = wait_for_text(chair.client(), "[data-testid=phase]", "Đang họp").await;
    assert!(phase.contains("Đang họp"), "{phase}");
    chair
        .client()
        .execute("window.scrollTo(0, 0)", vec![])
        .await
        .unwrap();
    chair.screenshot("room-chair.png").await.unwrap();
    click(chair.client(), "[data-testid=open-vote-form]").await;
    let question = chair
        .client()
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=vote-question]"))
        .await
        .unwrap();
    question
        .send_keys("Thông qua Nghị quyết về dự toán ngân sách địa phương năm 2027")
        .await
        .unwrap();
    chair.screenshot("vote-open-form.png").await.unwrap();
    click(chair.client(), "[data-testid=vote-submit]").await;

    // The member's app shows the ballot without anyone refreshing; they approve, confirm.
    click(member.client(), "[data-testid=ballot-choice-0]").await;
    let review = wait_for_text(member.client(), "[data-testid=ballot-review]", "Tán thành").await;
    assert!(
        review.contains("Tán thành"),
        "the confirmation says what was chosen: {review}"
    );
    member.screenshot("vote-ballot-review.png").await.unwrap();
    click(member.client(), "[data-testid=ballot-confirm]").await;
    let recorded = wait_for_text(
        member.client(),
        "[data-testid=ballot-recorded]",
        "Tán thành",
    )
    .await;
    assert!(recorded.contains("Tán thành"), "{recorded}");

    // Seven more approve from their own clients: eight of fourteen, more than half.
    let vote_id = others[0].client.votes(&meeting).await.unwrap()[0]
        .vote_id
        .clone();
    for voter in others.iter().skip(2) {
        voter.vote(&meeting, &vote_id, 0).await.unwrap();
    }
    let count = wait_for_text(chair.client(), "[data-testid=vote-count]", "8/14").await;
    assert!(
        count.contains("8/14"),
        "the live count on the chair's screen: {count}"
    );

    click(chair.client(), "[data-testid=vote-close]").await;
    click(chair.client(), "[data-testid=vote-close-confirm]").await;
    for (session, screenshot) in [
        (&chair, "vote-result-chair.png"),
        (&member, "vote-result-member.png"),
    ] {
        let passed =
            wait_for_text(session.client(), "[data-testid=vote-passed]", "THÔNG QUA").await;
        assert_eq!(passed.trim(), "THÔNG QUA", "{screenshot}");
        let result = wait_for_text(session.client(), "[data-testid=vote-result]", "8").await;
        assert!(result.contains('8'), "{screenshot}: {result}");
        // An open vote: the names by choice are shown to everyone after the close.
        let approving =
            wait_for_text(session.client(), "[data-testid=vote-names-0]", &voter_name).await;
        assert!(approving.contains(&voter_name), "{screenshot}: {approving}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        session.screenshot(screenshot).await.unwrap();
    }
    chair.close().await.unwrap();
    member.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "end-to-end: run by `cargo xtask test`, which builds the app and starts Xvfb"]
async fn a_secret_election_in_the_app_gives_a_receipt_and_the_committee_opens_the_result() {
    let world = SeededWorld::start().await.unwrap();
    let meeting = world.seed.meeting_id.clone();
    let user = |name: &str| {
        phonghop_core::Profile::open(&world.profile(name))
            .unwrap()
            .config
            .user_id
    };
    let chair = AppSession::launch(&world.profile("chair")).await.unwrap();
    let member = AppSession::launch(&world.profile("member-01"))
        .await
        .unwrap();
    enter_room(chair.client()).await;
    enter_room(member.client()).await;
    click(member.client(), "[data-testid=check-in-in_person]").await;
    let mut others = Vec::new();
    for name in ["member-02", "member-03", "member-04", "member-05"] {
        let voter = Voter::open(&world, name).await.unwrap();
        voter.app.sync_now().await.unwrap();
        voter
            .app
            .check_in(&meeting, Presence::InPerson, None, None)
            .await
            .unwrap();
        others.push(voter);
    }
    let quorum = wait_for_text(chair.client(), "[data-testid=quorum]", "5/14").await;
    assert!(quorum.contains("5/14"), "{quorum}");

    // The chair opens an election of one between two: secret by default; the committee is
    // the member on screen and member-02, any two of… two.
    click(chair.client(), "[data-testid=conduct-start]").await;
    click(chair.client(), "[data-testid=open-vote-form]").await;
    let question = chair
        .client()
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=vote-question]"))
        .await
        .unwrap();
    question
        .send_keys("Bầu Trưởng Ban Kinh tế - Ngân sách")
        .await
        .unwrap();
    chair
        .client()
        .find(Locator::Css(
            "[data-testid=vote-kind] option[value=election]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for (index, name) in ["Ông Nguyễn Văn An", "Bà Trần Thị Bích"].iter().enumerate() {
        let field = chair
            .client()
            .find(Locator::Css(&format!("[data-testid=vote-option-{index}]")))
            .await
            .unwrap();
        field.send_keys(name).await.unwrap();
    }
    let secret = chair
        .client()
        .find(Locator::Css("[data-testid=vote-secret]"))
        .await
        .unwrap();
    assert_eq!(
        secret.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    for member_id in [user("member-01"), user("member-02")] {
        click(
            chair.client(),
            &format!("[data-testid=committee-member-{member_id}]"),
        )
        .await;
    }
    chair.screenshot("secret-vote-form.png").await.unwrap();
    click(chair.client(), "[data-testid=vote-submit]").await;

    // The member votes on screen: told it is secret, given a receipt, never shown the choice.
    let banner = wait_for_text(member.client(), "[data-testid=secret-banner]", "Phiếu kín").await;
    assert!(banner.contains("Phiếu kín"), "{banner}");
    click(member.client(), "[data-testid=ballot-choice-0]").await;
    click(member.client(), "[data-testid=ballot-next]").await;
    click(member.client(), "[data-testid=ballot-confirm]").await;
    let receipt = wait_for_text(
        member.client(),
        "[data-testid=ballot-receipt]",
        "Mã biên nhận",
    )
    .await;
    assert!(receipt.contains("Mã biên nhận"), "{receipt}");
    member
        .screenshot("secret-ballot-receipt.png")
        .await
        .unwrap();

    // Four more vote from their own apps; the chair closes.
    let vote_id = others[0].client.votes(&meeting).await.unwrap()[0]
        .vote_id
        .clone();
    for (voter, choice) in others.iter().zip([[0u32], [1], [0], [0]]) {
        voter.app.vote(&meeting, &vote_id, &choice).await.unwrap();
    }
    let count = wait_for_text(chair.client(), "[data-testid=vote-count]", "5/14").await;
    assert!(count.contains("5/14"), "{count}");
    click(chair.client(), "[data-testid=vote-close]").await;
    click(chair.client(), "[data-testid=vote-close-confirm]").await;

    // The committee: the member publishes on screen, member-02 from their app.
    click(member.client(), "[data-testid=publish-partial]").await;
    click(member.client(), "[data-testid=publish-partial-confirm]").await;
    let waiting = wait_for_text(member.client(), "[data-testid=counting-status]", "1/2").await;
    assert!(waiting.contains("1/2"), "{waiting}");
    member.screenshot("secret-counting.png").await.unwrap();
    others[0]
        .app
        .publish_partial_decryption(&meeting, &vote_id)
        .await
        .unwrap();
    for (session, screenshot) in [
        (&chair, "secret-result-chair.png"),
        (&member, "secret-result-member.png"),
    ] {
        let result = wait_for_text(session.client(), "[data-testid=vote-result]", "4").await;
        assert!(
            result.contains("Ông Nguyễn Văn An"),
            "{screenshot}: {result}"
        );
        assert!(
            session
                .client()
                .find(Locator::Css("[data-testid=vote-names]"))
                .await
                .is_err(),
            "a secret ballot names nobody"
        );
        session.screenshot(screenshot).await.unwrap();
    }
    chair.close().await.unwrap();
    member.close().await.unwrap();
}
