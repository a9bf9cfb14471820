//! The terminal report for the security lead: findings grouped by file with
//! code frames, then what could not be analysed, then a short "Fix first"
//! list and a one-line summary. Fits 80 columns.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use indexmap::IndexMap;

use super::{RenderOptions, code_frame};
use crate::engine::rule::Rule;
use crate::findings::{FileStatus, Finding, ScanReport, Severity};

/// Text is wrapped to stay readable in an 80-column terminal.
const WRAP_WIDTH: usize = 80;
/// How many distinct fixes the "Fix first" section lists.
const FIX_FIRST_LIMIT: usize = 5;

pub(super) fn render(
    report: &ScanReport,
    rules: &[Arc<Rule>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Painter {
        color: options.color,
    };
    let mut text = String::new();
    write_findings(&mut text, report, &paint);
    write_errors(&mut text, report, &paint);
    write_warnings(&mut text, report);
    write_fix_first(&mut text, report, rules, &paint);
    text.push_str(&summary(report));
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Findings grouped by file; files in the order of their worst finding,
/// since the report's findings are sorted by severity first.
fn write_findings(text: &mut String, report: &ScanReport, paint: &Painter) {
    let mut by_file: IndexMap<&str, Vec<&Finding>> = IndexMap::new();
    for finding in report.active() {
        by_file
            .entry(&finding.location.path)
            .or_default()
            .push(finding);
    }
    for (path, findings) in by_file {
        let count = plural(findings.len(), "finding", "findings");
        let _ = writeln!(text, "{} ({count})\n", paint.bold(&sanitize(path)));
        for finding in findings {
            write_finding(text, finding, paint);
        }
    }
}

fn write_finding(text: &mut String, finding: &Finding, paint: &Painter) {
    let mark = severity_style(finding.severity);
    let location = &finding.location;
    let label = finding.severity.as_str().to_uppercase();
    let _ = writeln!(
        text,
        "{} {} {}",
        paint.style(mark, &label),
        paint.bold(&sanitize(&finding.rule_id)),
        paint.bold(&sanitize(&finding.title)),
    );
    // The gutter is as wide as the largest line number the frame may show.
    let widest_line = finding.excerpt.lines().map(|(number, _)| number);
    let gutter = digits(widest_line.chain([location.start_line]).max().unwrap_or(0));
    let arrow = paint.gutter("-->");
    let _ = writeln!(
        text,
        "{:gutter$}{arrow} {}:{}:{}",
        "",
        sanitize(&location.path),
        location.start_line,
        location.start_column
    );
    text.push_str(&code_frame::render(
        &finding.excerpt,
        location,
        gutter,
        paint,
        mark,
    ));

    let equals = paint.gutter("=");
    let indent = format!("{:gutter$} {equals} ", "");
    let continuation = " ".repeat(gutter + 3);
    text.push_str(&wrap(&finding.message, &indent, &continuation));
    let _ = writeln!(text, "{indent}resource: {}", sanitize(&finding.resource));
    for step in &finding.trace {
        let note = format!(
            "note: {}  at {}:{}",
            step.note, step.location.path, step.location.start_line
        );
        text.push_str(&wrap(&note, &indent, &continuation));
    }
    text.push('\n');
}

fn write_errors(text: &mut String, report: &ScanReport, paint: &Painter) {
    let errors: Vec<(&str, &str)> = report
        .files
        .iter()
        .filter_map(|file| match &file.status {
            FileStatus::Error(message) => Some((file.path.as_str(), message.as_str())),
            FileStatus::Scanned | FileStatus::Skipped(_) => None,
        })
        .collect();
    if errors.is_empty() {
        return;
    }
    let heading = format!(
        "Could not analyse {}",
        plural(errors.len(), "file", "files")
    );
    let _ = writeln!(text, "{}", paint.style(ERROR_STYLE, &heading));
    for (path, message) in errors {
        let line = format!("{path}: {message}");
        text.push_str(&wrap(&line, "  ", "    "));
    }
    text.push('\n');
}

/// Problems that left their files analysed, one a line.
fn write_warnings(text: &mut String, report: &ScanReport) {
    if report.warnings.is_empty() {
        return;
    }
    let _ = writeln!(text, "Warnings");
    for w in &report.warnings {
        let line = format!(
            "{}:{}: {}",
            w.location.path, w.location.start_line, w.message
        );
        text.push_str(&wrap(&line, "  ", "    "));
    }
    text.push('\n');
}

/// One entry of "Fix first": a rule and its recipe, with what it would fix.
struct Fix<'a> {
    rule_id: &'a str,
    title: &'a str,
    severity: Severity,
    recipe: String,
    findings: usize,
}

/// The few changes that matter most: worst severity first, then the ones
/// that close the most findings.
fn fixes_to_do_first<'a>(report: &'a ScanReport, rules: &[Arc<Rule>]) -> Vec<Fix<'a>> {
    let mut fixes: IndexMap<(&str, String), Fix<'a>> = IndexMap::new();
    for finding in report.active() {
        let rule = rules.iter().find(|rule| rule.id == finding.rule_id);
        let recipe = match rule {
            Some(rule) if !rule.recipe.trim().is_empty() => first_paragraph(&rule.recipe),
            _ => first_paragraph(&finding.remediation),
        };
        let fix = fixes
            .entry((&finding.rule_id, recipe.clone()))
            .or_insert_with(|| Fix {
                rule_id: &finding.rule_id,
                title: &finding.title,
                severity: finding.severity,
                recipe,
                findings: 0,
            });
        fix.severity = fix.severity.max(finding.severity);
        fix.findings += 1;
    }
    let mut fixes: Vec<Fix<'a>> = fixes.into_values().collect();
    fixes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.findings.cmp(&a.findings))
            .then(a.rule_id.cmp(b.rule_id))
    });
    fixes.truncate(FIX_FIRST_LIMIT);
    fixes
}

