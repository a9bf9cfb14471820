//! Whether a file that does not parse as YAML is a template: decided by
//! parsing, not by spotting `{{` in the text.
//!
//! A `{{` inside a block scalar or a quoted string (a Grafana dashboard in
//! a ConfigMap, an alert template `{{ $labels.namespace }}`) is data, and a
//! file that parses is analysed whatever its strings hold. Only a file
//! that fails to parse, and parses once its template directives are
//! blanked out, is a template: its directives, not its YAML, are what
//! broke it. A directive alone on its line becomes spaces (a `{{- if }}`
//! line vanishes); one amid other text becomes a run of `x` (a plain
//! scalar), so `image: {{ .Values.repo }}:{{ .Values.tag }}` stays a
//! mapping entry. Lengths are kept, so positions do not move.

use crate::findings::FileKind;
use crate::source::FileId;

/// The template languages YAML files are written in, by their directives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// `{{ … }}`: Go templates (Helm), also Jinja expressions.
    Go,
    /// `%{ … }`: Terraform `templatefile` directives.
    Terraform,
    /// `{% … %}`: Jinja statements (Ansible, cloud-init `## template: jinja`).
    Jinja,
}

impl Language {
    pub fn file_kind(self) -> FileKind {
        match self {
            Language::Go => FileKind::Helm,
            Language::Terraform | Language::Jinja => FileKind::Unknown,
        }
    }

    /// Why the file is skipped.
    pub fn reason(self) -> &'static str {
        match self {
            Language::Go => {
                "Go/Helm template outside a chart (no Chart.yaml above it; its `{{ }}` directives make it invalid YAML): it can only be analysed rendered, with its chart"
            }
            Language::Terraform => {
                "Terraform template (a `templatefile` source whose `%{ }` directives make it invalid YAML): not a manifest until Terraform renders it"
            }
            Language::Jinja => {
                "Jinja template (its `{% %}` directives make it invalid YAML): not a manifest until it is rendered"
            }
        }
    }
}

/// Opening and closing marks of each language's directives.
const MARKS: &[(&str, &str, Language)] = &[
    ("{{", "}}", Language::Go),
    ("{%", "%}", Language::Jinja),
    ("%{", "}", Language::Terraform),
];

/// The language whose directives broke `text`: the text has some, and
/// parses once they are blanked out. `None` when it has none or still
/// does not parse without them.
pub fn broken_by_directives(text: &str, file: FileId) -> Option<Language> {
    let (masked, language) = mask(text)?;
    let loaded = super::yaml::load(&masked, file);
    loaded.diagnostics.is_empty().then_some(language)
}

/// The text with every directive blanked out, and the language of the
/// first; `None` when there is none.
fn mask(text: &str) -> Option<(String, Language)> {
    let mut bytes = text.as_bytes().to_vec();
    let mut first = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let directives = directives(line);
        if let Some(&(_, _, language)) = directives.first() {
            first.get_or_insert(language);
        }
        // Alone on its line (with other directives at most): the line goes.
        let mut rest = line.to_string();
        for &(start, end, _) in directives.iter().rev() {
            rest.replace_range(start..end, "");
        }
        let alone = rest.trim().is_empty();
        for (start, end, _) in directives {
            let fill = if alone { b' ' } else { b'x' };
            bytes[line_start + start..line_start + end].fill(fill);
        }
        line_start += line.len();
    }
    let language = first?;
    // Only ASCII was written over whole characters (the marks are ASCII).
    String::from_utf8(bytes)
        .ok()
        .map(|masked| (masked, language))
}

/// Byte ranges of the directives in one line, in order. A directive left
/// open at the end of the line runs to its end (a multi-line action is
/// rare in YAML templates and is blanked line by line).
fn directives(line: &str) -> Vec<(usize, usize, Language)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let next = MARKS
            .iter()
            .filter_map(|&(open, close, language)| {
                let start = at + line[at..].find(open)?;
                // GitHub Actions' `${{ … }}` is part of a plain scalar.
                let dollar = language == Language::Go && line[..start].ends_with('$');
                (!dollar).then_some((start, open, close, language))
            })
            .min_by_key(|&(start, ..)| start);
        let Some((start, open, close, language)) = next else {
            break;
        };
        let body = start + open.len();
        let end = line[body..]
            .find(close)
            .map_or(line.trim_end_matches(['\n', '\r']).len(), |i| {
                body + i + close.len()
            });
        found.push((start, end.max(body), language));
        at = end.max(body);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(text: &str) -> Option<Language> {
        broken_by_directives(text, FileId(0))
    }

    #[test]
    fn directives_that_break_yaml_make_a_template() {
        let helm = "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  labels:\n    {{- include \"labels\" . | nindent 4 }}\ndata:\n  image: {{ .Values.repo }}:{{ .Values.tag }}\n{{- end }}\n";
        assert_eq!(language(helm), Some(Language::Go));
        let terraform =
            "#cloud-config\nusers:\n%{ for user in users ~}\n  - name: ${user}\n%{ endfor ~}\n";
        assert_eq!(language(terraform), Some(Language::Terraform));
        let jinja = "packages:\n{% for p in packages %}\n  - {{ p }}\n{% endfor %}\n";
        assert_eq!(language(jinja), Some(Language::Jinja));
    }

    #[test]
    fn other_broken_yaml_is_not_a_template() {
        // Broken with or without its directive.
        assert_eq!(language("a: {{ .x }}\n  b: c\n- d"), None);
        // No directive at all.
        assert_eq!(language("a: [b\n"), None);
        // GitHub Actions expressions are not directives.
        assert_eq!(
            language("run: echo ${{ secrets.TOKEN }}\n  bad: indent\n"),
            None
        );
    }

    #[test]
    fn masking_keeps_positions() {
        let (masked, _) = mask("name: {{ .x }}\n{{ if }}\nb: ⏳{{ y }}\n").unwrap();
        assert_eq!(masked, "name: xxxxxxxx\n        \nb: ⏳xxxxxxx\n");
    }
}
