//! `attend` and `roster`: checking in to a meeting from the command line, and the roster
//! with the quorum (a People's Council's rule: two thirds of all members).

use clap::ValueEnum;
use phonghop_core::{App, CoreError};
use phonghop_domain::attendance::{Presence, QuorumRule};

/// How one takes part, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PresenceArg {
    /// Present in the hall.
    InPerson,
    /// Present online.
    Online,
    /// Absent (give --reason).
    Absent,
}

impl From<PresenceArg> for Presence {
    fn from(value: PresenceArg) -> Self {
        match value {
            PresenceArg::InPerson => Presence::InPerson,
            PresenceArg::Online => Presence::Online,
            PresenceArg::Absent => Presence::Absent,
        }
    }
}

fn label(presence: Presence) -> &'static str {
    match presence {
        Presence::InPerson => "có mặt / in person",
        Presence::Online => "trực tuyến / online",
        Presence::Absent => "vắng mặt / absent",
    }
}

/// `attend MEETING --presence P [--reason R] [--for USER]`.
pub async fn attend(
    app: &App,
    meeting: &str,
    presence: PresenceArg,
    reason: Option<&str>,
    for_user: Option<&str>,
) -> Result<(), CoreError> {
    let presence = Presence::from(presence);
    app.check_in(meeting, presence, reason, for_user).await?;
    println!("Đã ghi nhận / recorded: {}", label(presence));
    Ok(())
}

/// `roster MEETING`: who checked in, and whether the quorum is met.
pub async fn roster(app: &App, meeting: &str, json: bool) -> Result<(), CoreError> {
    let view = app.roster(meeting, QuorumRule::PEOPLES_COUNCIL).await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&view).unwrap_or_default()
        );
        return Ok(());
    }
    for line in &view.lines {
        let reason = line
            .reason
            .as_deref()
            .map(|reason| format!(" — {reason}"))
            .unwrap_or_default();
        println!("  {}: {}{reason}", line.display_name, label(line.presence));
    }
    let quorum = &view.quorum;
    let verdict = if quorum.met {
        "đủ túc số / quorum met"
    } else {
        "chưa đủ túc số / no quorum"
    };
    println!(
        "{} / {} có mặt, cần {} — {verdict}",
        quorum.present, quorum.members, quorum.needed
    );
    Ok(())
}
