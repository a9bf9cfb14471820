//! Kubernetes manifests: YAML objects lowered into the graph.
//!
//! A unit is one manifest file. Every object becomes a resource of its own
//! kind (`Deployment`, `ClusterRoleBinding`, …); everything that runs pods
//! also yields the format-neutral `workload` and `container` resources
//! ([`crate::model::workload`]), which Terraform `kubernetes_*` resources
//! produce too. Edges (bindings to roles, workloads to service accounts)
//! link objects of the same file; namespace-wide facts are linked across
//! files by the workspace. Files that are not manifests — other YAML,
//! client configs, templates whose directives are not YAML — are listed as
//! skipped with the reason.

mod helm;
pub mod kustomize;
mod links;
mod objects;
mod scalar;
mod templates;
pub mod yaml;

use std::path::Path;

use crate::findings::FileKind;
use crate::model::{Graph, Resource, SourceFormat, TraceEntry, workload};
use crate::source::{Diagnostic, FileId, Span};
use crate::unit::{AnalysisOptions, Lowered, Lowering};

pub use helm::Charts;
pub use objects::{Object, is_cluster_scoped};

/// What one file holds.
#[derive(Debug, Default)]
pub struct Manifest {
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file is not analysed: its kind and why.
    pub skipped: Option<(FileKind, String)>,
}

/// Reads one file: its objects, its syntax errors, or why it is skipped.
/// What a file is, is decided by parsing it: one that parses is analysed,
/// whatever its strings hold (a `{{` in a dashboard or an alert template
/// is data); one that does not is a template when its template directives
/// are what broke it, other YAML when nothing in it began as an object,
/// and a broken manifest otherwise.
pub fn read_manifest(path: &Path, text: &str, file: FileId) -> Manifest {
    let (manifest, broken_object) = read_objects(path, text, file);
    if manifest.diagnostics.is_empty() {
        return manifest;
    }
    if let Some(language) = templates::broken_by_directives(text, file) {
        return skip(language.file_kind(), language.reason().to_string());
    }
    if manifest.objects.is_empty() && !broken_object {
        let first = &manifest.diagnostics[0];
        let at = first.span.map_or(String::new(), |s| {
            let (line, column) = line_column(text, s.start as usize);
            format!("line {line}, column {column}: ")
        });
        return skip(
            FileKind::Unknown,
            format!(
                "YAML that is not a Kubernetes manifest (no apiVersion/kind), nor valid YAML ({at}{})",
                first.message
            ),
        );
    }
    manifest
}

