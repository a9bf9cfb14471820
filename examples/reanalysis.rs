//! Engine-level benchmark of incremental re-analysis, as an editor drives
//! the workspace: one-line edits handed in as unsaved buffers, then a new
//! snapshot and its report.
//!
//!   cargo run --release --example reanalysis -- [MANIFEST_TREE]
//!
//! Measures (median and max over 20 edits):
//! - a 2,000-line Terraform file (in memory) with one attribute flipped;
//! - when MANIFEST_TREE is given (e.g. from `benches/gen_manifests.py`), one
//!   manifest of that tree edited after the whole tree was analysed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use strata::analysis::{self, AnalysisOptions};
use strata::discover::{self, WalkOptions};
use strata::engine::Catalog;
use strata::source::{DiskLoader, LoadError, SourceLoader};
use strata::workspace::Workspace;

fn main() {
    let options = AnalysisOptions {
        rules: Catalog::builtin().rules().to_vec(),
        ..AnalysisOptions::default()
    };
    terraform(options.clone());
    if let Some(tree) = std::env::args().nth(1) {
        manifests(options, Path::new(&tree));
    }
}

/// 200 volumes of 10 lines each.
fn big_terraform(flip: usize) -> String {
    (0..200)
        .map(|i| {
            let encrypted = if i == flip % 200 { "false" } else { "true" };
            format!(
                "resource \"aws_ebs_volume\" \"v{i}\" {{\n  availability_zone = \"eu-west-1a\"\n  size              = {size}\n  encrypted         = {encrypted}\n  type              = \"gp3\"\n  tags = {{\n    Name = \"v{i}\"\n  }}\n}}\n\n",
                size = 10 + i
            )
        })
        .collect()
}

struct Nothing;

impl SourceLoader for Nothing {
    fn read(&self, _: &Path) -> Result<Arc<str>, LoadError> {
        Err(LoadError::NotFound)
    }
    fn list_dir(&self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
}

fn terraform(options: AnalysisOptions) {
    let mut ws = Workspace::new(options, Box::new(Nothing));
    let path = PathBuf::from("infra/main.tf");
    ws.set_document(path.clone(), Arc::from(big_terraform(0)));
    ws.snapshot();
    let lines = big_terraform(0).lines().count();
    let times = (1..=20)
        .map(|edit| {
            let text: Arc<str> = Arc::from(big_terraform(edit));
            let start = Instant::now();
            ws.set_document(path.clone(), text);
            let report = ws.snapshot().report(None);
            assert!(!report.findings.is_empty());
            start.elapsed()
        })
        .collect();
    print_times(
        &format!("terraform: one edit in a {lines}-line file"),
        times,
    );
}

fn manifests(options: AnalysisOptions, tree: &Path) {
    let walk = WalkOptions {
        use_ignore_files: true,
        ..WalkOptions::default()
    };
    let found = discover::walk(&[tree.to_path_buf()], &walk).expect("a readable tree");
    let mut ws = Workspace::new(options, Box::new(DiskLoader));
    let start = Instant::now();
    ws.add_units(analysis::plan_units(&found.files, &DiskLoader));
    ws.snapshot();
    println!(
        "manifests: first analysis of {} files: {:.0} ms",
        found.files.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    let (path, _) = &found.files[found.files.len() / 2];
    let original = std::fs::read_to_string(path).expect("readable manifest");
    let times = (0..20)
        .map(|edit| {
            let text = format!("{original}\n# edit {edit}\n");
            let start = Instant::now();
            ws.set_document(path.clone(), Arc::from(text));
            let snapshot = ws.snapshot();
            let standing = snapshot.findings().len();
            assert!(standing > 0);
            start.elapsed()
        })
        .collect();
    print_times(
        &format!("manifests: one edit in a tree of {}", found.files.len()),
        times,
    );
}

fn print_times(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.2} ms, max {:.2} ms over {} edits",
        ms(times[times.len() / 2]),
        ms(*times.last().unwrap()),
        times.len()
    );
}
