//! Kubernetes manifests (and Terraform `kubernetes_*` workloads) into the
//! unified graph: spans, recognition, the workload/container view, edges,
//! and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata::analysis::{self, AnalysisOptions, Lowering, Status, Unit};
use strata::discover::Candidate;
use strata::findings::FileKind;
use strata::kubernetes;
use strata::model::{Graph, Node, Resource, Value};
use strata::source::{FileId, LoadError, SourceLoader, SourceMap};

/// Files in memory, keyed by path.
#[derive(Default)]
struct MemLoader {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl MemLoader {
    /// Every file of `testdata/kubernetes`, keyed relative to it.
    fn fixtures() -> Self {
        fn walk(dir: &Path, base: &Path, out: &mut MemLoader) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let rel = path.strip_prefix(base).unwrap().to_path_buf();
                    out.files.insert(rel, Arc::from(text));
                }
            }
        }
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/kubernetes");
        let mut loader = MemLoader::default();
        walk(&base, &base, &mut loader);
        loader
    }

    fn with(files: &[(&str, &str)]) -> Self {
        let mut loader = MemLoader::default();
        for (path, text) in files {
            loader.files.insert(PathBuf::from(path), Arc::from(*text));
        }
        loader
    }

    fn yaml_in(&self, dir: &str) -> Vec<PathBuf> {
        self.list_dir(Path::new(dir))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect()
    }
}

impl SourceLoader for MemLoader {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        self.files.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = if dir == Path::new(".") {
            Path::new("")
        } else {
            dir
        };
        self.files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect()
    }
}

struct Lowered {
    sources: SourceMap,
    graph: Graph,
    result: strata::analysis::Lowered,
}

fn lower_dir(loader: &MemLoader, dir: &str) -> Lowered {
    let files = loader.yaml_in(dir);
    let mut sources = SourceMap::default();
    let mut graph = Graph::default();
    let options = AnalysisOptions::default();
    let mut cx = Lowering {
        loader,
        options: &options,
        sources: &mut sources,
        graph: &mut graph,
    };
    let mut result = strata::analysis::Lowered::default();
    for path in &files {
        let lowered = kubernetes::lower(path, &mut cx);
        result.diagnostics.extend(lowered.diagnostics);
        result.skipped.extend(lowered.skipped);
    }
    Lowered {
        sources,
        graph,
        result,
    }
}

impl Lowered {
    fn resource(&self, address: &str, kind: &str) -> &Resource {
        self.graph
            .resources()
            .map(|(_, r)| r)
            .find(|r| r.address == address && r.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} {address} in {:?}", self.addresses()))
    }

    fn addresses(&self) -> Vec<String> {
        self.graph
            .resources()
            .map(|(_, r)| format!("{} {}", r.kind, r.address))
            .collect()
    }

    /// (line, column, end line, end column) of a node.
    fn at(&self, node: &Node) -> (u32, u32, u32, u32) {
        let span = node.span.expect("node has a span");
        let file = self.sources.get(span.file);
        let (a, b) = (file.position(span.start), file.position(span.end));
        (a.line, a.column, b.line, b.column)
    }

    fn skipped(&self, name: &str) -> Option<(FileKind, String)> {
        self.result
            .skipped
            .iter()
            .find(|(p, _, _)| p.file_name().is_some_and(|n| n == name))
            .map(|(_, k, r)| (*k, r.clone()))
    }

    fn error(&self, name: &str) -> String {
        self.result
            .diagnostics
            .iter()
            .find(|d| {
                self.sources
                    .get(d.file)
                    .path
                    .file_name()
                    .is_some_and(|n| n == name)
            })
            .map(|d| {
                let file = self.sources.get(d.file);
                let at = file.position(d.span.unwrap().start);
                format!("line {}, column {}: {}", at.line, at.column, d.message)
            })
            .unwrap_or_else(|| panic!("no error for {name}: {:?}", self.result.diagnostics))
    }
}

fn path<'n>(node: &'n Node, path: &str) -> &'n Node {
    path.split('.')
        .fold(node, |n, key| match (&n.value, key.parse::<usize>()) {
            (Value::List(items), Ok(i)) => &items[i],
            _ => n
                .get(key)
                .unwrap_or_else(|| panic!("no `{key}` of `{path}` in {:?}", n.value)),
        })
}

