//! The command line: `strata scan`, `strata rules`, `strata explain`, and
//! `strata lsp` (which hands over to the language server).
//!
//! This is a front end: it reads the disk, walks directories, runs units in
//! parallel and writes reports. Everything it knows about IaC comes from the
//! library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod scale;

use crate::baseline::{self, Baseline};
use crate::config::Config;
use crate::discover::{self, WalkOptions};
use crate::engine::rule::Rule;
use crate::findings::{FileEntry, FileKind, FileStatus, ScanReport, Severity};
use crate::options;
use crate::report::{self, Format, RenderOptions};
use crate::source::DiskLoader;
use crate::workspace::Workspace;

/// Exit codes (DESIGN.md): the contract scripts rely on.
pub mod exit {
    pub const CLEAN: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INCOMPLETE: u8 = 3;
}

#[derive(Parser, Debug)]
#[command(
    name = "strata",
    version,
    about = "Finds security misconfigurations in Terraform, Kubernetes, Helm and Dockerfiles"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan files and directories (default: the current directory).
    Scan(Box<ScanArgs>),
    /// List the rule catalog.
    Rules(RulesArgs),
    /// Run the language server on stdio (for VS Code, Neovim, Helix, Zed…).
    Lsp,
    /// Merge JSON or SARIF outputs (the shards of a scan) into one, as a
    /// single run would have written it.
    Merge(scale::MergeArgs),
    /// Explain a rule: why it matters and how to fix it.
    Explain {
        /// A rule id such as AWS001, or a rule name.
        rule: String,
        /// Extra rules directory, as for `scan`.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Settings file (default: the nearest strata.toml in the scanned
    /// directory or its parents).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Lowest severity that makes the scan fail (exit code 1).
    #[arg(long, value_name = "SEVERITY", default_value = "low")]
    fail_on: Severity,
    /// Only run these rules (ids, id prefixes such as `AWS`, or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    select: Vec<String>,
    /// Do not run these rules (ids, prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    ignore: Vec<String>,
    /// Load extra rules from DIR (same format as the built-in catalog).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Suppress the findings recorded in this baseline (only new ones fail).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings as a baseline in FILE (they count as
    /// suppressed for this run).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Terraform variable file applied to root modules (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// Helm values file applied over every chart's values.yaml (repeatable,
    /// later files win, as `helm template --values`).
    #[arg(long = "values", value_name = "FILE")]
    values_files: Vec<PathBuf>,
    /// The Dockerfile stage that is built (as `docker build --target`):
    /// rules about the final image judge that stage.
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,
    /// Leave out paths matching GLOB (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Worker threads, 1 to 512 (default, or 0: one per core).
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Scan files that .gitignore / .ignore would leave out.
    #[arg(long)]
    no_ignore_files: bool,
    /// Colour in the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// `--shard`, `--changed-since`.
    #[command(flatten)]
    scale: scale::ScaleArgs,
}

#[derive(Args, Debug)]
struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
    /// Extra rules directory, as for `scan`.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Most worker threads `--jobs` accepts.
pub const MAX_JOBS: usize = 512;

/// `--jobs N`: 0 means one per core; more than [`MAX_JOBS`] is refused
/// (a usage error, exit code 2) rather than asking for threads the
/// machine cannot give.
fn parse_jobs(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of threads"))?;
    if n > MAX_JOBS {
        return Err(format!("at most {MAX_JOBS} threads (0 means one per core)"));
    }
    Ok(n)
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Scan(args) => scan(*args),
        Command::Rules(args) => list_rules(args),
        Command::Merge(args) => scale::merge(args),
        Command::Explain { rule, rules } => explain(&rule, rules.as_deref()),
        Command::Lsp => return crate::lsp::serve(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::USAGE)
        }
    }
}

