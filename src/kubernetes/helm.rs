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

    /// The chart root above `path`, if the file belongs to a chart.
    pub fn root_of(&mut self, path: &Path) -> Option<PathBuf> {
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
