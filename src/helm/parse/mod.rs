//! Go `text/template` parser: items from the lexer to a [`Parsed`] tree.
//!
//! Defines (`{{ define }}` and `{{ block }}`) are hoisted into
//! [`Parsed::defines`]; a `block` also leaves a `template` call behind, as
//! in Go. Nesting is bounded so hostile input cannot exhaust the stack.

use std::rc::Rc;

use super::ast::*;
use super::lexer::{self, Item, Tok};

mod literal;
use literal::{describe, number};

#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub at: Pos,
    pub message: String,
}

/// Deepest nesting of control structures and parentheses accepted.
const MAX_DEPTH: usize = 100;

pub fn parse(src: &str) -> Result<Parsed, ParseError> {
    let lexed = lexer::lex(src).map_err(|e| ParseError {
        at: Pos {
            start: e.at,
            end: e.at,
        },
        message: e.message,
    })?;
    let mut p = Parser {
        items: lexed.items,
        i: 0,
        depth: 0,
        range_depth: 0,
        defines: Vec::new(),
    };
    let (root, end) = p.list()?;
    if let Some(end) = end {
        return Err(ParseError {
            at: end.pos,
            message: format!("unexpected {{{{{}}}}}", end.word),
        });
    }
    Ok(Parsed {
        root: Rc::new(root),
        defines: p.defines,
        comments: lexed
            .comments
            .iter()
            .map(|c| Pos {
                start: c.start,
                end: c.end,
            })
            .collect(),
    })
}

struct Parser {
    items: Vec<Item>,
    i: usize,
    depth: usize,
    range_depth: usize,
    defines: Vec<(String, Rc<List>)>,
}

/// What ended a list: `{{ end }}` or one of the `{{ else … }}` forms.
struct End {
    word: &'static str,
    pos: Pos,
    /// For `else if` / `else with`: the keyword and its pipeline.
    chained: Option<(&'static str, Pipe)>,
}

fn err<T>(at: Pos, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        at,
        message: message.into(),
    })
}

impl Parser {
    fn peek(&self) -> Option<&Item> {
        self.items.get(self.i)
    }

    /// Takes the next item (each is consumed once; its strings move out).
    fn next(&mut self) -> Option<Item> {
        let item = self.items.get_mut(self.i).map(|it| Item {
            tok: std::mem::replace(&mut it.tok, Tok::Comma),
            start: it.start,
            end: it.end,
        });
        self.i += 1;
        item
    }

    fn here(&self) -> Pos {
        match self.peek().or(self.items.last()) {
            Some(it) => Pos {
                start: it.start,
                end: it.end,
            },
            None => Pos { start: 0, end: 0 },
        }
    }

    fn expect_close(&mut self) -> Result<u32, ParseError> {
        match self.next() {
            Some(Item {
                tok: Tok::Close,
                end,
                ..
            }) => Ok(end),
            Some(it) => err(
                Pos {
                    start: it.start,
                    end: it.end,
                },
                format!("unexpected {} in action", describe(&it.tok)),
            ),
            None => err(self.here(), "unclosed action"),
        }
    }

