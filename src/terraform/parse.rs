//! Native HCL syntax: parse with `hcl-edit` and convert into [`ast`](super::ast).

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::expr::{self as hx, Expression, TraversalOperator};
use hcl_edit::structure::{self as hs, Structure};
use hcl_edit::template::{Directive, Element, Template};

use super::Diagnostic;
use super::ast::*;
use super::hcl_quirks;
use crate::source::{FileId, Span};

/// Parses one HCL file. On a syntax error returns the diagnostic instead.
pub fn parse_file(text: &str, file: FileId) -> Result<Body, Diagnostic> {
    let (body, renamed) = parse_hcl(text, file)?;
    let conv = Conv::new(file, &renamed);
    Ok(conv.body(&body, Span::new(file, 0..text.len())))
}

/// Parses a configuration file, converting only the top-level blocks for
/// which `wanted(kind)` holds: the others (`data`, `provider`, …) declare
/// nothing the evaluator reads, and top-level attributes are not valid.
pub fn parse_config(
    text: &str,
    file: FileId,
    wanted: impl Fn(&str) -> bool,
) -> Result<Body, Diagnostic> {
    let (body, renamed) = parse_hcl(text, file)?;
    let conv = Conv::new(file, &renamed);
    let whole = Span::new(file, 0..text.len());
    let blocks = body
        .iter()
        .filter_map(|s| s.as_block())
        .filter(|b| wanted(b.ident.as_str()))
        .map(|b| conv.block(b, whole))
        .collect();
    Ok(Body {
        attrs: Vec::new(),
        blocks,
    })
}

/// Checks the syntax only: no conversion.
pub fn check_syntax(text: &str, file: FileId) -> Option<Diagnostic> {
    parse_hcl(text, file).err()
}

/// The body, and the object keys [`hcl_quirks`] renamed to parse it.
fn parse_hcl(text: &str, file: FileId) -> Result<(hs::Body, Vec<(usize, String)>), Diagnostic> {
    match hcl_quirks::parse_body(text) {
        Ok(parsed) => Ok((parsed.body, parsed.renamed)),
        Err((offset, message)) => Err(error_diagnostic(text, file, offset, &message)),
    }
}

/// A diagnostic pointing at one character (or the end of the text).
pub fn error_diagnostic(text: &str, file: FileId, offset: usize, message: &str) -> Diagnostic {
    let start = offset.min(text.len());
    let mut end = start;
    if let Some(c) = text.get(start..).and_then(|rest| rest.chars().next()) {
        end += c.len_utf8();
    }
    Diagnostic {
        file,
        span: Some(Span::new(file, start..end)),
        message: format!("syntax error: {message}"),
    }
}

/// A template inside a JSON string. Offsets inside the string do not map
/// to the file once escapes are decoded, so every part gets `span`.
pub fn template_in_string(text: &str, span: Span) -> ExprKind {
    match hcl_edit::parser::parse_template(text) {
        Ok(t) => Conv {
            file: span.file,
            fixed: Some(span),
            renamed: &[],
        }
        .template_expr(&t, span),
        // Terraform rejects it; keep the text rather than guess.
        Err(_) => ExprKind::String(text.to_owned()),
    }
}

struct Conv<'a> {
    file: FileId,
    /// When set, every node gets this span (see [`template_in_string`]).
    fixed: Option<Span>,
    /// Object keys parsed as placeholders: offset → original text.
    renamed: &'a [(usize, String)],
}

impl<'a> Conv<'a> {
    fn new(file: FileId, renamed: &'a [(usize, String)]) -> Self {
        Conv {
            file,
            fixed: None,
            renamed,
        }
    }

    /// The key an object item had in the source, when [`hcl_quirks`]
    /// replaced it with a placeholder to get past hcl-edit.
    fn original_key(&self, at: Option<Range<usize>>, span: Span) -> Option<ObjKey> {
        let at = at?.start;
        let (_, text) = self.renamed.iter().find(|(offset, _)| *offset == at)?;
        if !text.starts_with('"') {
            return Some(ObjKey::Name(text.clone()));
        }
        // A quoted key without interpolation (the only kind renamed).
        let value = match hcl_edit::parser::parse_expr(text) {
            Ok(Expression::String(s)) => s.value().clone(),
            _ => text.trim_matches('"').to_owned(),
        };
        Some(ObjKey::Expr(Expr {
            kind: ExprKind::String(value),
            span: self.span(Some(at..at + text.len()), span),
        }))
    }

