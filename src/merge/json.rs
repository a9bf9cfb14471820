//! Merging Strata JSON reports (the contract of DESIGN.md, version 1).

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::findings::WarningKind;

use super::{
    Doc, Exposures, FindingKey, Linking, Merged, Place, check_shards, facts_from, same_version,
    severity, sort_and_dedup,
};

const VERSION: u64 = 1;

pub(super) fn merge(mut docs: Vec<(&str, Doc)>) -> Result<Merged, String> {
    for (origin, doc) in &docs {
        if doc.u64_at(&["version"]) != Some(VERSION) {
            return Err(format!(
                "{origin}: not version {VERSION} of Strata's JSON report"
            ));
        }
    }
    same_version(
        docs.iter()
            .map(|(o, d)| (*o, d.str_at(&["tool", "version"]))),
    )?;
    let facts = docs
        .iter()
        .map(|(origin, doc)| facts_from(doc.get("shard"), origin))
        .collect::<Result<Vec<_>, _>>()?;
    let notes = check_shards(&facts);
    let exposures = Exposures::new(&facts);
    let entrances = exposures.index();
    let linking = Linking::new(facts);

    let mut files = Vec::new();
    let mut findings = Vec::new();
    let mut warnings = Vec::new();
    for (input, (origin, doc)) in docs.iter_mut().enumerate() {
        files.extend(doc.take_array("files"));
        warnings.extend(doc.take_array("warnings"));
        for mut finding in doc.take_array("findings") {
            exposures.add_to(&entrances, &mut finding);
            let key = key(&finding, origin)?;
            if linking.keeps(input, &key.rule_id, &key.place) {
                findings.push((key, finding));
            }
        }
    }
    let files = dedup_files(files);
    let warnings = merge_warnings(warnings, files.is_empty());
    sort_and_dedup(&mut findings);
    let findings: Vec<Doc> = findings.into_iter().map(|(_, f)| f).collect();

    let active: Vec<_> = findings
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .map(|f| severity(f.str_at(&["severity"]), "merged report"))
        .collect::<Result<_, _>>()?;
    let has_errors = files.iter().any(|f| f.str_at(&["status"]) == Some("error"));
    let summaries: Vec<(&str, Option<&Doc>)> =
        docs.iter().map(|(o, d)| (*o, d.get("summary"))).collect();
    let summary = summary(&summaries, &files, &findings)?;

    let (_, mut merged) = docs.swap_remove(0);
    let map = merged.object_mut().ok_or("a JSON report is an object")?;
    map.shift_remove("shard");
    map.insert("summary".into(), summary);
    map.insert("files".into(), Doc::Array(files));
    map.insert("findings".into(), Doc::Array(findings));
    map.insert("warnings".into(), Doc::Array(warnings));
    Ok(Merged {
        text: merged.to_text(),
        active,
        has_errors,
        notes,
    })
}

fn key(finding: &Doc, origin: &str) -> Result<FindingKey, String> {
    let text = |key: &str| finding.str_at(&[key]).unwrap_or_default().to_owned();
    let number = |key: &str| finding.u64_at(&[key]).unwrap_or(0) as u32;
    let trace = (finding.get("trace").map_or(&[][..], Doc::items).iter())
        .map(|step| {
            let path = step.str_at(&["path"]).unwrap_or_default().to_owned();
            let line = step.u64_at(&["start_line"]).unwrap_or(0) as u32;
            (
                path,
                line,
                step.str_at(&["note"]).unwrap_or_default().to_owned(),
            )
        })
        .collect();
    Ok(FindingKey {
        severity: std::cmp::Reverse(severity(finding.str_at(&["severity"]), origin)?),
        place: Place {
            path: text("path"),
            start_line: number("start_line"),
            start_column: number("start_column"),
            end_line: number("end_line"),
            end_column: number("end_column"),
        },
        rule_id: text("rule_id"),
        resource: text("resource"),
        message: text("message"),
        trace,
        fingerprint: text("fingerprint"),
    })
}

