//! The statement a device signs to log in: no password crosses the network, only a
//! signature over a fresh, single-use challenge from the server, bound to the organisation
//! the device enrolled with so a signature cannot be relayed to another server.

use crate::Canonical;

/// What a device signs to answer `challenge` (both sides build it the same way).
pub fn login_statement(organisation: &str, device_id: &str, challenge: &str) -> Canonical {
    Canonical::new("session-login/v1")
        .str(organisation)
        .str(device_id)
        .str(challenge)
}
