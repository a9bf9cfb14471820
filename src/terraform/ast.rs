//! The evaluator's own syntax tree.
//!
//! Both native HCL (through `hcl-edit`) and the JSON syntax lower into this
//! small tree, so the evaluator has one input shape and every node carries a
//! file-qualified [`Span`] taken from the parser.

use crate::source::Span;

/// A block body: attributes and nested blocks, each in source order.
#[derive(Debug, Default)]
pub struct Body {
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

#[derive(Debug)]
pub struct Attr {
    pub name: String,
    /// The whole `key = value`, which is what a finding underlines.
    pub span: Span,
    pub expr: Expr,
}

#[derive(Debug)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    /// From the block type to the end of the last label.
    pub header: Span,
    pub body: Body,
}

#[derive(Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Template(Vec<Part>),
    Array(Vec<Expr>),
    /// Items: key, value, and the span from key start to value end.
    Object(Vec<(ObjKey, Expr, Span)>),
    /// A root name: `var`, `local`, `aws_s3_bucket`, a `for` variable, …
    Var(String),
    Traversal(Box<Expr>, Vec<Op>),
    Call {
        name: String,
        args: Vec<Expr>,
        /// `f(list...)`: the last argument is spread.
        expand_final: bool,
    },
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
}

#[derive(Debug)]
pub enum ObjKey {
    /// A bare identifier: the key is the identifier itself.
    Name(String),
    Expr(Expr),
}

#[derive(Debug)]
pub enum Op {
    GetAttr(String),
    Index(Expr),
    /// `.*` (attribute-only splat).
    AttrSplat,
    /// `[*]` (full splat).
    FullSplat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

#[derive(Debug)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    /// Present for the object form `{for … : k => v}`.
    pub key: Option<Expr>,
    pub value: Expr,
    pub cond: Option<Expr>,
    /// `...` after the value: group values by key.
    pub grouping: bool,
}

/// A piece of a string template. Strip markers (`~`) are applied at parse time.
#[derive(Debug)]
pub enum Part {
    Lit(String),
    Interp(Expr),
    If {
        cond: Expr,
        then: Vec<Part>,
        otherwise: Vec<Part>,
    },
    For {
        key_var: Option<String>,
        value_var: String,
        collection: Expr,
        body: Vec<Part>,
    },
}
