//! The source excerpt under a finding in the human report: a line-number
//! gutter, the lines, and `^^^` under the span, in the style of rustc and
//! miette, without their dependencies.

use std::fmt::Write as _;

use super::human::{Painter, sanitize};
use crate::findings::{Excerpt, Location};

/// Lines shown around the start line; the engine may capture more.
const CONTEXT_BEFORE: u32 = 3;
const CONTEXT_AFTER: u32 = 6;
/// Widest code line shown before cutting it with `…` (fits 80 columns).
const MAX_CODE_WIDTH: usize = 72;
const TAB_WIDTH: usize = 4;

/// Renders the frame, or nothing when the excerpt lacks the start line.
/// `gutter` is the width of the line-number column; `mark` paints carets.
pub(super) fn render(
    excerpt: &Excerpt,
    location: &Location,
    gutter: usize,
    paint: &Painter,
    mark: &str,
) -> String {
    let first = location.start_line.saturating_sub(CONTEXT_BEFORE);
    let last = location.start_line.saturating_add(CONTEXT_AFTER);
    let lines: Vec<(u32, &str)> = excerpt
        .lines()
        .filter(|(number, _)| (first..=last).contains(number))
        .collect();
    if !lines
        .iter()
        .any(|(number, _)| *number == location.start_line)
    {
        return String::new();
    }
    let bar = paint.gutter("|");
    let mut frame = format!("{:gutter$} {bar}\n", "");
    for (number, text) in lines {
        // A long line (minified JSON) is cut around the span first, so a
        // frame costs the same whatever the line's length.
        let (text, shifted) = clip(text, location, number == location.start_line);
        let location = &shifted;
        let cells = cells(text);
        let underline = (number == location.start_line).then(|| underline_span(&cells, location));
        let window = window(&cells, underline);
        let number = paint.gutter(&format!("{number:>gutter$}"));
        let code = window.text.trim_end();
        let _ = writeln!(
            frame,
            "{number} {bar}{}{code}",
            if code.is_empty() { "" } else { " " }
        );
        if let Some((start, end)) = window.underline {
            let carets = paint.style(mark, &"^".repeat(end - start));
            let _ = writeln!(frame, "{:gutter$} {bar} {:start$}{carets}", "", "");
        }
    }
    let _ = writeln!(frame, "{:gutter$} {bar}", "");
    frame
}

/// Characters kept on each side of the span of a long line (more than the
/// window shows, so the window logic still decides what is displayed).
const CLIP_CONTEXT: usize = 4 * MAX_CODE_WIDTH;

/// The part of a long line around the span, and the location shifted to
/// it; short lines and other lines' starts are kept as they are.
fn clip<'t>(text: &'t str, location: &Location, is_start_line: bool) -> (&'t str, Location) {
    if text.len() <= 2 * CLIP_CONTEXT {
        return (text, location.clone());
    }
    let focus = if is_start_line {
        (location.start_column.max(1) - 1) as usize
    } else {
        0
    };
    let skip = focus.saturating_sub(CLIP_CONTEXT);
    // Columns count characters; on an ASCII line (minified JSON, the usual
    // long line) they are byte offsets, found without walking the line.
    let start = if text.is_ascii() {
        skip.min(text.len())
    } else {
        text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i)
    };
    let end = text[start..]
        .char_indices()
        .nth(2 * CLIP_CONTEXT)
        .map_or(text.len(), |(i, _)| start + i);
    let mut shifted = location.clone();
    if is_start_line {
        shifted.start_column -= skip as u32;
        if shifted.end_line == shifted.start_line {
            shifted.end_column = shifted.end_column.saturating_sub(skip as u32).max(1);
        }
    }
    (&text[start..end], shifted)
}

/// One character as displayed: its text and how many columns it takes.
struct Cell {
    text: String,
    width: usize,
}

fn cells(line: &str) -> Vec<Cell> {
    line.trim_end_matches(['\r', '\n'])
        .chars()
        .map(|ch| match ch {
            '\t' => Cell {
                text: " ".repeat(TAB_WIDTH),
                width: TAB_WIDTH,
            },
            ch => Cell {
                text: sanitize(ch.encode_utf8(&mut [0; 4])),
                width: if is_wide(ch) { 2 } else { 1 },
            },
        })
        .collect()
}

/// The display columns `[start, end)` to underline. Columns are 1-based
/// character counts, end exclusive; a span that continues onto later lines
/// is underlined to the end of its first line.
fn underline_span(cells: &[Cell], location: &Location) -> (usize, usize) {
    let offset_of = |column: u32| -> usize {
        let chars = (column.max(1) - 1) as usize;
        cells.iter().take(chars).map(|cell| cell.width).sum()
    };
    let start = offset_of(location.start_column);
    let end = if location.end_line == location.start_line {
        offset_of(location.end_column)
    } else {
        let trailing_blanks = cells
            .iter()
            .rev()
            .take_while(|cell| cell.text.trim().is_empty());
        let content_len = cells.len() - trailing_blanks.count();
        cells.iter().take(content_len).map(|cell| cell.width).sum()
    };
    (start, end.max(start + 1))
}

/// The part of a line that is shown, and the underline relative to it.
struct Window {
    text: String,
    underline: Option<(usize, usize)>,
}

/// Cuts long lines to [`MAX_CODE_WIDTH`] columns, keeping the underlined
/// span in view with some context before it; `…` marks what was cut.
fn window(cells: &[Cell], underline: Option<(usize, usize)>) -> Window {
    const CONTEXT: usize = MAX_CODE_WIDTH / 3;
    let total: usize = cells.iter().map(|cell| cell.width).sum();
    if total <= MAX_CODE_WIDTH {
        let text = cells.iter().map(|cell| cell.text.as_str()).collect();
        return Window { text, underline };
    }
    // Shift right only when the span would start too close to the cut, and
    // no further than needed to show the end of the line.
    let focus = underline.map_or(0, |(start, _)| start);
    let from = if focus + CONTEXT / 2 > MAX_CODE_WIDTH {
        (focus - CONTEXT).min(total + 1 - MAX_CODE_WIDTH)
    } else {
        0
    };
    let lead = usize::from(from > 0); // the leading `…`
    let to = if total - from + lead <= MAX_CODE_WIDTH {
        total
    } else {
        from + MAX_CODE_WIDTH - lead - 1 // room for the trailing `…`
    };
    let mut text = String::from(if lead == 1 { "…" } else { "" });
    let mut column = 0;
    for cell in cells {
        if column >= from && column + cell.width <= to {
            text.push_str(&cell.text);
        }
        column += cell.width;
    }
    if to < total {
        text.push('…');
    }
    let underline = underline.map(|(start, end)| {
        let start = start - from + lead;
        (start, (end.min(to) - from + lead).max(start + 1))
    });
    Window { text, underline }
}

/// East Asian wide characters and emoji take two terminal columns.
fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}
