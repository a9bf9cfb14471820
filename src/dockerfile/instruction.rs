//! Raw instructions to [`Instruction`]s: the keyword, flags and the
//! arguments of each kind, every part spanned. Problems (a missing
//! argument, an unknown keyword, a bad JSON array) are reported and the
//! instruction is kept with what could be read.

use std::ops::Range;

use super::ast::{CommandForm, Flag, Heredoc, Instruction, KEYWORDS, Kind, Pair, Word};
use super::lines::RawInstruction;
use super::text::Text;
use super::words;
use crate::source::{Diagnostic, FileId, Span};

pub struct Ctx<'a> {
    pub file: FileId,
    pub escape: char,
    pub problems: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn problem(&mut self, span: Span, message: String) {
        self.problems.push(Diagnostic {
            file: self.file,
            span: Some(span),
            message,
        });
    }
}

/// Interprets one raw instruction.
pub fn build(raw: RawInstruction, ctx: &mut Ctx) -> Instruction {
    let span = Span::new(ctx.file, raw.span.clone());
    let heredocs = raw
        .heredocs
        .into_iter()
        .map(|h| Heredoc {
            name: h.name,
            marker: raw.line.span(ctx.file, h.marker),
            expand: h.expand,
            chomp: h.chomp,
            body: h.body,
            terminated: h.terminated,
        })
        .collect();
    let len = raw.line.len();
    parse_line(&raw.line, 0..len, heredocs, span, ctx)
}

/// Parses `line[range]` as one instruction (also used for ONBUILD's trigger).
fn parse_line(
    line: &Text,
    range: Range<usize>,
    heredocs: Vec<Heredoc>,
    span: Span,
    ctx: &mut Ctx,
) -> Instruction {
    let text = line.text.as_str();
    let start = words::skip_space(text, range.start, range.end).unwrap_or(range.end);
    let keyword_end = text[start..range.end]
        .find(char::is_whitespace)
        .map_or(range.end, |i| start + i);
    let written = &text[start..keyword_end];
    let upper = written.to_ascii_uppercase();
    let args_start = words::skip_space(text, keyword_end, range.end).unwrap_or(range.end);
    let args_end = args_start + text[args_start..range.end].trim_end().len();
    let (raw_flags, rest) = words::parse_flags(text, args_start..args_end, ctx.escape);
    let flags = raw_flags
        .into_iter()
        .map(|f| Flag {
            name: f.name,
            value: f.value.map(|v| word(line, v, ctx.file)),
            span: line.span(ctx.file, f.range),
        })
        .collect();
    let mut instruction = Instruction {
        keyword: if KEYWORDS.contains(&upper.as_str()) {
            upper
        } else {
            written.to_string()
        },
        keyword_span: line.span(ctx.file, start..keyword_end),
        arguments: text[args_start..args_end].to_string(),
        arguments_span: line.span(ctx.file, args_start..args_end),
        flags,
        heredocs,
        kind: Kind::Unknown,
        span,
    };
    let args = Args {
        line,
        range: rest..args_end,
        file: ctx.file,
    };
    instruction.kind = kind(&instruction, &args, ctx);
    instruction
}

/// The arguments after the flags.
struct Args<'a> {
    line: &'a Text,
    range: Range<usize>,
    file: FileId,
}

impl Args<'_> {
    fn text(&self) -> &str {
        &self.line.text[self.range.clone()]
    }

    /// The arguments of FROM, COPY, ADD, EXPOSE and VOLUME, split on blanks
    /// alone as Docker splits them.
    fn words(&self) -> Vec<Word> {
        words::split_blanks(&self.line.text, self.range.clone())
            .into_iter()
            .map(|r| word(self.line, r, self.file))
            .collect()
    }

    fn whole(&self) -> Option<Word> {
        (!self.range.is_empty()).then(|| word(self.line, self.range.clone(), self.file))
    }

    fn json(&self) -> Option<Vec<(String, Span)>> {
        let items = words::parse_json_array(&self.line.text, self.range.clone())?;
        Some(
            items
                .into_iter()
                .map(|(s, r)| (s, self.line.span(self.file, r)))
                .collect(),
        )
    }
}

fn word(line: &Text, range: Range<usize>, file: FileId) -> Word {
    Word {
        raw: line.text.get(range.clone()).unwrap_or_default().to_string(),
        span: line.span(file, range),
    }
}

