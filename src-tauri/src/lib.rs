//! The Phòng Họp desktop app. Commands here only translate between JSON and
//! `phonghop-core` (DESIGN.md invariant 5); [`builder`] is generic over the Tauri runtime so
//! the commands are tested with Tauri's mock runtime, without a display.

mod annotation_commands;
mod commands;
pub mod follow;
pub mod page_protocol;
mod prepare_commands;
mod room_commands;
mod state;

pub use state::DesktopState;

use tauri::{Manager, Runtime};

/// Adds the app's state, commands and page scheme to `builder`, for any runtime (real or
/// mock).
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: DesktopState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .manage(prepare_commands::WatchFolders::default())
        .invoke_handler(tauri::generate_handler![
            commands::profile_info,
            commands::unlock_profile,
            commands::list_meetings,
            commands::sync_now,
            commands::open_document,
            commands::close_document,
            commands::search_meeting,
            room_commands::meeting_roster,
            room_commands::check_in,
            room_commands::conduct_state,
            room_commands::conduct_action,
            room_commands::request_to_speak,
            room_commands::withdraw_from_speakers,
            room_commands::speakers_action,
            room_commands::present_page,
            room_commands::meeting_votes,
            room_commands::open_vote,
            room_commands::cast_ballot,
            room_commands::close_vote,
            room_commands::minutes_draft,
            room_commands::export_minutes,
            room_commands::export_vote_report,
            room_commands::publish_partial_decryption,
            annotation_commands::document_annotations,
            annotation_commands::meeting_annotations,
            annotation_commands::save_annotation,
            annotation_commands::delete_annotation,
            annotation_commands::page_chars,
            annotation_commands::export_annotated_copy,
            prepare_commands::directory_people,
            prepare_commands::list_drafts,
            prepare_commands::get_draft,
            prepare_commands::create_draft,
            prepare_commands::save_draft,
            prepare_commands::discard_draft,
            prepare_commands::attach_document,
            prepare_commands::attach_document_path,
            prepare_commands::publish_draft,
            prepare_commands::clone_meeting,
            prepare_commands::revise_document,
            prepare_commands::postpone_meeting,
            prepare_commands::cancel_meeting,
            prepare_commands::meeting_readiness,
            prepare_commands::rsvp,
            prepare_commands::list_profiles,
            prepare_commands::choose_profile,
            prepare_commands::watch_draft_folder,
            prepare_commands::stop_watching_folder,
            prepare_commands::watched_folder,
        ])
        .register_asynchronous_uri_scheme_protocol(
            page_protocol::SCHEME,
            |context, request, responder| {
                let app = context
                    .app_handle()
                    .state::<DesktopState>()
                    .app()
                    .ok()
                    .flatten();
                let uri = request.uri().clone();
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(page_protocol::respond(app, &uri));
                });
            },
        )
}

