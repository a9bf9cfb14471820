//! The output buffer of one template execution, recording where every
//! byte came from.
//!
//! Text nodes map byte for byte to the template; printed values map to the
//! action that printed them (and to the values-file node, when the value
//! came from one). Strings that carry [`Piece`]s (the output of `include`,
//! `toYaml`, `indent`, …) keep their finer origins when printed.

use std::rc::Rc;

use super::value::{Loc, Piece, Text, Val, Value};

#[derive(Default)]
pub struct Out {
    pub text: String,
    pub pieces: Vec<Piece>,
}

/// A call chain, outermost first.
type Via = Rc<[Loc]>;

thread_local! {
    static NO_VIA: Rc<[Loc]> = Rc::from(Vec::new());
}

/// The empty call chain, shared (most pieces have one).
fn no_via() -> Rc<[Loc]> {
    NO_VIA.with(Rc::clone)
}

impl Out {
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Template text, copied from `origin`.
    pub fn push_template(&mut self, s: &str, origin: Loc) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.pieces.push(Piece {
            start,
            end: self.text.len() as u32,
            origin: Some(origin),
            value: None,
            via: no_via(),
        });
    }

    /// A string printed by the action at `action`, carrying `value` as the
    /// origin of bytes its own pieces say nothing about.
    pub fn push_text(&mut self, t: &Text, action: Loc, value: Option<Loc>) {
        if t.s.is_empty() {
            return;
        }
        let base = self.text.len() as u32;
        self.text.push_str(&t.s);
        let end = self.text.len() as u32;
        let mut at = base;
        if let Some(pieces) = &t.pieces {
            for p in pieces.iter() {
                let (ps, pe) = (base + p.start, base + p.end);
                if ps < at || pe > end || ps >= pe {
                    continue;
                }
                if ps > at {
                    self.push_gap(at, ps, action, value);
                }
                self.pieces.push(Piece {
                    start: ps,
                    end: pe,
                    origin: Some(p.origin.unwrap_or(action)),
                    value: p.value.or(if p.origin.is_none() { value } else { None }),
                    via: p.via.clone(),
                });
                at = pe;
            }
        }
        if at < end {
            self.push_gap(at, end, action, value);
        }
    }

    fn push_gap(&mut self, start: u32, end: u32, action: Loc, value: Option<Loc>) {
        self.pieces.push(Piece {
            start,
            end,
            origin: Some(action),
            value,
            via: no_via(),
        });
    }

    /// A value printed by an action (`nil` prints nothing, as Helm removes
    /// Go's `<no value>`).
    pub fn push_value(&mut self, v: &Val, action: Loc) {
        match &v.v {
            Value::Nil => {}
            Value::Str(t) => self.push_text(t, action, v.origin),
            _ => self.push_text(&Text::plain(v.to_go_string()), action, v.origin),
        }
    }

    /// The collected output as a string value, e.g. the result of
    /// `include`: `call` (the include call site) is put in front of every
    /// piece's `via` chain.
    pub fn into_text(self, call: Option<Loc>) -> Text {
        // Pieces mostly share a few `via` chains: extend each chain once.
        let mut last: Option<(Via, Via)> = None;
        let pieces = self
            .pieces
            .into_iter()
            .map(|mut p| {
                if let Some(call) = call {
                    match &last {
                        Some((from, to))
                            if Rc::ptr_eq(from, &p.via)
                                || (from.is_empty() && p.via.is_empty()) =>
                        {
                            p.via = to.clone();
                        }
                        _ => {
                            let mut via = Vec::with_capacity(p.via.len() + 1);
                            via.push(call);
                            via.extend(p.via.iter().copied());
                            let to: Rc<[Loc]> = Rc::from(via);
                            last = Some((p.via.clone(), to.clone()));
                            p.via = to;
                        }
                    }
                }
                p
            })
            .collect();
        Text {
            s: Rc::from(self.text),
            pieces: Some(Rc::new(pieces)),
        }
    }
}

/// Pieces of `t` moved by `delta` bytes and clipped to `[lo, hi)` of the
/// original string; the building block of string functions that keep
/// origins (`trim`, `indent`, …).
pub fn shift_pieces(t: &Text, lo: u32, hi: u32, delta: i64, out: &mut Vec<Piece>) {
    let Some(pieces) = &t.pieces else {
        return;
    };
    for p in pieces.iter() {
        let s = p.start.max(lo);
        let e = p.end.min(hi);
        if s < e {
            out.push(Piece {
                start: (s as i64 + delta) as u32,
                end: (e as i64 + delta) as u32,
                ..p.clone()
            });
        }
    }
}

/// `t[lo..hi]` with its pieces.
pub fn slice_text(t: &Text, lo: usize, hi: usize) -> Text {
    let s: Rc<str> = Rc::from(&t.s[lo..hi]);
    if t.pieces.is_none() {
        return Text { s, pieces: None };
    }
    let mut pieces = Vec::new();
    shift_pieces(t, lo as u32, hi as u32, -(lo as i64), &mut pieces);
    Text {
        s,
        pieces: Some(Rc::new(pieces)),
    }
}

/// Concatenation of texts, keeping pieces.
pub fn concat_texts(parts: &[&Text]) -> Text {
    let mut s = String::new();
    let mut pieces = Vec::new();
    let mut any = false;
    for t in parts {
        let base = s.len() as i64;
        s.push_str(&t.s);
        if t.pieces.is_some() {
            any = true;
            shift_pieces(t, 0, t.s.len() as u32, base, &mut pieces);
        }
    }
    Text {
        s: Rc::from(s),
        pieces: any.then(|| Rc::new(pieces)),
    }
}

/// Inserts `prefix` before every line of `t` (after a leading newline for
/// `nindent`), moving pieces with their bytes.
pub fn indent_text(t: &Text, prefix: &str, leading_newline: bool) -> Text {
    let src = &*t.s;
    let mut s = String::with_capacity(src.len() + prefix.len() * 4);
    let mut pieces = Vec::new();
    if leading_newline {
        s.push('\n');
    }
    let mut line_start = 0usize;
    for (i, line) in src.split('\n').enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(prefix);
        let delta = s.len() as i64 - line_start as i64;
        s.push_str(line);
        let lo = line_start as u32;
        let hi = (line_start + line.len() + 1).min(src.len()) as u32;
        shift_pieces(t, lo, hi, delta, &mut pieces);
        line_start += line.len() + 1;
    }
    Text {
        s: Rc::from(s),
        pieces: t.pieces.as_ref().map(|_| Rc::new(pieces)),
    }
}
