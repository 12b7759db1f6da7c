//! Enrolling this machine: a person types the one-time code the administrator gave them;
//! the device makes its keys, registers the public halves with the code, proves itself by
//! signing a challenge, and writes its profile folder.

use std::path::Path;

use phonghop_crypto::DeviceSecrets;
use phonghop_domain::wire::{Enroll, Login};
use phonghop_sync::ServerClient;

use crate::{CoreError, Profile, ProfileConfig};

/// Enrolls a new device for the person the `code` was issued to and writes its profile in
/// `dir`. A folder that already holds a profile is refused, so nothing is overwritten.
pub async fn enroll(dir: &Path, server_url: &str, code: &str) -> Result<Profile, CoreError> {
    if dir.join("profile.json").exists() {
        return Err(CoreError::ProfileExists(dir.display().to_string()));
    }
    let server = ServerClient::new(server_url)?;
    let secrets = DeviceSecrets::generate()?;
    let public = secrets.public_keys();
    let enrolled = server
        .enroll(&Enroll {
            code: code.into(),
            signing_public_key: hex::encode(public.signing),
            exchange_public_key: hex::encode(public.exchange),
        })
        .await?;
    let challenge = server.challenge(&enrolled.device_id).await?;
    let statement = phonghop_crypto::login_statement(
        &enrolled.organisation,
        &enrolled.device_id,
        &challenge.challenge,
    );
    let session = server
        .login(&Login {
            device_id: enrolled.device_id.clone(),
            challenge: challenge.challenge,
            signature: hex::encode(secrets.signing().sign_record(&statement)),
        })
        .await?;
    let me = server.with_token(session.token).me().await?;
    Profile::create(
        dir,
        ProfileConfig {
            server_url: server_url.into(),
            organisation: enrolled.organisation,
            user_id: me.user_id,
            display_name: me.display_name,
            role: me.role,
            device_id: enrolled.device_id,
            root_public_key: enrolled.root_public_key,
        },
        secrets,
    )
}
