//! Analysis of one unit: load → parse → evaluate → run rules → resolve
//! findings to lines and columns. Pure apart from the [`SourceLoader`], so
//! the CLI runs units in parallel and the language server re-runs one unit
//! when a document changes.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::discover::Candidate;
use crate::engine::{self, Hit, rule::Rule};
use crate::findings::{
    Excerpt, FileEntry, FileKind, FileStatus, Finding, Location, ScanReport, Suppression, TraceStep,
};
use crate::model::{Graph, Node, ResourceId};
use crate::source::{Diagnostic, LoadError, SourceLoader, SourceMap, Span};
use crate::suppress;
use crate::terraform;

/// What to analyse together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Terraform module directory, with the files discovered in it.
    Terraform { dir: PathBuf, files: Vec<PathBuf> },
    /// Every Kubernetes manifest of the scan, analysed together: objects
    /// refer to each other across files and folders (a binding and its
    /// role, a namespace's workloads and its NetworkPolicies). Manifests are
    /// small, so one unit stays cheap.
    Kubernetes { dir: PathBuf, files: Vec<PathBuf> },
    /// One Dockerfile.
    Dockerfile { path: PathBuf },
    /// A Helm chart, by its `Chart.yaml`. Listed as skipped until the
    /// in-process renderer lands; its templates are skipped by the
    /// Kubernetes unit.
    HelmChart { chart: PathBuf },
}

impl Unit {
    /// Adds a file to a directory unit (a file created next to the others).
    pub fn add_file(&mut self, path: &Path) {
        if let Unit::Terraform { files, .. } | Unit::Kubernetes { files, .. } = self
            && !files.iter().any(|f| f == path)
        {
            files.push(path.to_path_buf());
            files.sort();
        }
    }
}

/// Everything a unit's analysis depends on besides the sources.
#[derive(Clone, Debug, Default)]
pub struct AnalysisOptions {
    pub terraform: terraform::Options,
    pub rules: Vec<Arc<Rule>>,
    /// The Dockerfile stage being built (`--target`); the last one if unset.
    pub dockerfile_target: Option<String>,
    /// Trusted registries, for every format that names an image.
    pub images: crate::model::image::ImagePolicy,
    /// `[[ignore]]` entries of strata.toml.
    pub ignores: Vec<crate::suppress::PathIgnore>,
    /// Paths in reports are made relative to this directory when possible.
    pub base_dir: Option<PathBuf>,
}

/// The result of one unit.
#[derive(Clone, Debug, Default)]
pub struct UnitResult {
    pub files: Vec<FileEntry>,
    pub findings: Vec<Finding>,
    pub resources: usize,
}

/// What a format's front end hands back after filling the unit's sources
/// and graph: problems with files, and files that turned out not to be of
/// its format (a YAML file that is not a Kubernetes object).
#[derive(Debug, Default)]
pub struct Lowered {
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<(PathBuf, FileKind, String)>,
}

/// Groups discovered files into units: one per Terraform directory, one for
/// all manifests, one per Dockerfile, one per Helm chart.
pub fn plan_units(files: &[(PathBuf, Candidate)]) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut manifests = Vec::new();
    for (dir, group) in crate::discover::by_directory(files) {
        let of = |wanted: &[Candidate]| -> Vec<PathBuf> {
            group
                .iter()
                .filter(|(_, c)| wanted.contains(c))
                .map(|(p, _)| p.clone())
                .collect()
        };
        let terraform_files = of(&[Candidate::TerraformSource, Candidate::TerraformVars]);
        if !terraform_files.is_empty() {
            units.push(Unit::Terraform {
                dir: dir.clone(),
                files: terraform_files,
            });
        }
        manifests.extend(of(&[Candidate::Yaml]));
        for path in of(&[Candidate::Dockerfile]) {
            units.push(Unit::Dockerfile { path });
        }
        for chart in of(&[Candidate::HelmChart]) {
            units.push(Unit::HelmChart { chart });
        }
    }
    if !manifests.is_empty() {
        units.push(Unit::Kubernetes {
            dir: common_ancestor(&manifests),
            files: manifests,
        });
    }
    units
}

/// The deepest directory that holds every path.
fn common_ancestor(paths: &[PathBuf]) -> PathBuf {
    let mut common: PathBuf = paths
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for path in paths.iter().skip(1) {
        while !path.starts_with(&common) {
            if !common.pop() {
                return PathBuf::new();
            }
        }
    }
    common
}

