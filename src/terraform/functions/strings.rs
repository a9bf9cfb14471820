//! String functions. Terraform counts grapheme clusters where we count
//! Unicode scalar values (`char`s); the two agree except for combining
//! sequences.

use regex::{Regex, RegexBuilder};

use super::args;
use super::{list_of, string_list};
use crate::model::Value;

type Res = Result<Value, String>;

/// The arguments as strings.
fn strings<const N: usize>(args: &[Value]) -> Result<[String; N], String> {
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (i, slot) in out.iter_mut().enumerate() {
        let arg = args.get(i).unwrap_or(&Value::Null);
        *slot = args::string(arg).map_err(|e| format!("argument {}: {e}", i + 1))?;
    }
    Ok(out)
}

fn string(s: impl Into<String>) -> Res {
    Ok(Value::String(s.into()))
}

pub(super) fn lower(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    string(s.to_lowercase())
}

pub(super) fn upper(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    string(s.to_uppercase())
}

/// Go's `strings.Title`: upper-cases the first letter of each word.
pub(super) fn title(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    let is_separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        }
    };
    let mut prev = ' ';
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_separator(prev) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev = c;
    }
    string(out)
}

pub(super) fn trimspace(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    string(s.trim())
}

pub(super) fn trim(args: Vec<Value>) -> Res {
    let [s, cutset] = strings(&args)?;
    string(s.trim_matches(|c| cutset.contains(c)))
}

pub(super) fn trimprefix(args: Vec<Value>) -> Res {
    let [s, prefix] = strings(&args)?;
    string(s.strip_prefix(prefix.as_str()).unwrap_or(&s))
}

pub(super) fn trimsuffix(args: Vec<Value>) -> Res {
    let [s, suffix] = strings(&args)?;
    string(s.strip_suffix(suffix.as_str()).unwrap_or(&s))
}

pub(super) fn chomp(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    string(s.trim_end_matches(['\n', '\r']))
}

pub(super) fn indent(args: Vec<Value>) -> Res {
    let spaces = args::integer(&args[0])?;
    let [_, s] = strings(&args)?;
    if !(0..=10_000).contains(&spaces) {
        return Err(format!("cannot indent by {spaces} spaces"));
    }
    let pad = " ".repeat(spaces as usize);
    string(s.replace('\n', &format!("\n{pad}")))
}

pub(super) fn strrev(args: Vec<Value>) -> Res {
    let [s] = strings(&args)?;
    string(s.chars().rev().collect::<String>())
}

pub(super) fn startswith(args: Vec<Value>) -> Res {
    let [s, prefix] = strings(&args)?;
    Ok(Value::Bool(s.starts_with(&prefix)))
}

pub(super) fn endswith(args: Vec<Value>) -> Res {
    let [s, suffix] = strings(&args)?;
    Ok(Value::Bool(s.ends_with(&suffix)))
}

pub(super) fn strcontains(args: Vec<Value>) -> Res {
    let [s, sub] = strings(&args)?;
    Ok(Value::Bool(s.contains(&sub)))
}

pub(super) fn join(args: Vec<Value>) -> Res {
    let [sep] = strings(&args)?;
    if args.len() < 2 {
        return Err("at least one list is required".into());
    }
    let mut parts = Vec::new();
    for (i, list) in args[1..].iter().enumerate() {
        for (j, item) in args::list(list)?.iter().enumerate() {
            match &item.value {
                Value::Null => {
                    return Err(format!(
                        "element {j} of list {} is null; cannot concatenate null values",
                        i + 1
                    ));
                }
                v => parts.push(args::string(v).map_err(|e| format!("element {j}: {e}"))?),
            }
        }
    }
    string(parts.join(&sep))
}

/// Go's `strings.Split`: an empty separator splits into characters.
pub(super) fn split(args: Vec<Value>) -> Res {
    let [sep, s] = strings(&args)?;
    if sep.is_empty() {
        return Ok(string_list(s.chars().map(String::from)));
    }
    Ok(string_list(s.split(sep.as_str()).map(String::from)))
}

