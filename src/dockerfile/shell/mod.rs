//! RUN as shell: splits a script into simple commands — across `&&`, `||`,
//! `;`, `|`, `&`, newlines, sub-shells, `{ …; }`, `if`/`for`/`case`
//! bodies, command substitutions and `sh -c '…'` — and sees through
//! `VAR=x`, `env`, `sudo`, `exec`, `nohup`, `time` prefixes. It is not a
//! shell: it exists to see programs and their flags.

mod lex;

use std::mem;
use std::ops::Range;

use lex::{Lexer, Op, Token, Word};

/// Maps a range of the parsed text to a range of the file.
pub type SpanMap<'a> = &'a dyn Fn(Range<usize>) -> Range<usize>;

/// One simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// Base name of the command word (`/usr/bin/apt-get` → `apt-get`).
    pub program: String,
    pub program_span: Range<usize>,
    /// Arguments with quotes removed, each with its file range.
    pub args: Vec<Arg>,
    /// The program of the next command of the same pipeline.
    pub piped_into: Option<String>,
    /// Run through `sudo` (`program` is then the command sudo runs).
    pub sudo: bool,
    /// Inside `( … )`, a command substitution or the script of `sh -c`
    /// (a child process): its `cd`, `export` and the like end with it.
    pub subshell: bool,
    /// From the command word to its last argument, in the file.
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    pub span: Range<usize>,
}

/// The commands of a script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<Command>,
    pub has_pipe: bool,
    /// `set -o pipefail` (or `set -euo pipefail`, …) runs before the first pipe.
    pub pipefail: bool,
}

/// Nested substitutions and `sh -c` deeper than this are not looked into.
const MAX_DEPTH: usize = 16;

/// Splits a shell script; `map` turns its ranges into file ranges.
pub fn parse(text: &str, map: SpanMap) -> Script {
    let mut script = Script::default();
    Parser {
        text,
        map,
        depth: 0,
        subshells: 0,
        out: &mut script,
    }
    .run(0..text.len());
    script.pipefail = sets_pipefail(&script.commands);
    script
}

/// An exec-form command (`["sh", "-c", "…"]`): each element with its file
/// range, and where its value starts verbatim in the file, if it does.
pub fn parse_exec(items: &[(String, Range<usize>, Option<usize>)]) -> Script {
    let mut script = Script::default();
    let identity = |r: Range<usize>| r;
    let mut words: Vec<Word> = items
        .iter()
        .map(|(value, range, linear)| Word {
            value: value.clone(),
            range: range.clone(),
            substitutions: Vec::new(),
            plain: false,
            linear: *linear,
        })
        .collect();
    let mut parser = Parser {
        text: "",
        map: &identity,
        depth: 0,
        subshells: 0,
        out: &mut script,
    };
    parser.finish(&mut words, &mut None);
    script.pipefail = sets_pipefail(&script.commands);
    script
}

/// Words that start or end a compound command rather than name a program.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac",
];

pub const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

struct Parser<'t, 'o> {
    text: &'t str,
    map: SpanMap<'t>,
    depth: usize,
    /// Open `( … )` sub-shells, command substitutions and `sh -c`
    /// scripts around the current command.
    subshells: usize,
    out: &'o mut Script,
}

impl Parser<'_, '_> {
    fn run(&mut self, range: Range<usize>) {
        let mut lexer = Lexer::new(self.text, range);
        let mut words: Vec<Word> = Vec::new();
        let mut pipe_from: Option<usize> = None;
        let mut drop_next = false;
        let mut in_case = 0usize;
        let mut expect_pattern = false;
        let mut function_def = false;
        let mut opened = 0usize;
        while let Some(token) = lexer.next_token() {
            match token {
                Token::Word(word) => {
                    for sub in &word.substitutions {
                        self.nested(sub.clone());
                    }
                    if mem::take(&mut drop_next) {
                        continue;
                    }
                    if words.is_empty() && word.plain && RESERVED.contains(&word.value.as_str()) {
                        if word.value == "esac" {
                            in_case = in_case.saturating_sub(1);
                            expect_pattern = false;
                        }
                        continue;
                    }
                    let opens_case = words.len() >= 2
                        && words[0].value == "case"
                        && word.plain
                        && word.value == "in";
                    words.push(word);
                    if opens_case {
                        words.clear();
                        in_case += 1;
                        expect_pattern = true;
                    }
                }
                Token::Redirect { takes_word } => drop_next = takes_word,
                Token::Op(op) => {
                    let in_test = words.first().is_some_and(|w| w.value == "[[")
                        && !words.iter().any(|w| w.value == "]]");
                    match op {
                        Op::And | Op::Or if in_test => continue,
                        Op::Pipe if expect_pattern => continue,
                        Op::Close if expect_pattern => {
                            words.clear();
                            expect_pattern = false;
                            continue;
                        }
                        Op::Open if !words.is_empty() => {
                            // `name() { …; }`: a function definition.
                            words.clear();
                            function_def = true;
                            continue;
                        }
                        Op::Close if mem::take(&mut function_def) => continue,
                        _ => {}
                    }
                    let last = self.finish(&mut words, &mut pipe_from);
                    match op {
                        Op::Pipe => {
                            self.out.has_pipe = true;
                            pipe_from = last.or(self.out.commands.len().checked_sub(1));
                        }
                        Op::DoubleSemi => {
                            expect_pattern = in_case > 0;
                            pipe_from = None;
                        }
                        Op::And | Op::Or | Op::Semi | Op::Amp => pipe_from = None,
                        Op::Open => {
                            opened += 1;
                            self.subshells += 1;
                        }
                        Op::Close if opened > 0 => {
                            opened -= 1;
                            self.subshells -= 1;
                        }
                        Op::Newline | Op::Close => {}
                    }
                }
            }
        }
        self.finish(&mut words, &mut pipe_from);
        // An unclosed `(` ends with the text.
        self.subshells -= opened;
    }

