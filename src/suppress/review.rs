//! Suppressions people can trust (ruff's unused-`noqa` model): a
//! `strata:ignore` that names no rule or gives no reason, and any
//! suppression comment that silenced nothing, become warnings.
//!
//! Peers' comments are judged by what Strata can know: an id Strata does
//! not cite is another tool's business (the comment may still serve it),
//! so only Strata's own ids can be unknown; and a comment is unused only
//! when a rule it would silence ran and found nothing to silence.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Directive, Marker};
use crate::engine::rule::Rule;
use crate::findings::WarningKind;
use crate::source::FileSpan;

/// A directive found in a unit's file, with what the unit alone can say
/// about it.
#[derive(Clone, Debug)]
pub struct FoundDirective {
    /// From the directive to the end of its line.
    pub span: FileSpan,
    pub directive: Directive,
    /// Unknown ids, a missing reason.
    pub problems: Vec<(WarningKind, String)>,
    /// Whether a rule that ran is one it silences.
    pub applies: bool,
}

impl FoundDirective {
    /// `known`: the ids and names (lower-case) of every rule of the
    /// catalog, run or not; `None` when the caller cannot tell.
    pub fn new(
        span: FileSpan,
        directive: Directive,
        known: Option<&BTreeSet<String>>,
        ran: &[Arc<Rule>],
    ) -> Self {
        let mut problems = Vec::new();
        let shown = display(&directive);
        if directive.marker == Marker::Strata {
            if directive.ids.is_empty() {
                problems.push((WarningKind::UnknownRule, format!("`{shown}` names no rule")));
            }
            if let Some(known) = known {
                for id in &directive.ids {
                    if !known.contains(&id.to_ascii_lowercase()) {
                        problems.push((
                            WarningKind::UnknownRule,
                            format!(
                                "`{shown}` names `{id}`, which is not a rule (see `strata rules`)"
                            ),
                        ));
                    }
                }
            }
            if directive.reason.is_empty() {
                problems.push((
                    WarningKind::MissingReason,
                    format!("`{shown}` gives no reason: write why after the ids"),
                ));
            }
        }
        let applies = ran.iter().any(|rule| directive.silences(rule));
        FoundDirective {
            span,
            directive,
            problems,
            applies,
        }
    }

    /// The warning for a directive that silenced nothing, if it is one.
    /// A directive with an unknown id already has its warning.
    pub fn unused(&self, used: bool) -> Option<(WarningKind, String)> {
        let unknown = self
            .problems
            .iter()
            .any(|(kind, _)| *kind == WarningKind::UnknownRule);
        (!used && self.applies && !unknown).then(|| {
            (
                WarningKind::UnusedSuppression,
                format!(
                    "`{}` silenced no finding: remove it, or move it next to what it should silence",
                    display(&self.directive)
                ),
            )
        })
    }
}

/// The directive as a user would write it, without its reason.
pub fn display(directive: &Directive) -> String {
    let ids = directive.ids.join(",");
    match directive.marker {
        Marker::Strata => format!("strata:ignore {ids}").trim_end().to_string(),
        Marker::Checkov => format!("checkov:skip={ids}"),
        Marker::Bridgecrew => format!("bridgecrew:skip={ids}"),
        Marker::Tfsec => format!("tfsec:ignore:{ids}"),
        Marker::Trivy => format!("trivy:ignore:{ids}"),
        Marker::Hadolint => format!("hadolint ignore={ids}"),
        Marker::Kics => "kics-scan ignore-line".to_string(),
    }
}
