//! What every fuzz target does: arbitrary bytes as one in-memory file,
//! planned into its unit like a scanned file, through parsing, lowering and
//! every built-in rule. Must never panic.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use strata::analysis::{self, AnalysisOptions};
use strata::discover;
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader, decode};

/// A file system holding one file.
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

/// Analyses `data` as the file at `path` (whose name picks the format).
pub fn analyze(path: &str, data: &[u8]) {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    static OPTIONS: OnceLock<AnalysisOptions> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| AnalysisOptions {
        rules: Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    });
    let path = PathBuf::from(path);
    let Some(candidate) = discover::classify(&path) else {
        return;
    };
    let loader = OneFile {
        path: path.clone(),
        text,
    };
    for unit in analysis::plan_units(&[(path, candidate)], &loader) {
        let _ = analysis::analyze_unit(&unit, &loader, options);
    }
}
