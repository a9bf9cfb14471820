//! What decides a scan's exit code, and the checks that make a wrong
//! invocation loud instead of green: a `--target` no Dockerfile has, a
//! path with nothing to analyse.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::exit;
use crate::discover::Candidate;
use crate::findings::{FileStatus, ScanReport, Severity, Warning, WarningKind};

/// `--fail-on`: the lowest severity that fails the run, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    /// Report only: findings never fail the run.
    None,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::None => None,
        }
    }
}

/// How a finished scan turns into an exit code (DESIGN.md).
#[derive(Clone, Copy, Debug)]
pub struct Verdict {
    pub fail_on: FailOn,
    /// Suppression warnings fail the run as findings do.
    pub strict_suppressions: bool,
    /// No file analysed is a usage error.
    pub fail_on_empty: bool,
}

impl Verdict {
    /// 2 for an empty scan when asked; 1 for findings at or above the
    /// threshold (or, when strict, a suppression warning); 3 when a file
    /// could not be analysed; else 0. Report-only (`none`) never gives 1.
    pub fn exit_code(&self, report: &ScanReport) -> u8 {
        let empty = report
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::EmptyScan);
        if self.fail_on_empty && empty {
            return exit::USAGE;
        }
        if let Some(threshold) = self.fail_on.threshold() {
            let failing = report.active().any(|f| f.severity >= threshold);
            let strict = self.strict_suppressions
                && report
                    .warnings
                    .iter()
                    .any(|w| w.kind.is_about_suppressions());
            if failing || strict {
                return exit::FINDINGS;
            }
        }
        if report.has_errors() {
            exit::INCOMPLETE
        } else {
            exit::CLEAN
        }
    }
}

/// A warning when no file was analysed: nothing found under the paths,
/// or everything found skipped.
pub fn empty_scan(report: &ScanReport, paths: &[PathBuf]) -> Option<Warning> {
    if report.files.iter().any(|f| f.status == FileStatus::Scanned) {
        return None;
    }
    let paths: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let message = if report.files.is_empty() {
        format!(
            "no Terraform, Kubernetes, Helm or Dockerfile found under {}: is the path right?",
            paths.join(", ")
        )
    } else {
        format!(
            "no file under {} was analysed ({} found, none scanned)",
            paths.join(", "),
            report.files.len()
        )
    };
    Some(Warning {
        location: None,
        kind: WarningKind::EmptyScan,
        message,
    })
}

/// `--target STAGE` must name a stage of a scanned Dockerfile (as `docker
/// build --target` must); a scan with no Dockerfile accepts any target, so
/// a hook passing only `.tf` files keeps working. Dockerfiles without that
/// stage are judged by their last stage.
pub fn target_stage_exists(target: &str, files: &[(PathBuf, Candidate)]) -> Result<(), String> {
    let dockerfiles: Vec<&Path> = files
        .iter()
        .filter(|(_, c)| *c == Candidate::Dockerfile)
        .map(|(p, _)| p.as_path())
        .collect();
    if dockerfiles.is_empty() {
        return Ok(());
    }
    let mut stages = Vec::new();
    for path in &dockerfiles {
        let Ok(text) = std::fs::read_to_string(path) else {
            // Unreadable files are reported with the scan.
            return Ok(());
        };
        stages.extend(stage_names(&text));
    }
    if stages.iter().any(|s| s.eq_ignore_ascii_case(target)) {
        return Ok(());
    }
    stages.sort();
    stages.dedup();
    let known = if stages.is_empty() {
        "they name no stage (`FROM image AS name`)".to_string()
    } else {
        format!("their stages are {}", stages.join(", "))
    };
    Err(format!(
        "--target `{target}`: no scanned Dockerfile has a stage of that name ({known})"
    ))
}

fn stage_names(text: &str) -> Vec<String> {
    let (doc, _) = crate::dockerfile::parse(text, crate::source::FileId(0));
    doc.instructions
        .iter()
        .filter_map(|i| match &i.kind {
            crate::dockerfile::ast::Kind::From {
                alias: Some(alias), ..
            } => Some(alias.raw.clone()),
            _ => None,
        })
        .collect()
}

/// A warning as one line on standard error, compiler style.
pub fn warning_line(warning: &Warning) -> String {
    match &warning.location {
        Some(at) => format!(
            "warning: {}:{}:{}: {} [{}]",
            at.path,
            at.start_line,
            at.start_column,
            warning.message,
            warning.kind.as_str()
        ),
        None => format!("warning: {} [{}]", warning.message, warning.kind.as_str()),
    }
}
