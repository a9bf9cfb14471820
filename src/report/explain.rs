//! The explanation of a rule: what `strata explain` prints and what the
//! language server shows on hover — one text, so they never drift.

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
