//! String functions (Sprig) and Go's `fmt` verbs for `printf`.
//!
//! `indent`, `nindent`, `trim*`, `toString` and `quote` keep the origins
//! of the bytes they pass through, so `include … | nindent 4` still maps
//! to the partial's lines.

use std::rc::Rc;

use super::{FnResult, arity, at_least, failed, strval, want_int, want_str};
use crate::helm::sourcemap::{indent_text, shift_pieces, slice_text};
use crate::helm::value::{Text, Val, Value, go_float};

fn s(v: impl Into<Rc<str>>) -> FnResult {
    Ok(Val::str(v))
}

fn text_arg(v: &Val) -> Result<Text, super::FnError> {
    match &v.v {
        Value::Str(t) => Ok(t.clone()),
        _ => want_str(v).map(Text::plain),
    }
}

/// Keeps `v`'s origin on a string derived from it.
fn keep(v: &Val, t: Text) -> FnResult {
    Ok(Val {
        v: Value::Str(t),
        origin: v.origin,
    })
}

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    let r = (|| -> FnResult {
        match name {
            "upper" => {
                arity(name, a, 1)?;
                s(want_str(&a[0])?.to_uppercase())
            }
            "lower" => {
                arity(name, a, 1)?;
                s(want_str(&a[0])?.to_lowercase())
            }
            "title" => {
                arity(name, a, 1)?;
                s(title(want_str(&a[0])?))
            }
            "untitle" => {
                arity(name, a, 1)?;
                let x = want_str(&a[0])?;
                let mut out = String::new();
                let mut prev_space = true;
                for c in x.chars() {
                    if prev_space {
                        out.extend(c.to_lowercase());
                    } else {
                        out.push(c);
                    }
                    prev_space = c.is_whitespace();
                }
                s(out)
            }
            "trim" => {
                arity(name, a, 1)?;
                let t = text_arg(&a[0])?;
                let start = t.s.len() - t.s.trim_start().len();
                let end = t.s.trim_end().len().max(start);
                keep(&a[0], slice_text(&t, start, end))
            }
            "trimAll" => {
                arity(name, a, 2)?;
                let cut: Vec<char> = want_str(&a[0])?.chars().collect();
                s(want_str(&a[1])?.trim_matches(|c| cut.contains(&c)))
            }
            "trimPrefix" | "trimSuffix" => {
                arity(name, a, 2)?;
                let affix = want_str(&a[0])?;
                let t = text_arg(&a[1])?;
                let (lo, hi) = if name == "trimPrefix" {
                    match t.s.strip_prefix(affix) {
                        Some(rest) => (t.s.len() - rest.len(), t.s.len()),
                        None => (0, t.s.len()),
                    }
                } else {
                    match t.s.strip_suffix(affix) {
                        Some(rest) => (0, rest.len()),
                        None => (0, t.s.len()),
                    }
                };
                keep(&a[1], slice_text(&t, lo, hi))
            }
            "trunc" => {
                arity(name, a, 2)?;
                let n = want_int(&a[0])?;
                let t = text_arg(&a[1])?;
                let len = t.s.len() as i64;
                let (lo, hi) = if n >= 0 && len > n {
                    (0, n)
                } else if n < 0 && len + n > 0 {
                    (len + n, len)
                } else {
                    (0, len)
                };
                let (lo, hi) = (lo as usize, hi as usize);
                if !t.s.is_char_boundary(lo) || !t.s.is_char_boundary(hi) {
                    return s(String::from_utf8_lossy(&t.s.as_bytes()[lo..hi]).into_owned());
                }
                keep(&a[1], slice_text(&t, lo, hi))
            }
            "abbrev" => {
                arity(name, a, 2)?;
                let w = want_int(&a[0])?;
                let x = want_str(&a[1])?;
                if w < 4 || x.len() as i64 <= w {
                    return s(x);
                }
                s(format!("{}...", byte_prefix(x, (w - 3) as usize)))
            }
            "abbrevboth" => {
                arity(name, a, 3)?;
                s(want_str(&a[2])?)
            }
            "substr" => {
                arity(name, a, 3)?;
                let (start, end) = (want_int(&a[0])?, want_int(&a[1])?);
                let x = want_str(&a[2])?;
                let len = x.len() as i64;
                let (lo, hi) = if start < 0 {
                    (0, end.clamp(0, len))
                } else if end < 0 || end > len {
                    (start.min(len), len)
                } else {
                    (start.min(end), end)
                };
                s(String::from_utf8_lossy(&x.as_bytes()[lo as usize..hi as usize]).into_owned())
            }
            "replace" => {
                arity(name, a, 3)?;
                s(want_str(&a[2])?.replace(want_str(&a[0])?, want_str(&a[1])?))
            }
            "repeat" => {
                arity(name, a, 2)?;
                let n = want_int(&a[0])?;
                let x = want_str(&a[1])?;
                if n < 0 {
                    return failed("negative Repeat count");
                }
                if (n as u128) * (x.len() as u128) > 16 << 20 {
                    return failed("repeat: result too large");
                }
                s(x.repeat(n as usize))
            }
            "contains" => {
                arity(name, a, 2)?;
                Ok(Val::bool(want_str(&a[1])?.contains(want_str(&a[0])?)))
            }
            "hasPrefix" => {
                arity(name, a, 2)?;
                Ok(Val::bool(want_str(&a[1])?.starts_with(want_str(&a[0])?)))
            }
            "hasSuffix" => {
                arity(name, a, 2)?;
                Ok(Val::bool(want_str(&a[1])?.ends_with(want_str(&a[0])?)))
            }
            "split" | "splitn" => {
                let (sep, n, x) = if name == "split" {
                    arity(name, a, 2)?;
                    (want_str(&a[0])?, -1, want_str(&a[1])?)
                } else {
                    arity(name, a, 3)?;
                    (want_str(&a[0])?, want_int(&a[1])?, want_str(&a[2])?)
                };
                let mut m = crate::helm::value::Map::new();
                for (i, part) in go_split(x, sep, n).into_iter().enumerate() {
                    m.insert(format!("_{i}"), Val::str(part));
                }
                Ok(Val::map(m))
            }
            "splitList" => {
                arity(name, a, 2)?;
                let parts = go_split(want_str(&a[1])?, want_str(&a[0])?, -1);
                Ok(Val::list(parts.into_iter().map(Val::str).collect()))
            }
            "join" => {
                arity(name, a, 2)?;
                let sep = want_str(&a[0])?;
                let parts: Vec<String> = match &a[1].v {
                    Value::List(l) => l.iter().filter(|v| !v.is_nil()).map(strval).collect(),
                    Value::Nil => vec![],
                    _ => vec![strval(&a[1])],
                };
                s(parts.join(sep))
            }
            "quote" | "squote" => {
                let parts: Vec<String> = a
                    .iter()
                    .filter(|v| !v.is_nil())
                    .map(|v| {
                        if name == "quote" {
                            go_quote(&strval(v))
                        } else {
                            format!("'{}'", strval(v))
                        }
                    })
                    .collect();
                // One string argument quoted without escapes keeps its origins.
                if let [one] = a
                    && let Value::Str(t) = &one.v
                    && parts[0].len() == t.s.len() + 2
                    && t.pieces.is_some()
                {
                    let mut pieces = Vec::new();
                    shift_pieces(t, 0, t.s.len() as u32, 1, &mut pieces);
                    return keep(
                        one,
                        Text {
                            s: Rc::from(parts[0].as_str()),
                            pieces: Some(Rc::new(pieces)),
                        },
                    );
                }
                s(parts.join(" "))
            }
            "indent" | "nindent" => {
                arity(name, a, 2)?;
                let n = want_int(&a[0])?;
                let t = text_arg(&a[1])?;
                if n < 0 {
                    return failed("negative Repeat count");
                }
                if n > 1 << 16 || (n as usize).saturating_mul(t.s.len() / 8 + 1) > 64 << 20 {
                    return failed("indent: result too large");
                }
                keep(
                    &a[1],
                    indent_text(&t, &" ".repeat(n as usize), name == "nindent"),
                )
            }
            "nospace" => {
                arity(name, a, 1)?;
                s(want_str(&a[0])?
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>())
            }
            "cat" => {
                let parts: Vec<String> = a.iter().filter(|v| !v.is_nil()).map(strval).collect();
                s(parts.join(" "))
            }
            "wrap" | "wrapWith" => {
                at_least(name, a, 2)?;
                s(want_str(a.last().unwrap_or(&a[0]))?)
            }
            "toString" => {
                arity(name, a, 1)?;
                match &a[0].v {
                    Value::Str(_) => Ok(a[0].clone()),
                    _ => s(strval(&a[0])),
                }
            }
            "camelcase" => {
                arity(name, a, 1)?;
                let x = want_str(&a[0])?;
                let mut out = String::new();
                let mut up = true;
                for c in x.chars() {
                    if c == '_' || c == ' ' || c == '-' {
                        up = true;
                        continue;
                    }
                    if up {
                        out.extend(c.to_uppercase());
                    } else {
                        out.push(c);
                    }
                    up = false;
                }
                s(out)
            }
            "snakecase" | "kebabcase" => {
                arity(name, a, 1)?;
                let sep = if name == "snakecase" { '_' } else { '-' };
                let x = want_str(&a[0])?;
                let mut out = String::new();
                let mut prev_lower = false;
                for c in x.chars() {
                    if c.is_uppercase() {
                        if prev_lower {
                            out.push(sep);
                        }
                        out.extend(c.to_lowercase());
                        prev_lower = false;
                    } else if c == '_' || c == '-' || c == ' ' {
                        out.push(sep);
                        prev_lower = false;
                    } else {
                        out.push(c);
                        prev_lower = c.is_lowercase() || c.is_ascii_digit();
                    }
                }
                s(out)
            }
            "plural" => {
                arity(name, a, 3)?;
                let n = want_int(&a[2])?;
                s(if n == 1 {
                    want_str(&a[0])?
                } else {
                    want_str(&a[1])?
                })
            }
            "initials" => {
                arity(name, a, 1)?;
                s(want_str(&a[0])?
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect::<String>())
            }
            "shuffle" => {
                arity(name, a, 1)?;
                s(want_str(&a[0])?)
            }
            _ => Err(super::FnError::Unknown),
        }
    })();
    match r {
        Err(super::FnError::Unknown) => None,
        r => Some(r),
    }
}

