//! End-to-end tests of the `strata` binary: exit codes, formats, filters and
//! the fate of every file, as a user's script sees them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod support;
use support::copy_dir;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the strata binary runs")
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let out = strata(&all);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn rule_ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

/// A scratch directory under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn example_has_findings_and_exits_1() {
    let (code, report) = json(&["testdata/examples/terraform"]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "strata");
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(
        report["summary"]["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    for finding in findings {
        assert!(finding["start_line"].as_u64().unwrap() >= 1);
        assert!(
            finding["path"]
                .as_str()
                .unwrap()
                .starts_with("testdata/examples/terraform/")
        );
        assert_eq!(finding["fingerprint"].as_str().unwrap().len(), 16);
    }
    // Every discovered file is accounted for.
    let files = report["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["status"] == "scanned"), "{files:?}");
    assert_eq!(files.len(), 3);
}

#[test]
fn module_findings_carry_the_call_site() {
    let (_, report) = json(&["testdata/examples/terraform"]);
    let in_module = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().contains("modules/logs"))
        .expect("a finding inside the logs module");
    assert_eq!(in_module["resource"], "module.logs.aws_ebs_volume.scratch");
    assert_eq!(
        in_module["trace"][0]["path"],
        "testdata/examples/terraform/main.tf"
    );
}

#[test]
fn fail_on_raises_the_bar() {
    let (code, report) = json(&["testdata/examples/terraform", "--fail-on", "critical"]);
    let has_critical = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "critical");
    assert_eq!(code, if has_critical { 1 } else { 0 });
}

