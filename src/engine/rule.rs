//! A rule of the catalog, as loaded from `rules/<layer>/<ID>-<name>.yaml`.

use std::sync::Arc;

use indexmap::IndexMap;

use super::condition::Condition;
use crate::findings::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Cloud,
    Cluster,
    Container,
    Code,
}

impl Layer {
    /// The name rule files and reports use (`cloud`, `cluster`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Cloud => "cloud",
            Layer::Cluster => "cluster",
            Layer::Container => "container",
            Layer::Code => "code",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Stable,
    Experimental,
    Deprecated,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub title: Arc<str>,
    pub severity: Severity,
    pub layer: Layer,
    pub status: Status,
    /// Resource kinds the rule looks at (`*` for all).
    pub applies_to: Vec<String>,
    /// Source formats the rule looks at; empty for all. Lets a `*` rule
    /// (e.g. secrets in Terraform attributes) stay out of formats that have
    /// their own, more precise rule.
    pub formats: Vec<crate::model::SourceFormat>,
    /// Message template: `{resource}`, `{value}`, `{attr}`.
    pub message: String,
    pub description: String,
    /// Full sentences, trimmed.
    pub recipe: Arc<str>,
    /// Source format (`terraform`, `kubernetes`, …) → example of the fix.
    pub snippets: IndexMap<String, String>,
    /// Peer tool or benchmark (`checkov`, `trivy`, `kics`, `cis`, …) → IDs.
    pub references: Arc<IndexMap<String, Vec<String>>>,
    /// Attribute path to point at when present.
    pub location: Option<String>,
    /// The quick fix, when one attribute value repairs the resource.
    pub fix: Option<Fix>,
    /// Which resources the rule is about (e.g. only ingress rules, only
    /// long-running workloads). A resource is judged only when this is
    /// true; it never decides where a finding points.
    pub when: Option<Condition>,
    /// The bad state: a finding when true.
    pub condition: Condition,
    /// Rules whose findings this one implies: when it is true for a
    /// resource, their findings on the same resource are not reported (an
    /// ingress rule open on every port is one finding, not one per port
    /// family; an admin policy is not also a wildcard-action policy).
    pub supersedes: Vec<String>,
    /// Where the rule came from (`rules/cloud/AWS001-….yaml` or a user path).
    pub origin: String,
}

/// A rule's quick fix, as data: set one attribute to a value. Applied to
/// the attribute the finding points at (its value is replaced), or — for a
/// Terraform resource that lacks a top-level attribute — inserted under
/// the block header.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// Imperative, e.g. "Set `encrypted = true`".
    pub title: String,
    /// The attribute path relative to the resource (its last segment is the
    /// key written in the file).
    pub attr: String,
    pub value: crate::model::Value,
    /// Safe to apply without review (marked preferred in editors).
    pub safe: bool,
}
