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
use crate::findings::ScanReport;
use crate::rules::network_policy::{self, PolicyFact};
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
    /// The options the results were made with (their `[[ignore]]` entries
    /// warn when expired).
    options: Arc<AnalysisOptions>,
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
            options: self.options.clone(),
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

    /// Problems that left their files analysed, with where they are and
    /// their kind: a Terraform unit warns of module sources that do not
    /// exist, a kustomization of inputs it does not apply.
    pub fn warnings(
        &self,
    ) -> impl Iterator<
        Item = (
            &crate::source::FileSpan,
            crate::findings::WarningKind,
            &String,
        ),
    > {
        self.results.iter().flat_map(|((kind, _), r)| {
            let kind = match kind {
                crate::findings::FileKind::Terraform => {
                    crate::findings::WarningKind::ModuleSourceMissing
                }
                _ => crate::findings::WarningKind::NotApplied,
            };
            (r.warnings.iter()).map(move |(span, message)| (span, kind, message))
        })
    }

    /// Warnings about suppressions: broken or unused comments of every
    /// unit, expired `[[ignore]]` entries.
    pub fn suppression_warnings(&self) -> Vec<crate::suppress::review::Placed> {
        crate::suppress::review::warnings(
            self.results.values().flat_map(|r| r.directives.iter()),
            self.results
                .values()
                .flat_map(|r| r.findings.iter())
                .filter_map(|f| f.silenced_by.as_ref()),
            &self.options.ignores,
        )
    }

    /// Every finding that stands once the units are linked: a finding
    /// another unit can overturn (a namespace without a default-deny
    /// policy, a workload no policy selects) is kept only when no policy
    /// of its deployment unit in any unit overturns it
    /// ([`network_policy::stands`]), and only the first one (by path and
    /// position) of each key and directory (of each key and file, for keys
    /// that name one object).
    pub fn findings(&self) -> Vec<&UnitFinding> {
        self.findings_by_unit()
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    /// [`Snapshot::findings`], each with the unit that produced it. A
    /// module called from a root of the snapshot is reported only through
    /// its callers (see [`Snapshot::called_modules`]).
    pub fn findings_by_unit(&self) -> Vec<(&UnitKey, &UnitFinding)> {
        let mut standing: Vec<(&UnitKey, &UnitFinding)> = self
            .reported()
            .flat_map(|(key, r)| r.findings.iter().map(move |f| (key, f)))
            .filter(|(_, f)| f.link.is_none())
            .collect();
        standing.extend(self.links().standing().map(|(_, found)| found));
        standing
    }

    /// Units whose findings are reported: all but called modules, and
    /// the files and kustomizations an overlay renders.
    fn reported(&self) -> impl Iterator<Item = (&UnitKey, &Arc<UnitResult>)> {
        let called = self.called_modules();
        let rendered = self.rendered_by_kustomizations();
        self.results.iter().filter(move |((kind, path), _)| {
            let path = clean_path(path);
            let is_rendered =
                *kind == crate::findings::FileKind::Kubernetes && rendered.contains(&path);
            !called.contains(&path) && !is_rendered
        })
    }

    /// What the root kustomizations of the snapshot (those no other
    /// kustomization of it reads) render: the manifests and the
    /// kustomizations they read. Like a called module, such a base is
    /// reported only through each overlay that renders it, with the
    /// overlay's patches applied — never also on its own, which would
    /// contradict the overlays (README, Design). A base no overlay of the
    /// scan renders is a root itself, and reported as it is.
    fn rendered_by_kustomizations(&self) -> std::collections::HashSet<PathBuf> {
        let kustomizations: Vec<(PathBuf, std::collections::HashSet<PathBuf>)> = self
            .results
            .iter()
            .filter(|((kind, path), _)| {
                *kind == crate::findings::FileKind::Kubernetes
                    && crate::kubernetes::kustomize::is_kustomization(path)
            })
            .map(|((_, path), result)| {
                let own = clean_path(path);
                let read = result
                    .reads
                    .iter()
                    .filter(|p| **p != own)
                    .cloned()
                    .collect();
                (own, read)
            })
            .collect();
        reached_from_roots(&kustomizations)
    }

    /// The facts linking rests on: every unit's NetworkPolicies, and the
    /// first finding of each link key and directory (of each key and file,
    /// for keys that name one object). A shard of a scan hands them on, so
    /// that merging shards links as one run would.
    pub fn links(&self) -> Links<'_> {
        let policies = self
            .results
            .values()
            .flat_map(|r| r.network_policies.iter())
            .collect();
        let mut first: BTreeMap<LinkSlot<'_>, (&UnitKey, &UnitFinding)> = BTreeMap::new();
        let findings = self
            .reported()
            .flat_map(|(key, r)| r.findings.iter().map(move |f| (key, f)));
        for (unit, finding) in findings {
            let Some(key) = finding.link.as_deref() else {
                continue;
            };
            // Absolute, so units found from a named file and from a walk of
            // the project compare.
            let absolute = |f: &UnitFinding| {
                std::path::absolute(f.span.path()).unwrap_or_else(|_| f.span.path().to_path_buf())
            };
            let order = |f: &UnitFinding| (absolute(f), f.span.start);
            let path = absolute(finding);
            first
                .entry(link_slot(key, &path))
                .and_modify(|kept| {
                    if order(finding) < order(kept.1) {
                        *kept = (unit, finding);
                    }
                })
                .or_insert((unit, finding));
        }
        Links { policies, first }
    }

    /// Every unit's result.
    pub fn units(&self) -> impl Iterator<Item = (&UnitKey, &UnitResult)> {
        self.results.iter().map(|(key, r)| (key, &**r))
    }

    /// Terraform module directories that a root module of the snapshot
    /// calls (a Terraform unit no other unit calls): such a module is
    /// reported only as called, with its callers' values, never also on its
    /// own defaults — which would contradict the callers (README, Design).
    /// Modules that only call each other, with no root, stay reported.
    fn called_modules(&self) -> std::collections::HashSet<PathBuf> {
        let terraform = |((kind, _), _): &(&UnitKey, &Arc<UnitResult>)| {
            *kind == crate::findings::FileKind::Terraform
        };
        // Directory of each Terraform unit → directories of the modules it read.
        let reads: Vec<(PathBuf, std::collections::HashSet<PathBuf>)> = self
            .results
            .iter()
            .filter(terraform)
            .map(|((_, dir), result)| {
                let own = clean_path(dir);
                let modules = result
                    .reads
                    .iter()
                    .filter(|p| {
                        let name = p.to_string_lossy();
                        name.ends_with(".tf") || name.ends_with(".tf.json")
                    })
                    .filter_map(|p| p.parent().map(clean_path))
                    .filter(|d| *d != own)
                    .collect();
                (own, modules)
            })
            .collect();
        reached_from_roots(&reads)
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
        let entrances = crate::rules::exposure::Entrances::new(
            self.results.values().flat_map(|r| r.entrances.iter()),
        );
        let mut findings = self.findings_by_unit();
        // Filtered first, so the report's findings are allocated once, at
        // their exact number.
        findings.retain(|(key, _)| findings_of(key));
        let findings = findings.into_iter().map(|(_, finding)| {
            let own = (finding.exposure.as_ref()).map(|(reason, span)| (reason.as_str(), span));
            let linked = || {
                let pods = finding.pods.as_ref()?;
                entrances.reaching(pods)
            };
            (finding, own.or_else(linked))
        });
        let mut report = crate::report::resolve::report(
            shown().flat_map(|(_, r)| r.files.iter()),
            findings,
            shown().map(|(_, r)| r.resources).sum(),
            base,
        );
        report.not_covered = not_covered(shown().map(|(_, r)| &**r));
        // No warnings about the files of units not shown: a hook's callers
        // and a shard's context are analysed, but what is wrong in them is
        // their own report's business (strata.toml is nobody's: shown).
        let files = |shown: bool| {
            (self.results.iter())
                .filter(|(key, _)| files_of(key) == shown)
                .flat_map(|(_, r)| r.files.iter().map(|f| f.path.as_path()))
                .collect::<std::collections::HashSet<&Path>>()
        };
        let (own, hidden) = (files(true), files(false));
        let is_shown = |span: &crate::source::FileSpan| {
            own.contains(span.path()) || !hidden.contains(span.path())
        };
        let placed = (self.suppression_warnings().into_iter())
            .filter(|p| p.at.as_ref().is_none_or(is_shown))
            .collect();
        report.warnings = crate::report::resolve::suppression_warnings(placed, base);
        report
            .warnings
            .extend(self.warnings().filter(|(span, _, _)| is_shown(span)).map(
                |(span, kind, message)| crate::findings::Warning {
                    location: Some(crate::report::resolve::locate(span, base)),
                    kind,
                    message: message.clone(),
                },
            ));
        report.sort();
        report
    }

    /// The result of the unit that holds `path` (as one of its own files).
    pub fn unit_result(&self, path: &Path) -> Option<&UnitResult> {
        self.results
            .values()
            .find(|r| r.files.iter().any(|f| f.path == path))
            .map(|r| &**r)
    }
}

