//! Merging SARIF 2.1.0 logs written by Strata: one run each, joined into
//! one run — rules by id, results re-sorted and re-indexed, notifications of
//! files that could not be analysed listed once.

use indexmap::IndexMap;

use super::{
    Doc, FindingKey, Linking, Merged, Place, check_shards, facts_from, same_version, severity,
    sort_and_dedup,
};

/// Where a shard keeps its facts in its run's property bag.
pub const FACTS_KEY: &str = "strata/shard";

pub(super) fn merge(docs: Vec<(&str, Doc)>) -> Result<Merged, String> {
    let mut runs = Vec::new();
    for (origin, mut doc) in docs {
        let mut logs = doc.take_array("runs");
        if logs.len() != 1 {
            return Err(format!("{origin}: expected one run, found {}", logs.len()));
        }
        runs.push((origin, doc, logs.remove(0)));
    }
    same_version(
        runs.iter()
            .map(|(o, _, run)| (*o, run.str_at(&["tool", "driver", "version"]))),
    )?;
    let facts = runs
        .iter()
        .map(|(origin, _, run)| facts_from(run.at(&["properties", FACTS_KEY]), origin))
        .collect::<Result<Vec<_>, _>>()?;
    let notes = check_shards(&facts);
    let linking = Linking::new(facts);

    let mut rules: IndexMap<String, Doc> = IndexMap::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (input, (origin, _, run)) in runs.iter_mut().enumerate() {
        let driver = run.at(&["tool", "driver"]).cloned().unwrap_or(Doc::Null);
        for rule in driver.get("rules").map_or(&[][..], Doc::items) {
            let id = rule.str_at(&["id"]).unwrap_or_default().to_owned();
            rules.entry(id).or_insert_with(|| rule.clone());
        }
        for result in run.take_array("results") {
            let key = key(&result, origin)?;
            if linking.keeps(input, &key.rule_id, &key.place) {
                results.push((key, result));
            }
        }
        if let Some(invocation) = run.get_mut("invocations").and_then(first_mut) {
            notifications.extend(invocation.take_array("toolExecutionNotifications"));
        }
    }
    sort_and_dedup(&mut results);
    let notifications = dedup_notifications(notifications);

    let mut active = Vec::new();
    for (key, result) in &mut results {
        let suppressed = result
            .get("suppressions")
            .is_some_and(|s| !s.items().is_empty());
        if !suppressed {
            active.push(key.severity.0);
        }
        let index = rules.get_index_of(&key.rule_id).unwrap_or(0);
        if let Some(slot) = result.get_mut("ruleIndex") {
            *slot = Doc::number(index as u64);
        }
    }
    let has_errors = !notifications.is_empty();

    let (_, mut log, mut run) = runs.swap_remove(0);
    if let Some(driver) = run.get_mut("tool").and_then(|t| t.get_mut("driver")) {
        if let Some(slot) = driver.get_mut("rules") {
            *slot = Doc::Array(rules.into_values().collect());
        }
    }
    if let Some(invocation) = run.get_mut("invocations").and_then(first_mut) {
        set_notifications(invocation, notifications);
    }
    if let Some(map) = run.object_mut() {
        let emptied = map
            .get_mut("properties")
            .and_then(Doc::object_mut)
            .is_some_and(|p| {
                p.shift_remove(FACTS_KEY);
                p.is_empty()
            });
        if emptied {
            map.shift_remove("properties");
        }
        map.insert(
            "results".into(),
            Doc::Array(results.into_iter().map(|(_, r)| r).collect()),
        );
    }
    if let Some(map) = log.object_mut() {
        map.insert("runs".into(), Doc::Array(vec![run]));
    }
    Ok(Merged {
        text: log.to_text(),
        active,
        has_errors,
        notes,
    })
}

fn first_mut(doc: &mut Doc) -> Option<&mut Doc> {
    match doc {
        Doc::Array(items) => items.first_mut(),
        _ => None,
    }
}

/// `executionSuccessful` follows the notifications; an empty list is left
/// out, as a single run writes it.
fn set_notifications(invocation: &mut Doc, notifications: Vec<Doc>) {
    let Some(map) = invocation.object_mut() else {
        return;
    };
    map.insert(
        "executionSuccessful".into(),
        Doc::Bool(notifications.is_empty()),
    );
    if notifications.is_empty() {
        map.shift_remove("toolExecutionNotifications");
    } else {
        map.insert(
            "toolExecutionNotifications".into(),
            Doc::Array(notifications),
        );
    }
}

/// A file's notification once, in path order (as the report lists files).
fn dedup_notifications(mut notifications: Vec<Doc>) -> Vec<Doc> {
    let order = |n: &Doc| {
        let uri = n.str_at(&[
            "locations",
            "0",
            "physicalLocation",
            "artifactLocation",
            "uri",
        ]);
        let text = n
            .str_at(&["message", "text"])
            .unwrap_or_default()
            .to_owned();
        (uri_path(uri.unwrap_or_default()), text)
    };
    notifications.sort_by_cached_key(order);
    let uri = |n: &Doc| {
        n.str_at(&[
            "locations",
            "0",
            "physicalLocation",
            "artifactLocation",
            "uri",
        ])
        .map(str::to_owned)
    };
    notifications.dedup_by(|later, first| uri(later) == uri(first));
    notifications
}

fn key(result: &Doc, origin: &str) -> Result<FindingKey, String> {
    let place = |location: Option<&Doc>| {
        let location = location.and_then(|l| l.get("physicalLocation"));
        let uri = location.and_then(|l| l.str_at(&["artifactLocation", "uri"]));
        let number = |key: &str| {
            location
                .and_then(|l| l.u64_at(&["region", key]))
                .unwrap_or(0) as u32
        };
        Place {
            path: uri_path(uri.unwrap_or_default()),
            start_line: number("startLine"),
            start_column: number("startColumn"),
            end_line: number("endLine"),
            end_column: number("endColumn"),
        }
    };
    let trace = (result
        .get("relatedLocations")
        .map_or(&[][..], Doc::items)
        .iter())
    .map(|step| {
        let at = place(Some(step));
        let note = step
            .str_at(&["message", "text"])
            .unwrap_or_default()
            .to_owned();
        (at.path, at.start_line, note)
    })
    .collect();
    let text = |path: &[&str]| result.str_at(path).unwrap_or_default().to_owned();
    Ok(FindingKey {
        severity: std::cmp::Reverse(severity(
            result.str_at(&["properties", "severity"]),
            origin,
        )?),
        place: place(result.at(&["locations", "0"])),
        rule_id: text(&["ruleId"]),
        resource: text(&["properties", "resource"]),
        message: text(&["message", "text"]),
        trace,
        fingerprint: text(&["partialFingerprints", "strata/v1"]),
    })
}

/// The path a report showed, from the URI SARIF holds it as (relative and
/// percent-encoded, or a `file://` URI for an absolute path).
fn uri_path(uri: &str) -> String {
    let path = match uri.strip_prefix("file://") {
        Some(rest) => {
            let windows = rest.as_bytes().get(2) == Some(&b':');
            if windows { &rest[1..] } else { rest }
        }
        None => uri,
    };
    percent_decode(path)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_become_the_paths_reports_show() {
        assert_eq!(uri_path("infra/a%20b.tf"), "infra/a b.tf");
        assert_eq!(uri_path("file:///srv/x%23.tf"), "/srv/x#.tf");
        assert_eq!(uri_path("file:///C:/x.tf"), "C:/x.tf");
        assert_eq!(uri_path("bad%zz"), "bad%zz");
    }
}
