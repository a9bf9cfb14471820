//! Rule logic written in Rust, for what a declarative condition cannot say.
//!
//! A rule uses one through `condition: {template: NAME, params: {…}}`. Each
//! template compiles its parameters once, when the rule is loaded, into a
//! [`Template`] the engine calls like any other condition.

pub mod default_deny;
mod dockerfile;
pub mod exposure;
pub mod hardcoded_secret;
pub mod iam_policy;
pub mod network_policy;
pub mod placeholder;
mod rbac;
mod secret_manifest;
pub mod secrets;
mod unselected_workload;

use std::sync::Arc;

use indexmap::IndexMap;

use crate::engine::{Outcome, Truth};
use crate::model::{Graph, Node, Resource, Value};

/// What a template sees: the condition's context (the resource body, or an
/// element under a quantifier) and, for graph questions, the whole unit.
pub struct TemplateInput<'a> {
    pub node: &'a Node,
    pub id: crate::model::ResourceId,
    pub resource: &'a Resource,
    pub graph: &'a Graph,
}

/// A template with its parameters compiled. Witness paths are relative to
/// `input.node`.
pub trait Template: Send + Sync + std::fmt::Debug {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a>;

    /// For a template whose answer also depends on other units (a
    /// namespace's NetworkPolicies may live in any manifest): the key under
    /// which the workspace links its findings. `None` (the default): the
    /// unit decides alone.
    fn link_key(&self, _resource: &Resource) -> Option<String> {
        None
    }
}

/// A rule's `params:`, with scalars, lists and maps as model values.
pub type Params = IndexMap<String, Value>;

pub struct TemplateDef {
    pub name: &'static str,
    /// Checks and compiles the parameters; the error names the bad one.
    pub compile: fn(&Params) -> Result<Arc<dyn Template>, String>,
}

/// Every template, by name.
pub const TEMPLATES: &[TemplateDef] = &[
    hardcoded_secret::DEF,
    iam_policy::DEF,
    default_deny::DEF,
    rbac::DEF,
    secret_manifest::DEF,
    unselected_workload::DEF,
    dockerfile::unpinned_packages::DEF,
];

pub fn find(name: &str) -> Option<&'static TemplateDef> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// Reads an optional list of strings parameter.
pub fn string_list(params: &Params, key: &str) -> Result<Option<Vec<String>>, String> {
    let Some(value) = params.get(key) else {
        return Ok(None);
    };
    let Value::List(items) = value else {
        return Err(format!("`{key}` must be a list of strings"));
    };
    items
        .iter()
        .map(|n| match &n.value {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "`{key}` must be a list of strings, found a {}",
                other.type_name()
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Rejects parameters a template does not know.
pub fn check_keys(params: &Params, known: &[&str]) -> Result<(), String> {
    match params.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) if known.is_empty() => Err(format!("unknown parameter `{k}` (takes none)")),
        Some(k) => Err(format!(
            "unknown parameter `{k}` (expected one of {})",
            known.join(", ")
        )),
    }
}

/// A template result with no finding.
pub fn clean<'a>(unknown: bool) -> Outcome<'a> {
    Outcome::new(
        if unknown {
            Truth::Unknown
        } else {
            Truth::False
        },
        None,
    )
}
