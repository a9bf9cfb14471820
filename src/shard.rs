//! `--shard K/N`: one of N jobs that together scan a repository, each
//! analysing a deterministic share of its units (CI matrix jobs, a
//! Kubernetes Indexed Job). `strata merge` joins their outputs into the
//! report of a single run.
//!
//! How units are split: every unit gets a weight (the bytes of its files),
//! units are ordered by their key relative to the project root, and the
//! ordered list is cut into N ranges of equal total weight — a unit goes to
//! the range its weight's midpoint falls in. So:
//! - every job computes the same split, whatever directory it runs from
//!   and in whatever order the walk found the files;
//! - shares are balanced by size: a shard holds its share plus at most half
//!   a unit at each end (a unit is never split: it is one analysis);
//! - a new unit moves at most one other unit per cut (N − 1 in all) when it
//!   is smaller than each of them — the rest keep their shard. (Hashing
//!   each unit to a shard would move none, but balances only the count of
//!   units, and one large chart or monorepo root makes that shard the slow
//!   one; sizes matter more for wall time.)
//!
//! Findings that one unit decides for others (a namespace's default-deny
//! policy may live in another shard) are handed on in the shard's JSON or
//! SARIF output ([`Facts`]) for `merge` to link.

use std::path::Path;

use crate::findings::FileKind;
use crate::rules::exposure::{Entrance, PodIdentity};
use crate::unit::{AnalysisOptions, Unit};

/// Shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// Most shards `--shard` accepts.
pub const MAX_SHARDS: u32 = 10_000;

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N (K as in GitHub's matrix or 1 + Kubernetes'
    /// `JOB_COMPLETION_INDEX`).
    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("`{text}` is not a shard: expected K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let index: u32 = k.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if index == 0 || index > count {
            return Err(usage());
        }
        if count > MAX_SHARDS {
            return Err(format!("at most {MAX_SHARDS} shards"));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The units of this shard, in their original order. `weight` gives a
    /// file's size in bytes.
    pub fn select(
        &self,
        units: Vec<Unit>,
        options: &AnalysisOptions,
        weight: impl Fn(&Path) -> u64,
    ) -> Vec<Unit> {
        let keyed: Vec<(String, u64)> = units
            .iter()
            .map(|unit| {
                let size: u64 = unit.files().iter().map(|f| weight(f)).sum();
                (sort_key(unit, options), size)
            })
            .collect();
        let shards = assign(&keyed, self.count);
        units
            .into_iter()
            .zip(shards)
            .filter(|(_, shard)| *shard + 1 == self.index)
            .map(|(unit, _)| unit)
            .collect()
    }
}

/// The file size on disk (0 when it cannot be read: it still gets a shard).
pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The unit's key as every job sees it: its path relative to the project
/// root, then its format.
fn sort_key(unit: &Unit, options: &AnalysisOptions) -> String {
    let (kind, path) = unit.key();
    let kind = match kind {
        FileKind::Terraform => "terraform",
        FileKind::Kubernetes => "kubernetes",
        FileKind::Helm => "helm",
        FileKind::Dockerfile => "dockerfile",
        FileKind::Unknown => "unknown",
    };
    format!("{}\0{kind}", options.identity_path(&path))
}

/// The shard (0-based) of each `(key, weight)`: the key-ordered list cut
/// into `count` ranges of equal weight, each item in the range holding its
/// weight's midpoint. Weights count at least 1, so empty files are spread
/// like the rest.
pub fn assign(items: &[(String, u64)], count: u32) -> Vec<u32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].0.cmp(&items[b].0));
    let weight = |i: usize| u128::from(items[i].1.max(1));
    let total: u128 = order.iter().map(|&i| weight(i)).sum();
    let count = u128::from(count.max(1));
    let mut shards = vec![0; items.len()];
    let mut before: u128 = 0;
    for i in order {
        let w = weight(i);
        // midpoint / total * count, in integers: (2·before + w)·count / 2·total.
        let shard = ((2 * before + w) * count / (2 * total)).min(count - 1);
        shards[i] = shard as u32;
        before += w;
    }
    shards
}

/// What a shard hands on to `merge` beside its report: the NetworkPolicy
/// facts of its units (directories shown as report paths), and the findings it kept as the first of their
/// link key (resolved to report locations).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub shard: Option<Shard>,
    pub policies: Vec<crate::rules::network_policy::PolicyFact>,
    pub linked: Vec<Linked>,
    /// Services, Ingresses and routes, placed as report locations.
    pub entrances: Vec<Entrance<Place>>,
    /// Findings whose exposure another shard's entrance may decide.
    pub pods: Vec<PodFinding>,
}

