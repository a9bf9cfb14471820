//! YAML text to spanned [`Node`] trees, one per document, with hard bounds.
//!
//! Built on granit-parser's event stream (the hardened saphyr-parser fork
//! that serde-saphyr re-exports; saphyr itself does not expose its event
//! parser): byte offsets on every event, and recovery at the next `---`
//! after an error, so one broken document does not hide the others.
//! The builder is iterative, and nesting depth, alias expansion and node
//! count are capped, so hostile input costs bounded time and memory.
//!
//! Spans: a `key: value` entry spans from the key to the end of the value
//! (what a finding underlines); a block mapping that is a list item or a
//! document spans its first entry; anything else spans itself.

use std::collections::HashMap;

use granit_parser::{ErrorKind, Event, Options, Parser, ScalarStyle, StructureStyle, Tag};
use indexmap::IndexMap;

use super::scalar;
use crate::model::{Node, Value};
use crate::source::{Diagnostic, FileId, Span};

/// Hard bounds for one file.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Nested collections (after alias expansion).
    pub max_depth: usize,
    /// Nodes produced by expanding aliases, over the whole file.
    pub max_alias_nodes: usize,
    /// Nodes in the whole file.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_alias_nodes: 100_000,
            max_nodes: 2_000_000,
        }
    }
}

/// The documents of one file that could be read, and the problems met.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Non-empty documents, in order.
    pub documents: Vec<Node>,
    pub diagnostics: Vec<Diagnostic>,
    /// A document abandoned at an error had begun as an object (an
    /// `apiVersion` or `kind` key before the error): a broken manifest,
    /// not some other broken YAML.
    pub broken_object: bool,
}

/// A file with this many broken documents is not worth reading further.
const MAX_DIAGNOSTICS: usize = 20;

pub fn load(text: &str, file: FileId) -> Loaded {
    load_with(text, file, Limits::default())
}

pub fn load_with(text: &str, file: FileId, limits: Limits) -> Loaded {
    let mut options = Options::default();
    // Comments are not data; not capturing them also avoids the parser's
    // comment-buffer limit. The parser's nesting limits (it scans ahead, so
    // they may trip before ours) are reported in our words.
    options.emit_comments = false;
    options.flow_nesting_limit = limits.max_depth;
    options.block_nesting_limit = limits.max_depth;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder::new(text, file, limits);
    let mut out = Loaded::default();
    while let Some(next) = parser.next() {
        let step = match next {
            Ok((event, span)) => {
                let start = span.start.byte_offset().unwrap_or(0);
                let end = span.end.byte_offset().unwrap_or(start);
                builder.event(event, start.min(text.len()), end.min(text.len()))
            }
            Err(e) => Err(Fail {
                at: e.marker().byte_offset().unwrap_or(0),
                message: match e.kind() {
                    ErrorKind::RecursionLimitExceeded => too_deep_message(limits),
                    _ => e.info(),
                },
                fatal: false,
            }),
        };
        match step {
            Ok(Some(document)) => out.documents.push(document),
            Ok(None) => {}
            Err(fail) => {
                out.diagnostics.push(fail.diagnostic(text, file));
                out.broken_object |= builder.began_as_object();
                builder.abandon_document();
                if fail.fatal || out.diagnostics.len() >= MAX_DIAGNOSTICS {
                    break;
                }
                if !matches!(parser.proceed_next_document(), Ok(true)) {
                    break;
                }
            }
        }
    }
    out
}

/// Why a document was abandoned.
struct Fail {
    at: usize,
    message: String,
    /// Stop reading the file altogether.
    fatal: bool,
}

impl Fail {
    fn new(at: usize, message: impl Into<String>) -> Self {
        Fail {
            at,
            message: message.into(),
            fatal: false,
        }
    }

    fn diagnostic(&self, text: &str, file: FileId) -> Diagnostic {
        let mut at = self.at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        Diagnostic {
            file,
            span: Some(Span::new(file, at..end)),
            message: self.message.clone(),
        }
    }
}

