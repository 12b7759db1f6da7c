//! Votes with a timer close themselves: when the chair set a deadline, the server closes the
//! vote at that moment by its own clock and everyone gets the result, whether or not the
//! chair is still connected. Deadlines pending when the server stops are picked up again
//! when it starts.

use crate::AppState;
use crate::audit::now_ms;

/// Closes `vote_id` at `closes_at_ms` (server clock), unless someone closed it before.
pub fn close_at_deadline(state: &AppState, vote_id: String, closes_at_ms: u64) {
    let state = state.clone();
    tokio::spawn(async move {
        let wait = closes_at_ms.saturating_sub(now_ms());
        // A ballot arriving exactly at the deadline is still accepted (`now > deadline` is
        // refused), so close just after it.
        tokio::time::sleep(std::time::Duration::from_millis(wait + 1)).await;
        let live = state.live.clone();
        match state
            .db
            .close_vote(&vote_id, now_ms(), &|records| live.announce(records))
        {
            Ok(_) => tracing::info!(%vote_id, "vote closed at its deadline"),
            // Closed by the chair first, or gone: nothing to do.
            Err(error) if error.body.code == "vote.closed" => {}
            Err(error) => tracing::warn!(
                %vote_id,
                code = %error.body.code,
                message = %error.body.message,
                "a vote could not close at its deadline"
            ),
        }
    });
}

/// Schedules the deadlines of every vote still open (after a restart).
pub fn resume(state: &AppState) -> Result<usize, crate::ApiError> {
    let pending = state.db.open_votes_with_deadline()?;
    let count = pending.len();
    for (vote_id, closes_at_ms) in pending {
        close_at_deadline(state, vote_id, closes_at_ms);
    }
    Ok(count)
}
