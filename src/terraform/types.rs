//! Variable type constraints, applied as Terraform applies them.
//!
//! A value given to a variable (its default, a `.tfvars` entry, a module
//! argument) is converted to the declared type: primitives convert between
//! string, number and bool; an object type keeps its declared attributes
//! only, fills `optional(type, default)` attributes that are absent or null
//! with their default (nested objects, and objects inside lists, sets, maps
//! and tuples, included; a default is itself converted, so defaults nest);
//! collections convert element by element. Modern modules take most of
//! their settings this way, so without it their attributes stay unknown.
//!
//! What cannot be converted is left as it is (Terraform would reject the
//! configuration; that is not ours to report), and an unknown stays unknown.

use indexmap::IndexMap;

use super::ast::{Expr, ExprKind, ObjKey};
use super::ops;
use crate::model::{Node, Value};

/// A type constraint (`any` and what is not understood accept anything).
#[derive(Debug)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(Vec<Attribute>),
    Tuple(Vec<Type>),
}

/// An attribute of an object type.
#[derive(Debug)]
pub struct Attribute {
    pub name: String,
    pub ty: Type,
    /// `optional(…)`: may be absent.
    pub optional: bool,
    /// The second argument of `optional(type, default)`.
    pub default: Option<Expr>,
}

impl Type {
    /// Reads a type expression (`object({ a = optional(bool, true) })`).
    pub fn from_expr(expr: Expr) -> Type {
        match expr.kind {
            ExprKind::Var(name) => match name.as_str() {
                "string" => Type::String,
                "number" => Type::Number,
                "bool" => Type::Bool,
                _ => Type::Any,
            },
            ExprKind::Call { name, args, .. } => {
                let Ok::<[Expr; 1], _>([arg]) = args.try_into() else {
                    return Type::Any;
                };
                match (name.as_str(), arg.kind) {
                    ("list", kind) => Type::List(Box::new(Type::from_kind(kind, arg.span))),
                    ("set", kind) => Type::Set(Box::new(Type::from_kind(kind, arg.span))),
                    ("map", kind) => Type::Map(Box::new(Type::from_kind(kind, arg.span))),
                    ("tuple", ExprKind::Array(items)) => {
                        Type::Tuple(items.into_iter().map(Type::from_expr).collect())
                    }
                    ("object", ExprKind::Object(items)) => Type::Object(
                        items
                            .into_iter()
                            .filter_map(|(key, value, _)| Attribute::from_item(key, value))
                            .collect(),
                    ),
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }

    fn from_kind(kind: ExprKind, span: crate::source::Span) -> Type {
        Type::from_expr(Expr { kind, span })
    }

    /// Whether conversion can change anything (`any` leaves values alone).
    pub fn is_any(&self) -> bool {
        matches!(self, Type::Any)
    }
}

impl Attribute {
    fn from_item(key: ObjKey, value: Expr) -> Option<Attribute> {
        let name = match key {
            ObjKey::Name(n) => n,
            ObjKey::Expr(Expr {
                kind: ExprKind::String(s),
                ..
            }) => s,
            ObjKey::Expr(_) => return None,
        };
        let attribute = match value.kind {
            ExprKind::Call { name: f, args, .. } if f == "optional" && !args.is_empty() => {
                let mut args = args.into_iter();
                let ty = args.next().map_or(Type::Any, Type::from_expr);
                Attribute {
                    name,
                    ty,
                    optional: true,
                    default: args.next(),
                }
            }
            kind => Attribute {
                name,
                ty: Type::from_kind(kind, value.span),
                optional: false,
                default: None,
            },
        };
        Some(attribute)
    }
}

/// Converts `node` to `ty`; `default` evaluates an `optional` default.
pub fn convert(node: Node, ty: &Type, default: &mut dyn FnMut(&Expr) -> Node) -> Node {
    let primitive = match ty {
        Type::String => Some("string"),
        Type::Number => Some("number"),
        Type::Bool => Some("bool"),
        _ => None,
    };
    let already = match (&node.value, primitive) {
        (Value::Unknown | Value::Null, _) => true,
        (Value::String(_), Some("string"))
        | (Value::Number(_), Some("number"))
        | (Value::Bool(_), Some("bool")) => true,
        _ => ty.is_any(),
    };
    // Unchanged values keep all they carry (a JSON string its document).
    if already {
        return node;
    }
    let span = node.span;
    if let Some(name) = primitive {
        return Node::new(ops::convert(node.value, name), span);
    }
    let value = match (ty, node.value) {
        (Type::List(element) | Type::Set(element), Value::List(items)) => Value::List(
            items
                .into_iter()
                .map(|n| convert(n, element, default))
                .collect(),
        ),
        (Type::Map(element), Value::Map(m)) => Value::Map(
            m.into_iter()
                .map(|(k, n)| (k, convert(n, element, default)))
                .collect(),
        ),
        (Type::Tuple(elements), Value::List(items)) if items.len() == elements.len() => {
            Value::List(
                items
                    .into_iter()
                    .zip(elements)
                    .map(|(n, t)| convert(n, t, default))
                    .collect(),
            )
        }
        (Type::Object(attributes), Value::Map(mut m)) => {
            let mut out = IndexMap::with_capacity(attributes.len());
            for attribute in attributes {
                let given = m
                    .shift_remove(&attribute.name)
                    .filter(|n| !n.value.is_null());
                let value = match (given, &attribute.default) {
                    (Some(n), _) => convert(n, &attribute.ty, default),
                    (None, Some(expr)) => {
                        let n = default(expr);
                        convert(n, &attribute.ty, default)
                    }
                    (None, None) if attribute.optional => Node::new(Value::Null, None),
                    // A required attribute is missing: Terraform rejects the
                    // value, so nothing about it can be known.
                    (None, None) => Node::unknown(None),
                };
                out.insert(attribute.name.clone(), value);
            }
            Value::Map(out)
        }
        (_, v) => v,
    };
    Node::new(value, span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn expr(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::new(FileId(0), 0..1),
        }
    }

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        expr(ExprKind::Call {
            name: name.into(),
            args,
            expand_final: false,
        })
    }

    fn var(name: &str) -> Expr {
        expr(ExprKind::Var(name.into()))
    }

    fn object(items: Vec<(&str, Expr)>) -> Expr {
        let items = items
            .into_iter()
            .map(|(k, v)| (ObjKey::Name(k.into()), v, Span::new(FileId(0), 0..1)))
            .collect();
        call("object", vec![expr(ExprKind::Object(items))])
    }

    fn map(items: Vec<(&str, Value)>) -> Node {
        Node::new(
            Value::Map(
                items
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), Node::new(v, None)))
                    .collect(),
            ),
            None,
        )
    }

    /// Evaluates the literal defaults of these tests.
    fn literal(e: &Expr) -> Node {
        match &e.kind {
            ExprKind::Bool(b) => Node::new(Value::Bool(*b), Some(e.span)),
            ExprKind::Object(items) if items.is_empty() => {
                Node::new(Value::Map(IndexMap::new()), Some(e.span))
            }
            _ => Node::unknown(None),
        }
    }

    #[test]
    fn optional_defaults_fill_nested_objects_and_drop_undeclared_attributes() {
        // object({ private = optional(object({ nodes = optional(bool, true) }), {}),
        //          name = string, port = optional(number) })
        let ty = Type::from_expr(object(vec![
            (
                "private",
                call(
                    "optional",
                    vec![
                        object(vec![(
                            "nodes",
                            call("optional", vec![var("bool"), expr(ExprKind::Bool(true))]),
                        )]),
                        expr(ExprKind::Object(Vec::new())),
                    ],
                ),
            ),
            ("name", var("string")),
            ("port", call("optional", vec![var("number")])),
        ]));
        let given = map(vec![
            ("name", Value::Number(7.0)),
            ("extra", Value::Bool(true)),
        ]);
        let out = convert(given, &ty, &mut literal);
        let private = out.get("private").unwrap();
        assert_eq!(private.get("nodes").unwrap().value, Value::Bool(true));
        // The default's span says where the value was set.
        assert!(private.get("nodes").unwrap().span.is_some());
        assert_eq!(out.get("name").unwrap().value, Value::String("7".into()));
        assert_eq!(out.get("port").unwrap().value, Value::Null);
        assert!(out.get("extra").is_none());
    }

    #[test]
    fn collections_of_objects_and_primitives_convert_element_by_element() {
        let element = object(vec![(
            "enabled",
            call("optional", vec![var("bool"), expr(ExprKind::Bool(false))]),
        )]);
        let ty = Type::from_expr(call("map", vec![element]));
        let given = Node::new(
            Value::Map(IndexMap::from([
                ("a".to_owned(), map(vec![])),
                (
                    "b".to_owned(),
                    map(vec![("enabled", Value::String("true".into()))]),
                ),
            ])),
            None,
        );
        let out = convert(given, &ty, &mut literal);
        let enabled = |k: &str| out.get(k).unwrap().get("enabled").unwrap().value.clone();
        assert_eq!(enabled("a"), Value::Bool(false));
        assert_eq!(enabled("b"), Value::Bool(true));
        let unknown = convert(Node::unknown(None), &ty, &mut literal);
        assert!(unknown.value.is_unknown());
    }
}
