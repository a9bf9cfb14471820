//! Renders a Helm chart with Strata's in-process engine and prints the
//! documents like `helm template` (`# Source:` headers), diagnostics on
//! stderr. Used by `benches/compare_helm.py`.
//!
//! usage: render_chart CHART_DIR [-f VALUES]... [--repeat N]

use std::path::{Path, PathBuf};
use std::time::Instant;

use strata::helm::{ChartOptions, render_chart};
use strata::source::DiskLoader;

// The allocator the `strata` binary uses, so timings match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, out),
            Ok(_) => out.push(p),
            Err(_) => {}
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut chart = None;
    let mut options = ChartOptions::default();
    let mut repeat = 1usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-f" | "--values" => options.values_files.extend(args.next().map(PathBuf::from)),
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            _ => chart = Some(PathBuf::from(a)),
        }
    }
    let Some(chart) = chart else {
        eprintln!("usage: render_chart CHART_DIR [-f VALUES]... [--repeat N]");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    walk(&chart, &mut files);
    files.sort();
    options.files = Some(files);
    let start = Instant::now();
    let mut rendered = render_chart(&chart, &DiskLoader, &options);
    for _ in 1..repeat {
        rendered = render_chart(&chart, &DiskLoader, &options);
    }
    let elapsed = start.elapsed();
    for d in &rendered.documents {
        println!("---\n# Source: {}", d.name);
        println!("{}", d.text);
    }
    for d in &rendered.diagnostics {
        let at = match (d.source, &d.range) {
            (Some(s), Some(r)) => {
                let (path, text) = &rendered.sources[s as usize];
                let line = text[..(r.start as usize).min(text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                format!("{}:{line}: ", path.display())
            }
            _ => String::new(),
        };
        eprintln!("diagnostic: {at}{}", d.message);
    }
    if repeat > 1 {
        eprintln!("rendered {repeat} times in {:.3}s", elapsed.as_secs_f64());
    }
}
