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
    Excerpt, FileEntry, FileKind, FileStatus, Finding, Location, ScanReport, TraceStep,
};
use crate::model::Graph;
use crate::source::{LoadError, SourceLoader, SourceMap, Span};
use crate::terraform;

/// What to analyse together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Terraform module directory, with the files discovered in it.
    Terraform { dir: PathBuf, files: Vec<PathBuf> },
    /// A file of a format this release does not analyse yet.
    Deferred { path: PathBuf, candidate: Candidate },
}

/// Everything a unit's analysis depends on besides the sources.
#[derive(Clone, Debug, Default)]
pub struct AnalysisOptions {
    pub terraform: terraform::Options,
    pub rules: Vec<Arc<Rule>>,
    /// Trusted registries, for every format that names an image.
    pub images: crate::model::image::ImagePolicy,
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

/// Groups discovered files into units: one per Terraform directory, one per
/// file of a deferred format.
pub fn plan_units(files: &[(PathBuf, Candidate)]) -> Vec<Unit> {
    let mut units = Vec::new();
    for (dir, group) in crate::discover::by_directory(files) {
        let terraform_files: Vec<PathBuf> = group
            .iter()
            .filter(|(_, c)| c.file_kind() == FileKind::Terraform)
            .map(|(p, _)| p.clone())
            .collect();
        if !terraform_files.is_empty() {
            units.push(Unit::Terraform {
                dir,
                files: terraform_files,
            });
        }
        for (path, candidate) in group {
            if candidate.file_kind() != FileKind::Terraform {
                units.push(Unit::Deferred { path, candidate });
            }
        }
    }
    units
}

pub fn analyze_unit(
    unit: &Unit,
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
) -> UnitResult {
    match unit {
        Unit::Terraform { dir, files } => analyze_terraform(dir, files, loader, options),
        Unit::Deferred { path, candidate } => UnitResult {
            files: vec![deferred_entry(path, *candidate, loader, options)],
            ..UnitResult::default()
        },
    }
}

fn analyze_terraform(
    dir: &Path,
    files: &[PathBuf],
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
) -> UnitResult {
    let loader = RecordingLoader::new(loader);
    let mut sources = SourceMap::default();
    let mut graph = Graph::default();
    let mut diagnostics =
        terraform::analyze_module(dir, &loader, &options.terraform, &mut sources, &mut graph);

    // Var files that are not auto-loaded are still checked for syntax.
    for path in files {
        if sources.lookup(path).is_none()
            && let Ok(text) = loader.read(path)
        {
            let id = sources.add(path.clone(), text.clone());
            diagnostics.extend(terraform::parse_only(&text, id));
        }
    }

    let mut errors: HashMap<PathBuf, String> = HashMap::new();
    for diagnostic in &diagnostics {
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

    let file_entries = files
        .iter()
        .map(|path| FileEntry {
            path: display_path(path, options),
            kind: FileKind::Terraform,
            status: match errors.get(&clean_path(path)) {
                Some(message) => FileStatus::Error(message.clone()),
                None => FileStatus::Scanned,
            },
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

fn deferred_entry(
    path: &Path,
    candidate: Candidate,
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
) -> FileEntry {
    let (kind, reason) = match candidate {
        Candidate::HelmChart => (
            FileKind::Helm,
            "Helm charts are not analysed yet".to_string(),
        ),
        Candidate::Dockerfile => (
            FileKind::Dockerfile,
            "Dockerfiles are not analysed yet".to_string(),
        ),
        _ => match loader.read(path) {
            Ok(text) if looks_like_kubernetes(&text) => (
                FileKind::Kubernetes,
                "Kubernetes manifests are not analysed yet".to_string(),
            ),
            Ok(_) => (
                FileKind::Unknown,
                "YAML that is not a Kubernetes manifest".to_string(),
            ),
            Err(error) => {
                return FileEntry {
                    path: display_path(path, options),
                    kind: FileKind::Unknown,
                    status: FileStatus::Error(error.to_string()),
                };
            }
        },
    };
    FileEntry {
        path: display_path(path, options),
        kind,
        status: FileStatus::Skipped(reason),
    }
}

/// A Kubernetes object has top-level `apiVersion` and `kind` keys.
fn looks_like_kubernetes(text: &str) -> bool {
    let has_top_level = |key: &str| text.lines().any(|l| l.starts_with(key));
    has_top_level("apiVersion:") && has_top_level("kind:")
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
    Finding {
        rule_id: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        message: hit.message.clone(),
        fingerprint: fingerprint(&rule.id, &resource.address, &location.path),
        location,
        resource: resource.address.clone(),
        remediation: rule.recipe.trim().to_string(),
        references: rule.references.clone(),
        trace,
        excerpt,
    }
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
            units[0],
            Unit::Terraform {
                dir: PathBuf::from("m"),
                files: vec![PathBuf::from("m/main.tf"), PathBuf::from("m/prod.tfvars")]
            }
        );
    }
}
