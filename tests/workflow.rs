//! Workflows around a scan, run through the binary as CI and users run it:
//! paths that mean the same from anywhere (baselines, `[[ignore]]`,
//! `--exclude`), several outputs in one run, report-only mode, JUnit's
//! shape, suppressions people can trust, and the small things (closed
//! pipes, completions, colour, `--target`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const UNENCRYPTED_VOLUME: &str = "resource \"aws_ebs_volume\" \"data\" {\n  \
    availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = false\n}\n";

mod support;
use support::{json_in, strata_in, write};

/// A scratch directory outside any Git work tree, emptied first.
fn outside_git(name: &str) -> PathBuf {
    support::scratch("workflow", name)
}

fn active(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .collect()
}

fn warnings(report: &Value) -> Vec<(String, String)> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_baseline_written_in_a_directory_matches_from_its_parent_and_after_a_move() {
    let root = outside_git("baseline");
    let infra = root.join("infra");
    write(&infra.join("main.tf"), UNENCRYPTED_VOLUME);
    let out = strata_in(&infra, &["scan", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("wrote baseline baseline.json: recorded 1 findings"),
        "{said}"
    );
    let out = strata_in(
        &root,
        &["scan", "infra", "--baseline", "infra/baseline.json"],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("1 of 1 recorded findings matched; 0 new"),
        "{said}"
    );
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("1 matched the baseline"), "{human}");

    let (code, report) = json_in(&root, &["infra", "--baseline", "infra/baseline.json"]);
    assert_eq!(code, 0, "{report}");
    assert!(!report["findings"].as_array().unwrap().is_empty());
    assert!(active(&report).is_empty(), "{report}");

    // The same resource in another file of the module keeps its fingerprint.
    std::fs::remove_file(infra.join("main.tf")).unwrap();
    write(&infra.join("volumes.tf"), UNENCRYPTED_VOLUME);
    let (code, report) = json_in(&root, &["infra", "--baseline", "infra/baseline.json"]);
    assert_eq!(code, 0, "{report}");
    assert!(active(&report).is_empty(), "{report}");
    // Without the baseline it is a finding again: the test can fail.
    let (code, _) = json_in(&root, &["infra"]);
    assert_eq!(code, 1);
}

#[test]
fn ignore_paths_are_relative_to_their_strata_toml_from_any_directory() {
    let root = outside_git("ignore");
    write(
        &root.join("strata.toml"),
        "[[ignore]]\npaths = [\"legacy/**\"]\nreason = \"retired\"\n\n\
         [[ignore]]\npaths = [\"fixtures\"]\nreason = \"test data\"\n",
    );
    write(&root.join("legacy/old/main.tf"), UNENCRYPTED_VOLUME);
    write(&root.join("app/fixtures/main.tf"), UNENCRYPTED_VOLUME);
    write(&root.join("app/main.tf"), UNENCRYPTED_VOLUME);
    for (cwd, target) in [
        (root.clone(), "."),
        (root.join("legacy/old"), "."),
        (root.join("app"), "."),
        (root.parent().unwrap().to_path_buf(), root.to_str().unwrap()),
    ] {
        let (_, report) = json_in(&cwd, &[target]);
        let paths: Vec<&str> = active(&report)
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert!(
            paths
                .iter()
                .all(|p| !p.contains("legacy") && !p.contains("fixtures")),
            "from {}: {paths:?}",
            cwd.display()
        );
        let expect_app = target != "." || cwd == root || cwd == root.join("app");
        assert_eq!(
            paths.iter().any(|p| p.ends_with("main.tf")),
            expect_app,
            "from {}: {paths:?}",
            cwd.display()
        );
    }
}

