//! `.helmignore`: the files Helm leaves out when it loads a chart
//! directory (Helm's `pkg/ignore`). A chart that ignores `tests/` or
//! `crds/kustomization.yaml` never renders them, so neither may Strata.
//!
//! Rules, one per line, as Helm reads them: `#` comments and blank lines
//! are skipped; `!` negates; a trailing `/` matches directories only; a
//! leading `/` or any inner `/` matches the whole path from the chart
//! root, otherwise the rule matches the base name. Patterns are Go's
//! `filepath.Match` (`*`, `?`, `[…]`, `\` escapes; no `**`). Helm always
//! adds `templates/.?*` (hidden files in `templates/`). The root chart's
//! file applies to the whole tree, subcharts under `charts/` included.

struct Rule {
    pattern: String,
    negate: bool,
    dir_only: bool,
    /// Matched against the whole relative path, not the base name.
    whole_path: bool,
}

#[derive(Default)]
pub struct Rules {
    rules: Vec<Rule>,
}

/// A line Helm would refuse, with its 1-based line number.
pub struct BadRule {
    pub line: usize,
    pub message: String,
}

impl Rules {
    /// Parses a `.helmignore`; a bad line is reported and skipped (Helm
    /// refuses to load the chart).
    pub fn parse(text: &str) -> (Rules, Vec<BadRule>) {
        let mut rules = Rules::with_defaults();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Err(message) = rules.add(line) {
                bad.push(BadRule {
                    line: i + 1,
                    message,
                });
            }
        }
        (rules, bad)
    }

    /// Helm's built-in rule, in force even without a `.helmignore`.
    pub fn with_defaults() -> Rules {
        let mut rules = Rules::default();
        let _ = rules.add("templates/.?*");
        rules
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let mut rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if glob_match(rule, "abc").is_none() {
            return Err(format!("syntax error in pattern {rule:?}"));
        }
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let dir_only = rule.ends_with('/');
        if dir_only {
            rule = rule.trim_end_matches('/');
        }
        let whole_path = rule.contains('/');
        self.rules.push(Rule {
            pattern: rule.trim_start_matches('/').to_string(),
            negate,
            dir_only,
            whole_path,
        });
        Ok(())
    }

    /// Whether Helm skips the file at `path` (relative to the root chart,
    /// `/`-separated): the file itself or any directory above it is
    /// ignored, as Helm's walk skips an ignored directory whole.
    pub fn ignores_file(&self, path: &str) -> bool {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            if self.ignores(&path[..end], true) {
                return true;
            }
            end += 1;
        }
        self.ignores(path, false)
    }

    /// Helm's `Rules.Ignore` for one path: the first rule that decides wins.
    fn ignores(&self, path: &str, is_dir: bool) -> bool {
        let base = path.rsplit('/').next().unwrap_or(path);
        for rule in &self.rules {
            let subject = if rule.whole_path { path } else { base };
            let matched = glob_match(&rule.pattern, subject).unwrap_or(false);
            if rule.negate {
                // Helm's quirk: a negated rule ignores every path it does
                // not match (and files, for a directory rule).
                if (rule.dir_only && !is_dir) || !matched {
                    return true;
                }
                continue;
            }
            if rule.dir_only && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Match` with `/` as the separator: `None` for a
/// malformed pattern.
fn glob_match(pattern: &str, name: &str) -> Option<bool> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Backtracking over the last `*`: (pattern index after it, name index).
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    let mut malformed = false;
    loop {
        if pi < p.len() && p[pi] == '*' {
            pi += 1;
            star = Some((pi, ni));
            continue;
        }
        if ni == n.len() && pi == p.len() {
            break;
        }
        let step = if pi < p.len() && ni < n.len() {
            match_one(&p, pi, n[ni])
        } else {
            Some((0, false))
        };
        match step {
            None => {
                malformed = true;
                break;
            }
            Some((len, true)) => {
                pi += len;
                ni += 1;
            }
            Some(_) => match star {
                // `*` never crosses a separator.
                Some((sp, sn)) if sn < n.len() && n[sn] != '/' => {
                    star = Some((sp, sn + 1));
                    pi = sp;
                    ni = sn + 1;
                }
                _ => return check_rest(&p, pi).map(|_| false),
            },
        }
    }
    if malformed {
        return None;
    }
    Some(true)
}

/// After a mismatch Go still reports a malformed remainder of the pattern.
fn check_rest(p: &[char], mut pi: usize) -> Option<()> {
    while pi < p.len() {
        if p[pi] == '*' {
            pi += 1;
            continue;
        }
        let (len, _) = match_one(p, pi, 'a')?;
        pi += len;
    }
    Some(())
}

/// Matches one pattern element at `p[pi]` against `c`: its length and
/// whether it matched, or `None` when it is malformed.
fn match_one(p: &[char], pi: usize, c: char) -> Option<(usize, bool)> {
    match p[pi] {
        '?' => Some((1, c != '/')),
        '\\' => {
            let e = *p.get(pi + 1)?;
            Some((2, e == c))
        }
        '[' => class(p, pi, c),
        lit => Some((1, lit == c)),
    }
}

/// A `[…]` character class starting at `p[pi]`.
fn class(p: &[char], pi: usize, c: char) -> Option<(usize, bool)> {
    let mut i = pi + 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        let (lo, next) = class_char(p, i)?;
        i = next;
        let mut hi = lo;
        if p.get(i) == Some(&'-') {
            let (h, next) = class_char(p, i + 1)?;
            hi = h;
            i = next;
        }
        if lo <= c && c <= hi {
            matched = true;
        }
    }
    Some((i - pi, matched != negated))
}

fn class_char(p: &[char], i: usize) -> Option<(char, usize)> {
    match *p.get(i)? {
        '-' | ']' => None,
        '\\' => Some((*p.get(i + 1)?, i + 2)),
        ch => Some((ch, i + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_filepath_match() {
        for (pattern, name, want) in [
            ("*.swp", "a.swp", Some(true)),
            ("*", "a/b", Some(false)),
            ("a*b", "axxb", Some(true)),
            ("a*b*c", "abxbc", Some(true)),
            ("a?c", "abc", Some(true)),
            ("a?c", "a/c", Some(false)),
            ("[a-c]x", "bx", Some(true)),
            ("[^a-c]x", "bx", Some(false)),
            ("[^a-c]x", "dx", Some(true)),
            ("\\*", "*", Some(true)),
            ("*~", "values.yaml~", Some(true)),
            ("[", "a", None),
            ("a[", "b", None),
            ("[]a]", "a", None),
        ] {
            assert_eq!(glob_match(pattern, name), want, "{pattern} ~ {name}");
        }
    }

    #[test]
    fn rules_follow_helm() {
        let (rules, bad) =
            Rules::parse("# comment\n\ntests/\ncrds/kustomization.yaml\n*.bak\n/ci\ndocs/*.md\n");
        assert!(bad.is_empty());
        for ignored in [
            "templates/tests/test-pod.yaml",
            "tests/unit_test.yaml",
            "charts/sub/templates/tests/t.yaml",
            "crds/kustomization.yaml",
            "templates/deploy.yaml.bak",
            "ci/values.yaml",
            "docs/a.md",
            "templates/.hidden.yaml",
        ] {
            assert!(rules.ignores_file(ignored), "{ignored}");
        }
        for kept in [
            "templates/tests.yaml",
            "templates/deploy.yaml",
            "crds/crd.yaml",
            "charts/sub/crds/kustomization.yaml",
            "templates/ci/x.yaml",
            "docs/sub/a.md",
            "templates/_helpers.tpl",
        ] {
            assert!(!rules.ignores_file(kept), "{kept}");
        }
    }

    #[test]
    fn a_directory_rule_does_not_match_a_file_of_that_name() {
        let (rules, _) = Rules::parse("tests/\n");
        assert!(!rules.ignores_file("templates/tests"));
        assert!(rules.ignores_file("templates/tests/x.yaml"));
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let (rules, bad) = Rules::parse("ok.txt\nfiles/**/x\n[\n");
        let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(rules.ignores_file("ok.txt"));
    }
}