/// `substr(string, offset, length)`: a negative offset counts from the end,
/// a negative length takes the rest.
pub(super) fn substr(args: Vec<Value>) -> Res {
    let offset = args::integer(&args[1])?;
    let length = args::integer(&args[2])?;
    let [s] = strings(&args)?;
    let total = s.chars().count() as i64;
    let start = if offset < 0 { offset + total } else { offset }.clamp(0, total);
    if length == 0 {
        return string("");
    }
    let rest = s.chars().skip(start as usize);
    if length < 0 {
        return string(rest.collect::<String>());
    }
    string(rest.take(length as usize).collect::<String>())
}

/// Compiles a pattern in Go's RE2 syntax (which the `regex` crate shares).
fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| format!("invalid regular expression pattern: {e}"))
}

/// `replace(string, substring, replacement)`; a substring in slashes is a
/// regular expression and the replacement may use `$1` / `${name}`.
pub(super) fn replace(args: Vec<Value>) -> Res {
    let [s, sub, replacement] = strings(&args)?;
    if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') {
        let re = compile(&sub[1..sub.len() - 1])?;
        return string(re.replace_all(&s, replacement.as_str()));
    }
    string(s.replace(&sub, &replacement))
}

/// What one match of `regex`/`regexall` gives: the matched string with no
/// capture groups, a list for unnamed groups, a map for named ones.
enum Shape {
    Whole,
    List,
    Map,
}

fn shape(re: &Regex) -> Result<Shape, String> {
    let names: Vec<_> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        Ok(Shape::Whole)
    } else if names.iter().all(Option::is_none) {
        Ok(Shape::List)
    } else if names.iter().all(Option::is_some) {
        Ok(Shape::Map)
    } else {
        Err("named and unnamed capture groups cannot be mixed in the same pattern".into())
    }
}

fn match_value(re: &Regex, shape: &Shape, caps: &regex::Captures) -> Value {
    let group = |i: usize| {
        caps.get(i)
            .map_or(Value::Null, |m| Value::String(m.as_str().into()))
    };
    match shape {
        Shape::Whole => group(0),
        Shape::List => list_of((1..caps.len()).map(group)),
        Shape::Map => Value::Map(
            re.capture_names()
                .enumerate()
                .filter_map(|(i, name)| Some((name?.to_string(), super::node(group(i)))))
                .collect(),
        ),
    }
}

pub(super) fn regex(args: Vec<Value>) -> Res {
    let [pattern, s] = strings(&args)?;
    let re = compile(&pattern)?;
    let shape = shape(&re)?;
    let caps = re
        .captures(&s)
        .ok_or("pattern did not match any part of the given string")?;
    Ok(match_value(&re, &shape, &caps))
}

pub(super) fn regexall(args: Vec<Value>) -> Res {
    let [pattern, s] = strings(&args)?;
    let re = compile(&pattern)?;
    let shape = shape(&re)?;
    Ok(list_of(
        re.captures_iter(&s).map(|c| match_value(&re, &shape, &c)),
    ))
}

/// Go's `filepath.Base` (with `/` separators).
pub(super) fn basename(args: Vec<Value>) -> Res {
    let [path] = strings(&args)?;
    if path.is_empty() {
        return string(".");
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return string("/");
    }
    string(trimmed.rsplit('/').next().unwrap_or(trimmed))
}

/// Go's `filepath.Dir` (with `/` separators).
pub(super) fn dirname(args: Vec<Value>) -> Res {
    let [path] = strings(&args)?;
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    string(clean(dir))
}

