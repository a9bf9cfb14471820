//! The API both front ends use: a workspace of units whose documents come
//! from disk or from memory (an editor's unsaved buffers), re-analysed unit
//! by unit, answering from immutable snapshots.
//!
//! Changes are applied cheaply and synchronously (`set_document`, `touch`,
//! `delete`, `set_options`): they only mark units stale. Analysis is a
//! separate, cancellable step: [`Workspace::prepare`] hands out a [`Job`]
//! that owns everything it needs, so it can run on another thread while
//! the next change arrives; a newer change cancels it (checked between
//! units and inside long loops) and [`Workspace::complete`] keeps only the
//! results that are still current. The CLI simply calls
//! [`Workspace::snapshot`], which does all three.
//!
//! A unit is stale when a path it read changes, when a file appears in a
//! directory it listed, or when discovery claims a new file for it — so
//! editing a module re-analyses its callers, and a manifest buffer is
//! classified by its content, not only its name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::analysis::{self, FileOutcome, UnitFinding, UnitResult};
use crate::discover::{self, Candidate};
use crate::engine::Truth;
use crate::findings::ScanReport;
use crate::source::{LoadError, SourceLoader};
use crate::unit::{AnalysisOptions, Unit, UnitKey, clean_path};

type Loader = Arc<dyn SourceLoader + Send + Sync>;

pub struct Workspace {
    options: Arc<AnalysisOptions>,
    documents: Arc<HashMap<PathBuf, Arc<str>>>,
    fallback: Loader,
    units: BTreeMap<UnitKey, Unit>,
    results: BTreeMap<UnitKey, Arc<UnitResult>>,
    /// Units to analyse, with the generation of the change that made each
    /// stale; a job's result is kept only if no later change came since.
    dirty: BTreeMap<UnitKey, u64>,
    generation: u64,
    /// Moves at every change; a running job whose revision is behind stops.
    revision: Arc<AtomicU64>,
}

/// An immutable view of the analysis at one revision; cheap to clone.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub revision: u64,
    results: Arc<BTreeMap<UnitKey, Arc<UnitResult>>>,
}

/// Analysis work taken from the workspace: runs anywhere, owns its inputs.
pub struct Job {
    revision: u64,
    current: Arc<AtomicU64>,
    units: Vec<(UnitKey, Unit, u64)>,
    loader: Overlay,
    options: Arc<AnalysisOptions>,
}

/// What a job produced: the results of the units it finished.
pub struct Done {
    results: Vec<(UnitKey, u64, UnitResult)>,
    /// True when a newer change stopped the job before it finished.
    pub cancelled: bool,
}