    fn span(&self, range: Option<Range<usize>>, fallback: Span) -> Span {
        if let Some(fixed) = self.fixed {
            return fixed;
        }
        range.map_or(fallback, |r| Span::new(self.file, r))
    }

    fn body(&self, body: &hs::Body, parent: Span) -> Body {
        let attrs = body.iter().filter(|s| s.is_attribute()).count();
        let mut out = Body {
            attrs: Vec::with_capacity(attrs),
            blocks: Vec::with_capacity(body.len().saturating_sub(attrs)),
        };
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    let span = self.span(a.span(), parent);
                    out.attrs.push(Attr {
                        name: a.key.as_str().to_owned(),
                        span,
                        expr: self.expr(&a.value, span),
                    });
                }
                Structure::Block(b) => out.blocks.push(self.block(b, parent)),
            }
        }
        out
    }

    fn block(&self, b: &hs::Block, parent: Span) -> Block {
        let whole = self.span(b.span(), parent);
        let ident = self.span(b.ident.span(), whole);
        let end = b
            .labels
            .last()
            .and_then(|l| l.span())
            .map_or(ident.end, |r| r.end as u32);
        Block {
            kind: b.ident.as_str().to_owned(),
            labels: b.labels.iter().map(|l| l.as_str().to_owned()).collect(),
            header: Span { end, ..ident },
            body: self.body(&b.body, whole),
        }
    }

    fn expr(&self, e: &Expression, parent: Span) -> Expr {
        let span = self.span(e.span(), parent);
        let kind = match e {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(n) => ExprKind::Number(n.as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => ExprKind::String(s.value().clone()),
            Expression::Array(a) => ExprKind::Array(a.iter().map(|e| self.expr(e, span)).collect()),
            Expression::Object(o) => ExprKind::Object(
                o.iter()
                    .map(|(k, v)| {
                        let (key, key_span) = match k {
                            hx::ObjectKey::Ident(id) => (
                                self.original_key(id.span(), span)
                                    .unwrap_or_else(|| ObjKey::Name(id.as_str().to_owned())),
                                id.span(),
                            ),
                            hx::ObjectKey::Expression(e) => {
                                let ke = self.expr(e, span);
                                let ks = ke.span;
                                (ObjKey::Expr(ke), Some(ks.start as usize..ks.end as usize))
                            }
                        };
                        let value = self.expr(v.expr(), span);
                        let item = match key_span {
                            Some(k) => Span::new(self.file, k.start..value.span.end as usize),
                            None => value.span,
                        };
                        (key, value, item)
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => self.template_expr(t, span),
            Expression::HeredocTemplate(h) => self.template_expr(&h.template, span),
            Expression::Parenthesis(p) => return self.expr(p.inner(), span),
            Expression::Variable(v) => ExprKind::Var(v.as_str().to_owned()),
            Expression::Conditional(c) => ExprKind::Cond(
                Box::new(self.expr(&c.cond_expr, span)),
                Box::new(self.expr(&c.true_expr, span)),
                Box::new(self.expr(&c.false_expr, span)),
            ),
            Expression::FuncCall(f) => {
                let mut name = String::new();
                for ns in &f.name.namespace {
                    name.push_str(ns.as_str());
                    name.push_str("::");
                }
                name.push_str(f.name.name.as_str());
                ExprKind::Call {
                    name,
                    args: f.args.iter().map(|a| self.expr(a, span)).collect(),
                    expand_final: f.args.expand_final(),
                }
            }
            Expression::Traversal(t) => ExprKind::Traversal(
                Box::new(self.expr(&t.expr, span)),
                t.operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::AttrSplat(_) => Op::AttrSplat,
                        TraversalOperator::FullSplat(_) => Op::FullSplat,
                        TraversalOperator::GetAttr(id) => Op::GetAttr(id.as_str().to_owned()),
                        TraversalOperator::Index(e) => Op::Index(self.expr(e, span)),
                        TraversalOperator::LegacyIndex(i) => Op::Index(Expr {
                            kind: ExprKind::Number(*i.value() as f64),
                            span: self.span(i.span(), span),
                        }),
                    })
                    .collect(),
            ),
            Expression::UnaryOp(u) => ExprKind::Unary(
                match u.operator.value() {
                    hx::UnaryOperator::Neg => UnOp::Neg,
                    hx::UnaryOperator::Not => UnOp::Not,
                },
                Box::new(self.expr(&u.expr, span)),
            ),
            Expression::BinaryOp(b) => ExprKind::Binary(
                bin_op(*b.operator.value()),
                Box::new(self.expr(&b.lhs_expr, span)),
                Box::new(self.expr(&b.rhs_expr, span)),
            ),
            Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_owned()),
                value_var: f.intro.value_var.as_str().to_owned(),
                collection: self.expr(&f.intro.collection_expr, span),
                key: f.key_expr.as_ref().map(|k| self.expr(k, span)),
                value: self.expr(&f.value_expr, span),
                cond: f.cond.as_ref().map(|c| self.expr(&c.expr, span)),
                grouping: f.grouping,
            })),
        };
        Expr { kind, span }
    }

    fn template_expr(&self, t: &Template, span: Span) -> ExprKind {
        let parts = self.template(t, span, false, false);
        match parts.as_slice() {
            [] => ExprKind::String(String::new()),
            [Part::Lit(s)] => ExprKind::String(s.clone()),
            _ => ExprKind::Template(parts),
        }
    }

    /// Converts template elements, applying `~` strip markers to the adjacent
    /// literals. `lead`/`trail` strip the first/last literal of this template.
    fn template(&self, t: &Template, span: Span, lead: bool, trail: bool) -> Vec<Part> {
        let len = t.len();
        let mut parts = Vec::with_capacity(len);
        for (i, element) in t.iter().enumerate() {
            let part = match element {
                Element::Literal(lit) => {
                    let mut s: &str = lit.value();
                    let after_strip = i
                        .checked_sub(1)
                        .and_then(|j| t.get(j))
                        .is_some_and(|e| strips(e).1);
                    if (i == 0 && lead) || after_strip {
                        s = s.trim_start();
                    }
                    if (i + 1 == len && trail) || t.get(i + 1).is_some_and(|e| strips(e).0) {
                        s = s.trim_end();
                    }
                    Part::Lit(s.to_owned())
                }
                Element::Interpolation(interp) => Part::Interp(self.expr(&interp.expr, span)),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let else_strip = d.else_expr.as_ref().map(|e| e.strip);
                        let then_trail = match else_strip {
                            Some(s) => s.strip_start(),
                            None => d.endif_expr.strip.strip_start(),
                        };
                        let then = self.template(
                            &d.if_expr.template,
                            span,
                            d.if_expr.strip.strip_end(),
                            then_trail,
                        );
                        let otherwise = match &d.else_expr {
                            Some(e) => self.template(
                                &e.template,
                                span,
                                e.strip.strip_end(),
                                d.endif_expr.strip.strip_start(),
                            ),
                            None => Vec::new(),
                        };
                        Part::If {
                            cond: self.expr(&d.if_expr.cond_expr, span),
                            then,
                            otherwise,
                        }
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        Part::For {
                            key_var: f.key_var.as_ref().map(|k| k.as_str().to_owned()),
                            value_var: f.value_var.as_str().to_owned(),
                            collection: self.expr(&f.collection_expr, span),
                            body: self.template(
                                &f.template,
                                span,
                                f.strip.strip_end(),
                                d.endfor_expr.strip.strip_start(),
                            ),
                        }
                    }
                },
            };
            parts.push(part);
        }
        parts
    }
}

/// Whether a template element strips the literal before / after it (`~`).
fn strips(e: &Element) -> (bool, bool) {
    match e {
        Element::Literal(_) => (false, false),
        Element::Interpolation(i) => (i.strip.strip_start(), i.strip.strip_end()),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => (
                d.if_expr.strip.strip_start(),
                d.endif_expr.strip.strip_end(),
            ),
            Directive::For(d) => (
                d.for_expr.strip.strip_start(),
                d.endfor_expr.strip.strip_end(),
            ),
        },
    }
}

fn bin_op(op: hx::BinaryOperator) -> BinOp {
    use hx::BinaryOperator as B;
    match op {
        B::Eq => BinOp::Eq,
        B::NotEq => BinOp::NotEq,
        B::LessEq => BinOp::LessEq,
        B::GreaterEq => BinOp::GreaterEq,
        B::Less => BinOp::Less,
        B::Greater => BinOp::Greater,
        B::Plus => BinOp::Add,
        B::Minus => BinOp::Sub,
        B::Mul => BinOp::Mul,
        B::Div => BinOp::Div,
        B::Mod => BinOp::Mod,
        B::And => BinOp::And,
        B::Or => BinOp::Or,
    }
}