fn scan(args: ScanArgs) -> Result<u8, String> {
    let start = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let config = Config::discover(args.config.as_deref(), start)?;
    let choices = options::Choices {
        rules_dir: args.rules.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        var_files: args.var_files.clone(),
        values_files: args.values_files.clone(),
        dockerfile_target: args.target.clone(),
        roots: discover::scan_roots(&args.paths),
    };
    let (mut options, rules) = options::build(&config, &choices, start)?;
    let jobs = args.jobs.unwrap_or(0);
    if jobs > 0 {
        // The global pool can only be set once per process; a second call
        // (tests calling `run` twice) keeps the first setting.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    let walk_options = WalkOptions {
        use_ignore_files: !args.no_ignore_files,
        exclude: args.exclude.clone(),
        threads: jobs,
    };
    let discovered = discover::walk(&args.paths, &walk_options)?;
    let plan = scale::plan(&args.scale, start, &discovered, &walk_options, &mut options)?;
    let base = options.base_dir.clone();
    let base = base.as_deref();
    let mut workspace = Workspace::new(options, Box::new(DiskLoader));
    workspace.add_units(plan.all_units());
    let snapshot = workspace.snapshot();
    let mut report = plan.report(&snapshot, base);
    let facts = plan.facts(&snapshot, base);
    drop(workspace);
    report
        .files
        .extend(discovered.errors.iter().map(|e| FileEntry {
            path: report::display_path(&e.path, base),
            kind: FileKind::Unknown,
            status: FileStatus::Error(e.message.clone()),
        }));
    report.sort();
    plan.keep_findings(&mut report, &args.paths);
    apply_baselines(&args, &mut report)?;

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    write_report(&args, &report, &rules, color, facts.as_ref())?;
    Ok(exit_code(&report, args.fail_on))
}

/// `--baseline` suppresses what it recorded; `--write-baseline` records
/// what is left, which then counts as suppressed for this run too.
fn apply_baselines(args: &ScanArgs, report: &mut ScanReport) -> Result<(), String> {
    if let Some(path) = &args.baseline {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline `{origin}`: {e}"))?;
        Baseline::parse(&origin, &text)?.apply(report, &origin);
    }
    if let Some(path) = &args.write_baseline {
        let origin = path.display().to_string();
        let text = baseline::write(report);
        std::fs::write(path, &text)
            .map_err(|e| format!("cannot write baseline `{origin}`: {e}"))?;
        Baseline::parse(&origin, &text)?.apply(report, &origin);
    }
    Ok(())
}

fn write_report(
    args: &ScanArgs,
    report: &ScanReport,
    rules: &[Arc<Rule>],
    color: bool,
    facts: Option<&crate::shard::Facts>,
) -> Result<(), String> {
    let options = RenderOptions { color };
    let result = match &args.output {
        Some(path) => std::fs::File::create(path).and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            scale::render(args.format, report, rules, &options, facts, &mut out)?;
            out.flush()
        }),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match scale::render(args.format, report, rules, &options, facts, &mut out)
                .and_then(|()| out.flush())
            {
                // A closed pipe (`strata scan | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    };
    result.map_err(|e| match &args.output {
        Some(path) => format!("cannot write `{}`: {e}", path.display()),
        None => format!("cannot write the report: {e}"),
    })
}

/// 1 if any finding is at or above `fail_on`; else 3 if a file could not
/// be analysed; else 0.
pub fn exit_code(report: &ScanReport, fail_on: Severity) -> u8 {
    if report.active().any(|f| f.severity >= fail_on) {
        exit::FINDINGS
    } else if report.has_errors() {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    }
}

fn list_rules(args: RulesArgs) -> Result<u8, String> {
    let catalog = options::load_catalog(args.rules.as_deref())?;
    let mut out = String::new();
    match args.format {
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> =
                catalog.rules().iter().map(|r| rule_json(r)).collect();
            out = serde_json::to_string_pretty(&rules).map_err(|e| e.to_string())? + "\n";
        }
        ListFormat::Human => {
            for rule in catalog.rules() {
                out.push_str(&format!(
                    "{:<8} {:<9} {:<9} {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    format!("{:?}", rule.layer).to_lowercase(),
                    rule.title
                ));
            }
            out.push_str(&format!("{} rules\n", catalog.rules().len()));
        }
    }
    print!("{out}");
    Ok(exit::CLEAN)
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity,
        "layer": rule.layer,
        "status": rule.status,
        "applies_to": rule.applies_to,
        "description": rule.description.trim(),
        "recipe": rule.recipe.trim(),
        "snippets": rule.snippets,
        "references": rule.references,
    })
}

fn explain(id: &str, extra: Option<&Path>) -> Result<u8, String> {
    let catalog = options::load_catalog(extra)?;
    let rule = catalog
        .get(id)
        .or_else(|| catalog.rules().iter().find(|r| r.name == id))
        .ok_or_else(|| format!("no rule `{id}` (see `strata rules`)"))?;
    let out = report::explain(rule);
    print!("{out}");
    Ok(exit::CLEAN)
}