pub fn analyze_unit(
    unit: &Unit,
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
) -> UnitResult {
    match unit {
        Unit::Terraform { dir, files } => {
            run_unit(
                files,
                FileKind::Terraform,
                loader,
                options,
                |loader, sources, graph| {
                    let mut diagnostics =
                        terraform::analyze_module(dir, loader, &options.terraform, sources, graph);
                    // `kubernetes_*` workloads also yield `workload`/`container` resources.
                    crate::kubernetes::terraform::lower_workloads(graph, &options.images);
                    // Var files that are not auto-loaded are still checked for syntax.
                    for path in files {
                        if sources.lookup(path).is_none()
                            && let Ok(text) = loader.read(path)
                        {
                            let id = sources.add(path.clone(), text.clone());
                            diagnostics.extend(terraform::check_file(&text, id));
                        }
                    }
                    Lowered {
                        diagnostics,
                        skipped: Vec::new(),
                    }
                },
            )
        }
        Unit::Kubernetes { dir, files } => run_unit(
            files,
            FileKind::Kubernetes,
            loader,
            options,
            |loader, sources, graph| {
                crate::kubernetes::lower(dir, files, loader, options, sources, graph)
            },
        ),
        Unit::Dockerfile { path } => run_unit(
            std::slice::from_ref(path),
            FileKind::Dockerfile,
            loader,
            options,
            |loader, sources, graph| {
                crate::dockerfile::lower(path, loader, options, sources, graph)
            },
        ),
        Unit::HelmChart { chart } => UnitResult {
            files: vec![FileEntry {
                path: display_path(chart, options),
                kind: FileKind::Helm,
                status: FileStatus::Skipped("Helm charts are not analysed yet".to_string()),
            }],
            ..UnitResult::default()
        },
    }
}

/// The part every format shares: lower the files into a graph, run the
/// rules, and account for every file (scanned, skipped or error).
fn run_unit(
    files: &[PathBuf],
    kind: FileKind,
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
    lower: impl FnOnce(&dyn SourceLoader, &mut SourceMap, &mut Graph) -> Lowered,
) -> UnitResult {
    let loader = RecordingLoader::new(loader);
    let mut sources = SourceMap::default();
    let mut graph = Graph::default();
    let lowered = lower(&loader, &mut sources, &mut graph);

    let mut errors: HashMap<PathBuf, String> = HashMap::new();
    for diagnostic in &lowered.diagnostics {
        let file = sources.get(diagnostic.file);
        let message = match diagnostic.span {
            Some(span) => {
                let at = file.position(span.start);
                format!(
                    "line {}, column {}: {}",
                    at.line, at.column, diagnostic.message
                )
            }
            None => diagnostic.message.clone(),
        };
        errors.entry(clean_path(&file.path)).or_insert(message);
    }
    for (path, error) in loader.failures() {
        errors.entry(clean_path(&path)).or_insert(error.to_string());
    }
    let skipped: HashMap<PathBuf, (FileKind, String)> = lowered
        .skipped
        .into_iter()
        .map(|(path, kind, reason)| (clean_path(&path), (kind, reason)))
        .collect();

    let file_entries = files
        .iter()
        .map(|path| {
            let key = clean_path(path);
            let (kind, status) = match (errors.get(&key), skipped.get(&key)) {
                (Some(message), _) => (kind, FileStatus::Error(message.clone())),
                (None, Some((kind, reason))) => (*kind, FileStatus::Skipped(reason.clone())),
                (None, None) => (kind, FileStatus::Scanned),
            };
            FileEntry {
                path: display_path(path, options),
                kind,
                status,
            }
        })
        .collect();

    let findings = engine::evaluate(&graph, &options.rules)
        .into_iter()
        .map(|hit| resolve(&hit, &graph, &sources, options))
        .collect();

    UnitResult {
        files: file_entries,
        findings,
        resources: graph.len(),
    }
}

/// Turns an engine hit into a finding with lines, columns and an excerpt.
fn resolve(hit: &Hit, graph: &Graph, sources: &SourceMap, options: &AnalysisOptions) -> Finding {
    let resource = graph.resource(hit.resource);
    let location = locate(hit.span, sources, options);
    let file = sources.get(hit.span.file);
    let last_line = location.end_line.min(location.start_line + 5);
    let excerpt = Excerpt {
        lines: (location.start_line..=last_line)
            .map(|n| (n, file.line_text(n).to_string()))
            .collect(),
    };
    let trace = resource
        .trace
        .iter()
        .map(|step| TraceStep {
            location: locate(step.span, sources, options),
            note: step.note.clone(),
        })
        .collect();
    let rule = &hit.rule;
    let suppressed = suppression(hit, graph, sources, &location, options);
    Finding {
        suppressed,
        rule_id: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        message: hit.message.clone(),
        fingerprint: fingerprint(&rule.id, &resource.address, &location.path),
        location,
        resource: resource.address.clone(),
        remediation: rule.recipe.clone(),
        references: rule.references.clone(),
        trace,
        excerpt,
    }
}

/// The suppression pass, after the rules: comments at the finding or at
/// its resource's header, peers' annotations, then strata.toml.
fn suppression(
    hit: &Hit,
    graph: &Graph,
    sources: &SourceMap,
    location: &Location,
    options: &AnalysisOptions,
) -> Option<Suppression> {
    let resource = graph.resource(hit.resource);
    let file = sources.get(hit.span.file);
    let mut lines = vec![location.start_line];
    if resource.span.file == hit.span.file {
        lines.push(file.position(resource.span.start).line);
    }
    suppress::by_comment(&hit.rule, file, &lines)
        .or_else(|| suppress::by_annotation(&hit.rule, annotations(graph, hit.resource)))
        .or_else(|| suppress::by_config(&options.ignores, &hit.rule.id, &location.path))
}