fn write_fix_first(text: &mut String, report: &ScanReport, rules: &[Arc<Rule>], paint: &Painter) {
    let fixes = fixes_to_do_first(report, rules);
    if fixes.is_empty() {
        return;
    }
    let _ = writeln!(text, "{}", paint.bold("Fix first"));
    for (rank, fix) in fixes.iter().enumerate() {
        let label = fix.severity.as_str().to_uppercase();
        let _ = writeln!(
            text,
            "  {}. {} {} {} ({})",
            rank + 1,
            paint.style(severity_style(fix.severity), &label),
            paint.bold(&sanitize(fix.rule_id)),
            sanitize(fix.title),
            plural(fix.findings, "finding", "findings"),
        );
        if !fix.recipe.is_empty() {
            text.push_str(&wrap(&fix.recipe, "     ", "     "));
        }
    }
    text.push('\n');
}

/// `N findings (C critical, H high, M medium, L low) in F files; S skipped,
/// E errors`, or `No findings in F files.` when clean.
fn summary(report: &ScanReport) -> String {
    let (scanned, skipped, errors) = super::count_file_statuses(report);
    let files = plural(scanned, "file", "files");
    let suppressed = report.findings.len() - report.active().count();
    let problems = if suppressed == 0 {
        format!("{skipped} skipped, {}", plural(errors, "error", "errors"))
    } else {
        format!(
            "{skipped} skipped, {}, {suppressed} suppressed",
            plural(errors, "error", "errors")
        )
    };
    if report.active().next().is_none() {
        return if skipped + errors == 0 {
            format!("No findings in {files}.")
        } else {
            format!("No findings in {files}; {problems}.")
        };
    }
    let by_severity: Vec<String> = report
        .count_by_severity()
        .iter()
        .map(|(severity, count)| format!("{count} {severity}"))
        .collect();
    format!(
        "{} ({}) in {files}; {problems}",
        plural(report.active().count(), "finding", "findings"),
        by_severity.join(", ")
    )
}

/// The first paragraph of a recipe, joined into one line: the part worth
/// quoting where space is short.
fn first_paragraph(text: &str) -> String {
    let is_blank = |line: &&str| line.trim().is_empty();
    text.lines()
        .skip_while(is_blank)
        .take_while(|line| !is_blank(line))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn digits(number: u32) -> usize {
    number.max(1).ilog10() as usize + 1
}

/// Word-wraps `text` (sanitized) to [`WRAP_WIDTH`], starting with `first`
/// and continuing with `rest`. Runs of spaces inside a line are kept (the
/// trace's `note  at path` relies on it); at a break they are dropped.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut wrapped = String::new();
    let mut line = String::from(first);
    let mut line_width = visible_width(first);
    let mut line_is_empty = true;
    let mut extra_spaces = 0;
    for word in sanitize(text).trim().split(' ') {
        if word.is_empty() {
            extra_spaces += 1;
            continue;
        }
        let gap = if line_is_empty { 0 } else { 1 + extra_spaces };
        extra_spaces = 0;
        let width = word.chars().count();
        if !line_is_empty && line_width + gap + width > WRAP_WIDTH {
            wrapped.push_str(&line);
            wrapped.push('\n');
            line = String::from(rest);
            line_width = rest.len();
        } else {
            line.push_str(&" ".repeat(gap));
            line_width += gap;
        }
        line.push_str(word);
        line_width += width;
        line_is_empty = false;
    }
    wrapped.push_str(&line);
    wrapped.push('\n');
    wrapped
}

/// Columns taken by text that may contain ANSI color codes.
fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for ch in text.chars() {
        match ch {
            '\u{1b}' => in_escape = true,
            'm' if in_escape => in_escape = false,
            _ if !in_escape => width += 1,
            _ => {}
        }
    }
    width
}

/// Neutralises control characters from scanned files (a malicious file
/// could otherwise send escape sequences to the terminal): whitespace
/// becomes a space, anything else U+FFFD.
pub(super) fn sanitize(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            ch if !ch.is_control() => ch,
            '\t' | '\n' | '\r' => ' ',
            _ => '\u{FFFD}',
        })
        .collect()
}

const ERROR_STYLE: &str = "1;31";

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "1;35",
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
    }
}

/// Applies ANSI styles only when color is on.
pub(super) struct Painter {
    pub(super) color: bool,
}

impl Painter {
    pub(super) fn style(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("\u{1b}[{style}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    pub(super) fn bold(&self, text: &str) -> String {
        self.style("1", text)
    }

    pub(super) fn gutter(&self, text: &str) -> String {
        self.style("1;34", text)
    }
}