/// One entry per path, as a single run lists them: sorted by path, an
/// error before a skip before a scan, ties by message.
fn dedup_files(mut files: Vec<Doc>) -> Vec<Doc> {
    let order = |f: &Doc| {
        let rank = match f.str_at(&["status"]) {
            Some("error") => 0,
            Some("skipped") => 1,
            _ => 2,
        };
        let why = f
            .str_at(&["error"])
            .or(f.str_at(&["reason"]))
            .unwrap_or_default();
        (
            f.str_at(&["path"]).unwrap_or_default().to_owned(),
            rank,
            why.to_owned(),
        )
    };
    files.sort_by_cached_key(order);
    files.dedup_by(|later, first| later.str_at(&["path"]) == first.str_at(&["path"]));
    files
}

/// Every shard's warnings, once each, in a single run's order (place, kind,
/// message). A shard that got no file warns of an empty scan; the merge
/// does only when no shard had a file.
fn merge_warnings(mut warnings: Vec<Doc>, no_files: bool) -> Vec<Doc> {
    let empty_scan = WarningKind::EmptyScan.as_str();
    warnings.retain(|w| no_files || w.str_at(&["kind"]) != Some(empty_scan));
    let order = |w: &Doc| {
        let place = w.str_at(&["path"]).map(|path| {
            let number = |key| w.u64_at(&[key]).unwrap_or_default();
            (
                path.to_owned(),
                number("start_line"),
                number("start_column"),
            )
        });
        let kind = w.str_at(&["kind"]).and_then(WarningKind::from_name);
        let message = w.str_at(&["message"]).unwrap_or_default().to_owned();
        (place, kind, message)
    };
    warnings.sort_by_cached_key(order);
    warnings.dedup_by(|later, first| order(later) == order(first));
    warnings
}

/// The summary of the merged lists. Counts Strata derives from the lists
/// are recounted; any other count adds up over the inputs (they covered
/// disjoint units), and any other value must agree.
fn summary(
    inputs: &[(&str, Option<&Doc>)],
    files: &[Doc],
    findings: &[Doc],
) -> Result<Doc, String> {
    let Some((_, Some(Doc::Object(first)))) = inputs.first() else {
        return Err("a JSON report without a summary".into());
    };
    let active = || findings.iter().filter(|f| f.get("suppressed").is_none());
    let mut summary = IndexMap::new();
    for (name, value) in first {
        let merged = match name.as_str() {
            "files" => Doc::number(files.len() as u64),
            "findings" => Doc::number(active().count() as u64),
            "suppressed" => Doc::number((findings.len() - active().count()) as u64),
            "by_severity" => {
                let mut counts = IndexMap::new();
                let severities = value.keys();
                for severity in severities {
                    let n = active()
                        .filter(|f| f.str_at(&["severity"]) == Some(severity.as_str()))
                        .count();
                    counts.insert(severity, Doc::number(n as u64));
                }
                Doc::Object(counts)
            }
            "not_covered" => not_covered(inputs),
            _ => combine(name, inputs)?,
        };
        summary.insert(name.clone(), merged);
    }
    Ok(Doc::Object(summary))
}

/// Resource kinds no rule applies to: the counts of every input added up,
/// most first (as a single run orders them).
fn not_covered(inputs: &[(&str, Option<&Doc>)]) -> Doc {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for (_, summary) in inputs {
        let Some(Doc::Object(kinds)) = summary.and_then(|s| s.get("not_covered")) else {
            continue;
        };
        for (kind, count) in kinds {
            *counts.entry(kind.clone()).or_default() += count.u64_at(&[]).unwrap_or(0);
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Doc::Object(
        counts
            .into_iter()
            .map(|(kind, count)| (kind, Doc::number(count)))
            .collect(),
    )
}

/// A summary value no recount covers: a sum of counts, or one agreed value.
fn combine(name: &str, inputs: &[(&str, Option<&Doc>)]) -> Result<Doc, String> {
    let values: Vec<(&str, Option<&Doc>)> = inputs
        .iter()
        .map(|(origin, summary)| (*origin, summary.and_then(|s| s.get(name))))
        .collect();
    let counts: Option<Vec<u64>> = values
        .iter()
        .map(|(_, v)| match v {
            Some(Doc::Number(n)) => n.as_u64(),
            _ => None,
        })
        .collect();
    if let Some(counts) = counts {
        return Ok(Doc::number(counts.iter().sum()));
    }
    let (first_origin, first) = values[0];
    match values.iter().find(|(_, v)| *v != first) {
        None => Ok(first.cloned().unwrap_or(Doc::Null)),
        Some((origin, _)) => Err(format!(
            "summary.{name} differs between {first_origin} and {origin}; cannot merge"
        )),
    }
}
