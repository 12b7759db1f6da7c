//! Importing a body's members from a spreadsheet (CSV), as secretariats keep them: a header
//! row, then one person per row with name, title, committee and role. Headers and roles may
//! be written in Vietnamese or English. Every row is checked before anything is written;
//! one bad row stops the import and every bad row is named with its line number.

use std::io::Read;

use phonghop_domain::Role;
use unicode_normalization::UnicodeNormalization;

use crate::db::{ImportOutcome, MetadataStore, NewMember};
use crate::enrollment::{CODE_SECS, code_hash, new_code};
use crate::{ApiError, db};

/// Largest file accepted.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Largest import accepted, in rows (a provincial council has under a hundred members).
pub const MAX_ROWS: usize = 5_000;

/// A person read from the file, before import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// Line in the file (1 is the header).
    pub line: u64,
    /// Full name.
    pub display_name: String,
    /// Title or office.
    pub title: String,
    /// Committee, or empty.
    pub committee: String,
    /// Role.
    pub role: Role,
}

/// What the import did with one person, with the code to hand them if they are new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMember {
    /// The row as read.
    pub row: MemberRow,
    /// The person's id (new or existing).
    pub user_id: String,
    /// A one-time enrollment code for a new person; `None` when they were already present.
    pub code: Option<String>,
}

/// Folds a label for comparison: NFC, lower case, single spaces.
fn fold(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a role written as the stable English word or as the Vietnamese title of the role.
pub fn parse_role_label(text: &str) -> Option<Role> {
    let folded = fold(text);
    let role = match folded.as_str() {
        "thư ký" | "thư kí" => Role::Secretary,
        "chủ tọa" | "chủ toạ" | "chủ trì" => Role::Chair,
        "đại biểu" | "thành viên" | "ủy viên" | "uỷ viên" => Role::Member,
        "khách mời" | "khách" => Role::Guest,
        "quản trị" | "quản trị viên" => Role::Admin,
        other => return Role::parse(other),
    };
    Some(role)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Title,
    Committee,
    Role,
}

fn column_of(header: &str) -> Option<Column> {
    match fold(header).as_str() {
        "name" | "họ tên" | "họ và tên" | "tên" => Some(Column::Name),
        "title" | "chức vụ" | "chức danh" => Some(Column::Title),
        "committee" | "ban" | "cơ quan" | "đơn vị" | "tổ" => Some(Column::Committee),
        "role" | "vai trò" => Some(Column::Role),
        _ => None,
    }
}

fn bad_file(problems: &[String]) -> ApiError {
    ApiError::bad_request(
        "import.bad_rows",
        format!(
            "nothing was imported; fix these lines and run again:\n{}",
            problems.join("\n")
        ),
    )
}

/// Reads and checks every row. A missing column, an unknown role or an empty name on any
/// row makes the whole file an error naming each bad line.
pub fn read_members(input: impl Read) -> Result<Vec<MemberRow>, ApiError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ApiError::io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad_file(&[format!(
            "the file is larger than {} MiB",
            MAX_FILE_BYTES >> 20
        )]));
    }
    // Line numbers as an editor shows them (the reader does not count blank lines).
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |position| {
            // A record's position can fall before the blank lines that precede it.
            let mut start = usize::try_from(position.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
                start += 1;
            }
            1 + bytes[..start].iter().filter(|byte| **byte == b'\n').count() as u64
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|error| bad_file(&[format!("line 1: {error}")]))?
        .clone();
    let columns: Vec<Option<Column>> = headers.iter().map(column_of).collect();
    let position = |wanted: Column| columns.iter().position(|c| *c == Some(wanted));
    let (Some(name_at), Some(role_at)) = (position(Column::Name), position(Column::Role)) else {
        return Err(bad_file(&[format!(
            "line 1: the header needs columns for the name (họ tên / name) and the role \
             (vai trò / role); found: {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        )]));
    };
    let title_at = position(Column::Title);
    let committee_at = position(Column::Committee);

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = line_at(error.position());
                problems.push(format!("line {line}: {error}"));
                continue;
            }
        };
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() + problems.len() >= MAX_ROWS {
            problems.push(format!("line {line}: more than {MAX_ROWS} rows"));
            break;
        }
        let field = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .map(|text| text.nfc().collect::<String>())
                .unwrap_or_default()
        };
        let display_name = field(Some(name_at));
        let role_text = field(Some(role_at));
        let role = parse_role_label(&role_text);
        if display_name.is_empty() || display_name.chars().count() > 200 {
            problems.push(format!(
                "line {line}: the name must have 1 to 200 characters"
            ));
        }
        if role.is_none() {
            problems.push(format!(
                "line {line}: unknown role \"{role_text}\" (use thư ký, chủ tọa, đại biểu, \
                 khách mời, quản trị or secretary, chair, member, guest, admin)"
            ));
        }
        if let Some(role) = role {
            rows.push(MemberRow {
                line,
                display_name,
                title: field(title_at),
                committee: field(committee_at),
                role,
            });
        }
    }
    if !problems.is_empty() {
        return Err(bad_file(&problems));
    }
    Ok(rows)
}

