//! The rule reference users browse: one Markdown page per rule, rendered
//! from the same rule file `strata explain` reads, and an index by layer
//! and by peer ID. `tests/rule_docs.rs` keeps `docs/rules/` current.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::engine::rule::{Layer, Rule, Status};

/// The page of one rule, `docs/rules/<ID>.md`.
pub fn rule_page(rule: &Rule) -> String {
    let mut page = format!("# {} — {}\n\n", rule.id, rule.title);
    let _ = writeln!(page, "| | |\n|---|---|");
    let _ = writeln!(page, "| Severity | {} |", rule.severity);
    let _ = writeln!(page, "| Layer | {} |", rule.layer.as_str());
    let _ = writeln!(page, "| Name | `{}` |", rule.name);
    let _ = writeln!(page, "| Applies to | {} |", code_list(&rule.applies_to));
    if rule.status != Status::Stable {
        let _ = writeln!(page, "| Status | {:?} |", rule.status);
    }
    if let Some(fix) = &rule.fix {
        let safety = if fix.safe {
            "safe"
        } else {
            "review before applying"
        };
        let _ = writeln!(page, "| Quick fix | {} ({safety}) |", fix.title);
    }
    let _ = write!(
        page,
        "\n## Why it matters\n\n{}\n\n## How to fix it\n\n{}\n",
        rule.description.trim(),
        rule.recipe.trim()
    );
    for (format, snippet) in &rule.snippets {
        let _ = write!(
            page,
            "\n### Example ({format})\n\n```{}\n{}\n```\n",
            super::fence_language(format),
            snippet.trim_end()
        );
    }
    if !rule.references.is_empty() {
        page.push_str("\n## References\n\n");
        for (tool, ids) in rule.references.iter() {
            let _ = writeln!(page, "- {tool}: {}", code_list(ids));
        }
    }
    let _ = write!(
        page,
        "\n## Suppressing it\n\n```\n# strata:ignore {} <reason>\n```\n\n\
         on the line above the resource or attribute (`{{{{/* strata:ignore {} <reason> */}}}}` \
         in a Helm template).\n",
        rule.id, rule.id
    );
    page
}

/// `docs/rules/README.md`: every rule by layer, then a table from each
/// peer's IDs to the Strata rules that cover them.
pub fn index(rules: &[Arc<Rule>]) -> String {
    let mut page = String::from(
        "# Rule reference\n\nGenerated from `rules/` (the same text `strata explain RULE` \
         prints); regenerate with `STRATA_UPDATE_DOCS=1 cargo test --test rule_docs`.\n",
    );
    for layer in [Layer::Cloud, Layer::Cluster, Layer::Container, Layer::Code] {
        let in_layer: Vec<&Arc<Rule>> = rules.iter().filter(|r| r.layer == layer).collect();
        if in_layer.is_empty() {
            continue;
        }
        let _ = write!(
            page,
            "\n## {} ({} rules)\n\n| ID | Severity | Title |\n|---|---|---|\n",
            layer_title(layer),
            in_layer.len()
        );
        for rule in in_layer {
            let _ = writeln!(
                page,
                "| [{id}]({id}.md) | {} | {} |",
                rule.severity,
                escape_cell(&rule.title),
                id = rule.id
            );
        }
    }
    let mut by_peer: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for rule in rules {
        for (tool, ids) in rule.references.iter() {
            for id in ids {
                by_peer
                    .entry(tool)
                    .or_default()
                    .entry(id)
                    .or_default()
                    .push(&rule.id);
            }
        }
    }
    page.push_str("\n## By peer ID\n\n`strata explain PEER_ID` shows the rules below too.\n");
    for (tool, ids) in by_peer {
        let _ = write!(page, "\n### {tool}\n\n| {tool} | Strata |\n|---|---|\n");
        for (id, covering) in ids {
            let links: Vec<String> = covering.iter().map(|r| format!("[{r}]({r}.md)")).collect();
            let _ = writeln!(page, "| {} | {} |", escape_cell(id), links.join(", "));
        }
    }
    page
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn layer_title(layer: Layer) -> &'static str {
    match layer {
        Layer::Cloud => "Cloud (Terraform)",
        Layer::Cluster => "Cluster (Kubernetes, Helm, Terraform `kubernetes_*`)",
        Layer::Container => "Container (Dockerfiles)",
        Layer::Code => "Code (any format)",
    }
}
