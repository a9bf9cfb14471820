//! The workspace as a language server drives it: documents handed in from
//! memory, changes applied cheaply, analysis re-run by unit (and only for
//! the units a change touched), cancelled when a newer change arrives, and
//! answered from immutable snapshots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use strata::analysis::{AnalysisOptions, Unit};
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader};
use strata::workspace::Workspace;

/// A disk made of strings, counting reads so tests can see what was redone.
#[derive(Default)]
struct FakeDisk {
    files: Mutex<HashMap<PathBuf, Arc<str>>>,
    reads: Mutex<Vec<PathBuf>>,
}

impl FakeDisk {
    fn with(files: &[(&str, &str)]) -> Arc<Self> {
        Arc::new(FakeDisk {
            files: Mutex::new(
                files
                    .iter()
                    .map(|(p, t)| (PathBuf::from(p), Arc::from(*t)))
                    .collect(),
            ),
            reads: Mutex::default(),
        })
    }

    fn remove(&self, path: &str) {
        self.files.lock().unwrap().remove(Path::new(path));
    }
}

/// The workspace owns its loader; the test keeps a handle on the same disk.
struct Shared(Arc<FakeDisk>);

impl SourceLoader for Shared {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        self.0.reads.lock().unwrap().push(path.to_path_buf());
        let files = self.0.files.lock().unwrap();
        files.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let files = self.0.files.lock().unwrap();
        let mut listed: Vec<PathBuf> = files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect();
        listed.sort();
        listed
    }
}

const UNENCRYPTED: &str = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n";
const ENCRYPTED: &str = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = true\n}\n";

fn workspace(disk: &Arc<FakeDisk>) -> Workspace {
    workspace_with(disk, &["AWS009"])
}

fn workspace_with(disk: &Arc<FakeDisk>, rules: &[&str]) -> Workspace {
    let rules: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
    let rules = Catalog::builtin().select(&rules, &[]).unwrap();
    let options = AnalysisOptions {
        rules,
        ..AnalysisOptions::default()
    };
    Workspace::new(options, Box::new(Shared(disk.clone())))
}

fn rule_lines(workspace: &mut Workspace) -> Vec<(String, u32)> {
    located(workspace)
        .into_iter()
        .map(|(id, _, line)| (id, line))
        .collect()
}

/// (rule, path, line) of every finding, in report order.
fn located(workspace: &mut Workspace) -> Vec<(String, String, u32)> {
    workspace
        .snapshot()
        .report(None)
        .findings
        .iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.location.path.clone(),
                f.location.start_line,
            )
        })
        .collect()
}

#[test]
fn unsaved_edits_are_analysed_and_only_their_unit_is_redone() {
    let disk = FakeDisk::with(&[("infra/main.tf", UNENCRYPTED), ("other/main.tf", ENCRYPTED)]);
    let mut ws = workspace(&disk);
    ws.add_units(vec![
        Unit::Terraform {
            dir: "infra".into(),
            files: vec!["infra/main.tf".into()],
        },
        Unit::Terraform {
            dir: "other".into(),
            files: vec!["other/main.tf".into()],
        },
    ]);
    assert_eq!(rule_lines(&mut ws), [("AWS009".to_string(), 4)]);
    let first = ws.snapshot();

    // The editor fixes the file without saving: the buffer wins over disk.
    disk.reads.lock().unwrap().clear();
    ws.set_document("infra/main.tf".into(), Arc::from(ENCRYPTED));
    let fixed = ws.snapshot();
    assert!(fixed.report(None).findings.is_empty());
    assert!(fixed.revision > first.revision);
    // The untouched unit was not re-read.
    let reads = disk.reads.lock().unwrap().clone();
    assert!(reads.iter().all(|p| !p.starts_with("other")), "{reads:?}");

    // The old snapshot still answers as it did.
    assert_eq!(first.report(None).findings.len(), 1);

    // Closing the buffer brings the disk version back.
    ws.close_document(Path::new("infra/main.tf"));
    assert_eq!(rule_lines(&mut ws), [("AWS009".to_string(), 4)]);
}

#[test]
fn a_new_document_creates_its_unit() {
    let disk = Arc::new(FakeDisk::default());
    let mut ws = workspace(&disk);
    assert!(ws.snapshot().report(None).files.is_empty());
    ws.set_document("new/main.tf".into(), Arc::from(UNENCRYPTED));
    let snapshot = ws.snapshot();
    let unit = snapshot.unit_result(Path::new("new/main.tf")).unwrap();
    assert_eq!(unit.findings.len(), 1);
    assert_eq!(unit.files[0].path, Path::new("new/main.tf"));
}

const CALLER: &str = "module \"m\" {\n  source = \"../modules/vol\"\n}\n";