impl Workspace {
    /// `fallback` serves every path no open document covers (the disk, in
    /// both front ends).
    pub fn new(options: AnalysisOptions, fallback: Box<dyn SourceLoader + Send + Sync>) -> Self {
        Workspace {
            options: Arc::new(options),
            documents: Arc::default(),
            fallback: Arc::from(fallback),
            units: BTreeMap::new(),
            results: BTreeMap::new(),
            dirty: BTreeMap::new(),
            generation: 0,
            revision: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn options(&self) -> &AnalysisOptions {
        &self.options
    }

    /// Settings changed (the editor's configuration, strata.toml): every
    /// unit depends on them.
    pub fn set_options(&mut self, options: AnalysisOptions) {
        self.options = Arc::new(options);
        let keys: Vec<UnitKey> = self.units.keys().cloned().collect();
        for key in keys {
            self.mark(key);
        }
    }

    /// Adds units found by discovery; each is analysed at the next snapshot.
    pub fn add_units(&mut self, units: Vec<Unit>) {
        for unit in units {
            let key = unit.key();
            self.units.insert(key.clone(), unit);
            self.mark(key);
        }
    }

    /// The paths of the units' files and of every file they read.
    pub fn known_files(&self) -> BTreeSet<PathBuf> {
        let mut files: BTreeSet<PathBuf> = self.units.values().flat_map(Unit::files).collect();
        files.extend(self.results.values().flat_map(|r| r.reads.iter().cloned()));
        files
    }

    /// Hands in the text of a document (opened or edited in an editor).
    pub fn set_document(&mut self, path: PathBuf, text: Arc<str>) {
        Arc::make_mut(&mut self.documents).insert(path.clone(), text);
        self.touch(&path);
    }

    /// Forgets an in-memory document; the disk version counts again.
    pub fn close_document(&mut self, path: &Path) {
        if Arc::make_mut(&mut self.documents).remove(path).is_some() {
            self.touch(path);
        }
    }

    /// A file changed, appeared or vanished on disk (or in memory): marks
    /// every unit that depends on it, and gives a new file its unit.
    pub fn touch(&mut self, path: &Path) {
        let exists = !matches!(self.overlay().read(path), Err(LoadError::NotFound));
        if !exists {
            self.delete(path);
            return;
        }
        self.mark_dependents(path);
        let Some(unit) = self.unit_of(path) else {
            return;
        };
        let key = unit.key();
        match self.units.get_mut(&key) {
            Some(existing) => existing.add_file(path),
            None => {
                self.units.insert(key.clone(), unit);
            }
        }
        self.mark(key);
    }

    /// A file was deleted: its findings go, and what read it is redone.
    pub fn delete(&mut self, path: &Path) {
        Arc::make_mut(&mut self.documents).remove(path);
        self.mark_dependents(path);
        let keys: Vec<UnitKey> = self
            .units
            .iter()
            .filter(|(_, unit)| unit.files().iter().any(|f| f == path))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            let keep = self
                .units
                .get_mut(&key)
                .is_some_and(|unit| unit.remove_file(path));
            if keep {
                self.mark(key);
            } else {
                self.units.remove(&key);
                self.results.remove(&key);
                self.dirty.remove(&key);
                self.bump();
            }
        }
    }

    /// Takes the analysis of every stale unit as a job; `None` when nothing
    /// is stale.
    pub fn prepare(&mut self) -> Option<Job> {
        if self.dirty.is_empty() {
            return None;
        }
        let units = self
            .dirty
            .iter()
            .filter_map(|(key, &generation)| {
                Some((key.clone(), self.units.get(key)?.clone(), generation))
            })
            .collect();
        Some(Job {
            revision: self.revision.load(Ordering::SeqCst),
            current: self.revision.clone(),
            units,
            loader: self.overlay(),
            options: self.options.clone(),
        })
    }

    /// Keeps a job's results for the units no change has touched since.
    pub fn complete(&mut self, done: Done) {
        for (key, generation, result) in done.results {
            if self.dirty.get(&key) == Some(&generation) && self.units.contains_key(&key) {
                self.dirty.remove(&key);
                self.results.insert(key, Arc::new(result));
            }
        }
    }

    /// The current results, whether or not some units are stale.
    pub fn current(&self) -> Snapshot {
        Snapshot {
            revision: self.revision.load(Ordering::SeqCst),
            results: Arc::new(self.results.clone()),
        }
    }

    /// Stops any running job (its results would be dropped anyway).
    pub fn cancel(&self) {
        self.bump();
    }

    /// True when some unit awaits analysis.
    pub fn is_stale(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Analyses what changed (in parallel, here and now) and returns the
    /// new snapshot.
    pub fn snapshot(&mut self) -> Snapshot {
        if let Some(job) = self.prepare() {
            let done = job.run();
            self.complete(done);
        }
        self.current()
    }

    fn mark(&mut self, key: UnitKey) {
        self.generation += 1;
        self.dirty.insert(key, self.generation);
        self.bump();
    }

    fn bump(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
    }

    /// Marks the units that read `path` or listed its directory.
    fn mark_dependents(&mut self, path: &Path) {
        let path = clean_path(path);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let keys: Vec<UnitKey> = self
            .results
            .iter()
            .filter(|(_, r)| r.reads.contains(&path) || r.listed.contains(&dir))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            if self.units.contains_key(&key) {
                self.mark(key);
            }
        }
    }

    /// The unit discovery would put a file in: by its name, or for a JSON
    /// file by its content (a Kubernetes object), whether on disk or in an
    /// unsaved buffer.
    fn unit_of(&self, path: &Path) -> Option<Unit> {
        let loader = self.overlay();
        let candidate = discover::classify(path).or_else(|| {
            let text = loader.read(path).ok()?;
            discover::is_json_manifest(path, &text).then_some(Candidate::Yaml)
        })?;
        analysis::plan_units(&[(path.to_path_buf(), candidate)], &loader)
            .into_iter()
            .next()
    }

    fn overlay(&self) -> Overlay {
        Overlay {
            documents: self.documents.clone(),
            fallback: self.fallback.clone(),
            cancel: None,
        }
    }
}

impl Job {
    /// Analyses the job's units in parallel. Stops early when a newer change
    /// arrives; units that finished before it are kept.
    pub fn run(self) -> Done {
        let loader = Overlay {
            cancel: Some((self.current.clone(), self.revision)),
            ..self.loader
        };
        let options = &*self.options;
        let results: Vec<(UnitKey, u64, UnitResult)> = self
            .units
            .par_iter()
            .filter_map(|(key, unit, generation)| {
                if loader.cancelled() {
                    return None;
                }
                let result = analysis::analyze_unit(unit, &loader, options);
                // A unit that saw the cancellation may be incomplete.
                (!loader.cancelled()).then(|| (key.clone(), *generation, result))
            })
            .collect();
        Done {
            cancelled: loader.cancelled(),
            results,
        }
    }

    /// How many units the job analyses.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

impl Snapshot {
    /// Every unit's files.
    pub fn files(&self) -> impl Iterator<Item = &FileOutcome> {
        self.results.values().flat_map(|r| r.files.iter())
    }

