//! The loader a unit's analysis reads through: it records every read and
//! listing, so the workspace knows which changes make the unit stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::source::{LoadError, SourceLoader};
use crate::unit::clean_path;

/// Wraps a loader and remembers what the analysis read and listed, and
/// which reads failed (unreadable files are reported with their reason
/// even when a parser never saw them).
pub(super) struct RecordingLoader<'a> {
    inner: &'a dyn SourceLoader,
    records: Mutex<Records>,
}

#[derive(Default)]
struct Records {
    reads: BTreeSet<PathBuf>,
    listed: BTreeSet<PathBuf>,
    failures: Vec<(PathBuf, LoadError)>,
}

impl<'a> RecordingLoader<'a> {
    pub(super) fn new(inner: &'a dyn SourceLoader) -> Self {
        RecordingLoader {
            inner,
            records: Mutex::default(),
        }
    }

    fn records(&self) -> std::sync::MutexGuard<'_, Records> {
        self.records
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn failures(&self) -> Vec<(PathBuf, LoadError)> {
        self.records().failures.clone()
    }

    pub(super) fn into_records(self) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
        let records = self
            .records
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (records.reads, records.listed)
    }
}

impl SourceLoader for RecordingLoader<'_> {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        let result = self.inner.read(path);
        let mut records = self.records();
        records.reads.insert(clean_path(path));
        if let Err(error) = &result
            && *error != LoadError::NotFound
        {
            records.failures.push((path.to_path_buf(), error.clone()));
        }
        result
    }

    fn read_data(&self, path: &Path) -> Option<Arc<str>> {
        self.records().reads.insert(clean_path(path));
        self.inner.read(path).ok()
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        self.records().listed.insert(clean_path(dir));
        self.inner.list_dir(dir)
    }

    fn list_subdirs(&self, dir: &Path) -> Vec<PathBuf> {
        self.inner.list_subdirs(dir)
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.inner.canonical(path)
    }
}
