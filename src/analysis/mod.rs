//! Analysis of one unit: load → parse → lower (the unit's front end) → run
//! rules → suppressions. Pure apart from the [`SourceLoader`], so the CLI
//! runs units in parallel and the language server re-runs one unit when a
//! document changes. Results keep spans into shared files ([`FileSpan`]);
//! lines, columns and display paths are made at the edge (`report`, `lsp`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod dedup;
mod recording;

use crate::discover::Candidate;
use crate::engine::{self, Hit, rule::Rule};
use crate::findings::{FileKind, Suppression};
use crate::model::{Graph, Node, ResourceId, Value};
use crate::rules::exposure::{self, Entrance};
use crate::source::{FileSpan, SourceLoader, SourceMap};
use crate::suppress;
pub use crate::unit::{AnalysisOptions, Lowered, Lowering, Unit, UnitKey, clean_path};
use recording::RecordingLoader;

/// The fate of one file of a unit.
#[derive(Clone, Debug, PartialEq)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub kind: FileKind,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Scanned,
    Skipped(String),
    /// What went wrong, and where when the parser knows.
    Error {
        message: String,
        at: Option<FileSpan>,
    },
}

/// A finding as the unit produced it: spans, not lines.
#[derive(Clone, Debug)]
pub struct UnitFinding {
    pub rule: Arc<Rule>,
    pub message: String,
    /// Where the finding points, translated to the origin text (a template
    /// line, not a rendered one).
    pub span: FileSpan,
    /// Other places that explain it, with a note each.
    pub trace: Vec<(FileSpan, String)>,
    /// The resource's address, e.g. `aws_s3_bucket.logs`.
    pub resource: String,
    /// What the fingerprint hashes besides the rule: stable when lines
    /// move, the file is renamed within its module, or the scan runs from
    /// elsewhere.
    pub identity: String,
    pub suppressed: Option<Suppression>,
    /// The comment directive that silenced it, when one did.
    pub silenced_by: Option<FileSpan>,
    /// Set for findings that other units can overturn (a namespace without
    /// a default-deny policy, when the policy may live in another file):
    /// the key the workspace links them by.
    pub link: Option<String>,
    /// The rule's quick fix as an edit of this file, when it has one.
    pub fix: Option<crate::fix::Edit>,
    /// Why the resource is reachable from outside, when its unit can tell:
    /// ranks the finding, never changes its severity.
    pub exposure: Option<(String, FileSpan)>,
    /// The pods the finding concerns, for the workspace to match against
    /// other units' Services and Ingresses.
    pub pods: Option<Arc<crate::rules::exposure::PodIdentity>>,
}

/// The result of one unit.
#[derive(Clone, Debug, Default)]
pub struct UnitResult {
    pub files: Vec<FileOutcome>,
    pub findings: Vec<UnitFinding>,
    pub resources: usize,
    /// Problems that left their file analysed, with where they are.
    pub warnings: Vec<(FileSpan, String)>,
    /// NetworkPolicies of the unit, for findings other units may overturn.
    pub network_policies: Vec<crate::rules::network_policy::PolicyFact>,
    /// Services, Ingresses and routes of the unit: ways into the cluster
    /// that may publish another unit's pods.
    pub entrances: Vec<Entrance<FileSpan>>,
    /// Resource kinds of the unit no rule applies to, with their counts.
    pub not_covered: BTreeMap<String, usize>,
    /// Every path the analysis read, and every directory it listed: a
    /// change to one of them (or a new file in one) makes the unit stale.
    pub reads: BTreeSet<PathBuf>,
    pub listed: BTreeSet<PathBuf>,
    /// The suppression comments in the unit's files, reviewed: the report
    /// warns about broken ones and about those that silenced nothing.
    pub directives: Vec<suppress::review::FoundDirective>,
}

