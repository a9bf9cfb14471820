//! The RUN-specific fields of an instruction node: the script, its
//! commands (heredoc bodies that are shell scripts included), pipes and
//! pipefail, and the `--mount` flags.

use indexmap::IndexMap;

use super::ast::{CommandForm, Heredoc, Instruction};
use super::scope;
use super::shell::{self, Script};
use super::text::Text;
use crate::model::{Node, Value};
use crate::source::{FileId, Span};

/// Adds `form`, `script`, `commands`, `hasPipe`, `pipefail` and `mounts`.
pub fn fields(
    ins: &Instruction,
    form: &CommandForm,
    shell_pipefail: bool,
    file: FileId,
    out: &mut IndexMap<String, Node>,
) {
    let span = ins.span;
    let (form_name, script_text, script_span, parsed) = match form {
        CommandForm::Exec(items) => {
            let text = items
                .iter()
                .map(|(s, _)| s.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            ("exec", text, ins.arguments_span, exec_script(items))
        }
        CommandForm::Shell(text) => {
            let (script, full) = shell_script(text, &ins.heredocs);
            let script_span = if text.is_empty() {
                ins.arguments_span
            } else {
                text.span(file, 0..text.len())
            };
            ("shell", full, script_span, script)
        }
    };
    // The SHELL instruction applies to the shell form only.
    let pipefail = parsed.pipefail || shell_pipefail && form_name == "shell";
    out.insert("form".into(), scope::string(form_name, span));
    out.insert("script".into(), scope::string(script_text, script_span));
    out.insert("hasPipe".into(), scope::boolean(parsed.has_pipe, span));
    out.insert("pipefail".into(), scope::boolean(pipefail, span));
    let mounts = ins
        .flags
        .iter()
        .filter(|f| f.name == "mount")
        .filter_map(|f| f.value.as_ref())
        .map(|v| scope::string(v.raw.clone(), v.span))
        .collect();
    out.insert("mounts".into(), scope::list(mounts, span));
    out.insert("commands".into(), commands(parsed.commands, file, span));
}

/// The commands of an exec-form array.
pub fn exec_script(items: &[(String, Span)]) -> Script {
    let items: Vec<_> = items
        .iter()
        .map(|(value, span)| {
            let range = span.start as usize..span.end as usize;
            // Escapes always make a JSON literal longer than its value.
            let verbatim = value.len() + 2 == range.len();
            (
                value.clone(),
                range.clone(),
                verbatim.then_some(range.start + 1),
            )
        })
        .collect();
    shell::parse_exec(&items)
}

/// Parses the shell text and the heredoc bodies that are scripts; returns
/// the commands and the full script text as the shell receives it.
pub fn shell_script(text: &Text, heredocs: &[Heredoc]) -> (Script, String) {
    let map = |r: std::ops::Range<usize>| text.source_range(r);
    let mut script = shell::parse(&text.text, &map);
    let mut full = text.text.clone();
    let line_is_shell = script
        .commands
        .iter()
        .all(|c| shell::SHELLS.contains(&c.program.as_str()));
    for heredoc in heredocs {
        full.push('\n');
        full.push_str(&heredoc.body.text);
        full.push_str(&heredoc.name);
        if line_is_shell && body_is_shell(&heredoc.body.text) {
            let map = |r: std::ops::Range<usize>| heredoc.body.source_range(r);
            let body = shell::parse(&heredoc.body.text, &map);
            script.has_pipe |= body.has_pipe;
            script.commands.extend(body.commands);
        }
    }
    script.pipefail = shell::sets_pipefail(&script.commands);
    (script, full)
}

/// A body without a shebang, or with one naming a shell.
fn body_is_shell(body: &str) -> bool {
    let Some(shebang) = body.strip_prefix("#!") else {
        return true;
    };
    let line = shebang.lines().next().unwrap_or_default();
    let mut words = line.split_whitespace();
    let mut program = words.next().unwrap_or_default();
    if program.ends_with("/env") {
        program = words.find(|w| !w.starts_with('-')).unwrap_or_default();
    }
    let name = program.rsplit('/').next().unwrap_or_default();
    shell::SHELLS.contains(&name)
}

fn commands(commands: Vec<shell::Command>, file: FileId, span: Span) -> Node {
    let items = commands
        .into_iter()
        .map(|c| {
            let at = Span::new(file, c.span.clone());
            let mut entry = IndexMap::new();
            entry.insert(
                "program".into(),
                scope::string(c.program, Span::new(file, c.program_span)),
            );
            let args = c
                .args
                .into_iter()
                .map(|a| scope::string(a.value, Span::new(file, a.span)))
                .collect();
            entry.insert("args".into(), scope::list(args, at));
            if let Some(next) = c.piped_into {
                entry.insert("pipedInto".into(), scope::string(next, at));
            }
            entry.insert("sudo".into(), scope::boolean(c.sudo, at));
            entry.insert("subshell".into(), scope::boolean(c.subshell, at));
            scope::map(entry, at)
        })
        .collect();
    scope::list(items, span)
}

/// Replaces each command argument that names ARG or ENV variables with its
/// value, when every variable is known (`pip install "tensorflow${SUFFIX}"`
/// with `ARG SUFFIX=-cpu` installs `tensorflow-cpu`). A variable the script
/// itself may assign (`X=…`, `export X`, `for X in`, or any `read`) is left alone:
/// its value at that point is the script's.
pub fn expand_arguments(
    commands: &mut Node,
    script: &str,
    expand: &dyn Fn(&str) -> Option<String>,
) {
    let Value::List(commands) = &mut commands.value else {
        return;
    };
    let arguments = commands
        .iter_mut()
        .filter_map(|command| match &mut command.value {
            Value::Map(fields) => fields.get_mut("args"),
            _ => None,
        })
        .filter_map(|args| match &mut args.value {
            Value::List(items) => Some(items),
            _ => None,
        })
        .flatten();
    for argument in arguments {
        let Value::String(text) = &argument.value else {
            continue;
        };
        if !text.contains('$') || names(text.as_str()).any(|name| assigns(script, name)) {
            continue;
        }
        if let Some(value) = expand(text) {
            argument.value = Value::String(value);
        }
    }
}

/// The variable names `$NAME` and `${NAME…}` in `text`.
fn names(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('$').filter_map(move |(at, _)| {
        let rest = text[at + 1..].strip_prefix('{').unwrap_or(&text[at + 1..]);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

/// Whether the script may give `name` a value of its own.
fn assigns(script: &str, name: &str) -> bool {
    let word_before = |at: usize| {
        script[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let assigned = script
        .match_indices(name)
        .any(|(at, _)| !word_before(at) && script[at + name.len()..].starts_with('='));
    assigned
        || script.contains(&format!("export {name}"))
        || script.contains(&format!("for {name} "))
        || script.contains("read ")
}
