//! Strategic merge, as kustomize applies a patch that is a partial object:
//! maps merge key by key, lists of named things (containers, env, volumes,
//! …) merge item by item on their merge key, every other list and every
//! scalar is replaced. `null` deletes a key; `$patch: delete` deletes a map
//! or a list item, `$patch: replace` replaces instead of merging, and
//! `$deleteFromPrimitiveList/<field>` removes values from a list of
//! scalars.
//!
//! Values keep their spans: what the patch wrote carries the patch's span,
//! what it left alone keeps the base's — so a finding lands on the line
//! that set the value.

use super::scalar_text;
use crate::model::{Node, Value};

/// Merges `patch` into `base`.
pub fn merge(base: &mut Node, patch: Node) {
    merge_field(base, patch, None);
}

/// The key list items of a field are matched by (Kubernetes' patch merge
/// keys); `None`: the list is replaced as a whole.
fn merge_key(field: &str, items: &[Node]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        // A container's ports merge on `containerPort`, a Service's on `port`.
        "ports" if items.iter().any(|i| i.get("containerPort").is_some()) => Some("containerPort"),
        "ports" => Some("port"),
        _ => None,
    }
}

const DIRECTIVE: &str = "$patch";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList/";

fn directive(node: &Node) -> Option<&str> {
    node.get(DIRECTIVE).and_then(|d| d.value.as_str())
}

fn merge_field(base: &mut Node, patch: Node, field: Option<&str>) {
    if directive(&patch) == Some("replace") {
        *base = without_directives(patch);
        return;
    }
    match (&mut base.value, patch.value) {
        (Value::Map(fields), Value::Map(entries)) => {
            for (key, value) in entries {
                if let Some(list) = key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST) {
                    delete_from_list(fields.get_mut(list), &value);
                    continue;
                }
                if key.starts_with('$') {
                    // `$setElementOrder`, `$retainKeys`: ordering and
                    // pruning hints that change no value a rule reads.
                    continue;
                }
                if value.value == Value::Null || directive(&value) == Some("delete") {
                    fields.shift_remove(&key);
                    continue;
                }
                match fields.get_mut(&key) {
                    Some(existing) => merge_field(existing, value, Some(&key)),
                    None => {
                        fields.insert(key, without_directives(value));
                    }
                }
            }
        }
        (Value::List(items), Value::List(patch_items)) => {
            let key = field.and_then(|f| merge_key(f, items).or(merge_key(f, &patch_items)));
            match key {
                Some(key) => merge_list(items, patch_items, key),
                None => {
                    *base = Node::new(
                        Value::List(patch_items.into_iter().map(without_directives).collect()),
                        patch.span,
                    )
                }
            }
        }
        (_, value) => *base = without_directives(Node::new(value, patch.span)),
    }
}

/// Merges a patch list into a list of named items.
fn merge_list(items: &mut Vec<Node>, patch_items: Vec<Node>, key: &str) {
    let replace = patch_items
        .iter()
        .any(|i| directive(i) == Some("replace") && i.get(key).is_none());
    if replace {
        *items = patch_items
            .into_iter()
            .filter(|i| directive(i).is_none())
            .map(without_directives)
            .collect();
        return;
    }
    for patch_item in patch_items {
        let Some(wanted) = patch_item.get(key).map(|k| scalar_text(&k.value)) else {
            // An item without its key cannot be matched: kept as written.
            items.push(without_directives(patch_item));
            continue;
        };
        let position = items
            .iter()
            .position(|i| i.get(key).is_some_and(|k| scalar_text(&k.value) == wanted));
        match (position, directive(&patch_item)) {
            (Some(i), Some("delete")) => {
                items.remove(i);
            }
            (None, Some("delete")) => {}
            (Some(i), _) => merge_field(&mut items[i], patch_item, None),
            (None, _) => items.push(without_directives(patch_item)),
        }
    }
}

fn delete_from_list(list: Option<&mut Node>, values: &Node) {
    let (
        Some(Node {
            value: Value::List(items),
            ..
        }),
        Value::List(remove),
    ) = (list, &values.value)
    else {
        return;
    };
    items.retain(|item| !remove.iter().any(|r| r.value == item.value));
}

/// A patch value as it lands in the object: without `$patch` directives.
fn without_directives(mut node: Node) -> Node {
    match &mut node.value {
        Value::Map(fields) => {
            fields.retain(|key, _| !key.starts_with('$'));
            for value in fields.values_mut() {
                *value = without_directives(take(value));
            }
        }
        Value::List(items) => {
            items.retain(|i| directive(i).is_none());
            for item in items.iter_mut() {
                *item = without_directives(take(item));
            }
        }
        _ => {}
    }
    node
}

