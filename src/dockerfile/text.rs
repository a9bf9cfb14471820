//! Logical text: an instruction joined from several physical lines (line
//! continuations removed, comment lines dropped) that still knows where
//! each of its bytes sits in the file, so every part keeps an exact span.

use std::ops::Range;

use crate::source::{FileId, Span};

/// Text assembled from pieces of one source file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    /// `(logical offset, source offset)` of each contiguous piece, ascending.
    pieces: Vec<(usize, usize)>,
}

impl Text {
    /// Appends `piece`, which starts at `source_start` in the file.
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The file offset of a logical offset (the end maps just past the last byte).
    pub fn source(&self, logical: usize) -> usize {
        let index = self.pieces.partition_point(|&(l, _)| l <= logical);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(l, s)) => s + (logical - l),
            None => self.pieces.first().map_or(0, |&(_, s)| s),
        }
    }

    /// The file range of a logical range. A range that crosses a line
    /// continuation covers the continuation too.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source(range.start);
        if range.end <= range.start {
            return start..start;
        }
        start..self.source(range.end - 1) + 1
    }

    pub fn span(&self, file: FileId, range: Range<usize>) -> Span {
        Span::new(file, self.source_range(range))
    }

    /// A part of this text, keeping its mapping.
    pub fn slice(&self, range: Range<usize>) -> Text {
        let range = range.start.min(self.len())..range.end.min(self.len());
        let mut out = Text {
            text: self.text.get(range.clone()).unwrap_or_default().to_string(),
            pieces: vec![(0, self.source(range.start))],
        };
        for &(l, s) in &self.pieces {
            if l > range.start && l < range.end {
                out.pieces.push((l - range.start, s));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_pieces() {
        // "RUN a \\\n  b" joined as "RUN a   b"
        let mut t = Text::default();
        t.push("RUN a ", 0);
        t.push("  b", 8);
        assert_eq!(t.text, "RUN a   b");
        assert_eq!(t.source(4), 4);
        assert_eq!(t.source(8), 10);
        assert_eq!(t.source_range(4..9), 4..11);
        let s = t.slice(4..9);
        assert_eq!(s.text, "a   b");
        assert_eq!(s.source_range(4..5), 10..11);
        assert_eq!(s.source_range(0..1), 4..5);
    }
}
