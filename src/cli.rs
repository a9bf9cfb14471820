//! The command line: `strata scan`, `strata rules`, `strata explain`, and
//! `strata lsp` (which hands over to the language server).
//!
//! This is a front end: it reads the disk, walks directories, runs units in
//! parallel and writes reports. Everything it knows about IaC comes from the
//! library.

mod checks;
mod generate;
mod output;
mod stdout;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod scale;

use crate::baseline::{self, Baseline};
use crate::config::Config;
use crate::discover::{self, WalkOptions};
use crate::engine::rule::Rule;
use crate::findings::{FileEntry, FileKind, FileStatus, ScanReport};
use crate::options;
use crate::report::{self, Format, RenderOptions};
use crate::source::DiskLoader;
use crate::workspace::Workspace;

pub use checks::FailOn;
use output::{ColorChoice, OutputArg};

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
    /// Print a shell completion script (e.g. `strata completions bash >
    /// /etc/bash_completion.d/strata`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into DIR.
    Man {
        /// Write strata.1, strata-scan.1, … here instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// The report on standard output (or in a bare `--output FILE`).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// `FORMAT=FILE`: also write that format to FILE (repeatable, e.g.
    /// `--output sarif=strata.sarif --output junit=strata.xml`). A bare FILE
    /// takes the `--format` report instead of standard output.
    #[arg(long, short, value_name = "[FORMAT=]FILE", value_parser = output::parse_output)]
    output: Vec<OutputArg>,
    /// Settings file (default: the nearest strata.toml in the scanned
    /// directory or its parents).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Lowest severity that makes the scan fail (exit code 1); `none`
    /// reports without failing on findings.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Low)]
    fail_on: FailOn,
    /// Report only: findings never fail the run (as `--fail-on none`);
    /// usage errors still exit 2 and unanalysable files 3.
    #[arg(long, conflicts_with = "fail_on")]
    exit_zero: bool,
    /// Broken suppression comments (unknown rule, no reason) and ones that
    /// silence nothing fail the run (exit 1), as findings do.
    #[arg(long)]
    strict_suppressions: bool,
    /// Exit 2 when no file was analysed (a wrong path in CI), instead of
    /// only warning.
    #[arg(long)]
    fail_on_empty: bool,
    /// SARIF `automationDetails.id`, which tells runs of different
    /// configurations apart in code scanning (default: `strata/`).
    #[arg(long, value_name = "ID")]
    sarif_category: Option<String>,
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
    /// Leave out paths matching PATTERN (repeatable; gitignore syntax,
    /// relative to each scanned directory: `examples` anywhere,
    /// `modules/legacy` below the root, `**/*.gen.tf`).
    #[arg(long, value_name = "PATTERN")]
    exclude: Vec<String>,
    /// Worker threads, 1 to 512 (default, or 0: one per core).
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Scan files that .gitignore / .ignore would leave out.
    #[arg(long)]
    no_ignore_files: bool,
    /// Colour in the human report on standard output (auto honours
    /// NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Human report: one line per finding instead of code frames (for CI logs).
    #[arg(long)]
    compact: bool,
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
        Command::Completions { shell } => generate::completions(shell),
        Command::Man { dir } => generate::man_pages(dir.as_deref()),
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
        excluded: config_excludes(&config)?,
        threads: jobs,
    };
    let discovered = discover::walk(&args.paths, &walk_options)?;
    if let Some(target) = &args.target {
        checks::target_stage_exists(target, &discovered.files)?;
    }
    let plan = scale::plan(&args.scale, start, &discovered, &walk_options, &mut options)?;
    let base = options.base_dir.clone();
    let base = base.as_deref();
    let mut workspace = Workspace::new(options, Box::new(DiskLoader));
    workspace.add_units(plan.all_units());
    let snapshot = workspace.snapshot();
    let mut report = plan.report(&snapshot, base);
    let facts = plan.facts(&snapshot, base);
    drop(workspace);
    // What the walk met that is no unit's: unreadable entries, and links
    // to nothing.
    let walked = (discovered
        .errors
        .iter()
        .map(|e| (e, FileStatus::Error(e.message.clone()))))
    .chain((discovered.skipped.iter()).map(|e| (e, FileStatus::Skipped(e.message.clone()))));
    report.files.extend(walked.map(|(e, status)| FileEntry {
        path: report::display_path(&e.path, base),
        kind: FileKind::Unknown,
        status,
    }));
    report
        .warnings
        .extend(checks::empty_scan(&report, &args.paths));
    report.sort();
    plan.keep_findings(&mut report, &args.paths);
    apply_baselines(&args, &mut report)?;

    let outputs = output::Plan::new(args.format, &args.output)?;
    let render_options = RenderOptions {
        color: outputs.stdout.is_some()
            && output::use_color(args.color, |name| std::env::var(name).ok()),
        sarif_category: args
            .sarif_category
            .clone()
            .or(config.report.sarif_category.clone()),
        docs_url: config.report.docs_url.clone(),
        width: output::stdout_width(),
        compact: args.compact,
    };
    for warning in &report.warnings {
        eprintln!("{}", checks::warning_line(warning));
    }
    outputs.write(&report, &rules, &render_options, facts.as_ref())?;
    let verdict = checks::Verdict {
        fail_on: if args.exit_zero {
            FailOn::None
        } else {
            args.fail_on
        },
        strict_suppressions: args.strict_suppressions || config.suppressions.strict,
        fail_on_empty: args.fail_on_empty,
    };
    Ok(verdict.exit_code(&report))
}

