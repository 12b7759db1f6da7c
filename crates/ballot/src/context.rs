//! What a secret vote decides and everything its proofs are bound to, and the shape of a
//! ballot that follows from it: groups of 0/1 ciphertexts, each with an allowed sum.

use serde::{Deserialize, Serialize};

use phonghop_crypto::Canonical;

use crate::BallotError;

/// Most options (or persons rated) a secret vote may have.
pub const MAX_OPTIONS: u32 = 64;

/// Most levels a rating may have.
pub const MAX_LEVELS: u32 = 16;

/// What is decided. Mirrors `phonghop_domain::vote::VoteKind` without depending on it: a
/// motion or a choice among options is `OneOf`, an election of up to k candidates is
/// `UpTo { max: k }`, a confidence vote is `Ratings { levels: 3 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "SecretKindWire")]
pub enum SecretKind {
    /// Exactly one option.
    OneOf,
    /// Between none and `max` distinct options.
    UpTo {
        /// Most options a ballot may tick.
        max: u32,
    },
    /// Every option (a person) rated at one of `levels` levels.
    Ratings {
        /// Number of levels (three for a confidence vote).
        levels: u32,
    },
}

/// The serialised form of [`SecretKind`], read strictly: serde's internally tagged enums
/// accept stray fields beside a unit variant (`{"kind":"one_of","max":2}`), which would give
/// a record a second text form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretKindWire {
    kind: KindName,
    #[serde(default, deserialize_with = "present")]
    max: Option<u32>,
    #[serde(default, deserialize_with = "present")]
    levels: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    OneOf,
    UpTo,
    Ratings,
}

/// A field that, when present, holds a number (never `null`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    u32::deserialize(deserializer).map(Some)
}

impl TryFrom<SecretKindWire> for SecretKind {
    type Error = &'static str;

    fn try_from(wire: SecretKindWire) -> Result<Self, Self::Error> {
        match (wire.kind, wire.max, wire.levels) {
            (KindName::OneOf, None, None) => Ok(SecretKind::OneOf),
            (KindName::UpTo, Some(max), None) => Ok(SecretKind::UpTo { max }),
            (KindName::Ratings, None, Some(levels)) => Ok(SecretKind::Ratings { levels }),
            _ => Err("one_of has no parameter, up_to has max, ratings has levels"),
        }
    }
}

/// Everything a ballot's proofs are bound to: a proof made for another organisation,
/// meeting, vote, kind, number of options or set of labels never verifies here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotContext {
    /// The organisation holding the meeting.
    pub organisation: String,
    /// The meeting.
    pub meeting_id: String,
    /// The vote within the meeting.
    pub vote_id: String,
    /// What is decided.
    pub kind: SecretKind,
    /// Number of options (for ratings: of persons rated).
    pub options: u32,
    /// [`labels_hash`] of the options' labels, so the meaning of option i is bound too.
    #[serde(with = "crate::encoding::hex_array")]
    pub labels_hash: [u8; 32],
}

/// The hash of the options' labels that [`BallotContext::labels_hash`] holds.
pub fn labels_hash(labels: &[String]) -> [u8; 32] {
    let mut canonical = Canonical::new("secret-ballot-labels/v1").u64(labels.len() as u64);
    for label in labels {
        canonical = canonical.str(label);
    }
    phonghop_crypto::sha256(&canonical.finish())
}

/// The shape of a ballot: `groups` groups of `width` 0/1 values, each group summing to a
/// value in `sum_min..=sum_max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    pub(crate) groups: usize,
    pub(crate) width: usize,
    pub(crate) sum_min: u32,
    pub(crate) sum_max: u32,
}

impl Shape {
    /// Number of ciphertexts in a ballot and in the tally.
    pub(crate) fn cells(&self) -> usize {
        self.groups * self.width
    }
}

impl BallotContext {
    /// Checks the description and returns the ballot's shape.
    pub(crate) fn shape(&self) -> Result<Shape, BallotError> {
        if self.options == 0 || self.options > MAX_OPTIONS {
            return Err(BallotError::BadContext("between 1 and 64 options"));
        }
        let options = self.options as usize;
        match self.kind {
            SecretKind::OneOf => Ok(Shape {
                groups: 1,
                width: options,
                sum_min: 1,
                sum_max: 1,
            }),
            SecretKind::UpTo { max } if max == 0 || max > self.options => Err(
                BallotError::BadContext("the maximum is between 1 and the number of options"),
            ),
            SecretKind::UpTo { max } => Ok(Shape {
                groups: 1,
                width: options,
                sum_min: 0,
                sum_max: max,
            }),
            SecretKind::Ratings { levels } if !(2..=MAX_LEVELS).contains(&levels) => {
                Err(BallotError::BadContext("between 2 and 16 levels"))
            }
            SecretKind::Ratings { levels } => Ok(Shape {
                groups: options,
                width: levels as usize,
                sum_min: 1,
                sum_max: 1,
            }),
        }
    }

