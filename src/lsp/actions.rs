//! Code actions: the rule's quick fix when it has one (marked preferred
//! only when the rule says it is safe), and "suppress RULE here", inserting
//! the comment the format reads on the line above the finding (`#` for HCL,
//! YAML and Dockerfiles, `{{/* … */}}` in Helm templates) with a
//! placeholder for the reason.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, Range, TextEdit,
    WorkspaceEdit,
};
use serde_json::Value;

use super::convert;
use super::server::Server;
use crate::analysis::UnitFinding;

impl Server {
    // lsp-types keys edits by `Uri`, which clippy sees as interior-mutable.
    #[allow(clippy::mutable_key_type)]
    pub(super) fn code_actions(&self, params: CodeActionParams) -> Value {
        let Some(path) = self.path_of(&params.text_document.uri) else {
            return Value::Array(Vec::new());
        };
        let snapshot = self.workspace.current();
        let mut actions = Vec::new();
        for finding in snapshot.findings() {
            if finding.suppressed.is_some() || convert::absolute(finding.span.path()) != path {
                continue;
            }
            let range = convert::range(&finding.span, self.encoding);
            if !overlaps(range, params.range) {
                continue;
            }
            let diagnostics = params
                .context
                .diagnostics
                .iter()
                .filter(|d| d.range == range)
                .cloned()
                .collect::<Vec<_>>();
            let uri = &params.text_document.uri;
            let action = |title: String, edit: TextEdit, preferred: bool| {
                let mut changes = HashMap::new();
                changes.insert(uri.clone(), vec![edit]);
                CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: (!diagnostics.is_empty()).then(|| diagnostics.clone()),
                    edit: Some(WorkspaceEdit {
                        changes: Some(changes),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(preferred),
                    ..CodeAction::default()
                })
            };
            if let Some(fix) = &finding.fix {
                let edit =
                    TextEdit::new(convert::range(&fix.span, self.encoding), fix.text.clone());
                actions.push(action(fix.title.clone(), edit, fix.safe));
            }
            let edit = suppression_edit(finding, &path, self.encoding);
            let title = format!("Suppress {} here (with a reason)", finding.rule.id);
            actions.push(action(title, edit, false));
        }
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }
}

fn overlaps(a: Range, b: Range) -> bool {
    let before = |x: Position, y: Position| (x.line, x.character) < (y.line, y.character);
    !before(a.end, b.start) && !before(b.end, a.start)
}

/// A comment line above the finding's line, indented like it.
fn suppression_edit(finding: &UnitFinding, path: &Path, encoding: convert::Encoding) -> TextEdit {
    let start = convert::position(&finding.span.file, finding.span.start, encoding);
    let line = finding.span.file.line_text(start.line + 1);
    let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
    let id = &finding.rule.id;
    let comment = if is_helm_template(path) {
        format!("{indent}{{{{/* strata:ignore {id} <reason> */}}}}\n")
    } else {
        format!("{indent}# strata:ignore {id} <reason>\n")
    };
    let at = Position::new(start.line, 0);
    TextEdit::new(Range::new(at, at), comment)
}

/// A file under a chart's `templates/` directory.
fn is_helm_template(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == "templates"))
        .and_then(Path::parent)
        .is_some_and(|chart| {
            chart.join("Chart.yaml").is_file() || chart.join("Chart.yml").is_file()
        })
}