/// strata.toml's `[files] exclude`, relative to the file.
fn config_excludes(config: &Config) -> Result<Vec<crate::pathspec::PathPatterns>, String> {
    if config.files.exclude.is_empty() {
        return Ok(Vec::new());
    }
    let origin = config.path.as_deref().unwrap_or(Path::new("strata.toml"));
    crate::pathspec::PathPatterns::new(&config.dir(), &config.files.exclude)
        .map(|set| vec![set])
        .map_err(|e| {
            format!(
                "{}: invalid `[files] exclude` pattern {e}",
                origin.display()
            )
        })
}

/// `--baseline` suppresses what it recorded; `--write-baseline` records
/// what is left, which then counts as suppressed for this run too.
fn apply_baselines(args: &ScanArgs, report: &mut ScanReport) -> Result<(), String> {
    if let Some(path) = &args.baseline {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline `{origin}`: {e}"))?;
        let applied = Baseline::parse(&origin, &text)?.apply(report, &origin);
        eprintln!("{}", applied.describe(&origin));
    }
    if let Some(path) = &args.write_baseline {
        let origin = path.display().to_string();
        let text = baseline::write(report);
        std::fs::write(path, &text)
            .map_err(|e| format!("cannot write baseline `{origin}`: {e}"))?;
        let recorded = Baseline::parse(&origin, &text)?.apply(report, &origin);
        eprintln!(
            "wrote baseline {origin}: recorded {} findings",
            recorded.matched
        );
    }
    Ok(())
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
                    rule.layer.as_str(),
                    rule.title
                ));
            }
            out.push_str(&format!("{} rules\n", catalog.rules().len()));
        }
    }
    stdout::print(&out)?;
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
        "supersedes": rule.supersedes,
    })
}

fn explain(id: &str, extra: Option<&Path>) -> Result<u8, String> {
    let catalog = options::load_catalog(extra)?;
    let out = match report::lookup(catalog.rules(), id) {
        Some(report::Explained::Rule(rule)) => report::explain(rule),
        Some(report::Explained::Peer { tool, id, rules }) => {
            let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
            let mut out = format!("{tool} {id} is covered by {}\n", ids.join(", "));
            for rule in rules {
                out.push('\n');
                out.push_str(&report::explain(rule));
            }
            out
        }
        None => {
            return Err(format!(
                "no rule `{id}`, and no rule references it (see `strata rules`)"
            ));
        }
    };
    stdout::print(&out)?;
    Ok(exit::CLEAN)
}
