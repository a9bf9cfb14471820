//! Suppressions end to end, through the binary: hadolint's file-wide
//! ignores, and `[[ignore]]` entries past their `expires` day.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::{strata_in, write};

/// `strata scan . --format json ARGS` in `dir`.
fn json_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    support::json_in(dir, &[&["."], args].concat())
}

fn scratch(name: &str) -> PathBuf {
    support::scratch("suppressions", name)
}

/// (rule, suppressed) per finding.
fn findings(report: &Value) -> Vec<(String, bool)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f.get("suppressed").is_some(),
            )
        })
        .collect()
}

/// (kind, line) per warning.
fn warnings(report: &Value) -> Vec<(String, u64)> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_string(),
                w["start_line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const APT: &str = "RUN apt-get update && apt-get install -y --no-install-recommends curl\n";

#[test]
fn hadolint_global_ignores_silence_the_mapped_rules_in_the_whole_file() {
    let root = scratch("global");
    // DL3008 is DKR014 (unpinned apt packages), DL3009 DKR015 (apt lists
    // kept): written at the top, they hold for every instruction below.
    write(
        &root.join("Dockerfile"),
        &format!("# hadolint global ignore=DL3008,DL3009\nFROM debian:12.5\n{APT}USER 10001\n"),
    );
    let select = ["--select", "DKR014,DKR015"];
    let (code, report) = json_in(&root, &select);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        findings(&report),
        [("DKR015".into(), true), ("DKR014".into(), true)],
        "{report}"
    );
    assert_eq!(warnings(&report), []);
    // Without it both are reported; the next-instruction form written at
    // the top covers only `FROM`.
    write(
        &root.join("Dockerfile"),
        &format!("# hadolint ignore=DL3008,DL3009\nFROM debian:12.5\n{APT}USER 10001\n"),
    );
    let (code, report) = json_in(&root, &select);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [("DKR015".into(), false), ("DKR014".into(), false)]
    );
    // A global ignore that silences nothing is warned about, like any
    // suppression comment, and fails a strict run.
    write(
        &root.join("Dockerfile"),
        "FROM debian:12.5\n# hadolint global ignore=DL3008\nRUN echo hello\nUSER 10001\n",
    );
    let (code, report) = json_in(&root, &select);
    assert_eq!(code, 0);
    assert_eq!(warnings(&report), [("unused-suppression".into(), 2)]);
    let message = report["warnings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("`hadolint global ignore=DL3008`"),
        "{message}"
    );
    let (code, _) = json_in(&root, &["--select", "DKR014", "--strict-suppressions"]);
    assert_eq!(code, 1);
}

const VOLUME: &str = "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"a\"\n  \
                      size = 1\n  encrypted = false\n}\n";

#[test]
fn an_expired_ignore_silences_nothing_and_warns_in_every_output() {
    let root = scratch("expired");
    write(&root.join("legacy/main.tf"), VOLUME);
    write(
        &root.join("strata.toml"),
        "[[ignore]]\nrules = [\"AWS009\"]\npaths = [\"legacy/**\"]\nreason = \"retired\"\n\
         expires = 2020-01-31\n",
    );
    let (code, report) = json_in(&root, &["--select", "AWS009"]);
    assert_eq!(code, 1, "the finding is back: {report}");
    assert_eq!(findings(&report), [("AWS009".into(), false)]);
    assert_eq!(warnings(&report), [("expired-ignore".into(), 5)]);
    assert_eq!(report["warnings"][0]["path"], "strata.toml");
    let message = report["warnings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("AWS009 in legacy/** expired on 2020-01-31"),
        "{message}"
    );
    let human = strata_in(&root, &["scan", ".", "--select", "AWS009"]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(
        stderr.contains("warning: strata.toml:5:11: the [[ignore]] of AWS009")
            && stderr.contains("[expired-ignore]"),
        "{stderr}"
    );
    let sarif = strata_in(
        &root,
        &["scan", ".", "--select", "AWS009", "--format", "sarif"],
    );
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    let (code, _) = json_in(
        &root,
        &[
            "--select",
            "AWS009",
            "--fail-on",
            "critical",
            "--strict-suppressions",
        ],
    );
    assert_eq!(code, 1, "an expired entry fails a strict run");
    // Still in force: silenced, no warning.
    write(
        &root.join("strata.toml"),
        "[[ignore]]\nrules = [\"AWS009\"]\npaths = [\"legacy/**\"]\nreason = \"retired\"\n\
         expires = 2999-01-31\n",
    );
    let (code, report) = json_in(&root, &["--select", "AWS009"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report), [("AWS009".into(), true)]);
    assert_eq!(warnings(&report), []);
}