/// Imports the rows in one transaction and issues a code to everyone new.
pub fn import_members(
    db: &dyn MetadataStore,
    rows: Vec<MemberRow>,
) -> Result<Vec<ImportedMember>, ApiError> {
    let expires_at = db::now() + CODE_SECS;
    let mut prepared = Vec::with_capacity(rows.len());
    let mut codes = Vec::with_capacity(rows.len());
    for row in &rows {
        let code = new_code()?;
        prepared.push(NewMember {
            user_id: uuid::Uuid::new_v4().to_string(),
            display_name: row.display_name.clone(),
            title: row.title.clone(),
            committee: row.committee.clone(),
            role: row.role,
            code_hash: code_hash(&code),
            code_expires_at: expires_at,
        });
        codes.push(code);
    }
    let outcomes = db.import_members(&prepared)?;
    Ok(rows
        .into_iter()
        .zip(codes)
        .zip(outcomes)
        .map(|((row, code), outcome)| match outcome {
            ImportOutcome::Added { user_id } => ImportedMember {
                row,
                user_id,
                code: Some(code),
            },
            ImportOutcome::AlreadyPresent { user_id } => ImportedMember {
                row,
                user_id,
                code: None,
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_in_vietnamese_whatever_the_case_or_normal_form() {
        assert_eq!(parse_role_label("Đại biểu"), Some(Role::Member));
        assert_eq!(parse_role_label("THƯ KÝ"), Some(Role::Secretary));
        // "chủ tọa" typed in decomposed form, as some spreadsheets save it.
        let decomposed: String = "chủ tọa".nfd().collect();
        assert_eq!(parse_role_label(&decomposed), Some(Role::Chair));
        assert_eq!(parse_role_label("khách  mời"), Some(Role::Guest));
        assert_eq!(parse_role_label("member"), Some(Role::Member));
        assert_eq!(parse_role_label("chủ tịch nước"), None);
    }

    #[test]
    fn a_file_with_vietnamese_headers_reads_every_row() {
        let file = "Họ và tên,Chức vụ,Ban,Vai trò\n\
                    Nguyễn Thị Hoa,Đại biểu HĐND tỉnh,Ban Kinh tế - Ngân sách,đại biểu\n\
                    \n\
                    \"Trần Văn Nam\",\"Trưởng ban, Ban Pháp chế\",Ban Pháp chế,Chủ tọa\n";
        let rows = read_members(file.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].display_name, "Nguyễn Thị Hoa");
        assert_eq!(rows[0].committee, "Ban Kinh tế - Ngân sách");
        assert_eq!(rows[1].title, "Trưởng ban, Ban Pháp chế");
        assert_eq!(rows[1].role, Role::Chair);
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_accepted() {
        let file = "name,title,committee,role\n\
                    Lê Văn A,,Ban X,member\n\
                    ,,Ban X,member\n\
                    Phạm Thị B,,Ban X,president\n";
        let error = read_members(file.as_bytes()).unwrap_err();
        assert_eq!(error.body.code, "import.bad_rows");
        assert!(
            error.body.message.contains("line 3: the name"),
            "{}",
            error.body.message
        );
        assert!(
            error
                .body
                .message
                .contains("line 4: unknown role \"president\"")
        );
        assert!(!error.body.message.contains("line 2"));
    }

    #[test]
    fn a_header_without_name_or_role_is_refused() {
        let error = read_members("ho,ten\nA,B\n".as_bytes()).unwrap_err();
        assert!(
            error.body.message.contains("line 1"),
            "{}",
            error.body.message
        );
    }
}
