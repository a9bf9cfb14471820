//! Helm's `required`/`fail`/`lookup`, semver, regular expressions, paths,
//! and the non-deterministic functions, which return fixed placeholders
//! (a scan must be repeatable and never depend on the clock or a random
//! source).

use super::{FnError, FnResult, arity, at_least, failed, strval, want_int, want_str};
use crate::helm::value::{Map, Val, Value};

/// What every "random" or generated value is built from, so that it is
/// recognisable in output.
pub const PLACEHOLDER: &str = "strataplaceholder";
const FIXED_TIME: &str = "2000-01-01T00:00:00Z";

fn placeholder(n: usize) -> String {
    PLACEHOLDER.chars().cycle().take(n.min(1 << 20)).collect()
}

fn pem(kind: &str) -> String {
    format!("-----BEGIN {kind}-----\nSTRATA-PLACEHOLDER\n-----END {kind}-----\n")
}

fn cert_pair() -> Val {
    let mut m = Map::new();
    m.insert("Cert".into(), Val::str(pem("CERTIFICATE")));
    m.insert("Key".into(), Val::str(pem("RSA PRIVATE KEY")));
    Val::map(m)
}

pub fn call(name: &str, a: &[Val]) -> Option<FnResult> {
    let r = (|| -> FnResult {
        match name {
            "required" => {
                arity(name, a, 2)?;
                let msg = want_str(&a[0])?;
                match &a[1].v {
                    Value::Nil => Err(FnError::Chart(msg.to_string())),
                    Value::Str(t) if t.s.is_empty() => Err(FnError::Chart(msg.to_string())),
                    _ => Ok(a[1].clone()),
                }
            }
            "fail" => {
                arity(name, a, 1)?;
                Err(FnError::Chart(want_str(&a[0])?.to_string()))
            }
            // No cluster: `lookup` finds nothing, like `helm template`.
            "lookup" => Ok(Val::map(Map::new())),
            "semverCompare" => {
                arity(name, a, 2)?;
                let c = want_str(&a[0])?;
                let v = want_str(&a[1])?;
                let Some(version) = Version::parse(v) else {
                    return failed(format!("Invalid Semantic Version: {v}"));
                };
                match constraint_matches(c, &version) {
                    Some(b) => Ok(Val::bool(b)),
                    None => failed(format!("improper constraint: {c}")),
                }
            }
            "semver" => {
                arity(name, a, 1)?;
                let v = want_str(&a[0])?;
                let Some(ver) = Version::parse(v) else {
                    return failed(format!("Invalid Semantic Version: {v}"));
                };
                let mut m = Map::new();
                m.insert("Major".into(), Val::int(ver.nums[0] as i64));
                m.insert("Minor".into(), Val::int(ver.nums[1] as i64));
                m.insert("Patch".into(), Val::int(ver.nums[2] as i64));
                m.insert("Prerelease".into(), Val::str(ver.pre.as_str()));
                m.insert("Metadata".into(), Val::str(""));
                m.insert("Original".into(), Val::str(v));
                Ok(Val::map(m))
            }
            "regexMatch" | "mustRegexMatch" => {
                arity(name, a, 2)?;
                Ok(Val::bool(re(want_str(&a[0])?)?.is_match(want_str(&a[1])?)))
            }
            "regexFind" | "mustRegexFind" => {
                arity(name, a, 2)?;
                let r = re(want_str(&a[0])?)?;
                Ok(Val::str(
                    r.find(want_str(&a[1])?).map_or("", |m| m.as_str()),
                ))
            }
            "regexFindAll" | "mustRegexFindAll" => {
                arity(name, a, 3)?;
                let r = re(want_str(&a[0])?)?;
                let n = want_int(&a[2])?;
                let take = if n < 0 { usize::MAX } else { n as usize };
                Ok(Val::list(
                    r.find_iter(want_str(&a[1])?)
                        .take(take)
                        .map(|m| Val::str(m.as_str()))
                        .collect(),
                ))
            }
            "regexReplaceAll"
            | "mustRegexReplaceAll"
            | "regexReplaceAllLiteral"
            | "mustRegexReplaceAllLiteral" => {
                arity(name, a, 3)?;
                let r = re(want_str(&a[0])?)?;
                let s = want_str(&a[1])?;
                let repl = want_str(&a[2])?;
                Ok(Val::str(if name.ends_with("Literal") {
                    r.replace_all(s, regex::NoExpand(repl)).into_owned()
                } else {
                    r.replace_all(s, go_template_repl(repl).as_str())
                        .into_owned()
                }))
            }
            "regexSplit" | "mustRegexSplit" => {
                arity(name, a, 3)?;
                let r = re(want_str(&a[0])?)?;
                let n = want_int(&a[2])?;
                let s = want_str(&a[1])?;
                let parts: Vec<Val> = if n < 0 {
                    r.split(s).map(Val::str).collect()
                } else {
                    r.splitn(s, n as usize).map(Val::str).collect()
                };
                Ok(Val::list(parts))
            }
            "regexQuoteMeta" => {
                arity(name, a, 1)?;
                Ok(Val::str(regex::escape(want_str(&a[0])?)))
            }
            "base" | "dir" | "ext" | "clean" | "isAbs" => {
                arity(name, a, 1)?;
                let p = want_str(&a[0])?;
                Ok(match name {
                    "base" => Val::str(path_base(p)),
                    "dir" => Val::str(path_clean(&path_dir(p))),
                    "ext" => {
                        let b = p.rsplit('/').next().unwrap_or("");
                        Val::str(b.rfind('.').map_or("", |i| &b[i..]))
                    }
                    "clean" => Val::str(path_clean(p)),
                    _ => Val::bool(p.starts_with('/')),
                })
            }
            "now" => Ok(Val::str(FIXED_TIME)),
            "date" | "dateInZone" | "htmlDate" | "htmlDateInZone" => {
                at_least(name, a, 1)?;
                let layout = if name.starts_with("html") {
                    "2006-01-02"
                } else {
                    want_str(&a[0])?
                };
                Ok(Val::str(format_fixed_date(layout)))
            }
            "toDate" | "mustToDate" | "dateModify" | "mustDateModify" | "unixEpoch" | "ago"
            | "duration" | "durationRound" => Ok(Val::str(if name == "unixEpoch" {
                "946684800"
            } else {
                FIXED_TIME
            })),
            "randAlphaNum" | "randAlpha" | "randAscii" | "randNumeric" | "randBytes" => {
                arity(name, a, 1)?;
                let n = want_int(&a[0])?.max(0) as usize;
                Ok(Val::str(if name == "randNumeric" {
                    "0".repeat(n.min(1 << 20))
                } else {
                    placeholder(n)
                }))
            }
            "randInt" => Ok(Val::int(a.first().map(super::to_i64).unwrap_or(0))),
            "uuidv4" => Ok(Val::str("00000000-0000-4000-8000-000000000000")),
            "genCA"
            | "genCAWithKey"
            | "genSelfSignedCert"
            | "genSelfSignedCertWithKey"
            | "genSignedCert"
            | "genSignedCertWithKey"
            | "buildCustomCert" => Ok(cert_pair()),
            "genPrivateKey" => Ok(Val::str(pem("RSA PRIVATE KEY"))),
            "derivePassword" | "encryptAES" | "decryptAES" | "bcrypt" => {
                Ok(Val::str(placeholder(16)))
            }
            "htpasswd" => {
                at_least(name, a, 1)?;
                Ok(Val::str(format!("{}:{}", strval(&a[0]), placeholder(16))))
            }
            "getHostByName" => Ok(Val::str("")),
            "env" | "expandenv" => Ok(Val::str("")),
            "uniqueName" => Ok(Val::str(placeholder(8))),
            _ => Err(FnError::Unknown),
        }
    })();
    match r {
        Err(FnError::Unknown) => None,
        r => Some(r),
    }
}

