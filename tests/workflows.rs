//! Workflows around a scan, on a copy of a small platform repository
//! (testdata/workflows/platform, made a Git repository here): the
//! pre-commit hook agrees with a full scan, `--changed-since` analyses what
//! a pull request touches, and `--shard K/N` outputs merge into the output
//! of a single run.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FIXTURE: &str = "testdata/workflows/platform";

/// A fresh Git repository holding the fixture, committed on `main`.
fn repository(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE), &dir);
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "platform"]);
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Strata Tests",
            "-c",
            "user.email=tests@strata.invalid",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

mod support;
use support::{copy_dir, strata_in as strata};

/// `strata scan --format json ARGS…` in `dir`: exit code and report.
fn scan(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let out = strata(dir, &all);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().unwrap().clone()
}

fn passes_through(finding: &Value, file: &str) -> bool {
    finding["path"] == file
        || (finding["trace"].as_array().unwrap().iter()).any(|step| step["path"] == file)
}

/// What identifies a finding in a report: rule and place.
fn place(finding: &Value) -> (Value, Value, Value, Value) {
    let at = |key: &str| finding[key].clone();
    (
        at("rule_id"),
        at("path"),
        at("start_line"),
        at("start_column"),
    )
}

fn paths(report: &Value, list: &str) -> Vec<String> {
    (report[list].as_array().unwrap().iter())
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_hook_fails_when_only_a_modules_caller_changes() {
    let repo = repository("hook-caller");
    edit(
        &repo,
        "envs/staging/main.tf",
        "encrypt = true",
        "encrypt = false",
    );
    // pre-commit passes only the staged file; the finding lands in the
    // module, which is not staged.
    let (code, report) = scan(&repo, &["envs/staging/main.tf"]);
    assert_eq!(code, 1);
    let ebs: Vec<Value> = (findings(&report).into_iter())
        .filter(|f| f["rule_id"] == "AWS009")
        .collect();
    assert_eq!(ebs.len(), 1, "{ebs:#?}");
    assert_eq!(ebs[0]["path"], "modules/vol/main.tf");
    assert_eq!(ebs[0]["trace"][0]["path"], "envs/staging/main.tf");
    // The report lists the files the hook was given, not the callers'.
    assert_eq!(paths(&report, "files"), ["envs/staging/main.tf"]);
    // Another root's call is unchanged and does not fail on it.
    let (_, prod) = scan(&repo, &["envs/prod/main.tf"]);
    assert!(findings(&prod).iter().all(|f| f["rule_id"] != "AWS009"));
}

#[test]
fn the_hook_reports_what_a_full_scan_reports_through_each_file() {
    let repo = repository("hook-agrees");
    edit(
        &repo,
        "envs/staging/main.tf",
        "encrypt = true",
        "encrypt = false",
    );
    let (_, full) = scan(&repo, &["."]);
    let files = [
        "modules/vol/main.tf",      // a module: what its callers make of it
        "modules/vol/variables.tf", // a module file without resources
        "modules/bucket/main.tf",   // called directly and through another module
        "envs/staging/main.tf",
        "envs/staging/terraform.tfvars",
        "k8s/shop/cart.yaml",       // its namespace's finding sits on the chart
        "k8s/payments/ledger.yaml", // guarded by a policy in another file
        "charts/web/values.yaml",
        "services/api/Dockerfile",
    ];
    for file in files {
        let (hook_code, hook) = scan(&repo, &[file]);
        // A finding reached through several units is reported once; which
        // instance a report shows depends on the units it saw, so findings
        // compare by rule and place.
        let found: Vec<_> = findings(&full).iter().map(place).collect();
        let reported: Vec<_> = findings(&hook).iter().map(place).collect();
        for finding in findings(&full).iter().filter(|f| passes_through(f, file)) {
            assert!(reported.contains(&place(finding)), "{file}: {finding:#}");
        }
        for finding in findings(&hook) {
            assert!(found.contains(&place(&finding)), "{file}: {finding:#}");
            assert!(passes_through(&finding, file), "{file}: {finding:#}");
        }
        assert_eq!(hook_code, if reported.is_empty() { 0 } else { 1 }, "{file}");
    }
    let (_, module) = scan(&repo, &["modules/vol/main.tf"]);
    assert_eq!(findings(&module)[0]["rule_id"], "AWS009");
}

#[test]
fn changed_since_analyses_the_units_a_change_touches() {
    let repo = repository("changed-since");
    git(&repo, &["checkout", "-q", "-b", "feature"]);
    edit(
        &repo,
        "modules/vol/main.tf",
        "size              = var.size",
        "size = var.size\n  iops = 3000",
    );
    git(&repo, &["commit", "-q", "-am", "iops"]);
    let (_, report) = scan(&repo, &[".", "--changed-since", "main"]);
    // The module, and every root calling it; nothing else.
    assert_eq!(
        paths(&report, "files"),
        [
            "envs/dev/main.tf",
            "envs/prod/main.tf",
            "envs/staging/main.tf",
            "envs/staging/terraform.tfvars",
            "modules/vol/main.tf",
            "modules/vol/variables.tf",
        ]
    );
    // A caller's change, committed, and an untracked new manifest.
    edit(
        &repo,
        "envs/staging/main.tf",
        "encrypt = true",
        "encrypt = false",
    );
    git(&repo, &["commit", "-q", "-am", "scratch"]);
    std::fs::write(
        repo.join("k8s/shop/debug.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop\nspec:\n  hostPID: true\n  containers:\n    - name: sh\n      image: ghcr.io/acme/debug:1.0.0\n",
    )
    .unwrap();
    let (code, report) = scan(&repo, &[".", "--changed-since", "main"]);
    assert_eq!(code, 1);
    let files = paths(&report, "files");
    assert!(
        files.contains(&"k8s/shop/debug.yaml".to_string()),
        "{files:?}"
    );
    assert!(
        !files.contains(&"k8s/shop/cart.yaml".to_string()),
        "{files:?}"
    );
    let rules: Vec<&str> = (report["findings"].as_array().unwrap().iter())
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"AWS009") && rules.contains(&"K8S003"),
        "{rules:?}"
    );
    // The namespace's default-deny finding belongs to the chart, which the
    // change does not touch: as in a full scan, not on the new pod.
    assert!(!rules.contains(&"K8S055"), "{rules:?}");
    // What a full scan finds in the touched units' files is all reported,
    // and nothing a full scan does not find.
    let (_, full) = scan(&repo, &["."]);
    let reported: Vec<_> = findings(&report).iter().map(place).collect();
    let found: Vec<_> = findings(&full).iter().map(place).collect();
    assert!(reported.iter().all(|p| found.contains(p)));
    for finding in findings(&full) {
        if files.contains(&finding["path"].as_str().unwrap().to_string()) {
            assert!(reported.contains(&place(&finding)), "{finding:#}");
        }
    }

    let out = strata(&repo, &["scan", ".", "--changed-since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--changed-since no-such-rev"));
}

