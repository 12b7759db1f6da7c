//! One-time enrollment codes: sixteen digits a person types into the app to enroll a device.
//! The server keeps only a hash; a code works once and expires.

use phonghop_domain::Role;
use phonghop_domain::wire::EnrollmentCode;

use crate::ApiError;
use crate::db::{MetadataStore, now};

/// How long an enrollment code stays usable.
pub const CODE_SECS: i64 = 7 * 24 * 3600;

/// The digits of a code as typed, separators dropped, hashed as the server stores it.
pub fn code_hash(code: &str) -> String {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    phonghop_crypto::sha256_hex(format!("enrollment-code/v1:{digits}").as_bytes())
}

/// Sixteen random digits in groups of four: easy to read aloud and type. Bytes of 250 and
/// above are skipped so every digit is equally likely.
pub(crate) fn new_code() -> Result<String, ApiError> {
    let mut digits = String::with_capacity(19);
    let mut count = 0;
    while count < 16 {
        for byte in phonghop_crypto::random_bytes::<32>().map_err(ApiError::internal)? {
            if byte >= 250 || count == 16 {
                continue;
            }
            if count > 0 && count % 4 == 0 {
                digits.push('-');
            }
            digits.push(char::from(b'0' + byte % 10));
            count += 1;
        }
    }
    Ok(digits)
}

/// Issues a fresh code for an existing, active person.
pub fn issue_code(db: &dyn MetadataStore, user_id: &str) -> Result<EnrollmentCode, ApiError> {
    let code = new_code()?;
    let expires_at = now() + CODE_SECS;
    db.add_enrollment_code(user_id, &code_hash(&code), expires_at)?;
    Ok(EnrollmentCode { code, expires_at })
}

/// Adds a person and returns their id (names are trimmed; 1 to 200 characters).
pub fn add_person(
    db: &dyn MetadataStore,
    display_name: &str,
    title: &str,
    role: Role,
) -> Result<String, ApiError> {
    let name = display_name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "user.bad_name",
            "a name has 1 to 200 characters",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    db.add_user(&id, name, title.trim(), role)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sixteen_digits_in_groups_and_hash_the_same_however_typed() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 19);
        assert!(
            code.split('-')
                .all(|group| group.len() == 4 && group.bytes().all(|b| b.is_ascii_digit()))
        );
        assert_eq!(code_hash(&code), code_hash(&code.replace('-', " ")));
        assert_ne!(
            code_hash("1111-1111-1111-1111"),
            code_hash("1111-1111-1111-1112")
        );
    }

    #[test]
    fn digits_are_spread_evenly() {
        let mut counts = [0u32; 10];
        for _ in 0..500 {
            for digit in new_code().unwrap().bytes().filter(u8::is_ascii_digit) {
                counts[usize::from(digit - b'0')] += 1;
            }
        }
        // 8,000 digits: each should be near 800; a biased generator would stray far.
        assert!(
            counts.iter().all(|&count| (650..950).contains(&count)),
            "{counts:?}"
        );
    }
}