fn text(node: &Node) -> &str {
    node.value.as_str().expect("a string")
}

#[test]
fn multi_document_spans_point_at_the_attribute() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let app = out.resource("Deployment/shop/web/containers/app", "container");
    let privileged = path(&app.body, "securityContext.privileged");
    assert_eq!(privileged.value, Value::Bool(true));
    // `privileged: true`, from the key to the end of the value.
    assert_eq!(out.at(privileged), (34, 13, 34, 29));
    // The same node through the effective view.
    let effective = path(&app.body, "effectiveSecurityContext.privileged");
    assert_eq!(out.at(effective), (34, 13, 34, 29));

    // The object's span is its `kind:` line; a list item's is its first line
    // (without the trailing comment).
    let deployment = out.resource("Deployment/shop/web", "Deployment");
    let file = out.sources.get(deployment.span.file);
    assert_eq!(file.position(deployment.span.start).line, 9);
    let sidecar = out.resource("Deployment/shop/web/containers/sidecar", "container");
    let file = out.sources.get(sidecar.span.file);
    assert_eq!(
        (
            file.position(sidecar.span.start),
            file.position(sidecar.span.end)
        ),
        (
            strata::source::Position {
                line: 36,
                column: 11
            },
            strata::source::Position {
                line: 36,
                column: 24
            }
        )
    );
    // Quoted scalars end at their closing quote.
    let init = out.resource("Deployment/shop/web/initContainers/init", "container");
    assert_eq!(out.at(path(&init.body, "image")), (29, 11, 29, 32));
    assert_eq!(text(path(&init.body, "containerType")), "initContainer");
}

#[test]
fn containers_carry_the_effective_security_context_and_image_facts() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let app = out.resource("Deployment/shop/web/containers/app", "container");
    let effective = path(&app.body, "effectiveSecurityContext");
    // Inherited from the pod, with the pod's span.
    assert_eq!(path(effective, "runAsNonRoot").value, Value::Bool(true));
    assert_eq!(out.at(path(effective, "runAsNonRoot")).0, 24);
    // Overridden by the container.
    assert_eq!(path(effective, "runAsUser").value, Value::Number(0.0));
    assert_eq!(out.at(path(effective, "runAsUser")).0, 35);
    // fsGroup is pod-only: not inherited.
    assert!(effective.get("fsGroup").is_none());

    assert_eq!(path(&app.body, "imageRef.latest").value, Value::Bool(true));
    assert_eq!(
        text(path(&app.body, "imageRef.repository")),
        "library/nginx"
    );
    let sidecar = out.resource("Deployment/shop/web/containers/sidecar", "container");
    assert_eq!(
        path(&sidecar.body, "imageRef.pinned").value,
        Value::Bool(true)
    );

    assert_eq!(path(&app.body, "pod.hostNetwork").value, Value::Bool(true));
    assert_eq!(text(path(&app.body, "pod.serviceAccountName")), "web");
    assert_eq!(text(path(&app.body, "workload.kind")), "Deployment");
    assert_eq!(text(path(&app.body, "workload.namespace")), "shop");

    let workload = out.resource("Deployment/shop/web", "workload");
    assert_eq!(text(path(&workload.body, "name")), "web");
    assert_eq!(text(path(&workload.body, "labels.app")), "web");
    assert_eq!(
        path(&workload.body, "podSpec.hostNetwork").value,
        Value::Bool(true)
    );
}

#[test]
fn edges_link_containers_bindings_and_service_accounts() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let id = |address: &str, kind: &str| {
        out.graph
            .resources()
            .find(|(_, r)| r.address == address && r.kind == kind)
            .map(|(id, _)| id)
            .unwrap()
    };
    let has = |from, to, attribute: &str| {
        out.graph
            .edges()
            .iter()
            .any(|e| e.from == from && e.to == to && e.attribute == attribute)
    };
    let binding = id("RoleBinding/shop/web-reads", "RoleBinding");
    let account = id("ServiceAccount/shop/web", "ServiceAccount");
    let workload = id("Deployment/shop/web", "workload");
    assert!(has(binding, id("Role/shop/reader", "Role"), "roleRef"));
    assert!(has(binding, account, "subjects"));
    assert!(has(workload, account, "serviceAccountName"));
    let app = id("Deployment/shop/web/containers/app", "container");
    assert!(has(app, workload, "workload"));
    // Cluster-scoped kinds have no namespace in their address.
    out.resource("ClusterRole/everything", "ClusterRole");
}