/// Runs the scan as `count` shards in `format`, each writing a file, and
/// returns the files.
fn shards(repo: &Path, format: &str, count: u32, extra: &[&str]) -> Vec<String> {
    (1..=count)
        .map(|k| {
            let file = format!("shard-{k}.{format}");
            let shard = format!("{k}/{count}");
            let mut args = vec!["scan", ".", "--format", format, "--shard", &shard];
            args.extend_from_slice(&["-o", &file]);
            args.extend_from_slice(extra);
            let out = strata(repo, &args);
            assert!(
                out.status.code().unwrap() <= 1,
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            file
        })
        .collect()
}

#[test]
fn shards_merge_into_the_output_of_a_single_run() {
    let repo = repository("shards");
    // A file that cannot be parsed: errors must merge too.
    std::fs::write(
        repo.join("envs/dev/broken.tf"),
        "resource \"aws_s3_bucket\" {\n",
    )
    .unwrap();
    // Suppression comments that warn, in units of different shards:
    // warnings must merge too.
    std::fs::write(
        repo.join("services/worker/Dockerfile"),
        "FROM alpine:3.20\n# hadolint ignore=DL3008\nRUN echo ready\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("k8s/shop/quiet.yaml"),
        "# strata:ignore NOPE999 no such rule\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n  namespace: shop\n",
    )
    .unwrap();
    for format in ["json", "sarif"] {
        let single = strata(&repo, &["scan", ".", "--format", format]);
        let files = shards(&repo, format, 3, &[]);
        let mut args = vec!["merge"];
        args.extend(files.iter().map(String::as_str));
        let merged = strata(&repo, &args);
        assert_eq!(
            String::from_utf8_lossy(&merged.stdout),
            String::from_utf8_lossy(&single.stdout),
            "{format}"
        );
        assert_eq!(merged.status.code(), single.status.code());
        assert!(
            merged.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&merged.stderr)
        );
    }
    // Each shard did a share of the work, and linking mattered: more than
    // one shard saw a namespace without a default-deny policy, or one
    // whose policy is in another shard.
    let files = shards(&repo, "json", 3, &[]);
    let reports: Vec<Value> = (files.iter())
        .map(|f| serde_json::from_str(&std::fs::read_to_string(repo.join(f)).unwrap()).unwrap())
        .collect();
    assert!(
        reports
            .iter()
            .all(|r| !r["files"].as_array().unwrap().is_empty())
    );
    let linked: usize = (reports.iter())
        .map(|r| {
            findings(r)
                .iter()
                .filter(|f| f["rule_id"] == "K8S055")
                .count()
        })
        .sum();
    assert!(linked > 1, "{linked} namespace findings over the shards");
    let warned = (reports.iter())
        .filter(|r| !r["warnings"].as_array().unwrap().is_empty())
        .count();
    assert!(warned > 1, "warnings came from {warned} shard(s)");
    assert_eq!(reports[0]["shard"]["count"], 3);
}

