//! Comparing model values with condition literals: `true` equals `"true"`,
//! `5` equals `"5"` (rules/README.md), lists and maps equal no scalar.

use std::borrow::Cow;

use super::condition::Scalar;
use crate::model::{Value, format_number};

pub fn equals(value: &Value, expected: &Scalar) -> bool {
    match (value, expected) {
        (Value::Bool(b), Scalar::Bool(e)) => b == e,
        (Value::Number(n), Scalar::Number(e)) => n == e,
        (Value::String(s), Scalar::String(e)) => s == e,
        (Value::String(s), Scalar::Bool(e)) | (Value::Bool(e), Scalar::String(s)) => {
            s.trim() == if *e { "true" } else { "false" }
        }
        (Value::String(s), Scalar::Number(n)) | (Value::Number(n), Scalar::String(s)) => {
            s.trim().parse::<f64>().is_ok_and(|p| p == *n)
        }
        _ => false,
    }
}

/// A scalar as text, for regexes and substrings; `None` for lists and maps.
pub fn text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(format_number(*n))),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        _ => None,
    }
}

/// Empty lists, maps and strings; null counts as absent, hence empty.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::List(items) => items.is_empty(),
        Value::Map(map) => map.is_empty(),
        Value::String(s) => s.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_scalar_equality() {
        let s = |t: &str| Value::String(t.into());
        assert!(equals(&Value::Bool(true), &Scalar::String("true".into())));
        assert!(equals(&s("true"), &Scalar::Bool(true)));
        assert!(!equals(&s("false"), &Scalar::Bool(true)));
        assert!(equals(&Value::Number(5.0), &Scalar::String("5".into())));
        assert!(equals(&s("5"), &Scalar::Number(5.0)));
        assert!(equals(&s("5.0"), &Scalar::Number(5.0)));
        assert!(!equals(&s("abc"), &Scalar::Number(5.0)));
        assert!(!equals(&Value::List(vec![]), &Scalar::String("".into())));
        assert_eq!(text(&Value::Number(3.0)).as_deref(), Some("3"));
        assert!(
            is_empty(&s("")) && is_empty(&Value::List(vec![])) && !is_empty(&Value::Number(0.0))
        );
    }
}
