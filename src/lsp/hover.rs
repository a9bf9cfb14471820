//! Hover on a finding's range: the finding, then the rule's explanation —
//! the same text as `strata explain`.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use serde_json::Value;

use super::convert;
use super::server::Server;

impl Server {
    pub(super) fn hover(&self, params: HoverParams) -> Value {
        let position = params.text_document_position_params;
        let Some(path) = self.path_of(&position.text_document.uri) else {
            return Value::Null;
        };
        let at = (position.position.line, position.position.character);
        let snapshot = self.workspace.current();
        let sections: Vec<String> = snapshot
            .findings()
            .into_iter()
            .filter(|f| convert::absolute(f.span.path()) == path)
            .filter(|f| {
                let range = convert::range(&f.span, self.encoding);
                (range.start.line, range.start.character) <= at
                    && at <= (range.end.line, range.end.character)
            })
            .map(|f| {
                format!(
                    "**{}** — {}\n\n```text\n{}```",
                    f.rule.id,
                    f.message,
                    crate::report::explain(&f.rule)
                )
            })
            .collect();
        if sections.is_empty() {
            return Value::Null;
        }
        let hover = Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: sections.join("\n\n---\n\n"),
            }),
            range: None,
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }
}
