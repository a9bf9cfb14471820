//! Building kustomizations from files in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Built, build};
use crate::model::{Node, Value};
use crate::source::{LoadError, SourceLoader, SourceMap};

struct Files(BTreeMap<PathBuf, Arc<str>>);

impl SourceLoader for Files {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        self.0.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = if dir == Path::new(".") {
            Path::new("")
        } else {
            dir
        };
        (self.0.keys())
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect()
    }
}

fn built(files: &[(&str, &str)], root: &str) -> (Built, SourceMap) {
    let files = Files(
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), Arc::from(*t)))
            .collect(),
    );
    let mut sources = SourceMap::default();
    let built = build(Path::new(root), &files, &mut sources);
    (built, sources)
}

fn warnings(built: &Built) -> Vec<&str> {
    built.warnings.iter().map(|w| w.message.as_str()).collect()
}

fn at<'n>(node: &'n Node, path: &str) -> &'n Node {
    path.split('.')
        .fold(node, |n, part| match (&n.value, part.parse::<usize>()) {
            (Value::List(items), Ok(i)) => &items[i],
            _ => n
                .get(part)
                .unwrap_or_else(|| panic!("{part} missing in {n:?}")),
        })
}

fn text<'n>(node: &'n Node, path: &str) -> &'n str {
    at(node, path)
        .value
        .as_str()
        .unwrap_or_else(|| panic!("{path}: not a string"))
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: runner\n  containers:\n  - name: web\n    image: nginx:1.27\n  - name: sidecar\n    image: busybox\n";

#[test]
fn a_patch_on_what_could_not_be_built_is_explained_by_that_warning_alone() {
    let (built, _) = built(
        &[(
            "k/kustomization.yaml",
            "resources:\n- https://example.com/app.yaml\npatches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: remove\n      path: /spec/replicas\n",
        )],
        "k/kustomization.yaml",
    );
    let found = warnings(&built);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("remote resource"), "{found:?}");
}

#[test]
fn cycles_missing_inputs_and_unknown_fields_are_warnings() {
    let (built, _) = built(
        &[
            ("a/kustomization.yaml", "resources: [../b, pod.yaml]\n"),
            ("a/pod.yaml", POD),
            (
                "b/kustomization.yaml",
                "resources: [../a, nowhere.yaml]\npatchesStrategicMerge: [gone.yaml]\nfrobnicate: 1\n",
            ),
        ],
        "a/kustomization.yaml",
    );
    let found = warnings(&built);
    assert!(
        found.iter().any(|w| w.contains("includes itself")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("resource `nowhere.yaml` is neither")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("patch file `gone.yaml` not found")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("unknown kustomization field `frobnicate`")),
        "{found:?}"
    );
    assert_eq!(built.objects.len(), 1);
}

#[test]
fn values_set_by_vars_and_replacements_are_unknown() {
    let (built, _) = built(
        &[
            (
                "k/kustomization.yaml",
                "resources: [pod.yaml]\nvars:\n- name: TAG\n  objref: {kind: ConfigMap, name: c, apiVersion: v1}\nreplacements:\n- source: {kind: ConfigMap, name: c, fieldPath: data.user}\n  targets:\n  - select: {kind: Pod}\n    fieldPaths:\n    - spec.containers.[name=sidecar].securityContext\n",
            ),
            (
                "k/pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:$(TAG)\n  - name: sidecar\n    image: busybox:1\n    securityContext: {privileged: true}\n",
            ),
        ],
        "k/kustomization.yaml",
    );
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
    let pod = &built.objects[0].body;
    assert!(at(pod, "spec.containers.0.image").value.is_unknown());
    assert!(
        at(pod, "spec.containers.1.securityContext")
            .value
            .is_unknown()
    );
    assert_eq!(text(pod, "spec.containers.1.image"), "busybox:1");
    let found = warnings(&built);
    assert!(
        found.iter().any(|w| w.starts_with("`vars` is not applied")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.starts_with("`replacements` is not applied")),
        "{found:?}"
    );
}

#[test]
fn labels_reach_selectors_and_templates_as_kustomize_puts_them() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]\n";
    let service =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n";
    let (built, _) = built(
        &[
            (
                "k/kustomization.yaml",
                "resources: [d.yaml, s.yaml]\ncommonLabels:\n  team: shop\nlabels:\n- pairs: {tier: front}\ncommonAnnotations:\n  owner: me\n",
            ),
            ("k/d.yaml", deployment),
            ("k/s.yaml", service),
        ],
        "k/kustomization.yaml",
    );
    let (d, s) = (&built.objects[0].body, &built.objects[1].body);
    assert_eq!(text(d, "metadata.labels.team"), "shop");
    assert_eq!(text(d, "metadata.labels.tier"), "front");
    assert_eq!(text(d, "spec.selector.matchLabels.team"), "shop");
    assert!(at(d, "spec.selector.matchLabels").get("tier").is_none());
    assert_eq!(text(d, "spec.template.metadata.labels.team"), "shop");
    assert!(at(d, "spec.template.metadata.labels").get("tier").is_none());
    assert_eq!(text(d, "spec.template.metadata.annotations.owner"), "me");
    assert_eq!(text(s, "spec.selector.team"), "shop");
    assert!(at(s, "spec.selector").get("tier").is_none());
}

