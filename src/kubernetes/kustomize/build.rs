//! Builds a kustomization the way `kustomize build` does, for the fields
//! that decide what a rule sees: its `resources` (files, and directories
//! that hold a kustomization, built recursively), `components`, patches
//! of every kind, and the built-in transformers. Every file is read
//! through the loader, so the unit is re-analysed when any of them
//! changes; every value keeps the span of the line that set it.
//!
//! What is not applied (a remote base, Helm charts, generators, plugins)
//! is a warning on the line that asks for it, never a silent guess; values
//! set by what is not evaluated (`replacements`, `vars`) are unknown.

use std::path::{Path, PathBuf};

use super::{NAMES, Rendered};
use crate::kubernetes::{objects, yaml};
use crate::model::{Node, Value};
use crate::source::{Diagnostic, FileId, SourceLoader, SourceMap, Span};
use crate::unit::clean_path;

/// Kustomizations nested deeper than this are not built (a layout that
/// deep is a mistake, and the bound keeps a hostile tree cheap).
const MAX_DEPTH: usize = 16;

/// Most kustomizations one unit builds: a base listed twice at every level
/// would otherwise cost exponential time.
const MAX_BUILDS: usize = 1_000;

/// What building a kustomization gave.
#[derive(Default)]
pub struct Built {
    pub objects: Vec<Rendered>,
    /// What was not applied, and where it is asked for.
    pub warnings: Vec<Diagnostic>,
    /// Files that do not parse.
    pub diagnostics: Vec<Diagnostic>,
    /// The kustomization is a `Component`: applied by the kustomizations
    /// that list it, never built alone.
    pub is_component: bool,
}

pub fn build(path: &Path, loader: &dyn SourceLoader, sources: &mut SourceMap) -> Built {
    let mut builder = Builder {
        loader,
        sources,
        built: Built::default(),
        stack: Vec::new(),
        partial: false,
        builds: 0,
    };
    let root = clean_path(path);
    if let Some(k) = builder.open(&root) {
        builder.built.is_component = k.text("kind") == Some("Component");
        if !builder.built.is_component {
            builder.stack.push(root);
            builder.built.objects = builder.apply(&k, Vec::new());
        }
    }
    builder.built
}

pub(super) struct Builder<'a> {
    pub(super) loader: &'a dyn SourceLoader,
    pub(super) sources: &'a mut SourceMap,
    pub(super) built: Built,
    /// The kustomizations being built, outermost first (cycle guard).
    pub(super) stack: Vec<PathBuf>,
    /// Some object of the kustomization being patched could not be built
    /// (a remote base, a Helm chart, a generator): a patch that matches
    /// nothing is then explained by that warning, not warned of again.
    pub(super) partial: bool,
    /// Kustomizations built so far (see [`MAX_BUILDS`]).
    pub(super) builds: usize,
}

/// One kustomization file, read.
pub(super) struct Kustomization {
    pub(super) dir: PathBuf,
    pub(super) file: FileId,
    pub(super) text: std::sync::Arc<str>,
    pub(super) doc: Node,
}

impl Kustomization {
    pub(super) fn text(&self, key: &str) -> Option<&str> {
        self.doc.get(key).and_then(|n| n.value.as_str())
    }

    pub(super) fn list(&self, key: &str) -> &[Node] {
        match self.doc.get(key).map(|n| &n.value) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    pub(super) fn span_of(&self, key: &str) -> Option<Span> {
        self.doc.get(key).and_then(|n| n.span)
    }
}

/// Fields that change nothing a rule reads.
const IGNORED: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "buildMetadata",
    "sortOptions",
    "generatorOptions",
    "openapi",
    "crds",
];

/// Fields Strata does not apply, and what that means for the report.
const NOT_APPLIED: &[(&str, &str)] = &[
    (
        "helmCharts",
        "Helm charts of a kustomization are not inflated: their objects are not analysed",
    ),
    (
        "helmChartInflationGenerator",
        "Helm charts of a kustomization are not inflated: their objects are not analysed",
    ),
    (
        "helmGlobals",
        "Helm charts of a kustomization are not inflated: their objects are not analysed",
    ),
    (
        "configMapGenerator",
        "generated ConfigMaps are not analysed",
    ),
    ("secretGenerator", "generated Secrets are not analysed"),
    (
        "generators",
        "generator plugins are not run: the objects they make are not analysed",
    ),
    (
        "transformers",
        "transformer plugins are not run: the findings do not account for what they change",
    ),
    ("validators", "validator plugins are not run"),
    (
        "configurations",
        "custom transformer configurations are not read: labels, prefixes and name references follow kustomize's defaults",
    ),
    (
        "replacements",
        "replacements are not evaluated: the fields they set are unknown, and judged as such",
    ),
    (
        "vars",
        "vars are not substituted: the values that use them are unknown, and judged as such",
    ),
];

