//! What to fix first: one entry per rule, ranked by severity and by
//! exposure found in the graph. A finding on a resource reachable from
//! outside (a public bucket, a pod behind a `LoadBalancer`, a database open
//! to `0.0.0.0/0`) counts one severity level higher, so an exposed high
//! ranks with the criticals — after them — and above every isolated high.

use std::sync::Arc;

use indexmap::IndexMap;

use super::text::first_paragraph;
use crate::engine::rule::Rule;
use crate::findings::{Finding, ScanReport, Severity};

/// One rule's findings, as "Fix first" and the tally below it show them.
pub(super) struct Fix<'a> {
    pub rule_id: &'a str,
    pub title: &'a str,
    pub severity: Severity,
    pub recipe: String,
    /// The instance to look at first: an exposed one when there is one.
    pub first: &'a Finding,
    pub count: usize,
    pub exposed: usize,
}

impl Fix<'_> {
    /// Severity level, one higher when any instance is exposed.
    fn priority(&self) -> usize {
        let level = Severity::ALL.len()
            - Severity::ALL
                .iter()
                .position(|s| *s == self.severity)
                .unwrap_or(0);
        level + usize::from(self.exposed > 0)
    }
}

/// Every rule with active findings, most urgent first.
pub(super) fn fixes<'a>(report: &'a ScanReport, rules: &[Arc<Rule>]) -> Vec<Fix<'a>> {
    let mut fixes: IndexMap<&str, Fix<'a>> = IndexMap::new();
    for finding in report.active() {
        let fix = fixes.entry(&finding.rule_id).or_insert_with(|| Fix {
            rule_id: &finding.rule_id,
            title: &finding.title,
            severity: finding.severity,
            recipe: recipe(finding, rules),
            first: finding,
            count: 0,
            exposed: 0,
        });
        fix.severity = fix.severity.max(finding.severity);
        fix.count += 1;
        if finding.exposure.is_some() {
            if fix.exposed == 0 {
                fix.first = finding;
            }
            fix.exposed += 1;
        }
    }
    let mut fixes: Vec<Fix<'a>> = fixes.into_values().collect();
    fixes.sort_by(|a, b| {
        (b.priority().cmp(&a.priority()))
            .then(b.severity.cmp(&a.severity))
            .then(b.exposed.cmp(&a.exposed))
            .then(b.count.cmp(&a.count))
            .then(a.rule_id.cmp(b.rule_id))
    });
    fixes
}

fn recipe(finding: &Finding, rules: &[Arc<Rule>]) -> String {
    match rules.iter().find(|rule| rule.id == finding.rule_id) {
        Some(rule) if !rule.recipe.trim().is_empty() => first_paragraph(&rule.recipe),
        _ => first_paragraph(&finding.remediation),
    }
}

/// One line saying why a fix ranks where it does.
pub(super) fn why(fix: &Fix) -> String {
    let severity = fix.severity.as_str();
    let reach = |exposure: &crate::findings::TraceStep| {
        let how_many = match (fix.exposed, fix.count) {
            (_, 1) => String::new(),
            (exposed, count) if exposed == count => format!(" (all {count})"),
            (exposed, count) => format!(" ({exposed} of {count})"),
        };
        format!(
            "reachable from outside{how_many}, as {} at {}:{}",
            exposure.note, exposure.location.path, exposure.location.start_line
        )
    };
    let raised = match fix.severity {
        Severity::Critical => "critical and".to_string(),
        _ => format!("{severity}, ranked one level up:"),
    };
    match (&fix.first.exposure, fix.count) {
        (Some(exposure), _) => format!("{raised} {}", reach(exposure)),
        (None, 1) => format!("{severity} severity"),
        (None, count) => format!("{severity} severity; one change fixes {count} findings"),
    }
}
