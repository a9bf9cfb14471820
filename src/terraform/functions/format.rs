//! `format` and `formatlist`: printf-style formatting with Terraform's verbs
//! (`%v %#v %t %s %q %d %b %o %x %X %e %E %f %g %G %%`), flags `0 # - + `
//! (space), width, precision and explicit argument indices (`%[2]s`).

use super::args::{self, has_unknown};
use super::encoding::{json_string, to_json};
use super::list_of;
use crate::model::Value;

type Res = Result<Value, String>;

/// Widths and precisions above this are refused (Terraform has no limit,
/// but no configuration needs more and padding must not exhaust memory).
const MAX_WIDTH: usize = 10_000;

pub(super) fn format(args: Vec<Value>) -> Res {
    let spec = args::string(&args[0])?;
    format_values(&spec, &args[1..]).map(Value::String)
}

pub(super) fn formatlist(args: Vec<Value>) -> Res {
    let spec = args::string(&args[0])?;
    let rest = &args[1..];
    if rest.is_empty() {
        return Ok(list_of([Value::String(format_values(&spec, rest)?)]));
    }
    let mut len: Option<(usize, usize)> = None;
    for (i, arg) in rest.iter().enumerate() {
        if let Value::List(items) = arg {
            match len {
                None => len = Some((items.len(), i)),
                Some((l, j)) if l != items.len() => {
                    return Err(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {l}",
                        i + 1,
                        items.len(),
                        j + 1
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let len = len.map_or(1, |(l, _)| l);
    let mut out = Vec::with_capacity(len);
    for k in 0..len {
        let iteration: Vec<Value> = rest
            .iter()
            .map(|a| match a {
                Value::List(items) => items[k].value.clone(),
                other => other.clone(),
            })
            .collect();
        if iteration.iter().any(has_unknown) {
            out.push(Value::Unknown);
            continue;
        }
        let s = format_values(&spec, &iteration)
            .map_err(|e| format!("error on format iteration {k}: {e}"))?;
        out.push(Value::String(s));
    }
    Ok(list_of(out))
}

/// One `%…` verb of a format string.
#[derive(Default)]
struct Verb<'a> {
    raw: &'a str,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Formats `values` according to `spec`, like Terraform's `format`.
fn format_values(spec: &str, values: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut next_arg = 1;
    let mut highest = 0;
    let mut chars = spec.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.next_if(|(_, c)| *c == '%').is_some() {
            out.push('%');
            continue;
        }
        let mut verb = Verb {
            arg: next_arg,
            offset: start,
            ..Verb::default()
        };
        while let Some((_, f)) = chars.next_if(|(_, c)| "0#-+ ".contains(*c)) {
            match f {
                '0' => verb.zero = true,
                '#' => verb.sharp = true,
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                _ => verb.space = true,
            }
        }
        verb.width = digits(&mut chars)?;
        if chars.next_if(|(_, c)| *c == '.').is_some() {
            verb.prec = Some(digits(&mut chars)?.unwrap_or(0));
        }
        if chars.next_if(|(_, c)| *c == '[').is_some() {
            verb.arg = digits(&mut chars)?
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("invalid format string starting at offset {start}"))?;
            if chars.next_if(|(_, c)| *c == ']').is_none() {
                return Err(format!("invalid format string starting at offset {start}"));
            }
        }
        match chars.next() {
            Some((i, m)) if m.is_ascii_alphabetic() => {
                verb.mode = m;
                verb.raw = &spec[start..=i];
            }
            Some((i, m)) => {
                return Err(format!("unrecognized format character {m:?} at offset {i}"));
            }
            None => return Err(format!("invalid format string starting at offset {start}")),
        }
        highest = highest.max(verb.arg);
        append(&verb, &mut out, values)?;
        next_arg = verb.arg + 1;
    }
    if highest < values.len() {
        return Err(if highest == 0 {
            "too many arguments; no verbs in format string".into()
        } else {
            format!("too many arguments; only {highest} used by format string")
        });
    }
    Ok(out)
}

/// A decimal number in the format string (width, precision, index).
fn digits(chars: &mut std::iter::Peekable<std::str::CharIndices>) -> Result<Option<usize>, String> {
    let mut n: Option<usize> = None;
    while let Some((i, d)) = chars.next_if(|(_, c)| c.is_ascii_digit()) {
        let v = n.unwrap_or(0) * 10 + (d as usize - '0' as usize);
        if v > MAX_WIDTH {
            return Err(format!(
                "number at offset {i} is too large for a format verb"
            ));
        }
        n = Some(v);
    }
    Ok(n)
}

fn append(verb: &Verb, out: &mut String, values: &[Value]) -> Result<(), String> {
    let Some(arg) = values.get(verb.arg - 1) else {
        return Err(format!(
            "not enough arguments for {:?} at {}: need index {} but have {} total",
            verb.raw,
            verb.offset,
            verb.arg,
            values.len()
        ));
    };
    let unsupported = |why: String| {
        format!(
            "unsupported value for {:?} at {}: {why}",
            verb.raw, verb.offset
        )
    };
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted".into()));
    }
    match verb.mode {
        'v' => {
            let text = match arg {
                Value::String(s) if !verb.sharp => s.clone(),
                Value::Number(n) if !verb.sharp => go_float(*n, 'g', None),
                other => to_json(other).map_err(unsupported)?,
            };
            out.push_str(&pad(verb, text));
        }
        't' => {
            let b = args::boolean(arg).map_err(|_| unsupported("bool required".into()))?;
            out.push_str(if b { "true" } else { "false" });
        }
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = args::number(arg).map_err(|e| unsupported(e.to_string()))?;
            let text = if matches!(verb.mode, 'e' | 'E' | 'f' | 'g' | 'G') {
                format_float(verb, n)
            } else {
                format_integer(verb, n).map_err(unsupported)?
            };
            out.push_str(&text);
        }
        's' | 'q' => {
            let mut s = args::string(arg).map_err(unsupported)?;
            if let Some(p) = verb.prec.filter(|p| *p > 0) {
                s = s.chars().take(p).collect();
            }
            if verb.mode == 'q' {
                s = json_string(&s);
            }
            out.push_str(&pad(verb, s));
        }
        m => {
            return Err(format!(
                "unsupported format verb {m:?} in {:?} at offset {}",
                verb.raw, verb.offset
            ));
        }
    }
    Ok(())
}

/// Pads to the verb's width (in characters), with zeros for the `0` flag.
fn pad(verb: &Verb, text: String) -> String {
    let len = text.chars().count();
    let Some(width) = verb.width.filter(|w| *w > len) else {
        return text;
    };
    let fill = if verb.zero { "0" } else { " " }.repeat(width - len);
    if verb.minus {
        text + &fill
    } else {
        fill + &text
    }
}

/// Go's formatting of a `big.Int` (`%d %b %o %x %X` with flags).
fn format_integer(verb: &Verb, n: f64) -> Result<String, String> {
    if n.fract() != 0.0 || !n.is_finite() {
        return Err("an integer is required".into());
    }
    let abs = n.abs();
    let digits = match verb.mode {
        'd' => format!("{abs:.0}"),
        _ if abs >= 2f64.powi(127) => return Err("number is too large".into()),
        'b' => format!("{:b}", abs as u128),
        'o' => format!("{:o}", abs as u128),
        'x' => format!("{:x}", abs as u128),
        _ => format!("{:X}", abs as u128),
    };
    let sign = if n < 0.0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = verb.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return Ok(String::new());
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(width) = verb.width.filter(|w| *w > length) {
        let d = width - length;
        if verb.minus {
            right = d;
        } else if verb.zero && verb.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    Ok(format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    ))
}

/// Go's formatting of a `big.Float` (`%e %E %f %g %G` with flags).
fn format_float(verb: &Verb, n: f64) -> String {
    let prec = match verb.mode {
        'g' | 'G' => verb.prec,
        _ => Some(verb.prec.unwrap_or(6)),
    };
    let body = go_float(n.abs(), verb.mode, prec);
    let sign = if n < 0.0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let padding = verb
        .width
        .map_or(0, |w| w.saturating_sub(sign.len() + body.len()));
    if verb.zero {
        format!("{sign}{}{body}", "0".repeat(padding))
    } else if verb.minus {
        format!("{sign}{body}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{body}", " ".repeat(padding))
    }
}

/// `big.Float.Text(mode, prec)` for `e E f g G`; `None` is the shortest
/// representation (Go's `-1`).
fn go_float(n: f64, mode: char, prec: Option<usize>) -> String {
    let neg = if n < 0.0 { "-" } else { "" };
    let x = n.abs();
    let text = match (mode, prec) {
        ('f', Some(p)) => format!("{x:.p$}"),
        ('f', None) => format!("{x}"),
        ('e' | 'E', Some(p)) => go_exponent(&format!("{x:.p$e}")),
        ('e' | 'E', None) => go_exponent(&format!("{x:e}")),
        (_, prec) => {
            let (shortest, prec) = match prec {
                None => (true, 0),
                Some(p) => (false, p.max(1)),
            };
            let (mant, exp) = if shortest {
                decimal(&format!("{x:e}"))
            } else {
                decimal(&format!("{x:.*e}", prec - 1))
            };
            let prec = if shortest { mant.len() } else { prec };
            let mut eprec = prec;
            if eprec > mant.len() && mant.len() as i64 >= exp {
                eprec = mant.len();
            }
            if shortest {
                eprec = 6;
            }
            let e = exp - 1;
            if e < -4 || e >= eprec as i64 {
                let p = prec.min(mant.len()).saturating_sub(1);
                go_exponent(&format!("{x:.p$e}"))
            } else {
                let p = if prec as i64 > exp { mant.len() } else { prec };
                let frac = (p as i64 - exp).max(0) as usize;
                format!("{x:.frac$}")
            }
        }
    };
    let text = if mode.is_ascii_uppercase() {
        text.to_uppercase()
    } else {
        text
    };
    format!("{neg}{text}")
}

/// Significant digits (no trailing zeros) and decimal exponent (value =
/// 0.digits × 10^exp) of Rust's `{:e}` output.
fn decimal(e_form: &str) -> (String, i64) {
    let (mant, exp) = e_form.split_once('e').unwrap_or((e_form, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    (digits.to_string(), exp + 1)
}

/// Rust's `1.5e2` as Go's `1.5e+02`.
fn go_exponent(e_form: &str) -> String {
    let Some((mant, exp)) = e_form.split_once('e') else {
        return e_form.to_string();
    };
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exp),
    };
    format!("{mant}e{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use super::super::call;
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn n(v: f64) -> Value {
        Value::Number(v)
    }
    fn f(spec: &str, args: Vec<Value>) -> String {
        let mut all = vec![s(spec)];
        all.extend(args);
        match call("format", all) {
            Ok(Value::String(s)) => s,
            other => panic!("format({spec:?}): {other:?}"),
        }
    }

    #[test]
    fn documented_examples() {
        assert_eq!(f("Hello, %s!", vec![s("Ander")]), "Hello, Ander!");
        assert_eq!(f("There are %d lights", vec![n(4.0)]), "There are 4 lights");
        assert_eq!(f("%03d", vec![n(7.0)]), "007");
        assert_eq!(f("%.2f", vec![n(3.14259)]), "3.14");
        assert_eq!(f("%d%%", vec![n(50.0)]), "50%");
        assert_eq!(f("%q", vec![s("hi \"x\"")]), r#""hi \"x\"""#);
        assert_eq!(f("%t", vec![Value::Bool(true)]), "true");
        assert_eq!(f("%-5s|", vec![s("ab")]), "ab   |");
        assert_eq!(f("%5s|", vec![s("ab")]), "   ab|");
        assert_eq!(f("%.3s", vec![s("abcdef")]), "abc");
        assert_eq!(f("%[2]s %[1]s", vec![s("a"), s("b")]), "b a");
        assert_eq!(f("%s", vec![n(2.5)]), "2.5");
        assert_eq!(f("%d", vec![s("12")]), "12");
    }

    #[test]
    fn v_verb() {
        assert_eq!(f("%v", vec![s("x")]), "x");
        assert_eq!(f("%v", vec![n(42.0)]), "42");
        assert_eq!(f("%v", vec![n(1_000_000.0)]), "1e+06");
        assert_eq!(f("%v", vec![Value::Bool(false)]), "false");
        assert_eq!(f("%v", vec![Value::Null]), "null");
        assert_eq!(f("%#v", vec![s("x")]), "\"x\"");
        assert_eq!(f("%v", vec![list_of([s("a"), n(1.0)])]), "[\"a\",1]");
    }

    #[test]
    fn numbers() {
        assert_eq!(f("%x", vec![n(255.0)]), "ff");
        assert_eq!(f("%#X", vec![n(255.0)]), "0XFF");
        assert_eq!(f("%b", vec![n(5.0)]), "101");
        assert_eq!(f("%o", vec![n(8.0)]), "10");
        assert_eq!(f("%+d", vec![n(5.0)]), "+5");
        assert_eq!(f("%05d", vec![n(-42.0)]), "-0042");
        assert_eq!(f("%-4d|", vec![n(7.0)]), "7   |");
        assert_eq!(f("%.3d", vec![n(7.0)]), "007");
        assert_eq!(f("%f", vec![n(1.5)]), "1.500000");
        assert_eq!(f("%8.3f|", vec![n(-3.14259)]), "  -3.143|");
        assert_eq!(f("%08.3f", vec![n(-3.14259)]), "-003.143");
        assert_eq!(f("%e", vec![n(1234.5678)]), "1.234568e+03");
        assert_eq!(f("%E", vec![n(0.000123)]), "1.230000E-04");
        assert_eq!(f("%g", vec![n(0.00001)]), "1e-05");
        assert_eq!(f("%g", vec![n(123456.0)]), "123456");
        assert_eq!(f("%g", vec![n(1234567.0)]), "1.234567e+06");
        assert_eq!(f("%.3g", vec![n(1.0)]), "1");
        assert_eq!(f("%.3g", vec![n(3.14259)]), "3.14");
        assert_eq!(f("%.2g", vec![n(1234.0)]), "1.2e+03");
        assert_eq!(f("%g", vec![n(0.0)]), "0");
    }

    #[test]
    fn errors() {
        let err = |spec: &str, args: Vec<Value>| {
            let mut all = vec![s(spec)];
            all.extend(args);
            call("format", all).unwrap_err()
        };
        assert!(err("%d", vec![n(1.5)]).contains("integer is required"));
        assert!(err("%d", vec![s("x")]).contains("unsupported value"));
        assert!(err("%s %s", vec![s("x")]).contains("not enough arguments"));
        assert!(err("%s", vec![s("x"), s("y")]).contains("too many arguments"));
        assert!(err("hi", vec![s("y")]).contains("no verbs"));
        assert!(err("%s", vec![Value::Null]).contains("null"));
        assert!(err("%s", vec![list_of([])]).contains("unsupported value"));
        assert!(err("%", vec![]).contains("invalid format string"));
        assert!(err("%!", vec![]).contains("unrecognized format character"));
        assert!(err("%y", vec![n(1.0)]).contains("unsupported format verb"));
        assert!(err("%99999999999999999999d", vec![n(1.0)]).contains("too large"));
        assert!(err("%[0]d", vec![n(1.0)]).contains("invalid format string"));
    }

    #[test]
    fn unknowns() {
        assert_eq!(
            call("format", vec![s("%s"), Value::Unknown]),
            Ok(Value::Unknown)
        );
        assert_eq!(
            call(
                "formatlist",
                vec![s("%s-%s"), list_of([s("a"), Value::Unknown]), s("x")]
            ),
            Ok(list_of([s("a-x"), Value::Unknown]))
        );
    }

    #[test]
    fn formatlist_iterates() {
        assert_eq!(
            call(
                "formatlist",
                vec![
                    s("Hello, %s!"),
                    list_of([s("Valentina"), s("Ander"), s("Olivia"), s("Sam")])
                ]
            ),
            Ok(list_of([
                s("Hello, Valentina!"),
                s("Hello, Ander!"),
                s("Hello, Olivia!"),
                s("Hello, Sam!")
            ]))
        );
        assert_eq!(
            call(
                "formatlist",
                vec![
                    s("%s, %s!"),
                    s("Salutations"),
                    list_of([s("Valentina"), s("Ander")])
                ]
            ),
            Ok(list_of([
                s("Salutations, Valentina!"),
                s("Salutations, Ander!")
            ]))
        );
        assert_eq!(call("formatlist", vec![s("x")]), Ok(list_of([s("x")])));
        assert_eq!(
            call("formatlist", vec![s("%s"), s("a")]),
            Ok(list_of([s("a")]))
        );
        assert!(
            call(
                "formatlist",
                vec![s("%s%s"), list_of([s("a")]), list_of([])]
            )
            .is_err()
        );
    }
}