#[test]
fn editing_a_module_re_analyses_its_caller() {
    let disk = FakeDisk::with(&[
        ("root/main.tf", CALLER),
        ("modules/vol/main.tf", UNENCRYPTED),
    ]);
    let mut ws = workspace(&disk);
    // Only the caller was discovered (the module is read through it).
    ws.add_units(vec![Unit::Terraform {
        dir: "root".into(),
        files: vec!["root/main.tf".into()],
    }]);
    assert_eq!(
        located(&mut ws),
        [("AWS009".to_string(), "modules/vol/main.tf".to_string(), 4)]
    );
    // The fix is typed into the module's buffer: the caller, which read
    // that file, is analysed again and its finding goes.
    ws.set_document("modules/vol/main.tf".into(), Arc::from(ENCRYPTED));
    assert!(located(&mut ws).is_empty());
}

const POD_JSON: &str = r#"{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "p"},
 "spec": {"containers": [{"name": "c", "image": "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
   "securityContext": {"privileged": true}}]}}
"#;

#[test]
fn a_json_manifest_buffer_is_analysed_by_its_content() {
    let disk = Arc::new(FakeDisk::default());
    let mut ws = workspace_with(&disk, &["K8S001"]);
    ws.set_document("k8s/pod.json".into(), Arc::from(POD_JSON));
    let found = located(&mut ws);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "K8S001");
    assert_eq!(found[0].1, "k8s/pod.json");
    // Other JSON is not infrastructure code and gets no unit.
    ws.set_document("package.json".into(), Arc::from("{\"name\": \"x\"}"));
    assert!(
        ws.snapshot()
            .unit_result(Path::new("package.json"))
            .is_none()
    );
}

#[test]
fn deleting_a_file_removes_its_findings_and_updates_what_read_it() {
    let disk = FakeDisk::with(&[
        ("infra/main.tf", UNENCRYPTED),
        ("infra/vars.tf", "variable \"x\" {}\n"),
        ("root/main.tf", CALLER),
        ("modules/vol/main.tf", UNENCRYPTED),
    ]);
    let mut ws = workspace(&disk);
    ws.add_units(vec![
        Unit::Terraform {
            dir: "infra".into(),
            files: vec!["infra/main.tf".into(), "infra/vars.tf".into()],
        },
        Unit::Terraform {
            dir: "root".into(),
            files: vec!["root/main.tf".into()],
        },
    ]);
    assert_eq!(located(&mut ws).len(), 2);
    disk.remove("infra/main.tf");
    ws.delete(Path::new("infra/main.tf"));
    disk.remove("modules/vol/main.tf");
    ws.touch(Path::new("modules/vol/main.tf"));
    assert!(located(&mut ws).is_empty());
    // The unit keeps its remaining file, listed as scanned.
    let snapshot = ws.snapshot();
    let files: Vec<_> = snapshot.files().map(|f| f.path.clone()).collect();
    assert_eq!(
        files,
        [
            PathBuf::from("infra/vars.tf"),
            PathBuf::from("root/main.tf")
        ]
    );
}

