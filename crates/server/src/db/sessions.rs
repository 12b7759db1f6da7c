//! Enrollment codes, login challenges and sessions: how a device joins and proves itself.
//! Codes, challenges and session tokens are stored hashed or single-use, and expire.

use phonghop_domain::Role;
use rusqlite::{OptionalExtension, params};

use super::{Database, DeviceIdentity, now};
use crate::ApiError;

impl Database {
    /// Records a one-time enrollment code (by its hash) for a person.
    pub fn add_enrollment_code(
        &self,
        user_id: &str,
        code_hash: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        let connection = self.lock()?;
        let exists = connection
            .prepare_cached("SELECT 1 FROM users WHERE id = ?1 AND disabled = 0")?
            .query_row([user_id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(ApiError::not_found(format!("no active user {user_id}")));
        }
        connection.execute(
            "INSERT INTO enrollment_codes (code_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
            params![code_hash, user_id, expires_at],
        )?;
        Ok(())
    }

    /// Uses an enrollment code to register a device; returns the owner's user id. The code
    /// must exist, be unused and unexpired; using it and adding the device are one
    /// transaction, so a code can never enroll two devices.
    pub fn enroll_device(
        &self,
        code_hash: &str,
        device_id: &str,
        signing_public_key: &str,
        exchange_public_key: &str,
    ) -> Result<String, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let user_id: Option<String> = transaction
            .prepare_cached("SELECT c.user_id FROM enrollment_codes c JOIN users u ON u.id = c.user_id
                 WHERE c.code_hash = ?1 AND c.used_by_device IS NULL AND c.expires_at > ?2 AND u.disabled = 0")?
            .query_row(params![code_hash, now()],
                |row| row.get(0),
            )
            .optional()?;
        let Some(user_id) = user_id else {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "enroll.bad_code",
                "the enrollment code is wrong, already used or expired",
            ));
        };
        transaction.execute(
            "INSERT INTO devices (id, user_id, signing_public_key, exchange_public_key) VALUES (?1, ?2, ?3, ?4)",
            params![device_id, user_id, signing_public_key, exchange_public_key],
        )?;
        transaction.execute(
            "UPDATE enrollment_codes SET used_by_device = ?1 WHERE code_hash = ?2",
            params![device_id, code_hash],
        )?;
        transaction.commit()?;
        Ok(user_id)
    }

    /// The Ed25519 key (hex) of an active device.
    pub fn signing_key_of(&self, device_id: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                "SELECT d.signing_public_key FROM devices d JOIN users u ON u.id = d.user_id
                 WHERE d.id = ?1 AND d.revoked = 0 AND u.disabled = 0",
                [device_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Stores a login challenge for a device, dropping expired ones.
    pub fn add_challenge(
        &self,
        device_id: &str,
        challenge: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        let connection = self.lock()?;
        connection.execute("DELETE FROM challenges WHERE expires_at <= ?1", [now()])?;
        connection.execute(
            "INSERT INTO challenges (challenge, device_id, expires_at) VALUES (?1, ?2, ?3)",
            params![challenge, device_id, expires_at],
        )?;
        Ok(())
    }

    /// Consumes a challenge: true when it was issued to this device and has not expired.
    /// A challenge answers at most once, so a recorded login cannot be replayed.
    pub fn take_challenge(&self, device_id: &str, challenge: &str) -> Result<bool, ApiError> {
        let removed = self.lock()?.execute(
            "DELETE FROM challenges WHERE challenge = ?1 AND device_id = ?2 AND expires_at > ?3",
            params![challenge, device_id, now()],
        )?;
        Ok(removed == 1)
    }

    /// Records a session token (by its hash).
    pub fn add_session(
        &self,
        token_hash: &str,
        device_id: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        let connection = self.lock()?;
        connection.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now()])?;
        connection.execute(
            "INSERT INTO sessions (token_hash, device_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, device_id, expires_at],
        )?;
        connection.execute(
            "UPDATE devices SET last_seen_at = ?2 WHERE id = ?1",
            params![device_id, now()],
        )?;
        Ok(())
    }

    /// The device behind an unexpired session token, if the device and its owner are active.
    pub fn device_by_session(&self, token_hash: &str) -> Result<Option<DeviceIdentity>, ApiError> {
        let connection = self.lock()?;
        let row = connection
            .prepare_cached(
                "SELECT d.id, u.id, u.display_name, u.role
                 FROM sessions s JOIN devices d ON d.id = s.device_id JOIN users u ON u.id = d.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND d.revoked = 0 AND u.disabled = 0",
            )?
            .query_row(
                params![token_hash, now()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(device_id, user_id, display_name, role)| {
            Ok(DeviceIdentity {
                device_id,
                user_id,
                display_name,
                role: Role::parse(&role)
                    .ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?,
            })
        })
        .transpose()
    }
}
