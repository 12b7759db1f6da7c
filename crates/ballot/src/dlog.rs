//! Reading a count out of m·G. Exponential ElGamal decrypts to a point, not a number; since a
//! count is at most the number of voters, a table of 0·G, 1·G, …, max·G finds it.

use std::collections::HashMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::traits::Identity;

use crate::BallotError;

/// The largest bound a table may be built for (a million voters is far beyond any council).
pub const MAX_COUNT: u32 = 1_000_000;

/// The table m·G ↦ m for m in 0..=max.
pub(crate) struct CountTable {
    max: u32,
    table: HashMap<[u8; 32], u32>,
}

impl CountTable {
    /// Builds the table for counts up to `max`.
    pub(crate) fn new(max: u32) -> Result<Self, BallotError> {
        if max > MAX_COUNT {
            return Err(BallotError::CountOutOfRange { max });
        }
        let mut table = HashMap::with_capacity(max as usize + 1);
        let mut point = RistrettoPoint::identity();
        for m in 0..=max {
            table.insert(point.compress().to_bytes(), m);
            point += RISTRETTO_BASEPOINT_POINT;
        }
        Ok(Self { max, table })
    }

    /// The m with `point` = m·G, if m is within the table.
    pub(crate) fn find(&self, point: &RistrettoPoint) -> Result<u32, BallotError> {
        self.table
            .get(point.compress().as_bytes())
            .copied()
            .ok_or(BallotError::CountOutOfRange { max: self.max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::scalar::Scalar;

    #[test]
    fn counts_are_found_up_to_the_bound_and_not_beyond() {
        let table = CountTable::new(20).unwrap();
        for m in [0u32, 1, 7, 20] {
            let point = Scalar::from(m) * RISTRETTO_BASEPOINT_POINT;
            assert_eq!(table.find(&point).unwrap(), m);
        }
        let beyond = Scalar::from(21u32) * RISTRETTO_BASEPOINT_POINT;
        assert_eq!(
            table.find(&beyond).unwrap_err().code(),
            "ballot.count_out_of_range"
        );
        assert!(CountTable::new(MAX_COUNT + 1).is_err());
    }
}
