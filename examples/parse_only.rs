//! Parse-only baseline for the scan benchmark: reads and parses every
//! Terraform file under the given directory, without evaluation or rules,
//! and prints the throughput. `benches/scan.sh` prints it beside the full
//! scan so the cost of evaluation and rules is visible.

use std::time::Instant;

use strata::discover::{self, Candidate, WalkOptions};
use strata::source::FileId;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only DIR");
        std::process::exit(2);
    };
    let options = WalkOptions {
        use_ignore_files: true,
        ..WalkOptions::default()
    };
    let found = match discover::walk(&[dir.into()], &options) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    let paths: Vec<_> = found
        .files
        .iter()
        .filter(|(p, c)| {
            *c == Candidate::TerraformSource && p.extension().is_some_and(|e| e == "tf")
        })
        .map(|(p, _)| p.clone())
        .collect();
    let mut best = f64::MAX;
    let mut bytes = 0;
    let mut errors = 0;
    for _ in 0..3 {
        let start = Instant::now();
        bytes = 0;
        errors = 0;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            bytes += text.len();
            errors += strata::terraform::parse_only(&text, FileId(0)).len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "read+parse only {best:8.3} s  {:9.0} files/s  {:7.1} MB/s  (1 thread, {} parse errors)",
        paths.len() as f64 / best,
        bytes as f64 / best / 1e6,
        errors
    );
}