/// Groups discovered files into units: one per Terraform directory, one per
/// manifest, one per Dockerfile, one per Helm chart (with every file under
/// it). `loader` answers whether a directory holds a chart, for files whose
/// `Chart.yaml` was not among `files` (a template named on its own).
pub fn plan_units(files: &[(PathBuf, Candidate)], loader: &dyn SourceLoader) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut charts = crate::kubernetes::Charts::new(loader);
    let mut chart_files: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = Default::default();
    let chart_yaml = |root: &Path| {
        let yaml = root.join("Chart.yaml");
        if loader.read(&yaml).is_ok() {
            yaml
        } else {
            root.join("Chart.yml")
        }
    };
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
        for path in of(&[Candidate::Yaml, Candidate::HelmChart]) {
            match charts
                .root_of(&path)
                .map(|root| top_chart(root, &mut charts))
            {
                Some(root) => chart_files.entry(chart_yaml(&root)).or_default().push(path),
                None if crate::kubernetes::kustomize::is_kustomization(&path) => {
                    units.push(Unit::Kustomization { path })
                }
                None => units.push(Unit::Manifest { path }),
            }
        }
        for path in of(&[Candidate::Dockerfile]) {
            units.push(Unit::Dockerfile { path });
        }
    }
    for (chart, mut files) in chart_files {
        files.retain(|f| *f != chart);
        units.push(Unit::HelmChart { chart, files });
    }
    units
}

/// A subchart (`parent/charts/sub/`) is rendered with its parent: the
/// outermost chart is the unit.
fn top_chart(mut root: PathBuf, charts: &mut crate::kubernetes::Charts) -> PathBuf {
    loop {
        let Some(charts_dir) = root.parent() else {
            return root;
        };
        if charts_dir.file_name().is_none_or(|n| n != "charts") {
            return root;
        }
        let parent = charts_dir.parent().unwrap_or(Path::new(""));
        match charts.root_of(&parent.join("Chart.yaml")) {
            Some(found) if found == parent => root = found,
            _ => return root,
        }
    }
}

pub fn analyze_unit(
    unit: &Unit,
    loader: &dyn SourceLoader,
    options: &AnalysisOptions,
) -> UnitResult {
    let recording = RecordingLoader::new(loader);
    let mut sources = SourceMap::default();
    let mut graph = Graph::default();
    let mut cx = Lowering {
        loader: &recording,
        options,
        sources: &mut sources,
        graph: &mut graph,
    };
    let (kind, lowered) = match unit {
        Unit::Terraform { dir, files } => (
            FileKind::Terraform,
            crate::terraform::lower(dir, files, &mut cx),
        ),
        Unit::Manifest { path } => (
            FileKind::Kubernetes,
            crate::kubernetes::lower(path, &mut cx),
        ),
        Unit::Kustomization { path } => (
            FileKind::Kubernetes,
            crate::kubernetes::lower_kustomization(path, &mut cx),
        ),
        Unit::Dockerfile { path } => (
            FileKind::Dockerfile,
            crate::dockerfile::lower(path, &mut cx),
        ),
        Unit::HelmChart { chart, files } => (
            FileKind::Helm,
            crate::helm::frontend::lower(chart, files, &mut cx),
        ),
    };
    // Format-neutral normalisers, after every front end.
    crate::model::ingress::lower(&mut graph);
    let mut result = account(&unit.files(), kind, lowered, &recording, &sources);
    crate::rules::placeholder::declare_test_data(&mut graph, &sources);
    let hits = engine::evaluate(&graph, &options.rules);
    result.findings = dedup::dedup(
        hits.iter()
            .map(|hit| finding(hit, &graph, &sources, options)),
    );
    result.resources = graph.len();
    result.not_covered = not_covered(&graph, &options.rules);
    result.directives = directives(&sources, options);
    result.network_policies = crate::rules::network_policy::facts(&graph, |span| {
        let (origin, _) = sources.file_span(span).origin();
        absolute_dir(origin.path())
    });
    result.entrances = exposure::entrances(&graph)
        .into_iter()
        .map(|entrance| entrance.map_span(|span| sources.file_span(span).origin().0))
        .collect();
    let (reads, listed) = recording.into_records();
    result.reads = reads;
    result.listed = listed;
    result
}

/// The directory of `path`, absolute: units discovered from different
/// starting points (a hook's named file, a walk of the project) compare.
pub fn absolute_dir(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    clean_path(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()))
}

