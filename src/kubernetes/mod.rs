//! Kubernetes manifests: YAML/JSON objects lowered into the graph.

use std::path::{Path, PathBuf};

use crate::analysis::{AnalysisOptions, Lowered};
use crate::findings::FileKind;
use crate::model::Graph;
use crate::source::{SourceLoader, SourceMap};

/// Lowers the manifests of one directory. Files that are not Kubernetes
/// objects (CI configs, values files) are listed as skipped with a reason.
pub fn lower(
    _dir: &Path,
    files: &[PathBuf],
    loader: &dyn SourceLoader,
    _options: &AnalysisOptions,
    _sources: &mut SourceMap,
    _graph: &mut Graph,
) -> Lowered {
    let mut lowered = Lowered::default();
    for path in files {
        let Ok(text) = loader.read(path) else {
            continue;
        };
        let (kind, reason) = if looks_like_kubernetes(&text) {
            (
                FileKind::Kubernetes,
                "Kubernetes manifests are not analysed yet",
            )
        } else {
            (FileKind::Unknown, "YAML that is not a Kubernetes manifest")
        };
        lowered
            .skipped
            .push((path.clone(), kind, reason.to_string()));
    }
    lowered
}

/// A Kubernetes object has top-level `apiVersion` and `kind` keys.
fn looks_like_kubernetes(text: &str) -> bool {
    let has_top_level = |key: &str| text.lines().any(|l| l.starts_with(key));
    has_top_level("apiVersion:") && has_top_level("kind:")
}
