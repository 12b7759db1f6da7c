//! The facade's error: one enum over every layer, each variant with a stable code that the
//! interface translates into Vietnamese or English.

use phonghop_domain::ErrorBody;

/// Why an application operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// No profile at the given place.
    #[error("no enrolled profile in {0}")]
    ProfileMissing(String),
    /// The profile's device key is protected by a passphrase that was not given.
    #[error("the profile in {0} is locked: its passphrase is needed")]
    ProfileLocked(String),
    /// A new passphrase is too short to protect the key.
    #[error("the passphrase must have at least 8 characters")]
    WeakPassphrase,
    /// A profile already exists where a new one would be written.
    #[error("a profile already exists in {0}")]
    ProfileExists(String),
    /// The profile's files are damaged.
    #[error("the profile in {path} is damaged: {detail}")]
    ProfileDamaged {
        /// Profile folder.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// Reading or writing a file failed.
    #[error("file error on {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] phonghop_store::StoreError),
    /// Talking to the server failed.
    #[error(transparent)]
    Sync(#[from] phonghop_sync::SyncError),
    /// Decryption or key handling failed.
    #[error(transparent)]
    Crypto(#[from] phonghop_crypto::CryptoError),
    /// PDF handling failed.
    #[error(transparent)]
    Pdf(#[from] phonghop_pdf::PdfError),
    /// A decrypted record does not have the expected shape.
    #[error("a meeting record could not be read: {0}")]
    BadRecord(String),
    /// No meeting with this id is on this device.
    #[error("no meeting {0} on this device")]
    MeetingNotFound(String),
    /// The meeting has no document with this id.
    #[error("the meeting has no document {0}")]
    DocumentNotFound(String),
    /// The document's content has not been downloaded yet.
    #[error("document {0} is not downloaded to this device yet")]
    DocumentNotDownloaded(String),
    /// The operation needs a role this profile does not have.
    #[error("this profile's role does not allow that")]
    NotAllowed,
    /// Input the rules refuse before anything is sent (a ballot that does not fit its vote,
    /// an agenda item the meeting lacks); `code` is the same the server would answer.
    #[error("{detail}")]
    Refused {
        /// Stable code.
        code: &'static str,
        /// English detail.
        detail: String,
    },
}

impl CoreError {
    /// A refusal with a stable code of its own (`annotation.not_yours`, `draft.bad_time`…)
    /// and an English detail.
    pub(crate) fn refused(code: &'static str, detail: impl Into<String>) -> Self {
        CoreError::Refused {
            code,
            detail: detail.into(),
        }
    }

    /// Stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::ProfileMissing(_) => "profile.missing",
            CoreError::ProfileExists(_) => "profile.exists",
            CoreError::ProfileLocked(_) => "profile.locked",
            CoreError::WeakPassphrase => "profile.weak_passphrase",
            CoreError::ProfileDamaged { .. } => "profile.damaged",
            CoreError::Io { .. } => "io.failed",
            CoreError::Store(error) => error.code(),
            CoreError::Sync(error) => error.code(),
            CoreError::Crypto(error) => error.code(),
            CoreError::Pdf(error) => error.code(),
            CoreError::BadRecord(_) => "record.malformed",
            CoreError::NotAllowed => "auth.forbidden",
            CoreError::Refused { code, .. } => code,
            CoreError::MeetingNotFound(_) => "meeting.not_found",
            CoreError::DocumentNotFound(_) => "document.not_found",
            CoreError::DocumentNotDownloaded(_) => "document.not_downloaded",
        }
    }

    /// The error as it crosses to the interface. A refusal the server explained keeps the
    /// server's own code (`vote.closed`, `speakers.not_waiting`…), so the interface can say
    /// exactly what happened; a forbidden action is `auth.forbidden`.
    pub fn to_body(&self) -> ErrorBody {
        match self {
            CoreError::Sync(phonghop_sync::SyncError::Server { status, body })
                if (400..500).contains(status) =>
            {
                body.clone()
            }
            CoreError::Sync(phonghop_sync::SyncError::Forbidden(message)) => {
                ErrorBody::new("auth.forbidden", message.clone())
            }
            _ => ErrorBody::new(self.code(), self.to_string()),
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
