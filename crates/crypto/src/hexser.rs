//! Serde helpers writing byte arrays as lower-case hex text (public keys, signatures).

use serde::{Deserialize, Deserializer, Serializer};

/// Serialises bytes as hex.
pub fn serialize<S: Serializer, const N: usize>(
    bytes: &[u8; N],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex::encode(bytes))
}

/// Deserialises hex into an array of the exact length.
pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
) -> Result<[u8; N], D::Error> {
    let text = String::deserialize(deserializer)?;
    let mut bytes = [0u8; N];
    hex::decode_to_slice(&text, &mut bytes).map_err(serde::de::Error::custom)?;
    Ok(bytes)
}
