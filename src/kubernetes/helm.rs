//! Where Helm charts are, so their files go to the chart's unit (templates
//! found outside any chart are recognised by `templates`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::source::SourceLoader;

/// Finds the Helm chart (the nearest directory with a `Chart.yaml`) that
/// holds a file. One unit spans many folders, so answers are cached per
/// directory: each directory is listed at most once.
pub struct Charts<'l> {
    loader: &'l dyn SourceLoader,
    /// Directory → the chart root at or above it.
    roots: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'l> Charts<'l> {
    pub fn new(loader: &'l dyn SourceLoader) -> Self {
        Charts {
            loader,
            roots: HashMap::new(),
        }
    }

    /// The chart root above `path`, if the file belongs to a chart: one
    /// the chart is made of (`Chart.yaml`, values files, `templates/`,
    /// `charts/`, `crds/`). Other YAML that sits in a chart's directory
    /// (a rendered `upstream.yaml` kept beside it, examples) is not read
    /// by Helm, so it is a manifest of its own.
    pub fn root_of(&mut self, path: &Path) -> Option<PathBuf> {
        let root = self.root_above(path)?;
        is_chart_file(&root, path).then_some(root)
    }

    fn root_above(&mut self, path: &Path) -> Option<PathBuf> {
        let dir = path.parent()?;
        // Walk up to the first directory already known (or the top), then
        // record the answer for every directory on the way.
        let mut unknown = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(known) = self.roots.get(ancestor) {
                found = known.clone();
                break;
            }
            if self.has_chart(ancestor) {
                found = Some(ancestor.to_path_buf());
                unknown.push(ancestor.to_path_buf());
                break;
            }
            unknown.push(ancestor.to_path_buf());
        }
        for dir in unknown {
            self.roots.insert(dir, found.clone());
        }
        found
    }

    fn has_chart(&self, dir: &Path) -> bool {
        let listed = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        self.loader.list_dir(listed).iter().any(|f| {
            f.file_name()
                .is_some_and(|n| n == "Chart.yaml" || n == "Chart.yml")
        })
    }
}

/// Whether Helm reads `path` as part of the chart at `root`.
fn is_chart_file(root: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = inside.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let nested = parts.next().is_some();
    match first.as_deref() {
        Some("templates" | "charts" | "crds") => nested,
        Some(name) if !nested => {
            let lower = name.to_ascii_lowercase();
            matches!(name, "Chart.yaml" | "Chart.yml" | "Chart.lock")
                || lower.starts_with("values")
                || lower.starts_with("requirements.")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_helm_reads_belongs_to_a_chart() {
        let root = Path::new("c");
        for file in [
            "c/Chart.yaml",
            "c/values.yaml",
            "c/values-prod.yaml",
            "c/templates/a.yaml",
            "c/templates/sub/b.yaml",
            "c/charts/dep/templates/x.yaml",
            "c/crds/crd.yaml",
        ] {
            assert!(is_chart_file(root, Path::new(file)), "{file}");
        }
        for file in ["c/upstream.yaml", "c/examples/app.yaml", "c/ci/test.yaml"] {
            assert!(!is_chart_file(root, Path::new(file)), "{file}");
        }
    }
}
