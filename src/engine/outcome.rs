//! Three-valued results and the witnesses that say where a finding points.

use std::borrow::Cow;

use crate::model::{Node, Value};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    True,
    False,
    /// Depends on a value that is not known statically.
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// How strongly a witness identifies the culprit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WitnessKind {
    /// An attribute (or list element) that exists and decided the result.
    Attr,
    /// The attribute is missing; the span is its nearest existing block.
    Block,
}

/// What `{value}` renders as.
#[derive(Clone, Debug)]
pub enum WitnessValue<'a> {
    None,
    Value(&'a Value),
    /// Made-up text, e.g. a port range or a secret's kind (never the secret).
    Text(Cow<'a, str>),
}

/// The part of the input that decided a condition.
#[derive(Clone, Debug)]
pub struct Witness<'a> {
    pub kind: WitnessKind,
    /// `None` falls back to the resource header.
    pub span: Option<Span>,
    /// The attribute path, relative to the resource, for `{attr}`.
    pub attr: Cow<'a, str>,
    pub value: WitnessValue<'a>,
}

impl<'a> Witness<'a> {
    /// An attribute that exists.
    pub fn attr(node: &'a Node, attr: impl Into<Cow<'a, str>>) -> Witness<'a> {
        Witness {
            kind: WitnessKind::Attr,
            span: node.span,
            attr: attr.into(),
            value: WitnessValue::Value(&node.value),
        }
    }

    /// A missing attribute, pointed at through its enclosing block.
    pub fn block(block: Option<&'a Node>, attr: impl Into<Cow<'a, str>>) -> Witness<'a> {
        Witness {
            kind: WitnessKind::Block,
            span: block.and_then(|b| b.span),
            attr: attr.into(),
            value: WitnessValue::None,
        }
    }

    pub fn with_value(mut self, value: WitnessValue<'a>) -> Witness<'a> {
        self.value = value;
        self
    }

    /// True for a witness naming an existing attribute with a span.
    pub fn is_precise(&self) -> bool {
        self.kind == WitnessKind::Attr && self.span.is_some()
    }

    /// The witness seen from a parent path (`ingress` + `cidr_blocks`).
    pub fn prefixed(self, prefix: &str) -> Witness<'a> {
        let attr = if self.attr.is_empty() || self.attr == "." {
            Cow::Owned(prefix.to_string())
        } else if prefix.is_empty() || prefix == "." {
            self.attr
        } else {
            Cow::Owned(format!("{prefix}.{}", self.attr))
        };
        Witness { attr, ..self }
    }
}

#[derive(Clone, Debug)]
pub struct Outcome<'a> {
    pub truth: Truth,
    pub witness: Option<Witness<'a>>,
}

impl<'a> Outcome<'a> {
    pub fn new(truth: Truth, witness: Option<Witness<'a>>) -> Outcome<'a> {
        Outcome { truth, witness }
    }

    pub fn unknown() -> Outcome<'a> {
        Outcome::new(Truth::Unknown, None)
    }

    pub fn is_true(&self) -> bool {
        self.truth == Truth::True
    }
}
