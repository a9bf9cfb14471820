//! Every fuzz seed (`fuzz/seeds/<target>/`, the hostile-input reproducers)
//! through the path the fuzz targets take: one in-memory file, planned into
//! its unit, parsed, lowered and checked by every built-in rule. A seed
//! must neither panic nor leave its unit without an account of the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata::analysis::{self, AnalysisOptions};
use strata::discover;
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader, decode};

struct OneFile {
    path: PathBuf,
    text: Arc<str>,
}

impl SourceLoader for OneFile {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            Err(LoadError::NotFound)
        }
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        if self.path.parent() == Some(dir) {
            vec![self.path.clone()]
        } else {
            Vec::new()
        }
    }
}

#[test]
fn every_fuzz_seed_is_analysed() {
    let options = AnalysisOptions {
        rules: Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    };
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    // The file name each fuzz target gives its input.
    let targets = [
        ("terraform", "m/main.tf"),
        ("yaml", "k/manifest.yaml"),
        ("dockerfile", "d/Dockerfile"),
    ];
    let mut seen = 0;
    for (target, name) in targets {
        let mut entries: Vec<_> = std::fs::read_dir(seeds.join(target))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for seed in entries {
            let text = decode(std::fs::read(&seed).unwrap()).unwrap();
            let path = PathBuf::from(name);
            let candidate = discover::classify(&path).unwrap();
            let loader = OneFile {
                path: path.clone(),
                text,
            };
            let units = analysis::plan_units(&[(path, candidate)], &loader);
            assert_eq!(units.len(), 1);
            let result = analysis::analyze_unit(&units[0], &loader, &options);
            assert_eq!(result.files.len(), 1, "{}", seed.display());
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen} seeds");
}
