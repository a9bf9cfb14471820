//! `template: hardcoded_secret`: a literal secret anywhere in the body.
//!
//! Parameters (both optional):
//! - `names: [password, …]`: only look at values stored under attribute
//!   names ending with one of these (case and separators ignored);
//! - `formats: [aws_access_key_id, named, …]`: only report these kinds
//!   (see [`SecretKind::id`]).
//!
//! The witness is the attribute holding the secret; `{value}` renders as the
//! kind of secret, never the secret itself.

use std::borrow::Cow;
use std::sync::Arc;

use super::secrets::{Detector, SecretKind};
use super::{Params, Template, TemplateDef, TemplateInput, check_keys, clean, string_list};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Node, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "hardcoded_secret",
    compile,
};

#[derive(Debug)]
struct HardcodedSecret {
    detector: Detector,
    /// Compacted attribute-name suffixes to look at; all when `None`.
    names: Option<Vec<String>>,
}

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &["names", "formats"])?;
    let names = string_list(params, "names")?.map(|v| v.iter().map(|n| compact(n)).collect());
    let detector = match string_list(params, "formats")? {
        None => Detector::default(),
        Some(ids) => Detector::only(
            ids.iter()
                .map(|id| {
                    SecretKind::from_id(id).ok_or_else(|| {
                        let known: Vec<&str> = SecretKind::ALL.iter().map(|k| k.id()).collect();
                        format!(
                            "unknown secret format `{id}` in `formats` (expected one of {})",
                            known.join(", ")
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Arc::new(HardcodedSecret { detector, names }))
}

fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

struct Found<'a> {
    node: &'a Node,
    kind: SecretKind,
    path: String,
    /// The variable or key that holds the secret, when the path does not
    /// already end with it (an env entry's `name`, `DB_PASSWORD=` in a script).
    key: Option<String>,
}

impl HardcodedSecret {
    fn wanted(&self, name: Option<&str>) -> bool {
        match (&self.names, name) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(names), Some(name)) => {
                let name = compact(name);
                names.iter().any(|n| name.ends_with(n.as_str()))
            }
        }
    }

    fn check_string<'a>(
        &self,
        node: &'a Node,
        name: Option<&str>,
        path: &[&str],
    ) -> Option<Found<'a>> {
        let Value::String(text) = &node.value else {
            return None;
        };
        if !self.wanted(name) {
            return None;
        }
        let (kind, assigned) = self.detector.find(name, text)?;
        let key = assigned
            .or_else(|| name.map(str::to_string))
            .filter(|k| path.last() != Some(&k.as_str()));
        Some(Found {
            node,
            kind,
            path: path.join("."),
            key,
        })
    }

    /// Depth first, in document order; `name` is the nearest attribute name.
    /// Values in code a comment declares test data are passed over (with
    /// everything under it: the comment may sit above the enclosing block).
    fn walk<'a>(
        &self,
        node: &'a Node,
        name: Option<&'a str>,
        path: &mut Vec<&'a str>,
        input: &TemplateInput,
    ) -> Option<Found<'a>> {
        let graph = input.graph;
        // A value under any declaring comment, here or where it was
        // written; a block only under one that names credentials.
        let declared = |span| match node.value {
            Value::String(_) => graph.is_declared_test_value(input.id, span),
            _ => graph.is_declared_test_block(span),
        };
        if node.span.is_some_and(declared) {
            return None;
        }
        match &node.value {
            Value::String(_) => self.check_string(node, name, path),
            Value::List(items) => items
                .iter()
                .find_map(|item| self.walk(item, name, path, input)),
            Value::Map(map) => {
                // `{name = "DB_PASSWORD", value = "…"}` pairs (container env).
                if let (Some(Value::String(key)), Some(value)) =
                    (map.get("name").map(|n| &n.value), map.get("value"))
                {
                    path.push("value");
                    let declared = value
                        .span
                        .is_some_and(|span| graph.is_declared_test_value(input.id, span));
                    let found = (!declared)
                        .then(|| self.check_string(value, Some(key), path))
                        .flatten();
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                map.iter().find_map(|(key, child)| {
                    path.push(key);
                    let found = self.walk(child, Some(key), path, input);
                    path.pop();
                    found
                })
            }
            Value::Unknown | Value::Null | Value::Bool(_) | Value::Number(_) => None,
        }
    }
}

impl Template for HardcodedSecret {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        // Unknown values are references, not literals: never a hard-coded secret.
        if input.graph.is_declared_test_block(input.resource.span) {
            return clean(false);
        }
        let mut path = Vec::new();
        match self.walk(input.node, None, &mut path, input) {
            None => clean(false),
            Some(found) => {
                let label = match &found.key {
                    Some(key) => Cow::Owned(format!("{} (`{key}`)", found.kind.label())),
                    None => Cow::Borrowed(found.kind.label()),
                };
                let witness = Witness::attr(found.node, Cow::Owned(found.path))
                    .with_value(WitnessValue::Text(label));
                Outcome::new(Truth::True, Some(witness))
            }
        }
    }
}
