//! People and devices: who belongs to the organisation, which keys their devices hold, and
//! the root's certificates for those keys.

use phonghop_domain::Role;
use phonghop_domain::wire::{DirectoryEntry, PendingDevice};
use rusqlite::{OptionalExtension, Row, params};

use super::Database;
use crate::ApiError;

const ENTRY_COLUMNS: &str = "u.id, u.display_name, u.title, u.role, d.id, d.signing_public_key,
    d.exchange_public_key, d.cert_valid_from, d.cert_valid_until, d.cert_signature";

pub(super) fn role(text: String) -> rusqlite::Result<Role> {
    Role::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown role {text}").into(),
        )
    })
}

fn entry(row: &Row<'_>) -> rusqlite::Result<DirectoryEntry> {
    Ok(DirectoryEntry {
        user_id: row.get(0)?,
        display_name: row.get(1)?,
        title: row.get(2)?,
        role: role(row.get(3)?)?,
        device_id: row.get(4)?,
        signing_public_key: row.get(5)?,
        exchange_public_key: row.get(6)?,
        valid_from: u64::try_from(row.get::<_, i64>(7)?).unwrap_or(0),
        valid_until: u64::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
        certificate_signature: row.get(9)?,
    })
}

impl Database {
    /// Adds a person.
    pub fn add_user(
        &self,
        id: &str,
        display_name: &str,
        title: &str,
        role: Role,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "INSERT INTO users (id, display_name, title, role) VALUES (?1, ?2, ?3, ?4)",
            params![id, display_name, title, role.as_str()],
        )?;
        Ok(())
    }

    /// Every active, certified device with its owner and certificate.
    pub fn directory(&self) -> Result<Vec<DirectoryEntry>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.revoked = 0 AND u.disabled = 0 AND d.cert_signature IS NOT NULL
             ORDER BY u.created_at, u.rowid, d.rowid"
        ))?;
        let entries = statement.query_map([], entry)?;
        Ok(entries.collect::<Result<_, _>>()?)
    }

    /// One certified device's directory entry.
    pub fn directory_entry(&self, device_id: &str) -> Result<Option<DirectoryEntry>, ApiError> {
        Ok(self
            .lock()?
            .query_row(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM devices d JOIN users u ON u.id = d.user_id
                     WHERE d.id = ?1 AND d.cert_signature IS NOT NULL"
                ),
                [device_id],
                entry,
            )
            .optional()?)
    }

    /// Enrolled devices awaiting the root's certificate.
    pub fn pending_devices(&self) -> Result<Vec<PendingDevice>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT d.id, u.id, u.display_name, u.role, d.signing_public_key, d.exchange_public_key
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.revoked = 0 AND u.disabled = 0 AND d.cert_signature IS NULL
             ORDER BY d.created_at, d.rowid",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PendingDevice {
                device_id: row.get(0)?,
                user_id: row.get(1)?,
                display_name: row.get(2)?,
                role: role(row.get(3)?)?,
                signing_public_key: row.get(4)?,
                exchange_public_key: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The pending device, if it awaits a certificate.
    pub fn pending_device(&self, device_id: &str) -> Result<Option<PendingDevice>, ApiError> {
        Ok(self
            .pending_devices()?
            .into_iter()
            .find(|device| device.device_id == device_id))
    }

    /// Stores the root's (already verified) certificate for a device.
    pub fn set_certificate(
        &self,
        device_id: &str,
        valid_from: u64,
        valid_until: u64,
        signature_hex: &str,
    ) -> Result<(), ApiError> {
        self.lock()?.execute(
            "UPDATE devices SET cert_valid_from = ?2, cert_valid_until = ?3, cert_signature = ?4 WHERE id = ?1",
            params![
                device_id,
                i64::try_from(valid_from).unwrap_or(i64::MAX),
                i64::try_from(valid_until).unwrap_or(i64::MAX),
                signature_hex
            ],
        )?;
        Ok(())
    }
}
