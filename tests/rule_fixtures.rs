//! Runs every rule fixture under `testdata/rules/<ID>-<name>/`.
//!
//! Each folder is discovered and analysed like a scanned directory with only
//! its rule enabled, and the rule must fire on exactly the lines marked
//! `# expect: <ID>` (or, on a line of its own, `# expect-next-line: <ID>`
//! for the line below) — no more, no fewer. There is no per-rule test code: adding a folder adds a test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use strata::analysis::{self, AnalysisOptions};
use strata::config::Config;
use strata::discover::{self, WalkOptions};
use strata::engine::Catalog;
use strata::model::image::ImagePolicy;
use strata::source::DiskLoader;

/// (file path relative to the fixture folder, 1-based line)
type Marks = BTreeSet<(String, u32)>;

#[test]
fn every_rule_fires_exactly_where_its_fixtures_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in subdirectories(&root) {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let id = name.split('-').next().unwrap().to_string();
        let Some(rule) = catalog.get(&id) else {
            failures.push(format!("{name}: no rule with id {id} in the catalog"));
            continue;
        };
        let expected = expectations(&dir, &id);
        let actual = run_rule(&dir, rule.clone());
        checked += 1;
        for missing in expected.difference(&actual) {
            failures.push(format!(
                "{name}: expected {id} at {}:{}, not reported",
                missing.0, missing.1
            ));
        }
        for extra in actual.difference(&expected) {
            failures.push(format!(
                "{name}: {id} reported at {}:{}, not expected",
                extra.0, extra.1
            ));
        }
    }
    assert!(
        checked > 0,
        "no fixture folders found under {}",
        root.display()
    );
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run_rule(dir: &Path, rule: std::sync::Arc<strata::engine::rule::Rule>) -> Marks {
    // The folder is discovered like any scanned directory, so fixtures in
    // any format (and local modules in subfolders) take the real path.
    let walk = WalkOptions {
        use_ignore_files: false,
        ..WalkOptions::default()
    };
    let found = discover::walk(&[dir.to_path_buf()], &walk).unwrap();
    // A fixture may carry its own strata.toml (e.g. trusted registries).
    let config_path = dir.join(strata::config::FILE_NAME);
    let config = match std::fs::read_to_string(&config_path) {
        Ok(text) => Config::parse(&config_path, &text).unwrap(),
        Err(_) => Config::default(),
    };
    let options = AnalysisOptions {
        rules: vec![rule],
        images: ImagePolicy {
            trusted_registries: config.images.trusted_registries,
        },
        ..AnalysisOptions::default()
    };
    let base = analysis::clean_path(dir);
    let mut marks = Marks::new();
    for unit in analysis::plan_units(&found.files) {
        let result = analysis::analyze_unit(&unit, &DiskLoader, &options);
        for file in &result.files {
            assert!(
                !matches!(file.status, strata::findings::FileStatus::Error(_)),
                "fixture file does not parse: {file:?}"
            );
        }
        for finding in &result.findings {
            let path = PathBuf::from(&finding.location.path);
            let relative = path.strip_prefix(&base).unwrap_or(&path);
            marks.insert((
                relative.to_string_lossy().replace('\\', "/"),
                finding.location.start_line,
            ));
        }
    }
    marks
}

/// Lines carrying `# expect: ID[, ID…]` (or `// expect:`) for `id`, in every
/// file under `dir`.
fn expectations(dir: &Path, id: &str) -> Marks {
    let mut marks = Marks::new();
    for path in files_under(dir) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let relative = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (index, line) in text.lines().enumerate() {
            // `expect-next-line:` on a comment line of its own marks the
            // line below it (Dockerfiles have no trailing comments).
            let (ids, line_number) = match line.split_once("expect-next-line:") {
                Some((_, ids)) => (ids, index as u32 + 2),
                None => match line.split_once("expect:") {
                    Some((_, ids)) => (ids, index as u32 + 1),
                    None => continue,
                },
            };
            if ids.split(',').any(|x| x.trim() == id) {
                marks.insert((relative.clone(), line_number));
            }
        }
    }
    marks
}

fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}
