//! Physical lines to raw instructions, the way BuildKit reads them: parser
//! directives at the top, comment and blank lines dropped, line
//! continuations joined (comment lines inside them skipped), and heredoc
//! bodies collected after the line that opens them.

use std::collections::HashMap;
use std::ops::Range;

use super::ast::KEYWORDS;
use super::text::Text;
use super::words;

/// One instruction before its arguments are interpreted.
#[derive(Debug)]
pub struct RawInstruction {
    /// Keyword and arguments, continuations joined.
    pub line: Text,
    /// Source range of the whole instruction, heredoc bodies included.
    pub span: Range<usize>,
    pub heredocs: Vec<RawHeredoc>,
}

#[derive(Debug)]
pub struct RawHeredoc {
    pub name: String,
    /// The marker word, a logical range of the instruction's line.
    pub marker: Range<usize>,
    pub expand: bool,
    pub chomp: bool,
    pub body: Text,
    pub terminated: bool,
}

#[derive(Debug)]
pub struct RawDirective {
    pub name: String,
    pub value: String,
    pub span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Scanned {
    pub directives: Vec<RawDirective>,
    pub escape: char,
    pub instructions: Vec<RawInstruction>,
    /// Problems as (source range, message).
    pub problems: Vec<(Range<usize>, String)>,
}

/// A physical line: where it starts and its content without the line break.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    content: &'a str,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.content.len()
    }
}

fn physical_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches('\n').trim_end_matches('\r');
        lines.push(Line { start, content });
        start += raw.len();
    }
    lines
}

/// Scans a whole file.
pub fn scan(text: &str) -> Scanned {
    // A byte-order mark is not content (the loader strips it; other callers may not).
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = physical_lines(&text[offset..]);
    for line in &mut lines {
        line.start += offset;
    }
    let mut out = Scanned {
        escape: '\\',
        ..Scanned::default()
    };
    let mut i = directives(&lines, &mut out);
    let mut terminators = Terminators::default();
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let content = line.content.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let start = line.end() - content.len();
        let mut instruction = RawInstruction {
            line: Text::default(),
            span: start..line.end(),
            heredocs: Vec::new(),
        };
        let (piece, mut continued) = strip_continuation(content, out.escape);
        instruction.line.push(piece, start);
        while continued {
            // A continuation at the end of the file ends the instruction:
            // BuildKit builds such a file as if the line were complete.
            let Some(next) = lines.get(i) else {
                break;
            };
            i += 1;
            let trimmed = next.content.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (piece, more) = strip_continuation(next.content, out.escape);
            instruction.line.push(piece, next.start);
            instruction.span.end = next.end();
            continued = more;
        }
        i = heredocs(&lines, i, &mut instruction, &mut out, &mut terminators);
        out.instructions.push(instruction);
    }
    out
}

/// Reads the parser directives at the top; returns the first line after them.
fn directives(lines: &[Line], out: &mut Scanned) -> usize {
    for (i, line) in lines.iter().enumerate() {
        let Some((name, value)) = directive(line.content) else {
            return i;
        };
        let span = line.start..line.end();
        if out.directives.iter().any(|d| d.name == name) {
            out.problems.push((
                span.clone(),
                format!("only one `{name}` parser directive can be used"),
            ));
        } else if name == "escape" {
            match value {
                "\\" => out.escape = '\\',
                "`" => out.escape = '`',
                other => out.problems.push((
                    span.clone(),
                    format!("invalid escape directive `{}`: the escape character must be `\\` or `` ` ``", crate::source::excerpt(other)),
                )),
            }
        }
        out.directives.push(RawDirective {
            name,
            value: value.to_string(),
            span,
        });
    }
    lines.len()
}

/// `# name=value` with a known name (lower-cased).
fn directive(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix('#')?.trim_start();
    let (name, value) = rest.split_once('=')?;
    let name = name.trim_end();
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric());
    let name = name.to_ascii_lowercase();
    let value = value.trim();
    (valid && !value.is_empty() && matches!(name.as_str(), "syntax" | "escape" | "check"))
        .then_some((name, value))
}

/// Removes a trailing escape character (and the blanks after it).
fn strip_continuation(content: &str, escape: char) -> (&str, bool) {
    let trimmed = content.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(piece) => (piece, true),
        None => (content, false),
    }
}