#[test]
fn merge_names_missing_shards_and_mismatched_inputs() {
    let repo = repository("merge-errors");
    let files = shards(&repo, "json", 3, &[]);
    let out = strata(&repo, &["merge", &files[0], &files[2]]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("shard 2/3 is missing"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif = shards(&repo, "sarif", 1, &[]);
    let out = strata(&repo, &["merge", &files[0], &sarif[0]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one format"));
}

/// Which shard lists each file.
fn assignment(repo: &Path, count: u32) -> std::collections::BTreeMap<String, u32> {
    let mut owner = std::collections::BTreeMap::new();
    for (k, file) in shards(repo, "json", count, &[]).iter().enumerate() {
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(repo.join(file)).unwrap()).unwrap();
        for path in paths(&report, "files") {
            assert!(
                owner.insert(path, k as u32 + 1).is_none(),
                "a file in two shards"
            );
        }
    }
    owner
}

#[test]
fn shard_assignment_is_stable_when_a_file_is_added() {
    let repo = repository("shard-stable");
    let before = assignment(&repo, 3);
    std::fs::create_dir_all(repo.join("services/mailer")).unwrap();
    std::fs::write(repo.join("services/mailer/Dockerfile"), "FROM scratch\n").unwrap();
    let after = assignment(&repo, 3);
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains_key("services/mailer/Dockerfile"));
    let moved: Vec<&String> = before.keys().filter(|p| before[*p] != after[*p]).collect();
    // At most one unit per cut moves (2 cuts for 3 shards); here none does.
    assert!(moved.len() <= 2, "{moved:?}");
    // The split does not depend on where the scan runs from.
    let from_below = strata(
        &repo.join("envs"),
        &["scan", "..", "--shard", "1/3", "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&from_below.stdout).unwrap();
    let first: Vec<String> = (paths(&report, "files").iter())
        .map(|p| p.trim_start_matches("../").to_string())
        .collect();
    let expected: Vec<&String> = after.keys().filter(|p| after[*p] == 1).collect();
    assert_eq!(first.iter().collect::<Vec<_>>(), expected);
}

/// A Service in one shard publishes a workload in another: the merged
/// report ranks it as exposed, as a single run does.
#[test]
fn exposure_found_across_shards_survives_the_merge() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exposure-shards");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/examples/exposure"),
        &dir,
    );
    git(&dir, &["init", "-q", "-b", "main"]);
    let single = strata(&dir, &["scan", ".", "--format", "json"]);
    let exposed = String::from_utf8_lossy(&single.stdout)
        .matches("\"exposure\"")
        .count();
    assert!(exposed > 0, "the example has exposed findings");
    for count in 2..=4 {
        let files = shards(&dir, "json", count, &[]);
        let mut args = vec!["merge"];
        args.extend(files.iter().map(String::as_str));
        let merged = strata(&dir, &args);
        assert_eq!(
            String::from_utf8_lossy(&merged.stdout),
            String::from_utf8_lossy(&single.stdout),
            "{count} shards"
        );
    }
}

#[test]
fn the_hook_warns_about_the_files_it_was_given_not_their_callers() {
    let repo = repository("hook-warnings");
    // A suppression in another root that silences nothing: the full scan
    // warns about it, a hook given a file it calls does not.
    edit(
        &repo,
        "envs/prod/main.tf",
        "module ",
        "# strata:ignore AWS001 nothing here is a bucket\nmodule ",
    );
    let unused = |report: &Value| {
        (report["warnings"].as_array().unwrap().iter())
            .filter(|w| w["kind"] == "unused-suppression")
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let (_, full) = scan(&repo, &["."]);
    assert_eq!(unused(&full), ["envs/prod/main.tf"]);
    let (_, hook) = scan(&repo, &["modules/vol/main.tf"]);
    assert!(unused(&hook).is_empty(), "{:#}", hook["warnings"]);
    let (_, own) = scan(&repo, &["envs/prod/main.tf"]);
    assert_eq!(unused(&own), ["envs/prod/main.tf"]);
}
