//! Dockerfiles: parsed with exact spans, each build stage lowered into the
//! graph as a `dockerfile_stage` resource.
//!
//! - `lines`: physical lines to raw instructions (directives, comments,
//!   continuations with `\` or `` ` ``, heredoc bodies);
//! - `instruction`: keyword, flags and per-kind arguments ([`ast`]);
//! - `subst`: `$VAR` / `${VAR:-x}` … substitution; `scope`: which
//!   variables a word sees;
//! - `shell`: RUN scripts split into commands;
//! - `lower`, `stage`, `nodes`, `run`, `copy`: stages to resources.
//!
//! The parser is hand-written (the crates probed either stop at the first
//! error or lack heredocs) and recovers: an unknown or truncated
//! instruction, an unterminated heredoc or a bad escape is a diagnostic
//! with a span, and the following lines are still read, so the rest of the
//! file is analysed.
//!
//! # The `dockerfile_stage` body
//!
//! Address `<path>#<stage name or index>`; the resource span is the FROM
//! instruction. Instruction-level nodes span the whole instruction, values
//! span their argument.
//!
//! | key | value |
//! |---|---|
//! | `index` | number |
//! | `name` | the `AS` name, if any |
//! | `final` | bool: the last stage |
//! | `from` | the image after ARG substitution (unknown if unresolved) |
//! | `platform` | `--platform`, if any |
//! | `base` | image facts ([`crate::model::image::image_facts`]) of an external image; absent for a stage or `scratch`; unknown if unresolved |
//! | `baseStage` | the earlier stage built FROM (its name, or index) |
//! | `scratch` | `true` for `FROM scratch` |
//! | `user` | the effective user at the end of the stage (last USER, else inherited from a base stage); absent: image default |
//! | `userIsRoot` | bool; unknown when the user is |
//! | `env` | NAME → value (inherited from a base stage, later wins; span: the `NAME=value` pair) |
//! | `args` | NAME → default (`null` without one) of the stage's ARGs |
//! | `globalArgs` | the same for ARGs before the first FROM (first stage only) |
//! | `labels` | NAME → value (inherited) |
//! | `exposedPorts` | list of `{port, protocol, endPort?}` (inherited; unknown entries when unresolved) |
//! | `healthcheck` | `{none: bool}` if the stage or its base stage has HEALTHCHECK |
//! | `shell` | the effective SHELL (list of strings), absent when default |
//! | `instructions` | list of instruction maps, FROM first |
//!
//! Every instruction map has `instruction` (upper-case keyword, or as
//! written when unknown), `arguments` (raw text after the keyword) and
//! `flags` (name → value, `true` for a bare flag), plus:
//! - FROM: `image`, `alias`, `platform`;
//! - RUN: `form` (`shell`|`exec`), `script` (heredoc bodies included),
//!   `commands` (list of `{program, args, pipedInto?, sudo}`), `hasPipe`,
//!   `pipefail`, `mounts`;
//! - COPY/ADD: `sources`, `destination`, `from`, `fromStage` (an earlier
//!   stage) or `fromImage` (image facts), `chown`, `chmod`, `heredoc`;
//!   ADD also `remote` and `archive`;
//! - USER: `user`, `group`; WORKDIR: `path`, `relative`; EXPOSE: `ports`;
//!   VOLUME: `volumes`; STOPSIGNAL: `signal`; MAINTAINER: `name`;
//!   CMD/ENTRYPOINT: `form`; HEALTHCHECK: `none`, `form`; SHELL: `shell`;
//!   ENV/ARG: `variables`; LABEL: `labels`; ONBUILD: `trigger` (the inner
//!   instruction's map, variables unknown).
//!
//! Edges go from a stage to an earlier one: `baseStage` (FROM) and
//! `copyFrom` (`COPY --from`).

pub mod ast;
mod copy;
mod instruction;
mod lines;
mod lower;
mod nodes;
mod run;
mod scope;
mod shell;
mod stage;
mod subst;
pub mod text;
mod words;

use std::path::Path;

use crate::findings::FileKind;
use crate::model::Graph;
use crate::source::{Diagnostic, FileId, Span};
use crate::unit::{AnalysisOptions, Lowered, Lowering};

pub use lower::KIND;

/// Parses a Dockerfile: what could be read, and the problems met.
pub fn parse(text: &str, file: FileId) -> (ast::Dockerfile, Vec<Diagnostic>) {
    let scanned = lines::scan(text);
    let mut diagnostics: Vec<Diagnostic> = scanned
        .problems
        .into_iter()
        .map(|(range, message)| Diagnostic {
            file,
            span: Some(Span::new(file, range)),
            message,
        })
        .collect();
    let escape = scanned.escape;
    let mut ctx = instruction::Ctx {
        file,
        escape,
        problems: &mut diagnostics,
    };
    let instructions = scanned
        .instructions
        .into_iter()
        .map(|raw| instruction::build(raw, &mut ctx))
        .collect();
    let directives = scanned
        .directives
        .into_iter()
        .map(|d| ast::Directive {
            name: d.name,
            value: d.value,
            span: Span::new(file, d.span),
        })
        .collect();
    let doc = ast::Dockerfile {
        directives,
        escape,
        instructions,
    };
    (doc, diagnostics)
}

/// Parses `text` and adds its stages to `graph`; returns the diagnostics,
/// earliest first.
pub fn lower_text(
    text: &str,
    file: FileId,
    address: &str,
    options: &AnalysisOptions,
    graph: &mut Graph,
) -> Vec<Diagnostic> {
    let (doc, mut diagnostics) = parse(text, file);
    lower::stages(
        &doc,
        address,
        file,
        &options.images,
        options.dockerfile_target.as_deref(),
        &mut diagnostics,
        graph,
    );
    if !doc.instructions.iter().any(|i| i.keyword == "FROM") {
        diagnostics.push(Diagnostic {
            file,
            span: None,
            message: "no FROM instruction: this is not a build".to_string(),
        });
    }
    diagnostics.sort_by_key(|d| d.span.map_or(u32::MAX, |s| s.start));
    diagnostics
}

/// Lowers one Dockerfile.
pub fn lower(path: &Path, cx: &mut Lowering) -> Lowered {
    // A read failure is recorded by the loader and reported with the file.
    let Ok(text) = cx.loader.read(path) else {
        return Lowered::default();
    };
    let file = cx.sources.add(path.to_path_buf(), text.clone());
    let blank = |l: &str| {
        let l = l.trim_start_matches('\u{feff}').trim();
        l.is_empty() || l.starts_with('#')
    };
    if text.lines().all(blank) {
        return Lowered {
            diagnostics: Vec::new(),
            skipped: vec![(
                path.to_path_buf(),
                FileKind::Dockerfile,
                "no instructions (only comments or blank lines)".to_string(),
            )],
            ..Lowered::default()
        };
    }
    // The address is relative to the project root, never to where the scan
    // runs from: it is part of the finding's fingerprint.
    let address = cx.options.identity_path(path);
    Lowered {
        diagnostics: lower_text(&text, file, &address, cx.options, cx.graph),
        ..Lowered::default()
    }
}
