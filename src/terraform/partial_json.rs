//! A JSON document written as a string template whose interpolations are
//! not all known (a heredoc policy naming `${aws_s3_bucket.b.arn}`): the
//! string is unknown, but its document is not — every string that holds an
//! unknown interpolation is unknown, the rest is as written. The result is
//! attached to the unknown string (see [`Node::decoded`]) so IAM rules can
//! judge the policy.

use super::ast::Part;
use super::module::Env;
use super::ops;
use super::scope::Instance;
use crate::model::{Node, Value};
use crate::source::Span;

/// Stands for an unknown interpolation while the text is parsed; a NUL
/// cannot appear in a JSON document, so it never clashes with the text.
const HOLE: &str = "\u{0}unknown\u{0}";

impl Instance {
    /// The document of an unknown template, when it is JSON with holes in
    /// string values only; `None` otherwise (a directive, a hole outside a
    /// string, text that is not JSON).
    pub(super) fn partial_json(
        &mut self,
        env: &mut Env,
        parts: &[Part],
        span: Span,
    ) -> Option<Node> {
        let starts_like_json = match parts.first() {
            Some(Part::Lit(s)) => s.trim_start().starts_with(['{', '[']),
            _ => false,
        };
        if !starts_like_json {
            return None;
        }
        let mut text = String::new();
        for part in parts {
            match part {
                Part::Lit(s) => text.push_str(s),
                Part::Interp(e) => {
                    let value = self.eval(env, e).ok()?.value;
                    match ops::to_string(&value).ok()? {
                        Some(s) if !s.contains('\u{0}') => text.push_str(&s),
                        Some(_) => return None,
                        None => text.push_str(HOLE),
                    }
                }
                // Template directives: not worth guessing.
                _ => return None,
            }
            if text.len() > ops::MAX_STRING {
                return None;
            }
        }
        // JSON forbids a raw NUL in strings; escape the holes to parse.
        let escaped = text.replace('\u{0}', "\\u0000");
        let document = crate::model::json::parse(&escaped, Some(span))?;
        Some(fill_holes(document))
    }
}

/// Strings that contain a hole are unknown.
fn fill_holes(node: Node) -> Node {
    let span = node.span;
    match node.value {
        Value::String(s) if s.contains('\u{0}') => Node::unknown(span),
        Value::List(items) => Node::new(
            Value::List(items.into_iter().map(fill_holes).collect()),
            span,
        ),
        Value::Map(map) => {
            // A hole in a key makes the shape of the object unknown.
            if map.keys().any(|k| k.contains('\u{0}')) {
                return Node::unknown(span);
            }
            Node::new(
                Value::Map(map.into_iter().map(|(k, v)| (k, fill_holes(v))).collect()),
                span,
            )
        }
        other => Node::new(other, span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_in_strings_are_unknown() {
        let text =
            format!(r#"{{"Resource": "{HOLE}/*", "Action": "s3:*"}}"#).replace('\u{0}', "\\u0000");
        let doc = fill_holes(crate::model::json::parse(&text, None).unwrap());
        assert!(doc.get("Resource").unwrap().value.is_unknown());
        assert_eq!(doc.get("Action").unwrap().value.as_str(), Some("s3:*"));
    }
}