/// How many resources of each kind no rule names. Rules for every kind
/// (`*`: secrets in any attribute) do not count: they say nothing about
/// how the resource is configured.
fn not_covered(graph: &Graph, rules: &[Arc<Rule>]) -> BTreeMap<String, usize> {
    let covered: std::collections::HashSet<&str> = rules
        .iter()
        .flat_map(|rule| rule.applies_to.iter().map(String::as_str))
        .collect();
    // Pod owners are judged through the `workload` (same address) and
    // `container` resources they lower into.
    let workloads: std::collections::HashSet<&str> = graph
        .resources()
        .filter(|(_, r)| r.kind == "workload")
        .map(|(_, r)| r.address.as_str())
        .collect();
    let mut counts = BTreeMap::new();
    for (_, resource) in graph.resources() {
        let judged_as_workload = workloads.contains(resource.address.as_str());
        if !covered.contains(resource.kind.as_str()) && !judged_as_workload {
            *counts.entry(resource.kind.clone()).or_default() += 1;
        }
    }
    counts
}

/// Every suppression directive in the unit's own text (not in rendered
/// output, whose comments come from templates already listed).
fn directives(
    sources: &SourceMap,
    options: &AnalysisOptions,
) -> Vec<suppress::review::FoundDirective> {
    let mut found = Vec::new();
    for (id, file) in sources.iter() {
        if file.is_generated() {
            continue;
        }
        let shared = sources.shared(id);
        for (at, directive) in suppress::directives_in(file) {
            let line_start = file.line_start(at.line - 1);
            let span = FileSpan {
                file: shared.clone(),
                start: line_start + at.offset,
                end: line_start + file.line_text(at.line).len() as u32,
            };
            found.push(suppress::review::FoundDirective::new(
                span,
                directive,
                options.rule_names.as_deref(),
                &options.rules,
            ));
        }
    }
    found
}

/// Accounts for every file of the unit: scanned, skipped or error.
fn account(
    files: &[PathBuf],
    kind: FileKind,
    lowered: Lowered,
    loader: &RecordingLoader,
    sources: &SourceMap,
) -> UnitResult {
    let mut errors: HashMap<PathBuf, Status> = HashMap::new();
    for diagnostic in &lowered.diagnostics {
        let file = sources.get(diagnostic.file);
        let at = diagnostic
            .span
            .map(|span| sources.file_span(span).origin().0);
        errors
            .entry(clean_path(&file.path))
            .or_insert(Status::Error {
                message: diagnostic.message.clone(),
                at,
            });
    }
    for (path, error) in loader.failures() {
        errors.entry(clean_path(&path)).or_insert(Status::Error {
            message: error.to_string(),
            at: None,
        });
    }
    let skipped: HashMap<PathBuf, (FileKind, String)> = lowered
        .skipped
        .into_iter()
        .map(|(path, kind, reason)| (clean_path(&path), (kind, reason)))
        .collect();
    // A problem in a file the unit read but does not own (a module in
    // another directory, a var file, a module cycle) still reaches the
    // report, listed with that file.
    let owned: std::collections::HashSet<PathBuf> = files.iter().map(|p| clean_path(p)).collect();
    let mut foreign: Vec<FileOutcome> = errors
        .iter()
        .filter(|(path, _)| !owned.contains(*path))
        .map(|(path, status)| FileOutcome {
            path: path.clone(),
            kind,
            status: status.clone(),
        })
        .collect();
    foreign.sort_by(|a, b| a.path.cmp(&b.path));
    let mut files: Vec<FileOutcome> = files
        .iter()
        .map(|path| {
            let key = clean_path(path);
            let (kind, status) = match (errors.get(&key), skipped.get(&key)) {
                (Some(error), _) => (kind, error.clone()),
                (None, Some((kind, reason))) => (*kind, Status::Skipped(reason.clone())),
                (None, None) => (kind, Status::Scanned),
            };
            FileOutcome {
                path: path.clone(),
                kind,
                status,
            }
        })
        .collect();
    files.append(&mut foreign);
    let warnings = lowered
        .warnings
        .iter()
        .map(|w| {
            let span = w.span.unwrap_or(crate::source::Span::new(w.file, 0..0));
            (sources.file_span(span).origin().0, w.message.clone())
        })
        .collect();
    UnitResult {
        files,
        warnings,
        ..UnitResult::default()
    }
}