#[test]
fn list_kinds_yield_their_items() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let settings = out.resource("ConfigMap/default/settings", "ConfigMap");
    assert_eq!(text(path(&settings.body, "data.debug")), "false");
    out.resource("Pod/jobs/one-off", "workload");
    out.resource("Pod/jobs/one-off/containers/main", "container");
    assert!(!out.addresses().iter().any(|a| a.starts_with("List ")));
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let b = out.resource("DaemonSet/default/agent/containers/b", "container");
    let context = path(&b.body, "securityContext");
    assert_eq!(
        path(context, "readOnlyRootFilesystem").value,
        Value::Bool(false)
    );
    let merged = path(context, "allowPrivilegeEscalation");
    assert_eq!(merged.value, Value::Bool(false));
    // A merged value keeps the span where the anchor defined it.
    assert_eq!(out.at(merged).0, 12);
    let c = out.resource("DaemonSet/default/agent/containers/c", "container");
    assert_eq!(
        path(&c.body, "effectiveSecurityContext.readOnlyRootFilesystem").value,
        Value::Bool(true)
    );
}

#[test]
fn every_workload_kind_yields_a_workload_and_containers() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    for address in [
        "Pod/default/pod",
        "StatefulSet/default/sts",
        "ReplicaSet/default/rs",
        "ReplicationController/default/rc",
        "Job/default/job",
        "CronJob/batch/cron",
        "Deployment/shop/web",
        "DaemonSet/default/agent",
    ] {
        out.resource(address, "workload");
    }
    for address in [
        "StatefulSet/default/sts/containers/c",
        "ReplicaSet/default/rs/containers/c",
        "ReplicationController/default/rc/containers/c",
        "Job/default/job/containers/c",
    ] {
        out.resource(address, "container");
    }
    let pod = out.resource("Pod/default/pod/containers/c", "container");
    let effective = path(&pod.body, "effectiveSecurityContext");
    assert_eq!(path(effective, "runAsNonRoot").value, Value::Bool(false));
    assert_eq!(
        text(path(effective, "seccompProfile.type")),
        "RuntimeDefault"
    );
    assert!(effective.get("fsGroup").is_none());
    let debug = out.resource("Pod/default/pod/ephemeralContainers/debug", "container");
    assert_eq!(
        text(path(&debug.body, "containerType")),
        "ephemeralContainer"
    );

    // `runAsUser: null` in the container leaves the pod's value in force.
    let cron = out.resource("CronJob/batch/cron/containers/c", "container");
    let effective = path(&cron.body, "effectiveSecurityContext");
    assert_eq!(path(effective, "runAsUser").value, Value::Number(1000.0));
    assert_eq!(path(effective, "privileged").value, Value::Bool(false));
}

#[test]
fn other_yaml_is_skipped_with_a_reason() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "manifests");
    let (kind, reason) = out.skipped("ci.yml").unwrap();
    assert_eq!(kind, FileKind::Unknown);
    assert!(reason.contains("not a Kubernetes manifest"), "{reason}");
    let (_, reason) = out.skipped("kustomization.yaml").unwrap();
    assert_eq!(reason, "kustomize configuration");
    let (kind, reason) = out.skipped("templated.yaml").unwrap();
    assert_eq!(kind, FileKind::Helm);
    assert!(reason.starts_with("Go/Helm template"), "{reason}");
    assert!(
        out.result.diagnostics.is_empty(),
        "{:?}",
        out.result.diagnostics
    );
    assert!(out.skipped("app.yaml").is_none());
}

#[test]
fn a_template_read_as_a_manifest_is_skipped_not_parsed() {
    // (Planned units send chart files to their chart; this is a template
    // handed to the manifest reader directly.)
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "helm/web/templates");
    let (kind, reason) = out.skipped("deployment.yaml").unwrap();
    assert_eq!(kind, FileKind::Helm);
    assert!(reason.starts_with("Go/Helm template"), "{reason}");
    assert!(out.result.diagnostics.is_empty());
    assert!(out.graph.is_empty());
}

