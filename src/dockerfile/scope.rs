//! Variables in scope for substitution, and small helpers that build
//! spanned [`Node`]s.
//!
//! Docker's rules: before the first FROM only global ARGs exist, and only
//! FROM lines see them; inside a stage, ENV wins over ARG, a global ARG is
//! visible only after `ARG NAME` re-declares it, and anything else may come
//! from the base image's environment (so it is unknown, not empty).

use std::collections::HashMap;

use indexmap::IndexMap;

use super::ast::Word;
use super::subst::{self, Lookup};
use crate::model::{Node, Value};
use crate::source::{Diagnostic, FileId, Span};

/// A value: known text, or not knowable statically.
pub type Var = Option<String>;

/// What a variable holds after an ENV or ARG.
pub fn declared(value: Var) -> Lookup {
    value.map_or(Lookup::Unknown, Lookup::Set)
}

/// ARGs BuildKit defines for every FROM line.
const PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// Where a word is expanded.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// A FROM line: global ARGs; undeclared names are empty.
    Global(&'a HashMap<String, Lookup>),
    /// Inside a stage: ENV first, then the stage's ARGs; anything else
    /// may come from the base image.
    Stage {
        env: &'a HashMap<String, Lookup>,
        args: &'a HashMap<String, Lookup>,
    },
    /// An ONBUILD trigger runs in a later build: nothing is known.
    Trigger,
}

impl Scope<'_> {
    pub fn lookup(&self, name: &str) -> Lookup {
        match self {
            Scope::Global(args) => match args.get(name) {
                Some(var) => var.clone(),
                None if PLATFORM_ARGS.contains(&name) => Lookup::Unknown,
                None => Lookup::Unset,
            },
            Scope::Stage { env, args } => env
                .get(name)
                .or_else(|| args.get(name))
                .cloned()
                .unwrap_or(Lookup::Unknown),
            Scope::Trigger => Lookup::Unknown,
        }
    }
}

/// Bytes that `ENV` / `ARG` substitution may produce in one Dockerfile
/// (forty `ENV A=${B}${B}` lines would otherwise build a terabyte).
pub const EXPANSION_BUDGET: usize = 1 << 20;

pub const BUDGET_MESSAGE: &str = "variable expansion budget exceeded; values from here are unknown";

/// What substitution may still produce in one file.
#[derive(Debug)]
pub struct Budget {
    left: usize,
    reported: bool,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: EXPANSION_BUDGET,
            reported: false,
        }
    }
}

/// Expands words and collects substitution errors.
pub struct Expander<'d> {
    pub file: FileId,
    pub escape: char,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    pub budget: &'d mut Budget,
}

impl Expander<'_> {
    /// The processed text of `word` (`None` when unknown). A word without
    /// `$` is bounded by the source and costs nothing; a word whose
    /// substitutions exceed what is left of the budget is unknown.
    pub fn text(&mut self, word: &Word, scope: Scope) -> Var {
        let env = |name: &str| scope.lookup(name);
        let limit = if word.raw.contains('$') {
            self.budget.left
        } else {
            usize::MAX
        };
        let out = subst::process(&word.raw, self.escape, &env, limit);
        if out.exceeded {
            if !self.budget.reported {
                self.budget.reported = true;
                self.diagnostics.push(Diagnostic {
                    file: self.file,
                    span: Some(word.span),
                    message: BUDGET_MESSAGE.to_owned(),
                });
            }
        } else if limit != usize::MAX {
            self.budget.left -= out.produced;
        }
        if let Some(error) = out.error {
            self.diagnostics.push(Diagnostic {
                file: self.file,
                span: Some(word.span),
                message: format!("in `{}`: {error}", crate::source::excerpt(&word.raw)),
            });
        }
        out.value
    }

    /// The processed word as a node spanned on the word.
    pub fn node(&mut self, word: &Word, scope: Scope) -> Node {
        var_node(self.text(word, scope), word.span)
    }
}

pub fn var_node(var: Var, span: Span) -> Node {
    match var {
        Some(text) => string(text, span),
        None => Node::unknown(Some(span)),
    }
}

pub fn string(text: impl Into<String>, span: Span) -> Node {
    Node::new(Value::String(text.into()), Some(span))
}

pub fn boolean(value: bool, span: Span) -> Node {
    Node::new(Value::Bool(value), Some(span))
}

pub fn number(value: f64, span: Span) -> Node {
    Node::new(Value::Number(value), Some(span))
}

pub fn list(items: Vec<Node>, span: Span) -> Node {
    Node::new(Value::List(items), Some(span))
}

pub fn map(entries: IndexMap<String, Node>, span: Span) -> Node {
    Node::new(Value::Map(entries), Some(span))
}

/// True, false or unknown from a three-valued answer.
pub fn truth(value: Option<bool>, span: Span) -> Node {
    Node::new(value.map_or(Value::Unknown, Value::Bool), Some(span))
}
