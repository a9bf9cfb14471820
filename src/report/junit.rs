//! JUnit XML for CI systems that show test reports (GitLab, Jenkins,
//! Azure): one test case per finding — named by rule and resource, with
//! the `file` and `line` GitLab links to — failed, or skipped when
//! suppressed; one passing case per file analysed without findings; a
//! skipped or errored case per file that was not analysed. Warnings go to
//! the suite's `system-err`.
//!
//! The shape follows the Jenkins/Ant schema: `testsuites` > `testsuite`
//! (name, tests, failures, errors, skipped) > `testcase` (name, classname)
//! > one of `skipped` / `error` / `failure`, then `system-err` last.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::findings::{FileStatus, Finding, ScanReport};

pub(super) fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let with_findings: HashSet<&str> = report
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for finding in &report.findings {
        tests += 1;
        match &finding.suppressed {
            None => failures += 1,
            Some(_) => skipped += 1,
        }
        write_finding_case(&mut cases, finding);
    }
    for file in &report.files {
        let covered =
            file.status == FileStatus::Scanned && with_findings.contains(file.path.as_str());
        if covered {
            continue;
        }
        tests += 1;
        match &file.status {
            FileStatus::Scanned => {}
            FileStatus::Skipped(_) => skipped += 1,
            FileStatus::Error(_) => errors += 1,
        }
        write_file_case(&mut cases, &file.path, &file.status);
    }
    let counts =
        format!(r#"tests="{tests}" failures="{failures}" errors="{errors}" skipped="{skipped}""#);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, r#"<testsuites name="strata" {counts}>"#);
    let _ = writeln!(xml, r#"  <testsuite name="strata" {counts}>"#);
    xml.push_str(&cases);
    if !report.warnings.is_empty() {
        let lines: Vec<String> = report
            .warnings
            .iter()
            .map(|w| match &w.location {
                Some(at) => format!("warning: {}:{}: {}", at.path, at.start_line, w.message),
                None => format!("warning: {}", w.message),
            })
            .collect();
        let _ = writeln!(
            xml,
            "    <system-err>{}</system-err>",
            escape_text(&lines.join("\n"))
        );
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// A finding: `RULE resource` in its file, failed (or skipped when a
/// suppression silenced it).
fn write_finding_case(xml: &mut String, finding: &Finding) {
    let location = &finding.location;
    let name = escape_attribute(&format!("{} {}", finding.rule_id, finding.resource));
    let path = escape_attribute(&location.path);
    let _ = writeln!(
        xml,
        r#"    <testcase name="{name}" classname="{path}" file="{path}" line="{}">"#,
        location.start_line
    );
    match &finding.suppressed {
        Some(suppression) => {
            let _ = writeln!(
                xml,
                r#"      <skipped message="{}"/>"#,
                escape_attribute(&format!("suppressed: {}", suppression.justification))
            );
        }
        None => write_failure(xml, finding),
    }
    xml.push_str("    </testcase>\n");
}

/// A file: passed when analysed without findings, else skipped or errored.
fn write_file_case(xml: &mut String, path: &str, status: &FileStatus) {
    let path = escape_attribute(path);
    let _ = write!(
        xml,
        r#"    <testcase name="{path}" classname="{path}" file="{path}""#
    );
    match status {
        FileStatus::Scanned => xml.push_str("/>\n"),
        FileStatus::Skipped(reason) => {
            let _ = writeln!(
                xml,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                escape_attribute(reason)
            );
        }
        FileStatus::Error(message) => {
            let _ = writeln!(
                xml,
                ">\n      <error message=\"{}\">{}</error>\n    </testcase>",
                escape_attribute(message),
                escape_text(message)
            );
        }
    }
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
