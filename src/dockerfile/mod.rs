//! Dockerfiles: parsed with exact spans, each build stage lowered into the
//! graph as a `dockerfile_stage` resource and each instruction as a
//! `dockerfile_instruction` of its stage.
//!
//! - `lines`: physical lines to raw instructions (directives, comments,
//!   continuations with `\` or `` ` ``, heredoc bodies);
//! - `instruction`: keyword, flags and per-kind arguments ([`ast`]);
//! - `subst`: `$VAR` / `${VAR:-x}` … substitution; `scope`: which
//!   variables a word sees;
//! - `shell`: RUN scripts split into commands;
//! - `lower`, `stage`, `nodes`, `run`, `copy`, `users`: stages and what
//!   their instructions change; `resources`: stages and instructions to
//!   graph resources.
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
//! | `final` | bool: the last stage (or the `--target`) |
//! | `ships` | bool: its layers are in the built image (the final stage and the stages it is built FROM) |
//! | `runnable` | bool: false for a `scratch`-based stage with no CMD/ENTRYPOINT (it only carries files) |
//! | `windows` | bool: the base image is a Windows one (an unresolved base: the SHELL is PowerShell or cmd) |
//! | `from` | the image after ARG substitution (unknown if unresolved) |
//! | `platform` | `--platform`, if any |
//! | `base` | image facts ([`crate::model::image::image_facts`]) of an external image; absent for a stage or `scratch`; unknown if unresolved |
//! | `baseStage` | the earlier stage built FROM (its name, or index) |
//! | `scratch` | `true` for `FROM scratch` |
//! | `user` | the effective user at the end of the stage (last USER, else inherited from a base stage); absent: image default |
//! | `effectiveUser` | `user`, else the image's default account (`root`; `ContainerAdministrator` on Server Core, `ContainerUser` on Nano Server) |
//! | `userIsRoot` | bool: root, UID 0 or `ContainerAdministrator`; unknown when the user is |
//! | `userVerified` | with a `user`: bool, whether the file shows who it is (a numeric UID, an account a RUN `useradd`/`adduser` creates, `ContainerUser`); false for a name only the base image knows |
//! | `env` | NAME → value (inherited from a base stage, later wins; span: the `NAME=value` pair) |
//! | `args` | NAME → default (`null` without one) of the stage's ARGs |
//! | `globalArgs` | the same for ARGs before the first FROM (first stage only) |
//! | `labels` | NAME → value (inherited) |
//! | `exposedPorts` | list of `{port, protocol, endPort?}` (inherited; unknown entries when unresolved) |
//! | `healthcheck` | `{none: bool}` if the stage or its base stage has HEALTHCHECK |
//! | `shell` | the effective SHELL (list of strings), absent when default |
//! | `instructions` | list of instruction maps, FROM first |
//!
//! # The `dockerfile_instruction` body
//!
//! Address `<stage address>/<KEYWORD>[n]` (the n-th instruction with that
//! keyword in the stage, from 0); the resource span is the whole
//! instruction, so a suppression comment above it covers its continuation
//! lines. The body is the instruction's map (below) plus `stage`: `{index,
//! name, final, ships, windows}` of its stage, and an edge `stage.index` to
//! the stage resource (for `references: dockerfile_stage, via:
//! stage.index`).
//!
//! Every instruction map has `instruction` (upper-case keyword, or as
//! written when unknown), `arguments` (raw text after the keyword) and
//! `flags` (name → value, `true` for a bare flag), plus:
//! - FROM: `image`, `alias`, `platform`;
//! - RUN: `form` (`shell`|`exec`), `script` (heredoc bodies included),
//!   `commands` (list of `{program, args, pipedInto?, sudo, subshell}`),
//!   `hasPipe`, `pipefail`, `mounts`, `shellProgram` (the SHELL's program,
//!   when a SHELL instruction set one);
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
mod resources;
mod run;
mod scope;
mod shell;
mod stage;
mod subst;
pub mod text;
mod users;
mod words;

use std::path::Path;

use crate::findings::FileKind;
use crate::model::Graph;
use crate::source::{Diagnostic, FileId, Span};
use crate::unit::{AnalysisOptions, Lowered, Lowering};

pub use resources::{INSTRUCTION, STAGE as KIND};

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
    let (doc, diagnostics) = parse(text, file);
    lower_parsed(&doc, diagnostics, file, address, options, graph)
}

fn lower_parsed(
    doc: &ast::Dockerfile,
    mut diagnostics: Vec<Diagnostic>,
    file: FileId,
    address: &str,
    options: &AnalysisOptions,
    graph: &mut Graph,
) -> Vec<Diagnostic> {
    lower::stages(
        doc,
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
    let (doc, diagnostics) = parse(&text, file);
    if let Some(reason) = not_a_dockerfile(&doc) {
        return Lowered {
            skipped: vec![(path.to_path_buf(), FileKind::Dockerfile, reason)],
            ..Lowered::default()
        };
    }
    // The address is relative to the project root, never to where the scan
    // runs from: it is part of the finding's fingerprint.
    let address = cx.options.identity_path(path);
    Lowered {
        diagnostics: lower_parsed(&doc, diagnostics, file, &address, cx.options, cx.graph),
        ..Lowered::default()
    }
}

/// A file named like a Dockerfile whose text is something else: a
/// template, or prose or code (`Dockerfile.example`) that neither starts
/// with an instruction nor has a FROM anywhere. (A real Dockerfile with a
/// mistake still has one of the two, and its errors are reported.)
fn not_a_dockerfile(doc: &ast::Dockerfile) -> Option<String> {
    // A template (`{{ if … }}`, `{% for … %}`) is rendered into a
    // Dockerfile by some other tool; its text is not one yet.
    if let Some(marker) = doc
        .instructions
        .iter()
        .find_map(|i| ["{{", "{%"].into_iter().find(|m| i.keyword.starts_with(m)))
    {
        return Some(format!(
            "a template (lines start with `{marker}`), not a Dockerfile yet"
        ));
    }
    let first = doc.instructions.first()?;
    let known = |keyword: &str| ast::KEYWORDS.contains(&keyword);
    if known(&first.keyword) || doc.instructions.iter().any(|i| i.keyword == "FROM") {
        return None;
    }
    Some(format!(
        "not a Dockerfile: it starts with `{}`, not an instruction, and has no FROM",
        crate::source::excerpt(&first.keyword)
    ))
}
