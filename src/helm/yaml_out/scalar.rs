//! One string as go-yaml v2 writes it in block context: its choice of
//! style (plain, `'single'`, `"double"`, `|` literal) from the scalar's
//! characters (libyaml's `analyze_scalar`), its chomping and indentation
//! indicators, its escapes, and its folding of long plain and quoted
//! lines at spaces past column 80.

use super::resolve::reads_as_non_string;

/// go-yaml's line width: a line is folded at the first space past it.
const WIDTH: usize = 80;
/// go-yaml's indentation step, also the literal's indentation indicator.
const STEP: usize = 2;
/// Longer keys are written as complex keys (`? key`).
const MAX_SIMPLE_KEY: usize = 128;

/// Where the string goes: a simple key is never folded nor a block.
#[derive(Clone, Copy, PartialEq)]
pub enum Role {
    Key,
    Value,
}

/// Whether go-yaml writes `key` as `key: value` rather than `? key`.
pub fn is_simple_key(key: &str) -> bool {
    key.len() <= MAX_SIMPLE_KEY && !key.chars().any(is_break)
}

/// Appends `s` to `out`, whose last line is where the scalar starts;
/// continuation lines are indented by `indent`.
pub fn write(out: &mut String, s: &str, indent: usize, role: Role) {
    let column = out.len() - out.rfind('\n').map_or(0, |i| i + 1);
    let column = out[out.len() - column..].chars().count();
    let mut w = Cursor {
        out,
        column,
        indent,
        folds: role == Role::Value,
    };
    match style(s, role) {
        Style::Plain => w.plain(s),
        Style::Single => w.single_quoted(s),
        Style::Double => w.double_quoted(s),
        Style::Literal => w.literal(s),
    }
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// go-yaml asks for a literal when there is a line feed, double quotes
/// when plain would read back as another type, plain otherwise; the
/// emitter falls back from what the characters do not allow.
fn style(s: &str, role: Role) -> Style {
    let allowed = analyze(s);
    if s.contains('\n') {
        return if allowed.block && role == Role::Value {
            Style::Literal
        } else {
            Style::Double
        };
    }
    if reads_as_non_string(s) {
        Style::Double
    } else if allowed.plain {
        Style::Plain
    } else if allowed.single_quoted {
        Style::Single
    } else {
        Style::Double
    }
}

struct Allowed {
    plain: bool,
    single_quoted: bool,
    block: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, for block context.
fn analyze(s: &str) -> Allowed {
    let chars: Vec<char> = s.chars().collect();
    let mut indicators = s.starts_with("---") || s.starts_with("...");
    let (mut leading_space, mut trailing_space, mut leading_break, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut line_breaks, mut special) =
        (false, false, false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == chars.len();
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| n == ' ' || n == '\t');
        indicators |= match (i, c) {
            (0, '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"') => {
                true
            }
            (0, '%' | '@' | '`') => true,
            (0, '?' | ':' | '-') => followed_by_whitespace,
            (_, ':') => followed_by_whitespace,
            (_, '#') => preceded_by_whitespace,
            _ => false,
        };
        special |= !printable(c);
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = c == ' ' || c == '\t' || is_break(c);
    }
    let edges = leading_space || leading_break || trailing_space || trailing_break;
    Allowed {
        plain: !(edges || break_space || space_break || special || line_breaks || indicators),
        single_quoted: !(break_space || space_break || special),
        block: !(trailing_space || space_break || special),
    }
}

/// libyaml's `is_printable` with Unicode output on: no tab, no C0/C1
/// controls, no DEL, no BOM, nothing beyond the Basic Multilingual Plane.
fn printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{feff}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The output and the column go-yaml would be at.
struct Cursor<'a> {
    out: &'a mut String,
    column: usize,
    indent: usize,
    folds: bool,
}