/// Runs the app on the real runtime with the profile chosen by the environment.
pub fn run() {
    let state = DesktopState::from_environment();
    let app = builder(tauri::Builder::<tauri::Wry>::default(), state)
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            // Follow the server once a profile is open: at start, or after it is unlocked.
            let mut open = app.state::<DesktopState>().when_open();
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // The person chosen now is followed; whoever was before stops being followed,
                // so their signals never reach the new person's window.
                let mut following: Option<tokio::sync::watch::Sender<bool>> = None;
                loop {
                    let opened = open.borrow_and_update().clone();
                    if let Some(opened) = opened {
                        if let Some(stop) = following.take() {
                            let _ = stop.send(true);
                        }
                        let (stop, stopped) = tokio::sync::watch::channel(false);
                        follow::start(handle.clone(), opened, stopped);
                        following = Some(stop);
                    }
                    if open.changed().await.is_err() {
                        return;
                    }
                }
            });
            Ok(())
        });
    if let Err(error) = app.run(tauri::generate_context!()) {
        eprintln!("Phòng Họp could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonghop_core::{Profile, ProfileConfig};
    use phonghop_domain::Role;
    use serde_json::Value;
    use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
    use tauri::webview::InvokeRequest;

    fn app_with(
        state: DesktopState,
    ) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
        let app = builder(mock_builder(), state)
            .build(tauri::generate_context!())
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, webview)
    }

    fn invoke(webview: &tauri::WebviewWindow<MockRuntime>, cmd: &str) -> Result<Value, Value> {
        invoke_from(webview, cmd, "tauri://localhost")
    }

    fn invoke_with(
        webview: &tauri::WebviewWindow<MockRuntime>,
        cmd: &str,
        args: Value,
    ) -> Result<Value, Value> {
        request(webview, cmd, "tauri://localhost", args)
    }

    fn invoke_from(
        webview: &tauri::WebviewWindow<MockRuntime>,
        cmd: &str,
        origin: &str,
    ) -> Result<Value, Value> {
        request(webview, cmd, origin, Value::Object(Default::default()))
    }

    fn request(
        webview: &tauri::WebviewWindow<MockRuntime>,
        cmd: &str,
        origin: &str,
        args: Value,
    ) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: origin.parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn closed_port_url() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        format!("http://127.0.0.1:{port}")
    }

    #[test]
    fn commands_answer_from_the_local_store_and_reject_with_codes() {
        let dir = tempfile::tempdir().unwrap();
        Profile::create(
            dir.path(),
            ProfileConfig {
                server_url: closed_port_url(),
                organisation: "Hội đồng nhân dân tỉnh Lâm Giang".into(),
                user_id: "u1".into(),
                display_name: "Nguyễn Thị Thu Hà".into(),
                role: Role::Secretary,
                device_id: "d1".into(),
                root_public_key: "ab".repeat(32),
            },
            phonghop_crypto::DeviceSecrets::generate().unwrap(),
        )
        .unwrap();
        let (_app, webview) = app_with(DesktopState::open(Some(dir.path().to_path_buf())));

        let profile = invoke(&webview, "profile_info").unwrap();
        assert_eq!(profile["displayName"], "Nguyễn Thị Thu Hà");
        assert_eq!(profile["role"], "secretary");
        assert_eq!(
            invoke(&webview, "list_meetings").unwrap(),
            Value::Array(vec![])
        );
        let channel = serde_json::json!({"onProgress": "__CHANNEL__:1"});
        let error = invoke_with(&webview, "sync_now", channel).unwrap_err();
        assert_eq!(error["code"], "sync.unreachable", "{error}");

        let ids = serde_json::json!({"meetingId": "m404", "documentId": "d404"});
        let error = invoke_with(&webview, "open_document", ids.clone()).unwrap_err();
        assert_eq!(error["code"], "meeting.not_found", "{error}");
        assert_eq!(
            invoke_with(&webview, "close_document", ids).unwrap(),
            Value::Null
        );
        let query = serde_json::json!({"meetingId": "m404", "query": "bieu quyet"});
        let error = invoke_with(&webview, "search_meeting", query).unwrap_err();
        assert_eq!(error["code"], "meeting.not_found", "{error}");
        let missing_args = invoke_with(&webview, "open_document", serde_json::json!({}));
        assert!(missing_args.is_err(), "arguments are required");
    }

    /// The meeting room's commands take the shapes `ui/src/lib/room-types.ts` sends: each
    /// call below gets past argument parsing and fails only where the core does (no such
    /// meeting here, no server).
    #[test]
    fn the_meeting_room_commands_take_the_interface_s_shapes() {
        let dir = tempfile::tempdir().unwrap();
        Profile::create(
            dir.path(),
            ProfileConfig {
                server_url: closed_port_url(),
                organisation: "Hội đồng nhân dân tỉnh Lâm Giang".into(),
                user_id: "u2".into(),
                display_name: "Trần Quốc Hùng".into(),
                role: Role::Chair,
                device_id: "d2".into(),
                root_public_key: "ab".repeat(32),
            },
            phonghop_crypto::DeviceSecrets::generate().unwrap(),
        )
        .unwrap();
        let (_app, webview) = app_with(DesktopState::open(Some(dir.path().to_path_buf())));
        let code = |cmd: &str, args: Value| {
            let error = invoke_with(&webview, cmd, args).unwrap_err();
            error["code"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| error.to_string())
        };
        let new_vote = serde_json::json!({"meetingId": "m404", "vote": {
            "question": "Thông qua Nghị quyết?", "kind": {"kind": "election", "seats": 2},
            "options": ["Ông A", "Bà B", "Ông C"], "base": "votes_cast",
            "threshold": "more_than_half", "checkQuorum": true, "closesInSecs": 300}});
        assert_eq!(code("open_vote", new_vote), "meeting.not_found");
        let ballot = serde_json::json!({"meetingId": "m404", "voteId": "v", "choices": [0, 2]});
        assert_eq!(code("cast_ballot", ballot), "meeting.not_found");
        let open_item =
            serde_json::json!({"meetingId": "m404", "action": {"kind": "open_item", "item": "1"}});
        assert_eq!(code("conduct_action", open_item), "meeting.not_found");
        let start = serde_json::json!({"meetingId": "m404", "action": {"kind": "start"}});
        assert_eq!(code("conduct_action", start), "sync.unreachable");
        let mv = serde_json::json!({"meetingId": "m404", "action": {"kind": "move", "userId": "u", "position": 0}});
        assert_eq!(code("speakers_action", mv), "sync.unreachable");
        let present =
            serde_json::json!({"meetingId": "m404", "presence": "absent", "reason": "Ốm"});
        assert_eq!(code("check_in", present), "meeting.not_found");
        let draft = serde_json::json!({"draft": {"meetingId": "m404", "number": "Số: 1/BB",
            "placeAndDate": "Lâm Giang, ngày 07 tháng 12 năm 2026",
            "sections": [{"heading": "I", "text": "…"}], "secretary": "A", "chair": "B"}});
        assert_eq!(code("export_minutes", draft), "meeting.not_found");
        let wrong_kind = serde_json::json!({"meetingId": "m", "action": {"kind": "dance"}});
        assert!(
            !code("conduct_action", wrong_kind).contains('.'),
            "an unknown action is refused before the core"
        );
    }

    #[test]
    fn without_a_profile_the_app_says_so_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = app_with(DesktopState::open(Some(dir.path().to_path_buf())));
        assert_eq!(invoke(&webview, "profile_info").unwrap(), Value::Null);
        assert_eq!(
            invoke(&webview, "list_meetings").unwrap(),
            Value::Array(vec![])
        );
        let channel = serde_json::json!({"onProgress": "__CHANNEL__:1"});
        assert_eq!(
            invoke_with(&webview, "sync_now", channel).unwrap_err()["code"],
            "profile.missing"
        );
        let ids = serde_json::json!({"meetingId": "m", "documentId": "d"});
        assert_eq!(
            invoke_with(&webview, "open_document", ids).unwrap_err()["code"],
            "profile.missing"
        );
    }

    #[test]
    fn a_locked_profile_opens_after_the_right_passphrase_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::create(
            dir.path(),
            ProfileConfig {
                server_url: closed_port_url(),
                organisation: "Hội đồng nhân dân tỉnh Lâm Giang".into(),
                user_id: "u1".into(),
                display_name: "Lê Văn Bình".into(),
                role: Role::Member,
                device_id: "d1".into(),
                root_public_key: "ab".repeat(32),
            },
            phonghop_crypto::DeviceSecrets::generate().unwrap(),
        )
        .unwrap();
        profile.protect("mật khẩu của đại biểu").unwrap();
        let state = DesktopState::open(Some(dir.path().to_path_buf()));
        let mut open = state.when_open();
        let (_app, webview) = app_with(state);

        assert_eq!(
            invoke(&webview, "profile_info").unwrap_err()["code"],
            "profile.locked"
        );
        assert_eq!(
            invoke(&webview, "list_meetings").unwrap_err()["code"],
            "profile.locked"
        );
        let wrong = serde_json::json!({"passphrase": "không đúng"});
        assert_eq!(
            invoke_with(&webview, "unlock_profile", wrong).unwrap_err()["code"],
            "crypto.wrong_passphrase"
        );
        assert!(open.borrow_and_update().is_none(), "nothing opened yet");
        let right = serde_json::json!({"passphrase": "mật khẩu của đại biểu"});
        let person = invoke_with(&webview, "unlock_profile", right).unwrap();
        assert_eq!(person["displayName"], "Lê Văn Bình");
        assert!(open.borrow_and_update().is_some(), "following may start");
        assert_eq!(invoke(&webview, "profile_info").unwrap()["role"], "member");
        assert_eq!(
            invoke(&webview, "list_meetings").unwrap(),
            Value::Array(vec![])
        );
    }

    #[test]
    fn a_damaged_profile_rejects_with_its_code() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("profile.json"), b"{ not json").unwrap();
        let (_app, webview) = app_with(DesktopState::open(Some(dir.path().to_path_buf())));
        assert_eq!(
            invoke(&webview, "list_meetings").unwrap_err()["code"],
            "profile.damaged"
        );
    }

    #[test]
    fn remote_pages_cannot_call_the_commands() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = app_with(DesktopState::open(Some(dir.path().to_path_buf())));
        assert_eq!(invoke(&webview, "profile_info").unwrap(), Value::Null);
        let refused = invoke_from(&webview, "profile_info", "https://example.com").unwrap_err();
        assert!(refused.to_string().contains("not allowed"), "{refused}");
    }
}
