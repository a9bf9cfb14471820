//! Where real comments start, line by line, in the syntax of the file.
//!
//! Suppression comments must be comments: `"# strata:ignore …"` in an HCL
//! string, a heredoc, a YAML block scalar or a quoted YAML value is data,
//! and silences nothing. Each syntax gets a small lexer that knows just
//! enough (strings, heredocs, block scalars, template comments) to tell a
//! comment from text that looks like one; it never fails, whatever the
//! input, and a construct it does not know reads as code.

use std::path::Path;

mod subject;

pub use subject::{is_comment_line, subject};

/// The comment syntax of a file, judged by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Terraform / HCL: `#`, `//`, `/* */`; strings, `${}` and heredocs.
    Hcl,
    /// YAML, Helm templates included: `#` after a blank (outside quotes and
    /// block scalars), and `{{/* */}}` template comments.
    Yaml,
    /// Dockerfile: `#` opening a line, outside heredoc bodies.
    Dockerfile,
    /// Anything else: the first `#`, `//` or `/*` (no syntax known).
    Plain,
}

impl Syntax {
    pub fn of(path: &Path) -> Syntax {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let ends = |suffixes: &[&str]| suffixes.iter().any(|s| name.ends_with(s));
        if ends(&[".tf", ".tfvars", ".hcl", ".tftest.hcl"]) {
            Syntax::Hcl
        } else if ends(&[".yaml", ".yml", ".tpl"]) {
            Syntax::Yaml
        } else if name.contains("dockerfile") || name.contains("containerfile") {
            Syntax::Dockerfile
        } else {
            Syntax::Plain
        }
    }
}

/// Per line of `lines`, the byte offset in that line where a real comment
/// starts, if one does.
pub fn starts<'a>(syntax: Syntax, lines: impl Iterator<Item = &'a str>) -> Vec<Option<u32>> {
    match syntax {
        Syntax::Hcl => {
            let mut lexer = Hcl::default();
            lines.map(|line| lexer.line(line)).collect()
        }
        Syntax::Yaml => {
            let mut lexer = Yaml::default();
            lines.map(|line| lexer.line(line)).collect()
        }
        Syntax::Dockerfile => {
            let mut lexer = Dockerfile::default();
            lines.map(|line| lexer.line(line)).collect()
        }
        Syntax::Plain => lines.map(plain).collect(),
    }
}

fn plain(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&i| {
            bytes[i] == b'#'
                || (bytes[i] == b'/' && matches!(bytes.get(i + 1), Some(b'/') | Some(b'*')))
        })
        .map(|i| i as u32)
}

/// What the HCL lexer is inside of; the innermost last.
#[derive(Clone, Debug, PartialEq)]
enum HclFrame {
    /// Expressions; inside `${ }` when `interpolation`, with `{` nesting.
    Code {
        interpolation: bool,
        braces: u32,
    },
    Quoted,
    Heredoc {
        delimiter: String,
    },
    BlockComment,
}

#[derive(Debug)]
struct Hcl {
    stack: Vec<HclFrame>,
}

impl Default for Hcl {
    fn default() -> Self {
        Hcl {
            stack: vec![HclFrame::Code {
                interpolation: false,
                braces: 0,
            }],
        }
    }
}

impl Hcl {
    fn line(&mut self, text: &str) -> Option<u32> {
        let bytes = text.as_bytes();
        let mut comment = None;
        if let Some(HclFrame::Heredoc { delimiter }) = self.stack.last()
            && text.trim() == delimiter
        {
            self.stack.pop();
            return None;
        }
        if self.stack.last() == Some(&HclFrame::BlockComment) {
            comment = Some(0);
        }
        let mut i = 0;
        while i < bytes.len() {
            let next = bytes.get(i + 1).copied();
            match self.stack.last_mut() {
                Some(HclFrame::BlockComment) => {
                    if bytes[i] == b'*' && next == Some(b'/') {
                        self.stack.pop();
                        i += 1;
                    }
                }
                Some(HclFrame::Quoted) | Some(HclFrame::Heredoc { .. }) => {
                    let quoted = self.stack.last() == Some(&HclFrame::Quoted);
                    match bytes[i] {
                        b'\\' if quoted => i += 1,
                        b'"' if quoted => {
                            self.stack.pop();
                        }
                        // `$${` and `%%{` are the literal text `${`, `%{`.
                        b'$' | b'%' if next == Some(bytes[i]) => i += 1,
                        b'$' | b'%' if next == Some(b'{') => {
                            self.stack.push(HclFrame::Code {
                                interpolation: true,
                                braces: 0,
                            });
                            i += 1;
                        }
                        _ => {}
                    }
                }
                Some(HclFrame::Code {
                    interpolation,
                    braces,
                }) => match bytes[i] {
                    b'#' => {
                        comment.get_or_insert(i as u32);
                        break;
                    }
                    b'/' if next == Some(b'/') => {
                        comment.get_or_insert(i as u32);
                        break;
                    }
                    b'/' if next == Some(b'*') => {
                        comment.get_or_insert(i as u32);
                        self.stack.push(HclFrame::BlockComment);
                        i += 1;
                    }
                    b'"' => self.stack.push(HclFrame::Quoted),
                    b'{' => *braces += 1,
                    b'}' if *braces > 0 => *braces -= 1,
                    b'}' if *interpolation => {
                        self.stack.pop();
                    }
                    b'<' if next == Some(b'<') => {
                        if let Some(delimiter) = heredoc_delimiter(&text[i + 2..]) {
                            self.stack.push(HclFrame::Heredoc { delimiter });
                            break;
                        }
                        i += 1;
                    }
                    _ => {}
                },
                None => {
                    *self = Hcl::default();
                    continue;
                }
            }
            i += 1;
        }
        // A quoted string does not run past its line (HCL reports that as an
        // error); the next line starts as code again.
        if self.stack.last() == Some(&HclFrame::Quoted) {
            self.stack.pop();
        }
        comment
    }
}