/// Turns an engine hit into a unit finding: origin spans, trace,
/// suppression, identity.
fn finding(
    hit: &Hit,
    graph: &Graph,
    sources: &SourceMap,
    options: &AnalysisOptions,
) -> UnitFinding {
    let resource = graph.resource(hit.resource);
    let (span, mut trace) = sources.file_span(hit.span).origin();
    let (header, _) = sources.file_span(resource.span).origin();
    let mut steps: Vec<(FileSpan, String)> = resource
        .trace
        .iter()
        .map(|step| (sources.file_span(step.span).origin().0, step.note.clone()))
        .collect();
    steps.append(&mut trace);
    // The value came from elsewhere (a module argument, a default, a
    // `.tfvars` line): that place is where the fix is made.
    if let Some(from) = graph.origin(hit.resource, hit.span) {
        let from = sources.file_span(from).origin().0;
        steps.push((from, crate::helm::frontend::VALUE_NOTE.to_string()));
    }
    let values: Vec<&FileSpan> = steps
        .iter()
        .filter(|(_, note)| note == crate::helm::frontend::VALUE_NOTE)
        .map(|(span, _)| span)
        .collect();
    // Node spans are in the unit's files; they are the origin text only
    // when the resource was not rendered.
    let end = (!sources.get(resource.span.file).is_generated())
        .then(|| resource_end(graph, hit.resource).max(header.start));
    let (suppressed, silenced_by) =
        suppression(hit, graph, &span, (&header, end), &values, options);
    let fix = (hit.rule.fix.as_ref())
        .and_then(|fix| crate::fix::plan(fix, &span, &header, resource.format));
    // `{dir}`: the finding's directory, for rules whose scope it is.
    let dir = span.path().parent().unwrap_or(Path::new(""));
    UnitFinding {
        fix,
        identity: identity(&header, call(&steps, resource), resource, options),
        rule: hit.rule.clone(),
        message: hit.message.replace("{dir}", &options.identity_path(dir)),
        span,
        trace: steps,
        resource: resource.address.clone(),
        suppressed,
        silenced_by,
        link: hit.link.clone(),
        // A finding about the exposure itself (a public flag) is not
        // ranked up by it.
        exposure: exposure::exposure(graph, hit.resource)
            .filter(|e| e.span != hit.span)
            .map(|e| (e.reason, sources.file_span(e.span).origin().0)),
        pods: exposure::pod_identity(graph, hit.resource),
    }
}

/// The trace step that put the resource where it is: a Terraform module
/// call, or a kustomization `resources` entry (a patch that changed the
/// object is not one).
fn call<'s>(
    steps: &'s [(FileSpan, String)],
    resource: &crate::model::Resource,
) -> Option<&'s (FileSpan, String)> {
    match resource.format {
        crate::model::SourceFormat::Kubernetes => {
            (steps.iter()).find(|(_, note)| note == crate::kubernetes::kustomize::VIA_NOTE)
        }
        _ => steps.first(),
    }
}

/// The module (or manifest directory) the resource is declared in, relative
/// to the project root, plus its address: not the file name, not the line.
/// A resource reached through module calls is prefixed with the directory
/// of the root module that makes the first call, so two roots instantiating
/// one module (two deployments) do not share identities.
fn identity(
    header: &FileSpan,
    first_call: Option<&(FileSpan, String)>,
    resource: &crate::model::Resource,
    options: &AnalysisOptions,
) -> String {
    let dir = header.path().parent().unwrap_or(Path::new(""));
    let own = format!("{}\0{}", options.identity_path(dir), resource.address);
    match first_call {
        // A base's object rendered by an overlay: the overlay's directory.
        Some((call, _))
            if matches!(
                resource.format,
                crate::model::SourceFormat::Terraform | crate::model::SourceFormat::Kubernetes
            ) && !resource.trace.is_empty() =>
        {
            let root = call.path().parent().unwrap_or(Path::new(""));
            format!("{}\0{own}", options.identity_path(root))
        }
        _ => own,
    }
}