impl Cursor<'_> {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column = if is_break(c) { 0 } else { self.column + 1 };
    }

    fn put_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.put(c));
    }

    /// libyaml's `write_indent`: a new line unless at the start of one.
    fn new_line(&mut self) {
        if self.column > 0 {
            self.put('\n');
        }
        while self.column < self.indent {
            self.put(' ');
        }
    }

    /// Whether a space, not right after another, becomes a line break.
    fn folds_at(&self, after_space: bool) -> bool {
        self.folds && !after_space && self.column > WIDTH
    }

    fn plain(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if self.folds_at(spaces) && chars.get(i + 1) != Some(&' ') {
                    self.new_line();
                } else {
                    self.put(' ');
                }
            } else {
                self.put(c);
            }
            spaces = c == ' ';
        }
    }

    fn single_quoted(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        self.put('\'');
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let inner = i > 0 && i + 1 < chars.len();
                if self.folds_at(spaces) && inner && chars.get(i + 1) != Some(&' ') {
                    self.new_line();
                } else {
                    self.put(' ');
                }
                spaces = true;
            } else if is_break(c) {
                // A line feed in single quotes is written twice, as
                // folding would eat one.
                if !breaks && c == '\n' {
                    self.put('\n');
                }
                self.put(c);
                breaks = true;
            } else {
                if breaks {
                    self.new_line();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                (spaces, breaks) = (false, false);
            }
        }
        self.put('\'');
    }

    fn double_quoted(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        // libyaml's `is_bom` looks at the start of the string, not at the
        // character: after a leading BOM every character is escaped.
        let escape_all = s.starts_with('\u{feff}');
        self.put('"');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if escape_all || !printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put_str(&escape(c));
                spaces = false;
            } else if c == ' ' {
                let inner = i > 0 && i + 1 < chars.len();
                if self.folds_at(spaces) && inner {
                    self.new_line();
                    // A leading space on the next line would be folded away.
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(' ');
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.put('"');
    }

    /// `|`, with `2` when the first line starts blank and `-` (no final
    /// line break) or `+` (more than one) chomping.
    fn literal(&mut self, s: &str) {
        self.put('|');
        if s.starts_with(|c| c == ' ' || is_break(c)) {
            self.put_str(&STEP.to_string());
        }
        let mut tail = s.chars().rev();
        match (tail.next(), tail.next()) {
            (Some(last), _) if !is_break(last) => self.put('-'),
            (Some(_), None) => self.put('+'),
            (Some(_), Some(before)) if is_break(before) => self.put('+'),
            _ => {}
        }
        self.put('\n');
        let mut breaks = true;
        for c in s.chars() {
            if is_break(c) {
                self.put(c);
                breaks = true;
            } else {
                if breaks {
                    self.new_line();
                }
                self.put(c);
                breaks = false;
            }
        }
    }
}

/// libyaml's escape for a character in double quotes.
fn escape(c: char) -> String {
    let named = match c {
        '\0' => '0',
        '\u{7}' => 'a',
        '\u{8}' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\u{b}' => 'v',
        '\u{c}' => 'f',
        '\r' => 'r',
        '\u{1b}' => 'e',
        '"' => '"',
        '\\' => '\\',
        '\u{85}' => 'N',
        '\u{a0}' => '_',
        '\u{2028}' => 'L',
        '\u{2029}' => 'P',
        _ => {
            return match c as u32 {
                v @ 0..=0xFF => format!("\\x{v:02X}"),
                v @ 0x100..=0xFFFF => format!("\\u{v:04X}"),
                v => format!("\\U{v:08X}"),
            };
        }
    };
    format!("\\{named}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_follow_the_characters() {
        for (s, want) in [
            ("-dash", Style::Plain),
            ("?x", Style::Plain),
            (":x", Style::Plain),
            ("a#b", Style::Plain),
            ("x:y", Style::Plain),
            ("a[b]", Style::Plain),
            ("- dash", Style::Single),
            ("x:", Style::Single),
            ("a #b", Style::Single),
            ("...x", Style::Single),
            (" lead", Style::Single),
            ("tab\there", Style::Double),
            ("yes", Style::Double),
            ("x \ny", Style::Double),
            ("x\n y", Style::Literal),
        ] {
            assert_eq!(style(s, Role::Value), want, "{s:?}");
        }
        assert_eq!(style("x\ny", Role::Key), Style::Double);
    }
}
