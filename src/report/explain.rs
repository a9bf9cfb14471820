//! The explanation of a rule: what `strata explain` prints and what the
//! language server shows on hover — one text, so they never drift.

use std::sync::Arc;

use crate::engine::rule::Rule;

/// Title, why it matters, how to fix it, examples per format, references.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!(
        "{} {} [{}]\n{}\n\nWhy it matters\n{}\n\nHow to fix it\n{}\n",
        rule.id,
        rule.name,
        rule.severity,
        rule.title,
        rule.description.trim(),
        rule.recipe.trim()
    );
    for (format, snippet) in &rule.snippets {
        out.push_str(&format!("\nExample ({format})\n{}\n", snippet.trim_end()));
    }
    if !rule.references.is_empty() {
        out.push_str("\nReferences\n");
        for (tool, ids) in rule.references.iter() {
            out.push_str(&format!("  {tool}: {}\n", ids.join(", ")));
        }
    }
    out
}

/// What `strata explain QUERY` names: one of our rules, or a peer's ID
/// that some of our rules cover.
#[derive(Debug)]
pub enum Explained<'a> {
    Rule(&'a Arc<Rule>),
    /// `tool`'s `id`, and the rules whose references list it.
    Peer {
        tool: &'a str,
        id: &'a str,
        rules: Vec<&'a Arc<Rule>>,
    },
}

/// Finds a rule by ID or name in any case (`aws001`, `privileged-container`),
/// else the rules that reference a peer's ID (`CKV_AWS_19`, `DL3008`,
/// `aws-ebs-enable-volume-encryption`).
pub fn lookup<'a>(rules: &'a [Arc<Rule>], query: &str) -> Option<Explained<'a>> {
    let query = query.trim();
    if let Some(rule) = rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(query) || r.name.eq_ignore_ascii_case(query))
    {
        return Some(Explained::Rule(rule));
    }
    let mut peer = None;
    let mut covering = Vec::new();
    for rule in rules {
        for (tool, ids) in rule.references.iter() {
            if let Some(id) = ids.iter().find(|id| id.eq_ignore_ascii_case(query)) {
                peer.get_or_insert((tool.as_str(), id.as_str()));
                covering.push(rule);
                break;
            }
        }
    }
    let (tool, id) = peer?;
    Some(Explained::Peer {
        tool,
        id,
        rules: covering,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Catalog;

    #[test]
    fn finds_rules_in_any_case_and_by_peer_id() {
        let catalog = Catalog::builtin();
        let rules = catalog.rules();
        let Some(Explained::Rule(rule)) = lookup(rules, "aws001") else {
            panic!("aws001 is AWS001");
        };
        assert_eq!(rule.id, "AWS001");
        let Some(Explained::Rule(by_name)) = lookup(rules, "Privileged-Container") else {
            panic!("a rule name in any case");
        };
        assert_eq!(by_name.id, "K8S001");
        let Some(Explained::Peer {
            tool,
            id,
            rules: covering,
        }) = lookup(rules, "ckv_k8s_16")
        else {
            panic!("Checkov's ID of the privileged-container check");
        };
        assert_eq!((tool, id), ("checkov", "CKV_K8S_16"));
        assert!(covering.iter().any(|r| r.id == "K8S001"));
        assert!(lookup(rules, "NOPE_404").is_none());
    }
}
