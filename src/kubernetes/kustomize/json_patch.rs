//! JSON 6902 patches (`patchesJson6902`, or a `patches` entry whose patch
//! is a list of operations): `add`, `replace`, `remove`, `move`, `copy`
//! and `test` on a JSON pointer. The value an operation writes keeps the
//! span of the patch line that wrote it.

use crate::model::{Node, Value};

/// Applies one operation (a `{op, path, value}` map) to `object`; an
/// error names what could not be done.
pub fn apply(object: &mut Node, operation: &Node) -> Result<(), String> {
    let text = |key: &str| operation.get(key).and_then(|n| n.value.as_str());
    let op = text("op").ok_or("an operation without `op`")?;
    let path = pointer(text("path").ok_or("an operation without `path`")?)?;
    let value = || {
        operation
            .get("value")
            .cloned()
            .ok_or_else(|| format!("`{op}` without a `value`"))
    };
    match op {
        "add" => add(object, &path, value()?),
        "replace" => {
            let target = find_mut(object, &path).ok_or_else(|| missing(&path))?;
            *target = value()?;
            Ok(())
        }
        "remove" => remove(object, &path).map(drop),
        "move" | "copy" => {
            let from = pointer(text("from").ok_or_else(|| format!("`{op}` without `from`"))?)?;
            let moved = if op == "move" {
                remove(object, &from)?
            } else {
                find_mut(object, &from)
                    .ok_or_else(|| missing(&from))?
                    .clone()
            };
            add(object, &path, moved)
        }
        "test" => {
            let found = find_mut(object, &path).ok_or_else(|| missing(&path))?;
            if found.value == value()?.value {
                Ok(())
            } else {
                Err(format!("`test` failed at /{}", path.join("/")))
            }
        }
        other => Err(format!("unknown operation `{other}`")),
    }
}

fn missing(path: &[String]) -> String {
    format!("no value at /{}", path.join("/"))
}

/// A JSON pointer's reference tokens (`~1` is `/`, `~0` is `~`).
fn pointer(text: &str) -> Result<Vec<String>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let rest = text
        .strip_prefix('/')
        .ok_or_else(|| format!("`{text}` is not a JSON pointer (it must start with `/`)"))?;
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn find_mut<'n>(node: &'n mut Node, path: &[String]) -> Option<&'n mut Node> {
    path.iter().try_fold(node, |node, token| child(node, token))
}

fn child<'n>(node: &'n mut Node, token: &str) -> Option<&'n mut Node> {
    match &mut node.value {
        Value::Map(fields) => fields.get_mut(token),
        Value::List(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    }
}

fn add(object: &mut Node, path: &[String], value: Node) -> Result<(), String> {
    let Some((last, parent)) = path.split_last() else {
        *object = value;
        return Ok(());
    };
    let parent = find_mut(object, parent).ok_or_else(|| missing(parent))?;
    match &mut parent.value {
        Value::Map(fields) => {
            fields.insert(last.clone(), value);
            Ok(())
        }
        Value::List(items) => {
            let index = if last == "-" {
                items.len()
            } else {
                last.parse::<usize>()
                    .ok()
                    .filter(|&i| i <= items.len())
                    .ok_or_else(|| format!("index `{last}` is out of the list"))?
            };
            items.insert(index, value);
            Ok(())
        }
        _ => Err(format!("/{} is not a map or a list", path.join("/"))),
    }
}

fn remove(object: &mut Node, path: &[String]) -> Result<Node, String> {
    let (last, parent_path) = path.split_last().ok_or("cannot remove the whole object")?;
    let parent = find_mut(object, parent_path).ok_or_else(|| missing(path))?;
    let removed = match &mut parent.value {
        Value::Map(fields) => fields.shift_remove(last),
        Value::List(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => Some(items.remove(i)),
            _ => None,
        },
        _ => None,
    };
    removed.ok_or_else(|| missing(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::kustomize::scalar_text;
    use crate::kubernetes::yaml;
    use crate::source::FileId;

    fn doc(text: &str, file: u32) -> Node {
        yaml::load(text, FileId(file)).documents.remove(0)
    }

    fn patched(base: &str, ops: &str) -> Result<Node, String> {
        let mut object = doc(base, 0);
        let Value::List(ops) = doc(ops, 1).value else {
            panic!("ops")
        };
        for op in &ops {
            apply(&mut object, op)?;
        }
        Ok(object)
    }

    const BASE: &str = "spec:\n  containers:\n  - name: a\n    image: a:1\n    args: [x]\n";

    #[test]
    fn operations_write_values_with_the_patch_span() {
        let out = patched(
            BASE,
            "- op: add\n  path: /spec/containers/0/securityContext\n  value: {privileged: true}\n- op: replace\n  path: /spec/containers/0/image\n  value: a:2\n- op: add\n  path: /spec/containers/0/args/-\n  value: y\n- op: remove\n  path: /spec/containers/0/args/0\n- op: copy\n  from: /spec/containers/0/image\n  path: /spec/image\n",
        )
        .unwrap();
        let container = &out.get("spec").unwrap().get("containers").unwrap();
        let Value::List(containers) = &container.value else {
            panic!()
        };
        let c = &containers[0];
        let privileged = c.get("securityContext").unwrap().get("privileged").unwrap();
        assert_eq!(privileged.value, Value::Bool(true));
        assert_eq!(privileged.span.unwrap().file, FileId(1));
        assert_eq!(scalar_text(&c.get("image").unwrap().value), "a:2");
        let Value::List(args) = &c.get("args").unwrap().value else {
            panic!()
        };
        assert_eq!(args.len(), 1);
        assert_eq!(scalar_text(&args[0].value), "y");
        assert_eq!(
            scalar_text(&out.get("spec").unwrap().get("image").unwrap().value),
            "a:2"
        );
    }

    #[test]
    fn impossible_operations_are_errors() {
        let err = patched(BASE, "- op: replace\n  path: /spec/missing\n  value: 1\n").unwrap_err();
        assert!(err.contains("no value at /spec/missing"), "{err}");
        let err = patched(BASE, "- op: frobnicate\n  path: /spec\n").unwrap_err();
        assert!(err.contains("unknown operation"), "{err}");
        let err = patched(BASE, "- op: add\n  path: spec\n  value: 1\n").unwrap_err();
        assert!(err.contains("JSON pointer"), "{err}");
        let err = patched(
            BASE,
            "- op: test\n  path: /spec/containers/0/name\n  value: b\n",
        )
        .unwrap_err();
        assert!(err.contains("`test` failed"), "{err}");
    }
}
