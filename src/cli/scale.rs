//! The command line of partial and split scans: which units a scan
//! analyses when it is given files (a pre-commit hook), `--changed-since
//! REV` (a pull request) or `--shard K/N` (one job of several), and
//! `strata merge`, which joins the shards' outputs.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use super::exit;
use crate::analysis;
use crate::changed::{self, Change};
use crate::discover::{self, Discovered, WalkOptions};
use crate::engine::rule::Rule;
use crate::findings::{ScanReport, Severity};
use crate::report::{self, Format, RenderOptions};
use crate::shard::{self, Facts, Shard};
use crate::source::DiskLoader;
use crate::unit::{AnalysisOptions, Unit, UnitKey};
use crate::workspace::Snapshot;

#[derive(Args, Debug, Default)]
pub struct ScaleArgs {
    /// Analyse shard K of N (e.g. `2/4`): a deterministic share of the
    /// units, balanced by size; join the outputs with `strata merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Analyse only the units the changes since REV touch (the merge base
    /// of REV and HEAD, uncommitted and untracked files included): the
    /// units owning a changed file, and those reading one, such as the
    /// callers of a changed module.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON or SARIF outputs of `strata scan` (all of one format), such as
    /// the shards of one scan.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Write the merged output to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the merge fail (exit code 1), as for `scan`.
    #[arg(long, value_name = "SEVERITY", default_value = "low")]
    fail_on: Severity,
}

/// The units a scan analyses, and how its results are narrowed.
pub struct Plan {
    pub units: Vec<Unit>,
    /// The change the scan is about (files named, or `--changed-since`).
    change: Option<Change>,
    /// Files were named: report what passes through them (a hook).
    named: bool,
    /// Units analysed only for what they do to the named files: callers,
    /// and the context of linked findings.
    callers: Vec<Unit>,
    shard: Option<Shard>,
}

/// Plans the units of a scan. `options` may widen: a hook reads modules
/// anywhere in the project.
pub fn plan(
    args: &ScaleArgs,
    start: &Path,
    discovered: &Discovered,
    walk: &WalkOptions,
    options: &mut AnalysisOptions,
) -> Result<Plan, String> {
    let all = analysis::plan_units(&discovered.files, &DiskLoader);
    let mut plan = Plan {
        units: all,
        change: None,
        named: false,
        callers: Vec::new(),
        shard: args.shard,
    };
    if let Some(rev) = &args.changed_since {
        let dir = match start.parent() {
            Some(parent) if !start.is_dir() && !parent.as_os_str().is_empty() => parent,
            _ if start.is_dir() => start,
            _ => Path::new("."),
        };
        let change = Change::since(rev, dir)?;
        let units = std::mem::take(&mut plan.units);
        plan.units = change.candidates(units, &DiskLoader, options);
        eprintln!(
            "note: --changed-since {rev}: {} changed files, {} units to analyse",
            change.len(),
            plan.units.len()
        );
        plan.change = Some(change);
    } else if !discovered.explicit.is_empty() {
        let change = Change::new(&discovered.explicit);
        if change.reaches_other_units(options) {
            plan.callers = callers(&change, &plan.units, walk, options)?;
        }
        plan.change = Some(change);
        plan.named = true;
    }
    if let Some(shard) = args.shard {
        let units = std::mem::take(&mut plan.units);
        let all_units = units.clone();
        plan.units = shard.select(units, options, shard::file_size);
        let callers = std::mem::take(&mut plan.callers);
        plan.callers = shard.select(callers, options, shard::file_size);
        if plan.change.is_none() {
            plan.callers = module_callers(&plan.units, all_units, options);
        }
    }
    Ok(plan)
}

/// For a shard: the units of other shards that may render one of this
/// one — Terraform units calling its modules, and every kustomization
/// when it holds manifests or kustomizations (which of them reads what is
/// known only once built). They are analysed as context, never reported,
/// so that a module called, or a base rendered, from a root elsewhere is
/// judged only through that root, as in a single run.
fn module_callers(mine: &[Unit], all: Vec<Unit>, options: &AnalysisOptions) -> Vec<Unit> {
    let module_files: Vec<PathBuf> = mine
        .iter()
        .filter(|u| matches!(u, Unit::Terraform { .. }))
        .flat_map(|u| u.files())
        .collect();
    let has_manifests =
        (mine.iter()).any(|u| matches!(u, Unit::Manifest { .. } | Unit::Kustomization { .. }));
    let own: BTreeSet<UnitKey> = mine.iter().map(Unit::key).collect();
    let (terraform, overlays): (Vec<Unit>, Vec<Unit>) = all
        .into_iter()
        .filter(|u| !own.contains(&u.key()))
        .filter(|u| matches!(u, Unit::Terraform { .. } | Unit::Kustomization { .. }))
        .partition(|u| matches!(u, Unit::Terraform { .. }));
    let mut context = if module_files.is_empty() {
        Vec::new()
    } else {
        Change::new(&module_files).candidates(terraform, &DiskLoader, options)
    };
    if has_manifests {
        context.extend(overlays);
    }
    context
}