fn byte_prefix(x: &str, n: usize) -> &str {
    let mut n = n.min(x.len());
    while !x.is_char_boundary(n) {
        n -= 1;
    }
    &x[..n]
}

/// Go's `strings.Title`: upper-cases letters that start a word.
fn title(x: &str) -> String {
    let mut out = String::new();
    let mut prev_sep = true;
    for c in x.chars() {
        if prev_sep {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = !(c.is_alphanumeric() || c == '_' || c == '\'');
    }
    out
}

/// Go's `strings.SplitN` (`n < 0`: all; an empty separator splits into
/// characters).
pub fn go_split(x: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return vec![];
    }
    if sep.is_empty() {
        let mut out: Vec<String> = x.chars().map(String::from).collect();
        if n > 0 && out.len() > n as usize {
            let rest: String = out[n as usize - 1..].concat();
            out.truncate(n as usize - 1);
            out.push(rest);
        }
        return out;
    }
    if n < 0 {
        x.split(sep).map(String::from).collect()
    } else {
        x.splitn(n as usize, sep).map(String::from).collect()
    }
}

/// Go's `%q` for a string (`strconv.Quote`).
pub fn go_quote(x: &str) -> String {
    let mut out = String::with_capacity(x.len() + 2);
    out.push('"');
    for c in x.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(x: &str) -> String {
    let mut out = String::new();
    for b in x.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Go's `fmt.Sprintf` for the verbs charts use: `%s %v %d %q %f %e %g %t
/// %x %X %o %b %c %T %%`, with flags, width and precision. A mismatched
/// operand prints Go's `%!d(string=…)` form.
pub fn sprintf(format: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut it = format.chars().peekable();
    let mut argi = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut minus, mut plus, mut zero, mut space, mut sharp) =
            (false, false, false, false, false);
        while let Some(&f) = it.peek() {
            match f {
                '-' => minus = true,
                '+' => plus = true,
                '0' => zero = true,
                ' ' => space = true,
                '#' => sharp = true,
                _ => break,
            }
            it.next();
        }
        let mut width: Option<usize> = None;
        while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
            width = Some((width.unwrap_or(0) * 10 + d as usize).min(1000));
            it.next();
        }
        let mut prec: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            prec = Some(0);
            while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
                prec = Some((prec.unwrap_or(0) * 10 + d as usize).min(1000));
                it.next();
            }
        }
        let Some(verb) = it.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(argi) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        argi += 1;
        let body = format_one(verb, arg, prec, plus, space, sharp);
        let width = width.unwrap_or(0);
        let len = body.chars().count();
        if len >= width {
            out.push_str(&body);
        } else if minus {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', width - len));
        } else if zero
            && matches!(verb, 'd' | 'f' | 'e' | 'g' | 'x' | 'X' | 'o' | 'b')
            && !matches!(arg.v, Value::Str(_))
        {
            let (sign, digits) = match body.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", body.as_str()),
            };
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', width - len));
            out.push_str(digits);
        } else {
            out.extend(std::iter::repeat_n(' ', width - len));
            out.push_str(&body);
        }
    }
    if argi < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[argi..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), a.to_go_string()))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