/// `EOF` in `<<EOF` or `<<-EOF` when the rest of the line is just that.
fn heredoc_delimiter(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_end();
    let is_identifier = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !rest.starts_with(|c: char| c.is_ascii_digit());
    is_identifier.then(|| rest.to_string())
}

#[derive(Debug, Default)]
struct Yaml {
    /// Inside a block scalar (`key: |`): the indentation its lines must
    /// exceed.
    block_parent: Option<usize>,
    /// Inside a quoted scalar that continues on the next line.
    quote: Option<u8>,
    /// Inside a `{{/* */}}` template comment spanning lines.
    template_comment: bool,
}

impl Yaml {
    fn line(&mut self, text: &str) -> Option<u32> {
        if self.template_comment {
            if let Some(end) = text.find("*/") {
                self.template_comment = false;
                return self.rest_of_line(text, end + 2).or(Some(0));
            }
            return Some(0);
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        if let Some(parent) = self.block_parent {
            if text.trim().is_empty() || indent > parent {
                // Block scalar content: only a template comment is one.
                return template_comment_start(text).map(|at| {
                    self.open_template_comment(&text[at..]);
                    at as u32
                });
            }
            self.block_parent = None;
        }
        self.rest_of_line(text, 0)
    }

    fn open_template_comment(&mut self, from_comment: &str) {
        self.template_comment = !from_comment.contains("*/");
    }

    /// Scans `text[from..]` for a comment, tracking quotes and whether the
    /// line opens a block scalar.
    fn rest_of_line(&mut self, text: &str, from: usize) -> Option<u32> {
        let bytes = text.as_bytes();
        let indent = text.len() - text.trim_start_matches(' ').len();
        let mut i = from;
        let mut last_token_end = from;
        while i < bytes.len() {
            let byte = bytes[i];
            if let Some(quote) = self.quote {
                if byte == b'\\' && quote == b'"' {
                    i += 1;
                } else if byte == quote {
                    // `''` inside single quotes is an escaped quote.
                    if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        self.quote = None;
                        last_token_end = i + 1;
                    }
                }
                i += 1;
                continue;
            }
            // Only an ASCII byte is tested as the start of a slice: `i` may
            // be inside a multi-byte character.
            if byte == b'{'
                && text[i..].starts_with("{{")
                && template_comment_start(&text[i..]) == Some(0)
            {
                self.open_template_comment(&text[i..]);
                return Some(i as u32);
            }
            let after_blank = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
            match byte {
                b'#' if after_blank => {
                    self.note_block_scalar(&text[..i], indent);
                    return Some(i as u32);
                }
                b'"' | b'\'' if starts_scalar(&bytes[..i]) => self.quote = Some(byte),
                b' ' | b'\t' => {}
                _ => last_token_end = i + 1,
            }
            i += 1;
        }
        if self.quote.is_none() {
            // The last token may end in a multi-byte character.
            let mut end = last_token_end.max(from);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            self.note_block_scalar(&text[..end], indent);
        }
        None
    }

    /// A line whose value is `|` or `>` (with indicators) opens a block
    /// scalar: the lines indented deeper than it are its text.
    fn note_block_scalar(&mut self, code: &str, indent: usize) {
        let code = code.trim_end();
        let indicator = code
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
            .trim_end();
        let opens = (indicator.ends_with('|') || indicator.ends_with('>')) && {
            let before = indicator[..indicator.len() - 1].trim_end();
            before.is_empty() || before.ends_with(':') || before.ends_with('-')
        };
        if opens {
            self.block_parent = Some(indent);
        }
    }
}

/// Whether a quote at this point starts a quoted scalar: at the start of
/// the line's content, or after `: `, `- `, `[`, `{` or `,`.
fn starts_scalar(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let blank_between = trimmed.len() < before.len();
    match trimmed.last() {
        None => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b':' | b'-' | b'?') => blank_between,
        _ => false,
    }
}

