//! Plain-scalar typing as Kubernetes reads it (go-yaml v3): `true`/`false`
//! in three casings are booleans, `yes`/`no`/`on`/`off` stay strings,
//! numbers are numbers (with Go's `0x`, `0o`, `0b` and leading-zero octal),
//! `~`/`null`/empty are null. Quoted and block scalars are always strings.

use crate::model::Value;

/// The value of a scalar written with `style` (`plain` false for quoted
/// and block scalars) and an explicit `!!str` tag or not.
pub fn resolve(text: &str, plain: bool, str_tag: bool) -> Value {
    if !plain || str_tag {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(text).map_or_else(|| Value::String(text.to_string()), Value::Number),
    }
}

/// A YAML number, or `None` for anything else.
fn number(text: &str) -> Option<f64> {
    let first = *text.as_bytes().first()?;
    // Cheap exit for the common case: words.
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let (negative, digits) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let radix = |prefix: &str, radix: u32| {
        digits
            .strip_prefix(prefix)
            .filter(|d| !d.is_empty() && !d.starts_with(['+', '-']))
            .and_then(|d| i64::from_str_radix(d, radix).ok())
    };
    let integer = radix("0x", 16)
        .or_else(|| radix("0o", 8))
        .or_else(|| radix("0b", 2))
        // Go's base-0 parsing reads `0644` as octal (file modes).
        .or_else(|| {
            (digits.len() > 1
                && digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| i64::from_str_radix(&digits[1..], 8).ok())
            .flatten()
        });
    if let Some(n) = integer {
        let n = n as f64;
        return Some(if negative { -n } else { n });
    }
    if is_decimal(digits) {
        return text.parse().ok();
    }
    None
}

/// `[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` or `\.[0-9]+(…)?` (no sign).
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = count_digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_follow_go_yaml_v3() {
        for t in ["true", "True", "TRUE"] {
            assert_eq!(resolve(t, true, false), Value::Bool(true));
        }
        for s in ["yes", "no", "on", "off", "Yes", "y"] {
            assert_eq!(resolve(s, true, false), Value::String(s.into()));
        }
        assert_eq!(resolve("true", false, false), Value::String("true".into()));
        assert_eq!(resolve("true", true, true), Value::String("true".into()));
    }

    #[test]
    fn numbers_and_nulls() {
        assert_eq!(resolve("8080", true, false), Value::Number(8080.0));
        assert_eq!(resolve("-1", true, false), Value::Number(-1.0));
        assert_eq!(resolve("0644", true, false), Value::Number(420.0));
        assert_eq!(resolve("0x1F", true, false), Value::Number(31.0));
        assert_eq!(resolve("1.5e3", true, false), Value::Number(1500.0));
        assert_eq!(resolve(".5", true, false), Value::Number(0.5));
        assert_eq!(resolve("1.20", true, false), Value::Number(1.2));
        assert_eq!(resolve("~", true, false), Value::Null);
        assert_eq!(resolve("", true, false), Value::Null);
        for s in [
            "1.2.3", "0-5", "0x-1", "100m", "512Mi", "-", ".", "1e", "0x", "+", "v1",
        ] {
            assert_eq!(resolve(s, true, false), Value::String(s.into()), "{s}");
        }
    }
}