#[test]
fn files_inside_a_chart_go_to_the_chart_unit() {
    let loader = MemLoader::fixtures();
    let files: Vec<PathBuf> = loader
        .files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "Chart.yaml"))
        .cloned()
        .collect();
    let planned: Vec<(PathBuf, Candidate)> =
        files.iter().map(|f| (f.clone(), Candidate::Yaml)).collect();
    let results: Vec<_> = analysis::plan_units(&planned, &loader)
        .iter()
        .map(|unit| analysis::analyze_unit(unit, &loader, &AnalysisOptions::default()))
        .collect();
    let outcome = |name: &str| {
        results
            .iter()
            .flat_map(|r| r.files.iter())
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not accounted for"))
            .clone()
    };
    // The chart's files are the chart's: rendered, and the template's
    // missing partial is an error at the include, as Helm reports it.
    let template = outcome("web/templates/deployment.yaml");
    assert_eq!(template.kind, FileKind::Helm);
    assert!(
        matches!(&template.status, Status::Error { message, at: Some(_) } if message.contains("web.fullname")),
        "{template:?}"
    );
    assert_eq!(outcome("web/values.yaml").kind, FileKind::Helm);
    assert_eq!(outcome("manifests/app.yaml").status, Status::Scanned);
    let app = results
        .iter()
        .find(|r| {
            r.files
                .iter()
                .any(|f| f.path.ends_with("manifests/app.yaml"))
        })
        .unwrap();
    assert!(app.resources > 0);
}

#[test]
fn bad_yaml_is_an_error_with_position_and_other_documents_count() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "bad");
    let tabs = out.error("tabs.yaml");
    assert!(tabs.starts_with("line 4, column "), "{tabs}");
    assert!(tabs.contains("tab"), "{tabs}");
    let duplicate = out.error("duplicate.yaml");
    assert_eq!(
        duplicate,
        "line 12, column 3: duplicate key `containers` (first defined on line 11)"
    );
    out.resource("ConfigMap/default/ok", "ConfigMap");
    assert!(!out.addresses().iter().any(|a| a.contains("twice")));
    let broken = out.error("broken.yaml");
    assert!(broken.starts_with("line 3, column "), "{broken}");
    out.resource("Secret/default/fine", "Secret");
}

fn load_error(text: &str) -> String {
    let loaded = kubernetes::yaml::load(text, FileId(0));
    assert!(loaded.documents.is_empty());
    loaded.diagnostics[0].message.clone()
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    let message = load_error(&bomb);
    assert!(message.contains("alias expansion too large"), "{message}");

    let flow = "[".repeat(20_000) + &"]".repeat(20_000);
    assert!(load_error(&flow).contains("too deeply nested"));
    // Block sequences nest on one line: `- - - … x`.
    let block = "- ".repeat(20_000) + "x\n";
    assert!(load_error(&block).contains("too deeply nested"));
    let mut mappings = String::new();
    for depth in 0..300 {
        mappings.push_str(&" ".repeat(depth));
        mappings.push_str("a:\n");
    }
    assert!(load_error(&mappings).contains("too deeply nested"));
    let mixed = "a:\n".to_string() + &"- [".repeat(20_000);
    assert!(
        !kubernetes::yaml::load(&mixed, FileId(0))
            .diagnostics
            .is_empty()
    );
}

#[test]
fn recursive_and_unknown_aliases_are_errors() {
    assert!(!load_error("a: &x [*x]\n").is_empty());
    assert!(load_error("a: *nope\n").contains("anchor"));
    let loaded = kubernetes::yaml::load("&k name: x\ncopy: *k\n", FileId(0));
    assert_eq!(
        loaded.documents[0].get("copy").unwrap().value,
        Value::String("name".into())
    );
}

