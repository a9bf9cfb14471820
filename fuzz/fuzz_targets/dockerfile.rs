//! Feeds arbitrary bytes to the Dockerfile entry point: parse, lower the
//! stages, run every rule. Must never panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use strata::analysis::{self, AnalysisOptions, Unit};
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader, decode};

/// One in-memory file, `Dockerfile`.
struct OneFile(Arc<str>);

impl SourceLoader for OneFile {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        if path == Path::new("Dockerfile") {
            Ok(self.0.clone())
        } else {
            Err(LoadError::NotFound)
        }
    }
    fn list_dir(&self, _dir: &Path) -> Vec<PathBuf> {
        vec![PathBuf::from("Dockerfile")]
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
    let unit = Unit::Dockerfile {
        path: PathBuf::from("Dockerfile"),
    };
    let _ = analysis::analyze_unit(&unit, &OneFile(text), options);
});
