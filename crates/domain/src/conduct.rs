//! Running the meeting in the hall: its phase (not started, in progress, paused, ended),
//! the agenda item open now, and the speakers queue with its time limit. The server keeps
//! one [`Conduct`] per meeting and applies the chair's and the members' actions through
//! these pure functions, so every transition and refusal is tested without a server.

use serde::{Deserialize, Serialize};

/// Longest speaking limit the chair may set, in seconds (one hour).
pub const MAX_SPEAKING_LIMIT_SECS: u32 = 3600;
/// Speaking limit until the chair sets one: five minutes.
pub const DEFAULT_SPEAKING_LIMIT_SECS: u32 = 300;
/// How long before the limit the speaker's timer warns, in seconds.
pub const SPEAKING_WARNING_SECS: u64 = 30;
/// Most people waiting to speak.
pub const MAX_WAITING: usize = 500;

/// Where the meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not opened by the chair yet.
    #[default]
    NotStarted,
    /// In session.
    InProgress,
    /// Paused (a break); the agenda and the queue stay as they are.
    Paused,
    /// Closed by the chair; nothing changes any more.
    Ended,
}

/// Someone who asked to speak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Speaker {
    /// The person.
    pub user_id: String,
    /// When they asked (server clock, Unix ms).
    pub requested_at_ms: u64,
    /// When the chair gave them the floor, if they speak now or spoke.
    #[serde(default)]
    pub granted_at_ms: Option<u64>,
    /// When their turn ended, once it has.
    #[serde(default)]
    pub finished_at_ms: Option<u64>,
}

/// A meeting as the chair runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conduct {
    /// Where it stands.
    pub phase: Phase,
    /// The agenda item open now, sealed under the meeting key by the chair's device (base64;
    /// the server never reads it).
    #[serde(default)]
    pub sealed_item: Option<String>,
    /// The speaker's time limit in seconds (0: none).
    pub speaking_limit_secs: u32,
    /// Who has the floor.
    #[serde(default)]
    pub speaking: Option<Speaker>,
    /// Who waits, in the order they will speak.
    #[serde(default)]
    pub waiting: Vec<Speaker>,
    /// Who has spoken, in order (for the minutes).
    #[serde(default)]
    pub spoken: Vec<Speaker>,
}

impl Default for Conduct {
    fn default() -> Self {
        Self {
            phase: Phase::NotStarted,
            sealed_item: None,
            speaking_limit_secs: DEFAULT_SPEAKING_LIMIT_SECS,
            speaking: None,
            waiting: Vec::new(),
            spoken: Vec::new(),
        }
    }
}

/// What the chair does to the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConductAction {
    /// Open the meeting.
    Start,
    /// Take a break.
    Pause,
    /// Go on after a break.
    Resume,
    /// Close the meeting.
    End,
    /// Open an agenda item (sealed under the meeting key, base64).
    OpenItem {
        /// The item, sealed.
        sealed_item: String,
    },
    /// Set the speaking limit, in seconds (0: none).
    SetSpeakingLimit {
        /// Seconds.
        secs: u32,
    },
}

/// What happens to the speakers queue. `Request` and `Withdraw` are the member's own; the
/// rest are the chair's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpeakersAction {
    /// Ask to speak (đăng ký phát biểu).
    Request,
    /// Take one's own request back.
    Withdraw,
    /// Give the floor to someone waiting (whoever spoke before is done).
    Grant {
        /// The person.
        user_id: String,
    },
    /// The speaker is done.
    Finish,
    /// Take someone out of the queue (or off the floor).
    Remove {
        /// The person.
        user_id: String,
    },
    /// Move someone waiting to `position` (0 = next).
    Move {
        /// The person.
        user_id: String,
        /// Their new place, from 0; past the end means last.
        position: u32,
    },
}

impl SpeakersAction {
    /// Whether only the chair may take this action.
    pub fn is_chairs(&self) -> bool {
        !matches!(self, SpeakersAction::Request | SpeakersAction::Withdraw)
    }
}