/// Where an entrance is written, as a report shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    pub path: String,
    pub start_line: u32,
}

/// A finding on pods, without an exposure of its own, and the pods.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PodFinding {
    pub rule_id: String,
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub fingerprint: String,
    pub pods: PodIdentity,
}

/// A finding decided by linking: its key and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    pub key: String,
    pub rule_id: String,
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
}

impl Facts {
    /// The facts of a snapshot, locations shown relative to `base`.
    pub fn of(shard: Shard, snapshot: &crate::workspace::Snapshot, base: Option<&Path>) -> Facts {
        let links = snapshot.links();
        let linked = links
            .standing()
            .map(|(key, (_, finding))| {
                let at = crate::report::resolve::locate(&finding.span, base);
                Linked {
                    key: key.to_owned(),
                    rule_id: finding.rule.id.clone(),
                    path: at.path,
                    start_line: at.start_line,
                    start_column: at.start_column,
                }
            })
            .collect();
        let place = |span: &crate::source::FileSpan| {
            let at = crate::report::resolve::locate(span, base);
            Place {
                path: at.path,
                start_line: at.start_line,
            }
        };
        let entrances = (snapshot.units())
            .flat_map(|(_, result)| result.entrances.iter())
            .map(|entrance| entrance.clone().map_span(|span| place(&span)))
            .collect();
        let pods = (snapshot.findings().into_iter())
            .filter(|finding| finding.exposure.is_none())
            .filter_map(|finding| {
                let at = crate::report::resolve::locate(&finding.span, base);
                Some(PodFinding {
                    rule_id: finding.rule.id.clone(),
                    path: at.path,
                    start_line: at.start_line,
                    start_column: at.start_column,
                    fingerprint: crate::report::resolve::fingerprint(
                        &finding.rule.id,
                        &finding.identity,
                    ),
                    pods: PodIdentity::clone(finding.pods.as_deref()?),
                })
            })
            .collect();
        Facts {
            entrances,
            pods,
            shard: Some(shard),
            policies: (links.policies.into_iter())
                .map(|policy| crate::rules::network_policy::PolicyFact {
                    dir: crate::report::display_path(&policy.dir, base).into(),
                    ..policy.clone()
                })
                .collect(),
            linked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(sizes: &[(&str, u64)]) -> Vec<(String, u64)> {
        sizes.iter().map(|(k, w)| (k.to_string(), *w)).collect()
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shares_are_balanced_by_size_not_by_count() {
        // One large unit and many small ones: the large one fills a shard
        // on its own.
        let mut sizes = vec![("m/big".to_string(), 900)];
        sizes.extend((0..9).map(|i| (format!("a/{i}"), 100)));
        let shards = assign(&sizes, 2);
        assert_eq!(shards[0], 1);
        assert!(shards[1..].iter().all(|&s| s == 0));
    }

    #[test]
    fn the_split_ignores_the_input_order() {
        let a = items(&[("x", 5), ("a", 7), ("m", 1), ("q", 30)]);
        let mut b = a.clone();
        b.reverse();
        let (sa, mut sb) = (assign(&a, 3), assign(&b, 3));
        sb.reverse();
        assert_eq!(sa, sb);
    }

    #[test]
    fn a_small_new_unit_moves_at_most_one_unit_per_cut() {
        let base: Vec<(String, u64)> = (0..200)
            .map(|i| (format!("dir{i:03}"), 100 + (i * 37 % 400)))
            .collect();
        for (count, position) in [(3, "dir050x"), (4, "dir000"), (7, "dir150x"), (2, "zzz")] {
            let before = assign(&base, count);
            let mut grown = base.clone();
            grown.push((position.to_string(), 50));
            let after = assign(&grown, count);
            let moved = (0..base.len()).filter(|&i| before[i] != after[i]).count();
            assert!(moved < count as usize, "{count} shards: {moved} moved");
        }
    }

    #[test]
    fn every_shard_gets_work_when_units_allow() {
        let sizes: Vec<(String, u64)> = (0..30).map(|i| (format!("u{i:02}"), 10)).collect();
        let shards = assign(&sizes, 3);
        for shard in 0..3 {
            assert_eq!(shards.iter().filter(|&&s| s == shard).count(), 10);
        }
    }
}
