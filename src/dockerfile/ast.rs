//! The parsed Dockerfile: instructions with their parts as written and the
//! span of each. Variables are not substituted here; the stage builder does
//! that, because their values depend on the stage.

use crate::source::Span;

use super::text::Text;

/// Every instruction keyword Docker knows, upper-case.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// A parsed file.
#[derive(Clone, Debug, Default)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// The escape character (`\` unless `# escape=` says otherwise).
    pub escape: char,
    pub instructions: Vec<Instruction>,
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// A word of an argument as written (quotes and variables kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub raw: String,
    pub span: Span,
}

/// A `--name=value` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    /// As written; `None` for a bare `--name`.
    pub value: Option<Word>,
    pub span: Span,
}

/// A heredoc (`<<EOF` … `EOF`) attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, quotes removed.
    pub name: String,
    /// The `<<EOF` marker in the arguments.
    pub marker: Span,
    /// Variables are expanded in the body (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are removed.
    pub chomp: bool,
    /// The body, one `\n`-terminated line per body line.
    pub body: Text,
    pub terminated: bool,
}

/// A command of RUN, CMD, ENTRYPOINT or HEALTHCHECK.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandForm {
    /// A JSON array: each element decoded, with its span.
    Exec(Vec<(String, Span)>),
    /// Text for the shell, with its mapping to the file.
    Shell(Text),
}

/// `NAME=value` (or legacy `NAME value`) of ENV, LABEL and ARG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The name as written (quotes kept for LABEL keys).
    pub name: Word,
    /// The value as written; `None` for `ARG NAME` without a default.
    pub value: Option<Word>,
    /// The whole `NAME=value`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    From {
        image: Option<Word>,
        alias: Option<Word>,
    },
    Run(CommandForm),
    Cmd(CommandForm),
    Entrypoint(CommandForm),
    Shell(Vec<(String, Span)>),
    /// COPY and ADD.
    Copy {
        sources: Vec<Word>,
        destination: Option<Word>,
    },
    Env(Vec<Pair>),
    Label(Vec<Pair>),
    Arg(Vec<Pair>),
    /// USER, WORKDIR, STOPSIGNAL, MAINTAINER: the whole argument.
    Single(Option<Word>),
    /// EXPOSE, VOLUME: whitespace-separated words.
    Words(Vec<Word>),
    /// `HEALTHCHECK NONE` is `None`.
    Healthcheck(Option<CommandForm>),
    Onbuild(Option<Box<Instruction>>),
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// Upper-case keyword (`RUN`), or the word as written when unknown.
    pub keyword: String,
    pub keyword_span: Span,
    /// Everything after the keyword (continuations joined), and its span.
    pub arguments: String,
    pub arguments_span: Span,
    pub flags: Vec<Flag>,
    pub heredocs: Vec<Heredoc>,
    pub kind: Kind,
    /// The whole instruction, heredoc bodies included.
    pub span: Span,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }
}