#[test]
fn exclude_takes_a_bare_directory_name_anywhere_or_a_rooted_pattern() {
    let root = outside_git("exclude");
    write(&root.join("main.tf"), UNENCRYPTED_VOLUME);
    write(&root.join("examples/a/main.tf"), UNENCRYPTED_VOLUME);
    write(
        &root.join("modules/vol/examples/main.tf"),
        UNENCRYPTED_VOLUME,
    );
    let files = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["."];
        all.extend_from_slice(args);
        let (_, report) = json_in(&root, &all);
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(files(&[]).len(), 3);
    assert_eq!(files(&["--exclude", "examples"]), ["main.tf"]);
    let rooted = files(&["--exclude", "examples/**"]);
    assert_eq!(rooted, ["main.tf", "modules/vol/examples/main.tf"]);
    // The same from strata.toml, relative to it, scanned from below.
    write(
        &root.join("strata.toml"),
        "[files]\nexclude = [\"examples\"]\n",
    );
    let (_, report) = json_in(&root.join("modules"), &["."]);
    assert!(report["files"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn several_outputs_in_one_run_and_report_only_mode() {
    let root = outside_git("outputs");
    write(&root.join("main.tf"), UNENCRYPTED_VOLUME);
    let out = strata_in(
        &root,
        &[
            "scan",
            ".",
            "--format",
            "human",
            "--output",
            "sarif=x.sarif",
            "--output",
            "junit=x.xml",
            "-o",
            "json=x.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("AWS009"), "{log}");
    assert!(
        !log.trim_start().starts_with('{'),
        "stdout is the human report"
    );
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(root.join("x.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let json: Value = serde_json::from_slice(&std::fs::read(root.join("x.json")).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    assert!(
        std::fs::read_to_string(root.join("x.xml"))
            .unwrap()
            .contains("<testsuites")
    );

    // A bare FILE takes the --format report; stdout stays empty.
    let out = strata_in(&root, &["scan", ".", "--format", "json", "-o", "r.json"]);
    assert!(out.stdout.is_empty());
    assert!(root.join("r.json").is_file());
    let out = strata_in(&root, &["scan", ".", "-o", "a", "-o", "b"]);
    assert_eq!(out.status.code(), Some(2));

    // Report only: findings exit 0, a broken file still 3, usage errors 2.
    let (code, report) = json_in(&root, &["--exit-zero"]);
    assert_eq!((code, active(&report).len()), (0, 1));
    let (code, _) = json_in(&root, &["--fail-on", "none"]);
    assert_eq!(code, 0);
    write(&root.join("broken.tf"), "resource \"x\" {\n");
    let (code, _) = json_in(&root, &["--exit-zero"]);
    assert_eq!(code, 3);
    let out = strata_in(&root, &["scan", ".", "--exit-zero", "--fail-on", "high"]);
    assert_eq!(out.status.code(), Some(2));
    let out = strata_in(&root, &["scan", ".", "--fail-on", "severe"]);
    let help = String::from_utf8_lossy(&out.stderr);
    assert!(help.contains("critical, high, medium, low, none"), "{help}");
}

#[test]
fn junit_has_one_test_case_per_finding_in_the_jenkins_shape() {
    let root = outside_git("junit");
    write(
        &root.join("main.tf"),
        &format!(
            "{UNENCRYPTED_VOLUME}\n# strata:ignore AWS009 scratch disk\n{}",
            UNENCRYPTED_VOLUME.replace("\"data\"", "\"scratch\"")
        ),
    );
    write(&root.join("clean.tf"), "variable \"x\" {}\n");
    write(&root.join("broken.tf"), "resource \"x\" {\n");
    let out = strata_in(&root, &["scan", ".", "--format", "junit"]);
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let suite_list: Vec<_> = suites.children().filter(|n| n.is_element()).collect();
    assert_eq!(suite_list.len(), 1);
    let suite = suite_list[0];
    assert_eq!(suite.tag_name().name(), "testsuite");
    let count = |node: roxmltree::Node, attribute: &str| -> usize {
        node.attribute(attribute).unwrap().parse().unwrap()
    };
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    // Jenkins/Ant schema: name is required; tests/failures/errors/skipped
    // count the cases; a case holds at most one of skipped/error/failure.
    let with = |child: &str| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(child)))
            .count()
    };
    assert_eq!(count(suite, "tests"), cases.len());
    assert_eq!(count(suite, "failures"), with("failure"));
    assert_eq!(count(suite, "errors"), with("error"));
    assert_eq!(count(suite, "skipped"), with("skipped"));
    for attribute in ["tests", "failures", "errors", "skipped"] {
        assert_eq!(count(suites, attribute), count(suite, attribute));
    }
    for case in &cases {
        assert!(case.attribute("name").is_some_and(|n| !n.is_empty()));
        assert!(case.attribute("classname").is_some());
        assert!(case.attribute("file").is_some());
        let outcomes = case
            .children()
            .filter(|n| {
                ["skipped", "error", "failure"]
                    .iter()
                    .any(|t| n.has_tag_name(*t))
            })
            .count();
        assert!(outcomes <= 1, "{case:?}");
    }
    // One case per finding (rule + resource), at its file and line.
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].attribute("name"),
        Some("AWS009 aws_ebs_volume.data")
    );
    assert_eq!(failed[0].attribute("file"), Some("main.tf"));
    assert_eq!(failed[0].attribute("line"), Some("4"));
    let suppressed = cases
        .iter()
        .find(|c| c.attribute("name") == Some("AWS009 aws_ebs_volume.scratch"))
        .unwrap();
    assert!(suppressed.children().any(|n| n.has_tag_name("skipped")));
    assert!(
        cases
            .iter()
            .any(|c| c.attribute("name") == Some("clean.tf"))
    );
    assert_eq!(with("error"), 1);
    // system-err, when present, comes after the cases.
    let last = suite.children().rfind(|n| n.is_element()).unwrap();
    assert!(last.has_tag_name("testcase") || last.has_tag_name("system-err"));
}

#[test]
fn suppressions_that_name_no_rule_give_no_reason_or_silence_nothing_are_warned() {
    let root = outside_git("suppress");
    write(
        &root.join("main.tf"),
        "# strata:ignore AWS009 scratch disk, wiped nightly\n\
         resource \"aws_ebs_volume\" \"used\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n\n\
         # strata:ignore AWS009 nothing to silence here\n\
         resource \"aws_ebs_volume\" \"fine\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = true\n}\n\n\
         # strata:ignore NOPE123 a typo\n\
         # strata:ignore AWS009\n\
         resource \"aws_ebs_volume\" \"typo\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n\n\
         resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  user_data = <<EOF\n\
         # strata:ignore AWS009 this is shell text, not a comment\nEOF\n}\n",
    );
    let (code, report) = json_in(&root, &["--select", "AWS009"]);
    assert_eq!(code, 0, "{report}");
    let found = warnings(&report);
    let kinds: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "unused-suppression",
            "unknown-rule-in-suppression",
            "suppression-without-reason"
        ],
        "{found:?}"
    );
    assert!(found[1].1.contains("NOPE123"));
    let lines: Vec<u64> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["start_line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [8, 15, 16]);
    let (code, _) = json_in(&root, &["--select", "AWS009", "--strict-suppressions"]);
    assert_eq!(code, 1);
    // The same warnings in every output.
    let sarif = strata_in(
        &root,
        &["scan", ".", "--select", "AWS009", "--format", "sarif"],
    );
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.iter().filter(|n| n["level"] == "warning").count(), 3);
    let github = strata_in(
        &root,
        &["scan", ".", "--select", "AWS009", "--format", "github"],
    );
    let github = String::from_utf8_lossy(&github.stdout);
    assert_eq!(
        github.matches("::warning file=main.tf,line=").count(),
        3,
        "{github}"
    );
    let human = strata_in(&root, &["scan", ".", "--select", "AWS009"]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(
        stderr.contains("warning: main.tf:8:3: `strata:ignore AWS009` silenced no finding"),
        "{stderr}"
    );
    // A rule that did not run cannot leave its comments unused.
    let (_, report) = json_in(&root, &["--select", "AWS001"]);
    assert!(
        warnings(&report)
            .iter()
            .all(|(k, _)| k != "unused-suppression")
    );
}