#[test]
fn terraform_workloads_lower_to_the_same_container_shape() {
    let loader = MemLoader::fixtures();
    let mut sources = SourceMap::default();
    let mut graph = Graph::default();
    let diagnostics = strata::terraform::analyze_module(
        Path::new("terraform"),
        &loader,
        &strata::terraform::Options::default(),
        &mut sources,
        &mut graph,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    strata::terraform::kubernetes::lower_workloads(&mut graph, &Default::default());
    let out = Lowered {
        sources,
        graph,
        result: Default::default(),
    };
    let app = out.resource("kubernetes_deployment.web/containers/app", "container");
    assert!(out.sources.get(app.span.file).path.ends_with("main.tf"));
    let privileged = path(&app.body, "securityContext.privileged");
    assert_eq!(privileged.value, Value::Bool(true));
    assert_eq!(out.at(privileged).0, 32);
    assert_eq!(
        path(&app.body, "effectiveSecurityContext.privileged").value,
        Value::Bool(true)
    );
    // Inherited from the pod's security_context block.
    let non_root = path(&app.body, "effectiveSecurityContext.runAsNonRoot");
    assert_eq!(non_root.value, Value::Bool(true));
    assert_eq!(out.at(non_root).0, 19);
    assert_eq!(
        text(path(&app.body, "securityContext.capabilities.add.0")),
        "NET_ADMIN"
    );
    assert_eq!(text(path(&app.body, "resources.limits.cpu")), "500m");
    assert_eq!(
        text(path(&app.body, "volumeMounts.0.mountPath")),
        "/var/run/docker.sock"
    );
    assert_eq!(
        path(&app.body, "ports.0.containerPort").value,
        Value::Number(8080.0)
    );
    assert_eq!(path(&app.body, "pod.hostPID").value, Value::Bool(true));
    assert_eq!(
        text(path(&app.body, "pod.volumes.0.hostPath.path")),
        "/var/run/docker.sock"
    );
    assert_eq!(text(path(&app.body, "workload.kind")), "Deployment");
    assert_eq!(text(path(&app.body, "imageRef.tag")), "1.25");

    let workload = out.resource("kubernetes_deployment.web", "workload");
    // Map attributes keep their keys: they are data, not schema.
    assert_eq!(text(path(&workload.body, "labels.app_name")), "web");
    assert_eq!(text(path(&workload.body, "namespace")), "shop");

    let run = out.resource("kubernetes_cron_job_v1.nightly/containers/run", "container");
    assert_eq!(path(&run.body, "imageRef.latest").value, Value::Bool(true));
    out.resource(
        "kubernetes_cron_job_v1.nightly/initContainers/prep",
        "container",
    );
    out.resource("kubernetes_pod.solo/containers/main", "container");
}

#[test]
fn whole_units_account_for_every_file() {
    let loader = MemLoader::fixtures();
    let options = AnalysisOptions {
        rules: strata::engine::Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    };
    for dir in ["manifests", "bad", "helm/web", "helm/web/templates"] {
        let files = loader.yaml_in(dir);
        let planned: Vec<(PathBuf, Candidate)> =
            files.iter().map(|f| (f.clone(), Candidate::Yaml)).collect();
        let entries: Vec<_> = analysis::plan_units(&planned, &loader)
            .iter()
            .flat_map(|unit| analysis::analyze_unit(unit, &loader, &options).files)
            .filter(|f| files.contains(&f.path))
            .collect();
        assert_eq!(entries.len(), files.len());
        for entry in &entries {
            // The chart's template includes a partial it does not define.
            let expect_error = (dir == "bad" && !entry.path.ends_with("fine.yaml"))
                || entry.path.ends_with("templates/deployment.yaml");
            assert_eq!(
                matches!(entry.status, Status::Error { .. }),
                expect_error,
                "{entry:?}"
            );
        }
    }
    let unit = Unit::Terraform {
        dir: PathBuf::from("terraform"),
        files: vec![PathBuf::from("terraform/main.tf")],
    };
    let result = analysis::analyze_unit(&unit, &loader, &options);
    assert!(result.resources >= 3 + 6, "{}", result.resources);
}

#[test]
fn a_small_in_memory_manifest() {
    let loader = MemLoader::with(&[(
        "k/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n",
    )]);
    let out = lower_dir(&loader, "k");
    let c = out.resource("Pod/default/p/containers/c", "container");
    assert_eq!(out.at(path(&c.body, "image")), (8, 5, 8, 13));
}

/// Throughput of the YAML loader and the lowering, on a file named by
/// `STRATA_BENCH_YAML` (run with `--release -- --ignored --nocapture`).
#[test]
#[ignore]
fn bench_lowering() {
    let Ok(path) = std::env::var("STRATA_BENCH_YAML") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mb = text.len() as f64 / 1e6;
    let time = |what: &str, f: &mut dyn FnMut()| {
        let start = std::time::Instant::now();
        for _ in 0..5 {
            f();
        }
        let secs = start.elapsed().as_secs_f64() / 5.0;
        eprintln!("{what}: {:.1} ms, {:.1} MB/s", secs * 1e3, mb / secs);
    };
    time("yaml::load", &mut || {
        let loaded = kubernetes::yaml::load(&text, FileId(0));
        assert!(loaded.diagnostics.is_empty());
    });
    time("read_manifest", &mut || {
        let m = kubernetes::read_manifest(Path::new("a.yaml"), &text, FileId(0));
        assert!(!m.objects.is_empty());
    });
    let loader = MemLoader::with(&[("b/a.yaml", &text)]);
    time("lower (with workloads)", &mut || {
        let out = lower_dir(&loader, "b");
        assert!(!out.graph.is_empty());
    });
}

#[test]
fn what_a_yaml_file_is_is_decided_by_parsing_it() {
    let loader = MemLoader::fixtures();
    let out = lower_dir(&loader, "classify");
    // `{{` in block scalars and strings is data: the file is analysed.
    assert!(out.skipped("dashboards.yaml").is_none());
    out.resource("Deployment/monitoring/grafana", "Deployment");
    out.resource("PrometheusRule/monitoring/alerts", "PrometheusRule");
    // Templates whose directives break the YAML are skipped, by language.
    let (kind, reason) = out.skipped("helm-outside-chart.yaml").unwrap();
    assert_eq!(kind, FileKind::Helm);
    assert!(reason.starts_with("Go/Helm template"), "{reason}");
    let (kind, reason) = out.skipped("user-data.yaml").unwrap();
    assert_eq!(kind, FileKind::Unknown);
    assert!(reason.starts_with("Terraform template"), "{reason}");
    // Other YAML, valid or not, is not a manifest.
    for name in ["cloud-init.yaml", "compose.yaml"] {
        let (_, reason) = out.skipped(name).unwrap();
        assert!(
            reason.contains("not a Kubernetes manifest"),
            "{name}: {reason}"
        );
    }
    let (_, reason) = out.skipped("alertmanager.yaml").unwrap();
    assert!(
        reason.contains("nor valid YAML (line 8, column"),
        "{reason}"
    );
    // A manifest that does not parse is an error, and the only one.
    assert!(out.error("broken-manifest.yaml").contains("line"));
    assert_eq!(
        out.result.diagnostics.len(),
        1,
        "{:?}",
        out.result.diagnostics
    );
}

#[test]
fn kustomize_patches_are_fragments_not_objects() {
    let loader = MemLoader::fixtures();
    for dir in [
        "kustomize/overlay",
        "kustomize/overlay/patches",
        "kustomize/base",
    ] {
        let out = lower_dir(&loader, dir);
        for (path, kind, reason) in &out.result.skipped {
            let name = path.file_name().unwrap().to_string_lossy();
            if name == "kustomization.yaml" {
                continue;
            }
            assert_eq!(*kind, FileKind::Kubernetes, "{name}");
            assert!(
                reason
                    .contains("kustomize patch (listed in `kustomize/overlay/kustomization.yaml`)"),
                "{name}: {reason}"
            );
        }
        let skipped = |name: &str| out.skipped(name).is_some();
        match dir {
            "kustomize/overlay" => {
                assert!(skipped("replicas.yaml"));
                // A resource of the kustomization is an object of its own.
                out.resource("ConfigMap/shop/extra", "ConfigMap");
            }
            "kustomize/overlay/patches" => assert!(skipped("resources.yaml")),
            _ => {
                out.resource("Deployment/shop/web", "Deployment");
            }
        }
        assert!(
            !out.addresses()
                .iter()
                .any(|a| a.contains("container") && dir != "kustomize/base")
        );
    }
}