/// Why an action was refused; [`ConductError::code`] is the stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConductError {
    /// The action does not fit the meeting's phase.
    #[error("the meeting is {0:?}: this cannot be done now")]
    WrongPhase(Phase),
    /// A limit beyond [`MAX_SPEAKING_LIMIT_SECS`].
    #[error("a speaking limit is at most {MAX_SPEAKING_LIMIT_SECS} seconds")]
    BadLimit,
    /// Already waiting or speaking.
    #[error("this person is already in the speakers queue")]
    AlreadyWaiting,
    /// Not in the queue.
    #[error("this person is not waiting to speak")]
    NotWaiting,
    /// Nobody has the floor.
    #[error("nobody is speaking")]
    NobodySpeaking,
    /// The queue is full.
    #[error("the speakers queue is full")]
    QueueFull,
}

impl ConductError {
    /// Stable code for the interface.
    pub fn code(&self) -> &'static str {
        match self {
            ConductError::WrongPhase(_) => "conduct.wrong_phase",
            ConductError::BadLimit => "conduct.bad_limit",
            ConductError::AlreadyWaiting => "speakers.already_waiting",
            ConductError::NotWaiting => "speakers.not_waiting",
            ConductError::NobodySpeaking => "speakers.nobody_speaking",
            ConductError::QueueFull => "speakers.full",
        }
    }
}

impl Conduct {
    /// Applies the chair's `action` at `now_ms`.
    pub fn apply(&mut self, action: &ConductAction, now_ms: u64) -> Result<(), ConductError> {
        use Phase::{Ended, InProgress, NotStarted, Paused};
        let wrong = Err(ConductError::WrongPhase(self.phase));
        match (action, self.phase) {
            (ConductAction::Start, NotStarted) => self.phase = InProgress,
            (ConductAction::Pause, InProgress) => self.phase = Paused,
            (ConductAction::Resume, Paused) => self.phase = InProgress,
            (ConductAction::End, InProgress | Paused) => {
                self.phase = Ended;
                self.end_turn(now_ms);
                self.waiting.clear();
            }
            (ConductAction::OpenItem { sealed_item }, InProgress | Paused) => {
                self.sealed_item = Some(sealed_item.clone());
            }
            (ConductAction::SetSpeakingLimit { secs }, NotStarted | InProgress | Paused) => {
                if *secs > MAX_SPEAKING_LIMIT_SECS {
                    return Err(ConductError::BadLimit);
                }
                self.speaking_limit_secs = *secs;
            }
            _ => return wrong,
        }
        Ok(())
    }

    /// Applies `action` to the speakers queue on behalf of `actor` at `now_ms`. Whether the
    /// actor may take it (the chair's actions) is checked by the caller.
    pub fn speakers(
        &mut self,
        action: &SpeakersAction,
        actor: &str,
        now_ms: u64,
    ) -> Result<(), ConductError> {
        if self.phase == Phase::Ended {
            return Err(ConductError::WrongPhase(self.phase));
        }
        match action {
            SpeakersAction::Request => {
                if self.is_queued(actor) {
                    return Err(ConductError::AlreadyWaiting);
                }
                if self.waiting.len() >= MAX_WAITING {
                    return Err(ConductError::QueueFull);
                }
                self.waiting.push(Speaker {
                    user_id: actor.to_owned(),
                    requested_at_ms: now_ms,
                    granted_at_ms: None,
                    finished_at_ms: None,
                });
            }
            SpeakersAction::Withdraw => {
                self.take_waiting(actor)?;
            }
            SpeakersAction::Grant { user_id } => {
                if self.phase != Phase::InProgress {
                    return Err(ConductError::WrongPhase(self.phase));
                }
                let mut speaker = self.take_waiting(user_id)?;
                speaker.granted_at_ms = Some(now_ms);
                self.end_turn(now_ms);
                self.speaking = Some(speaker);
            }
            SpeakersAction::Finish => {
                if self.speaking.is_none() {
                    return Err(ConductError::NobodySpeaking);
                }
                self.end_turn(now_ms);
            }
            SpeakersAction::Remove { user_id } => {
                if self
                    .speaking
                    .as_ref()
                    .is_some_and(|speaker| &speaker.user_id == user_id)
                {
                    self.end_turn(now_ms);
                } else {
                    self.take_waiting(user_id)?;
                }
            }
            SpeakersAction::Move { user_id, position } => {
                let speaker = self.take_waiting(user_id)?;
                let at = (*position as usize).min(self.waiting.len());
                self.waiting.insert(at, speaker);
            }
        }
        Ok(())
    }

