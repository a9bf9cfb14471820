//! JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure):
//! one test case per file, one failure per finding.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use indexmap::IndexMap;

use crate::findings::{FileStatus, Finding, ScanReport};

pub(super) fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let mut findings_by_path: IndexMap<&str, Vec<&Finding>> = IndexMap::new();
    for finding in report.active() {
        findings_by_path
            .entry(&finding.location.path)
            .or_default()
            .push(finding);
    }
    // A finding in a file the report does not list still gets a test case:
    // nothing is lost.
    let listed: Vec<(&str, Option<&FileStatus>)> = report
        .files
        .iter()
        .map(|file| (file.path.as_str(), Some(&file.status)))
        .collect();
    let listed_paths: HashSet<&str> = listed.iter().map(|(path, _)| *path).collect();
    let unlisted = findings_by_path
        .keys()
        .filter(|path| !listed_paths.contains(*path))
        .map(|path| (*path, None));
    let cases: Vec<(&str, Option<&FileStatus>)> = listed.iter().copied().chain(unlisted).collect();

    let (_, skipped, errors) = super::count_file_statuses(report);
    let tests = cases.len();
    let failures = findings_by_path.len();
    let counts =
        format!(r#"tests="{tests}" failures="{failures}" errors="{errors}" skipped="{skipped}""#);

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, r#"<testsuites name="strata" {counts}>"#);
    let _ = writeln!(xml, r#"  <testsuite name="strata" {counts}>"#);
    for (path, status) in cases {
        let findings = findings_by_path.get(path).map_or(&[][..], Vec::as_slice);
        write_test_case(&mut xml, path, status, findings);
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// One file: passed (empty), skipped, errored, or failed once per finding.
fn write_test_case(
    xml: &mut String,
    path: &str,
    status: Option<&FileStatus>,
    findings: &[&Finding],
) {
    let path = escape_attribute(path);
    let _ = write!(xml, r#"    <testcase name="{path}" classname="{path}""#);
    if findings.is_empty() && matches!(status, None | Some(FileStatus::Scanned)) {
        xml.push_str("/>\n");
        return;
    }
    xml.push_str(">\n");
    match status {
        None | Some(FileStatus::Scanned) => {}
        Some(FileStatus::Skipped(reason)) => {
            let _ = writeln!(
                xml,
                r#"      <skipped message="{}"/>"#,
                escape_attribute(reason)
            );
        }
        Some(FileStatus::Error(message)) => {
            let _ = writeln!(
                xml,
                r#"      <error message="{}">{}</error>"#,
                escape_attribute(message),
                escape_text(message)
            );
        }
    }
    for finding in findings {
        write_failure(xml, finding);
    }
    xml.push_str("    </testcase>\n");
}

fn write_failure(xml: &mut String, finding: &Finding) {
    let location = &finding.location;
    let mut text = format!(
        "{} {} {}\nat {}:{}:{}\nresource: {}\n",
        finding.severity.as_str().to_uppercase(),
        finding.rule_id,
        finding.title,
        location.path,
        location.start_line,
        location.start_column,
        finding.resource,
    );
    for step in &finding.trace {
        let _ = writeln!(
            text,
            "note: {} at {}:{}",
            step.note, step.location.path, step.location.start_line
        );
    }
    if !finding.remediation.trim().is_empty() {
        let _ = writeln!(text, "fix: {}", finding.remediation.trim());
    }
    let _ = writeln!(
        xml,
        r#"      <failure message="{}" type="{}">{}</failure>"#,
        escape_attribute(&format!("{}: {}", finding.rule_id, finding.message)),
        finding.severity.as_str(),
        escape_text(text.trim_end()),
    );
}

/// Escapes an attribute value. Newlines and tabs become character
/// references, as parsers turn literal ones into spaces.
fn escape_attribute(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes element content, where newlines and tabs can stay as they are.
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

/// Characters XML 1.0 forbids even as references (most C0 controls, as in
/// terminal escapes from a scanned file) become U+FFFD.
fn escape_xml(text: &str, in_attribute: bool) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\r' => escaped.push_str("&#13;"),
            '\n' if in_attribute => escaped.push_str("&#10;"),
            '\t' if in_attribute => escaped.push_str("&#9;"),
            '\n' | '\t' => escaped.push(ch),
            '\u{FFFE}' | '\u{FFFF}' => escaped.push('\u{FFFD}'),
            ch if ch.is_control() && ch < '\u{80}' => escaped.push('\u{FFFD}'),
            ch => escaped.push(ch),
        }
    }
    escaped
}
