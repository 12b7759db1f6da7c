//! Secret ballots from the command line: `verify RECORD` checks a published secret vote
//! with no secret and no profile (anyone may run it); `record` writes a vote's record with
//! its labels; `count` publishes this committee member's partial decryption.

use std::path::Path;

use phonghop_core::{App, CoreError};

fn io(path: &Path, error: std::io::Error) -> CoreError {
    CoreError::Refused {
        code: "io.failed",
        detail: format!("{}: {error}", path.display()),
    }
}

/// Checks the record in `path`: every ballot's signature and proofs, the sum, every partial
/// decryption, and that they combine to the counts it states. Prints the result; any
/// failure is an error naming what failed (and the process exits non-zero).
pub fn verify(path: &Path, json: bool) -> Result<(), CoreError> {
    let bytes = std::fs::read(path).map_err(|error| io(path, error))?;
    let record: phonghop_ballot::VoteRecord =
        serde_json::from_slice(&bytes).map_err(|error| CoreError::Refused {
            code: "record.malformed",
            detail: format!("{} is not a vote record: {error}", path.display()),
        })?;
    let counts = phonghop_ballot::verify_record(&record).map_err(|error| CoreError::Refused {
        code: error.code,
        detail: error.detail.clone(),
    })?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "valid": true,
                "vote": record.context.vote_id,
                "ballots": record.ballots.len(),
                "counts": counts,
                "labels": record.labels,
            })
        );
        return Ok(());
    }
    println!(
        "Hồ sơ hợp lệ / record valid: {} phiếu / ballots, {} phần giải mã / partial decryptions",
        record.ballots.len(),
        record.partials.len()
    );
    let levels = ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"];
    match record.context.kind {
        phonghop_ballot::SecretKind::Ratings { .. } => {
            for (person, row) in record.labels.iter().zip(counts.chunks(3)) {
                let cells: Vec<String> = levels
                    .iter()
                    .zip(row)
                    .map(|(level, count)| format!("{level}: {count}"))
                    .collect();
                println!("  {person} — {}", cells.join("; "));
            }
        }
        _ => {
            for (label, count) in record.labels.iter().zip(&counts) {
                println!("  {label}: {count}");
            }
        }
    }
    Ok(())
}

/// Writes the record of secret vote `vote` of `meeting`, with its labels, to `out`.
pub async fn record(app: &App, meeting: &str, vote: &str, out: &Path) -> Result<(), CoreError> {
    let record = app.secret_vote_record(meeting, vote).await?;
    let text = serde_json::to_vec_pretty(&record)
        .map_err(|error| CoreError::BadRecord(error.to_string()))?;
    std::fs::write(out, text).map_err(|error| io(out, error))?;
    println!("Đã ghi / written: {}", out.display());
    Ok(())
}

/// Publishes this committee member's partial decryption of a closed secret vote.
pub async fn count(app: &App, meeting: &str, vote: &str) -> Result<(), CoreError> {
    let view = app.publish_partial_decryption(meeting, vote).await?;
    match view.result {
        Some(result) => println!(
            "Đã mở kết quả / tally opened: {:?} ({} phiếu / ballots)",
            result.counts, result.cast
        ),
        None => {
            let published = view
                .secret
                .map(|secret| {
                    let done = secret
                        .committee
                        .iter()
                        .filter(|seat| seat.published)
                        .count();
                    format!("{done}/{}", secret.threshold)
                })
                .unwrap_or_default();
            println!("Đã công bố phần giải mã / partial published ({published})");
        }
    }
    Ok(())
}
