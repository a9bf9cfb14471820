//! Suppressions people can trust (ruff's unused-`noqa` model): a
//! `strata:ignore` that names no rule or gives no reason, and any
//! suppression comment that silenced nothing, become warnings.
//!
//! Peers' comments are judged by what Strata can know: an id Strata does
//! not cite is another tool's business (the comment may still serve it),
//! so only Strata's own ids can be unknown; and a comment is unused only
//! when a rule it would silence ran and found nothing to silence.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Directive, Marker, PathIgnore};
use crate::engine::rule::Rule;
use crate::findings::WarningKind;
use crate::source::FileSpan;
use crate::unit::clean_path;

/// A warning about a suppression, at the place it is about (when it has
/// one): what the CLI's outputs and the editor's diagnostics both show.
#[derive(Clone, Debug)]
pub struct Placed {
    pub at: Option<FileSpan>,
    pub kind: WarningKind,
    pub message: String,
}

/// Every warning about suppressions: broken comments, comments that
/// silenced nothing (`used`: the directives findings were silenced by) and
/// expired `[[ignore]]` entries. A file read by several units lists its
/// comments several times; each is judged once, used if any unit's
/// finding was silenced by it.
pub fn warnings<'a>(
    directives: impl Iterator<Item = &'a FoundDirective>,
    used: impl Iterator<Item = &'a FileSpan>,
    ignores: &[PathIgnore],
) -> Vec<Placed> {
    let key = |span: &FileSpan| (clean_path(span.path()), span.start);
    let used: HashSet<(PathBuf, u32)> = used.map(key).collect();
    let mut seen = HashSet::new();
    let mut warnings = Vec::new();
    for found in directives {
        let at = key(&found.span);
        if !seen.insert(at.clone()) {
            continue;
        }
        let unused = found.unused(used.contains(&at));
        for (kind, message) in found.problems.iter().cloned().chain(unused) {
            warnings.push(Placed {
                at: Some(found.span.clone()),
                kind,
                message,
            });
        }
    }
    warnings.extend(ignores.iter().filter_map(|ignore| {
        let (at, kind, message) = ignore.expiry_warning()?;
        Some(Placed {
            at: at.cloned(),
            kind,
            message,
        })
    }));
    warnings
}

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
        Marker::HadolintGlobal => format!("hadolint global ignore={ids}"),
        Marker::Kics => "kics-scan ignore-line".to_string(),
    }
}
