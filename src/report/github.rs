//! GitHub Actions workflow commands: one annotation per finding, shown inline
//! on the pull request's diff.
//! <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions>

use std::io::{self, Write};

use crate::findings::{FileStatus, Finding, ScanReport, Severity};

pub(super) fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    for finding in report.active() {
        write_finding(finding, out)?;
    }
    for file in &report.files {
        if let FileStatus::Error(message) = &file.status {
            let properties = [
                ("file", file.path.clone()),
                ("title", "strata: could not analyse file".into()),
            ];
            write_command("error", &properties, message, out)?;
        }
    }
    for warning in &report.warnings {
        let mut properties = Vec::new();
        if let Some(at) = &warning.location {
            properties.push(("file", at.path.clone()));
            properties.push(("line", at.start_line.to_string()));
            properties.push(("col", at.start_column.to_string()));
        }
        properties.push(("title", format!("strata: {}", warning.kind.as_str())));
        write_command("warning", &properties, &warning.message, out)?;
    }
    Ok(())
}

fn write_finding(finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let location = &finding.location;
    let mut properties = vec![("file", location.path.clone())];
    // Line 0 means "unknown": leave it out and annotate the whole file.
    if location.start_line > 0 {
        properties.push(("line", location.start_line.to_string()));
        properties.push(("endLine", location.end_line.to_string()));
    }
    // GitHub only honours columns when the annotation spans a single line.
    if location.start_line > 0 && location.start_line == location.end_line {
        properties.push(("col", location.start_column.to_string()));
        properties.push(("endColumn", location.end_column.to_string()));
    }
    properties.push(("title", format!("{} {}", finding.rule_id, finding.title)));

    let mut message = finding.message.clone();
    if !finding.remediation.trim().is_empty() {
        message.push_str("\nFix: ");
        message.push_str(finding.remediation.trim());
    }
    write_command(level(finding.severity), &properties, &message, out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

fn write_command(
    command: &str,
    properties: &[(&str, String)],
    message: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    writeln!(
        out,
        "::{command} {}::{}",
        properties.join(","),
        escape_data(message)
    )
}

/// The escaping of the Actions toolkit's `escapeData`: a raw newline would
/// end the command, and `%` introduces an escape. Other control characters
/// (terminal escapes from scanned files) become U+FFFD in the log.
fn escape_data(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            '\t' => escaped.push(ch),
            ch if ch.is_control() => escaped.push('\u{FFFD}'),
            ch => escaped.push(ch),
        }
    }
    escaped
}

/// `escapeProperty`: as [`escape_data`], plus the `:` and `,` that separate
/// properties from each other and from the message.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
