//! What a scan report holds: findings with resolved locations, and the fate
//! of every file. These are the types every report format reads; they are
//! made at the edge (`report::resolve`) from a unit's spans.

use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

/// How bad a finding is. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium or low)"
            )),
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved place in a file: path relative to the working directory when
/// possible, 1-based lines and columns, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Another place that explains a finding (module call site, values line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    pub location: Location,
    pub note: String,
}

/// Source lines around a finding: a window onto the shared file, so
/// reports never re-read files and a finding never copies its lines (one
/// long line holding a thousand findings is held once).
#[derive(Clone, Debug, Default)]
pub struct Excerpt {
    file: Option<Arc<crate::source::SourceFile>>,
    first: u32,
    last: u32,
}

impl Excerpt {
    /// Lines `first..=last` (1-based) of `file`.
    pub fn new(file: Arc<crate::source::SourceFile>, first: u32, last: u32) -> Self {
        let last = last.min(file_lines(&file));
        Excerpt {
            file: Some(file),
            first,
            last,
        }
    }

    /// An excerpt of the given lines, the first numbered `first_line`
    /// (for tests and generated text).
    pub fn from_lines(first_line: u32, lines: &[&str]) -> Self {
        let padding = "\n".repeat(first_line.saturating_sub(1) as usize);
        let text = format!("{padding}{}", lines.join("\n"));
        let file = Arc::new(crate::source::SourceFile::new("".into(), text.into()));
        let last = first_line + lines.len() as u32 - 1;
        Excerpt::new(file, first_line, last)
    }

    /// (1-based line number, text) pairs, in order.
    pub fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.file
            .iter()
            .flat_map(move |file| (self.first..=self.last).map(move |n| (n, file.line_text(n))))
    }
}

fn file_lines(file: &crate::source::SourceFile) -> u32 {
    file.line_count()
}

impl PartialEq for Excerpt {
    fn eq(&self, other: &Self) -> bool {
        self.lines().eq(other.lines())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    /// Shared with the rule (and every other finding of it).
    pub title: Arc<str>,
    pub message: String,
    pub location: Location,
    /// The resource's address, e.g. `aws_s3_bucket.logs`.
    pub resource: String,
    /// The rule's recipe, shared.
    pub remediation: Arc<str>,
    pub references: Arc<IndexMap<String, Vec<String>>>,
    pub trace: Vec<TraceStep>,
    /// Stable across edits that move lines: rule + resource + path.
    pub fingerprint: String,
    pub excerpt: Excerpt,
    /// Set when a comment, an annotation or strata.toml silences the
    /// finding: it stays in JSON and SARIF, marked, and fails nothing.
    pub suppressed: Option<Suppression>,
    /// Why the resource is reachable from outside (a public flag, an open
    /// security group, a `LoadBalancer` Service): ranks it in "Fix first".
    /// Boxed: most findings have none, and a report holds many findings.
    pub exposure: Option<Box<TraceStep>>,
}

/// Why a finding is silenced. The kinds are SARIF's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub justification: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionKind {
    /// A comment or annotation next to the code.
    InSource,
    /// An `[[ignore]]` entry of strata.toml.
    External,
}

impl SuppressionKind {
    /// SARIF's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        }
    }
}

/// The language of a discovered file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Terraform,
    Kubernetes,
    Helm,
    Dockerfile,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStatus {
    Scanned,
    Skipped(String),
    Error(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    pub status: FileStatus,
}

/// Something the user should know that is not a finding: a suppression
/// that names no rule, has no reason or silences nothing; a scan that found
/// no file. Every output carries warnings; they fail the run only when the
/// user asks (`--strict-suppressions`, `--fail-on-empty`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where, when the warning is about a place in a file.
    pub location: Option<Location>,
    pub kind: WarningKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A suppression comment names an id no rule has or cites.
    UnknownRule,
    /// A `strata:ignore` comment without a reason.
    MissingReason,
    /// A suppression comment that silenced no finding.
    UnusedSuppression,
    /// An `[[ignore]]` entry of strata.toml past its `expires` day: it
    /// silences nothing any more.
    ExpiredIgnore,
    /// The scan found no file to analyse.
    EmptyScan,
    /// A module call whose source directory does not exist (or holds no
    /// configuration): the caller is analysed, the module is not.
    ModuleSourceMissing,
    /// An input a kustomization names that Strata does not apply (a
    /// remote base, a generator, a plugin): the rest is analysed.
    NotApplied,
}

impl WarningKind {
    /// Every kind, in the order reports sort them.
    pub const ALL: [WarningKind; 7] = [
        WarningKind::UnknownRule,
        WarningKind::MissingReason,
        WarningKind::UnusedSuppression,
        WarningKind::ExpiredIgnore,
        WarningKind::EmptyScan,
        WarningKind::ModuleSourceMissing,
        WarningKind::NotApplied,
    ];

    /// The kind [`WarningKind::as_str`] names.
    pub fn from_name(name: &str) -> Option<WarningKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The stable name JSON and SARIF show.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::UnknownRule => "unknown-rule-in-suppression",
            WarningKind::MissingReason => "suppression-without-reason",
            WarningKind::UnusedSuppression => "unused-suppression",
            WarningKind::ExpiredIgnore => "expired-ignore",
            WarningKind::EmptyScan => "empty-scan",
            WarningKind::ModuleSourceMissing => "module-source-missing",
            WarningKind::NotApplied => "input-not-applied",
        }
    }

    /// Whether `--strict-suppressions` makes this warning fail the run.
    pub fn is_about_suppressions(self) -> bool {
        matches!(
            self,
            WarningKind::UnknownRule
                | WarningKind::MissingReason
                | WarningKind::UnusedSuppression
                | WarningKind::ExpiredIgnore
        )
    }
}

/// The whole result of a scan, in a deterministic order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScanReport {
    pub files: Vec<FileEntry>,
    pub resources: usize,
    pub findings: Vec<Finding>,
    /// Resource types no rule applies to, with how many resources of each,
    /// most first: what "no findings" does not vouch for.
    pub not_covered: Vec<(String, usize)>,
    pub warnings: Vec<Warning>,
}

impl ScanReport {
    /// Findings that count: not suppressed.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }

    pub fn count_by_severity(&self) -> IndexMap<Severity, usize> {
        let mut counts: IndexMap<Severity, usize> = Severity::ALL.iter().map(|&s| (s, 0)).collect();
        for f in self.active() {
            *counts.entry(f.severity).or_default() += 1;
        }
        counts
    }

    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.status, FileStatus::Error(_)))
    }

    /// Sorts findings by severity (worst first), then path and line; files by path.
    pub fn sort(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        self.findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.location.cmp(&b.location))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
                .then_with(|| a.content_order(b))
        });
        self.warnings.sort();
        self.warnings.dedup();
    }
}

impl Finding {
    /// Orders findings at the same place by what the report shows of them
    /// (the same module finding reached through two callers differs in its
    /// address and trace), so which one is kept never depends on the order
    /// units ran in — and a merge of shards keeps the one a single run would
    /// (`merge` orders JSON and SARIF results the same way).
    fn content_order(&self, other: &Finding) -> std::cmp::Ordering {
        let trace = |f: &Finding| -> Vec<(String, u32, String)> {
            (f.trace.iter())
                .map(|s| {
                    (
                        s.location.path.clone(),
                        s.location.start_line,
                        s.note.clone(),
                    )
                })
                .collect()
        };
        (self.resource.cmp(&other.resource))
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| trace(self).cmp(&trace(other)))
            .then_with(|| self.fingerprint.cmp(&other.fingerprint))
    }
}
