//! Word processing as Docker does it for ENV, ARG, FROM, COPY, USER, …:
//! quotes removed, escapes applied, `$VAR`, `${VAR}`, `${VAR:-word}`,
//! `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`,
//! `${VAR#prefix}` and `${VAR%suffix}` substituted. A variable whose value
//! cannot be known (an ARG without default, the base image's environment)
//! makes the whole result unknown.

/// What a variable name stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Set(String),
    /// Possibly set, but the value is not knowable here.
    Unknown,
    /// An ARG declared without a default: unset unless a build argument
    /// sets it, so `${X:-d}` is `d` but `$X` alone is unknown.
    NoDefault,
    Unset,
}

/// The result of processing one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    /// `None` when a variable was unknown or the word is malformed.
    pub value: Option<String>,
    pub error: Option<String>,
    /// Substitutions would have produced more than the limit: the value
    /// is unknown.
    pub exceeded: bool,
    /// Bytes that substitutions produced.
    pub produced: usize,
}

/// Deeper `${a:-${b:-…}}` nesting is refused (and bounds the recursion).
const MAX_DEPTH: usize = 32;

/// Processes `raw` with the given escape character and variables;
/// substitutions may produce at most `limit` bytes.
pub fn process(raw: &str, escape: char, env: &dyn Fn(&str) -> Lookup, limit: usize) -> Processed {
    let mut lexer = Lexer {
        chars: raw.chars().collect(),
        pos: 0,
        escape,
        env,
        unknown: false,
        error: None,
        depth: 0,
        produced: 0,
        limit,
    };
    let value = lexer.run(None);
    let exceeded = lexer.produced > limit;
    Processed {
        value: (!lexer.unknown && lexer.error.is_none() && !exceeded).then_some(value),
        error: lexer.error,
        exceeded,
        produced: lexer.produced,
    }
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    escape: char,
    env: &'a dyn Fn(&str) -> Lookup,
    unknown: bool,
    error: Option<String>,
    depth: usize,
    /// Bytes substituted so far, and how many may be.
    produced: usize,
    limit: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn fail(&mut self, message: &str) {
        if self.error.is_none() {
            self.error = Some(message.to_string());
        }
    }

    /// Processes up to the end, or up to `stop` at this level (not consumed).
    fn run(&mut self, stop: Option<char>) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                break;
            }
            self.pos += 1;
            if c == self.escape {
                if let Some(next) = self.bump() {
                    out.push(next);
                }
            } else if c == '\'' {
                self.single_quoted(&mut out);
            } else if c == '"' {
                self.double_quoted(&mut out);
            } else if c == '$' {
                let value = self.dollar();
                out.push_str(&value);
            } else {
                out.push(c);
            }
        }
        out
    }

    fn single_quoted(&mut self, out: &mut String) {
        loop {
            match self.bump() {
                Some('\'') => return,
                Some(c) => out.push(c),
                None => return self.fail("unterminated single quote"),
            }
        }
    }

    fn double_quoted(&mut self, out: &mut String) {
        loop {
            match self.bump() {
                Some('"') => return,
                Some('$') => {
                    let value = self.dollar();
                    out.push_str(&value);
                }
                Some(c) if c == self.escape => match self.peek() {
                    Some(n) if n == '"' || n == '$' || n == self.escape => {
                        self.pos += 1;
                        out.push(n);
                    }
                    _ => out.push(c),
                },
                Some(c) => out.push(c),
                None => return self.fail("unterminated double quote"),
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            name.push(c);
            self.pos += 1;
        }
        name
    }

    fn lookup(&self, name: &str) -> Lookup {
        // Past the limit nothing more is looked up (or copied).
        if self.produced > self.limit {
            return Lookup::Unknown;
        }
        (self.env)(name)
    }

    fn value_of(&mut self, lookup: Lookup) -> String {
        match lookup {
            Lookup::Set(v) => {
                self.produced = self.produced.saturating_add(v.len());
                if self.produced > self.limit {
                    self.unknown = true;
                    return String::new();
                }
                v
            }
            Lookup::Unknown | Lookup::NoDefault => {
                self.unknown = true;
                String::new()
            }
            Lookup::Unset => String::new(),
        }
    }

    /// After a `$`.
    fn dollar(&mut self) -> String {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.braced()
            }
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                let name = self.name();
                let found = self.lookup(&name);
                self.value_of(found)
            }
            _ => "$".to_string(),
        }
    }

    /// After `${`.
    fn braced(&mut self) -> String {
        let name = self.name();
        if name.is_empty() {
            self.fail("bad substitution: `${` must be followed by a variable name");
            self.skip_to_brace();
            return String::new();
        }
        let found = self.lookup(&name);
        let op = match self.bump() {
            Some('}') => return self.value_of(found),
            Some(':') => match self.bump() {
                Some(c @ ('-' | '+' | '?')) => format!(":{c}"),
                _ => {
                    self.fail("bad substitution: expected `:-`, `:+` or `:?`");
                    self.skip_to_brace();
                    return String::new();
                }
            },
            Some(c @ ('-' | '+' | '?' | '#' | '%' | '/')) => {
                if matches!(c, '#' | '%') && self.peek() == Some(c) {
                    self.pos += 1;
                    format!("{c}{c}")
                } else {
                    c.to_string()
                }
            }
            Some(_) => {
                self.fail("bad substitution: unexpected character after the variable name");
                self.skip_to_brace();
                return String::new();
            }
            None => {
                self.fail("missing `}` in variable substitution");
                return String::new();
            }
        };
        let (word, word_unknown) = self.nested_word();
        if self.bump() != Some('}') {
            self.fail("missing `}` in variable substitution");
            return String::new();
        }
        self.apply(&op, found, word, word_unknown)
    }

    /// The word of `${VAR:-word}`, processed, and whether it was unknown.
    fn nested_word(&mut self) -> (String, bool) {
        if self.depth >= MAX_DEPTH {
            self.fail("variable substitutions are nested too deeply");
            self.skip_to_brace();
            return (String::new(), true);
        }
        let outer_unknown = std::mem::take(&mut self.unknown);
        self.depth += 1;
        let word = self.run(Some('}'));
        self.depth -= 1;
        let word_unknown = std::mem::replace(&mut self.unknown, outer_unknown);
        (word, word_unknown)
    }

    fn apply(&mut self, op: &str, found: Lookup, word: String, word_unknown: bool) -> String {
        let set = |v: &str, colon: bool| !colon || !v.is_empty();
        let use_word = |this: &mut Self| {
            this.unknown |= word_unknown;
            word.clone()
        };
        let found = match found {
            Lookup::NoDefault if !op.contains('?') => Lookup::Unset,
            other => other,
        };
        match (op, found) {
            (_, Lookup::Unknown | Lookup::NoDefault) => self.value_of(Lookup::Unknown),
            (":-" | "-", Lookup::Set(v)) if set(&v, op == ":-") => self.value_of(Lookup::Set(v)),
            (":-" | "-", _) => use_word(self),
            (":+" | "+", Lookup::Set(v)) if set(&v, op == ":+") => use_word(self),
            (":+" | "+", _) => String::new(),
            (":?" | "?", Lookup::Set(v)) if set(&v, op == ":?") => self.value_of(Lookup::Set(v)),
            // A build error when unset; the value cannot be known.
            (":?" | "?", _) => self.value_of(Lookup::Unknown),
            ("#" | "##", Lookup::Set(v)) if !word_unknown && !is_glob(&word) => {
                let rest = v.strip_prefix(word.as_str()).unwrap_or(&v).to_string();
                self.value_of(Lookup::Set(rest))
            }
            ("%" | "%%", Lookup::Set(v)) if !word_unknown && !is_glob(&word) => {
                let rest = v.strip_suffix(word.as_str()).unwrap_or(&v).to_string();
                self.value_of(Lookup::Set(rest))
            }
            ("#" | "##" | "%" | "%%", Lookup::Unset) => String::new(),
            // Patterns and replacements are not evaluated.
            _ => self.value_of(Lookup::Unknown),
        }
    }

    fn skip_to_brace(&mut self) {
        while let Some(c) = self.bump() {
            if c == '}' {
                return;
            }
        }
    }
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Lookup {
        match name {
            "V" => Lookup::Set("1.2".into()),
            "E" => Lookup::Set(String::new()),
            "U" => Lookup::Unknown,
            "N" => Lookup::NoDefault,
            _ => Lookup::Unset,
        }
    }

    fn p(raw: &str) -> Option<String> {
        process(raw, '\\', &env, usize::MAX).value
    }

    #[test]
    fn forms() {
        assert_eq!(p("a$V-${V}").as_deref(), Some("a1.2-1.2"));
        assert_eq!(p("${X:-d}${E:-e}${E-f}").as_deref(), Some("de"));
        assert_eq!(p("${V:+x}${X:+y}${E+z}").as_deref(), Some("xz"));
        assert_eq!(p("${U:-x}"), None);
        assert_eq!(p("${X:-$U}"), None);
        assert_eq!(p("${V:-$U}").as_deref(), Some("1.2"));
        assert_eq!(p("${V%.2}${V#1.}").as_deref(), Some("12"));
        assert_eq!(p("${V/1/2}"), None);
        assert_eq!(p("$N"), None);
        assert_eq!(p("${N:-d}${N:+x}").as_deref(), Some("d"));
        assert_eq!(p("${N:?required}"), None);
        assert_eq!(p(r#"'$V' "$V \$V" \$V"#).as_deref(), Some("$V 1.2 $V $V"));
        assert_eq!(p("${A:-${X:-n}}").as_deref(), Some("n"));
        assert_eq!(p("a$").as_deref(), Some("a$"));
    }

    #[test]
    fn errors() {
        for bad in ["${V", "${}", "${V:x}", "'abc", "\"abc", "${V:-a"] {
            let out = process(bad, '\\', &env, usize::MAX);
            assert!(out.error.is_some(), "{bad}");
            assert_eq!(out.value, None);
        }
        let deep = format!("{}{}", "${A:-".repeat(100), "}".repeat(100));
        assert!(process(&deep, '\\', &env, usize::MAX).error.is_some());
    }
}