thread_local! {
    /// Compiled patterns: charts call the same few regexes in every
    /// template, and compiling dominates a render otherwise.
    static REGEXES: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>> = Default::default();
}

fn re(pattern: &str) -> Result<regex::Regex, FnError> {
    if let Some(r) = REGEXES.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(r);
    }
    let r = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| FnError::Failed(e.to_string()))?;
    REGEXES.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() < 512 {
            c.insert(pattern.to_string(), r.clone());
        }
    });
    Ok(r)
}

/// Go's `$1`/`${name}` expansion is the regex crate's too, except that Go
/// reads `$1x` as the group named `1x`; charts write `${1}` when it
/// matters, so the syntax is passed through.
fn go_template_repl(r: &str) -> String {
    r.to_string()
}

fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

fn path_dir(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => p[..=i].to_string(),
        None => ".".into(),
    }
}

/// Go's `path.Clean`.
pub fn path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// The fixed time (2000-01-01 00:00:00 UTC) in a Go layout.
fn format_fixed_date(layout: &str) -> String {
    let mut out = layout.to_string();
    for (token, value) in [
        ("2006", "2000"),
        ("01", "01"),
        ("02", "01"),
        ("15", "00"),
        ("04", "00"),
        ("05", "00"),
        ("Jan", "Jan"),
        ("Mon", "Sat"),
        ("MST", "UTC"),
        ("Z07:00", "Z"),
        ("-0700", "+0000"),
    ] {
        out = out.replace(token, value);
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub nums: [u64; 3],
    pub pre: String,
}

impl Version {
    /// Lenient semver as Masterminds reads it: optional `v`, missing
    /// minor/patch are 0, build metadata ignored.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        let s = s.strip_prefix('v').unwrap_or(s);
        let s = s.split('+').next()?;
        let (core, pre) = match s.split_once('-') {
            Some((c, p)) => (c, p.to_string()),
            None => (s, String::new()),
        };
        let mut nums = [0u64; 3];
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        for (i, p) in parts.iter().enumerate() {
            nums[i] = p.parse().ok()?;
        }
        Some(Version { nums, pre })
    }

    fn cmp(&self, other: &Version) -> std::cmp::Ordering {
        use std::cmp::Ordering::*;
        match self.nums.cmp(&other.nums) {
            Equal => {}
            o => return o,
        }
        match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Equal,
            (true, false) => Greater,
            (false, true) => Less,
            (false, false) => {
                for (a, b) in self.pre.split('.').zip(other.pre.split('.')) {
                    let o = match (a.parse::<u64>(), b.parse::<u64>()) {
                        (Ok(x), Ok(y)) => x.cmp(&y),
                        (Ok(_), Err(_)) => Less,
                        (Err(_), Ok(_)) => Greater,
                        _ => a.cmp(b),
                    };
                    if o != Equal {
                        return o;
                    }
                }
                self.pre
                    .split('.')
                    .count()
                    .cmp(&other.pre.split('.').count())
            }
        }
    }
}

