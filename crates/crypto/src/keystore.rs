//! The key-store file: secrets encrypted under a key derived from the user's passphrase with
//! Argon2id. The Argon2 parameters are stored in the file, so they can be raised later
//! without breaking old files.
//!
//! Layout (all integers big-endian):
//! `"PHKSTORE" ‖ version(1) ‖ memory KiB(4) ‖ iterations(4) ‖ lanes(4) ‖ salt(16) ‖
//! check(32) ‖ nonce(12) ‖ AES-256-GCM ciphertext ‖ SHA-256 of everything before (32)`.
//!
//! Three checks give three distinct errors: the trailing checksum catches a damaged or
//! edited file ([`CryptoError::KeyStoreDamaged`]); the check value, derived from the
//! passphrase, says whether the passphrase is right ([`CryptoError::WrongPassphrase`]); the
//! AEAD tag catches an edited ciphertext under the right passphrase (damaged again).

use argon2::{Algorithm, Argon2, Params, Version};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::digest::{SHA256, digest};
use zeroize::Zeroizing;

use crate::kdf::derive32;
use crate::{CryptoError, random_bytes};

const MAGIC: &[u8; 8] = b"PHKSTORE";
const VERSION: u8 = 1;
const SALT_LEN: usize = 16;
const HEADER_LEN: usize = 8 + 1 + 12 + SALT_LEN + 32 + NONCE_LEN;
const CHECKSUM_LEN: usize = 32;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStoreParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub lanes: u32,
}

impl KeyStoreParams {
    /// What new key stores use: 64 MiB, 3 passes, 1 lane (about half a second on an old PC).
    pub const RECOMMENDED: Self = Self {
        memory_kib: 64 * 1024,
        iterations: 3,
        lanes: 1,
    };

    /// The floor below which a file is refused as too weak to trust.
    pub const MINIMUM: Self = Self {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    };

    fn is_at_least_minimum(self) -> bool {
        self.memory_kib >= Self::MINIMUM.memory_kib
            && self.iterations >= Self::MINIMUM.iterations
            && self.lanes >= Self::MINIMUM.lanes
            && self.memory_kib <= 4 * 1024 * 1024
            && self.iterations <= 64
            && self.lanes <= 16
    }
}

struct Derived {
    check: [u8; 32],
    key: Zeroizing<[u8; 32]>,
}

fn derive(passphrase: &str, params: KeyStoreParams, salt: &[u8]) -> Result<Derived, CryptoError> {
    let argon_params = Params::new(params.memory_kib, params.iterations, params.lanes, Some(32))
        .map_err(|_| CryptoError::BadKey("argon2 parameters"))?;
    let mut stretched = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params)
        .hash_password_into(passphrase.as_bytes(), salt, stretched.as_mut_slice())
        .map_err(|_| CryptoError::BadKey("argon2"))?;
    let check_key = derive32(stretched.as_slice(), "phonghop/keystore/v1", &[b"check"])?;
    let mut check = [0u8; 32];
    check.copy_from_slice(digest(&SHA256, check_key.as_slice()).as_ref());
    Ok(Derived {
        check,
        key: derive32(stretched.as_slice(), "phonghop/keystore/v1", &[b"encrypt"])?,
    })
}

fn aead(key: &[u8; 32]) -> Result<LessSafeKey, CryptoError> {
    UnboundKey::new(&AES_256_GCM, key)
        .map(LessSafeKey::new)
        .map_err(|_| CryptoError::BadKey("aes-256-gcm key"))
}

/// Encrypts `secret` under `passphrase` into a key-store file.
pub fn seal_key_store(
    passphrase: &str,
    secret: &[u8],
    params: KeyStoreParams,
) -> Result<Vec<u8>, CryptoError> {
    seal_key_store_with(
        passphrase,
        secret,
        params,
        random_bytes::<SALT_LEN>()?,
        random_bytes::<NONCE_LEN>()?,
    )
}

/// [`seal_key_store`] with a chosen salt and nonce, for test vectors only.
#[doc(hidden)]
pub fn seal_key_store_with(
    passphrase: &str,
    secret: &[u8],
    params: KeyStoreParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>, CryptoError> {
    if !params.is_at_least_minimum() {
        return Err(CryptoError::BadKey("key-store parameters out of range"));
    }
    let derived = derive(passphrase, params, &salt)?;
    let mut file = Vec::with_capacity(HEADER_LEN + secret.len() + 16 + CHECKSUM_LEN);
    file.extend_from_slice(MAGIC);
    file.push(VERSION);
    for value in [params.memory_kib, params.iterations, params.lanes] {
        file.extend_from_slice(&value.to_be_bytes());
    }
    file.extend_from_slice(&salt);
    file.extend_from_slice(&derived.check);
    file.extend_from_slice(&nonce);
    let mut body = secret.to_vec();
    aead(&derived.key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&file[..HEADER_LEN]),
            &mut body,
        )
        .map_err(|_| CryptoError::BadKey("aes-256-gcm"))?;
    file.extend_from_slice(&body);
    let checksum = digest(&SHA256, &file);
    file.extend_from_slice(checksum.as_ref());
    Ok(file)
}

