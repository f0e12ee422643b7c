//! Errors as the UI receives them: `{code, message}`, the message a plain sentence.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl std::fmt::Display) -> Self {
        ApiError {
            code,
            message: message.to_string(),
        }
    }
}