/// Fields this module applies.
const APPLIED: &[&str] = &[
    "resources",
    "bases",
    "components",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
];

impl Builder<'_> {
    pub(super) fn warn(&mut self, file: FileId, span: Option<Span>, message: String) {
        self.built.warnings.push(Diagnostic {
            file,
            span,
            message,
        });
    }

    /// Reads and parses a kustomization file.
    pub(super) fn open(&mut self, path: &Path) -> Option<Kustomization> {
        // An unreadable file is reported by the recording loader.
        let text = self.loader.read(path).ok()?;
        let file = self.sources.add(path.to_path_buf(), text.clone());
        let loaded = yaml::load(&text, file);
        self.built.diagnostics.extend(loaded.diagnostics);
        let doc = loaded.documents.into_iter().next()?;
        if !matches!(doc.value, Value::Map(_)) {
            self.built.diagnostics.push(Diagnostic {
                file,
                span: doc.span,
                message: "a kustomization must be a mapping".into(),
            });
            return None;
        }
        Some(Kustomization {
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            file,
            text,
            doc,
        })
    }

    /// The objects of `k`, built over `inherited` (a component's parent's
    /// objects; none for a kustomization).
    pub(super) fn apply(&mut self, k: &Kustomization, inherited: Vec<Rendered>) -> Vec<Rendered> {
        let before = self.built.warnings.len();
        self.warn_not_applied(k);
        let mut objects = inherited;
        for entry in k.list("resources").iter().chain(k.list("bases")) {
            let found = self.resource(k, entry);
            objects.extend(found);
        }
        for entry in k.list("components") {
            objects = self.component(k, entry, objects);
        }
        let outer = std::mem::replace(&mut self.partial, self.built.warnings.len() > before);
        self.patches(k, &mut objects);
        self.partial = outer;
        self.transformers(k, &mut objects);
        self.unknowns(k, &mut objects);
        objects
    }

    pub(super) fn warn_not_applied(&mut self, k: &Kustomization) {
        let Value::Map(fields) = &k.doc.value else {
            return;
        };
        for (key, node) in fields {
            let message = match NOT_APPLIED.iter().find(|(name, _)| name == key) {
                Some((_, why)) => format!("`{key}` is not applied: {why}"),
                None if APPLIED.contains(&key.as_str()) || IGNORED.contains(&key.as_str()) => {
                    continue;
                }
                None => format!("unknown kustomization field `{key}`: not applied"),
            };
            self.warn(k.file, node.span, message);
        }
    }

    /// One `resources` entry: a file's objects, or a directory's
    /// kustomization built.
    pub(super) fn resource(&mut self, k: &Kustomization, entry: &Node) -> Vec<Rendered> {
        let Some(name) = entry.value.as_str() else {
            self.warn(
                k.file,
                entry.span,
                "a resource that is not a path: not applied".into(),
            );
            return Vec::new();
        };
        if is_remote(name) {
            let message = format!(
                "remote resource `{name}` is not fetched (a scan never reaches the network): its objects are not analysed"
            );
            self.warn(k.file, entry.span, message);
            return Vec::new();
        }
        let path = clean_path(&k.dir.join(name));
        let mut objects = match self.locate(&path) {
            Some(Located::File) => self.file_objects(&path),
            Some(Located::Kustomization(inner)) => self.nested(k, &inner, entry.span, Vec::new()),
            None => {
                let message = format!(
                    "resource `{name}` is neither a file nor a directory with a kustomization: not applied"
                );
                self.warn(k.file, entry.span, message);
                Vec::new()
            }
        };
        if let Some(span) = entry.span {
            for object in &mut objects {
                object.via.insert(0, span);
            }
        }
        objects
    }

    /// A `components` entry: its resources join, its patches and
    /// transformers apply to everything gathered so far.
    pub(super) fn component(
        &mut self,
        k: &Kustomization,
        entry: &Node,
        objects: Vec<Rendered>,
    ) -> Vec<Rendered> {
        let Some(name) = entry.value.as_str() else {
            return objects;
        };
        let path = clean_path(&k.dir.join(name));
        if is_remote(name) {
            let message = format!("remote component `{name}` is not fetched: not applied");
            self.warn(k.file, entry.span, message);
            return objects;
        }
        match self.locate(&path) {
            Some(Located::Kustomization(inner)) => {
                let before = objects.len();
                let mut objects = self.nested(k, &inner, entry.span, objects);
                // The component's own objects are reached through this entry.
                if let Some(span) = entry.span {
                    for object in objects.iter_mut().skip(before) {
                        object.via.insert(0, span);
                    }
                }
                objects
            }
            _ => {
                let message = format!(
                    "component `{name}` is not a directory with a kustomization: not applied"
                );
                self.warn(k.file, entry.span, message);
                objects
            }
        }
    }

    /// Builds a kustomization reached from `k`, guarding against cycles
    /// and depth.
    pub(super) fn nested(
        &mut self,
        k: &Kustomization,
        path: &Path,
        at: Option<Span>,
        inherited: Vec<Rendered>,
    ) -> Vec<Rendered> {
        if self.stack.iter().any(|p| p == path) {
            let message = format!(
                "`{}` includes itself (a cycle): not built again",
                path.display()
            );
            self.warn(k.file, at, message);
            return inherited;
        }
        if self.stack.len() >= MAX_DEPTH {
            let message = format!(
                "kustomizations nested more than {MAX_DEPTH} deep: `{}` is not built",
                path.display()
            );
            self.warn(k.file, at, message);
            return inherited;
        }
        if self.builds >= MAX_BUILDS {
            // Said once: the rest is cut off silently after it.
            if self.builds == MAX_BUILDS {
                let message = format!(
                    "more than {MAX_BUILDS} kustomizations built for one overlay: `{}` and the rest are not built",
                    path.display()
                );
                self.warn(k.file, at, message);
                self.builds += 1;
            }
            return inherited;
        }
        self.builds += 1;
        let Some(inner) = self.open(path) else {
            return inherited;
        };
        self.stack.push(path.to_path_buf());
        let objects = self.apply(&inner, inherited);
        self.stack.pop();
        objects
    }

    /// What a path names, asked through directory listings (reading a
    /// directory as a file would be an error of its own).
    pub(super) fn locate(&self, path: &Path) -> Option<Located> {
        let listed = |dir: &Path| -> Vec<PathBuf> {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            self.loader
                .list_dir(dir)
                .iter()
                .map(|p| clean_path(p))
                .collect()
        };
        let parent = path.parent().unwrap_or(Path::new(""));
        if listed(parent).iter().any(|p| p == path) {
            return Some(Located::File);
        }
        let inside = listed(path);
        NAMES
            .iter()
            .map(|name| path.join(name))
            .find(|candidate| inside.contains(candidate))
            .map(Located::Kustomization)
    }

    /// The objects of a manifest file.
    pub(super) fn file_objects(&mut self, path: &Path) -> Vec<Rendered> {
        self.documents(path)
            .into_iter()
            .flat_map(|(doc, file)| objects_of(doc, file))
            .collect()
    }

    /// A file's YAML documents, parsed (syntax errors are diagnostics).
    pub(super) fn documents(&mut self, path: &Path) -> Vec<(Node, FileId)> {
        let Ok(text) = self.loader.read(path) else {
            return Vec::new();
        };
        let file = self.sources.add(path.to_path_buf(), text.clone());
        let loaded = yaml::load(&text, file);
        self.built.diagnostics.extend(loaded.diagnostics);
        loaded.documents.into_iter().map(|d| (d, file)).collect()
    }
}

pub(super) enum Located {
    File,
    Kustomization(PathBuf),
}

/// A resource kustomize would fetch: a URL, a git host, a `?ref=`.
fn is_remote(name: &str) -> bool {
    name.contains("://")
        || name.contains("?ref=")
        || name.starts_with("git@")
        || ["github.com/", "gitlab.com/", "bitbucket.org/"]
            .iter()
            .any(|host| name.starts_with(host))
}

/// The objects a document holds (a `List` yields its items).
fn objects_of(doc: Node, file: FileId) -> Vec<Rendered> {
    let fallback = doc.span.unwrap_or(Span::new(file, 0..0));
    match objects::read_document(doc, fallback) {
        objects::Document::Objects(found) => {
            found.into_iter().map(|o| Rendered::new(o.body)).collect()
        }
        _ => Vec::new(),
    }
}
