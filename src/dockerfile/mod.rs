//! Dockerfiles: each build stage lowered into the graph.

use std::path::Path;

use crate::analysis::{AnalysisOptions, Lowered};
use crate::findings::FileKind;
use crate::model::Graph;
use crate::source::{SourceLoader, SourceMap};

/// Lowers one Dockerfile.
pub fn lower(
    path: &Path,
    _loader: &dyn SourceLoader,
    _options: &AnalysisOptions,
    _sources: &mut SourceMap,
    _graph: &mut Graph,
) -> Lowered {
    Lowered {
        skipped: vec![(
            path.to_path_buf(),
            FileKind::Dockerfile,
            "Dockerfiles are not analysed yet".to_string(),
        )],
        ..Lowered::default()
    }
}
