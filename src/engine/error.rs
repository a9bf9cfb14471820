//! Errors in rule files, with the position of the offending YAML node.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// The rule file (`rules/cloud/AWS001-….yaml` or a user path).
    pub origin: String,
    /// 1-based.
    pub line: Option<u32>,
    /// 1-based, in characters.
    pub column: Option<u32>,
    pub message: String,
}

impl RuleError {
    pub fn new(origin: &str, position: Option<(u32, u32)>, message: impl Into<String>) -> Self {
        RuleError {
            origin: origin.to_string(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RuleError {}
