//! Declarative rule conditions, as parsed from a rule's `condition:` (see
//! `rules/README.md`). Everything that can be checked or compiled at load
//! time (paths, regexes, template parameters) is, so evaluation only reads.

use std::sync::Arc;

use regex::Regex;

use crate::rules::Template;

#[derive(Clone, Debug)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// `attr: P` plus one test.
    Attr {
        path: AttrPath,
        test: AttrTest,
    },
    /// `ports: {…}` + `covers: […]`.
    Ports {
        ports: PortSpec,
        covers: Vec<u16>,
    },
    /// `referenced_by: KIND` + `via: ATTR` (+ `where: C`).
    ReferencedBy(GraphLink),
    /// `references: KIND` + `via: ATTR` (+ `where: C`).
    References(GraphLink),
    /// `template: NAME` + `params: {…}`, compiled at load time.
    Template {
        name: String,
        template: Arc<dyn Template>,
    },
}

/// A dot-separated attribute path; `.` (no segments) is the context itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    /// The path as written, used as `{attr}` in messages.
    pub text: String,
    pub segments: Vec<String>,
}

impl AttrPath {
    /// Parses `a.b.c` or `.`; `None` for empty segments (`a..b`, `.a`).
    pub fn parse(text: &str) -> Option<AttrPath> {
        if text == "." {
            return Some(AttrPath {
                text: text.to_string(),
                segments: Vec::new(),
            });
        }
        let segments: Vec<String> = text.split('.').map(str::to_string).collect();
        if segments
            .iter()
            .any(|s| s.trim().is_empty() || s.trim() != s)
        {
            return None;
        }
        Some(AttrPath {
            text: text.to_string(),
            segments,
        })
    }

    pub fn is_self(&self) -> bool {
        self.segments.is_empty()
    }
}

/// A literal in a condition (`equals: true`, `one_of: [a, 5]`).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Number(f64),
    String(String),
}

impl Scalar {
    /// The literal as text, for substring tests (`contains: 5` on a string).
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => crate::model::format_number(*n),
            Scalar::String(s) => s.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Compare {
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Compare::Gt => left > right,
            Compare::Gte => left >= right,
            Compare::Lt => left < right,
            Compare::Lte => left <= right,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    Any,
    All,
    None,
}

/// The test applied to the value at an `attr` path.
#[derive(Clone, Debug)]
pub enum AttrTest {
    Exists(bool),
    Equals(Scalar),
    NotEquals(Scalar),
    OneOf(Vec<Scalar>),
    NotOneOf(Vec<Scalar>),
    Matches(Regex),
    NotMatches(Regex),
    Contains(Scalar),
    Compare(Compare, f64),
    IsEmpty(bool),
    PublicCidr,
    Quantified(Quantifier, Box<Condition>),
}

/// Where a port range comes from.
#[derive(Clone, Debug)]
pub enum PortSpec {
    /// Two numeric bounds, and the protocol attribute that can mean "all".
    Range {
        from: AttrPath,
        to: AttrPath,
        protocol: AttrPath,
    },
    /// One value: `22`, `"1000-2000"`, `"*"` or a list of those.
    Value(AttrPath),
}

#[derive(Clone, Debug)]
pub struct GraphLink {
    pub kind: String,
    pub via: String,
    pub filter: Option<Box<Condition>>,
}

impl Condition {
    /// The workspace link key of a rule whose whole condition is a linked
    /// template (see [`Template::link_key`]).
    pub fn link_key(&self, resource: &crate::model::Resource) -> Option<String> {
        match self {
            Condition::Template { template, .. } => template.link_key(resource),
            _ => None,
        }
    }

    /// Calls `f` on this condition and every nested one, depth first.
    pub fn visit<'c>(&'c self, f: &mut dyn FnMut(&'c Condition)) {
        f(self);
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| c.visit(f));
            }
            Condition::Not(inner) => inner.visit(f),
            Condition::Attr {
                test: AttrTest::Quantified(_, inner),
                ..
            } => inner.visit(f),
            Condition::ReferencedBy(link) | Condition::References(link) => {
                if let Some(filter) = &link.filter {
                    filter.visit(f);
                }
            }
            Condition::Attr { .. } | Condition::Ports { .. } | Condition::Template { .. } => {}
        }
    }
}