#[test]
fn checkov_skips_inside_the_block_bridgecrew_and_tfsec_ids_are_honoured() {
    let root = outside_git("peers");
    write(
        &root.join("main.tf"),
        "resource \"aws_ebs_volume\" \"a\" {\n  availability_zone = \"a\"\n  \
         #checkov:skip=CKV_AWS_3:cache of public data\n  size = 1\n  encrypted = false\n}\n\n\
         #tfsec:ignore:aws-ebs-enable-volume-encryption\n\
         resource \"aws_ebs_volume\" \"b\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n\n\
         resource \"aws_ebs_volume\" \"c\" {\n  availability_zone = \"a\"\n  size = 1\n  \
         tags = { note = \"#checkov:skip=CKV_AWS_3:in a string\" }\n  encrypted = false\n}\n",
    );
    let (_, report) = json_in(&root, &["--select", "AWS009"]);
    let standing: Vec<&str> = active(&report)
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(standing, ["aws_ebs_volume.c"], "{report}");
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    for args in [
        &["rules", "--format", "json"][..],
        &["scan", "testdata", "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 16];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut head)
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(status.code().is_some(), "{args:?}: killed by a signal");
    }
}

#[test]
fn small_things_completions_man_colour_target_and_empty_scans() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = strata_in(here, &["completions", "bash"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("strata"));
    let out = strata_in(here, &["man"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(".ie"));

    let root = outside_git("small");
    write(&root.join("main.tf"), UNENCRYPTED_VOLUME);
    let human = |envs: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
        command.args(["scan", "."]).current_dir(&root);
        for name in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
            command.env_remove(name);
        }
        command.envs(envs.iter().copied());
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    assert!(!human(&[]).contains('\u{1b}'));
    assert!(human(&[("FORCE_COLOR", "1")]).contains('\u{1b}'));
    assert!(human(&[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!human(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));

    write(
        &root.join("Dockerfile"),
        "FROM alpine:3.20 AS build\nFROM scratch AS final\n",
    );
    let out = strata_in(&root, &["scan", ".", "--target", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("build, final"));
    let (code, _) = json_in(&root, &["--target", "build", "--exit-zero"]);
    assert_eq!(code, 0);

    let empty = outside_git("empty");
    let (code, report) = json_in(&empty, &["."]);
    assert_eq!(code, 0);
    assert_eq!(warnings(&report)[0].0, "empty-scan");
    let (code, _) = json_in(&empty, &[".", "--fail-on-empty"]);
    assert_eq!(code, 2);
}

#[test]
fn sarif_names_its_category_and_links_rule_docs_when_configured() {
    let root = outside_git("sarif");
    write(&root.join("main.tf"), UNENCRYPTED_VOLUME);
    let sarif = |args: &[&str]| -> Value {
        let mut all = vec!["scan", ".", "--format", "sarif"];
        all.extend_from_slice(args);
        serde_json::from_slice(&strata_in(&root, &all).stdout).unwrap()
    };
    let log = sarif(&[]);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "strata/");
    assert!(
        log["runs"][0]["tool"]["driver"]["rules"][0]
            .get("helpUri")
            .is_none()
    );
    write(
        &root.join("strata.toml"),
        "[report]\ndocs_url = \"https://example.org/strata/docs/rules/\"\nsarif_category = \"iac\"\n",
    );
    let log = sarif(&[]);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "iac/");
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    let id = rule["id"].as_str().unwrap();
    assert_eq!(
        rule["helpUri"],
        format!("https://example.org/strata/docs/rules/{id}.md")
    );
    let log = sarif(&["--sarif-category", "iac/prod"]);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "iac/prod");
}

#[test]
fn a_file_outside_any_project_is_scanned_alone() {
    // No repository and no strata.toml: the file's directory is not a
    // project whose other files could call it, so its neighbours are not
    // analysed, and their problems are not reported with it.
    let root = outside_git("lone-file");
    write(
        &root.join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    \
         - name: app\n      image: nginx:1.27\n      securityContext:\n        \
         privileged: true\n",
    );
    write(
        &root.join("elsewhere/kustomization.yaml"),
        "resources:\n  - https://example.com/remote//base?ref=v1\n",
    );
    let (code, report) = json_in(&root, &["pod.yaml", "--select", "K8S001"]);
    assert_eq!(code, 1);
    assert_eq!(active(&report).len(), 1);
    assert!(warnings(&report).is_empty(), "{:#}", report["warnings"]);
    let (_, whole) = json_in(&root, &[".", "--select", "K8S001"]);
    assert_eq!(warnings(&whole).len(), 1, "{:#}", whole["warnings"]);
}