/// Collects the bodies of the heredocs the instruction opens; returns the
/// next line to read.
fn heredocs<'a>(
    lines: &[Line<'a>],
    mut i: usize,
    instruction: &mut RawInstruction,
    out: &mut Scanned,
    terminators: &mut Terminators<'a>,
) -> usize {
    if !instruction.line.text.contains("<<") {
        return i;
    }
    let markers = heredoc_markers(&instruction.line.text, out.escape);
    for (marker, name, chomp, expand) in markers {
        let mut heredoc = RawHeredoc {
            name,
            marker,
            expand,
            chomp,
            body: Text::default(),
            terminated: false,
        };
        let previous_failed = instruction.heredocs.last().is_some_and(|h| !h.terminated);
        let stop = if previous_failed {
            i
        } else {
            match terminators.find(lines, i, &heredoc) {
                Some(t) => {
                    heredoc.terminated = true;
                    t
                }
                None => {
                    let marker = instruction.line.source_range(heredoc.marker.clone());
                    out.problems.push((
                        marker,
                        format!(
                            "unterminated heredoc: no line `{}` closes it",
                            crate::source::excerpt(&heredoc.name)
                        ),
                    ));
                    // Recover at the next line that looks like an instruction.
                    (i..lines.len())
                        .find(|&j| looks_like_instruction(lines[j].content))
                        .unwrap_or(lines.len())
                }
            }
        };
        for line in &lines[i.min(stop)..stop] {
            let tabs = if heredoc.chomp {
                line.content.len() - line.content.trim_start_matches('\t').len()
            } else {
                0
            };
            heredoc.body.push(&line.content[tabs..], line.start + tabs);
            heredoc.body.push("\n", line.end());
            instruction.span.end = line.end();
        }
        i = stop;
        if heredoc.terminated
            && let Some(line) = lines.get(i)
        {
            instruction.span.end = line.end();
            i += 1;
        }
        instruction.heredocs.push(heredoc);
    }
    i
}

/// Where each line could close a heredoc, built on first use so that
/// finding terminators stays linear even when none exists (an
/// unterminated heredoc on every line must not make parsing quadratic).
#[derive(Default)]
struct Terminators<'a> {
    /// Line indices by content, and by content without leading tabs.
    index: Option<[HashMap<&'a str, Vec<usize>>; 2]>,
}

impl<'a> Terminators<'a> {
    fn find(&mut self, lines: &[Line<'a>], from: usize, heredoc: &RawHeredoc) -> Option<usize> {
        let index = self.index.get_or_insert_with(|| {
            let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
            let mut tabbed: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, line) in lines.iter().enumerate() {
                exact.entry(line.content).or_default().push(i);
                tabbed
                    .entry(line.content.trim_start_matches('\t'))
                    .or_default()
                    .push(i);
            }
            [exact, tabbed]
        });
        let found = index[usize::from(heredoc.chomp)].get(heredoc.name.as_str())?;
        found.get(found.partition_point(|&j| j < from)).copied()
    }
}

/// An upper-case known keyword at the start of a line: where parsing
/// resumes after an unterminated heredoc.
fn looks_like_instruction(line: &str) -> bool {
    let word = line.split(char::is_whitespace).next().unwrap_or_default();
    KEYWORDS.contains(&word) && line.len() > word.len()
}

/// The heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) of a RUN, COPY or
/// ADD line in shell form: (logical range, delimiter, chomp, expand).
fn heredoc_markers(line: &str, escape: char) -> Vec<(Range<usize>, String, bool, bool)> {
    let keyword_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let keyword = &line[..keyword_end];
    if !["RUN", "COPY", "ADD"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(keyword))
    {
        return Vec::new();
    }
    let (_, args) = words::parse_flags(line, keyword_end..line.len(), escape);
    if line[args..].starts_with('[') {
        return Vec::new();
    }
    words::split_raw(line, args..line.len(), escape)
        .into_iter()
        .filter_map(|range| {
            let (name, chomp, expand) = heredoc_marker(&line[range.clone()])?;
            Some((range, name, chomp, expand))
        })
        .collect()
}

/// `[n]<<[-]WORD` with WORD optionally quoted: (delimiter, chomp, expand).
fn heredoc_marker(word: &str) -> Option<(String, bool, bool)> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.contains('<') {
        return None;
    }
    let name: String = rest.chars().filter(|&c| c != '\'' && c != '"').collect();
    let expand = name.len() == rest.len();
    (!name.is_empty()).then_some((name, chomp, expand))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(heredoc_marker("<<EOF"), Some(("EOF".into(), false, true)));
        assert_eq!(
            heredoc_marker("<<-'END'"),
            Some(("END".into(), true, false))
        );
        assert_eq!(heredoc_marker("2<<X"), Some(("X".into(), false, true)));
        assert_eq!(heredoc_marker("<<<x"), None);
        assert_eq!(heredoc_marker("<<"), None);
        assert_eq!(heredoc_marker("a<<EOF"), None);
    }

    #[test]
    fn directive_lines() {
        assert_eq!(directive("# escape=`"), Some(("escape".into(), "`")));
        assert_eq!(
            directive("#syntax = docker/dockerfile:1"),
            Some(("syntax".into(), "docker/dockerfile:1"))
        );
        assert_eq!(directive("# hello=world"), None);
        assert_eq!(directive("# just a comment"), None);
    }
}
