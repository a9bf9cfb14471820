//! Kustomize overlays judged as they deploy: the fixtures under
//! `testdata/kustomize` (a base, two overlays, a component) carry their
//! expectations as `# expect: RULE (OVERLAY)` comments on the line that
//! must be reported, OVERLAY being the kustomization directory the finding
//! is rendered through. The scan must report exactly those.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const RULES: &str = "K8S001,K8S018,K8S025,K8S026,K8S051,K8S052,K8S054,K8S055,K8S059";
const ROOT: &str = "testdata/kustomize";

fn scan(path: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["scan", "--format", "json", "--select", RULES, path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the strata binary runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

/// (rule, path, line, overlay) of a finding: the overlay is the directory
/// of the first kustomization entry in its trace, or its own directory.
type Expected = (String, String, u64, String);

fn findings(report: &Value) -> BTreeSet<Expected> {
    let dir = |path: &str| {
        let parent = Path::new(path)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        parent
            .strip_prefix(&format!("{ROOT}/"))
            .unwrap_or(&parent)
            .to_string()
    };
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let via = f["trace"]
                .as_array()
                .and_then(|t| t.first())
                .and_then(|t| t["path"].as_str())
                .unwrap_or(path);
            (
                f["rule_id"].as_str().unwrap().to_string(),
                path.to_string(),
                f["start_line"].as_u64().unwrap(),
                dir(via),
            )
        })
        .collect()
}

/// Every `# expect:` comment under the fixture root.
fn expectations() -> BTreeSet<Expected> {
    let mut expected = BTreeSet::new();
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(ROOT)];
    let pattern = regex::Regex::new(r"(K8S\d+) \(([^)]+)\)").unwrap();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let shown = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                let Some((_, wanted)) = line.split_once("# expect: ") else {
                    continue;
                };
                for m in pattern.captures_iter(wanted) {
                    expected.insert((
                        m[1].to_string(),
                        shown.clone(),
                        i as u64 + 1,
                        m[2].to_string(),
                    ));
                }
            }
        }
    }
    expected
}

#[test]
fn overlays_are_judged_with_their_patches_on_the_lines_that_set_each_value() {
    let report = scan(ROOT);
    let expected = expectations();
    assert!(expected.len() >= 9, "{expected:?}");
    assert_eq!(findings(&report), expected);
}

#[test]
fn overlays_apply_their_namespace_and_name_prefix() {
    let report = scan(ROOT);
    let resources: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert!(
        resources.contains("Service/shop-prod/prod-shop"),
        "{resources:?}"
    );
    assert!(
        resources.contains("Deployment/shop-dev/shop/containers/web"),
        "{resources:?}"
    );
    // Each overlay's instance of a base object has its own fingerprint.
    let fingerprints: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        report["findings"].as_array().unwrap().len()
    );
}

#[test]
fn what_is_not_applied_is_a_warning_on_the_line_that_asks_for_it() {
    let report = scan(ROOT);
    let warnings: Vec<(String, u64, String)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "input-not-applied")
        .map(|w| {
            (
                w["path"].as_str().unwrap().to_string(),
                w["start_line"].as_u64().unwrap(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let dev = format!("{ROOT}/overlays/dev/kustomization.yaml");
    assert!(
        warnings
            .iter()
            .any(|(p, l, m)| *p == dev && *l == 6 && m.contains("remote resource")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|(p, _, m)| *p == dev && m.contains("`configMapGenerator` is not applied")),
        "{warnings:?}"
    );
}

#[test]
fn a_base_scanned_alone_is_judged_as_it_is() {
    let report = scan(&format!("{ROOT}/base"));
    let found: BTreeSet<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(f["trace"].as_array().is_none_or(|t| t.is_empty()), "{f}");
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
            )
        })
        .collect();
    // No overlay: the default namespace, the `latest` tag, no runAsNonRoot.
    for wanted in [("K8S054", 2), ("K8S025", 21), ("K8S018", 24), ("K8S051", 6)] {
        assert!(
            found.contains(&(wanted.0.to_string(), wanted.1)),
            "{wanted:?} in {found:?}"
        );
    }
    let files = report["files"].as_array().unwrap();
    assert!(
        files.iter().any(
            |f| f["path"] == "testdata/kustomize/base/kustomization.yaml"
                && f["status"] == "scanned"
        ),
        "{files:?}"
    );
}

#[test]
fn a_run_naming_only_a_patch_file_judges_the_overlay_it_changes() {
    let report = scan(&format!("{ROOT}/overlays/dev/debug.yaml"));
    let found: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "K8S001".to_string(),
            format!("{ROOT}/overlays/dev/debug.yaml"),
            11
        )]
    );
}

#[test]
fn a_finding_on_a_patched_object_names_the_patches_that_changed_it() {
    let report = scan("testdata/kustomize/overlays/dev");
    let trace = |rule: &str| -> Vec<(String, u64, String)> {
        let finding = (report["findings"].as_array().unwrap().iter())
            .find(|f| f["rule_id"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {report}"));
        (finding["trace"].as_array().unwrap().iter())
            .map(|t| {
                let path = t["path"].as_str().unwrap();
                (
                    path.strip_prefix(&format!("{ROOT}/"))
                        .unwrap_or(path)
                        .to_string(),
                    t["start_line"].as_u64().unwrap(),
                    t["note"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let via = |path: &str, line| {
        (
            path.to_string(),
            line,
            "rendered through this kustomization entry".to_string(),
        )
    };
    let patch = |path: &str, line| {
        (
            path.to_string(),
            line,
            "patched by this kustomization entry".to_string(),
        )
    };
    // The Service the inline JSON patch made a NodePort: the entries it
    // came through, the overlay's `namespace:` that moved it, then that
    // patch.
    assert_eq!(
        trace("K8S052"),
        [
            via("overlays/dev/kustomization.yaml", 5),
            via("base/kustomization.yaml", 5),
            (
                "overlays/dev/kustomization.yaml".to_string(),
                3,
                "namespace set by this kustomization".to_string()
            ),
            patch("overlays/dev/kustomization.yaml", 11),
        ]
    );
    // The Deployment: the component's patch and the overlay's file patch.
    let deployment = trace("K8S018");
    assert!(
        deployment.contains(&patch("components/tracing/kustomization.yaml", 4)),
        "{deployment:?}"
    );
    assert!(
        deployment.contains(&patch("overlays/dev/kustomization.yaml", 10)),
        "{deployment:?}"
    );
}

#[test]
fn shards_of_a_kustomize_tree_merge_into_the_single_run() {
    // A base and the overlays rendering it land in different shards: each
    // shard analyses the other shards' kustomizations as context, so a base
    // is never also reported alone, and merge links as one run does.
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the strata binary runs");
        String::from_utf8(out.stdout).unwrap()
    };
    let single = run(&["scan", ROOT, "--format", "json"]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kustomize-shards");
    std::fs::create_dir_all(&dir).unwrap();
    for count in [2, 3] {
        let files: Vec<String> = (1..=count)
            .map(|k| {
                let file = dir.join(format!("{k}-of-{count}.json"));
                let file = file.to_string_lossy().into_owned();
                let shard = format!("{k}/{count}");
                run(&[
                    "scan", ROOT, "--format", "json", "--shard", &shard, "-o", &file,
                ]);
                file
            })
            .collect();
        let mut args = vec!["merge"];
        args.extend(files.iter().map(String::as_str));
        assert_eq!(run(&args), single, "{count} shards");
    }
}
