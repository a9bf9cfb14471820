//! Inline patches: a patch written as a string inside the kustomization
//! (`patch: |-` followed by YAML). A literal block's lines are parsed as
//! they are written (indented alike, which YAML accepts), and every span
//! is moved by the block's offset, so its values point at their own lines
//! of the kustomization. Any other string (quoted, folded) is parsed on
//! its own and all its values point at the entry.

use crate::kubernetes::yaml;
use crate::model::{Node, Value};
use crate::source::{FileId, Span};

/// The YAML documents of an inline patch `node` of the kustomization
/// `file`, whose text is `text`.
pub fn documents(node: &Node, file: FileId, text: &str) -> Vec<Node> {
    let Some(content) = node.value.as_str() else {
        return Vec::new();
    };
    let block = node.span.and_then(|span| literal_block(text, span));
    if let Some((range, lines)) = block.and_then(|r| Some((r.clone(), text.get(r)?))) {
        let loaded = yaml::load(lines, file);
        if loaded.diagnostics.is_empty() && !loaded.documents.is_empty() {
            let by = range.start as u32;
            return loaded.documents.into_iter().map(|d| moved(d, by)).collect();
        }
    }
    yaml::load(content, file)
        .documents
        .into_iter()
        .map(|doc| placed_at(doc, node.span))
        .collect()
}

/// The lines of a literal block scalar (`|`, `|-`, `|+`) that `span`
/// covers, from the line after its indicator.
fn literal_block(text: &str, span: Span) -> Option<std::ops::Range<usize>> {
    let (start, end) = (span.start as usize, (span.end as usize).min(text.len()));
    let header_end = start + text.get(start..end)?.find('\n')?;
    let header = &text[start..header_end];
    let indicator = header.rfind(['|', '>'])?;
    (header.as_bytes()[indicator] == b'|').then_some(header_end + 1..end)
}

/// A document parsed from a slice, its spans moved `by` bytes to where
/// the slice sits in the file.
fn moved(node: Node, by: u32) -> Node {
    relocated(node, &|span| {
        span.map(|s| Span {
            start: s.start + by,
            end: s.end + by,
            ..s
        })
    })
}

/// Every value of a document parsed apart, placed at `span`.
fn placed_at(node: Node, span: Option<Span>) -> Node {
    relocated(node, &|_| span)
}

/// `node` with every span, its own and its children's, mapped by `to`.
fn relocated(mut node: Node, to: &impl Fn(Option<Span>) -> Option<Span>) -> Node {
    node.span = to(node.span);
    match &mut node.value {
        Value::Map(fields) => {
            for value in fields.values_mut() {
                *value = relocated(super::merge::take(value), to);
            }
        }
        Value::List(items) => {
            for item in items.iter_mut() {
                *item = relocated(super::merge::take(item), to);
            }
        }
        _ => {}
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(text: &str) -> (Node, Node) {
        let doc = yaml::load(text, FileId(0)).documents.remove(0);
        let Value::List(patches) = doc.get("patches").unwrap().value.clone() else {
            panic!()
        };
        let patch = patches[0].get("patch").unwrap().clone();
        let documents = documents(&patch, FileId(0), text);
        (patch, documents.into_iter().next().unwrap())
    }

    #[test]
    fn literal_blocks_point_at_their_own_lines() {
        let text = "patches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: add\n      path: /spec/x\n      value: é\n";
        let (_, doc) = patch(text);
        let Value::List(ops) = &doc.value else {
            panic!("{doc:?}")
        };
        let value = ops[0].get("value").unwrap();
        assert_eq!(value.value.as_str(), Some("é"));
        let span = value.span.unwrap();
        assert!(text[span.start as usize..span.end as usize].starts_with("value: é"));
    }

    #[test]
    fn other_strings_point_at_the_entry() {
        let text = "patches:\n- patch: \"spec:\\n  replicas: 2\\n\"\n";
        let (entry, doc) = patch(text);
        let replicas = doc.get("spec").unwrap().get("replicas").unwrap();
        assert_eq!(replicas.value.as_number(), Some(2.0));
        assert_eq!(replicas.span, entry.span);
    }
}