/// A finished value and what its parent needs to place it.
#[derive(Clone)]
struct Built {
    value: Value,
    start: usize,
    end: usize,
    /// End of the first entry of a block mapping: its span as a list item
    /// or document.
    head_end: Option<usize>,
    /// Nodes inside, itself included (alias budget).
    nodes: usize,
    /// Collections nested inside, itself included (depth limit).
    height: usize,
}

struct Key {
    text: String,
    start: usize,
    end: usize,
    /// A plain `<<`: a merge key.
    merge: bool,
}

enum Collection {
    Map {
        entries: IndexMap<String, Node>,
        key: Option<Key>,
        /// Values of `<<` merge keys, applied at the end (explicit keys win).
        merges: Vec<Value>,
    },
    Seq(Vec<Node>),
}

struct Frame {
    collection: Collection,
    start: usize,
    flow: bool,
    anchor: usize,
    head_end: Option<usize>,
    nodes: usize,
    height: usize,
}

struct Builder<'t> {
    text: &'t str,
    file: FileId,
    limits: Limits,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Finished anchored values of the current document, by anchor id;
    /// `None` for one whose copy the alias budget could not afford.
    anchors: HashMap<usize, Option<Built>>,
    /// End of the last content seen: where a block collection ends.
    last_end: usize,
    alias_nodes: usize,
    nodes: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, file: FileId, limits: Limits) -> Self {
        Builder {
            text,
            file,
            limits,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            last_end: 0,
            alias_nodes: 0,
            nodes: 0,
        }
    }

    /// Whether the document being built has an `apiVersion` or `kind`
    /// key at its top level so far.
    fn began_as_object(&self) -> bool {
        let is_type_key = |k: &str| k == "apiVersion" || k == "kind";
        if let Some(root) = &self.root {
            return root.get("apiVersion").is_some() || root.get("kind").is_some();
        }
        match self.stack.first() {
            Some(Frame {
                collection: Collection::Map { entries, key, .. },
                ..
            }) => {
                entries.keys().any(|k| is_type_key(k))
                    || key.as_ref().is_some_and(|k| is_type_key(&k.text))
            }
            _ => false,
        }
    }

    fn abandon_document(&mut self) {
        self.stack.clear();
        self.root = None;
        self.anchors.clear();
    }

    /// Feeds one event; returns a document when one is complete.
    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> Result<Option<Node>, Fail> {
        match event {
            Event::DocumentStart(..) => self.abandon_document(),
            Event::DocumentEnd => {
                let document = self.root.take();
                self.abandon_document();
                return Ok(document.filter(|d| !d.value.is_null()));
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, start)?;
                if self.expecting_key() {
                    self.last_end = end;
                    let merge = style == ScalarStyle::Plain && text == "<<";
                    // An anchored key can be aliased later, as a string.
                    let key = Built {
                        value: Value::String(text.to_string()),
                        start,
                        end,
                        head_end: None,
                        nodes: 1,
                        height: 0,
                    };
                    self.remember(anchor, &key);
                    self.set_key(text.into_owned(), start, end, merge);
                    return Ok(None);
                }
                let plain = style == ScalarStyle::Plain;
                let end = if plain && text.is_empty() {
                    start
                } else if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    start + self.text.get(start..end).map_or(0, |t| t.trim_end().len())
                } else {
                    end
                };
                if end > start {
                    self.last_end = end;
                }
                let value = scalar::resolve(&text, plain, is_str_tag(tag.as_deref()));
                let built = Built {
                    value,
                    start,
                    end,
                    head_end: None,
                    nodes: 1,
                    height: 0,
                };
                self.remember(anchor, &built);
                self.attach(built, start)?;
            }
            Event::MappingStart(style, anchor, _) | Event::SequenceStart(style, anchor, _) => {
                self.count(1, start)?;
                if self.expecting_key() {
                    return Err(Fail::new(
                        start,
                        "complex mapping keys (a list or mapping as a key) are not supported",
                    ));
                }
                if self.stack.len() >= self.limits.max_depth {
                    return Err(self.too_deep(start));
                }
                let collection = if matches!(event, Event::MappingStart(..)) {
                    Collection::Map {
                        entries: IndexMap::new(),
                        key: None,
                        merges: Vec::new(),
                    }
                } else {
                    Collection::Seq(Vec::new())
                };
                self.stack.push(Frame {
                    collection,
                    start,
                    flow: style == StructureStyle::Flow,
                    anchor,
                    head_end: None,
                    nodes: 1,
                    height: 1,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(Fail::new(start, "unbalanced YAML collection"));
                };
                let end = if frame.flow {
                    self.last_end = end;
                    end
                } else {
                    self.last_end.max(frame.start)
                };
                let anchor = frame.anchor;
                let built = frame.finish(end);
                self.remember(anchor, &built);
                self.attach(built, start)?;
            }
            Event::Alias(id) => self.alias(id, start, end)?,
            Event::UnresolvedAlias(name) => {
                return Err(Fail::new(
                    start,
                    format!("unknown anchor `{}`", crate::source::excerpt(&name)),
                ));
            }
            // Stream markers, comments, anchor metadata: not data.
            _ => {}
        }
        Ok(None)
    }

    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                collection: Collection::Map { key: None, .. },
                ..
            })
        )
    }

    fn set_key(&mut self, text: String, start: usize, end: usize, merge: bool) {
        if let Some(Frame {
            collection: Collection::Map { key, .. },
            ..
        }) = self.stack.last_mut()
        {
            *key = Some(Key {
                text,
                start,
                end,
                merge,
            });
        }
    }

    fn count(&mut self, n: usize, at: usize) -> Result<(), Fail> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(Fail {
                at,
                message: format!(
                    "the file is too large to analyse (more than {} YAML nodes)",
                    self.limits.max_nodes
                ),
                fatal: true,
            });
        }
        Ok(())
    }

    fn too_deep(&self, at: usize) -> Fail {
        Fail::new(at, too_deep_message(self.limits))
    }

    /// Keeps a copy of an anchored value for its aliases. The copy counts
    /// against the alias budget (a chain of nested anchors copies the same
    /// subtree once per anchor); one that does not fit is not made, and
    /// only an alias to it fails.
    fn remember(&mut self, anchor: usize, built: &Built) {
        if anchor == 0 {
            return;
        }
        let copy = (self.alias_nodes + built.nodes <= self.limits.max_alias_nodes).then(|| {
            self.alias_nodes += built.nodes;
            built.clone()
        });
        self.anchors.insert(anchor, copy);
    }

    fn alias_too_large(&self, at: usize) -> Fail {
        Fail::new(
            at,
            format!(
                "alias expansion too large (more than {} nodes)",
                self.limits.max_alias_nodes
            ),
        )
    }

    /// `*name`: a copy of the anchored value, within the budgets.
    fn alias(&mut self, id: usize, start: usize, end: usize) -> Result<(), Fail> {
        if self.expecting_key() {
            return Err(Fail::new(
                start,
                "an alias as a mapping key is not supported",
            ));
        }
        let anchored = match self.anchors.get(&id) {
            Some(Some(anchored)) => anchored,
            Some(None) => return Err(self.alias_too_large(start)),
            None => {
                return Err(Fail::new(
                    start,
                    "alias to a node that is not complete (a recursive alias)",
                ));
            }
        };
        if self.stack.len() + anchored.height > self.limits.max_depth {
            return Err(self.too_deep(start));
        }
        if self.alias_nodes + anchored.nodes > self.limits.max_alias_nodes {
            return Err(self.alias_too_large(start));
        }
        self.alias_nodes += anchored.nodes;
        let mut built = anchored.clone();
        self.count(built.nodes, start)?;
        // The alias sits where `*name` is written; what it copies keeps the
        // spans of the anchored original.
        built.start = start;
        built.end = end;
        built.head_end = None;
        self.last_end = end;
        self.attach(built, start)
    }

    /// Places a finished value in its parent (or makes it the document).
    fn attach(&mut self, built: Built, at: usize) -> Result<(), Fail> {
        let file = self.file;
        let Some(frame) = self.stack.last_mut() else {
            let end = built.head_end.unwrap_or(built.end);
            self.root = Some(node(built.value, file, built.start, end));
            return Ok(());
        };
        frame.nodes += built.nodes;
        let merge = matches!(&frame.collection, Collection::Map { key: Some(k), .. } if k.merge)
            && matches!(built.value, Value::Map(_) | Value::List(_));
        // Merged entries sit at this mapping's own level: a flat chain of
        // `<<` merges is not nesting.
        let height = match (&built.value, merge) {
            (Value::Map(_), true) => built.height,
            (Value::List(_), true) => built.height.saturating_sub(1),
            _ => built.height + 1,
        };
        frame.height = frame.height.max(height);
        match &mut frame.collection {
            Collection::Seq(items) => {
                let end = built.head_end.unwrap_or(built.end);
                items.push(node(built.value, file, built.start, end));
            }
            Collection::Map {
                entries,
                key,
                merges,
            } => {
                let Some(key) = key.take() else {
                    return Err(Fail::new(at, "a mapping value without a key"));
                };
                let end = if built.end > built.start {
                    built.end.max(key.end)
                } else {
                    key.end
                };
                if frame.head_end.is_none() {
                    let one_line = self
                        .text
                        .get(key.start..end)
                        .is_some_and(|t| !t.contains('\n'));
                    frame.head_end = Some(if one_line { end } else { key.end });
                }
                if merge {
                    merges.push(built.value);
                    return Ok(());
                }
                match entries.entry(key.text) {
                    indexmap::map::Entry::Vacant(slot) => {
                        slot.insert(node(built.value, file, key.start, end));
                    }
                    indexmap::map::Entry::Occupied(first) => {
                        let line = first
                            .get()
                            .span
                            .map_or(0, |s| line_of(self.text, s.start as usize));
                        return Err(Fail::new(
                            key.start,
                            format!(
                                "duplicate key `{}` (first defined on line {line})",
                                crate::source::excerpt(first.key())
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Frame {
    fn finish(self, end: usize) -> Built {
        let value = match self.collection {
            Collection::Seq(items) => Value::List(items),
            Collection::Map {
                mut entries,
                merges,
                ..
            } => {
                for merged in merges {
                    merge_into(&mut entries, merged);
                }
                Value::Map(entries)
            }
        };
        Built {
            value,
            start: self.start,
            end,
            head_end: if self.flow { None } else { self.head_end },
            nodes: self.nodes,
            height: self.height,
        }
    }
}

/// `<<: *base` or `<<: [*a, *b]`: entries not written explicitly (earlier
/// maps in a list win over later ones).
fn merge_into(entries: &mut IndexMap<String, Node>, merged: Value) {
    match merged {
        Value::Map(map) => {
            for (k, v) in map {
                entries.entry(k).or_insert(v);
            }
        }
        Value::List(items) => {
            for item in items {
                if matches!(item.value, Value::Map(_)) {
                    merge_into(entries, item.value);
                }
            }
        }
        _ => {}
    }
}

fn too_deep_message(limits: Limits) -> String {
    format!("too deeply nested (more than {} levels)", limits.max_depth)
}

fn is_str_tag(tag: Option<&Tag>) -> bool {
    tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix() == "str")
}

fn node(value: Value, file: FileId, start: usize, end: usize) -> Node {
    Node::new(value, Some(Span::new(file, start..end.max(start))))
}

/// 1-based line of a byte offset (error messages only).
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