/// A Kubernetes resource's annotations: its own, or its workload's for a
/// container.
fn annotations(graph: &Graph, id: ResourceId) -> Option<&Node> {
    let body = &graph.resource(id).body;
    body.get("metadata")
        .and_then(|m| m.get("annotations"))
        .or_else(|| body.get("annotations"))
        .or_else(|| {
            let workload = graph.referents(id, Some("workload")).next()?;
            graph.resource(workload).body.get("annotations")
        })
}

fn locate(span: Span, sources: &SourceMap, options: &AnalysisOptions) -> Location {
    let file = sources.get(span.file);
    let start = file.position(span.start);
    let end = file.position(span.end.max(span.start));
    Location {
        path: display_path(&file.path, options),
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// A hash of rule, resource and path: stable when lines move.
fn fingerprint(rule_id: &str, resource: &str, path: &str) -> String {
    // FNV-1a, 64 bits: tiny, dependency-free and stable across releases.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [rule_id, resource, path].join("\0").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Removes `.` and resolves `..` lexically (module sources are joined as
/// `dir/../modules/x`).
pub fn clean_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The path as reports show it: cleaned, relative to the base directory
/// when under it, with forward slashes.
pub fn display_path(path: &Path, options: &AnalysisOptions) -> String {
    let cleaned = clean_path(path);
    let shown = match &options.base_dir {
        Some(base) if cleaned.is_absolute() => cleaned
            .strip_prefix(base)
            .map(Path::to_path_buf)
            .unwrap_or(cleaned),
        _ => cleaned,
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// Merges unit results into one report: files and findings sorted, the
/// same finding reached through several units (a module analysed on its own
/// and through its callers; several `count` instances) reported once.
pub fn merge(results: Vec<UnitResult>) -> ScanReport {
    let mut report = ScanReport::default();
    for result in results {
        report.files.extend(result.files);
        report.findings.extend(result.findings);
        report.resources += result.resources;
    }
    report.sort();
    let mut seen = std::collections::HashSet::new();
    report.findings.retain(|f| {
        seen.insert((
            f.rule_id.clone(),
            f.location.path.clone(),
            f.location.start_line,
            f.location.start_column,
            f.location.end_line,
            f.location.end_column,
        ))
    });
    report.files.dedup_by(|a, b| a.path == b.path);
    report
}

/// Wraps a loader and remembers the reads that failed, so unreadable files
/// are reported with their reason even when a parser never saw them.
struct RecordingLoader<'a> {
    inner: &'a dyn SourceLoader,
    failures: Mutex<Vec<(PathBuf, LoadError)>>,
}

impl<'a> RecordingLoader<'a> {
    fn new(inner: &'a dyn SourceLoader) -> Self {
        RecordingLoader {
            inner,
            failures: Mutex::new(Vec::new()),
        }
    }

    fn failures(self) -> Vec<(PathBuf, LoadError)> {
        self.failures
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl SourceLoader for RecordingLoader<'_> {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        let result = self.inner.read(path);
        if let Err(error) = &result
            && *error != LoadError::NotFound
        {
            self.failures
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push((path.to_path_buf(), error.clone()));
        }
        result
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        self.inner.list_dir(dir)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.inner.canonical(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_path_resolves_parent_components() {
        assert_eq!(
            clean_path(Path::new("a/b/../../c/./d.tf")),
            PathBuf::from("c/d.tf")
        );
        assert_eq!(clean_path(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(clean_path(Path::new("./")), PathBuf::from("."));
    }

    #[test]
    fn fingerprint_ignores_lines_but_not_identity() {
        let a = fingerprint("AWS001", "aws_s3_bucket.a", "main.tf");
        assert_eq!(a, fingerprint("AWS001", "aws_s3_bucket.a", "main.tf"));
        assert_ne!(a, fingerprint("AWS001", "aws_s3_bucket.b", "main.tf"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn units_group_terraform_by_directory() {
        let files = vec![
            (PathBuf::from("m/main.tf"), Candidate::TerraformSource),
            (PathBuf::from("m/prod.tfvars"), Candidate::TerraformVars),
            (PathBuf::from("m/Dockerfile"), Candidate::Dockerfile),
            (PathBuf::from("n/variables.tf"), Candidate::TerraformSource),
        ];
        let units = plan_units(&files);
        assert_eq!(units.len(), 3);
        assert_eq!(
            units[1],
            Unit::Dockerfile {
                path: PathBuf::from("m/Dockerfile")
            }
        );
        assert_eq!(
            units[0],
            Unit::Terraform {
                dir: PathBuf::from("m"),
                files: vec![PathBuf::from("m/main.tf"), PathBuf::from("m/prod.tfvars")]
            }
        );
    }
}
