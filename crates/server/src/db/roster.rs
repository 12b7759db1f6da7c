//! The roster as the administrator keeps it: listing people and devices, disabling people,
//! revoking devices, committees and their members, and importing many members at once.

use phonghop_domain::Role;
use phonghop_domain::wire::{CommitteeSummary, DeviceState, DeviceSummary, UserSummary};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Database;
use super::people::role;
use crate::ApiError;

/// One checked row of a member import, with its new id and enrollment code hash prepared.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// Identifier to give the person if they are new.
    pub user_id: String,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Committee to join (created if it does not exist); empty for none.
    pub committee: String,
    /// Role in the organisation.
    pub role: Role,
    /// Hash of the enrollment code issued to a new person.
    pub code_hash: String,
    /// When that code expires, Unix seconds.
    pub code_expires_at: i64,
}

/// What an import did with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new person was added (and given the prepared code).
    Added {
        /// Their id.
        user_id: String,
    },
    /// Someone with the same name and title was already there; they were only added to
    /// the committee, and no code was issued.
    AlreadyPresent {
        /// The existing person's id.
        user_id: String,
    },
}

fn committee_id(transaction: &Transaction<'_>, name: &str) -> rusqlite::Result<String> {
    if let Some(id) = transaction
        .query_row("SELECT id FROM committees WHERE name = ?1", [name], |row| {
            row.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    transaction.execute(
        "INSERT INTO committees (id, name) VALUES (?1, ?2)",
        params![id, name],
    )?;
    Ok(id)
}

impl Database {
    /// Every person, with their committees and how many devices they have.
    pub fn list_users(&self) -> Result<Vec<UserSummary>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT u.id, u.display_name, u.title, u.role, u.disabled,
                (SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.revoked = 0),
                (SELECT group_concat(c.name, char(10)) FROM committee_members m
                    JOIN committees c ON c.id = m.committee_id WHERE m.user_id = u.id)
             FROM users u ORDER BY u.created_at, u.rowid",
        )?;
        let rows = statement.query_map([], |row| {
            let committees: Option<String> = row.get(6)?;
            Ok(UserSummary {
                user_id: row.get(0)?,
                display_name: row.get(1)?,
                title: row.get(2)?,
                role: role(row.get(3)?)?,
                committees: committees
                    .map(|names| names.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
                disabled: row.get::<_, i64>(4)? != 0,
                active_devices: u32::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Disables (or re-enables) a person. Disabling ends their sessions and voids their
    /// unused enrollment codes at once. Returns whether the person exists.
    pub fn set_user_disabled(&self, user_id: &str, disabled: bool) -> Result<bool, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let changed = transaction.execute(
            "UPDATE users SET disabled = ?2 WHERE id = ?1",
            params![user_id, i64::from(disabled)],
        )?;
        if disabled && changed == 1 {
            transaction.execute(
                "DELETE FROM sessions WHERE device_id IN (SELECT id FROM devices WHERE user_id = ?1)",
                [user_id],
            )?;
            transaction.execute(
                "DELETE FROM enrollment_codes WHERE user_id = ?1 AND used_by_device IS NULL",
                [user_id],
            )?;
        }
        transaction.commit()?;
        Ok(changed == 1)
    }

    /// Every enrolled device with its owner and state, newest last.
    pub fn list_devices(&self) -> Result<Vec<DeviceSummary>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT d.id, u.id, u.display_name, d.revoked, d.cert_signature IS NOT NULL,
                d.created_at, d.last_seen_at
             FROM devices d JOIN users u ON u.id = d.user_id ORDER BY d.created_at, d.rowid",
        )?;
        let rows = statement.query_map([], |row| {
            let state = if row.get::<_, i64>(3)? != 0 {
                DeviceState::Revoked
            } else if row.get::<_, bool>(4)? {
                DeviceState::Certified
            } else {
                DeviceState::Pending
            };
            Ok(DeviceSummary {
                device_id: row.get(0)?,
                user_id: row.get(1)?,
                display_name: row.get(2)?,
                state,
                enrolled_at: row.get(5)?,
                last_seen_at: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a device for good: it leaves the directory, its sessions and pending
    /// challenges end now. Returns the owner's id, or `None` if there is no such device.
    pub fn revoke_device(&self, device_id: &str) -> Result<Option<String>, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let owner: Option<String> = transaction
            .query_row(
                "SELECT user_id FROM devices WHERE id = ?1",
                [device_id],
                |row| row.get(0),
            )
            .optional()?;
        transaction.execute("UPDATE devices SET revoked = 1 WHERE id = ?1", [device_id])?;
        transaction.execute("DELETE FROM sessions WHERE device_id = ?1", [device_id])?;
        transaction.execute("DELETE FROM challenges WHERE device_id = ?1", [device_id])?;
        transaction.commit()?;
        Ok(owner)
    }

    /// Adds a committee; its name must be new.
    pub fn add_committee(&self, name: &str) -> Result<String, ApiError> {
        let connection = self.lock()?;
        let exists = connection
            .query_row("SELECT 1 FROM committees WHERE name = ?1", [name], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if exists {
            return Err(ApiError::conflict(
                "committee.exists",
                format!("a committee named {name} already exists"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        connection.execute(
            "INSERT INTO committees (id, name) VALUES (?1, ?2)",
            params![id, name],
        )?;
        Ok(id)
    }

    /// Every committee with its number of active members.
    pub fn list_committees(&self) -> Result<Vec<CommitteeSummary>, ApiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT c.id, c.name, (SELECT count(*) FROM committee_members m
                JOIN users u ON u.id = m.user_id WHERE m.committee_id = c.id AND u.disabled = 0)
             FROM committees c ORDER BY c.name",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(CommitteeSummary {
                committee_id: row.get(0)?,
                name: row.get(1)?,
                members: u32::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Puts a person in a committee (found by name); doing it twice changes nothing.
    pub fn add_committee_member(&self, committee: &str, user_id: &str) -> Result<(), ApiError> {
        let connection = self.lock()?;
        let committee_id: String = connection
            .query_row(
                "SELECT id FROM committees WHERE name = ?1",
                [committee],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| ApiError::not_found(format!("no committee named {committee}")))?;
        let person = connection
            .query_row("SELECT 1 FROM users WHERE id = ?1", [user_id], |_| Ok(()))
            .optional()?;
        if person.is_none() {
            return Err(ApiError::not_found(format!("no user {user_id}")));
        }
        connection.execute(
            "INSERT INTO committee_members (committee_id, user_id) VALUES (?1, ?2)
             ON CONFLICT DO NOTHING",
            params![committee_id, user_id],
        )?;
        Ok(())
    }

    /// Imports checked rows in one transaction: all of them or, on any failure, none.
    /// A row naming someone already present (same name and title) adds them to the
    /// committee only.
    pub fn import_members(&self, rows: &[NewMember]) -> Result<Vec<ImportOutcome>, ApiError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            let existing: Option<String> = transaction
                .query_row(
                    "SELECT id FROM users WHERE display_name = ?1 AND title = ?2",
                    params![row.display_name, row.title],
                    |found| found.get(0),
                )
                .optional()?;
            let outcome = match existing {
                Some(user_id) => ImportOutcome::AlreadyPresent { user_id },
                None => {
                    transaction.execute(
                        "INSERT INTO users (id, display_name, title, role) VALUES (?1, ?2, ?3, ?4)",
                        params![row.user_id, row.display_name, row.title, row.role.as_str()],
                    )?;
                    transaction.execute(
                        "INSERT INTO enrollment_codes (code_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                        params![row.code_hash, row.user_id, row.code_expires_at],
                    )?;
                    ImportOutcome::Added {
                        user_id: row.user_id.clone(),
                    }
                }
            };
            if !row.committee.is_empty() {
                let committee = committee_id(&transaction, &row.committee)?;
                let user_id = match &outcome {
                    ImportOutcome::Added { user_id }
                    | ImportOutcome::AlreadyPresent { user_id } => user_id,
                };
                transaction.execute(
                    "INSERT INTO committee_members (committee_id, user_id) VALUES (?1, ?2)
                     ON CONFLICT DO NOTHING",
                    params![committee, user_id],
                )?;
            }
            outcomes.push(outcome);
        }
        transaction.commit()?;
        Ok(outcomes)
    }
}
