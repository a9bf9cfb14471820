//! `strata merge FILE…`: the JSON or SARIF outputs of several runs (the
//! shards of one scan, or scans of parts of a repository) joined into the
//! output one run over everything would have written — the same findings in
//! the same order, each once, the same files, summary counts and exit code.
//!
//! A merge works on the documents, not on a rebuilt report, so fields it
//! does not know pass through. It re-does what a single run does across
//! units: a file seen by several runs is listed once (an error wins), the
//! same finding reached by several runs is kept once (the one a single run
//! keeps: see `Finding::content_order`), and findings another unit can
//! overturn (a namespace without a default-deny policy) are linked again
//! from the facts each shard handed on ([`crate::shard::Facts`]).

mod doc;
mod json;
mod sarif;

pub use doc::Doc;
pub use sarif::FACTS_KEY;

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::findings::Severity;
use crate::rules::network_policy::PolicyFact;
use crate::shard::{Facts, Linked, Shard};

/// A merged output, and what its exit code rests on.
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    /// Severities of the findings that count (not suppressed).
    pub active: Vec<Severity>,
    /// Whether some file could not be analysed.
    pub has_errors: bool,
    /// Warnings for the user (a shard missing from the inputs).
    pub notes: Vec<String>,
}

/// Merges `inputs` (origin, text), all JSON or all SARIF from the same
/// Strata version.
pub fn merge(inputs: &[(String, String)]) -> Result<Merged, String> {
    if inputs.is_empty() {
        return Err("nothing to merge: name the JSON or SARIF files".into());
    }
    let mut docs = Vec::new();
    for (origin, text) in inputs {
        let doc = Doc::parse(text).map_err(|e| format!("{origin}: not JSON: {e}"))?;
        let format = Format::of(&doc)
            .ok_or_else(|| format!("{origin}: neither Strata JSON nor SARIF output"))?;
        docs.push((origin.as_str(), format, doc));
    }
    let (first, format) = (docs[0].0, docs[0].1);
    if let Some((origin, other, _)) = docs.iter().find(|(_, f, _)| *f != format) {
        return Err(format!(
            "{origin} is {}, {first} is {}: merge outputs of one format",
            other.name(),
            format.name()
        ));
    }
    match format {
        Format::Json => json::merge(docs.into_iter().map(|(o, _, d)| (o, d)).collect()),
        Format::Sarif => sarif::merge(docs.into_iter().map(|(o, _, d)| (o, d)).collect()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Sarif,
}

impl Format {
    fn of(doc: &Doc) -> Option<Format> {
        if doc.get("runs").is_some() && doc.get("version").is_some() {
            Some(Format::Sarif)
        } else if doc.u64_at(&["version"]).is_some() && doc.get("findings").is_some() {
            Some(Format::Json)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Sarif => "SARIF",
        }
    }
}

/// What orders findings and tells duplicates apart, read from either
/// format: the report's order is severity (worst first), place, rule, then
/// what the finding shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FindingKey {
    severity: Reverse<Severity>,
    place: Place,
    rule_id: String,
    resource: String,
    message: String,
    trace: Vec<(String, u32, String)>,
    fingerprint: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Place {
    path: String,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

impl FindingKey {
    /// Two findings are the same when rule, place and fingerprint are (two
    /// module instances share a place, not a fingerprint), as a single
    /// run's report dedups them.
    fn identity(&self) -> (&str, &Place, &str) {
        (&self.rule_id, &self.place, &self.fingerprint)
    }
}

/// Sorts findings (with their keys) as a report does and keeps the first
/// of each identity.
fn sort_and_dedup(findings: &mut Vec<(FindingKey, Doc)>) {
    findings.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen = std::collections::HashSet::new();
    findings.retain(|(key, _)| {
        let (rule, place, fingerprint) = key.identity();
        seen.insert((rule.to_owned(), place.clone(), fingerprint.to_owned()))
    });
}

/// Exposure across shards: every shard's entrances, and the pods of the
/// findings no entrance of their own shard reached.
pub(super) struct Exposures {
    entrances: Vec<crate::rules::exposure::Entrance<crate::shard::Place>>,
    /// (rule, path, line, column, fingerprint) → the finding's pods.
    pods: HashMap<(String, String, u64, u64, String), crate::rules::exposure::PodIdentity>,
}

impl Exposures {
    fn new(facts: &[Facts]) -> Exposures {
        let pods = facts
            .iter()
            .flat_map(|f| f.pods.iter())
            .map(|p| {
                let key = (
                    p.rule_id.clone(),
                    p.path.clone(),
                    u64::from(p.start_line),
                    u64::from(p.start_column),
                    p.fingerprint.clone(),
                );
                (key, p.pods.clone())
            })
            .collect();
        Exposures {
            entrances: facts
                .iter()
                .flat_map(|f| f.entrances.iter().cloned())
                .collect(),
            pods,
        }
    }

    /// The entrances, indexed once for every finding.
    fn index(&self) -> crate::rules::exposure::Entrances<'_, crate::shard::Place> {
        crate::rules::exposure::Entrances::new(&self.entrances)
    }

    /// Adds `exposure` to a JSON finding that another shard's Service or
    /// Ingress reaches, where a single run puts it (after `fingerprint`).
    fn add_to(
        &self,
        index: &crate::rules::exposure::Entrances<'_, crate::shard::Place>,
        finding: &mut Doc,
    ) {
        if finding.get("exposure").is_some() || self.pods.is_empty() {
            return;
        }
        let text = |key: &str| finding.str_at(&[key]).unwrap_or_default().to_owned();
        let number = |key: &str| finding.u64_at(&[key]).unwrap_or(0);
        let key = (
            text("rule_id"),
            text("path"),
            number("start_line"),
            number("start_column"),
            text("fingerprint"),
        );
        let Some(pods) = self.pods.get(&key) else {
            return;
        };
        let Some((note, place)) = index.reaching(pods) else {
            return;
        };
        let mut exposure = indexmap::IndexMap::new();
        exposure.insert("path".into(), Doc::string(&place.path));
        exposure.insert("start_line".into(), Doc::number(place.start_line.into()));
        exposure.insert("note".into(), Doc::string(note));
        if let Some(map) = finding.object_mut() {
            let at = map.get_index_of("fingerprint").map_or(map.len(), |i| i + 1);
            map.shift_insert(at, "exposure".into(), Doc::Object(exposure));
        }
    }
}

/// The linking facts of all inputs: which linked findings stand.
struct Linking {
    policies: Vec<PolicyFact>,
    /// Per link slot (key, directory, file), the first finding over all
    /// inputs: (input, entry).
    first: BTreeMap<(String, PathBuf, PathBuf), (usize, Linked)>,
    /// Every linked entry, by input.
    all: Vec<Vec<Linked>>,
}

/// The slot a linked entry is counted once in, as the workspace counts it.
fn slot(entry: &Linked) -> (String, PathBuf, PathBuf) {
    let (key, dir, file) = crate::workspace::link_slot(&entry.key, Path::new(&entry.path));
    (key.to_owned(), dir, file)
}

impl Linking {
    fn new(facts: Vec<Facts>) -> Linking {
        let mut linking = Linking {
            policies: Vec::new(),
            first: BTreeMap::new(),
            all: Vec::new(),
        };
        for (input, facts) in facts.into_iter().enumerate() {
            linking.policies.extend(facts.policies);
            for entry in &facts.linked {
                let order = |e: &Linked| {
                    (
                        Path::new(&e.path).to_path_buf(),
                        e.start_line,
                        e.start_column,
                    )
                };
                let earlier = linking
                    .first
                    .get(&slot(entry))
                    .is_none_or(|(_, kept)| order(entry) < order(kept));
                if earlier {
                    linking.first.insert(slot(entry), (input, entry.clone()));
                }
            }
            linking.all.push(facts.linked);
        }
        linking
    }

    /// Whether a finding of `input` at (rule, path, line, column) stays:
    /// not linked at all, or the first of its slot and not overturned by
    /// any input's policies.
    fn keeps(&self, input: usize, rule_id: &str, place: &Place) -> bool {
        let Some(entry) = self.all[input].iter().find(|e| {
            e.rule_id == rule_id
                && e.path == place.path
                && e.start_line == place.start_line
                && e.start_column == place.start_column
        }) else {
            return true;
        };
        let slot = slot(entry);
        crate::rules::network_policy::stands(&entry.key, &slot.1, self.policies.iter())
            && self
                .first
                .get(&slot)
                // Any input may nominate the first: a shard that analysed
                // the unit as context (a root rendering another shard's
                // base) names the finding its owner reports.
                .is_some_and(|(_, first)| first == entry)
    }
}

/// The shard facts as a document (the `shard` object of a shard's JSON,
/// `strata/shard` in its SARIF run's properties).
pub fn facts_doc(facts: &Facts) -> Doc {
    let mut map = indexmap::IndexMap::new();
    if let Some(shard) = facts.shard {
        map.insert("index".into(), Doc::number(shard.index.into()));
        map.insert("count".into(), Doc::number(shard.count.into()));
    }
    let policies = facts.policies.iter().filter_map(|policy| {
        let value = serde_json::to_value(policy).ok()?;
        serde_json::from_value::<Doc>(value).ok()
    });
    map.insert("policies".into(), Doc::Array(policies.collect()));
    let linked = facts.linked.iter().map(|entry| {
        let mut linked = indexmap::IndexMap::new();
        linked.insert("key".into(), Doc::string(&entry.key));
        linked.insert("rule_id".into(), Doc::string(&entry.rule_id));
        linked.insert("path".into(), Doc::string(&entry.path));
        linked.insert("start_line".into(), Doc::number(entry.start_line.into()));
        linked.insert(
            "start_column".into(),
            Doc::number(entry.start_column.into()),
        );
        Doc::Object(linked)
    });
    map.insert("linked".into(), Doc::Array(linked.collect()));
    map.insert("entrances".into(), to_doc(&facts.entrances));
    map.insert("pods".into(), to_doc(&facts.pods));
    Doc::Object(map)
}

/// A value as a document (facts are plain data: this cannot fail).
fn to_doc<T: serde::Serialize>(value: &T) -> Doc {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or(Doc::Null)
}

/// A document as a value of `T`, if it is one.
fn from_doc<T: serde::de::DeserializeOwned>(doc: &Doc) -> Option<T> {
    serde_json::from_value(serde_json::to_value(doc).ok()?).ok()
}

/// Reads what [`facts_doc`] wrote; `None` (no facts) is an empty set.
fn facts_from(doc: Option<&Doc>, origin: &str) -> Result<Facts, String> {
    let Some(doc) = doc else {
        return Ok(Facts::default());
    };
    let bad = |what: &str| format!("{origin}: the shard facts have a bad {what}");
    let shard = match (doc.u64_at(&["index"]), doc.u64_at(&["count"])) {
        (Some(index), Some(count)) => Some(Shard {
            index: u32::try_from(index).map_err(|_| bad("index"))?,
            count: u32::try_from(count).map_err(|_| bad("count"))?,
        }),
        _ => None,
    };
    let mut facts = Facts {
        shard,
        ..Facts::default()
    };
    for policy in doc.get("policies").map_or(&[][..], Doc::items) {
        let value = serde_json::to_value(policy).map_err(|_| bad("policy"))?;
        facts
            .policies
            .push(serde_json::from_value(value).map_err(|_| bad("policy"))?);
    }
    for entry in doc.get("linked").map_or(&[][..], Doc::items) {
        let text = |key: &str| {
            entry
                .str_at(&[key])
                .map(str::to_owned)
                .ok_or_else(|| bad(key))
        };
        let number = |key: &str| {
            (entry.u64_at(&[key]))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| bad(key))
        };
        facts.linked.push(Linked {
            key: text("key")?,
            rule_id: text("rule_id")?,
            path: text("path")?,
            start_line: number("start_line")?,
            start_column: number("start_column")?,
        });
    }
    if let Some(entrances) = doc.get("entrances") {
        facts.entrances = from_doc(entrances).ok_or_else(|| bad("entrances"))?;
    }
    if let Some(pods) = doc.get("pods") {
        facts.pods = from_doc(pods).ok_or_else(|| bad("pods"))?;
    }
    Ok(facts)
}

/// All inputs come from the same Strata version (a merge of outputs of
/// different catalogs would not be one run).
fn same_version<'a>(
    versions: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), String> {
    let mut first: Option<(&str, Option<&str>)> = None;
    for (origin, version) in versions {
        match first {
            None => first = Some((origin, version)),
            Some((other, v)) if v != version => {
                return Err(format!(
                    "{origin} was written by strata {}, {other} by {}; merge outputs of one version",
                    version.unwrap_or("?"),
                    v.unwrap_or("?")
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn severity(text: Option<&str>, origin: &str) -> Result<Severity, String> {
    text.ok_or_else(|| format!("{origin}: a finding without a severity"))?
        .parse()
        .map_err(|e| format!("{origin}: {e}"))
}

/// Shards of one scan must cover it: warns when K/N facts show a shard
/// missing or given twice (the merge still joins what it was given).
fn check_shards(facts: &[Facts]) -> Vec<String> {
    let shards: Vec<Shard> = facts.iter().filter_map(|f| f.shard).collect();
    let Some(count) = shards.first().map(|s| s.count) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    if shards.iter().any(|s| s.count != count) {
        notes.push("the inputs come from splits into different numbers of shards".to_string());
        return notes;
    }
    for index in 1..=count {
        match shards.iter().filter(|s| s.index == index).count() {
            0 => notes.push(format!(
                "shard {index}/{count} is missing: its units are not in the result"
            )),
            1 => {}
            _ => notes.push(format!("shard {index}/{count} is given more than once")),
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Truth;

    #[test]
    fn facts_round_trip() {
        let facts = Facts {
            shard: Some(Shard { index: 2, count: 3 }),
            policies: vec![PolicyFact {
                namespace: Some("prod".into()),
                default_deny: Truth::True,
                selector: crate::rules::network_policy::Selector::Unknown,
                dir: "k8s/prod".into(),
            }],
            linked: vec![Linked {
                key: "web".into(),
                rule_id: "K8S030".into(),
                path: "k8s/web.yaml".into(),
                start_line: 4,
                start_column: 3,
            }],
            entrances: vec![crate::rules::exposure::Entrance::Route {
                namespace: "shop".into(),
                service: "web".into(),
                reason: "Ingress `shop` routes to Service `web`".into(),
                span: crate::shard::Place {
                    path: "k8s/ingress.yaml".into(),
                    start_line: 9,
                },
            }],
            pods: vec![crate::shard::PodFinding {
                rule_id: "K8S001".into(),
                path: "k8s/web.yaml".into(),
                start_line: 20,
                start_column: 13,
                fingerprint: "0123456789abcdef".into(),
                pods: crate::rules::exposure::PodIdentity {
                    namespace: "shop".into(),
                    labels: [("app".to_string(), "web".to_string())].into(),
                },
            }],
        };
        let doc = facts_doc(&facts);
        assert_eq!(facts_from(Some(&doc), "x").unwrap(), facts);
    }

    #[test]
    fn missing_and_repeated_shards_are_named() {
        let of = |index| Facts {
            shard: Some(Shard { index, count: 3 }),
            ..Facts::default()
        };
        let notes = check_shards(&[of(1), of(1), of(3)]);
        assert_eq!(
            notes,
            [
                "shard 1/3 is given more than once",
                "shard 2/3 is missing: its units are not in the result"
            ]
        );
    }

    #[test]
    fn mixed_formats_are_refused() {
        let json = (
            "a.json".to_string(),
            "{\"version\": 1, \"findings\": []}".to_string(),
        );
        let sarif = (
            "b.sarif".to_string(),
            "{\"version\": \"2.1.0\", \"runs\": []}".to_string(),
        );
        let error = merge(&[json, sarif]).unwrap_err();
        assert!(error.contains("one format"), "{error}");
        let error = merge(&[("c".into(), "[1]".into())]).unwrap_err();
        assert!(error.contains("neither Strata JSON nor SARIF"), "{error}");
    }
}
