//! What the server's benchmarks share: people with devices (real Ed25519 keys) and live
//! sessions written straight into the database, and percentiles.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use phonghop_crypto::DeviceSecrets;

/// A person with a certified device and a live session.
pub struct Person {
    pub device_id: String,
    pub token: String,
    pub secrets: DeviceSecrets,
}

/// The `p`th percentile of `samples`.
pub fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// People with devices and sessions, written into the database in one transaction
/// (enrolling 1,000 devices through the API would measure Argon2, not the server).
pub fn add_people(data: &Path, count: usize, role: &str) -> Vec<Person> {
    let connection = rusqlite::Connection::open(data.join(phonghop_server::DATABASE_FILE)).unwrap();
    connection.execute_batch("BEGIN").unwrap();
    let people = (0..count)
        .map(|n| {
            let user_id = uuid::Uuid::new_v4().to_string();
            let person = Person {
                device_id: uuid::Uuid::new_v4().to_string(),
                token: phonghop_crypto::random_token().unwrap(),
                secrets: DeviceSecrets::generate().unwrap(),
            };
            let keys = person.secrets.public_keys();
            connection
                .execute(
                    "INSERT INTO users (id, display_name, title, role) VALUES (?1, ?2, '', ?3)",
                    rusqlite::params![user_id, format!("Đại biểu {n}"), role],
                )
                .unwrap();
            connection
                .execute(
                    "INSERT INTO devices (id, user_id, signing_public_key, exchange_public_key,
                        cert_valid_from, cert_valid_until, cert_signature)
                     VALUES (?1, ?2, ?3, ?4, 0, 4000000000, '00')",
                    rusqlite::params![
                        person.device_id,
                        user_id,
                        hex::encode(keys.signing),
                        hex::encode(keys.exchange)
                    ],
                )
                .unwrap();
            connection
                .execute(
                    "INSERT INTO sessions (token_hash, device_id, expires_at) VALUES (?1, ?2, 4000000000)",
                    rusqlite::params![
                        phonghop_crypto::sha256_hex(person.token.as_bytes()),
                        person.device_id
                    ],
                )
                .unwrap();
            person
        })
        .collect();
    connection.execute_batch("COMMIT").unwrap();
    people
}
