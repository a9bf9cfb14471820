//! Reports: one file per output format, all rendering the same [`ScanReport`].
//!
//! Renderers are pure: they write to the given writer and never read files
//! (source lines come from [`crate::findings::Finding::excerpt`]), so the
//! same report renders identically on disk, in tests and in the editor.

mod code_frame;
pub mod docs;
mod explain;
mod github;
mod human;
mod json;
mod junit;
pub mod resolve;
mod sarif;

pub use explain::{Explained, explain, lookup};
pub use resolve::display_path;

use std::io::{self, Write};
use std::sync::Arc;

use crate::engine::rule::Rule;
use crate::findings::{FileStatus, ScanReport};

/// The output formats of `strata scan --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Prioritised report for people.
    Human,
    /// The stable JSON contract (version 1).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other dashboards).
    Sarif,
    /// JUnit XML, one test case per finding (GitLab, Jenkins, Azure).
    Junit,
    /// GitHub Actions annotations on the pull request's diff.
    Github,
}

/// Presentation choices the front end makes (terminal or not, settings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colors (human format only; machine formats never have them).
    pub color: bool,
    /// Columns the human report wraps its text to (the terminal's width).
    pub width: usize,
    /// One line per finding instead of code frames (human format).
    pub compact: bool,
    /// SARIF `automationDetails.id`; `None`: the default category.
    pub sarif_category: Option<String>,
    /// Where rule pages are published (`{docs_url}/{ID}.md` becomes SARIF's
    /// `helpUri`); `None`: no `helpUri`.
    pub docs_url: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 80,
            compact: false,
            sarif_category: None,
            docs_url: None,
        }
    }
}

/// Renders `report` in `format`.
///
/// `rules` are the rules that were run: SARIF lists them with their help
/// text, and the human report quotes their recipes.
pub fn render(
    format: Format,
    report: &ScanReport,
    rules: &[Arc<Rule>],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, rules, options, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, rules, options, out),
        Format::Junit => junit::render(report, out),
        Format::Github => github::render(report, out),
    }
}

/// The Markdown code-fence language of a snippet written for `format`.
fn fence_language(format: &str) -> &str {
    match format {
        "terraform" => "hcl",
        "kubernetes" | "helm" => "yaml",
        other => other,
    }
}

/// How many files were scanned, skipped and failed, in that order.
fn count_file_statuses(report: &ScanReport) -> (usize, usize, usize) {
    report
        .files
        .iter()
        .fold((0, 0, 0), |(scanned, skipped, errors), file| {
            match file.status {
                FileStatus::Scanned => (scanned + 1, skipped, errors),
                FileStatus::Skipped(_) => (scanned, skipped + 1, errors),
                FileStatus::Error(_) => (scanned, skipped, errors + 1),
            }
        })
}