    /// Ends the current speaker's turn, keeping it in [`Conduct::spoken`].
    fn end_turn(&mut self, now_ms: u64) {
        if let Some(mut speaker) = self.speaking.take() {
            speaker.finished_at_ms = Some(now_ms);
            self.spoken.push(speaker);
        }
    }

    fn is_queued(&self, user_id: &str) -> bool {
        self.speaking
            .as_ref()
            .is_some_and(|speaker| speaker.user_id == user_id)
            || self
                .waiting
                .iter()
                .any(|speaker| speaker.user_id == user_id)
    }

    fn take_waiting(&mut self, user_id: &str) -> Result<Speaker, ConductError> {
        let index = self
            .waiting
            .iter()
            .position(|speaker| speaker.user_id == user_id)
            .ok_or(ConductError::NotWaiting)?;
        Ok(self.waiting.remove(index))
    }
}

/// How the speaker's time stands, for the timer on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakingClock {
    /// Within the limit (or no limit).
    Within,
    /// In the last [`SPEAKING_WARNING_SECS`] of the limit.
    Warning,
    /// Past the limit.
    Over,
}

/// Where a speaker given the floor at `granted_at_ms` stands at `now_ms` under a limit of
/// `limit_secs` (0: none).
pub fn speaking_clock(granted_at_ms: u64, limit_secs: u32, now_ms: u64) -> SpeakingClock {
    if limit_secs == 0 {
        return SpeakingClock::Within;
    }
    let elapsed = now_ms.saturating_sub(granted_at_ms);
    let limit = u64::from(limit_secs) * 1000;
    if elapsed > limit {
        SpeakingClock::Over
    } else if elapsed + SPEAKING_WARNING_SECS * 1000 > limit {
        SpeakingClock::Warning
    } else {
        SpeakingClock::Within
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started() -> Conduct {
        let mut conduct = Conduct::default();
        assert_eq!(conduct.apply(&ConductAction::Start, 0), Ok(()));
        conduct
    }

    fn waiting(conduct: &Conduct) -> Vec<&str> {
        conduct
            .waiting
            .iter()
            .map(|speaker| speaker.user_id.as_str())
            .collect()
    }

    #[test]
    fn the_meeting_goes_through_its_phases_in_order_only() {
        let mut conduct = Conduct::default();
        assert_eq!(
            conduct.apply(&ConductAction::Pause, 0),
            Err(ConductError::WrongPhase(Phase::NotStarted))
        );
        assert!(
            conduct
                .apply(
                    &ConductAction::OpenItem {
                        sealed_item: "x".into()
                    },
                    0
                )
                .is_err(),
            "no item before the start"
        );
        conduct.apply(&ConductAction::Start, 0).ok();
        assert_eq!(
            conduct
                .apply(&ConductAction::Start, 0)
                .map_err(|e| e.code()),
            Err("conduct.wrong_phase")
        );
        assert_eq!(conduct.apply(&ConductAction::Pause, 0), Ok(()));
        assert_eq!(conduct.apply(&ConductAction::Resume, 0), Ok(()));
        conduct.speakers(&SpeakersAction::Request, "a", 1).ok();
        assert_eq!(conduct.apply(&ConductAction::End, 0), Ok(()));
        assert_eq!(conduct.phase, Phase::Ended);
        assert!(
            conduct.waiting.is_empty(),
            "the queue closes with the meeting"
        );
        assert!(conduct.apply(&ConductAction::Resume, 0).is_err());
        assert_eq!(
            conduct.speakers(&SpeakersAction::Request, "a", 2),
            Err(ConductError::WrongPhase(Phase::Ended))
        );
    }

    #[test]
    fn a_limit_beyond_an_hour_is_refused() {
        let mut conduct = started();
        assert_eq!(
            conduct.apply(&ConductAction::SetSpeakingLimit { secs: 3601 }, 0),
            Err(ConductError::BadLimit)
        );
        assert_eq!(
            conduct.apply(&ConductAction::SetSpeakingLimit { secs: 180 }, 0),
            Ok(())
        );
        assert_eq!(conduct.speaking_limit_secs, 180);
    }

    #[test]
    fn the_queue_keeps_order_and_the_chair_grants_moves_and_removes() {
        let mut conduct = started();
        for (who, at) in [("a", 1), ("b", 2), ("c", 3)] {
            conduct.speakers(&SpeakersAction::Request, who, at).ok();
        }
        assert_eq!(
            conduct.speakers(&SpeakersAction::Request, "b", 4),
            Err(ConductError::AlreadyWaiting)
        );
        assert_eq!(waiting(&conduct), ["a", "b", "c"]);
        conduct
            .speakers(
                &SpeakersAction::Move {
                    user_id: "c".into(),
                    position: 0,
                },
                "chair",
                5,
            )
            .ok();
        assert_eq!(waiting(&conduct), ["c", "a", "b"]);
        conduct
            .speakers(
                &SpeakersAction::Grant {
                    user_id: "c".into(),
                },
                "chair",
                10,
            )
            .ok();
        assert_eq!(
            conduct
                .speaking
                .as_ref()
                .map(|s| (s.user_id.as_str(), s.granted_at_ms)),
            Some(("c", Some(10)))
        );
        assert_eq!(
            conduct.speakers(&SpeakersAction::Request, "c", 11),
            Err(ConductError::AlreadyWaiting),
            "the speaker cannot queue again while speaking"
        );
        // Granting the next one ends the current turn.
        conduct
            .speakers(
                &SpeakersAction::Grant {
                    user_id: "b".into(),
                },
                "chair",
                20,
            )
            .ok();
        assert_eq!(
            conduct.speaking.as_ref().map(|s| s.user_id.as_str()),
            Some("b")
        );
        assert_eq!(waiting(&conduct), ["a"]);
        conduct
            .speakers(
                &SpeakersAction::Remove {
                    user_id: "b".into(),
                },
                "chair",
                21,
            )
            .ok();
        assert!(conduct.speaking.is_none());
        let spoken: Vec<_> = conduct
            .spoken
            .iter()
            .map(|s| (s.user_id.as_str(), s.granted_at_ms, s.finished_at_ms))
            .collect();
        assert_eq!(
            spoken,
            [("c", Some(10), Some(20)), ("b", Some(20), Some(21))],
            "turns are kept for the minutes"
        );
        assert_eq!(
            conduct.speakers(&SpeakersAction::Finish, "chair", 22),
            Err(ConductError::NobodySpeaking)
        );
        assert_eq!(conduct.speakers(&SpeakersAction::Withdraw, "a", 23), Ok(()));
        assert_eq!(
            conduct
                .speakers(&SpeakersAction::Withdraw, "a", 24)
                .map_err(|e| e.code()),
            Err("speakers.not_waiting")
        );
        assert!(SpeakersAction::Finish.is_chairs() && !SpeakersAction::Request.is_chairs());
    }

    #[test]
    fn nobody_gets_the_floor_during_a_break() {
        let mut conduct = started();
        conduct.speakers(&SpeakersAction::Request, "a", 1).ok();
        conduct.apply(&ConductAction::Pause, 0).ok();
        assert_eq!(
            conduct.speakers(
                &SpeakersAction::Grant {
                    user_id: "a".into()
                },
                "chair",
                2
            ),
            Err(ConductError::WrongPhase(Phase::Paused))
        );
        assert_eq!(
            waiting(&conduct),
            ["a"],
            "a refused grant leaves the queue as it was"
        );
    }

    #[test]
    fn the_speaking_clock_warns_in_the_last_thirty_seconds_and_then_runs_over() {
        assert_eq!(speaking_clock(0, 120, 89_999), SpeakingClock::Within);
        assert_eq!(speaking_clock(0, 120, 90_001), SpeakingClock::Warning);
        assert_eq!(speaking_clock(0, 120, 120_000), SpeakingClock::Warning);
        assert_eq!(speaking_clock(0, 120, 120_001), SpeakingClock::Over);
        assert_eq!(speaking_clock(0, 0, 10_000_000), SpeakingClock::Within);
        assert_eq!(
            speaking_clock(5_000, 60, 1_000),
            SpeakingClock::Within,
            "a clock behind the grant"
        );
    }
}
