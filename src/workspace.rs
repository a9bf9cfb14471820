//! The API both front ends use: a workspace of units whose documents come
//! from disk or from memory (an editor's unsaved buffers), re-analysed unit
//! by unit, answering from immutable snapshots.
//!
//! The CLI fills a workspace from discovery and takes one snapshot; the
//! language server keeps one alive, hands in document changes and takes a
//! new snapshot after each, re-analysing only the units the change touched.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::{self, AnalysisOptions, Unit, UnitResult};
use crate::discover;
use crate::findings::{FileKind, ScanReport};
use crate::source::{LoadError, SourceLoader};

/// Identifies a unit: its format and its directory (Terraform, Kubernetes)
/// or file (Dockerfile).
pub type UnitKey = (FileKind, PathBuf);

pub struct Workspace {
    options: Arc<AnalysisOptions>,
    documents: HashMap<PathBuf, Arc<str>>,
    fallback: Box<dyn SourceLoader + Send>,
    units: BTreeMap<UnitKey, Unit>,
    results: BTreeMap<UnitKey, Arc<UnitResult>>,
    dirty: BTreeSet<UnitKey>,
    revision: u64,
}

/// An immutable view of the analysis at one revision; cheap to clone.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub revision: u64,
    results: Arc<BTreeMap<UnitKey, Arc<UnitResult>>>,
}

impl Workspace {
    /// `fallback` serves every path no open document covers (the disk, in
    /// both front ends).
    pub fn new(options: AnalysisOptions, fallback: Box<dyn SourceLoader + Send>) -> Self {
        Workspace {
            options: Arc::new(options),
            documents: HashMap::new(),
            fallback,
            units: BTreeMap::new(),
            results: BTreeMap::new(),
            dirty: BTreeSet::new(),
            revision: 0,
        }
    }

    pub fn options(&self) -> &AnalysisOptions {
        &self.options
    }

    /// Ends the workspace, keeping its options (so the CLI can drop every
    /// cached result before building the report).
    pub fn into_options(self) -> Arc<AnalysisOptions> {
        self.options
    }

    /// Adds units found by discovery; each is analysed at the next snapshot.
    pub fn add_units(&mut self, units: Vec<Unit>) {
        for unit in units {
            let key = unit_key(&unit);
            self.dirty.insert(key.clone());
            self.units.insert(key, unit);
        }
    }

    /// Hands in the text of a document (opened or edited in an editor). The
    /// unit that holds it is re-analysed at the next snapshot.
    pub fn set_document(&mut self, path: PathBuf, text: Arc<str>) {
        self.documents.insert(path.clone(), text);
        self.touch(&path);
    }

    /// Forgets an in-memory document; the disk version counts again.
    pub fn close_document(&mut self, path: &Path) {
        if self.documents.remove(path).is_some() {
            self.touch(path);
        }
    }

    /// Marks the unit holding `path` for re-analysis (a file changed on disk),
    /// creating the unit if the file is new to the workspace.
    pub fn touch(&mut self, path: &Path) {
        let Some(unit) = unit_of(path) else {
            return;
        };
        let key = unit_key(&unit);
        match self.units.get_mut(&key) {
            Some(existing) => existing.add_file(path),
            None => {
                self.units.insert(key.clone(), unit);
            }
        }
        self.dirty.insert(key);
    }

    /// Analyses what changed since the last snapshot (in parallel) and
    /// returns the new snapshot.
    pub fn snapshot(&mut self) -> Snapshot {
        let dirty: Vec<UnitKey> = std::mem::take(&mut self.dirty).into_iter().collect();
        if !dirty.is_empty() {
            self.revision += 1;
        }
        let loader = Overlay {
            documents: &self.documents,
            fallback: &*self.fallback,
        };
        let options = &*self.options;
        let units = &self.units;
        let fresh: Vec<(UnitKey, UnitResult)> = dirty
            .par_iter()
            .filter_map(|key| {
                let unit = units.get(key)?;
                Some((key.clone(), analysis::analyze_unit(unit, &loader, options)))
            })
            .collect();
        for (key, result) in fresh {
            self.results.insert(key, Arc::new(result));
        }
        // The snapshot shares every unit's result with the workspace; later
        // changes replace entries here and never touch what it holds.
        Snapshot {
            revision: self.revision,
            results: Arc::new(self.results.clone()),
        }
    }
}

impl Snapshot {
    /// The whole workspace as one report.
    pub fn report(&self) -> ScanReport {
        analysis::merge(self.results.values().map(|r| (**r).clone()).collect())
    }

    /// Like [`Snapshot::report`], but moves the results out instead of
    /// copying them when nothing else holds them (the CLI's one-shot scan).
    pub fn into_report(self) -> ScanReport {
        let results = Arc::try_unwrap(self.results).unwrap_or_else(|shared| (*shared).clone());
        analysis::merge(
            results
                .into_values()
                .map(|r| Arc::try_unwrap(r).unwrap_or_else(|shared| (*shared).clone()))
                .collect(),
        )
    }

    /// The result of the unit that holds `path`, if any.
    pub fn unit_result(&self, path: &Path) -> Option<&UnitResult> {
        let key = unit_key(&unit_of(path)?);
        self.results.get(&key).map(|r| &**r)
    }
}

/// The unit a single file belongs to.
fn unit_of(path: &Path) -> Option<Unit> {
    let candidate = discover::classify(path)?;
    analysis::plan_units(&[(path.to_path_buf(), candidate)])
        .into_iter()
        .next()
}

fn unit_key(unit: &Unit) -> UnitKey {
    match unit {
        Unit::Terraform { dir, .. } => (FileKind::Terraform, dir.clone()),
        // All manifests form one unit, whatever folder they are in.
        Unit::Kubernetes { .. } => (FileKind::Kubernetes, PathBuf::new()),
        Unit::Dockerfile { path } => (FileKind::Dockerfile, path.clone()),
        Unit::HelmChart { chart } => (FileKind::Helm, chart.clone()),
    }
}

/// Open documents first, then the fallback.
struct Overlay<'a> {
    documents: &'a HashMap<PathBuf, Arc<str>>,
    fallback: &'a (dyn SourceLoader + Send),
}

impl SourceLoader for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        match self.documents.get(path) {
            Some(text) => Ok(text.clone()),
            None => self.fallback.read(path),
        }
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files = self.fallback.list_dir(dir);
        files.extend(
            self.documents
                .keys()
                .filter(|p| p.parent() == Some(dir))
                .cloned(),
        );
        files.sort();
        files.dedup();
        files
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.fallback.canonical(path)
    }
}
