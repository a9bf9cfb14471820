//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `pow`, `signum`,
//! `min`, `max`, `sum`, `parseint`.

use super::args;
use crate::model::Value;

type Res = Result<Value, String>;

/// A result, refusing NaN (Terraform's arbitrary-precision numbers have no
/// NaN; the Go implementation fails on such inputs).
fn number(n: f64) -> Res {
    if n.is_nan() {
        Err("the result is not a number".into())
    } else {
        Ok(Value::Number(n))
    }
}

fn numbers(args: &[Value]) -> Result<Vec<f64>, String> {
    args.iter()
        .enumerate()
        .map(|(i, a)| args::number(a).map_err(|e| format!("argument {}: {e}", i + 1)))
        .collect()
}

pub(super) fn abs(args: Vec<Value>) -> Res {
    number(args::number(&args[0])?.abs())
}

pub(super) fn ceil(args: Vec<Value>) -> Res {
    number(args::number(&args[0])?.ceil())
}

pub(super) fn floor(args: Vec<Value>) -> Res {
    number(args::number(&args[0])?.floor())
}

pub(super) fn signum(args: Vec<Value>) -> Res {
    let n = args::number(&args[0])?;
    number(if n == 0.0 { 0.0 } else { n.signum() })
}

pub(super) fn pow(args: Vec<Value>) -> Res {
    let [base, exp] = numbers(&args)?[..] else {
        return Err("two arguments required".into());
    };
    number(base.powf(exp))
}

pub(super) fn log(args: Vec<Value>) -> Res {
    let [n, base] = numbers(&args)?[..] else {
        return Err("two arguments required".into());
    };
    number(n.ln() / base.ln())
}

pub(super) fn min(args: Vec<Value>) -> Res {
    let nums = numbers(&args)?;
    number(nums.into_iter().fold(f64::INFINITY, f64::min))
}

pub(super) fn max(args: Vec<Value>) -> Res {
    let nums = numbers(&args)?;
    number(nums.into_iter().fold(f64::NEG_INFINITY, f64::max))
}

pub(super) fn sum(args: Vec<Value>) -> Res {
    let items = match &args[0] {
        Value::List(items) => items,
        Value::Map(_) => return Err("argument must be list, set, or tuple. Received map".into()),
        _ => return Err("cannot sum noniterable".into()),
    };
    if items.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    let mut total = 0.0;
    for item in items {
        if item.value.is_null() {
            return Err("argument must be list, set, or tuple of number values".into());
        }
        total += args::number(&item.value)
            .map_err(|_| "argument must be list, set, or tuple of number values")?;
    }
    if total.is_nan() {
        return Err("can't compute sum of opposing infinities".into());
    }
    number(total)
}

/// `parseint(string, base)`, base 2 to 62, like Go's `big.Int.SetString`.
pub(super) fn parseint(args: Vec<Value>) -> Res {
    let text = args::string(&args[0])?;
    let base = args::integer(&args[1])?;
    if !(2..=62).contains(&base) {
        return Err(format!(
            "invalid base {base}; the base must be between 2 and 62 inclusive"
        ));
    }
    let fail = || format!("cannot parse {text:?} as a base {base} integer");
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    if digits.is_empty() {
        return Err(fail());
    }
    let mut n = 0.0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(fail()),
        };
        if d >= base {
            return Err(fail());
        }
        n = n * base as f64 + d as f64;
    }
    number(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::super::{call, list_of};
    use super::*;

    fn n(v: f64) -> Value {
        Value::Number(v)
    }
    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    #[test]
    fn basics() {
        assert_eq!(call("abs", vec![n(-12.4)]), Ok(n(12.4)));
        assert_eq!(call("ceil", vec![n(5.1)]), Ok(n(6.0)));
        assert_eq!(call("floor", vec![n(4.9)]), Ok(n(4.0)));
        assert_eq!(call("floor", vec![s("4.9")]), Ok(n(4.0)));
        assert_eq!(call("signum", vec![n(-13.0)]), Ok(n(-1.0)));
        assert_eq!(call("signum", vec![n(0.0)]), Ok(n(0.0)));
        assert_eq!(call("pow", vec![n(3.0), n(2.0)]), Ok(n(9.0)));
        assert_eq!(call("pow", vec![n(4.0), n(0.0)]), Ok(n(1.0)));
        assert_eq!(call("log", vec![n(16.0), n(2.0)]), Ok(n(4.0)));
        assert!(call("log", vec![n(-1.0), n(10.0)]).is_err());
        assert_eq!(call("min", vec![n(12.0), n(54.0), n(3.0)]), Ok(n(3.0)));
        assert_eq!(call("max", vec![n(12.0), n(54.0), n(3.0)]), Ok(n(54.0)));
        assert!(call("max", vec![s("x")]).is_err());
        assert_eq!(call("abs", vec![Value::Unknown]), Ok(Value::Unknown));
    }

    #[test]
    fn sums() {
        let list = list_of([n(10.0), n(13.0), n(6.0), n(4.5)]);
        assert_eq!(call("sum", vec![list]), Ok(n(33.5)));
        assert!(call("sum", vec![list_of([])]).is_err());
        assert!(call("sum", vec![list_of([Value::Null])]).is_err());
        assert!(call("sum", vec![list_of([s("a")])]).is_err());
        assert_eq!(
            call("sum", vec![list_of([n(1.0), Value::Unknown])]),
            Ok(Value::Unknown)
        );
    }

    #[test]
    fn parseint_bases() {
        assert_eq!(call("parseint", vec![s("100"), n(10.0)]), Ok(n(100.0)));
        assert_eq!(call("parseint", vec![s("FF"), n(16.0)]), Ok(n(255.0)));
        assert_eq!(call("parseint", vec![s("-10"), n(16.0)]), Ok(n(-16.0)));
        assert_eq!(
            call("parseint", vec![s("1011111011101111"), n(2.0)]),
            Ok(n(48879.0))
        );
        assert_eq!(call("parseint", vec![s("aA"), n(62.0)]), Ok(n(656.0)));
        assert!(call("parseint", vec![s("12"), n(2.0)]).is_err());
        assert!(call("parseint", vec![s("FF"), n(10.0)]).is_err());
        assert!(call("parseint", vec![s("1"), n(63.0)]).is_err());
        assert!(call("parseint", vec![s(""), n(10.0)]).is_err());
        assert!(call("parseint", vec![s("-"), n(10.0)]).is_err());
    }
}