fn bad(verb: char, arg: &Val) -> String {
    if arg.is_nil() {
        return format!("%!{verb}(<nil>)");
    }
    format!("%!{verb}({}={})", arg.type_name(), arg.to_go_string())
}

fn format_one(
    verb: char,
    arg: &Val,
    prec: Option<usize>,
    plus: bool,
    space: bool,
    sharp: bool,
) -> String {
    let signed = |n: String, neg: bool| {
        if neg {
            n
        } else if plus {
            format!("+{n}")
        } else if space {
            format!(" {n}")
        } else {
            n
        }
    };
    match (verb, &arg.v) {
        ('v', _) | ('s', Value::Str(_)) => {
            let s = arg.to_go_string();
            match (verb, prec) {
                ('s', Some(p)) => s.chars().take(p).collect(),
                _ => s,
            }
        }
        ('s', Value::List(_) | Value::Map(_) | Value::Bool(_)) => arg.to_go_string(),
        ('T', _) => arg.type_name().to_string(),
        ('q', Value::Str(t)) => go_quote(&t.s),
        ('q', Value::Int(i)) => format!("'{}'", char::from_u32(*i as u32).unwrap_or('\u{fffd}')),
        ('d', Value::Int(i)) => signed(i.to_string(), *i < 0),
        ('t', Value::Bool(b)) => b.to_string(),
        ('c', Value::Int(i)) => char::from_u32(*i as u32).unwrap_or('\u{fffd}').to_string(),
        ('x', Value::Int(i)) => format!(
            "{}{}{:x}",
            if *i < 0 { "-" } else { "" },
            if sharp { "0x" } else { "" },
            i.unsigned_abs()
        ),
        ('X', Value::Int(i)) => format!(
            "{}{}{:X}",
            if *i < 0 { "-" } else { "" },
            if sharp { "0X" } else { "" },
            i.unsigned_abs()
        ),
        ('o', Value::Int(i)) => format!("{}{:o}", if *i < 0 { "-" } else { "" }, i.unsigned_abs()),
        ('b', Value::Int(i)) => format!("{}{:b}", if *i < 0 { "-" } else { "" }, i.unsigned_abs()),
        ('x', Value::Str(t)) => t.s.bytes().map(|b| format!("{b:02x}")).collect(),
        ('X', Value::Str(t)) => t.s.bytes().map(|b| format!("{b:02X}")).collect(),
        ('f' | 'F', Value::Float(f)) => signed(format!("{:.*}", prec.unwrap_or(6), f), *f < 0.0),
        ('e', Value::Float(f)) => signed(go_exp(*f, prec.unwrap_or(6)), *f < 0.0),
        ('g', Value::Float(f)) => signed(
            match prec {
                None => go_float(*f),
                Some(p) => format!("{:.*}", p.saturating_sub(1), f),
            },
            *f < 0.0,
        ),
        _ => bad(verb, arg),
    }
}

fn go_exp(f: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, f);
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}