    /// The 0/1 values a ballot encrypts for `choices`, group by group, after checking the
    /// choices as `phonghop_domain` does.
    pub(crate) fn plaintext(&self, choices: &[u32]) -> Result<Vec<Vec<u32>>, BallotError> {
        let shape = self.shape()?;
        match self.kind {
            SecretKind::OneOf => match choices {
                [choice] if *choice < self.options => {
                    let mut row = vec![0; shape.width];
                    row[*choice as usize] = 1;
                    Ok(vec![row])
                }
                [_] => Err(BallotError::BadChoice("a choice is out of range")),
                _ => Err(BallotError::BadChoice("this vote takes exactly one choice")),
            },
            SecretKind::UpTo { max } => {
                if choices.len() > max as usize {
                    return Err(BallotError::BadChoice("more options ticked than allowed"));
                }
                let mut row = vec![0; shape.width];
                for choice in choices {
                    let cell = row
                        .get_mut(*choice as usize)
                        .ok_or(BallotError::BadChoice("a choice is out of range"))?;
                    if *cell == 1 {
                        return Err(BallotError::BadChoice("the same option is chosen twice"));
                    }
                    *cell = 1;
                }
                Ok(vec![row])
            }
            SecretKind::Ratings { levels } => {
                if choices.len() != self.options as usize {
                    return Err(BallotError::BadChoice(
                        "a rating ballot rates every person exactly once",
                    ));
                }
                choices
                    .iter()
                    .map(|level| {
                        if *level >= levels {
                            return Err(BallotError::BadChoice("a level is out of range"));
                        }
                        let mut row = vec![0; shape.width];
                        row[*level as usize] = 1;
                        Ok(row)
                    })
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(kind: SecretKind, options: u32) -> BallotContext {
        BallotContext {
            organisation: "HĐND tỉnh".into(),
            meeting_id: "m".into(),
            vote_id: "v".into(),
            kind,
            options,
            labels_hash: [0; 32],
        }
    }

    #[test]
    fn choices_are_checked_like_the_domain_does() {
        let one = ctx(SecretKind::OneOf, 3);
        assert_eq!(one.plaintext(&[2]).unwrap(), vec![vec![0, 0, 1]]);
        assert!(one.plaintext(&[3]).is_err());
        assert!(one.plaintext(&[0, 1]).is_err());
        assert!(one.plaintext(&[]).is_err());
        let up = ctx(SecretKind::UpTo { max: 2 }, 4);
        assert_eq!(up.plaintext(&[]).unwrap(), vec![vec![0; 4]]);
        assert_eq!(up.plaintext(&[3, 0]).unwrap(), vec![vec![1, 0, 0, 1]]);
        assert!(up.plaintext(&[1, 1]).is_err());
        assert!(up.plaintext(&[0, 1, 2]).is_err());
        assert!(up.plaintext(&[4]).is_err());
        let rate = ctx(SecretKind::Ratings { levels: 3 }, 2);
        assert_eq!(
            rate.plaintext(&[2, 0]).unwrap(),
            vec![vec![0, 0, 1], vec![1, 0, 0]]
        );
        assert!(rate.plaintext(&[3, 0]).is_err());
        assert!(rate.plaintext(&[0]).is_err());
        assert_eq!(
            rate.plaintext(&[0]).unwrap_err().code(),
            "ballot.bad_choice"
        );
    }

    #[test]
    fn impossible_votes_are_refused() {
        assert!(ctx(SecretKind::OneOf, 0).shape().is_err());
        assert!(ctx(SecretKind::OneOf, 65).shape().is_err());
        assert!(ctx(SecretKind::UpTo { max: 0 }, 3).shape().is_err());
        assert!(ctx(SecretKind::UpTo { max: 4 }, 3).shape().is_err());
        assert!(ctx(SecretKind::Ratings { levels: 1 }, 3).shape().is_err());
    }

    #[test]
    fn the_context_serialises_with_a_kind_tag_and_hex_hash() {
        let json = serde_json::to_string(&ctx(SecretKind::UpTo { max: 2 }, 4)).unwrap();
        assert!(
            json.contains(r#""kind":{"kind":"up_to","max":2}"#),
            "{json}"
        );
        assert!(json.contains(&"0".repeat(64)));
        let back: BallotContext = serde_json::from_str(&json).unwrap();
        for kind in [
            SecretKind::OneOf,
            SecretKind::UpTo { max: 3 },
            SecretKind::Ratings { levels: 3 },
        ] {
            let text = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<SecretKind>(&text).unwrap(), kind);
        }
        assert_eq!(back, ctx(SecretKind::UpTo { max: 2 }, 4));
        let upper = json.replace(&"0".repeat(64), &"A".repeat(64));
        assert!(serde_json::from_str::<BallotContext>(&upper).is_err());
        for extra in [
            r#"{"kind":"one_of","max":2}"#,
            r#"{"kind":"up_to","max":2,"x":1}"#,
            r#"{"kind":"up_to","max":null}"#,
            r#"{"kind":"up_to","levels":2}"#,
            r#"{"kind":"ratings"}"#,
        ] {
            assert!(
                serde_json::from_str::<SecretKind>(extra).is_err(),
                "{extra}"
            );
        }
    }

    #[test]
    fn labels_hash_depends_on_every_label_and_their_boundaries() {
        let a = labels_hash(&["ab".into(), "c".into()]);
        let b = labels_hash(&["a".into(), "bc".into()]);
        assert_ne!(a, b);
    }
}