fn kind(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Kind {
    let needs = |ctx: &mut Ctx, what: &str| {
        ctx.problem(
            ins.span,
            format!(
                "`{}` needs {what} (is the instruction truncated?)",
                ins.keyword
            ),
        );
    };
    let empty = args.range.is_empty();
    match ins.keyword.as_str() {
        "FROM" => from(ins, args, ctx),
        "RUN" | "CMD" | "ENTRYPOINT" => {
            if empty && ins.heredocs.is_empty() {
                needs(ctx, "a command");
            }
            let form = command(args);
            match ins.keyword.as_str() {
                "RUN" => Kind::Run(form),
                "CMD" => Kind::Cmd(form),
                _ => Kind::Entrypoint(form),
            }
        }
        "SHELL" => match args.json() {
            Some(items) if !items.is_empty() => Kind::Shell(items),
            _ => {
                ctx.problem(
                    ins.span,
                    "`SHELL` needs a JSON array such as `[\"/bin/bash\", \"-c\"]`".to_string(),
                );
                Kind::Shell(Vec::new())
            }
        },
        "COPY" | "ADD" => copy(ins, args, ctx),
        "ENV" | "LABEL" => {
            let pairs = pairs(ins, args, ctx);
            if pairs.is_empty() {
                needs(ctx, "`NAME=value`");
            }
            if ins.keyword == "ENV" {
                Kind::Env(pairs)
            } else {
                Kind::Label(pairs)
            }
        }
        "ARG" => {
            let pairs = arg_pairs(args, ctx.escape);
            if pairs.is_empty() {
                needs(ctx, "a name");
            }
            Kind::Arg(pairs)
        }
        "USER" | "WORKDIR" | "STOPSIGNAL" | "MAINTAINER" => {
            if empty {
                needs(ctx, "an argument");
            }
            Kind::Single(args.whole())
        }
        "EXPOSE" | "VOLUME" => {
            if empty {
                needs(ctx, "an argument");
            }
            match args.json() {
                Some(items) if ins.keyword == "VOLUME" => Kind::Words(
                    items
                        .into_iter()
                        .map(|(raw, span)| Word { raw, span })
                        .collect(),
                ),
                _ => Kind::Words(args.words()),
            }
        }
        "HEALTHCHECK" => healthcheck(ins, args, ctx),
        "ONBUILD" => onbuild(ins, args, ctx),
        _ => {
            ctx.problem(
                ins.keyword_span,
                format!(
                    "unknown instruction `{}`",
                    crate::source::excerpt(&ins.keyword)
                ),
            );
            Kind::Unknown
        }
    }
}

fn from(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Kind {
    let mut words = args.words().into_iter();
    let image = words.next();
    let rest: Vec<Word> = words.collect();
    let alias = match rest.as_slice() {
        [] => None,
        [as_, name] if as_.raw.eq_ignore_ascii_case("as") => Some(name.clone()),
        _ => {
            ctx.problem(
                ins.arguments_span,
                "`FROM` takes an image and an optional `AS name`".to_string(),
            );
            rest.get(1)
                .filter(|_| rest[0].raw.eq_ignore_ascii_case("as"))
                .cloned()
        }
    };
    if image.is_none() {
        ctx.problem(
            ins.span,
            "`FROM` needs an image (is the instruction truncated?)".to_string(),
        );
    }
    Kind::From { image, alias }
}

/// Exec or shell form. Text that is not a JSON array of strings is shell
/// form, as Docker treats it, even when it starts with `[` (`RUN [ -f x ]
/// && …`, PowerShell's `RUN [Net.ServicePointManager]::…`).
fn command(args: &Args) -> CommandForm {
    match args.json() {
        Some(items) => CommandForm::Exec(items),
        None => CommandForm::Shell(args.line.slice(args.range.clone())),
    }
}

fn copy(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Kind {
    let mut all = match args.json() {
        Some(items) => items
            .into_iter()
            .map(|(raw, span)| Word { raw, span })
            .collect(),
        None => args.words(),
    };
    let destination = if all.len() >= 2 { all.pop() } else { None };
    if destination.is_none() {
        ctx.problem(
            ins.span,
            format!(
                "`{}` needs a source and a destination (is the instruction truncated?)",
                ins.keyword
            ),
        );
    }
    Kind::Copy {
        sources: all,
        destination,
    }
}

/// `ENV`/`LABEL`: `NAME=value …`, or the legacy `NAME value with spaces`.
fn pairs(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Vec<Pair> {
    let ranges = words::split_raw(&args.line.text, args.range.clone(), ctx.escape);
    let Some(first) = ranges.first() else {
        return Vec::new();
    };
    let text = &args.line.text;
    let file = args.file;
    if !text[first.clone()].contains('=') {
        // Legacy form: the rest of the line is the value.
        let value = ranges
            .get(1)
            .map(|second| word(args.line, second.start..args.range.end, file));
        if value.is_none() {
            ctx.problem(
                ins.span,
                format!(
                    "`{}` needs a value for `{}`",
                    ins.keyword,
                    &text[first.clone()]
                ),
            );
        }
        return vec![Pair {
            name: word(args.line, first.clone(), file),
            value,
            span: args.line.span(file, args.range.clone()),
        }];
    }
    let mut out = Vec::new();
    for range in ranges {
        match split_pair(text, range.clone()) {
            Some((name, value)) => out.push(Pair {
                name: word(args.line, name, file),
                value: Some(word(args.line, value, file)),
                span: args.line.span(file, range),
            }),
            None => ctx.problem(
                args.line.span(file, range.clone()),
                format!(
                    "`{}` has no `=value` (expected `NAME=value`)",
                    crate::source::excerpt(&text[range])
                ),
            ),
        }
    }
    out
}

/// `NAME[=default] …` of ARG.
fn arg_pairs(args: &Args, escape: char) -> Vec<Pair> {
    let text = &args.line.text;
    words::split_raw(text, args.range.clone(), escape)
        .into_iter()
        .map(|range| {
            let (name, value) = match split_pair(text, range.clone()) {
                Some((name, value)) => (name, Some(word(args.line, value, args.file))),
                None => (range.clone(), None),
            };
            Pair {
                name: word(args.line, name, args.file),
                value,
                span: args.line.span(args.file, range),
            }
        })
        .collect()
}

/// Splits a `NAME=value` word at its first `=`.
fn split_pair(text: &str, range: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let eq = range.start + text[range.clone()].find('=')?;
    (eq > range.start).then_some((range.start..eq, eq + 1..range.end))
}

fn healthcheck(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Kind {
    let text = args.text();
    let first = text.split_whitespace().next().unwrap_or_default();
    if first.eq_ignore_ascii_case("NONE") {
        return Kind::Healthcheck(None);
    }
    if !first.eq_ignore_ascii_case("CMD") {
        ctx.problem(
            ins.span,
            "`HEALTHCHECK` needs `CMD <command>` or `NONE`".to_string(),
        );
        return Kind::Healthcheck(Some(CommandForm::Shell(
            args.line.slice(args.range.clone()),
        )));
    }
    let after = args.range.start + first.len();
    let start = words::skip_space(&args.line.text, after, args.range.end).unwrap_or(args.range.end);
    let inner = Args {
        line: args.line,
        range: start..args.range.end,
        file: args.file,
    };
    if inner.range.is_empty() {
        ctx.problem(
            ins.span,
            "`HEALTHCHECK CMD` needs a command (is the instruction truncated?)".to_string(),
        );
    }
    Kind::Healthcheck(Some(command(&inner)))
}

fn onbuild(ins: &Instruction, args: &Args, ctx: &mut Ctx) -> Kind {
    if args.range.is_empty() {
        ctx.problem(
            ins.span,
            "`ONBUILD` needs an instruction (is the instruction truncated?)".to_string(),
        );
        return Kind::Onbuild(None);
    }
    // Docker forbids chaining; stopping here also bounds the recursion.
    let first = args.text().split_whitespace().next().unwrap_or_default();
    if first.eq_ignore_ascii_case("ONBUILD") {
        ctx.problem(
            ins.arguments_span,
            "`ONBUILD` is not allowed as an ONBUILD trigger".to_string(),
        );
        return Kind::Onbuild(None);
    }
    let inner = parse_line(
        args.line,
        args.range.clone(),
        Vec::new(),
        ins.arguments_span,
        ctx,
    );
    if matches!(inner.keyword.as_str(), "FROM" | "MAINTAINER") {
        ctx.problem(
            inner.keyword_span,
            format!(
                "`{}` is not allowed as an ONBUILD trigger",
                crate::source::excerpt(&inner.keyword)
            ),
        );
    }
    Kind::Onbuild(Some(Box::new(inner)))
}