/// A Masterminds/semver constraint (`>=1.21-0`, `^1.2`, `~1.2.3`, `1.x`,
/// `a, b` and `a || b`), or `None` when it cannot be read.
pub fn constraint_matches(c: &str, v: &Version) -> Option<bool> {
    let mut any = false;
    for alt in c.split("||") {
        let mut all = true;
        let alt = alt.replace(" - ", " HYPHEN ");
        // `>= 1.27.x`: an operator may be followed by spaces.
        let mut joined = String::with_capacity(alt.len());
        for c in alt.chars() {
            if c == ' ' && joined.ends_with(['>', '<', '=', '~', '^']) {
                continue;
            }
            joined.push(c);
        }
        let alt = joined;
        let terms: Vec<&str> = alt.split([',', ' ']).filter(|t| !t.is_empty()).collect();
        let mut i = 0;
        if terms.is_empty() {
            return None;
        }
        while i < terms.len() {
            if terms.get(i + 1) == Some(&"HYPHEN") {
                let lo = term_matches(&format!(">={}", terms[i]), v)?;
                let hi = term_matches(&format!("<={}", terms.get(i + 2)?), v)?;
                all &= lo && hi;
                i += 3;
                continue;
            }
            all &= term_matches(terms[i], v)?;
            i += 1;
        }
        any |= all;
    }
    Some(any)
}

fn term_matches(t: &str, v: &Version) -> Option<bool> {
    use std::cmp::Ordering::*;
    let ops = [">=", "=>", "<=", "=<", "!=", "~>", ">", "<", "=", "~", "^"];
    let (op, rest) = ops
        .iter()
        .find_map(|op| t.strip_prefix(op).map(|r| (*op, r.trim())))
        .unwrap_or(("", t));
    let rest = rest.strip_prefix('v').unwrap_or(rest);
    let parts: Vec<&str> = rest.split('-').next()?.split('.').collect();
    let wild = |p: Option<&&str>| p.is_none_or(|p| matches!(*p, "x" | "X" | "*"));
    let n_fixed = (0..3).take_while(|i| !wild(parts.get(*i))).count();
    let target = Version::parse(&rest.replace(['x', 'X', '*'], "0"))?;
    // Without a pre-release in the constraint, pre-release versions never
    // match (Masterminds' rule); `-0` admits them.
    if !v.pre.is_empty() && target.pre.is_empty() {
        return Some(false);
    }
    let bump = |k: usize| {
        let mut n = target.nums;
        if k < 3 {
            n[k] += 1;
            for x in n.iter_mut().skip(k + 1) {
                *x = 0;
            }
        }
        Version {
            nums: n,
            pre: String::new(),
        }
    };
    let ge = |x: &Version| v.cmp(x) != Less;
    let lt = |x: &Version| v.cmp(x) == Less;
    Some(match op {
        "" | "=" => {
            if n_fixed < 3 {
                ge(&target) && (n_fixed == 0 || lt(&bump(n_fixed - 1)))
            } else {
                v.cmp(&target) == Equal
            }
        }
        "!=" => v.cmp(&target) != Equal,
        ">" => {
            if n_fixed < 3 {
                n_fixed > 0 && ge(&bump(n_fixed - 1))
            } else {
                v.cmp(&target) == Greater
            }
        }
        ">=" | "=>" => ge(&target),
        "<" => lt(&target),
        "<=" | "=<" => {
            if n_fixed < 3 {
                n_fixed == 0 || lt(&bump(n_fixed - 1))
            } else {
                v.cmp(&target) != Greater
            }
        }
        "~" | "~>" => ge(&target) && lt(&bump(if n_fixed <= 1 { 0 } else { 1 })),
        "^" => {
            let k = if target.nums[0] > 0 || n_fixed <= 1 {
                0
            } else if target.nums[1] > 0 || n_fixed <= 2 {
                1
            } else {
                2
            };
            ge(&target) && lt(&bump(k))
        }
        _ => return None,
    })
}
