//! The JSON report: the stable, versioned contract of DESIGN.md ("JSON
//! output, version 1"). Typed structs, not `serde_json::Value`, so keys come
//! out in contract order whatever serde_json features the build enables.

use std::io::{self, Write};

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

use crate::findings::{FileKind, FileStatus, Finding, ScanReport, Severity, TraceStep};

/// Bumped only for changes that break existing consumers.
const FORMAT_VERSION: u32 = 1;

pub(super) fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonReport::new(report))?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    summary: Summary<'a>,
    files: Vec<JsonFile<'a>>,
    /// Serialised one at a time: a view of every finding at once was the
    /// largest allocation of a big scan's last step.
    findings: Lazy<'a, Finding>,
    /// Broken or unused suppressions, an empty scan: not findings.
    warnings: Vec<JsonWarning<'a>>,
}

/// Items serialised through a view made for each as it is written.
struct Lazy<'a, T, V = JsonFinding<'a>>(&'a [T], fn(&'a T) -> V);

impl<T, V: Serialize> Serialize for Lazy<'_, T, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    kind: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    resources: usize,
    /// Findings that count (not suppressed).
    findings: usize,
    #[serde(serialize_with = "ordered_map")]
    by_severity: IndexMap<Severity, usize>,
    suppressed: usize,
    /// Resource kinds no rule applies to, with their counts, most first.
    #[serde(serialize_with = "ordered_pairs")]
    not_covered: &'a [(String, usize)],
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    kind: FileKind,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    severity: Severity,
    title: &'a str,
    message: &'a str,
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    resource: &'a str,
    remediation: &'a str,
    #[serde(serialize_with = "ordered_map")]
    references: &'a IndexMap<String, Vec<String>>,
    trace: Vec<JsonTraceStep<'a>>,
    fingerprint: &'a str,
    /// Present only when the resource is reachable from outside.
    #[serde(skip_serializing_if = "Option::is_none")]
    exposure: Option<JsonTraceStep<'a>>,
    /// Present only on suppressed findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppression<'a>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonTraceStep<'a> {
    path: &'a str,
    start_line: u32,
    note: &'a str,
}

impl<'a> JsonTraceStep<'a> {
    fn new(step: &'a TraceStep) -> Self {
        JsonTraceStep {
            path: &step.location.path,
            start_line: step.location.start_line,
            note: &step.note,
        }
    }
}

impl<'a> JsonReport<'a> {
    fn new(report: &'a ScanReport) -> Self {
        JsonReport {
            version: FORMAT_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            summary: Summary {
                files: report.files.len(),
                resources: report.resources,
                findings: report.active().count(),
                by_severity: report.count_by_severity(),
                suppressed: report.findings.len() - report.active().count(),
                not_covered: &report.not_covered,
            },
            files: report
                .files
                .iter()
                .map(|file| {
                    let (status, reason, error) = match &file.status {
                        FileStatus::Scanned => ("scanned", None, None),
                        FileStatus::Skipped(reason) => ("skipped", Some(reason.as_str()), None),
                        FileStatus::Error(message) => ("error", None, Some(message.as_str())),
                    };
                    JsonFile {
                        path: &file.path,
                        kind: file.kind,
                        status,
                        reason,
                        error,
                    }
                })
                .collect(),
            findings: Lazy(&report.findings, JsonFinding::new),
            warnings: report
                .warnings
                .iter()
                .map(|w| JsonWarning {
                    kind: w.kind.as_str(),
                    message: &w.message,
                    path: w.location.as_ref().map(|l| l.path.as_str()),
                    start_line: w.location.as_ref().map(|l| l.start_line),
                    start_column: w.location.as_ref().map(|l| l.start_column),
                })
                .collect(),
        }
    }
}

impl<'a> JsonFinding<'a> {
    fn new(finding: &'a Finding) -> Self {
        let location = &finding.location;
        JsonFinding {
            rule_id: &finding.rule_id,
            severity: finding.severity,
            title: &finding.title,
            message: &finding.message,
            path: &location.path,
            start_line: location.start_line,
            start_column: location.start_column,
            end_line: location.end_line,
            end_column: location.end_column,
            resource: &finding.resource,
            remediation: &finding.remediation,
            references: &finding.references,
            trace: finding.trace.iter().map(JsonTraceStep::new).collect(),
            fingerprint: &finding.fingerprint,
            exposure: finding.exposure.as_deref().map(JsonTraceStep::new),
            suppressed: finding.suppressed.as_ref().map(|s| JsonSuppression {
                kind: s.kind.as_str(),
                reason: &s.justification,
            }),
        }
    }
}

/// Serializes `(key, value)` pairs as a JSON object, in their order.
fn ordered_pairs<S: Serializer>(
    pairs: &[(String, usize)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// Serializes an [`IndexMap`] in insertion order (indexmap's own serde
/// support is not enabled in this crate).
fn ordered_map<K, V, S>(map: &IndexMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
where
    K: Serialize,
    V: Serialize,
    S: Serializer,
{
    serializer.collect_map(map)
}
