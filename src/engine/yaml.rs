//! A thin layer over saphyr's position-annotated YAML: loading one
//! document, reading keys and scalars, and collecting positioned errors.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::condition;
use super::error::RuleError;
use crate::model::{Node, Value};

pub type Yaml<'i> = MarkedYaml<'i>;

/// 1-based line and column of a node's start.
pub fn position(node: &Yaml) -> (u32, u32) {
    let start = node.span.start;
    (start.line() as u32, start.col() as u32 + 1)
}

/// Parses `text` as exactly one YAML document.
pub fn load<'i>(origin: &str, text: &'i str) -> Result<Yaml<'i>, RuleError> {
    let docs = Yaml::load_from_str(text).map_err(|e| {
        let m = e.marker();
        RuleError::new(
            origin,
            Some((m.line() as u32, m.col() as u32 + 1)),
            format!("invalid YAML: {}", e.info()),
        )
    })?;
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return Err(RuleError::new(origin, None, "the file is empty"));
    };
    if let Some(extra) = docs.next() {
        return Err(RuleError::new(
            origin,
            Some(position(&extra)),
            "a rule file holds exactly one YAML document",
        ));
    }
    Ok(doc)
}

/// What a node is, for messages ("expected a list, found a string").
pub fn describe(node: &Yaml) -> &'static str {
    match &node.data {
        YamlData::Value(Scalar::Null) => "null",
        YamlData::Value(Scalar::Boolean(_)) => "a boolean",
        YamlData::Value(Scalar::Integer(_) | Scalar::FloatingPoint(_)) => "a number",
        YamlData::Value(Scalar::String(_)) | YamlData::Representation(..) => "a string",
        YamlData::Sequence(_) => "a list",
        YamlData::Mapping(_) => "a mapping",
        YamlData::Tagged(..) => "a tagged node",
        YamlData::Alias(_) | YamlData::BadValue => "an invalid value",
    }
}

pub fn as_str<'a>(node: &'a Yaml) -> Option<&'a str> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        _ => None,
    }
}

pub fn as_number(node: &Yaml) -> Option<f64> {
    match &node.data {
        YamlData::Value(Scalar::Integer(i)) => Some(*i as f64),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.into_inner()),
        _ => None,
    }
}

pub fn as_scalar(node: &Yaml) -> Option<condition::Scalar> {
    match &node.data {
        YamlData::Value(Scalar::Boolean(b)) => Some(condition::Scalar::Bool(*b)),
        YamlData::Value(Scalar::String(s)) => Some(condition::Scalar::String(s.to_string())),
        _ => as_number(node).map(condition::Scalar::Number),
    }
}

pub fn as_list<'a, 'i>(node: &'a Yaml<'i>) -> Option<&'a [Yaml<'i>]> {
    match &node.data {
        YamlData::Sequence(items) => Some(items),
        _ => None,
    }
}

/// Converts template parameters to model values (no spans: they are not IaC).
pub fn to_value(node: &Yaml) -> Value {
    match &node.data {
        YamlData::Value(Scalar::Null) => Value::Null,
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Value(Scalar::String(s)) => Value::String(s.to_string()),
        YamlData::Sequence(items) => {
            Value::List(items.iter().map(|i| Node::new(to_value(i), None)).collect())
        }
        YamlData::Mapping(map) => Value::Map(
            map.iter()
                .map(|(k, v)| {
                    let key = as_str(k).map_or_else(|| key_text(k), str::to_string);
                    (key, Node::new(to_value(v), None))
                })
                .collect(),
        ),
        _ => as_number(node).map_or(Value::Unknown, Value::Number),
    }
}

fn key_text(node: &Yaml) -> String {
    match &node.data {
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        _ => describe(node).to_string(),
    }
}

/// Collects errors for one rule file.
pub struct Diagnostics<'o> {
    pub origin: &'o str,
    pub errors: Vec<RuleError>,
    /// Condition nesting, bounded so a hostile file cannot overflow the stack.
    pub depth: usize,
}

impl<'o> Diagnostics<'o> {
    pub fn new(origin: &'o str) -> Self {
        Diagnostics {
            origin,
            errors: Vec::new(),
            depth: 0,
        }
    }

    pub fn at(&mut self, node: &Yaml, message: impl Into<String>) {
        self.errors
            .push(RuleError::new(self.origin, Some(position(node)), message));
    }

    /// The entries of a mapping with string keys, or an error naming `what`.
    pub fn mapping<'a, 'i>(
        &mut self,
        node: &'a Yaml<'i>,
        what: &str,
    ) -> Option<Vec<(&'a str, &'a Yaml<'i>, &'a Yaml<'i>)>> {
        let YamlData::Mapping(map) = &node.data else {
            self.at(
                node,
                format!("{what} must be a mapping, found {}", describe(node)),
            );
            return None;
        };
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in map {
            match as_str(key) {
                Some(k) => entries.push((k, key, value)),
                None => self.at(
                    key,
                    format!("keys in {what} must be strings, found {}", describe(key)),
                ),
            }
        }
        Some(entries)
    }

    pub fn string(&mut self, node: &Yaml, what: &str) -> Option<String> {
        match as_str(node) {
            Some(s) => Some(s.to_string()),
            None => {
                self.at(
                    node,
                    format!("{what} must be a string, found {}", describe(node)),
                );
                None
            }
        }
    }

    pub fn bool(&mut self, node: &Yaml, what: &str) -> Option<bool> {
        match &node.data {
            YamlData::Value(Scalar::Boolean(b)) => Some(*b),
            _ => {
                self.at(
                    node,
                    format!("{what} must be true or false, found {}", describe(node)),
                );
                None
            }
        }
    }

    /// A list of strings; a lone string is not accepted, to keep files uniform.
    pub fn strings(&mut self, node: &Yaml, what: &str) -> Option<Vec<String>> {
        let Some(items) = as_list(node) else {
            self.at(
                node,
                format!("{what} must be a list of strings, found {}", describe(node)),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match as_str(item) {
                Some(s) => out.push(s.to_string()),
                None => self.at(
                    item,
                    format!(
                        "{what} must be a list of strings, found {} (quote it)",
                        describe(item)
                    ),
                ),
            }
        }
        (out.len() == items.len()).then_some(out)
    }
}

/// "`a`, `b`, `c`" for messages.
pub fn one_of_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
