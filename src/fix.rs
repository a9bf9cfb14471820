//! Quick fixes: a rule's declarative [`Fix`] (set one attribute to a value)
//! turned into a text edit on the finding's file. The value of the
//! attribute the finding points at is replaced; for a Terraform resource
//! that lacks a top-level attribute, a line is inserted under its header.
//! Anything else (generated text, nested attributes that are missing,
//! Dockerfiles) gets no fix rather than a guess.

use crate::engine::rule::Fix;
use crate::model::{SourceFormat, Value, format_number};
use crate::source::FileSpan;

/// A planned edit: replace `span` (empty: insert at its start) with `text`.
#[derive(Clone, Debug)]
pub struct Edit {
    pub title: String,
    pub span: FileSpan,
    pub text: String,
    /// Safe to apply without review.
    pub safe: bool,
}

/// The edit for `fix` on a finding at `at`, in a resource whose header is
/// `header`, declared in `format`.
pub fn plan(fix: &Fix, at: &FileSpan, header: &FileSpan, format: SourceFormat) -> Option<Edit> {
    if at.file.is_generated() {
        return None;
    }
    let last = fix.attr.rsplit('.').next()?;
    let key = match format {
        SourceFormat::Terraform => snake_case(last),
        SourceFormat::Kubernetes => last.to_string(),
        _ => return None,
    };
    let value = render(&fix.value, format);
    let edit = |span: FileSpan, text: String| Edit {
        title: fix.title.clone(),
        span,
        text,
        safe: fix.safe,
    };
    if at != header {
        let span = value_span(at, &key, format)?;
        return Some(edit(span, value));
    }
    // A missing top-level Terraform attribute: a line under the header.
    if format != SourceFormat::Terraform || fix.attr.contains('.') {
        return None;
    }
    let file = &header.file;
    let line = file.position(header.start).line;
    let header_line = file.line_text(line);
    if !header_line.trim_end().ends_with('{') {
        return None;
    }
    let indent: String = header_line
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let start = file.line_start(line);
    Some(edit(
        FileSpan {
            file: file.clone(),
            start,
            end: start,
        },
        format!("{indent}  {key} = {value}\n"),
    ))
}

/// The value part of `key = value` / `key: value` within the span.
fn value_span(at: &FileSpan, key: &str, format: SourceFormat) -> Option<FileSpan> {
    let text = at.file.text.get(at.start as usize..at.end as usize)?;
    let body = text.trim_start();
    let after_key = body
        .strip_prefix(key)
        .or_else(|| body.strip_prefix(&format!("\"{key}\"")))?;
    let separator = if format == SourceFormat::Terraform {
        '='
    } else {
        ':'
    };
    let after = after_key.trim_start().strip_prefix(separator)?;
    let value = after.trim_start();
    let value = value.trim_end();
    if value.is_empty() {
        return None;
    }
    let start =
        at.start as usize + (text.len() - after.len()) + (after.len() - after.trim_start().len());
    Some(FileSpan {
        file: at.file.clone(),
        start: start as u32,
        end: (start + value.len()) as u32,
    })
}

fn render(value: &Value, format: SourceFormat) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format_number(*n),
        // A JSON string is valid HCL and valid (double-quoted) YAML.
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => {
            let _ = format;
            other.display()
        }
    }
}

/// `allowPrivilegeEscalation` → `allow_privilege_escalation` (the Terraform
/// Kubernetes provider's names).
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// The text after applying `edit` to its file.
pub fn apply(edit: &Edit) -> String {
    let text = &edit.span.file.text;
    let (start, end) = (edit.span.start as usize, edit.span.end as usize);
    format!("{}{}{}", &text[..start], edit.text, &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn span(file: &Arc<SourceFile>, needle: &str) -> FileSpan {
        let start = file.text.find(needle).unwrap() as u32;
        FileSpan {
            file: file.clone(),
            start,
            end: start + needle.len() as u32,
        }
    }

    fn fix(attr: &str, value: Value) -> Fix {
        Fix {
            title: "t".into(),
            attr: attr.into(),
            value,
            safe: true,
        }
    }

    #[test]
    fn replaces_the_value_of_the_attribute_found() {
        let file = Arc::new(SourceFile::new(
            "main.tf".into(),
            Arc::from("resource \"x\" \"y\" {\n  encrypted = false # old\n}\n"),
        ));
        let header = span(&file, "resource \"x\" \"y\"");
        let at = span(&file, "encrypted = false");
        let edit = plan(
            &fix("encrypted", Value::Bool(true)),
            &at,
            &header,
            SourceFormat::Terraform,
        )
        .unwrap();
        assert_eq!(
            apply(&edit),
            "resource \"x\" \"y\" {\n  encrypted = true # old\n}\n"
        );
    }

    #[test]
    fn inserts_a_missing_terraform_attribute_and_converts_names() {
        let file = Arc::new(SourceFile::new(
            "main.tf".into(),
            Arc::from("  resource \"x\" \"y\" {\n    size = 1\n  }\n"),
        ));
        let header = span(&file, "resource \"x\" \"y\"");
        let edit = plan(
            &fix("encrypted", Value::Bool(true)),
            &header,
            &header,
            SourceFormat::Terraform,
        )
        .unwrap();
        assert_eq!(
            apply(&edit),
            "  resource \"x\" \"y\" {\n    encrypted = true\n    size = 1\n  }\n"
        );
        let yaml = Arc::new(SourceFile::new(
            "p.yaml".into(),
            Arc::from("securityContext: {privileged: true}\n"),
        ));
        let at = span(&yaml, "privileged: true");
        let edit = plan(
            &fix("securityContext.privileged", Value::Bool(false)),
            &at,
            &span(&yaml, "securityContext"),
            SourceFormat::Kubernetes,
        )
        .unwrap();
        assert_eq!(apply(&edit), "securityContext: {privileged: false}\n");
        assert_eq!(
            snake_case("allowPrivilegeEscalation"),
            "allow_privilege_escalation"
        );
    }
}
