//! Parse tree of one template file. Every node keeps its byte range in the
//! template source so output and errors map back to it.

use std::rc::Rc;

/// A byte range in the template's source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub start: u32,
    pub end: u32,
}

pub type List = Vec<Node>;

#[derive(Debug)]
pub enum Node {
    /// Printed as is.
    Text(Pos),
    /// `{{ pipeline }}`: printed unless it declares or assigns variables.
    Action(Pipe),
    If(Branch),
    With(Branch),
    Range(Range),
    /// `{{ template "name" pipeline }}` (also what a `block` leaves behind).
    Template {
        name: String,
        arg: Option<Pipe>,
        pos: Pos,
    },
    Break(Pos),
    Continue(Pos),
}

#[derive(Debug)]
pub struct Branch {
    pub pipe: Pipe,
    pub then: List,
    /// `else` or `else if …`/`else with …` (a nested branch in the list).
    pub otherwise: Option<List>,
}

#[derive(Debug)]
pub struct Range {
    pub pipe: Pipe,
    pub body: List,
    pub otherwise: Option<List>,
}

#[derive(Debug)]
pub struct Pipe {
    /// The whole action, `{{` to `}}`, or the parenthesised expression.
    pub pos: Pos,
    /// Declared (`:=`) or assigned (`=`) variables.
    pub vars: Vec<String>,
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug)]
pub struct Cmd {
    pub pos: Pos,
    pub args: Vec<Arg>,
}

#[derive(Debug)]
pub enum Arg {
    /// `.` itself.
    Dot(Pos),
    /// `.a.b` on dot.
    Field(Vec<Rc<str>>, Pos),
    /// `$x.a.b` (empty chain for `$x`).
    Var(String, Vec<Rc<str>>, Pos),
    /// A function name.
    Ident(String, Pos),
    /// `(pipe).a.b`
    Chain(Box<Arg>, Vec<Rc<str>>, Pos),
    Pipe(Box<Pipe>),
    Str(Rc<str>, Pos),
    Int(i64, Pos),
    Float(f64, Pos),
    Bool(bool, Pos),
    Nil(Pos),
}

impl Arg {
    pub fn pos(&self) -> Pos {
        match self {
            Arg::Dot(p)
            | Arg::Field(_, p)
            | Arg::Var(_, _, p)
            | Arg::Ident(_, p)
            | Arg::Chain(_, _, p)
            | Arg::Str(_, p)
            | Arg::Int(_, p)
            | Arg::Float(_, p)
            | Arg::Bool(_, p)
            | Arg::Nil(p) => *p,
            Arg::Pipe(pipe) => pipe.pos,
        }
    }
}

/// A parsed file: its top-level list and the templates it defines.
#[derive(Debug, Default)]
pub struct Parsed {
    pub root: Rc<List>,
    pub defines: Vec<(String, Rc<List>)>,
    /// Ranges of `{{/* … */}}` comments (for suppression comments).
    pub comments: Vec<Pos>,
}