/// The suppression pass, after the rules: comments at the finding or at
/// its resource's header (in the origin text) or, for Checkov's skips,
/// anywhere in the resource; at the values-file lines its value came
/// from; peers' annotations; then strata.toml. Also the directive that
/// silenced it, if a comment did.
fn suppression(
    hit: &Hit,
    graph: &Graph,
    span: &FileSpan,
    (header, resource_end): (&FileSpan, Option<u32>),
    values: &[&FileSpan],
    options: &AnalysisOptions,
) -> (Option<Suppression>, Option<FileSpan>) {
    let file = &span.file;
    let mut lines = vec![span.positions().0.line];
    let mut resource_lines = None;
    if Arc::ptr_eq(&header.file, file) {
        let first = header.positions().0.line;
        lines.push(first);
        resource_lines = resource_end.map(|end| (first, file.position(end).line.max(lines[0])));
    }
    let by_comment = suppress::by_comment(&hit.rule, file, &lines, resource_lines)
        .map(|s| (s, file))
        .or_else(|| {
            values.iter().find_map(|value| {
                let line = value.positions().0.line;
                suppress::by_comment(&hit.rule, &value.file, &[line], None)
                    .map(|s| (s, &value.file))
            })
        });
    if let Some((silenced, in_file)) = by_comment {
        let start = in_file.line_start(silenced.at.line - 1) + silenced.at.offset;
        let at = FileSpan {
            file: in_file.clone(),
            start,
            end: start,
        };
        return (Some(silenced.suppression), Some(at));
    }
    let suppressed = suppress::by_annotation(&hit.rule, annotations(graph, hit.resource))
        .or_else(|| suppress::by_config(&options.ignores, &hit.rule.id, span.path()));
    (suppressed, None)
}

/// Where the resource's text ends in its own file: the furthest end of
/// any of its values written there (a block's last attribute, a
/// manifest's last field).
fn resource_end(graph: &Graph, id: ResourceId) -> u32 {
    let resource = graph.resource(id);
    let file = resource.span.file;
    fn furthest(node: &Node, file: crate::source::FileId) -> u32 {
        let own = node.span.filter(|s| s.file == file).map_or(0, |s| s.end);
        let children = match &node.value {
            Value::List(items) => items.iter().map(|n| furthest(n, file)).max(),
            Value::Map(fields) => fields.values().map(|n| furthest(n, file)).max(),
            _ => None,
        };
        own.max(children.unwrap_or(0))
    }
    furthest(&resource.body, file)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LoadError;

    struct NoDisk;

    impl SourceLoader for NoDisk {
        fn read(&self, _: &Path) -> Result<Arc<str>, LoadError> {
            Err(LoadError::NotFound)
        }
        fn list_dir(&self, _: &Path) -> Vec<PathBuf> {
            Vec::new()
        }
    }

    #[test]
    fn units_group_terraform_by_directory_and_manifests_by_file() {
        let files = vec![
            (PathBuf::from("m/main.tf"), Candidate::TerraformSource),
            (PathBuf::from("m/prod.tfvars"), Candidate::TerraformVars),
            (PathBuf::from("m/Dockerfile"), Candidate::Dockerfile),
            (PathBuf::from("m/pod.yaml"), Candidate::Yaml),
            (PathBuf::from("n/variables.tf"), Candidate::TerraformSource),
        ];
        let units = plan_units(&files, &NoDisk);
        assert_eq!(
            units,
            [
                Unit::Terraform {
                    dir: PathBuf::from("m"),
                    files: vec![PathBuf::from("m/main.tf"), PathBuf::from("m/prod.tfvars")]
                },
                Unit::Manifest {
                    path: PathBuf::from("m/pod.yaml")
                },
                Unit::Dockerfile {
                    path: PathBuf::from("m/Dockerfile")
                },
                Unit::Terraform {
                    dir: PathBuf::from("n"),
                    files: vec![PathBuf::from("n/variables.tf")]
                },
            ]
        );
    }
}