#[test]
fn a_newer_change_cancels_a_running_analysis_and_its_results_are_dropped() {
    let disk = FakeDisk::with(&[("infra/main.tf", UNENCRYPTED)]);
    let mut ws = workspace(&disk);
    ws.add_units(vec![Unit::Terraform {
        dir: "infra".into(),
        files: vec!["infra/main.tf".into()],
    }]);
    let job = ws.prepare().expect("a stale unit");
    // The user types before the job runs: the job stops without results.
    ws.set_document("infra/main.tf".into(), Arc::from(ENCRYPTED));
    let done = job.run();
    assert!(done.cancelled);
    ws.complete(done);
    assert!(ws.is_stale());
    assert!(ws.current().report(None).findings.is_empty());

    // A job that finished, but for text edited since, is not installed.
    let job = ws.prepare().unwrap();
    let done = job.run();
    assert!(!done.cancelled);
    ws.set_document("infra/main.tf".into(), Arc::from(UNENCRYPTED));
    ws.complete(done);
    assert!(ws.is_stale());
    assert_eq!(rule_lines(&mut ws), [("AWS009".to_string(), 4)]);
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";
const DENY_ALL: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n";

#[test]
fn namespace_facts_link_manifests_and_one_edit_re_reads_one_file() {
    let disk = FakeDisk::with(&[
        ("k8s/web.yaml", DEPLOYMENT),
        ("k8s/api.yaml", &DEPLOYMENT.replace("web", "api")),
    ]);
    let mut ws = workspace_with(&disk, &["K8S055"]);
    ws.add_units(vec![
        Unit::Manifest {
            path: "k8s/web.yaml".into(),
        },
        Unit::Manifest {
            path: "k8s/api.yaml".into(),
        },
    ]);
    // One finding for the namespace, on its first workload across files.
    assert_eq!(
        located(&mut ws),
        [("K8S055".to_string(), "k8s/api.yaml".to_string(), 5)]
    );
    // A policy typed into a new buffer guards the namespace everywhere;
    // the other manifests are not read again.
    disk.reads.lock().unwrap().clear();
    ws.set_document("k8s/policy.yaml".into(), Arc::from(DENY_ALL));
    assert!(located(&mut ws).is_empty());
    let reads = disk.reads.lock().unwrap().clone();
    assert!(!reads.iter().any(|p| p.ends_with("web.yaml")), "{reads:?}");
}

#[test]
fn changed_options_re_analyse_every_unit() {
    let disk = FakeDisk::with(&[("infra/main.tf", UNENCRYPTED)]);
    let mut ws = workspace(&disk);
    ws.add_units(vec![Unit::Terraform {
        dir: "infra".into(),
        files: vec!["infra/main.tf".into()],
    }]);
    assert_eq!(rule_lines(&mut ws).len(), 1);
    ws.set_options(AnalysisOptions::default());
    assert!(rule_lines(&mut ws).is_empty());
}

const CHART: &str = "apiVersion: v2\nname: web\nversion: 0.1.0\n";
const CHART_VALUES: &str = "privileged: true\n";
const CHART_TEMPLATE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      securityContext:\n        privileged: {{ .Values.privileged }}\n";

#[test]
fn editing_values_re_renders_the_chart_and_findings_land_on_the_template() {
    let disk = FakeDisk::with(&[
        ("chart/Chart.yaml", CHART),
        ("chart/values.yaml", CHART_VALUES),
        ("chart/templates/pod.yaml", CHART_TEMPLATE),
    ]);
    let mut ws = workspace_with(&disk, &["K8S001"]);
    // The editor opens the template: the file's unit is its chart.
    ws.set_document("chart/templates/pod.yaml".into(), Arc::from(CHART_TEMPLATE));
    let report = ws.snapshot().report(None);
    let finding = &report.findings[0];
    assert_eq!(
        (finding.location.path.as_str(), finding.location.start_line),
        ("chart/templates/pod.yaml", 10)
    );
    assert_eq!(finding.trace[0].location.path, "chart/values.yaml");
    assert_eq!(finding.trace[0].note, "value set here");
    // The value is changed in values.yaml (unsaved): the template's finding goes.
    ws.set_document("chart/values.yaml".into(), Arc::from("privileged: false\n"));
    assert!(located(&mut ws).is_empty());
}

#[test]
fn a_problem_in_a_module_read_by_a_caller_reaches_the_report() {
    let disk = FakeDisk::with(&[
        ("root/main.tf", CALLER),
        (
            "modules/vol/main.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  size = \n}\n",
        ),
    ]);
    let mut ws = workspace(&disk);
    ws.add_units(vec![Unit::Terraform {
        dir: "root".into(),
        files: vec!["root/main.tf".into()],
    }]);
    let report = ws.snapshot().report(None);
    let module = report
        .files
        .iter()
        .find(|f| f.path == "modules/vol/main.tf")
        .unwrap_or_else(|| panic!("the module file is not listed: {:?}", report.files));
    assert!(
        matches!(&module.status, strata::findings::FileStatus::Error(m) if m.starts_with("line 2")),
        "{module:?}"
    );
}

const KUSTOMIZE_BASE: &str = "resources:\n  - pod.yaml\n";
const KUSTOMIZE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";
const KUSTOMIZE_OVERLAY: &str =
    "namespace: prod\nresources:\n  - ../base\npatches:\n  - path: patch.yaml\n";
const KUSTOMIZE_PATCH: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      securityContext:\n        privileged: true\n";

#[test]
fn editing_a_kustomize_patch_re_analyses_the_overlay_and_the_base_is_reported_through_it() {
    let disk = FakeDisk::with(&[
        ("base/kustomization.yaml", KUSTOMIZE_BASE),
        ("base/pod.yaml", KUSTOMIZE_POD),
        ("overlay/kustomization.yaml", KUSTOMIZE_OVERLAY),
        ("overlay/patch.yaml", KUSTOMIZE_PATCH),
    ]);
    let mut ws = workspace_with(&disk, &["K8S001"]);
    for path in [
        "base/kustomization.yaml",
        "base/pod.yaml",
        "overlay/kustomization.yaml",
        "overlay/patch.yaml",
    ] {
        ws.touch(Path::new(path));
    }
    // The overlay's patch makes the container privileged: reported once,
    // on the patch line, through the overlay (not by the base, nor by the
    // base's manifest on its own).
    assert_eq!(
        located(&mut ws),
        [("K8S001".to_string(), "overlay/patch.yaml".to_string(), 9)]
    );
    let report = ws.snapshot().report(None);
    assert_eq!(report.findings[0].resource, "Pod/prod/web/containers/web");
    // The patch is edited (unsaved): the overlay is re-analysed.
    ws.set_document(
        "overlay/patch.yaml".into(),
        Arc::from(KUSTOMIZE_PATCH.replace("true", "false")),
    );
    assert!(located(&mut ws).is_empty());
    // The base is edited: the overlay sees it through its resources.
    ws.set_document(
        "overlay/patch.yaml".into(),
        Arc::from(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: false\n",
        ),
    );
    ws.set_document(
        "base/pod.yaml".into(),
        Arc::from(KUSTOMIZE_POD.replace(
            "      image",
            "      securityContext: {privileged: true}\n      image",
        )),
    );
    assert_eq!(
        located(&mut ws),
        [("K8S001".to_string(), "base/pod.yaml".to_string(), 8)]
    );
}