/// The project's units, other than `owners`, that may read a changed file:
/// found by walking the project root with the scan's walk options (so the
/// hook sees what CI's `strata scan .` sees).
fn callers(
    change: &Change,
    owners: &[Unit],
    walk: &WalkOptions,
    options: &mut AnalysisOptions,
) -> Result<Vec<Unit>, String> {
    let Some(root) = options.root.clone() else {
        return Ok(Vec::new());
    };
    // Without a repository or a strata.toml the root is only the named
    // file's directory: nothing above it can call it, and walking below it
    // (all of /tmp, or ~/Downloads) would find strangers, not callers.
    if !crate::options::is_project_top(&root) {
        return Ok(Vec::new());
    }
    // Unreadable corners of the project are CI's business, not the hook's.
    let project = discover::walk(std::slice::from_ref(&root), walk)?;
    if let Ok(canonical) = std::fs::canonicalize(&root) {
        options.terraform.roots.push(canonical);
    }
    let owned: Vec<PathBuf> = owners
        .iter()
        .map(|u| changed::absolute(&u.key().1))
        .collect();
    let units = analysis::plan_units(&project.files, &DiskLoader)
        .into_iter()
        .filter(|u| !owned.contains(&changed::absolute(&u.key().1)))
        .collect();
    Ok(change.candidates(units, &DiskLoader, options))
}

impl Plan {
    /// Every unit to analyse.
    pub fn all_units(&self) -> Vec<Unit> {
        let mut units = self.units.clone();
        units.extend(self.callers.iter().cloned());
        units
    }

    /// The report of the units that count: with `--changed-since`, those
    /// the change touches; for named files, their own units, plus the
    /// findings of the units analysed around them (callers, context),
    /// which [`Plan::keep_findings`] then narrows to the named files.
    /// Findings are linked across every unit analysed.
    pub fn report(&self, snapshot: &Snapshot, base: Option<&Path>) -> ScanReport {
        let Some(change) = &self.change else {
            // A shard's context (callers in other shards) is not its own.
            let around: BTreeSet<UnitKey> = self.callers.iter().map(Unit::key).collect();
            return snapshot.report_of(
                base,
                |key| !around.contains(key),
                |key| !around.contains(key),
            );
        };
        if self.named {
            let around: BTreeSet<UnitKey> = self.callers.iter().map(Unit::key).collect();
            return snapshot.report_of(base, |key| !around.contains(key), |_| true);
        }
        let touched: BTreeSet<&UnitKey> = snapshot
            .units()
            .filter(|(_, result)| change.touches(result))
            .map(|(key, _)| key)
            .collect();
        snapshot.report_of(
            base,
            |key| touched.contains(key),
            |key| touched.contains(key),
        )
    }

    /// For named files: keeps the findings located in them (or under named
    /// directories) or whose trace passes through them.
    pub fn keep_findings(&self, report: &mut ScanReport, paths: &[PathBuf]) {
        if let (true, Some(change)) = (self.named, &self.change) {
            let dirs: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
            change.keep_findings(report, &dirs);
        }
    }

    /// What a shard hands on to `strata merge`.
    pub fn facts(&self, snapshot: &Snapshot, base: Option<&Path>) -> Option<Facts> {
        self.shard.map(|shard| Facts::of(shard, snapshot, base))
    }
}

/// Renders a report; a shard's JSON and SARIF carry its [`Facts`].
pub fn render(
    format: Format,
    report: &ScanReport,
    rules: &[Arc<Rule>],
    options: &RenderOptions,
    facts: Option<&Facts>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(facts) = facts.filter(|_| matches!(format, Format::Json | Format::Sarif)) else {
        return report::render(format, report, rules, options, out);
    };
    let mut text = Vec::new();
    report::render(format, report, rules, options, &mut text)?;
    let mut doc =
        crate::merge::Doc::parse(&String::from_utf8_lossy(&text)).map_err(std::io::Error::other)?;
    let facts = crate::merge::facts_doc(facts);
    let slot = match format {
        Format::Sarif => doc
            .get_mut("runs")
            .and_then(|runs| match runs {
                crate::merge::Doc::Array(runs) => runs.first_mut(),
                _ => None,
            })
            .and_then(|run| {
                let map = run.object_mut()?;
                let properties = map
                    .entry("properties".to_string())
                    .or_insert_with(|| crate::merge::Doc::Object(Default::default()));
                properties.object_mut()
            })
            .map(|properties| (properties, crate::merge::FACTS_KEY)),
        _ => doc.object_mut().map(|map| (map, "shard")),
    };
    if let Some((map, key)) = slot {
        map.insert(key.to_string(), facts);
    }
    out.write_all(doc.to_text().as_bytes())
}

/// `strata merge`.
pub fn merge(args: MergeArgs) -> Result<u8, String> {
    let mut inputs = Vec::new();
    for path in &args.files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        inputs.push((path.display().to_string(), text));
    }
    let merged = crate::merge::merge(&inputs)?;
    for note in &merged.notes {
        eprintln!("warning: {note}");
    }
    match &args.output {
        Some(path) => std::fs::write(path, &merged.text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            match out
                .write_all(merged.text.as_bytes())
                .and_then(|()| out.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(format!("cannot write the merged output: {e}"));
                }
                _ => {}
            }
        }
    }
    Ok(if merged.active.iter().any(|&s| s >= args.fail_on) {
        exit::FINDINGS
    } else if merged.has_errors {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    })
}