fn skip(kind: FileKind, reason: String) -> Manifest {
    Manifest {
        skipped: Some((kind, reason)),
        ..Manifest::default()
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Reads YAML documents into objects, whatever the text looks like; also
/// whether a document abandoned at an error had begun as an object.
fn read_objects(path: &Path, text: &str, file: FileId) -> (Manifest, bool) {
    let loaded = yaml::load(text, file);
    let broken_object = loaded.broken_object;
    let documents = loaded.documents.len();
    let fallback = Span::new(file, 0..0);
    let mut objects = Vec::new();
    let mut config = None;
    for document in loaded.documents {
        match objects::read_document(document, fallback) {
            objects::Document::Objects(found) => objects.extend(found),
            objects::Document::Config(reason) => config = config.or(Some(reason)),
            objects::Document::Other => {}
        }
    }
    if !objects.is_empty() || !loaded.diagnostics.is_empty() {
        let manifest = Manifest {
            objects,
            diagnostics: loaded.diagnostics,
            skipped: None,
        };
        return (manifest, broken_object);
    }
    let is_kustomization = kustomize::is_kustomization(path);
    let reason = match config {
        Some(reason) => reason,
        None if is_kustomization => "kustomize configuration",
        None if documents == 0 => "empty YAML file",
        None => "YAML that is not a Kubernetes manifest (no apiVersion/kind)",
    };
    (skip(FileKind::Unknown, reason.to_string()), false)
}

/// Lowers one manifest file.
pub fn lower(path: &Path, cx: &mut Lowering) -> Lowered {
    let mut lowered = Lowered::default();
    // An unreadable file is reported by the caller's loader.
    let Ok(text) = cx.loader.read(path) else {
        return lowered;
    };
    if let Some(kustomization) = kustomize::patched_by(path, cx.loader) {
        let reason = format!(
            "kustomize patch (listed in `{}`): a fragment merged into its base there, not a complete object",
            kustomization.display()
        );
        lowered
            .skipped
            .push((path.to_path_buf(), FileKind::Kubernetes, reason));
        return lowered;
    }
    let file = cx.sources.add(path.to_path_buf(), text.clone());
    let manifest = read_manifest(path, &text, file);
    lowered.diagnostics = manifest.diagnostics;
    if let Some((kind, reason)) = manifest.skipped {
        lowered.skipped.push((path.to_path_buf(), kind, reason));
    }
    let mut placed = Vec::new();
    let mut runs_as = Vec::new();
    for object in manifest.objects {
        place(object, cx.options, cx.graph, &mut placed, &mut runs_as);
    }
    links::add_edges(cx.graph, &placed, &runs_as);
    lowered
}

/// Lowers a kustomization: builds it, and places every object it renders.
/// A base's object (one reached through a nested kustomization or a
/// component) carries the entries that brought it in as its trace, so each
/// overlay's instance has an identity of its own; the kustomization's own
/// files keep the identity they have as plain manifests.
pub fn lower_kustomization(path: &Path, cx: &mut Lowering) -> Lowered {
    let built = kustomize::build(path, cx.loader, cx.sources);
    let mut lowered = Lowered {
        diagnostics: built.diagnostics,
        warnings: built.warnings,
        ..Lowered::default()
    };
    if built.is_component {
        let reason = "kustomize component: applied by the kustomizations that list it under `components`, not built alone";
        lowered
            .skipped
            .push((path.to_path_buf(), FileKind::Kubernetes, reason.to_string()));
        return lowered;
    }
    let Some(file) = cx.sources.lookup(&crate::unit::clean_path(path)) else {
        // Unreadable: reported by the caller's loader.
        return lowered;
    };
    if built.objects.is_empty() && lowered.diagnostics.is_empty() {
        let reason = "the kustomization renders no objects Strata analyses (see its warnings)";
        lowered
            .skipped
            .push((path.to_path_buf(), FileKind::Kubernetes, reason.to_string()));
    }
    let mut placed = Vec::new();
    let mut runs_as = Vec::new();
    for rendered in built.objects {
        let fallback = rendered.body.span.unwrap_or(Span::new(file, 0..0));
        let objects::Document::Objects(found) = objects::read_document(rendered.body, fallback)
        else {
            continue;
        };
        for mut object in found {
            // The entries it came through (beyond the kustomization's own
            // resource list), the `namespace:` that moved it, then the
            // patches that changed it.
            let via = (rendered.via.len() > 1).then_some(&rendered.via[..]);
            let steps = (via.into_iter().flatten()).map(|&span| (span, kustomize::VIA_NOTE));
            let namespaced =
                (rendered.namespaced.iter()).map(|&span| (span, kustomize::NAMESPACE_NOTE));
            let patches = (rendered.patched.iter()).map(|&span| (span, kustomize::PATCH_NOTE));
            object.trace = (steps.chain(namespaced).chain(patches))
                .map(|(span, note)| TraceEntry {
                    span,
                    note: note.to_string(),
                })
                .collect();
            place(object, cx.options, cx.graph, &mut placed, &mut runs_as);
        }
    }
    links::add_edges(cx.graph, &placed, &runs_as);
    lowered
}

/// Lowers the text a renderer produced (a Helm template's output, already
/// a generated file of the unit's sources). Unlike a file on disk, `{{` in
/// it is data (an alert template, a dashboard), never a sign of a template.
pub fn lower_rendered(path: &Path, text: &str, file: FileId, cx: &mut Lowering) -> Lowered {
    let (manifest, _) = read_objects(path, text, file);
    let mut lowered = Lowered {
        diagnostics: manifest.diagnostics,
        skipped: manifest
            .skipped
            .into_iter()
            .map(|(k, r)| (path.to_path_buf(), k, r))
            .collect(),
        ..Lowered::default()
    };
    let mut placed = Vec::new();
    let mut runs_as = Vec::new();
    for object in manifest.objects {
        place(object, cx.options, cx.graph, &mut placed, &mut runs_as);
    }
    links::add_edges(cx.graph, &placed, &runs_as);
    lowered
        .diagnostics
        .sort_by_key(|d| d.span.map_or(u32::MAX, |s| s.start));
    lowered
}

/// Adds one object, and its workload view when it runs pods.
fn place(
    object: Object,
    options: &AnalysisOptions,
    graph: &mut Graph,
    placed: &mut Vec<links::Placed>,
    runs_as: &mut Vec<links::RunsAs>,
) {
    let api_version = object.body.get("apiVersion").and_then(|v| v.value.as_str());
    let owner = workload::Owner {
        kind: &object.kind,
        api_group: api_version.map(workload::api_group),
        kind_span: object.body.get("kind").and_then(|k| k.span),
        address: &object.address,
        span: object.span,
        format: SourceFormat::Kubernetes,
        trace: &object.trace,
        body: &object.body,
    };
    if let Some(id) = workload::lower(&owner, &options.images, graph)
        && let Some((namespace, service_account)) = links::service_account(&graph.resource(id).body)
    {
        runs_as.push(links::RunsAs {
            workload: id,
            namespace,
            service_account,
        });
    }
    let id = graph.add_resource(Resource {
        kind: object.kind.clone(),
        address: object.address,
        format: SourceFormat::Kubernetes,
        span: object.span,
        body: object.body,
        trace: object.trace,
    });
    placed.push(links::Placed {
        id,
        kind: object.kind,
        namespace: object.namespace,
        name: object.name,
    });
}