/// The Argon2 parameters a key-store file was written with (to decide on an upgrade).
pub fn key_store_params(file: &[u8]) -> Result<KeyStoreParams, CryptoError> {
    let body = checked_body(file)?;
    let number =
        |at: usize| u32::from_be_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
    Ok(KeyStoreParams {
        memory_kib: number(9),
        iterations: number(13),
        lanes: number(17),
    })
}

fn checked_body(file: &[u8]) -> Result<&[u8], CryptoError> {
    if file.len() < HEADER_LEN + 16 + CHECKSUM_LEN || !file.starts_with(MAGIC) {
        return Err(CryptoError::KeyStoreDamaged);
    }
    let (body, checksum) = file.split_at(file.len() - CHECKSUM_LEN);
    if digest(&SHA256, body).as_ref() != checksum {
        return Err(CryptoError::KeyStoreDamaged);
    }
    if body[8] != VERSION {
        return Err(CryptoError::BadKey("key-store version not supported"));
    }
    Ok(body)
}

/// Decrypts a key-store file with `passphrase`.
pub fn open_key_store(passphrase: &str, file: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let params = key_store_params(file)?;
    if !params.is_at_least_minimum() {
        return Err(CryptoError::KeyStoreDamaged);
    }
    let body = checked_body(file)?;
    let salt = &body[21..21 + SALT_LEN];
    let check = &body[21 + SALT_LEN..21 + SALT_LEN + 32];
    let nonce = &body[HEADER_LEN - NONCE_LEN..HEADER_LEN];
    let derived = derive(passphrase, params, salt)?;
    // A plain comparison: the check value is in the file itself, so its timing tells an
    // attacker nothing they could not compute offline from the file.
    if derived.check.as_slice() != check {
        return Err(CryptoError::WrongPassphrase);
    }
    let nonce =
        Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::KeyStoreDamaged)?;
    let mut secret = Zeroizing::new(body[HEADER_LEN..].to_vec());
    let len = aead(&derived.key)?
        .open_in_place(nonce, Aad::from(&body[..HEADER_LEN]), secret.as_mut_slice())
        .map_err(|_| CryptoError::KeyStoreDamaged)?
        .len();
    secret.truncate(len);
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KeyStoreParams = KeyStoreParams::MINIMUM;

    #[test]
    fn the_right_passphrase_opens_and_a_wrong_one_says_so() {
        let file = seal_key_store("mật khẩu của tôi", b"device secrets", FAST).unwrap();
        assert_eq!(
            open_key_store("mật khẩu của tôi", &file)
                .unwrap()
                .as_slice(),
            b"device secrets"
        );
        assert_eq!(
            open_key_store("mat khau cua toi", &file).unwrap_err(),
            CryptoError::WrongPassphrase
        );
        assert_eq!(key_store_params(&file).unwrap(), FAST);
    }

    #[test]
    fn a_damaged_or_edited_file_is_not_mistaken_for_a_wrong_passphrase() {
        let file = seal_key_store("pass", b"device secrets", FAST).unwrap();
        for index in [0, 9, 30, HEADER_LEN + 2, file.len() - 1] {
            let mut damaged = file.clone();
            damaged[index] ^= 0x20;
            assert_eq!(
                open_key_store("pass", &damaged).unwrap_err(),
                CryptoError::KeyStoreDamaged,
                "byte {index}"
            );
        }
        assert_eq!(
            open_key_store("pass", &file[..40]).unwrap_err(),
            CryptoError::KeyStoreDamaged
        );

        // An editor who also fixes the checksum still cannot change the ciphertext unseen.
        let mut edited = file[..file.len() - CHECKSUM_LEN].to_vec();
        edited[HEADER_LEN] ^= 1;
        let checksum = digest(&SHA256, &edited);
        edited.extend_from_slice(checksum.as_ref());
        assert_eq!(
            open_key_store("pass", &edited).unwrap_err(),
            CryptoError::KeyStoreDamaged
        );
    }

    #[test]
    fn parameters_below_the_floor_are_refused() {
        let weak = KeyStoreParams {
            memory_kib: 8,
            iterations: 1,
            lanes: 1,
        };
        assert_eq!(
            seal_key_store("p", b"s", weak).unwrap_err().code(),
            "crypto.bad_key"
        );
    }
}
