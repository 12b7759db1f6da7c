//! The exact bytes a signature or hash covers. Records are never signed as JSON text (which
//! can be re-serialised differently); they are encoded here field by field, each with a type
//! tag and a length, after a domain-separation label that names what the bytes are.

/// Builder of a canonical, unambiguous byte encoding.
#[derive(Debug, Clone)]
pub struct Canonical {
    bytes: Vec<u8>,
}

const TAG_U64: u8 = 1;
const TAG_BYTES: u8 = 2;
const TAG_STR: u8 = 3;
const TAG_BOOL: u8 = 4;

impl Canonical {
    /// Starts an encoding for records of kind `label` (e.g. "device-certificate/v1").
    pub fn new(label: &str) -> Self {
        let mut bytes = b"phonghop\0".to_vec();
        bytes.extend_from_slice(&(label.len() as u32).to_be_bytes());
        bytes.extend_from_slice(label.as_bytes());
        Self { bytes }
    }

    /// Appends an unsigned integer.
    pub fn u64(mut self, value: u64) -> Self {
        self.bytes.push(TAG_U64);
        self.bytes.extend_from_slice(&value.to_be_bytes());
        self
    }

    /// Appends a byte string.
    pub fn bytes(mut self, value: &[u8]) -> Self {
        self.bytes.push(TAG_BYTES);
        self.bytes
            .extend_from_slice(&(value.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(value);
        self
    }

    /// Appends a UTF-8 string.
    pub fn str(mut self, value: &str) -> Self {
        self.bytes.push(TAG_STR);
        self.bytes
            .extend_from_slice(&(value.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(value.as_bytes());
        self
    }

    /// Appends a boolean.
    pub fn bool(mut self, value: bool) -> Self {
        self.bytes.push(TAG_BOOL);
        self.bytes.push(u8::from(value));
        self
    }

    /// The encoded bytes.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_and_types_cannot_be_confused() {
        let a = Canonical::new("x/v1").str("ab").str("c").finish();
        let b = Canonical::new("x/v1").str("a").str("bc").finish();
        assert_ne!(a, b);
        let as_text = Canonical::new("x/v1").str("7").finish();
        let as_bytes = Canonical::new("x/v1").bytes(b"7").finish();
        assert_ne!(as_text, as_bytes);
        let other_label = Canonical::new("y/v1").str("ab").str("c").finish();
        assert_ne!(a, other_label);
    }
}
