//! A POSIX-shell tokenizer, good enough to see commands: words with quotes
//! and escapes removed, control operators, redirections (heredoc bodies
//! skipped) and the ranges of command substitutions inside words.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Quotes and escapes removed; substitutions kept as written.
    pub value: String,
    /// As written, in the lexer's text.
    pub range: Range<usize>,
    /// Inner ranges of `$( … )` and `` ` … ` `` in this word.
    pub substitutions: Vec<Range<usize>>,
    /// Written without quotes or escapes (so it can be a reserved word).
    pub plain: bool,
    /// Where `value` starts in the text when it is a verbatim slice of it
    /// (unquoted, or one quoted piece without escapes).
    pub linear: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    And,
    Or,
    Semi,
    DoubleSemi,
    Pipe,
    Amp,
    Newline,
    Open,
    Close,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    Op(Op),
    /// A redirection operator; `takes_word` when the next word is its
    /// target (heredoc delimiters are consumed here).
    Redirect {
        takes_word: bool,
    },
}

pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
    /// Heredocs opened on the current line: (delimiter, strip tabs).
    heredocs: Vec<(String, bool)>,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, range: Range<usize>) -> Self {
        Lexer {
            text,
            pos: range.start.min(text.len()),
            end: range.end.min(text.len()),
            heredocs: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..self.end)?.chars().next()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        (self.pos + ahead < self.end).then(|| self.text.as_bytes()[self.pos + ahead])
    }

    fn advance(&mut self, c: char) {
        self.pos += c.len_utf8();
    }

    pub fn next_token(&mut self) -> Option<Token> {
        loop {
            let c = self.peek()?;
            match c {
                ' ' | '\t' | '\r' => self.advance(c),
                '\\' if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                '#' => {
                    let rest = &self.text[self.pos..self.end];
                    self.pos += rest.find('\n').unwrap_or(rest.len());
                }
                '\n' => {
                    self.pos += 1;
                    self.skip_heredoc_bodies();
                    return Some(Token::Op(Op::Newline));
                }
                ';' | '&' | '|' | '(' | ')' => return Some(self.operator(c)),
                '<' | '>' => return Some(self.redirect()),
                _ => {
                    let digits = self.text[self.pos..self.end]
                        .bytes()
                        .take_while(u8::is_ascii_digit)
                        .count();
                    if digits > 0 && matches!(self.peek_at(digits), Some(b'<' | b'>')) {
                        self.pos += digits;
                        return Some(self.redirect());
                    }
                    return Some(Token::Word(self.word()));
                }
            }
        }
    }

    fn operator(&mut self, c: char) -> Token {
        self.pos += 1;
        let next = self.peek_at(0);
        let (op, extra) = match (c, next) {
            (';', Some(b';')) => (Op::DoubleSemi, 1),
            (';', _) => (Op::Semi, 0),
            ('&', Some(b'&')) => (Op::And, 1),
            ('&', Some(b'>')) => return self.redirect(),
            ('&', _) => (Op::Amp, 0),
            ('|', Some(b'|')) => (Op::Or, 1),
            ('|', Some(b'&')) => (Op::Pipe, 1),
            ('|', _) => (Op::Pipe, 0),
            ('(', _) => (Op::Open, 0),
            _ => (Op::Close, 0),
        };
        self.pos += extra;
        Token::Op(op)
    }

    /// At `<` or `>`: the operator, and a heredoc's delimiter.
    fn redirect(&mut self) -> Token {
        let rest = &self.text[self.pos..self.end];
        if rest.starts_with("<<<") {
            self.pos += 3;
            return Token::Redirect { takes_word: true };
        }
        if let Some(after) = rest.strip_prefix("<<") {
            let strip_tabs = after.starts_with('-');
            self.pos += 2 + usize::from(strip_tabs);
            while matches!(self.peek(), Some(' ' | '\t')) {
                self.pos += 1;
            }
            if matches!(self.peek(), Some(c) if !is_break(c)) {
                let delimiter = self.word().value;
                self.heredocs.push((delimiter, strip_tabs));
            }
            return Token::Redirect { takes_word: false };
        }
        let len = rest
            .bytes()
            .take(3)
            .take_while(|b| matches!(b, b'<' | b'>' | b'&' | b'|'))
            .count()
            .max(1);
        self.pos += len;
        Token::Redirect { takes_word: true }
    }

    /// Skips the bodies of heredocs opened on the line just ended.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.heredocs) {
            while self.pos < self.end {
                let rest = &self.text[self.pos..self.end];
                let line_len = rest.find('\n').unwrap_or(rest.len());
                let line = rest[..line_len].trim_end_matches('\r');
                let line = if strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                let done = line == delimiter;
                self.pos = (self.pos + line_len + 1).min(self.end);
                if done {
                    break;
                }
            }
        }
    }

    fn word(&mut self) -> Word {
        let start = self.pos;
        let mut value = String::new();
        let mut substitutions = Vec::new();
        while let Some(c) = self.peek() {
            if is_break(c) {
                break;
            }
            self.advance(c);
            match c {
                '\\' => match self.peek() {
                    Some('\n') => self.pos += 1,
                    Some(n) => {
                        self.advance(n);
                        value.push(n);
                    }
                    None => {}
                },
                '\'' => {
                    let rest = &self.text[self.pos..self.end];
                    let len = rest.find('\'').unwrap_or(rest.len());
                    value.push_str(&rest[..len]);
                    self.pos = (self.pos + len + 1).min(self.end);
                }
                '"' => self.double_quoted(&mut value, &mut substitutions),
                '$' => self.dollar(&mut value, &mut substitutions),
                '`' => self.backtick(&mut value, &mut substitutions),
                _ => value.push(c),
            }
        }
        let raw = &self.text[start..self.pos];
        Word {
            plain: !raw.contains(['\\', '\'', '"']),
            linear: linear(raw, start),
            value,
            range: start..self.pos,
            substitutions,
        }
    }

    fn double_quoted(&mut self, value: &mut String, subs: &mut Vec<Range<usize>>) {
        while let Some(c) = self.peek() {
            self.advance(c);
            match c {
                '"' => return,
                '\\' => match self.peek() {
                    Some('\n') => self.pos += 1,
                    Some(n @ ('$' | '`' | '"' | '\\')) => {
                        self.advance(n);
                        value.push(n);
                    }
                    _ => value.push('\\'),
                },
                '$' => self.dollar(value, subs),
                '`' => self.backtick(value, subs),
                _ => value.push(c),
            }
        }
    }

    /// After a `$`: substitutions are kept as written in the value.
    fn dollar(&mut self, value: &mut String, subs: &mut Vec<Range<usize>>) {
        let start = self.pos - 1;
        let rest = &self.text[self.pos..self.end];
        if rest.starts_with('(') {
            let close = matching(self.text, self.pos, self.end, b'(', b')');
            if !rest.starts_with("((") {
                subs.push(self.pos + 1..close.unwrap_or(self.end));
            }
            self.pos = close.map_or(self.end, |c| c + 1);
        } else if rest.starts_with('{') {
            let close = matching(self.text, self.pos, self.end, b'{', b'}');
            self.pos = close.map_or(self.end, |c| c + 1);
        } else {
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            let special = rest.bytes().next().is_some_and(|b| b"@*#?$!-".contains(&b));
            self.pos += if name > 0 { name } else { usize::from(special) };
        }
        value.push_str(&self.text[start..self.pos]);
    }

    fn backtick(&mut self, value: &mut String, subs: &mut Vec<Range<usize>>) {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut at = start;
        while at < self.end && bytes[at] != b'`' {
            at += if bytes[at] == b'\\' { 2 } else { 1 };
        }
        let close = at.min(self.end);
        subs.push(start..close);
        self.pos = (close + 1).min(self.end);
        value.push_str(&self.text[start - 1..self.pos]);
    }
}

/// Characters that end an unquoted word.
fn is_break(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>'
    )
}

/// Offset of the bracket closing the one at `open_at`, skipping quotes.
fn matching(text: &str, open_at: usize, end: usize, open: u8, close: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = open_at;
    while at < end {
        match bytes[at] {
            b'\\' => at += 1,
            b'\'' if open == b'(' => {
                at += 1;
                while at < end && bytes[at] != b'\'' {
                    at += 1;
                }
            }
            b'"' => {
                at += 1;
                while at < end && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b if b == open => depth += 1,
            b if b == close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// Where a word's value starts in the text if the value is a verbatim slice.
fn linear(raw: &str, start: usize) -> Option<usize> {
    if !raw.contains(['\\', '\'', '"', '$', '`']) {
        return Some(start);
    }
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    let single = raw.starts_with('\'') && raw.ends_with('\'') && !inner.contains('\'');
    let double =
        raw.starts_with('"') && raw.ends_with('"') && !inner.contains(['"', '\\', '$', '`']);
    (raw.len() >= 2 && (single || double)).then_some(start + 1)
}
