//! Publishing: the current snapshot's findings, file errors and warnings
//! (suppressions to fix, missing modules) as diagnostics, sent only for the files whose diagnostics changed (and an
//! empty list for files that no longer have any).

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, DiagnosticTag, NumberOrString, Position,
    PublishDiagnosticsParams, Range,
};

use super::convert;
use super::server::Server;
use super::settings::Scope;
use crate::analysis::Status;
use crate::findings::WarningKind;

impl Server {
    pub(super) fn publish(&mut self) {
        let fresh = self.current_diagnostics();
        let mut paths: Vec<PathBuf> = fresh.keys().chain(self.published.keys()).cloned().collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            let new = fresh.get(&path).cloned().unwrap_or_default();
            if self
                .published
                .get(&path)
                .map_or(new.is_empty(), |old| *old == new)
            {
                continue;
            }
            let params = PublishDiagnosticsParams {
                uri: convert::uri_of(&path),
                diagnostics: new.clone(),
                version: self.documents.get(&path).map(|d| d.version),
            };
            self.notify("textDocument/publishDiagnostics", params);
            if new.is_empty() {
                self.published.remove(&path);
            } else {
                self.published.insert(path, new);
            }
        }
    }

    /// Every file's diagnostics in the current snapshot, within the scope
    /// the settings ask for.
    fn current_diagnostics(&self) -> HashMap<PathBuf, Vec<Diagnostic>> {
        let snapshot = self.workspace.current();
        let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        let wanted = |path: &PathBuf| match self.settings.scope {
            Scope::Workspace => true,
            Scope::OpenFiles => self.is_open(path),
        };
        for finding in snapshot.findings() {
            if self
                .settings
                .min_severity
                .is_some_and(|min| finding.rule.severity < min)
            {
                continue;
            }
            let path = convert::absolute(finding.span.path());
            if !wanted(&path) {
                continue;
            }
            let mut diagnostic = convert::diagnostic(finding, self.encoding);
            diagnostic.code_description = self.docs_link(&finding.rule);
            by_file.entry(path).or_default().push(diagnostic);
        }
        for file in snapshot.files() {
            let Status::Error { message, at } = &file.status else {
                continue;
            };
            let path = convert::absolute(&file.path);
            if !wanted(&path) {
                continue;
            }
            let range = at.as_ref().map_or(
                Range::new(Position::new(0, 0), Position::new(0, 0)),
                |span| convert::range(span, self.encoding),
            );
            by_file.entry(path).or_default().push(Diagnostic {
                range,
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("parse-error".to_string())),
                source: Some("strata".to_string()),
                message: format!("{message} (the rest of the file is analysed where possible)"),
                ..Diagnostic::default()
            });
        }
        // Suppression warnings as the CLI reports them (broken or unused
        // comments, expired `[[ignore]]` entries), then the units' own (a
        // missing module source, a kustomization input not applied).
        let suppressions = snapshot.suppression_warnings();
        let placed = suppressions
            .iter()
            .filter_map(|w| Some((w.at.as_ref()?, w.kind, &w.message)));
        for (span, kind, message) in placed.chain(snapshot.warnings()) {
            let path = convert::absolute(span.path());
            if !wanted(&path) {
                continue;
            }
            let diagnostic = Diagnostic {
                range: convert::range(span, self.encoding),
                severity: Some(DiagnosticSeverity::WARNING),
                code: Some(NumberOrString::String(kind.as_str().to_string())),
                source: Some("strata".to_string()),
                message: message.clone(),
                // Editors fade a comment that does nothing.
                tags: (kind == WarningKind::UnusedSuppression)
                    .then(|| vec![DiagnosticTag::UNNECESSARY]),
                ..Diagnostic::default()
            };
            let list = by_file.entry(path).or_default();
            // A module file read by several units warns once.
            if !list.contains(&diagnostic) {
                list.push(diagnostic);
            }
        }
        for diagnostics in by_file.values_mut() {
            diagnostics.sort_by_key(|d| (d.range.start.line, d.range.start.character));
        }
        by_file
    }

    /// The rule's documentation link, when the settings give a URL template.
    fn docs_link(&self, rule: &crate::engine::rule::Rule) -> Option<CodeDescription> {
        let template = self.settings.docs_url.as_deref()?;
        let url = template
            .replace("{id}", &rule.id)
            .replace("{origin}", &rule.origin);
        url.parse().ok().map(|href| CodeDescription { href })
    }
}