#[test]
fn select_and_ignore_filter_rules() {
    let (_, all) = json(&["testdata/examples/terraform"]);
    let ids = rule_ids(&all);
    let first = ids[0].clone();
    let (_, only) = json(&["testdata/examples/terraform", "--select", &first]);
    assert!(rule_ids(&only).iter().all(|id| *id == first));
    let (_, without) = json(&["testdata/examples/terraform", "--ignore", &first]);
    assert!(!rule_ids(&without).contains(&first));
    let out = strata(&["scan", "testdata/examples/terraform", "--select", "NOPE999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(strata(&["scan", "does/not/exist"]).status.code(), Some(2));
    assert_eq!(strata(&["scan", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(strata(&["explain", "NOPE999"]).status.code(), Some(2));
}

#[test]
fn a_bad_file_is_reported_and_the_rest_scanned() {
    let dir = scratch("bad-file");
    std::fs::write(
        dir.join("good.tf"),
        "resource \"aws_ebs_volume\" \"v\" {\n  size = 1\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bad.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n",
    )
    .unwrap();
    std::fs::write(dir.join("binary.tf"), b"\x00\x01\x02").unwrap();
    let (code, report) = json(&[dir.to_str().unwrap()]);
    let files = report["files"].as_array().unwrap();
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing from {files:?}"))
            .clone()
    };
    assert_eq!(status("good.tf")["status"], "scanned");
    assert_eq!(status("bad.tf")["status"], "error");
    assert!(
        status("bad.tf")["error"]
            .as_str()
            .unwrap()
            .starts_with("line ")
    );
    assert_eq!(status("binary.tf")["status"], "error");
    // The good file still produced its finding (unencrypted volume).
    assert!(!report["findings"].as_array().unwrap().is_empty());
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_nothing_is_skipped_not_an_error() {
    // terraform.tfvars linked to a file each user makes from an example:
    // until then Terraform passes over it, and so does the scan.
    let dir = scratch("dangling-link");
    std::fs::write(
        dir.join("main.tf"),
        "variable \"size\" {\n  default = 1\n}\n\nresource \"aws_ebs_volume\" \"v\" {\n  \
         availability_zone = \"eu-west-1a\"\n  size = var.size\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../shared/terraform.tfvars", dir.join("terraform.tfvars")).unwrap();
    let (code, report) = json(&[dir.to_str().unwrap()]);
    let files = report["files"].as_array().unwrap();
    let link = (files.iter())
        .find(|f| f["path"].as_str().unwrap().ends_with("terraform.tfvars"))
        .unwrap_or_else(|| panic!("the link is listed: {files:#?}"));
    assert_eq!(link["status"], "skipped", "{link}");
    assert_eq!(
        link["reason"],
        "symbolic link to `../shared/terraform.tfvars`, which does not exist"
    );
    assert_eq!(files.len(), 2, "listed once: {files:#?}");
    // The module is analysed: its unencrypted volume is found.
    assert!(rule_ids(&report).contains(&"AWS009".to_string()));
    assert_eq!(code, 1);
}

#[test]
fn a_charts_binary_data_file_is_not_an_error() {
    // A chart may ship archives for `.Files` (kube-prometheus-stack's
    // `crds.bz2`): they are not templates, the chart is scanned, the scan
    // does not fail as if a file could not be analysed.
    let dir = scratch("binary-chart-file");
    let chart = dir.join("chart");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/helm/basic"),
        &chart,
    );
    std::fs::create_dir_all(chart.join("files")).unwrap();
    std::fs::write(chart.join("files/crds.bz2"), b"BZh91AY&SY\x00\x01\xff\x00").unwrap();
    let (code, report) = json(&[chart.to_str().unwrap()]);
    let files = report["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["status"] == "scanned"), "{files:#?}");
    assert!(!report["findings"].as_array().unwrap().is_empty());
    assert_eq!(code, 1);
}

#[test]
fn errors_without_findings_exit_3() {
    let dir = scratch("only-bad");
    std::fs::write(dir.join("bad.tf"), "variable {\n").unwrap();
    let out = strata(&["scan", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn every_file_is_scanned_or_skipped_with_a_reason() {
    let dir = scratch("formats");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\nUSER app\n").unwrap();
    std::fs::write(
        dir.join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: x\n      image: alpine:3.20\n",
    )
    .unwrap();
    std::fs::write(dir.join("ci.yml"), "steps:\n  - run: make\n").unwrap();
    std::fs::create_dir_all(dir.join("chart")).unwrap();
    std::fs::write(
        dir.join("chart/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    let (_, report) = json(&[dir.to_str().unwrap()]);
    let files = report["files"].as_array().unwrap();
    let entry = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing from {files:?}"))
            .clone()
    };
    assert_eq!(files.len(), 4, "{files:?}");
    assert_eq!(entry("Dockerfile")["status"], "scanned");
    assert_eq!(entry("Dockerfile")["kind"], "dockerfile");
    assert_eq!(entry("pod.yaml")["status"], "scanned");
    assert_eq!(entry("pod.yaml")["kind"], "kubernetes");
    for skipped in ["ci.yml", "Chart.yaml"] {
        assert_eq!(entry(skipped)["status"], "skipped", "{skipped}");
        assert!(entry(skipped)["reason"].is_string(), "{skipped}");
    }
}

#[test]
fn gitignored_files_are_left_out_unless_asked() {
    let dir = scratch("ignored");
    std::fs::write(dir.join(".ignore"), "generated/\n").unwrap();
    std::fs::create_dir_all(dir.join("generated")).unwrap();
    std::fs::write(dir.join("generated/main.tf"), "variable \"x\" {}\n").unwrap();
    std::fs::write(dir.join("main.tf"), "variable \"y\" {}\n").unwrap();
    let (_, report) = json(&[dir.to_str().unwrap()]);
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    let (_, report) = json(&[dir.to_str().unwrap(), "--no-ignore-files"]);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
    let (_, report) = json(&[
        dir.to_str().unwrap(),
        "--no-ignore-files",
        "--exclude",
        "generated/**",
    ]);
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
}

#[test]
fn naming_one_file_analyses_its_module_but_reports_that_file() {
    // The bucket's versioning lives in main.tf; naming only main.tf must still
    // see the module's variables (variables.tf) and report only what passes
    // through main.tf: its own findings, and what its call of `./modules/logs`
    // causes there (tests/workflows.rs has the full story).
    let main = "testdata/examples/terraform/main.tf";
    let (_, report) = json(&[main]);
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let through_main = |f: &Value| {
        f["path"] == main || (f["trace"].as_array().unwrap().iter()).any(|s| s["path"] == main)
    };
    assert!(findings.iter().all(through_main));
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "testdata/examples/terraform/modules/logs/main.tf")
    );
}

#[test]
fn rules_and_explain_describe_the_catalog() {
    let out = strata(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 50, "only {} rules", rules.len());
    // Peers' comparisons read which findings a rule stands for.
    let admin = rules.iter().find(|r| r["id"] == "AWS049").unwrap();
    assert_eq!(admin["supersedes"], serde_json::json!(["AWS048", "AWS050"]));
    let id = rules[0]["id"].as_str().unwrap();
    let out = strata(&["explain", id]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("How to fix it"));
}

#[test]
fn invalid_user_rules_are_a_configuration_error_with_position() {
    let dir = scratch("user-rules");
    std::fs::write(
        dir.join("X001-bad.yaml"),
        "id: X001\nname: bad\ntitle: t\nseverity: extreme\n",
    )
    .unwrap();
    let out = strata(&[
        "scan",
        "testdata/examples/terraform",
        "--rules",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("X001-bad.yaml:"), "{stderr}");
}

#[test]
fn strata_toml_disables_rules_and_overrides_severity() {
    let dir = scratch("config");
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n}\n",
    )
    .unwrap();
    let (_, before) = json(&[dir.to_str().unwrap()]);
    let ids = rule_ids(&before);
    assert!(ids.contains(&"AWS009".to_string()), "{ids:?}");

    std::fs::write(
        dir.join("strata.toml"),
        "[rules]\nseverity = { AWS009 = \"low\" }\n",
    )
    .unwrap();
    let (code, after) = json(&[dir.to_str().unwrap(), "--fail-on", "medium"]);
    let volume = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "AWS009")
        .unwrap();
    assert_eq!(volume["severity"], "low");
    assert_eq!(code, 0);

    std::fs::write(dir.join("strata.toml"), "[rules]\ndisable = [\"AWS009\"]\n").unwrap();
    let (_, disabled) = json(&[dir.to_str().unwrap()]);
    assert!(!rule_ids(&disabled).contains(&"AWS009".to_string()));

    std::fs::write(
        dir.join("strata.toml"),
        "[rules]\nseverity = { NOPE1 = \"low\" }\n",
    )
    .unwrap();
    let out = strata(&["scan", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("strata.toml"));
}

#[test]
fn suppressions_keep_findings_marked_and_out_of_the_exit_code() {
    let dir = scratch("suppressions");
    std::fs::write(
        dir.join("main.tf"),
        r#"# strata:ignore AWS009 scratch volume, wiped nightly
resource "aws_ebs_volume" "scratch" {
  availability_zone = "a"
  size              = 1
}

resource "aws_ebs_volume" "cache" {
  availability_zone = "a"
  size              = 1
  encrypted         = false #checkov:skip=CKV_AWS_3:cache holds public data
}

resource "aws_ebs_volume" "data" {
  availability_zone = "a"
  size              = 1
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: ops\n  annotations:\n    checkov.io/skip1: CKV_K8S_16=node agent needs it\nspec:\n  containers:\n    - name: agent\n      image: ghcr.io/acme/agent:1.0.0\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    let (code, report) = json(&[dir.to_str().unwrap(), "--select", "AWS009,K8S001"]);
    let findings = report["findings"].as_array().unwrap();
    let by_resource = |name: &str| {
        findings
            .iter()
            .find(|f| f["resource"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("{name} missing: {findings:?}"))
            .clone()
    };
    assert_eq!(
        by_resource("scratch")["suppressed"]["reason"],
        "scratch volume, wiped nightly"
    );
    assert_eq!(by_resource("cache")["suppressed"]["kind"], "inSource");
    assert!(by_resource("data").get("suppressed").is_none());
    assert_eq!(
        by_resource("agent")["suppressed"]["reason"],
        "node agent needs it"
    );
    assert_eq!(report["summary"]["findings"], 1);
    assert_eq!(code, 1, "the unsuppressed volume still fails the build");

    // strata.toml silences the rest, for a path and with a reason.
    std::fs::write(
        dir.join("strata.toml"),
        "[[ignore]]\nrules = [\"AWS009\"]\npaths = [\"**/main.tf\"]\nreason = \"sandbox account\"\n",
    )
    .unwrap();
    let (code, report) = json(&[dir.to_str().unwrap(), "--select", "AWS009,K8S001"]);
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(code, 0);
    let external = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"].as_str().unwrap().contains("data"))
        .unwrap()
        .clone();
    assert_eq!(external["suppressed"]["kind"], "external");

    // An expired entry no longer applies.
    std::fs::write(
        dir.join("strata.toml"),
        "[[ignore]]\nrules = [\"AWS009\"]\npaths = [\"**/main.tf\"]\nreason = \"sandbox\"\nexpires = \"2020-01-01\"\n",
    )
    .unwrap();
    let (code, _) = json(&[dir.to_str().unwrap(), "--select", "AWS009,K8S001"]);
    assert_eq!(code, 1);
}

#[test]
fn a_baseline_lets_only_new_findings_fail() {
    let dir = scratch("baseline");
    let volume = |name: &str| {
        format!(
            "resource \"aws_ebs_volume\" \"{name}\" {{\n  availability_zone = \"a\"\n  size = 1\n}}\n"
        )
    };
    std::fs::write(dir.join("main.tf"), volume("old")).unwrap();
    let baseline = dir.join("baseline.json");
    let scan = |extra: &[&str]| {
        let mut args = vec![dir.to_str().unwrap(), "--select", "AWS009"];
        args.extend_from_slice(extra);
        json(&args)
    };

    let (code, _) = scan(&["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "recording a baseline accepts what is there");
    let (code, report) = scan(&["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"][0]["suppressed"]["kind"], "external");

    // Lines moving does not matter; a new resource does.
    let text = format!("# moved down\n\n{}{}", volume("old"), volume("new"));
    std::fs::write(dir.join("main.tf"), text).unwrap();
    let (code, report) = scan(&["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["findings"], 1);
    assert_eq!(report["summary"]["suppressed"], 1);

    std::fs::write(&baseline, "not json").unwrap();
    let out = strata(&[
        "scan",
        dir.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_manifests_are_scanned_and_other_json_is_left_alone() {
    let dir = scratch("json-manifests");
    std::fs::write(
        dir.join("pod.json"),
        r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
 "spec": {"containers": [{"name": "app", "image": "ghcr.io/acme/app:1.0.0",
   "securityContext": {"privileged": true}}]}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("package.json"),
        r#"{"name": "web", "version": "1.0.0"}"#,
    )
    .unwrap();
    let (_, report) = json(&[dir.to_str().unwrap(), "--select", "K8S001"]);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["status"], "scanned");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule_id"], "K8S001");
    assert_eq!(finding["start_line"], 3);
}

#[test]
fn target_picks_the_stage_judged_as_final() {
    let dir = scratch("docker-target");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM golang:1.23 AS build\nRUN go build ./...\n\nFROM gcr.io/distroless/static:nonroot AS release\nUSER nonroot\n",
    )
    .unwrap();
    let root_stage_lines = |extra: &[&str]| -> Vec<u64> {
        let mut args = vec![dir.to_str().unwrap(), "--select", "DKR004"];
        args.extend_from_slice(extra);
        let (_, report) = json(&args);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["start_line"].as_u64().unwrap())
            .collect()
    };
    // The release stage runs as nonroot: nothing to report.
    assert!(root_stage_lines(&[]).is_empty());
    // Building the build stage ships an image that runs as root.
    assert_eq!(root_stage_lines(&["--target", "build"]), [1]);
}
