//! The built-in catalog: every rule loads, is complete, is where its id
//! says, cites peers with well-formed ids, and has a fixture folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use regex::Regex;
use strata::engine::Catalog;
use strata::engine::rule::Layer;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn layer_dir(layer: Layer) -> &'static str {
    match layer {
        Layer::Cloud => "cloud",
        Layer::Cluster => "cluster",
        Layer::Container => "container",
        Layer::Code => "code",
    }
}

/// Fails with every problem at once, so one run lists all the work.
fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn builtin_rules_load_without_errors() {
    let errors: Vec<String> = Catalog::builtin_errors()
        .iter()
        .map(ToString::to_string)
        .collect();
    report(errors);
    let catalog = Catalog::builtin();
    assert_eq!(catalog.len(), Catalog::builtin_files().len());
}

#[test]
fn ids_are_unique_and_match_file_names() {
    let catalog = Catalog::builtin();
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    for rule in catalog.rules() {
        if !ids.insert(rule.id.clone()) {
            problems.push(format!("{}: duplicate id {}", rule.origin, rule.id));
        }
        if !names.insert(rule.name.clone()) {
            problems.push(format!("{}: duplicate name {}", rule.origin, rule.name));
        }
        let expected = format!(
            "rules/{}/{}-{}.yaml",
            layer_dir(rule.layer),
            rule.id,
            rule.name
        );
        if rule.origin != expected {
            problems.push(format!("{}: expected the path {expected}", rule.origin));
        }
    }
    let mut sorted: Vec<&str> = catalog.rules().iter().map(|r| r.id.as_str()).collect();
    sorted.sort_unstable();
    let listed: Vec<&str> = catalog.rules().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(listed, sorted, "rules() is sorted by id");
    report(problems);
}

#[test]
fn rules_are_documented_and_cite_peers() {
    let peer_ids: &[(&str, &str)] = &[
        ("checkov", r"^CKV2?_[A-Z0-9]+_\d+$"),
        ("trivy", r"^AVD-[A-Z0-9]+-\d{4}$"),
        // tfsec's long ids, which `tfsec:ignore:` comments name.
        ("tfsec", r"^[a-z0-9]+(-[a-z0-9]+)+$"),
        // Checkov's older (Bridgecrew platform) ids: `bridgecrew:skip=`.
        ("bridgecrew", r"^BC_[A-Z0-9]+(_[A-Z0-9]+)*_\d+$"),
        (
            "kics",
            r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        ),
        ("kube-linter", r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        ("hadolint", r"^(DL|SC)\d{4}$"),
        ("kubeaudit", r"^[A-Z][A-Za-z]+$"),
        // For checks no peer tool has, the weakness they guard against.
        ("cwe", r"^CWE-\d+$"),
    ];
    let peer_ids: Vec<(&str, Regex)> = peer_ids
        .iter()
        .map(|(peer, re)| (*peer, Regex::new(re).expect("test regex")))
        .collect();
    let mut problems = Vec::new();
    for rule in Catalog::builtin().rules() {
        let at = &rule.origin;
        for (field, text) in [
            ("title", &*rule.title),
            ("description", rule.description.as_str()),
            ("recipe", &*rule.recipe),
            ("message", rule.message.as_str()),
        ] {
            if text.trim().is_empty() {
                problems.push(format!("{at}: empty {field}"));
            }
        }
        if rule.snippets.is_empty() {
            problems.push(format!("{at}: no snippet"));
        }
        let mut cited = false;
        for (peer, ids) in rule.references.iter() {
            let Some((_, pattern)) = peer_ids.iter().find(|(p, _)| p == peer) else {
                continue;
            };
            cited |= !ids.is_empty();
            for id in ids {
                if !pattern.is_match(id) {
                    problems.push(format!("{at}: malformed {peer} id `{id}`"));
                }
            }
        }
        if !cited {
            problems.push(format!(
                "{at}: no reference (a peer tool's id, or a CWE when no peer has the check)"
            ));
        }
    }
    report(problems);
}

/// Every file under `dir`, recursively.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_rule_has_a_fixture_folder_with_fail_and_pass_cases() {
    let marker =
        Regex::new(r"(?:#|//)\s*expect(?:-next-line)?:\s*([A-Za-z0-9_, ]+)").expect("test regex");
    let mut problems = Vec::new();
    for rule in Catalog::builtin().rules() {
        let folder = format!("testdata/rules/{}-{}", rule.id, rule.name);
        let dir = root().join(&folder);
        if !dir.is_dir() {
            problems.push(format!("{}: missing fixture folder {folder}/", rule.id));
            continue;
        }
        let mut all = Vec::new();
        files(&dir, &mut all);
        let (mut marked, mut unmarked) = (0, 0);
        for file in &all {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let expects_rule = marker
                .captures_iter(&text)
                .any(|c| c[1].split(',').any(|id| id.trim() == rule.id));
            if expects_rule {
                marked += 1;
            } else {
                unmarked += 1;
            }
        }
        if marked == 0 {
            problems.push(format!("{folder}: no file with `# expect: {}`", rule.id));
        }
        if unmarked == 0 {
            problems.push(format!("{folder}: no file where {} must not fire", rule.id));
        }
    }
    report(problems);
}

#[test]
fn user_rules_cannot_reuse_builtin_ids() {
    let mut catalog = Catalog::builtin();
    let Some(first) = catalog.rules().first().cloned() else {
        return;
    };
    let text = Catalog::builtin_files()
        .iter()
        .find(|(path, _)| *path == first.origin)
        .map(|(_, text)| text.to_string())
        .unwrap_or_default();
    let errors = catalog
        .add_rules(vec![(format!("mine/{}-copy.yaml", first.id), text)])
        .unwrap_err();
    assert!(
        errors[0].message.starts_with("duplicate rule id"),
        "{errors:?}"
    );
}
