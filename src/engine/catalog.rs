//! The rule catalog: built-in rules embedded at compile time (see
//! `build.rs`), plus user rules loaded from `--rules DIR`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::error::RuleError;
use super::parse::parse_rule_at;
use super::rule::{Rule, Status};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Rules sorted by id, ids unique.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    rules: Vec<Arc<Rule>>,
}

struct Builtin {
    rules: Vec<Arc<Rule>>,
    errors: Vec<RuleError>,
}

/// Parsed once per process; the language server asks often.
fn builtin() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let files = BUILTIN_RULES.iter().map(|(path, text)| (*path, *text));
        let (rules, errors) = load(files, &[]);
        let mut rules = rules;
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Builtin { rules, errors }
    })
}

impl Catalog {
    /// The built-in rules that parse; see [`Catalog::builtin_errors`].
    pub fn builtin() -> Catalog {
        Catalog {
            rules: builtin().rules.clone(),
        }
    }

    /// Problems in the built-in rule files (empty in a release).
    pub fn builtin_errors() -> &'static [RuleError] {
        &builtin().errors
    }

    /// The embedded rule files, as (path, text).
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        BUILTIN_RULES
    }

    /// Adds user rules, all or none: on any error (including an id that is
    /// already taken) nothing is added.
    pub fn add_rules(&mut self, files: Vec<(String, String)>) -> Result<(), Vec<RuleError>> {
        let (rules, errors) = load(
            files.iter().map(|(o, t)| (o.as_str(), t.as_str())),
            &self.rules,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        self.rules.extend(rules);
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(())
    }

    pub fn rules(&self) -> &[Arc<Rule>] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The rules to run. `select` and `ignore` entries are ids (`AWS001`),
    /// id prefixes (`AWS`) or rule names, case-insensitive for ids; an
    /// empty `select` means every rule. Deprecated rules run only when
    /// selected by exact id or name. An entry that matches no rule is an
    /// error.
    pub fn select(&self, select: &[String], ignore: &[String]) -> Result<Vec<Arc<Rule>>, String> {
        let mut unmatched = Vec::new();
        let mut chosen = vec![select.is_empty(); self.rules.len()];
        for entry in select {
            let mut any = false;
            for (i, rule) in self.rules.iter().enumerate() {
                match matches(rule, entry) {
                    Match::Exact => (chosen[i], any) = (true, true),
                    Match::Prefix => {
                        any = true;
                        chosen[i] |= rule.status != Status::Deprecated;
                    }
                    Match::No => {}
                }
            }
            if !any {
                unmatched.push(entry.as_str());
            }
        }
        if select.is_empty() {
            for (i, rule) in self.rules.iter().enumerate() {
                chosen[i] = rule.status != Status::Deprecated;
            }
        }
        for entry in ignore {
            let mut any = false;
            for (i, rule) in self.rules.iter().enumerate() {
                if matches(rule, entry) != Match::No {
                    chosen[i] = false;
                    any = true;
                }
            }
            if !any {
                unmatched.push(entry.as_str());
            }
        }
        if !unmatched.is_empty() {
            let list: Vec<String> = unmatched.iter().map(|e| format!("`{e}`")).collect();
            return Err(format!(
                "no rule matches {} (expected a rule id such as AWS001, an id prefix such as AWS, or a rule name)",
                list.join(", ")
            ));
        }
        Ok(self
            .rules
            .iter()
            .zip(chosen)
            .filter(|(_, c)| *c)
            .map(|(r, _)| Arc::clone(r))
            .collect())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Match {
    Exact,
    Prefix,
    No,
}

fn matches(rule: &Rule, entry: &str) -> Match {
    let entry = entry.trim();
    if entry.is_empty() {
        Match::No
    } else if rule.id.eq_ignore_ascii_case(entry) || rule.name == entry {
        Match::Exact
    } else if rule.id.len() > entry.len()
        && rule.id.is_char_boundary(entry.len())
        && rule.id[..entry.len()].eq_ignore_ascii_case(entry)
    {
        Match::Prefix
    } else {
        Match::No
    }
}

/// Parses files, rejecting ids already in `existing` or earlier in `files`.
fn load<'f>(
    files: impl Iterator<Item = (&'f str, &'f str)>,
    existing: &[Arc<Rule>],
) -> (Vec<Arc<Rule>>, Vec<RuleError>) {
    let mut seen: HashMap<String, String> = existing
        .iter()
        .map(|r| (r.id.clone(), r.origin.clone()))
        .collect();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    // Parsing is most of a short scan's start-up, so rule files are read in
    // parallel; ids are then checked in file order, so errors are stable.
    let files: Vec<(&str, &str)> = files.collect();
    let parsed: Vec<_> = files
        .par_iter()
        .map(|&(origin, text)| (origin, parse_rule_at(origin, text)))
        .collect();
    for (origin, result) in parsed {
        match result {
            Ok((rule, id_position)) => {
                if let Some(first) = seen.get(&rule.id) {
                    errors.push(RuleError::new(
                        origin,
                        id_position,
                        format!(
                            "duplicate rule id `{}` (already defined in {first})",
                            rule.id
                        ),
                    ));
                    continue;
                }
                seen.insert(rule.id.clone(), origin.to_string());
                rules.push(Arc::new(rule));
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    (rules, errors)
}
