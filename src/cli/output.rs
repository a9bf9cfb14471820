//! Where reports go. One run writes one format to standard output (or to a
//! single `--output FILE`) and any number of `--output FORMAT=FILE`, so CI
//! keeps a readable log and a SARIF file from the same scan.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::ValueEnum;

use crate::engine::rule::Rule;
use crate::findings::ScanReport;
use crate::report::{Format, RenderOptions};

/// One `--output` value.
#[derive(Clone, Debug, PartialEq)]
pub enum OutputArg {
    /// `FILE`: the `--format` report goes there instead of standard output.
    File(PathBuf),
    /// `FORMAT=FILE`: that format, written to FILE, besides the rest.
    Format(Format, PathBuf),
}

/// `sarif=out.sarif` names a format when the text before `=` is one;
/// anything else is a file name.
pub fn parse_output(text: &str) -> Result<OutputArg, String> {
    if let Some((name, file)) = text.split_once('=')
        && let Ok(format) = Format::from_str(name, true)
    {
        if file.is_empty() {
            return Err(format!("`{text}`: no file after `{name}=`"));
        }
        return Ok(OutputArg::Format(format, PathBuf::from(file)));
    }
    if text.is_empty() {
        return Err("an empty file name".into());
    }
    Ok(OutputArg::File(PathBuf::from(text)))
}

/// Every report a run writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The format written to standard output, if any.
    pub stdout: Option<Format>,
    pub files: Vec<(Format, PathBuf)>,
}

impl Plan {
    pub fn new(format: Format, outputs: &[OutputArg]) -> Result<Plan, String> {
        let mut stdout = Some(format);
        let mut files = Vec::new();
        for output in outputs {
            match output {
                OutputArg::File(path) => {
                    if stdout.is_none() {
                        return Err(format!(
                            "--output `{}`: only one --output may be a bare FILE (write FORMAT=FILE for the others)",
                            path.display()
                        ));
                    }
                    stdout = None;
                    files.push((format, path.clone()));
                }
                OutputArg::Format(format, path) => files.push((*format, path.clone())),
            }
        }
        for (index, (_, path)) in files.iter().enumerate() {
            if files[..index].iter().any(|(_, earlier)| earlier == path) {
                return Err(format!("--output names `{}` twice", path.display()));
            }
        }
        Ok(Plan { stdout, files })
    }

    /// Writes every report; colour only ever goes to standard output.
    pub fn write(
        &self,
        report: &ScanReport,
        rules: &[Arc<Rule>],
        options: &RenderOptions,
        facts: Option<&crate::shard::Facts>,
    ) -> Result<(), String> {
        for (format, path) in &self.files {
            let plain = RenderOptions {
                color: false,
                width: RenderOptions::default().width,
                ..options.clone()
            };
            std::fs::File::create(path)
                .and_then(|file| {
                    let mut out = std::io::BufWriter::new(file);
                    super::scale::render(*format, report, rules, &plain, facts, &mut out)?;
                    out.flush()
                })
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
        if let Some(format) = self.stdout {
            super::stdout::write_with(|out| {
                super::scale::render(format, report, rules, options, facts, out)
            })
            .map_err(|e| format!("cannot write the report: {e}"))?;
        }
        Ok(())
    }
}

/// The width the human report on standard output wraps to: `COLUMNS`
/// when set, else the terminal's width, else 80 (pipes and CI logs).
pub fn stdout_width() -> usize {
    let default = RenderOptions::default().width;
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return columns;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map_or(default, |(width, _)| usize::from(width.0))
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal, as the environment allows.
    Auto,
    Always,
    Never,
}

/// Whether the report on standard output is coloured: the flag when it
/// says always or never; else `NO_COLOR` (set and not empty) turns colour
/// off, `FORCE_COLOR` / `CLICOLOR_FORCE` (set, not empty, not `0`) turn it
/// on for a log that is not a terminal (CI), and otherwise a terminal gets
/// colour.
pub fn use_color(choice: ColorChoice, env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_files_or_format_file_pairs() {
        assert_eq!(
            parse_output("sarif=x.sarif"),
            Ok(OutputArg::Format(Format::Sarif, "x.sarif".into()))
        );
        assert_eq!(
            parse_output("report.json"),
            Ok(OutputArg::File("report.json".into()))
        );
        // Not a format before `=`: a file name that holds one.
        assert_eq!(
            parse_output("a=b.json"),
            Ok(OutputArg::File("a=b.json".into()))
        );
        assert!(parse_output("json=").is_err());
    }

    #[test]
    fn a_plan_keeps_stdout_unless_a_bare_file_takes_it() {
        let plan = Plan::new(
            Format::Human,
            &[OutputArg::Format(Format::Sarif, "x.sarif".into())],
        )
        .unwrap();
        assert_eq!(plan.stdout, Some(Format::Human));
        let plan = Plan::new(Format::Json, &[OutputArg::File("r.json".into())]).unwrap();
        assert_eq!(plan.stdout, None);
        assert_eq!(plan.files, [(Format::Json, "r.json".into())]);
        let twice = [OutputArg::File("a".into()), OutputArg::File("b".into())];
        assert!(Plan::new(Format::Json, &twice).is_err());
        let same = [
            OutputArg::Format(Format::Json, "a".into()),
            OutputArg::Format(Format::Sarif, "a".into()),
        ];
        assert!(Plan::new(Format::Json, &same).is_err());
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(use_color(ColorChoice::Always, env(&[("NO_COLOR", "1")])));
        assert!(!use_color(ColorChoice::Never, env(&[("FORCE_COLOR", "1")])));
        assert!(use_color(ColorChoice::Auto, env(&[("FORCE_COLOR", "1")])));
        assert!(use_color(
            ColorChoice::Auto,
            env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            env(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")])
        ));
        // Tests do not run on a terminal: auto without forcing is off.
        assert!(!use_color(ColorChoice::Auto, env(&[("FORCE_COLOR", "0")])));
    }
}
