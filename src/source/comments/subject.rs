//! What a comment is about: its own line when it trails code, else the
//! code below it (and, in YAML, the block that code opens).

use std::ops::RangeInclusive;

use super::Syntax;
use crate::source::SourceFile;

/// A line that holds nothing but a comment.
pub fn is_comment_line(file: &SourceFile, line: u32) -> bool {
    file.comment_part(line)
        .is_some_and(|comment| comment.len() == file.line_text(line).trim_start().len())
}

/// The lines (1-based, inclusive) that the comment on `line` is about: its
/// own line when it trails code; otherwise the first line of code below
/// it (past the comment lines stacked under it), and in YAML also the
/// lines nested under that one, since indentation is YAML's block
/// structure (the whole document, for a comment above its first line). A
/// blank line detaches a comment from what follows.
pub fn subject(file: &SourceFile, line: u32) -> Option<RangeInclusive<u32>> {
    file.comment_part(line)?;
    if !is_comment_line(file, line) {
        return Some(line..=line);
    }
    let code = (line + 1..=file.line_count())
        .find(|&l| !is_comment_line(file, l))
        .filter(|&l| !file.line_text(l).trim().is_empty())?;
    if Syntax::of(&file.path) != Syntax::Yaml {
        return Some(code..=code);
    }
    let indent = |l: u32| {
        let text = file.line_text(l);
        text.len() - text.trim_start_matches(' ').len()
    };
    let blank = |l: u32| file.line_text(l).trim().is_empty();
    let is_separator = |l: u32| matches!(file.line_text(l).trim_end(), "---" | "...");
    // Above a document's first line, the comment is about the document.
    let opens_document = (1..line)
        .rev()
        .find(|&l| !blank(l) && !is_comment_line(file, l))
        .is_none_or(is_separator);
    if opens_document {
        let end = (code + 1..=file.line_count())
            .find(|&l| is_separator(l))
            .map_or(file.line_count(), |l| l - 1);
        let last = (code..=end)
            .rev()
            .find(|&l| !blank(l) && !is_comment_line(file, l))
            .unwrap_or(code);
        return Some(code..=last);
    }
    let head = file.line_text(code).trim_end();
    // `env:` may hold a sequence written at its own indentation.
    let opens_sequence = head.ends_with(':');
    let nested = |l: u32| {
        let text = file.line_text(l);
        text.trim().is_empty()
            || is_comment_line(file, l)
            || indent(l) > indent(code)
            || (opens_sequence && indent(l) == indent(code) && text.trim_start().starts_with("- "))
    };
    let last = (code + 1..=file.line_count())
        .take_while(|&l| nested(l))
        .last()
        .unwrap_or(code);
    // Trailing blank and comment lines belong to what follows.
    let last = (code..=last)
        .rev()
        .find(|&l| !file.line_text(l).trim().is_empty() && !is_comment_line(file, l))
        .unwrap_or(code);
    Some(code..=last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject_of(name: &str, text: &str, line: u32) -> Option<(u32, u32)> {
        let file = SourceFile::new(name.into(), text.into());
        subject(&file, line).map(|r| (*r.start(), *r.end()))
    }

    #[test]
    fn a_comment_is_about_its_line_or_the_code_below_it() {
        let hcl = "# one\n# two\na = 1\nb = 2 # trailing\n# detached\n\nc = 3\n";
        assert_eq!(subject_of("main.tf", hcl, 1), Some((3, 3)));
        assert_eq!(subject_of("main.tf", hcl, 4), Some((4, 4)));
        assert_eq!(subject_of("main.tf", hcl, 5), None);
        assert_eq!(subject_of("main.tf", hcl, 3), None);
    }

    #[test]
    fn a_yaml_comment_is_about_the_block_below_it() {
        let yaml = "env:\n  # a\n  - name: A\n    value: x\n\n    # inner\n  - name: B\nnext: 1\n";
        assert_eq!(subject_of("pod.yaml", yaml, 2), Some((3, 4)));
        // An indentless sequence belongs to its key.
        let yaml = "a: 1\n# a\nenv:\n- name: A\n  value: x\nports: []\n";
        assert_eq!(subject_of("pod.yaml", yaml, 2), Some((3, 5)));
        // Above a document's first line: the document.
        let yaml = "# a\nkind: Secret\ndata:\n  x: 1\n---\n# b\nkind: Pod\n\n# c\n";
        assert_eq!(subject_of("pod.yaml", yaml, 1), Some((2, 4)));
        assert_eq!(subject_of("pod.yaml", yaml, 6), Some((7, 7)));
    }
}