/// Go's `path.Clean`.
fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{call, node};
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn n(v: f64) -> Value {
        Value::Number(v)
    }
    fn strs(values: &[&str]) -> Value {
        list_of(values.iter().map(|v| s(v)))
    }
    fn c(name: &str, args: Vec<Value>) -> Value {
        call(name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn case_and_trimming() {
        assert_eq!(c("lower", vec![s("HELLO")]), s("hello"));
        assert_eq!(c("upper", vec![s("hello")]), s("HELLO"));
        assert_eq!(
            c("title", vec![s("hello world-foo_bar")]),
            s("Hello World-Foo_bar")
        );
        assert_eq!(c("trimspace", vec![s("  hello\n\n")]), s("hello"));
        assert_eq!(c("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(
            c("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            c("trimprefix", vec![s("helloworld"), s("cat")]),
            s("helloworld")
        );
        assert_eq!(
            c("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(c("chomp", vec![s("hello\n\r\n")]), s("hello"));
        assert_eq!(c("indent", vec![n(2.0), s("a\nb\n")]), s("a\n  b\n  "));
        assert_eq!(c("strrev", vec![s("hello")]), s("olleh"));
        assert_eq!(c("upper", vec![n(1.0)]), s("1"));
        assert!(call("upper", vec![Value::Null]).is_err());
    }

    #[test]
    fn predicates() {
        assert_eq!(
            c("startswith", vec![s("hello world"), s("hello")]),
            Value::Bool(true)
        );
        assert_eq!(
            c("endswith", vec![s("hello world"), s("hello")]),
            Value::Bool(false)
        );
        assert_eq!(
            c("strcontains", vec![s("hello world"), s("wor")]),
            Value::Bool(true)
        );
    }

    #[test]
    fn join_and_split() {
        assert_eq!(
            c("join", vec![s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(
            c("join", vec![s("-"), strs(&["a"]), list_of([n(1.0)])]),
            s("a-1")
        );
        assert!(call("join", vec![s(",")]).is_err());
        assert!(call("join", vec![s(","), list_of([Value::Null])]).is_err());
        assert_eq!(
            c("split", vec![s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(c("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(c("split", vec![s(""), s("ab")]), strs(&["a", "b"]));
    }

    #[test]
    fn substr_offsets() {
        assert_eq!(
            c("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(c("substr", vec![s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(
            c("substr", vec![s("hello world"), n(-5.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(
            c("substr", vec![s("hello world"), n(6.0), n(10.0)]),
            s("world")
        );
        assert_eq!(c("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(c("substr", vec![s("hello"), n(-10.0), n(2.0)]), s("he"));
    }

    #[test]
    fn replace_plain_and_regex() {
        assert_eq!(
            c("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            c(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            ),
            s("hello everybody")
        );
        assert_eq!(
            c("replace", vec![s("hello world"), s("/(h)(e)/"), s("$2$1")]),
            s("ehllo world")
        );
        assert!(call("replace", vec![s("x"), s("/(/"), s("")]).is_err());
    }

    #[test]
    fn regex_shapes() {
        assert_eq!(
            c(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            ),
            s("aaabbbccc")
        );
        assert_eq!(
            c(
                "regex",
                vec![s(r"(\d\d\d\d)-(\d\d)-(\d\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        let named = c(
            "regex",
            vec![
                s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                s("https://terraform.io/docs/"),
            ],
        );
        let expected = Value::Map(
            [("scheme", "https"), ("authority", "terraform.io")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), node(s(v))))
                .collect(),
        );
        assert_eq!(named, expected);
        assert!(call("regex", vec![s("[a-z]+"), s("123")]).is_err());
        assert!(call("regex", vec![s("(?P<a>x)(y)"), s("xy")]).is_err());
        assert_eq!(
            c("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(c("regexall", vec![s("[a-z]+"), s("123")]), strs(&[]));
        assert_eq!(
            c("regex", vec![s("(a)|(b)"), s("b")]),
            list_of([Value::Null, s("b")])
        );
    }

    #[test]
    fn paths() {
        assert_eq!(c("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(c("basename", vec![s("foo/bar/")]), s("bar"));
        assert_eq!(c("basename", vec![s("")]), s("."));
        assert_eq!(c("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(c("dirname", vec![s("baz.txt")]), s("."));
        assert_eq!(c("dirname", vec![s("/baz.txt")]), s("/"));
        assert_eq!(c("dirname", vec![s("a/../b/./c/d")]), s("b/c"));
    }
}
