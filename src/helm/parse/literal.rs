//! Literals and token names for messages.

use super::ParseError;
use crate::helm::ast::{Arg, Pos};
use crate::helm::lexer::Tok;

pub fn describe(t: &Tok) -> String {
    match t {
        Tok::Text => "text".into(),
        Tok::Open => "{{".into(),
        Tok::Close => "}}".into(),
        Tok::Ident(s) => format!("<{s}>"),
        Tok::Field(s) => format!("<.{s}>"),
        Tok::Var(s) => format!("<{s}>"),
        Tok::Dot => "<.>".into(),
        Tok::Str(s) => format!("{s:?}"),
        Tok::Char(c) => format!("{c:?}"),
        Tok::Number(n) => n.clone(),
        Tok::Bool(b) => b.to_string(),
        Tok::Nil => "nil".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::LParen => "\"(\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Comma => "\",\"".into(),
    }
}

/// Go number literal syntax: decimal, `0x`, `0o`, `0b`, leading-zero
/// octal, `_` separators, floats with exponents, hex floats (`0x1p60`).
pub fn number(text: &str, pos: Pos) -> Result<Arg, ParseError> {
    let bad = || ParseError {
        at: pos,
        message: format!("bad number syntax: {text:?}"),
    };
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let lower = body.to_ascii_lowercase();
    if lower.starts_with("0x") && lower.contains('p') {
        let f = hex_float(&lower[2..]).ok_or_else(bad)?;
        return Ok(Arg::Float(if neg { -f } else { f }, pos));
    }
    let radix = if lower.starts_with("0x") {
        Some((16, &body[2..]))
    } else if lower.starts_with("0o") {
        Some((8, &body[2..]))
    } else if lower.starts_with("0b") {
        Some((2, &body[2..]))
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        Some((8, &body[1..]))
    } else {
        None
    };
    if let Some((radix, digits)) = radix {
        let v = i64::from_str_radix(digits, radix).map_err(|_| bad())?;
        return Ok(Arg::Int(if neg { -v } else { v }, pos));
    }
    if body.bytes().all(|b| b.is_ascii_digit()) && !body.is_empty() {
        if let Ok(v) = body.parse::<i64>() {
            return Ok(Arg::Int(if neg { -v } else { v }, pos));
        }
    }
    let is_float_syntax = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if is_float_syntax && let Ok(f) = body.parse::<f64>() {
        // Go: a float constant with an integral value is still an int
        // when written without a fraction or exponent only; `1.0` is float.
        return Ok(Arg::Float(if neg { -f } else { f }, pos));
    }
    Err(bad())
}

/// The part of a Go hex float after `0x` (lowercase): hex digits with an
/// optional point, then a mandatory `p` and a decimal power of two.
fn hex_float(text: &str) -> Option<f64> {
    let (mantissa, exp) = text.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in int.chars().chain(frac.chars()) {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let shift = exp.checked_sub(4 * i32::try_from(frac.len()).ok()?)?;
    Some(value * 2f64.powi(shift))
}
