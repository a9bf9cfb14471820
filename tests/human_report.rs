//! The human report of a real scan, end to end: "Fix first" ranked by
//! severity and by exposure found in the graph, the long tail folded into
//! counts, `--compact`, wrapping to the terminal width.

use std::process::Command;

use serde_json::Value;

const EXAMPLE: &str = "testdata/examples/exposure";

fn strata(args: &[&str], columns: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns)
        .output()
        .expect("the strata binary runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    (out.status.code().unwrap(), text)
}

/// `(rule, file name, line) → exposure note` for every finding.
fn exposures() -> Vec<(String, String, u64, Option<String>)> {
    let (_, text) = strata(&["scan", EXAMPLE, "--format", "json"], "80");
    let report: Value = serde_json::from_str(&text).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["path"].as_str().unwrap().rsplit('/').next().unwrap();
            let note = f["exposure"]["note"].as_str().map(str::to_string);
            (
                f["rule_id"].as_str().unwrap().to_string(),
                file.to_string(),
                f["start_line"].as_u64().unwrap(),
                note,
            )
        })
        .collect()
}

fn exposure_of(rule: &str, file: &str, line: u64) -> Option<String> {
    let all = exposures();
    let found = all
        .iter()
        .find(|(r, f, l, _)| r == rule && f == file && *l == line);
    found
        .unwrap_or_else(|| panic!("no {rule} at {file}:{line} in {all:?}"))
        .3
        .clone()
}

#[test]
fn exposure_comes_from_the_graph_and_other_files() {
    // A Service of type LoadBalancer in another file publishes `web`, not `worker`.
    let web = exposure_of("K8S001", "web.yaml", 20).expect("web is exposed");
    assert!(web.contains("Service `web` of type LoadBalancer"), "{web}");
    assert_eq!(exposure_of("K8S001", "worker.yaml", 19), None);
    // An Ingress routes to a ClusterIP Service that selects `api`.
    let api = exposure_of("K8S003", "api.yaml", 16).expect("api is exposed");
    assert!(
        api.contains("Ingress `shop` routes to Service `api`"),
        "{api}"
    );
    // The same database problem, public and private.
    let public = exposure_of("AWS014", "main.tf", 7).expect("public database");
    assert!(public.contains("publicly_accessible = true"), "{public}");
    assert_eq!(exposure_of("AWS014", "main.tf", 15), None);
    // A finding about the public flag itself is not ranked up by it.
    assert_eq!(exposure_of("AWS016", "main.tf", 6), None);
    // An instance behind an open security group, and one behind none.
    let web_vm = exposure_of("AWS013", "main.tf", 34).expect("web instance");
    assert!(
        web_vm.contains("`aws_security_group.web` admits the whole internet"),
        "{web_vm}"
    );
    assert_eq!(exposure_of("AWS013", "main.tf", 42), None);
}

#[test]
fn human_report_ranks_by_exposure() {
    let (code, text) = strata(&["scan", EXAMPLE], "80");
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}

#[test]
fn compact_report_is_one_line_per_finding_and_wraps_to_the_terminal() {
    let (_, text) = strata(&["scan", EXAMPLE, "--compact"], "100");
    assert!(!text.contains(" | "), "no code frames:\n{text}");
    assert!(
        text.lines().any(
            |l| l.starts_with("testdata/examples/exposure/k8s/web.yaml:20:13 CRITICAL K8S001 ")
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|line| line.chars().count() <= 100 || !line.contains(' ')),
        "{text}"
    );
    let (_, narrow) = strata(&["scan", EXAMPLE, "--compact"], "72");
    assert!(
        narrow
            .lines()
            .all(|line| line.chars().count() <= 72 || !line.trim().contains(' ')),
        "{narrow}"
    );
    assert!(narrow.lines().count() > text.lines().count());
}

#[test]
fn resources_no_rule_covers_are_counted() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-covered");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let azapi: String = (0..4)
        .map(|i| format!("resource \"azapi_resource\" \"r{i}\" {{\n  type = \"Microsoft.Storage/storageAccounts@2023-01-01\"\n  name = \"acct{i}\"\n}}\n"))
        .collect();
    std::fs::write(dir.join("main.tf"), azapi).unwrap();
    let path = dir.to_str().unwrap();
    let (code, text) = strata(&["scan", path], "80");
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("No rule applies to 4 of 4 resources: azapi_resource (4)."),
        "{text}"
    );
    let (_, json) = strata(&["scan", path, "--format", "json"], "80");
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["summary"]["not_covered"]["azapi_resource"], 4);
}
