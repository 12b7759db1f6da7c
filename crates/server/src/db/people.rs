//! People and devices: who belongs to the organisation and which keys their devices hold.

use phonghop_domain::Role;
use phonghop_domain::wire::DirectoryEntry;
use rusqlite::params;

use super::Database;
use crate::ApiError;

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

    /// Every active device with its owner.
    pub fn directory(&self) -> Result<Vec<DirectoryEntry>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT u.id, u.display_name, u.title, u.role, d.id, d.signing_public_key, d.exchange_public_key
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.revoked = 0 AND u.disabled = 0 ORDER BY u.created_at, u.rowid, d.rowid",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (
                user_id,
                display_name,
                title,
                role,
                device_id,
                signing_public_key,
                exchange_public_key,
            ) = row?;
            entries.push(DirectoryEntry {
                user_id,
                display_name,
                title,
                role: Role::parse(&role)
                    .ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?,
                device_id,
                signing_public_key,
                exchange_public_key,
            });
        }
        Ok(entries)
    }
}