/// What the roots among `units` reach, each unit given with what it
/// reaches (a module's calls, a kustomization's inputs): a root is a unit
/// no other reaches. Units that only reach each other have no root.
fn reached_from_roots(
    units: &[(PathBuf, std::collections::HashSet<PathBuf>)],
) -> std::collections::HashSet<PathBuf> {
    let is_reached = |own: &PathBuf| {
        (units.iter()).any(|(other, reached)| other != own && reached.contains(own))
    };
    units
        .iter()
        .filter(|(own, _)| !is_reached(own))
        .flat_map(|(_, reached)| reached.iter().cloned())
        .collect()
}

/// Resource kinds no rule applies to in `results`, with counts, most first.
fn not_covered<'a>(results: impl Iterator<Item = &'a UnitResult>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, count) in results.flat_map(|r| &r.not_covered) {
        *counts.entry(kind).or_default() += count;
    }
    let mut counts: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, c)| (k.to_string(), c))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// What links findings across units: see [`Snapshot::links`].
pub struct Links<'a> {
    pub policies: Vec<&'a PolicyFact>,
    /// Per link slot, its first finding (by path and position) and its unit.
    pub first: BTreeMap<LinkSlot<'a>, (&'a UnitKey, &'a UnitFinding)>,
}

/// Where linked findings are counted once: the link key, the finding's
/// directory, and its file for keys that name one object (empty for keys
/// decided once per directory).
pub type LinkSlot<'a> = (&'a str, PathBuf, PathBuf);

/// The slot of a linked finding at `path`.
pub fn link_slot<'a>(key: &'a str, path: &Path) -> LinkSlot<'a> {
    let dir = clean_path(path.parent().unwrap_or(Path::new("")));
    let file = if network_policy::Link::one_per_directory(key) {
        PathBuf::new()
    } else {
        clean_path(path)
    };
    (key, dir, file)
}

impl<'a> Links<'a> {
    /// The first finding of each slot that no policy in scope overturns.
    pub fn standing(&self) -> impl Iterator<Item = (&'a str, (&'a UnitKey, &'a UnitFinding))> + '_ {
        self.first.iter().filter_map(|((key, dir, _), &found)| {
            network_policy::stands(key, dir, self.policies.iter().copied()).then_some((*key, found))
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