#[test]
fn prefixes_follow_references_and_patches_name_objects_as_the_base_did() {
    let sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n";
    let binding = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n- {kind: ServiceAccount, name: runner}\n";
    let role =
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules: []\n";
    let (built, _) = built(
        &[
            (
                "base/kustomization.yaml",
                "namePrefix: app-\nresources: [pod.yaml, sa.yaml, binding.yaml, role.yaml]\n",
            ),
            ("base/pod.yaml", POD),
            ("base/sa.yaml", sa),
            ("base/binding.yaml", binding),
            ("base/role.yaml", role),
            (
                "prod/kustomization.yaml",
                "namespace: prod\nresources: [../base]\npatchesStrategicMerge:\n- |-\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web\n  spec:\n    containers:\n    - name: sidecar\n      $patch: delete\npatchesJson6902:\n- target: {version: v1, kind: Pod, name: app-web}\n  path: ops.yaml\n",
            ),
            (
                "prod/ops.yaml",
                "- op: add\n  path: /spec/hostNetwork\n  value: true\n",
            ),
        ],
        "prod/kustomization.yaml",
    );
    assert!(built.warnings.is_empty(), "{:?}", warnings(&built));
    let pod = &built.objects[0].body;
    assert_eq!(text(pod, "metadata.name"), "app-web");
    assert_eq!(text(pod, "metadata.namespace"), "prod");
    assert_eq!(text(pod, "spec.serviceAccountName"), "app-runner");
    let Value::List(containers) = &at(pod, "spec.containers").value else {
        panic!()
    };
    assert_eq!(containers.len(), 1);
    assert_eq!(at(pod, "spec.hostNetwork").value, Value::Bool(true));
    let binding = &built.objects[2].body;
    assert_eq!(text(binding, "roleRef.name"), "app-r");
    assert_eq!(text(binding, "subjects.0.name"), "app-runner");
    assert_eq!(text(binding, "subjects.0.namespace"), "prod");
    // The base's objects came through the overlay's `resources` entry.
    assert_eq!(built.objects[0].via.len(), 2);
}

#[test]
fn images_change_name_tag_or_digest_on_the_line_that_says_so() {
    let (built, sources) = built(
        &[
            (
                "k/kustomization.yaml",
                "resources: [pod.yaml]\nimages:\n- name: nginx\n  newName: registry.example/nginx\n  newTag: \"1.28\"\n- name: busybox\n  digest: sha256:abc\n",
            ),
            ("k/pod.yaml", POD),
        ],
        "k/kustomization.yaml",
    );
    let pod = &built.objects[0].body;
    assert_eq!(
        text(pod, "spec.containers.0.image"),
        "registry.example/nginx:1.28"
    );
    assert_eq!(text(pod, "spec.containers.1.image"), "busybox@sha256:abc");
    let span = at(pod, "spec.containers.0.image").span.unwrap();
    let file = sources.get(span.file);
    assert!(file.path.ends_with("kustomization.yaml"));
    assert!(file.text[span.start as usize..].starts_with("newTag"));
}

#[test]
fn a_base_listed_over_and_over_costs_bounded_work() {
    // Every level lists the next one ten times: 10^12 builds unbounded.
    let mut files: Vec<(String, String)> = (0..12)
        .map(|level| {
            let next = format!("../l{}", level + 1);
            let resources = vec![next; 10].join(", ");
            (
                format!("l{level}/kustomization.yaml"),
                format!("resources: [{resources}]\n"),
            )
        })
        .collect();
    files.push((
        "l12/kustomization.yaml".into(),
        "resources: [pod.yaml]\n".into(),
    ));
    files.push(("l12/pod.yaml".into(), POD.into()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (built, _) = built(&files, "l0/kustomization.yaml");
    assert!(
        warnings(&built)
            .iter()
            .any(|w| w.contains("kustomizations built for one overlay")),
        "{:?}",
        warnings(&built).first()
    );
}

#[test]
fn a_patch_that_deletes_an_object_removes_it() {
    let (built, _) = built(
        &[
            (
                "k/kustomization.yaml",
                "resources: [pod.yaml]\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: Pod\n    metadata:\n      name: web\n    $patch: delete\n",
            ),
            ("k/pod.yaml", POD),
        ],
        "k/kustomization.yaml",
    );
    assert!(built.objects.is_empty());
    assert!(built.warnings.is_empty(), "{:?}", warnings(&built));
}