    /// Nodes up to the end of input or an `end`/`else`.
    fn list(&mut self) -> Result<(List, Option<End>), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(self.here(), "template nesting too deep");
        }
        let mut out = Vec::new();
        let result = loop {
            let Some(item) = self.next() else {
                break (out, None);
            };
            match item.tok {
                Tok::Text => out.push(Node::Text(Pos {
                    start: item.start,
                    end: item.end,
                })),
                Tok::Open => {
                    if let Some(end) = self.action(item.start, &mut out)? {
                        break (out, Some(end));
                    }
                }
                _ => return err(self.here(), "unexpected token outside action"),
            }
        };
        self.depth -= 1;
        Ok(result)
    }

    /// One action after `{{`; returns an `End` if it closes a list.
    fn action(&mut self, open: u32, out: &mut List) -> Result<Option<End>, ParseError> {
        let keyword = match self.peek() {
            Some(Item {
                tok: Tok::Ident(w), ..
            }) => w.clone(),
            _ => String::new(),
        };
        let kw_item = self.peek().cloned();
        let kw_pos = kw_item.as_ref().map_or(
            Pos {
                start: open,
                end: open,
            },
            |i| Pos {
                start: i.start,
                end: i.end,
            },
        );
        match keyword.as_str() {
            "end" => {
                self.i += 1;
                let end = self.expect_close()?;
                Ok(Some(End {
                    word: "end",
                    pos: Pos { start: open, end },
                    chained: None,
                }))
            }
            "else" => {
                self.i += 1;
                let chained = match self.peek() {
                    Some(Item {
                        tok: Tok::Ident(w), ..
                    }) if w == "if" || w == "with" => {
                        let word = if w == "if" { "if" } else { "with" };
                        self.i += 1;
                        Some((word, self.pipeline(open, false, true)?))
                    }
                    _ => {
                        self.expect_close()?;
                        None
                    }
                };
                Ok(Some(End {
                    word: "else",
                    pos: kw_pos,
                    chained,
                }))
            }
            "if" | "with" => {
                self.i += 1;
                let pipe = self.pipeline(open, false, true)?;
                let node = self.branch(if keyword == "if" { "if" } else { "with" }, pipe)?;
                out.push(node);
                Ok(None)
            }
            "range" => {
                self.i += 1;
                let pipe = self.pipeline(open, true, true)?;
                self.range_depth += 1;
                let (body, end) = self.list()?;
                let end = self.require_end(end, kw_pos, "range")?;
                let otherwise = if end.word == "else" {
                    if end.chained.is_some() {
                        self.range_depth -= 1;
                        return err(end.pos, "else if/with not allowed after range");
                    }
                    let (l, end2) = self.list()?;
                    let end2 = self.require_end(end2, kw_pos, "range")?;
                    if end2.word != "end" {
                        self.range_depth -= 1;
                        return err(end2.pos, "expected end; found else");
                    }
                    Some(l)
                } else {
                    None
                };
                self.range_depth -= 1;
                out.push(Node::Range(Range {
                    pipe,
                    body,
                    otherwise,
                }));
                Ok(None)
            }
            "break" | "continue" => {
                self.i += 1;
                let end = self.expect_close()?;
                let pos = Pos { start: open, end };
                if self.range_depth == 0 {
                    return err(pos, format!("{{{{{keyword}}}}} outside {{{{range}}}}"));
                }
                out.push(if keyword == "break" {
                    Node::Break(pos)
                } else {
                    Node::Continue(pos)
                });
                Ok(None)
            }
            "template" | "define" | "block" => {
                self.i += 1;
                let name = match self.next() {
                    Some(Item {
                        tok: Tok::Str(s), ..
                    }) => s,
                    _ => {
                        return err(
                            kw_pos,
                            format!("expected quoted template name in {keyword}"),
                        );
                    }
                };
                if keyword == "define" {
                    self.expect_close()?;
                    // Go forbids break/continue crossing a define.
                    let saved = std::mem::replace(&mut self.range_depth, 0);
                    let (body, end) = self.list()?;
                    self.range_depth = saved;
                    let end = self.require_end(end, kw_pos, "define")?;
                    if end.word != "end" {
                        return err(end.pos, "unexpected else in define");
                    }
                    self.defines.push((name, Rc::new(body)));
                    return Ok(None);
                }
                let arg = if matches!(
                    self.peek(),
                    Some(Item {
                        tok: Tok::Close,
                        ..
                    })
                ) {
                    let end = self.expect_close()?;
                    let _ = end;
                    None
                } else {
                    Some(self.pipeline(open, false, true)?)
                };
                let pos = Pos {
                    start: open,
                    end: self
                        .items
                        .get(self.i.saturating_sub(1))
                        .map_or(open, |i| i.end),
                };
                if keyword == "block" {
                    let (body, end) = self.list()?;
                    let end = self.require_end(end, kw_pos, "block")?;
                    if end.word != "end" {
                        return err(end.pos, "unexpected else in block");
                    }
                    self.defines.push((name.clone(), Rc::new(body)));
                }
                out.push(Node::Template { name, arg, pos });
                Ok(None)
            }
            _ => {
                let pipe = self.pipeline(open, false, true)?;
                out.push(Node::Action(pipe));
                Ok(None)
            }
        }
    }

    fn require_end(&self, end: Option<End>, at: Pos, what: &str) -> Result<End, ParseError> {
        end.map_or_else(|| err(at, format!("unexpected EOF: {what} has no end")), Ok)
    }

    /// The then-list and else-chain of an `if` or `with`.
    fn branch(&mut self, word: &str, pipe: Pipe) -> Result<Node, ParseError> {
        let at = pipe.pos;
        let (then, end) = self.list()?;
        let end = self.require_end(end, at, word)?;
        let otherwise = match end.word {
            "end" => None,
            _ => match end.chained {
                Some((chained_word, chained_pipe)) => {
                    // `else if` is an `if` inside the else list, sharing the `end`.
                    Some(vec![self.branch(chained_word, chained_pipe)?])
                }
                None => {
                    let (l, end2) = self.list()?;
                    let end2 = self.require_end(end2, at, word)?;
                    if end2.word != "end" {
                        return err(end2.pos, "expected end; found else");
                    }
                    Some(l)
                }
            },
        };
        let b = Branch {
            pipe,
            then,
            otherwise,
        };
        Ok(if word == "if" {
            Node::If(b)
        } else {
            Node::With(b)
        })
    }

    /// A pipeline up to `}}` (when `in_action`) or `)`.
    fn pipeline(
        &mut self,
        open: u32,
        allow_two: bool,
        in_action: bool,
    ) -> Result<Pipe, ParseError> {
        let start_i = self.i;
        let mut vars = Vec::new();
        let mut assign = false;
        // Declarations: `$x :=`, `$x =`, `$i, $v :=`.
        if let Some(Item {
            tok: Tok::Var(v), ..
        }) = self.peek().cloned()
        {
            match self.items.get(self.i + 1).map(|i| &i.tok) {
                Some(Tok::Declare) | Some(Tok::Assign) => {
                    assign = self.items[self.i + 1].tok == Tok::Assign;
                    vars.push(v);
                    self.i += 2;
                }
                Some(Tok::Comma) if allow_two => {
                    if let (
                        Some(Item {
                            tok: Tok::Var(v2), ..
                        }),
                        Some(Item { tok: decl, .. }),
                    ) = (
                        self.items.get(self.i + 2).cloned(),
                        self.items.get(self.i + 3).cloned(),
                    ) && matches!(decl, Tok::Declare | Tok::Assign)
                    {
                        assign = decl == Tok::Assign;
                        vars.push(v);
                        vars.push(v2);
                        self.i += 4;
                    } else {
                        return err(self.here(), "too many declarations");
                    }
                }
                _ => {}
            }
        }
        let mut cmds = Vec::new();
        loop {
            let cmd = self.command()?;
            cmds.push(cmd);
            match self.peek().map(|i| &i.tok) {
                Some(Tok::Pipe) => {
                    self.i += 1;
                }
                Some(Tok::Close) if in_action => break,
                Some(Tok::RParen) if !in_action => break,
                Some(t) => {
                    let t = describe(t);
                    return err(self.here(), format!("unexpected {t} in operand"));
                }
                None => return err(self.here(), "unclosed action"),
            }
        }
        let end = if in_action {
            self.expect_close()?
        } else {
            self.next().map_or(0, |i| i.end)
        };
        let start = if in_action {
            open
        } else {
            self.items.get(start_i).map_or(open, |i| i.start)
        };
        Ok(Pipe {
            pos: Pos { start, end },
            vars,
            assign,
            cmds,
        })
    }

    fn command(&mut self) -> Result<Cmd, ParseError> {
        let start = self.here().start;
        let mut args = Vec::new();
        while let Some(item) = self.peek() {
            if matches!(item.tok, Tok::Pipe | Tok::Close | Tok::RParen) {
                break;
            }
            args.push(self.operand()?);
        }
        if args.is_empty() {
            return err(self.here(), "missing value for command");
        }
        let end = args.last().map_or(start, |a| a.pos().end);
        Ok(Cmd {
            pos: Pos { start, end },
            args,
        })
    }

    /// Fields written right after a term (`$x.a`, `(f).b`), without spaces.
    fn chain(&mut self, mut end: u32) -> (Vec<Rc<str>>, u32) {
        let mut fields = Vec::new();
        while let Some(Item {
            tok: Tok::Field(f),
            start,
            end: e,
        }) = self.peek().cloned()
        {
            if start != end {
                break;
            }
            fields.push(Rc::from(f.as_str()));
            end = e;
            self.i += 1;
        }
        (fields, end)
    }

    fn operand(&mut self) -> Result<Arg, ParseError> {
        let Some(item) = self.next() else {
            return err(self.here(), "unexpected EOF");
        };
        let pos = Pos {
            start: item.start,
            end: item.end,
        };
        Ok(match item.tok {
            Tok::Dot => Arg::Dot(pos),
            Tok::Field(f) => {
                let (mut rest, end) = self.chain(item.end);
                rest.insert(0, Rc::from(f.as_str()));
                Arg::Field(
                    rest,
                    Pos {
                        start: pos.start,
                        end,
                    },
                )
            }
            Tok::Var(v) => {
                let (rest, end) = self.chain(item.end);
                Arg::Var(
                    v,
                    rest,
                    Pos {
                        start: pos.start,
                        end,
                    },
                )
            }
            Tok::Ident(name) => {
                if matches!(
                    name.as_str(),
                    "if" | "else"
                        | "end"
                        | "range"
                        | "with"
                        | "define"
                        | "template"
                        | "block"
                        | "break"
                        | "continue"
                ) {
                    return err(pos, format!("unexpected <{name}> in command"));
                }
                Arg::Ident(name, pos)
            }
            Tok::Str(s) => Arg::Str(Rc::from(s.as_str()), pos),
            Tok::Char(c) => Arg::Int(c as i64, pos),
            Tok::Number(n) => number(&n, pos)?,
            Tok::Bool(b) => Arg::Bool(b, pos),
            Tok::Nil => Arg::Nil(pos),
            Tok::LParen => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return err(pos, "expression nesting too deep");
                }
                let inner = self.pipeline(item.start, false, false)?;
                self.depth -= 1;
                let inner_pos = Pos {
                    start: pos.start,
                    end: inner.pos.end,
                };
                let pipe = Pipe {
                    pos: inner_pos,
                    ..inner
                };
                let (fields, end) = self.chain(inner_pos.end);
                if fields.is_empty() {
                    Arg::Pipe(Box::new(pipe))
                } else {
                    Arg::Chain(
                        Box::new(Arg::Pipe(Box::new(pipe))),
                        fields,
                        Pos {
                            start: pos.start,
                            end,
                        },
                    )
                }
            }
            t => return err(pos, format!("unexpected {} in operand", describe(&t))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_control_structures() {
        let p = parse(
            "{{ define \"a\" }}A{{ end }}{{ if .x }}1{{ else if .y }}2{{ else }}3{{ end }}{{ range $i, $v := .l }}{{ break }}{{ end }}{{ block \"b\" . }}B{{ end }}",
        )
        .unwrap();
        assert_eq!(p.defines.len(), 2);
        assert_eq!(p.root.len(), 3);
    }

    #[test]
    fn reports_errors() {
        for bad in [
            "{{ if }}",
            "{{ end }}",
            "{{ if .x }}",
            "{{ break }}",
            "{{ range .x }}{{ else if .y }}{{ end }}",
            "{{ 1x }}",
            "{{ (1 }}",
            "{{ .a | }}",
            "{{ template x }}",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = "{{ if 1 }}".repeat(500);
        assert!(parse(&src).is_err());
        let src = format!("{{{{ {} }}}}", "(".repeat(500));
        assert!(parse(&src).is_err());
    }
}
