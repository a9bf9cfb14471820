//! The edge where a unit's spans become a report: 1-based lines and
//! character columns, display paths, code excerpts and fingerprints. (The
//! language server has its own edge, to UTF-16 positions and URIs.)

use std::path::Path;

use crate::analysis::{FileOutcome, Status, UnitFinding};
use crate::findings::{
    Excerpt, FileEntry, FileStatus, Finding, Location, ScanReport, TraceStep, Warning,
};
use crate::source::FileSpan;
use crate::suppress::review;
use crate::unit::clean_path;

/// Lines of code a finding's excerpt covers at most.
const EXCERPT_LINES: u32 = 6;

/// The path as reports show it: cleaned, relative to `base` (the working
/// directory) when under it, with forward slashes.
pub fn display_path(path: &Path, base: Option<&Path>) -> String {
    let cleaned = clean_path(path);
    let shown = match base {
        Some(base) if cleaned.is_absolute() => cleaned
            .strip_prefix(base)
            .map(Path::to_path_buf)
            .unwrap_or(cleaned),
        _ => cleaned,
    };
    shown.to_string_lossy().replace('\\', "/")
}

pub fn locate(span: &FileSpan, base: Option<&Path>) -> Location {
    let (start, end) = span.positions();
    Location {
        path: display_path(span.path(), base),
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

pub fn file_entry(file: &FileOutcome, base: Option<&Path>) -> FileEntry {
    let status = match &file.status {
        Status::Scanned => FileStatus::Scanned,
        Status::Skipped(reason) => FileStatus::Skipped(reason.clone()),
        Status::Error { message, at } => FileStatus::Error(match at {
            Some(span) => {
                let at = span.positions().0;
                format!("line {}, column {}: {message}", at.line, at.column)
            }
            None => message.clone(),
        }),
    };
    FileEntry {
        path: display_path(&file.path, base),
        kind: file.kind,
        status,
    }
}

/// A reason a finding's resource is reachable, and where that is set.
pub type Exposed<'a> = (&'a str, &'a FileSpan);

pub fn finding(unit: &UnitFinding, exposed: Option<Exposed>, base: Option<&Path>) -> Finding {
    let location = locate(&unit.span, base);
    let last_line = location
        .end_line
        .min(location.start_line + EXCERPT_LINES - 1);
    let rule = &unit.rule;
    Finding {
        excerpt: Excerpt::new(unit.span.file.clone(), location.start_line, last_line),
        location,
        suppressed: unit.suppressed.clone(),
        exposure: exposed.map(|(reason, span)| {
            Box::new(TraceStep {
                location: locate(span, base),
                note: reason.to_string(),
            })
        }),
        rule_id: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        message: unit.message.clone(),
        fingerprint: fingerprint(&rule.id, &unit.identity),
        resource: unit.resource.clone(),
        remediation: rule.recipe.clone(),
        references: rule.references.clone(),
        trace: unit
            .trace
            .iter()
            .map(|(span, note)| TraceStep {
                location: locate(span, base),
                note: note.clone(),
            })
            .collect(),
    }
}

/// One report from the files and findings of many units: sorted, and the
/// same finding reached through several units (a module analysed on its
/// own and through its callers) reported once.
pub fn report<'a>(
    files: impl Iterator<Item = &'a FileOutcome>,
    findings: impl Iterator<Item = (&'a UnitFinding, Option<Exposed<'a>>)>,
    resources: usize,
    base: Option<&Path>,
) -> ScanReport {
    let mut report = ScanReport {
        files: files.map(|f| file_entry(f, base)).collect(),
        findings: findings
            .map(|(f, exposed)| finding(f, exposed, base))
            .collect(),
        resources,
        not_covered: Vec::new(),
        warnings: Vec::new(),
    };
    report.sort();
    // Module instances at one place keep one finding each (their
    // fingerprints differ). The set borrows its keys: with tens of
    // thousands of findings, owned copies were a fifth of peak memory.
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::new();
        (report.findings.iter())
            .map(|f| seen.insert((f.fingerprint.as_str(), f.rule_id.as_str(), &f.location)))
            .collect()
    };
    let mut keep = keep.into_iter();
    report.findings.retain(|_| keep.next().unwrap_or(true));
    // A file seen by several units (a module read by its callers) is listed
    // once; an error any unit met with it wins.
    // Ties are broken by the message, so the entry kept never depends on
    // the order units ran in (nor on how a scan was split into shards).
    let rank = |f: &FileEntry| match &f.status {
        FileStatus::Error(message) => (0, message.clone()),
        FileStatus::Skipped(reason) => (1, reason.clone()),
        FileStatus::Scanned => (2, String::new()),
    };
    report
        .files
        .sort_by(|a, b| a.path.cmp(&b.path).then_with(|| rank(a).cmp(&rank(b))));
    report
        .files
        .dedup_by(|later, first| later.path == first.path);
    report
}

/// Warnings about suppressions ([`review::warnings`]), located.
pub fn suppression_warnings(placed: Vec<review::Placed>, base: Option<&Path>) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = placed
        .into_iter()
        .map(|p| Warning {
            location: p.at.as_ref().map(|span| locate(span, base)),
            kind: p.kind,
            message: p.message,
        })
        .collect();
    warnings.sort();
    warnings
}

/// A hash of the rule and the resource's identity (module path + address):
/// stable when lines move, when a resource moves to another file of its
/// module, and wherever the scan runs from.
pub fn fingerprint(rule_id: &str, identity: &str) -> String {
    // FNV-1a, 64 bits: tiny, dependency-free and stable across releases.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [rule_id, identity].join("\0").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_lines_but_not_identity() {
        let a = fingerprint("AWS001", "infra\0aws_s3_bucket.a");
        assert_eq!(a, fingerprint("AWS001", "infra\0aws_s3_bucket.a"));
        assert_ne!(a, fingerprint("AWS001", "infra\0aws_s3_bucket.b"));
        assert_ne!(a, fingerprint("AWS002", "infra\0aws_s3_bucket.a"));
        assert_eq!(a.len(), 16);
    }
}
