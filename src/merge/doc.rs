//! A JSON document that keeps its keys in the order they were written, so
//! a merged report reads (and diffs) like the reports it came from.
//! (`serde_json::Value` sorts keys unless a crate-wide feature is enabled,
//! which would change key order everywhere else.)

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Doc {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Doc>),
    Object(IndexMap<String, Doc>),
}

impl Doc {
    pub fn parse(text: &str) -> Result<Doc, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// Pretty-printed as Strata's reports are, with a final newline.
    pub fn to_text(&self) -> String {
        // Keys are strings and numbers are serde_json's: cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Doc> {
        match self {
            Doc::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    /// Follows object keys and array indices written as strings.
    pub fn at(&self, path: &[&str]) -> Option<&Doc> {
        path.iter().try_fold(self, |doc, step| match doc {
            Doc::Array(items) => items.get(step.parse::<usize>().ok()?),
            other => other.get(step),
        })
    }

    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        match self.at(path)? {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn u64_at(&self, path: &[&str]) -> Option<u64> {
        match self.at(path)? {
            Doc::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Doc] {
        match self {
            Doc::Array(items) => items,
            _ => &[],
        }
    }

    /// The keys of an object, in order.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Doc::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    pub fn object_mut(&mut self) -> Option<&mut IndexMap<String, Doc>> {
        match self {
            Doc::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Takes the array under `key` out of an object (empty if missing).
    pub fn take_array(&mut self, key: &str) -> Vec<Doc> {
        match self.get_mut(key) {
            Some(Doc::Array(items)) => std::mem::take(items),
            _ => Vec::new(),
        }
    }

    pub fn string(text: impl Into<String>) -> Doc {
        Doc::String(text.into())
    }

    pub fn number(n: u64) -> Doc {
        Doc::Number(n.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_formatting() {
        let text = "{\n  \"version\": 1,\n  \"b\": [\n    null,\n    true,\n    -1.5\n  ],\n  \"a\": {}\n}\n";
        assert_eq!(Doc::parse(text).unwrap().to_text(), text);
    }
}