    /// Parses a command substitution's inner text.
    fn nested(&mut self, range: Range<usize>) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.subshells += 1;
        self.run(range);
        self.subshells -= 1;
        self.depth -= 1;
    }

    /// Turns the collected words into a command; returns its index.
    fn finish(&mut self, words: &mut Vec<Word>, pipe_from: &mut Option<usize>) -> Option<usize> {
        let mut words = mem::take(words).into_iter().peekable();
        if words
            .peek()
            .is_some_and(|w| w.plain && matches!(w.value.as_str(), "for" | "select" | "case"))
        {
            return None;
        }
        let mut rest: Vec<Word> = words.collect();
        let sudo = strip_prefixes(&mut rest);
        let mut rest = rest.into_iter();
        let first = rest.next()?;
        let args: Vec<Word> = rest.collect();
        let program = basename(&first.value).to_string();
        let end = args.last().map_or(first.range.end, |a| a.range.end);
        let script = inline_script(&program, &args).map(|i| args[i].clone());
        let args: Vec<Arg> = args
            .into_iter()
            .map(|a| Arg {
                value: a.value,
                span: (self.map)(a.range),
            })
            .collect();
        let command = Command {
            program: program.clone(),
            program_span: (self.map)(first.range.clone()),
            args,
            piped_into: None,
            sudo,
            subshell: self.subshells > 0,
            span: (self.map)(first.range.start..end),
        };
        self.out.commands.push(command);
        let index = self.out.commands.len() - 1;
        if let Some(from) = pipe_from.take()
            && let Some(source) = self.out.commands.get_mut(from)
            && from != index
        {
            source.piped_into = Some(program);
        }
        if let Some(script) = &script {
            self.reparse(script);
        }
        Some(index)
    }

    /// Parses the script of `sh -c '…'` with spans inside the word when
    /// its value is a verbatim slice of the text, else the whole word.
    fn reparse(&mut self, word: &Word) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let outer = self.map;
        let range = word.range.clone();
        let linear = word.linear;
        let map = move |r: Range<usize>| match linear {
            Some(offset) => outer(r.start + offset..r.end + offset),
            None => outer(range.clone()),
        };
        // The script runs in a child shell: what it changes ends with it.
        let mut inner = Parser {
            text: &word.value,
            map: &map,
            depth: self.depth + 1,
            subshells: self.subshells + 1,
            out: &mut *self.out,
        };
        inner.run(0..word.value.len());
    }
}

/// Removes assignments and wrappers (`env`, `sudo`, `exec`, …) before the
/// command word; returns whether `sudo` was one of them.
fn strip_prefixes(words: &mut Vec<Word>) -> bool {
    let mut sudo = false;
    let mut at = 0;
    loop {
        while words.get(at).is_some_and(|w| is_assignment(&w.value)) {
            at += 1;
        }
        let Some(word) = words.get(at) else { break };
        let takes_value: &[&str] = match basename(&word.value) {
            "sudo" => {
                sudo = true;
                &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"]
            }
            "env" => &["-u", "-C", "-S", "--unset", "--chdir"],
            "exec" => &["-a"],
            "nice" => &["-n"],
            "command" | "nohup" | "time" | "builtin" => &[],
            _ => break,
        };
        at += 1;
        while let Some(w) = words.get(at) {
            if w.value == "--" {
                at += 1;
                break;
            }
            if !w.value.starts_with('-') {
                break;
            }
            at += if takes_value.contains(&w.value.as_str()) {
                2
            } else {
                1
            };
        }
    }
    words.drain(..at.min(words.len()));
    sudo
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            let mut chars = name.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The index of the script word of `sh -c SCRIPT`, `bash -ec SCRIPT`,
/// `su -c SCRIPT`.
fn inline_script(program: &str, args: &[Word]) -> Option<usize> {
    if !SHELLS.contains(&program) && program != "su" {
        return None;
    }
    let flag = args.iter().position(|a| {
        a.value == "-c"
            || a.value == "--command"
            || a.value.len() > 1
                && a.value.starts_with('-')
                && !a.value.starts_with("--")
                && a.value[1..].chars().all(|c| c.is_ascii_alphabetic())
                && a.value.contains('c')
    })?;
    (flag + 1 < args.len()).then_some(flag + 1)
}

/// Whether a `set` with the pipefail option comes before the first pipe.
pub fn sets_pipefail(commands: &[Command]) -> bool {
    let first_pipe = commands
        .iter()
        .position(|c| c.piped_into.is_some())
        .unwrap_or(commands.len());
    commands.iter().take(first_pipe + 1).any(|c| {
        c.program == "set"
            && c.args.windows(2).any(|w| {
                w[1].value == "pipefail" && w[0].value.starts_with('-') && w[0].value.contains('o')
            })
    })
}
