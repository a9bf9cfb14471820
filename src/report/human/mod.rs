//! The terminal report for the security lead: findings grouped by file with
//! code frames (or one line each with `--compact`), what could not be
//! analysed or was skipped and why, a short "Fix first" list ranked by
//! severity and exposure, the long tail folded into counts per rule, and a
//! one-line summary. Text wraps to the terminal's width.

mod rank;
mod text;

pub(super) use text::{Painter, sanitize};

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use indexmap::IndexMap;

use super::{RenderOptions, code_frame};
use crate::engine::rule::Rule;
use crate::findings::{FileStatus, Finding, ScanReport, Severity};
use text::{plural, wrap};

/// How many rules "Fix first" lists; the rest are tallied.
const FIX_FIRST_LIMIT: usize = 5;
/// Below this, text is not wrapped any narrower.
const MIN_WIDTH: usize = 40;

pub(super) fn render(
    report: &ScanReport,
    rules: &[Arc<Rule>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let page = Page {
        paint: Painter {
            color: options.color,
        },
        width: options.width.max(MIN_WIDTH),
    };
    let mut text = String::new();
    if options.compact {
        page.compact_findings(&mut text, report);
    } else {
        page.findings(&mut text, report);
    }
    page.files_not_scanned(&mut text, report);
    let fixes = rank::fixes(report, rules);
    page.fix_first(&mut text, &fixes);
    page.tally(&mut text, &fixes);
    page.not_covered(&mut text, report);
    text.push_str(&wrap(&summary(report), page.width, "", ""));
    out.write_all(text.as_bytes())
}

/// Where the report is written: its colours and width.
struct Page {
    paint: Painter,
    width: usize,
}

impl Page {
    /// Findings grouped by file; files in the order of their worst finding,
    /// since the report's findings are sorted by severity first.
    fn findings(&self, text: &mut String, report: &ScanReport) {
        let mut by_file: IndexMap<&str, Vec<&Finding>> = IndexMap::new();
        for finding in report.active() {
            by_file
                .entry(&finding.location.path)
                .or_default()
                .push(finding);
        }
        for (path, findings) in by_file {
            let count = plural(findings.len(), "finding", "findings");
            let _ = writeln!(text, "{} ({count})\n", self.paint.bold(&sanitize(path)));
            for finding in findings {
                self.finding(text, finding);
            }
        }
    }

    fn finding(&self, text: &mut String, finding: &Finding) {
        let paint = &self.paint;
        let mark = severity_style(finding.severity);
        let location = &finding.location;
        let label = paint.style(mark, &finding.severity.as_str().to_uppercase());
        let heading = format!(
            "{} {}",
            sanitize(&finding.rule_id),
            sanitize(&finding.title)
        );
        text.push_str(&wrap(&heading, self.width, &format!("{label} "), "  "));
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
        let wrap_note = |note: &str| wrap(note, self.width, &indent, &continuation);
        text.push_str(&wrap_note(&finding.message));
        text.push_str(&wrap_note(&format!("resource: {}", finding.resource)));
        for step in &finding.trace {
            text.push_str(&wrap_note(&format!(
                "note: {}  at {}:{}",
                step.note, step.location.path, step.location.start_line
            )));
        }
        if let Some(exposure) = &finding.exposure {
            text.push_str(&wrap_note(&format!(
                "exposed: {}  at {}:{}",
                exposure.note, exposure.location.path, exposure.location.start_line
            )));
        }
        text.push('\n');
    }

    /// One line per finding, for CI logs: `path:line:col SEVERITY RULE message`.
    fn compact_findings(&self, text: &mut String, report: &ScanReport) {
        let mut any = false;
        for finding in report.active() {
            let location = &finding.location;
            let label = self.paint.style(
                severity_style(finding.severity),
                &finding.severity.as_str().to_uppercase(),
            );
            let lead = format!(
                "{}:{}:{} {label} ",
                sanitize(&location.path),
                location.start_line,
                location.start_column
            );
            let line = format!("{} {}", finding.rule_id, finding.message);
            text.push_str(&wrap(&line, self.width, &lead, "    "));
            any = true;
        }
        if any {
            text.push('\n');
        }
    }

    /// Every file that was not analysed, with why: errors first (they fail
    /// the run with exit 3), then skipped files.
    fn files_not_scanned(&self, text: &mut String, report: &ScanReport) {
        let (errors, skipped): (Vec<_>, Vec<_>) = report
            .files
            .iter()
            .filter_map(|file| match &file.status {
                FileStatus::Error(message) => Some((true, file.path.as_str(), message.as_str())),
                FileStatus::Skipped(reason) => Some((false, file.path.as_str(), reason.as_str())),
                FileStatus::Scanned => None,
            })
            .partition(|(is_error, _, _)| *is_error);
        let sections = [
            (errors, "Could not analyse", ERROR_STYLE),
            (skipped, "Skipped", SKIPPED_STYLE),
        ];
        for (files, heading, style) in sections {
            if files.is_empty() {
                continue;
            }
            let heading = format!("{heading} {}", plural(files.len(), "file", "files"));
            let _ = writeln!(text, "{}", self.paint.style(style, &heading));
            for (_, path, reason) in files {
                text.push_str(&wrap(
                    &format!("{path}: {reason}"),
                    self.width,
                    "  ",
                    "    ",
                ));
            }
            text.push('\n');
        }
    }

    /// The few changes that matter most, each with where to start, why it
    /// ranks there, and the recipe.
    fn fix_first(&self, text: &mut String, fixes: &[rank::Fix]) {
        if fixes.is_empty() {
            return;
        }
        let paint = &self.paint;
        let _ = writeln!(text, "{}", paint.bold("Fix first"));
        for (number, fix) in fixes.iter().take(FIX_FIRST_LIMIT).enumerate() {
            let label = paint.style(
                severity_style(fix.severity),
                &fix.severity.as_str().to_uppercase(),
            );
            let heading = format!("{} {}", sanitize(fix.rule_id), sanitize(fix.title));
            let lead = format!("  {}. {label} ", number + 1);
            text.push_str(&wrap(&heading, self.width, &lead, "     "));
            let location = &fix.first.location;
            let more = match fix.count - 1 {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            let detail = "     ";
            let at = format!("at {}:{}{more}", location.path, location.start_line);
            text.push_str(&wrap(&at, self.width, detail, "       "));
            let why = format!("why: {}", rank::why(fix));
            text.push_str(&wrap(&why, self.width, detail, "       "));
            if !fix.recipe.is_empty() {
                let recipe = format!("fix: {}", fix.recipe);
                text.push_str(&wrap(&recipe, self.width, detail, "       "));
            }
        }
        text.push('\n');
    }

    /// The long tail after "Fix first": one line per rule with its count.
    fn tally(&self, text: &mut String, fixes: &[rank::Fix]) {
        let rest = fixes.get(FIX_FIRST_LIMIT..).unwrap_or_default();
        if rest.is_empty() {
            return;
        }
        let findings: usize = rest.iter().map(|fix| fix.count).sum();
        let heading = format!(
            "Also found: {} of {}",
            plural(findings, "finding", "findings"),
            plural(rest.len(), "more rule", "more rules")
        );
        let _ = writeln!(text, "{}", self.paint.bold(&heading));
        let count_width = rest
            .iter()
            .map(|fix| fix.count.to_string().len())
            .max()
            .unwrap_or(1);
        for fix in rest {
            let lead = format!(
                "  {:>count_width$}  {:<8} ",
                fix.count,
                fix.severity.as_str()
            );
            let continuation = " ".repeat(lead.len() + fix.rule_id.len() + 1);
            let line = format!("{} {}", fix.rule_id, fix.title);
            text.push_str(&wrap(&line, self.width, &lead, &continuation));
        }
        text.push('\n');
    }

    /// Resource types no rule looks at, when they are a large share of what
    /// was scanned: "no findings" then does not read as "secure".
    fn not_covered(&self, text: &mut String, report: &ScanReport) {
        let uncovered: usize = report.not_covered.iter().map(|(_, count)| count).sum();
        if uncovered == 0 || uncovered * 5 < report.resources {
            return;
        }
        let kinds: Vec<String> = report
            .not_covered
            .iter()
            .take(NOT_COVERED_SHOWN)
            .map(|(kind, count)| format!("{kind} ({count})"))
            .collect();
        let others = report.not_covered.len().saturating_sub(NOT_COVERED_SHOWN);
        let others = match others {
            0 => String::new(),
            n => format!(" and {}", plural(n, "other type", "other types")),
        };
        let line = format!(
            "No rule applies to {} of {} resources: {}{others}.",
            uncovered,
            report.resources,
            kinds.join(", ")
        );
        text.push_str(&wrap(&line, self.width, "", ""));
        text.push('\n');
    }
}

/// How many uncovered resource types the note names.
const NOT_COVERED_SHOWN: usize = 3;

/// `N findings (C critical, …) in F files: S scanned, K skipped, E could
/// not be analysed`, with suppressed and baselined counts when there are any.
fn summary(report: &ScanReport) -> String {
    let (scanned, skipped, errors) = super::count_file_statuses(report);
    let total = scanned + skipped + errors;
    let mut files = plural(total, "file", "files");
    if skipped + errors > 0 {
        let _ = write!(files, ": {scanned} scanned");
    }
    if skipped > 0 {
        let _ = write!(files, ", {skipped} skipped");
    }
    if errors > 0 {
        let _ = write!(files, ", {errors} could not be analysed");
    }
    let (baselined, suppressed) = report
        .findings
        .iter()
        .filter_map(|f| f.suppressed.as_ref())
        .fold((0, 0), |(baselined, other), suppression| {
            if suppression.justification.starts_with("in baseline") {
                (baselined + 1, other)
            } else {
                (baselined, other + 1)
            }
        });
    let mut quiet = String::new();
    if suppressed > 0 {
        let _ = write!(quiet, "; {suppressed} suppressed");
    }
    if baselined > 0 {
        let _ = write!(quiet, "; {baselined} matched the baseline");
    }
    let active = report.active().count();
    if active == 0 {
        return format!("No findings in {files}{quiet}.");
    }
    let by_severity: Vec<String> = report
        .count_by_severity()
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(severity, count)| format!("{count} {severity}"))
        .collect();
    format!(
        "{} ({}) in {files}{quiet}.",
        plural(active, "finding", "findings"),
        by_severity.join(", ")
    )
}

fn digits(number: u32) -> usize {
    number.max(1).ilog10() as usize + 1
}

const ERROR_STYLE: &str = "1;31";
const SKIPPED_STYLE: &str = "1;33";

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "1;35",
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
    }
}
