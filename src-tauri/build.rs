//! Generates Tauri's context and the permissions of our own commands, so the capability
//! file can allow exactly these and nothing else.

fn main() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "profile_info",
            "unlock_profile",
            "list_meetings",
            "sync_now",
            "open_document",
            "close_document",
            "search_meeting",
            "meeting_roster",
            "check_in",
            "conduct_state",
            "conduct_action",
            "request_to_speak",
            "withdraw_from_speakers",
            "speakers_action",
            "present_page",
            "meeting_votes",
            "open_vote",
            "cast_ballot",
            "close_vote",
            "minutes_draft",
            "export_minutes",
            "export_vote_report",
            "publish_partial_decryption",
            "document_annotations",
            "meeting_annotations",
            "save_annotation",
            "delete_annotation",
            "page_chars",
            "export_annotated_copy",
            "directory_people",
            "list_drafts",
            "get_draft",
            "create_draft",
            "save_draft",
            "discard_draft",
            "attach_document",
            "attach_document_path",
            "publish_draft",
            "clone_meeting",
            "revise_document",
            "postpone_meeting",
            "cancel_meeting",
            "meeting_readiness",
            "rsvp",
            "list_profiles",
            "choose_profile",
            "watch_draft_folder",
            "stop_watching_folder",
            "watched_folder",
        ]));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build script failed: {error:#}");
        std::process::exit(1);
    }
}
