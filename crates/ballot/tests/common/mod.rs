//! Helpers shared by the integration tests: a seeded generator for the voters' choices, vote
//! contexts, and whole vote records built the way the app and server build them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use phonghop_ballot::{
    BallotContext, ElectionKey, EncryptedBallot, KeyShare, OsRng, SecretKind, SignedBallot,
    VoteRecord, combine, deal, encrypt_ballot, labels_hash, partial_decrypt, sign_ballot, tally,
};
use phonghop_crypto::SigningSecret;

/// SplitMix64: reproducible choices and committee subsets (the cryptography uses OsRng).
pub struct Choices(u64);

impl Choices {
    /// Seeded from `PHONGHOP_TEST_SEED` or the clock; prints the seed so a failure can be replayed.
    pub fn new(test: &str) -> Self {
        let seed = std::env::var("PHONGHOP_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{test}: PHONGHOP_TEST_SEED={seed}");
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in 0..n.
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }

    /// A random subset of 1..=n of the given size, in random order.
    pub fn subset(&mut self, n: u32, size: u32) -> Vec<u32> {
        let mut all: Vec<u32> = (1..=n).collect();
        for i in (1..all.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            all.swap(i, j);
        }
        all.truncate(size as usize);
        all
    }

    /// Random valid choices for a vote.
    pub fn ballot(&mut self, kind: SecretKind, options: u32) -> Vec<u32> {
        match kind {
            SecretKind::OneOf => vec![self.below(options)],
            SecretKind::UpTo { max } => {
                let count = self.below(max + 1);
                self.subset(options, count).iter().map(|i| i - 1).collect()
            }
            SecretKind::Ratings { levels } => (0..options).map(|_| self.below(levels)).collect(),
        }
    }
}

/// The labels of a vote with `options` options.
pub fn labels(options: u32) -> Vec<String> {
    (0..options)
        .map(|i| format!("Phương án {}", i + 1))
        .collect()
}

/// A context for a vote of `kind` with `options` options.
pub fn context(kind: SecretKind, options: u32, vote_id: &str) -> BallotContext {
    BallotContext {
        organisation: "HĐND tỉnh Thái Nguyên".into(),
        meeting_id: "ky-hop-thu-9".into(),
        vote_id: vote_id.into(),
        kind,
        options,
        labels_hash: labels_hash(&labels(options)),
    }
}

/// The counts `choices` should give (ratings: persons × levels, person-major).
pub fn expected(kind: SecretKind, options: u32, all: &[Vec<u32>]) -> Vec<u32> {
    match kind {
        SecretKind::Ratings { levels } => {
            let mut counts = vec![0; (options * levels) as usize];
            for choices in all {
                for (person, level) in choices.iter().enumerate() {
                    counts[person * levels as usize + *level as usize] += 1;
                }
            }
            counts
        }
        _ => {
            let mut counts = vec![0; options as usize];
            for choices in all {
                for choice in choices {
                    counts[*choice as usize] += 1;
                }
            }
            counts
        }
    }
}

/// A device key for voter `i` (fixed seeds: the same voter, the same key).
pub fn device(i: usize) -> SigningSecret {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
    SigningSecret::from_seed(seed).unwrap()
}

/// A closed vote as the server holds it.
pub struct Vote {
    pub ctx: BallotContext,
    pub key: ElectionKey,
    pub shares: Vec<KeyShare>,
    pub choices: Vec<Vec<u32>>,
    pub ballots: Vec<SignedBallot>,
}

/// Deals a `threshold`-of-`members` key and has `voters` devices cast random ballots.
pub fn cast(
    rng: &mut Choices,
    kind: SecretKind,
    options: u32,
    voters: usize,
    threshold: u32,
    members: u32,
) -> Vote {
    let ctx = context(kind, options, "phieu-kin-1");
    let (key, shares) = deal(threshold, members, &mut OsRng).unwrap();
    let mut choices = Vec::with_capacity(voters);
    let mut ballots = Vec::with_capacity(voters);
    for i in 0..voters {
        let device = device(i);
        let chosen = rng.ballot(kind, options);
        let ballot = encrypt_ballot(&ctx, &key, &device.public_key(), &chosen, &mut OsRng).unwrap();
        ballots.push(sign_ballot(&ctx, &format!("device-{i}"), &device, ballot));
        choices.push(chosen);
    }
    Vote {
        ctx,
        key,
        shares,
        choices,
        ballots,
    }
}

impl Vote {
    pub fn encrypted(&self) -> Vec<EncryptedBallot> {
        self.ballots.iter().map(|b| b.ballot.clone()).collect()
    }

    /// The published record, decrypted by the committee members `members` (1-based).
    pub fn record(&self, members: &[u32]) -> VoteRecord {
        let summed = tally(&self.ctx, &self.encrypted()).unwrap();
        let partials: Vec<_> = members
            .iter()
            .map(|m| {
                partial_decrypt(
                    &self.ctx,
                    &self.key,
                    &self.shares[*m as usize - 1],
                    &summed,
                    &mut OsRng,
                )
                .unwrap()
            })
            .collect();
        let counts = combine(&self.ctx, &self.key, &summed, &partials, summed.ballots()).unwrap();
        VoteRecord {
            context: self.ctx.clone(),
            labels: labels(self.ctx.options),
            key: self.key.clone(),
            ballots: self.ballots.clone(),
            partials,
            counts,
        }
    }
}
