//! `docs/rules/` is generated from `rules/`: one page per rule and an index.
//! This test fails when they drift; `STRATA_UPDATE_DOCS=1 cargo test --test
//! rule_docs` rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use strata::engine::Catalog;
use strata::report::docs;

#[test]
fn rule_reference_is_current() {
    let catalog = Catalog::builtin();
    let mut expected: BTreeMap<String, String> = catalog
        .rules()
        .iter()
        .map(|rule| (format!("{}.md", rule.id), docs::rule_page(rule)))
        .collect();
    expected.insert("README.md".into(), docs::index(catalog.rules()));

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    if std::env::var_os("STRATA_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let actual: BTreeMap<String, String> = std::fs::read_dir(&dir)
        .expect("docs/rules exists")
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    let stale: Vec<&String> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let changed: Vec<&String> = expected
        .iter()
        .filter(|(name, text)| actual.get(*name).is_some_and(|a| a != *text))
        .map(|(name, _)| name)
        .collect();
    assert!(
        stale.is_empty() && missing.is_empty() && changed.is_empty(),
        "docs/rules is out of date (stale {stale:?}, missing {missing:?}, changed {changed:?}); \
         run `STRATA_UPDATE_DOCS=1 cargo test --test rule_docs`"
    );
}

#[test]
fn every_page_links_from_the_index() {
    let catalog = Catalog::builtin();
    let index = docs::index(catalog.rules());
    for rule in catalog.rules() {
        assert!(
            index.contains(&format!("[{id}]({id}.md)", id = rule.id)),
            "{}",
            rule.id
        );
    }
    assert!(
        index.contains("| CKV_K8S_16 | [K8S001](K8S001.md)"),
        "{index}"
    );
}

/// The README and the docs link only to files that are in the repository.
#[test]
fn documentation_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md"), root.join("editors/README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for target in link.captures_iter(&text).map(|c| c[1].to_string()) {
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap();
            if !page.parent().unwrap().join(file).exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to missing files: {broken:#?}");
}