/// Where `{{/*` or `{{- /*` opens a template comment in `text`.
fn template_comment_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{{") {
        let start = from + at;
        let inner = text[start + 2..].trim_start_matches('-').trim_start();
        if inner.starts_with("/*") {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

#[derive(Debug, Default)]
struct Dockerfile {
    /// Delimiters of heredocs whose bodies follow, in order.
    heredocs: std::collections::VecDeque<(String, bool)>,
}

impl Dockerfile {
    fn line(&mut self, text: &str) -> Option<u32> {
        if let Some((delimiter, chomp)) = self.heredocs.front() {
            let line = if *chomp {
                text.trim_start_matches('\t')
            } else {
                text
            };
            if line.trim_end_matches('\r') == delimiter {
                self.heredocs.pop_front();
            }
            return None;
        }
        let content = text.trim_start();
        if content.starts_with('#') {
            return Some((text.len() - content.len()) as u32);
        }
        self.heredocs.extend(dockerfile_heredocs(text));
        None
    }
}

/// The heredocs (`<<EOF`, `<<-"EOF"`) an instruction line opens.
fn dockerfile_heredocs(text: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<<") {
        let after = &rest[at + 2..];
        let (chomp, after) = match after.strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let after = after.trim_start_matches(['"', '\'']);
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
            found.push((name, chomp));
        }
        rest = after;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(syntax: Syntax, text: &str) -> Vec<Option<u32>> {
        starts(syntax, text.split('\n'))
    }

    #[test]
    fn hcl_comments_outside_strings_and_heredocs() {
        let text = "# top\n\
                    a = \"# not a comment\" # real\n\
                    b = <<EOF\n\
                    # strata:ignore AWS001 inside a heredoc\n\
                    EOF\n\
                    c = \"${x} // no\" // yes\n\
                    d = \"$${literal} # no\"\n\
                    /* block\n\
                    still */ e = 1\n\
                    f = \"${ {a = \"}\"} }\" # after nested\n\
                    url = \"http://x\"";
        assert_eq!(
            comments(Syntax::Hcl, text),
            [
                Some(0),
                Some(22),
                None,
                None,
                None,
                Some(17),
                None,
                Some(0),
                Some(0),
                Some(21),
                None
            ]
        );
    }

    #[test]
    fn hcl_heredoc_with_indent_marker_and_interpolation() {
        let text = "x = <<-EOT\n  ${var.a} # text\n  EOT\n# after";
        assert_eq!(comments(Syntax::Hcl, text), [None, None, None, Some(0)]);
    }

    #[test]
    fn yaml_comments_outside_quotes_and_block_scalars() {
        let text = "a: 1 # real\n\
                    b: \"# strata:ignore K8S001 no\"\n\
                    c: 'it''s # no'\n\
                    d: http://x#frag\n\
                    script: |\n  # strata:ignore K8S001 shell comment\n  echo\n\
                    e: x  # after block\n\
                    - >-\n    # folded text\n\
                    {{/* strata:ignore K8S001 template */}}\n\
                    key: don't # yes";
        assert_eq!(
            comments(Syntax::Yaml, text),
            [
                Some(5),
                None,
                None,
                None,
                None,
                None,
                None,
                Some(6),
                None,
                None,
                Some(0),
                Some(11)
            ]
        );
    }

    #[test]
    fn yaml_multiline_quotes_and_template_comments() {
        let text = "a: \"first\n  # still the string\"\n{{- /* one\n two */}}\nb: 1 # yes";
        assert_eq!(
            comments(Syntax::Yaml, text),
            [None, None, Some(0), Some(0), Some(5)]
        );
    }

    #[test]
    fn yaml_with_multi_byte_characters_never_panics() {
        let text = "✚ generating HelmChart source\n- title: New 🎉\nkey: é # yes\nx: ✚|\n";
        assert_eq!(
            comments(Syntax::Yaml, text),
            [None, None, Some(8), None, None]
        );
    }

    #[test]
    fn dockerfile_comments_open_lines_outside_heredocs() {
        let text = "# syntax\nRUN <<EOF\n# shell comment\nEOF\nRUN x # not a comment\n  # yes";
        assert_eq!(
            comments(Syntax::Dockerfile, text),
            [Some(0), None, None, None, None, Some(2)]
        );
    }

    #[test]
    fn syntax_by_name() {
        assert_eq!(Syntax::of(Path::new("a/main.tf")), Syntax::Hcl);
        assert_eq!(Syntax::of(Path::new("t/_helpers.tpl")), Syntax::Yaml);
        assert_eq!(Syntax::of(Path::new("app.Dockerfile")), Syntax::Dockerfile);
        assert_eq!(Syntax::of(Path::new("x.json")), Syntax::Plain);
    }
}
