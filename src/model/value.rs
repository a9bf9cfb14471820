//! Format-neutral values with spans.
//!
//! Terraform blocks, YAML mappings and Dockerfile instructions all lower into
//! [`Node`] trees: maps of named children, lists, scalars — and `Unknown`
//! for anything that cannot be known before apply (data sources, computed
//! attributes, unset variables). Rules treat `Unknown` as "cannot judge".

use indexmap::IndexMap;

use crate::source::Span;

/// A value and where it came from (`None` for values made up by the engine,
/// e.g. a default).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Option<Span>,
    /// For a string that holds a JSON document (`jsonencode(…)`, a
    /// generated IAM policy): the document before encoding, with the spans
    /// of the expressions that wrote it and unknown leaves where they are
    /// unknown — so the document can be judged, and pointed into, even when
    /// the string itself is not known.
    decoded: Option<Box<Node>>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// Not knowable statically.
    #[default]
    Unknown,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// A list, tuple or set; nested blocks lower to a list of maps.
    List(Vec<Node>),
    /// An object or map; a block body lowers to a map.
    Map(IndexMap<String, Node>),
}

impl Node {
    pub fn new(value: Value, span: Option<Span>) -> Self {
        Node {
            value,
            span,
            decoded: None,
        }
    }

    /// A JSON string (or an unknown one) and the document it encodes.
    pub fn encoded(value: Value, span: Option<Span>, document: Node) -> Self {
        Node {
            value,
            span,
            decoded: Some(Box::new(document)),
        }
    }

    /// The document this string encodes, when the front end knows it.
    pub fn decoded(&self) -> Option<&Node> {
        self.decoded.as_deref()
    }

    /// The same value placed at `span` (where an attribute or reference
    /// is written), keeping what it encodes.
    pub fn at(self, span: Option<Span>) -> Self {
        Node { span, ..self }
    }

    pub fn unknown(span: Option<Span>) -> Self {
        Node::new(Value::Unknown, span)
    }

    /// A child of a map by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.get(key),
            _ => None,
        }
    }

    /// True if this is unknown or contains an unknown anywhere inside.
    pub fn has_unknown(&self) -> bool {
        match &self.value {
            Value::Unknown => true,
            Value::List(items) => items.iter().any(Node::has_unknown),
            Value::Map(m) => m.values().any(Node::has_unknown),
            _ => false,
        }
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Short name of the type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Unknown => "unknown",
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// The value as it would be written in a message (`true`, `"x"`, `22`).
    pub fn display(&self) -> String {
        match self {
            Value::Unknown => "(unknown)".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => format!("{s:?}"),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|n| n.value.display())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Map(_) => "{…}".into(),
        }
    }
}

/// Numbers print without a trailing `.0` when they are whole.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}
