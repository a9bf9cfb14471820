//! One finding per problem: the same rule reached several times at one
//! place, for one value, is reported once.

use std::collections::HashMap;
use std::path::PathBuf;

use super::UnitFinding;
use crate::model::workload::split_container_address;

/// What makes two findings the same problem: the rule, where it points,
/// where its value came from, and the resource without the parts that only
/// repeat the place (an instance key, a container of a pod-level setting).
#[derive(PartialEq, Eq, Hash)]
struct Key {
    rule: String,
    path: PathBuf,
    span: (u32, u32),
    /// The trace's places: two `for_each` instances whose values are set on
    /// different lines are two problems, though both point at `each.value`.
    trace: Vec<(PathBuf, u32, u32)>,
    resource: String,
}

impl Key {
    fn of(finding: &UnitFinding) -> Key {
        let identity = without_instance_key(&finding.identity);
        Key {
            rule: finding.rule.id.clone(),
            path: finding.span.path().to_path_buf(),
            span: (finding.span.start, finding.span.end),
            trace: (finding.trace.iter())
                .map(|(span, _)| (span.path().to_path_buf(), span.start, span.end))
                .collect(),
            resource: without_container(identity).to_owned(),
        }
    }
}

/// The same finding reached twice is kept once:
/// - several `count` instances of a resource with one value on one line;
/// - several containers of a pod that inherit one pod-level setting (the
///   finding points at the pod's `securityContext`, one fix for all): the
///   first is kept and its message names the others.
///
/// Instances of different module calls (or of one call's `count` /
/// `for_each`) with values of their own are each kept: a baseline must see
/// every one.
pub(super) fn dedup(findings: impl Iterator<Item = UnitFinding>) -> Vec<UnitFinding> {
    // Each kept finding with the other containers it stands for.
    let mut kept: Vec<(UnitFinding, Vec<String>)> = Vec::new();
    let mut first: HashMap<Key, usize> = HashMap::new();
    for finding in findings {
        let key = Key::of(&finding);
        let Some(&index) = first.get(&key) else {
            first.insert(key, kept.len());
            kept.push((finding, Vec::new()));
            continue;
        };
        let (earlier, others) = &mut kept[index];
        if let Some(name) = container_name(&finding.identity)
            && container_name(&earlier.identity) != Some(name)
            && !others.iter().any(|n| n == name)
        {
            others.push(name.to_owned());
        }
    }
    (kept.into_iter())
        .map(|(mut finding, others)| {
            if !others.is_empty() {
                finding.message = with_siblings(&finding.message, &others);
            }
            finding
        })
        .collect()
}

/// `… (so do containers `b`, `c`: the setting is the pod's)`.
fn with_siblings(message: &str, names: &[String]) -> String {
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (verb, noun) = match names {
        [_] => ("does", "container"),
        _ => ("do", "containers"),
    };
    format!("{message} (so {verb} {noun} {list}: the setting is the pod's)")
}

/// A container view's identity without its container part.
fn without_container(identity: &str) -> &str {
    split_container_address(identity).map_or(identity, |(owner, _)| owner)
}

/// The container a container view's identity names.
fn container_name(identity: &str) -> Option<&str> {
    split_container_address(identity).map(|(_, name)| name)
}

/// An identity without the instance key of its address's last part:
/// `module.db["a"].aws_db_instance.this[0]` → `module.db["a"].aws_db_instance.this`.
fn without_instance_key(identity: &str) -> &str {
    let Some(inner) = identity.strip_suffix(']') else {
        return identity;
    };
    let open = if inner.ends_with('"') {
        // A quoted key: escaped quotes inside never follow a `[` directly.
        inner.rfind("[\"")
    } else {
        inner
            .rfind('[')
            .filter(|&i| inner[i + 1..].parse::<u64>().is_ok())
    };
    open.map_or(identity, |i| &identity[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_and_containers_are_dropped_from_the_key() {
        assert_eq!(
            without_instance_key(r#"module.db["a"].aws_db_instance.this[0]"#),
            r#"module.db["a"].aws_db_instance.this"#
        );
        assert_eq!(
            without_instance_key("aws_s3_bucket.logs"),
            "aws_s3_bucket.logs"
        );
        assert_eq!(
            without_container("DaemonSet/ops/agent/initContainers/setup"),
            "DaemonSet/ops/agent"
        );
        assert_eq!(
            container_name("kubernetes_deployment.app/containers/web"),
            Some("web")
        );
        assert_eq!(container_name("aws_s3_bucket.logs"), None);
    }

    #[test]
    fn siblings_are_named_in_the_message() {
        let names = ["helper".to_owned(), "proxy".to_owned()];
        assert_eq!(
            with_siblings("Container `x` runs as root", &names[..1]),
            "Container `x` runs as root (so does container `helper`: the setting is the pod's)"
        );
        assert!(
            with_siblings("m", &names)
                .ends_with("do containers `helper`, `proxy`: the setting is the pod's)")
        );
    }
}
