//! The unified resource graph.
//!
//! Every input format lowers into [`Resource`]s: a kind (`aws_s3_bucket`,
//! `Deployment`, `container`, `dockerfile_stage`), an address, a spanned
//! attribute tree and a trace of the places that explain it (module call
//! sites). [`workload`] normalises everything that runs pods, from any
//! format, into `workload` and `container` resources; [`ingress`] normalises
//! inbound firewall rules of every provider into `ingress_rule` resources;
//! [`iam`] reads IAM policy documents into statements. [`Edge`]s say which resource refers to which,
//! and through which attribute, so rules can ask questions such as "is there
//! an `aws_s3_bucket_versioning` whose `bucket` refers to this bucket?".

pub mod iam;
pub mod image;
pub mod ingress;
pub mod json;
mod value;
pub mod workload;

pub use value::{Node, Value, format_number};

use crate::source::Span;

/// Code a comment declares test data: its bytes, and how far it reaches.
pub type TestData = (std::ops::Range<u32>, TestDataReach);

/// How much a declaring comment covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestDataReach {
    /// The values on the lines it is about (`# dummy` above `password =`).
    Values,
    /// Also the blocks, resources and documents that start there: the
    /// comment names credentials (`# mock credentials for the unit tests`
    /// above a provider block).
    Enclosing,
}

/// Which front-end format a resource was declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Terraform,
    Kubernetes,
    Helm,
    Dockerfile,
}

/// One more place that explains a resource or a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEntry {
    pub span: Span,
    pub note: String,
}

/// Index of a resource in its [`Graph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub u32);

#[derive(Clone, Debug)]
pub struct Resource {
    /// The kind rules select on, e.g. `aws_s3_bucket`.
    pub kind: String,
    /// A readable, unique address, e.g. `module.logs.aws_s3_bucket.this[0]`.
    pub address: String,
    pub format: SourceFormat,
    /// The declaration's header (`resource "aws_s3_bucket" "logs"`): where a
    /// finding points when the offending attribute is missing.
    pub span: Span,
    /// The evaluated body: a map of attributes and nested blocks.
    pub body: Node,
    /// Places that explain this instance, outermost first (module calls).
    pub trace: Vec<TraceEntry>,
}

/// Kinds the model derives from declared resources (a pod template's
/// workload and containers, a normalised ingress rule): views of what a file
/// declares, not declarations of their own.
pub const VIEW_KINDS: [&str; 3] = ["workload", "container", "ingress_rule"];

impl Resource {
    /// Whether this is a view the model derived from a declared resource.
    /// A rule on every kind (`applies_to: ["*"]`) judges declarations only,
    /// or one literal would be reported once per view of it.
    pub fn is_view(&self) -> bool {
        VIEW_KINDS.contains(&self.kind.as_str())
    }
}

/// `from` refers to `to` in its top-level attribute `attribute`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edge {
    pub from: ResourceId,
    pub to: ResourceId,
    pub attribute: String,
}

/// Resources and references of one analysis unit.
#[derive(Debug, Default)]
pub struct Graph {
    resources: Vec<Resource>,
    edges: Vec<Edge>,
    /// Keeps `edges` free of duplicates without a linear search.
    edge_set: std::collections::HashSet<Edge>,
    /// Where the value of an attribute was set, when that is elsewhere than
    /// the attribute (a module argument, a variable default, a `.tfvars`
    /// line): resource, attribute span → origin.
    origins: std::collections::HashMap<(ResourceId, Span), Span>,
    /// Facts derived from the whole graph, computed once (see [`Graph::memo`]).
    memos: Memos,
    /// Byte ranges, per file, that a comment declares test data (`# mock
    /// credentials for the unit tests`): secret rules leave values there.
    test_data: std::collections::HashMap<crate::source::FileId, Vec<TestData>>,
}

type Memo = std::sync::Arc<dyn std::any::Any + Send + Sync>;

/// A per-graph cache; reset whenever the graph changes.
#[derive(Default)]
struct Memos(std::sync::Mutex<std::collections::HashMap<&'static str, Memo>>);

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memos")
    }
}

impl Graph {
    pub fn add_resource(&mut self, resource: Resource) -> ResourceId {
        self.memos = Memos::default();
        self.resources.push(resource);
        ResourceId(self.resources.len() as u32 - 1)
    }

    pub fn add_edge(&mut self, edge: Edge) {
        self.memos = Memos::default();
        if self.edge_set.insert(edge.clone()) {
            self.edges.push(edge);
        }
    }

