//! Feeds arbitrary bytes to the Kubernetes entry point: YAML loading,
//! recognition, the workload/container view, every rule. Must never panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use strata::analysis::{self, AnalysisOptions, Unit};
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader, decode};

/// One in-memory file, `k/manifest.yaml`.
struct OneFile(Arc<str>);

impl SourceLoader for OneFile {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        if path == Path::new("k/manifest.yaml") {
            Ok(self.0.clone())
        } else {
            Err(LoadError::NotFound)
        }
    }
    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        if dir == Path::new("k") {
            vec![PathBuf::from("k/manifest.yaml")]
        } else {
            Vec::new()
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    static OPTIONS: OnceLock<AnalysisOptions> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| AnalysisOptions {
        rules: Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    });
    let unit = Unit::Kubernetes {
        dir: PathBuf::from("k"),
        files: vec![PathBuf::from("k/manifest.yaml")],
    };
    let _ = analysis::analyze_unit(&unit, &OneFile(text), options);
});
