//! JSON text as a model tree: for documents stored in strings (IAM
//! policies written as heredocs, or read from `jsonencode` output).

use indexmap::IndexMap;

use crate::model::{Node, Value};
use crate::source::Span;

/// The document in `text`, every node placed at `span` (the string's own
/// place: positions inside a string are not tracked); `None` when `text`
/// is not JSON. serde_json bounds nesting (128 levels), so the conversion
/// is bounded too.
pub fn parse(text: &str, span: Option<Span>) -> Option<Node> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(convert(json, span))
}

fn convert(json: serde_json::Value, span: Option<Span>) -> Node {
    let value = match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => {
            Value::List(items.into_iter().map(|v| convert(v, span)).collect())
        }
        serde_json::Value::Object(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (k, convert(v, span)))
                .collect::<IndexMap<_, _>>(),
        ),
    };
    Node::new(value, span)
}

/// The document a string node holds: what the front end decoded, else its
/// text parsed; `None` when it holds none (unknown text, or not JSON).
pub fn document(node: &Node) -> Option<Node> {
    if let Some(decoded) = node.decoded() {
        return Some(decoded.clone());
    }
    parse(node.value.as_str()?, node.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_from_text_or_decoded() {
        let text = Node::new(Value::String(r#"{"a": [1, "x"]}"#.into()), None);
        let doc = document(&text).unwrap();
        assert_eq!(doc.get("a").map(|n| n.value.type_name()), Some("list"));
        assert!(document(&Node::new(Value::String("not json".into()), None)).is_none());
        let inner = Node::new(Value::Map(IndexMap::new()), None);
        let unknown = Node::encoded(Value::Unknown, None, inner.clone());
        assert_eq!(document(&unknown), Some(inner));
    }
}