    /// Records that the value of the attribute at `at` in `resource` was set at `from`.
    pub fn add_origin(&mut self, resource: ResourceId, at: Span, from: Span) {
        self.origins.insert((resource, at), from);
    }

    /// Records the byte ranges of `file` that a comment declares test data.
    pub fn declare_test_data(&mut self, file: crate::source::FileId, ranges: Vec<TestData>) {
        if !ranges.is_empty() {
            self.test_data.insert(file, ranges);
        }
    }

    /// Whether the value at `span` starts in code that a comment declares
    /// test data.
    pub fn is_declared_test_data(&self, span: Span) -> bool {
        self.declared(span, |_| true)
    }

    /// Whether the block, resource or document at `span` starts where a
    /// comment declares everything in it test data (one that names
    /// credentials: `# mock credentials for the unit tests`).
    pub fn is_declared_test_block(&self, span: Span) -> bool {
        self.declared(span, |reach| reach == TestDataReach::Enclosing)
    }

    /// Whether the value of `resource` at `span` is declared test data
    /// where it is, or where it was written (a local, a variable default, a
    /// module argument under `# mock credentials`).
    pub fn is_declared_test_value(&self, resource: ResourceId, span: Span) -> bool {
        self.is_declared_test_data(span)
            || (self.origin(resource, span)).is_some_and(|from| self.is_declared_test_data(from))
    }

    fn declared(&self, span: Span, reaches: impl Fn(TestDataReach) -> bool) -> bool {
        self.test_data.get(&span.file).is_some_and(|regions| {
            (regions.iter()).any(|(range, reach)| range.contains(&span.start) && reaches(*reach))
        })
    }

    /// Where the value of the attribute at `at` was set, if elsewhere.
    pub fn origin(&self, resource: ResourceId, at: Span) -> Option<Span> {
        self.origins.get(&(resource, at)).copied()
    }

    /// A fact about the whole graph that rules would otherwise recompute
    /// for every resource (e.g. which namespaces have a default-deny
    /// policy): computed by `derive` on first use, then shared. `key` names
    /// the fact; one key must always hold the same type.
    pub fn memo<T: std::any::Any + Send + Sync>(
        &self,
        key: &'static str,
        derive: impl FnOnce(&Graph) -> T,
    ) -> std::sync::Arc<T> {
        let cached = self
            .memos
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(key)
            .cloned();
        if let Some(found) = cached.and_then(|memo| memo.downcast::<T>().ok()) {
            return found;
        }
        // Derived outside the lock: `derive` may ask for other memos.
        let value = std::sync::Arc::new(derive(self));
        self.memos
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key, value.clone());
        value
    }

    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources
            .iter()
            .enumerate()
            .map(|(i, r)| (ResourceId(i as u32), r))
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Resources that refer to `target` (through `attribute`, if given).
    pub fn referrers<'a>(
        &'a self,
        target: ResourceId,
        attribute: Option<&'a str>,
    ) -> impl Iterator<Item = ResourceId> + 'a {
        self.edges
            .iter()
            .filter(move |e| e.to == target && attribute.is_none_or(|a| e.attribute == a))
            .map(|e| e.from)
    }

    /// Resources that `source` refers to (through `attribute`, if given).
    pub fn referents<'a>(
        &'a self,
        source: ResourceId,
        attribute: Option<&'a str>,
    ) -> impl Iterator<Item = ResourceId> + 'a {
        self.edges
            .iter()
            .filter(move |e| e.from == source && attribute.is_none_or(|a| e.attribute == a))
            .map(|e| e.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn resource(kind: &str) -> Resource {
        Resource {
            kind: kind.to_string(),
            address: kind.to_string(),
            format: SourceFormat::Kubernetes,
            span: Span::new(FileId(0), 0..1),
            body: Node::new(Value::Map(Default::default()), None),
            trace: Vec::new(),
        }
    }

    #[test]
    fn memos_are_computed_once_and_reset_by_changes() {
        let mut graph = Graph::default();
        graph.add_resource(resource("Pod"));
        let count = |g: &Graph| g.resources().count();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let derive = |g: &Graph| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            count(g)
        };
        assert_eq!(*graph.memo("pods", derive), 1);
        assert_eq!(*graph.memo("pods", derive), 1);
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 1);
        graph.add_resource(resource("Pod"));
        assert_eq!(*graph.memo("pods", derive), 2);
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