    /// Every finding that stands once the units are linked: a finding
    /// another unit can overturn (a namespace without a default-deny
    /// policy) is kept only when no unit's policy guards its namespace, and
    /// only the first one (by path and position) of each namespace.
    pub fn findings(&self) -> Vec<&UnitFinding> {
        self.findings_by_unit()
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    /// [`Snapshot::findings`], each with the unit that produced it.
    pub fn findings_by_unit(&self) -> Vec<(&UnitKey, &UnitFinding)> {
        let mut standing: Vec<(&UnitKey, &UnitFinding)> = self
            .results
            .iter()
            .flat_map(|(key, r)| r.findings.iter().map(move |f| (key, f)))
            .filter(|(_, f)| f.link.is_none())
            .collect();
        standing.extend(self.links().standing().map(|(_, found)| found));
        standing
    }

    /// The facts linking rests on: every unit's namespace guards, and the
    /// first finding of each link key. A shard of a scan hands them on, so
    /// that merging shards links as one run would.
    pub fn links(&self) -> Links<'_> {
        let guards = self
            .results
            .values()
            .flat_map(|r| r.namespace_guards.iter())
            .collect();
        let mut first: BTreeMap<&str, (&UnitKey, &UnitFinding)> = BTreeMap::new();
        let findings =
            (self.results.iter()).flat_map(|(key, r)| r.findings.iter().map(move |f| (key, f)));
        for (unit, finding) in findings {
            let Some(key) = finding.link.as_deref() else {
                continue;
            };
            let order = |f: &UnitFinding| (f.span.path().to_path_buf(), f.span.start);
            first
                .entry(key)
                .and_modify(|kept| {
                    if order(finding) < order(kept.1) {
                        *kept = (unit, finding);
                    }
                })
                .or_insert((unit, finding));
        }
        Links { guards, first }
    }

    /// Every unit's result.
    pub fn units(&self) -> impl Iterator<Item = (&UnitKey, &UnitResult)> {
        self.results.iter().map(|(key, r)| (key, &**r))
    }

    /// How many resources the units hold.
    pub fn resources(&self) -> usize {
        self.results.values().map(|r| r.resources).sum()
    }

    /// The whole workspace as one report, paths shown relative to `base`.
    pub fn report(&self, base: Option<&Path>) -> ScanReport {
        self.report_of(base, |_| true, |_| true)
    }

    /// The report of some units — the files and resources of those
    /// `files_of` accepts, the findings of those `findings_of` accepts —
    /// with findings linked across every unit: a change's view, the units
    /// it touches judged in the context of the rest.
    pub fn report_of(
        &self,
        base: Option<&Path>,
        files_of: impl Fn(&UnitKey) -> bool,
        findings_of: impl Fn(&UnitKey) -> bool,
    ) -> ScanReport {
        let shown = || self.results.iter().filter(|(key, _)| files_of(key));
        let findings = self.findings_by_unit().into_iter();
        crate::report::resolve::report(
            shown().flat_map(|(_, r)| r.files.iter()),
            findings.filter(|(key, _)| findings_of(key)).map(|(_, f)| f),
            shown().map(|(_, r)| r.resources).sum(),
            base,
        )
    }

    /// The result of the unit that holds `path` (as one of its own files).
    pub fn unit_result(&self, path: &Path) -> Option<&UnitResult> {
        self.results
            .values()
            .find(|r| r.files.iter().any(|f| f.path == path))
            .map(|r| &**r)
    }
}

/// What links findings across units: see [`Snapshot::links`].
pub struct Links<'a> {
    pub guards: Vec<&'a (Option<String>, Truth)>,
    /// Per link key, its first finding (by path and position) and its unit.
    pub first: BTreeMap<&'a str, (&'a UnitKey, &'a UnitFinding)>,
}

impl<'a> Links<'a> {
    /// The first finding of each key that no unit's policy guards.
    pub fn standing(&self) -> impl Iterator<Item = (&'a str, (&'a UnitKey, &'a UnitFinding))> + '_ {
        self.first.iter().filter_map(|(&key, &found)| {
            let guard = crate::rules::default_deny::guarded(key, self.guards.iter().copied());
            (guard == Truth::False).then_some((key, found))
        })
    }
}

/// Open documents first, then the fallback; answers whether its job was
/// cancelled.
#[derive(Clone)]
struct Overlay {
    documents: Arc<HashMap<PathBuf, Arc<str>>>,
    fallback: Loader,
    cancel: Option<(Arc<AtomicU64>, u64)>,
}

impl SourceLoader for Overlay {
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

    fn list_subdirs(&self, dir: &Path) -> Vec<PathBuf> {
        self.fallback.list_subdirs(dir)
    }

    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|(current, revision)| current.load(Ordering::Relaxed) != *revision)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.fallback.canonical(path)
    }
}