/// Moves a node out, leaving a null behind.
pub(super) fn take(node: &mut Node) -> Node {
    std::mem::replace(node, Node::new(Value::Null, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::yaml;
    use crate::source::FileId;

    fn doc(text: &str, file: u32) -> Node {
        yaml::load(text, FileId(file)).documents.remove(0)
    }

    fn merged(base: &str, patch: &str) -> Node {
        let mut base = doc(base, 0);
        merge(&mut base, doc(patch, 1));
        base
    }

    fn at<'n>(node: &'n Node, path: &str) -> &'n Node {
        path.split('.')
            .fold(node, |n, part| match part.parse::<usize>() {
                Ok(i) => match &n.value {
                    Value::List(items) => &items[i],
                    _ => panic!("{part}: not a list"),
                },
                Err(_) => n.get(part).unwrap_or_else(|| panic!("{part}: missing")),
            })
    }

    const BASE: &str = "spec:\n  replicas: 1\n  containers:\n  - name: a\n    image: a:1\n    env:\n    - {name: X, value: '1'}\n    - {name: Y, value: '2'}\n    args: [--one]\n  - name: b\n    image: b:1\n";

    #[test]
    fn containers_merge_by_name_and_keep_the_span_of_what_set_them() {
        let out = merged(
            BASE,
            "spec:\n  containers:\n  - name: b\n    securityContext:\n      privileged: true\n    args: [--two]\n",
        );
        let b = at(&out, "spec.containers.1");
        assert_eq!(at(b, "image").value, Value::String("b:1".into()));
        assert_eq!(at(b, "image").span.unwrap().file, FileId(0));
        let privileged = at(b, "securityContext.privileged");
        assert_eq!(privileged.value, Value::Bool(true));
        assert_eq!(privileged.span.unwrap().file, FileId(1));
        assert_eq!(at(&out, "spec.replicas").span.unwrap().file, FileId(0));
        assert_eq!(
            scalar_text(&at(&out, "spec.containers.0.image").value),
            "a:1"
        );
    }

    #[test]
    fn other_lists_are_replaced_and_named_lists_merge() {
        let out = merged(
            BASE,
            "spec:\n  containers:\n  - name: a\n    args: [--two]\n    env:\n    - {name: Y, value: '3'}\n    - {name: Z, value: '4'}\n",
        );
        let a = at(&out, "spec.containers.0");
        let Value::List(args) = &at(a, "args").value else {
            panic!()
        };
        assert_eq!(args.len(), 1);
        assert_eq!(scalar_text(&args[0].value), "--two");
        let Value::List(env) = &at(a, "env").value else {
            panic!()
        };
        let values: Vec<String> = env
            .iter()
            .map(|e| scalar_text(&at(e, "value").value))
            .collect();
        assert_eq!(values, ["1", "3", "4"]);
    }

    #[test]
    fn directives_delete_and_replace() {
        let out = merged(
            BASE,
            "spec:\n  replicas: null\n  containers:\n  - name: a\n    $patch: delete\n",
        );
        assert!(out.get("spec").unwrap().get("replicas").is_none());
        let Value::List(containers) = &at(&out, "spec.containers").value else {
            panic!()
        };
        assert_eq!(containers.len(), 1);
        assert_eq!(scalar_text(&at(&containers[0], "name").value), "b");

        let out = merged(
            BASE,
            "spec:\n  containers:\n  - $patch: replace\n  - name: c\n    image: c:1\n",
        );
        let Value::List(containers) = &at(&out, "spec.containers").value else {
            panic!()
        };
        assert_eq!(containers.len(), 1);
        assert!(containers[0].get("$patch").is_none());

        let out = merged(
            BASE,
            "spec:\n  containers:\n  - name: a\n    env:\n      $patch: replace\n",
        );
        assert!(at(&out, "spec.containers.0").get("image").is_some());
    }

    #[test]
    fn values_are_removed_from_primitive_lists() {
        let out = merged(
            "metadata:\n  finalizers: [a, b, c]\n",
            "metadata:\n  $deleteFromPrimitiveList/finalizers: [b]\n",
        );
        let Value::List(left) = &at(&out, "metadata.finalizers").value else {
            panic!()
        };
        assert_eq!(left.len(), 2);
    }
}
