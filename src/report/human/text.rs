//! Text for the terminal: word wrapping to a width, neutralising control
//! characters from scanned files, and ANSI styles.

/// Word-wraps `text` (sanitized) to `width` columns, starting with `first`
/// and continuing with `rest`. Words are never broken (a word wider than
/// the line stands alone on it). Runs of spaces inside a line are kept (the
/// trace's `note  at path` relies on it); at a break they are dropped.
pub(in crate::report) fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut wrapped = String::new();
    let mut line = String::from(first);
    let mut line_width = visible_width(first);
    let mut line_is_empty = true;
    let mut extra_spaces = 0;
    for word in sanitize(text).trim().split(' ') {
        if word.is_empty() {
            extra_spaces += 1;
            continue;
        }
        let gap = if line_is_empty { 0 } else { 1 + extra_spaces };
        extra_spaces = 0;
        let word_width = visible_width(word);
        if !line_is_empty && line_width + gap + word_width > width {
            wrapped.push_str(&line);
            wrapped.push('\n');
            line = String::from(rest);
            line_width = visible_width(rest);
        } else {
            line.push_str(&" ".repeat(gap));
            line_width += gap;
        }
        line.push_str(word);
        line_width += word_width;
        line_is_empty = false;
    }
    wrapped.push_str(&line);
    wrapped.push('\n');
    wrapped
}

/// Columns taken by text that may contain ANSI color codes.
pub(in crate::report) fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for ch in text.chars() {
        match ch {
            '\u{1b}' => in_escape = true,
            'm' if in_escape => in_escape = false,
            _ if !in_escape => width += 1,
            _ => {}
        }
    }
    width
}

/// Neutralises control characters from scanned files (a malicious file
/// could otherwise send escape sequences to the terminal): whitespace
/// becomes a space, anything else U+FFFD.
pub(in crate::report) fn sanitize(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            ch if !ch.is_control() => ch,
            '\t' | '\n' | '\r' => ' ',
            _ => '\u{FFFD}',
        })
        .collect()
}

pub(in crate::report) fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The first paragraph of a recipe, joined into one line: the part worth
/// quoting where space is short.
pub(in crate::report) fn first_paragraph(text: &str) -> String {
    let is_blank = |line: &&str| line.trim().is_empty();
    text.lines()
        .skip_while(is_blank)
        .take_while(|line| !is_blank(line))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Applies ANSI styles only when color is on.
pub(in crate::report) struct Painter {
    pub(in crate::report) color: bool,
}

impl Painter {
    pub(in crate::report) fn style(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("\u{1b}[{style}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    pub(in crate::report) fn bold(&self, text: &str) -> String {
        self.style("1", text)
    }

    pub(in crate::report) fn gutter(&self, text: &str) -> String {
        self.style("1;34", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_only() {
        let text = "Restrict the ingress rule to the addresses that need it";
        let wrapped = wrap(text, 20, "  ", "    ");
        assert_eq!(
            wrapped,
            "  Restrict the\n    ingress rule to\n    the addresses\n    that need it\n"
        );
        let long = wrap(
            "see arn:aws:iam::123456789012:role/very-long-role-name ok",
            20,
            "",
            "",
        );
        assert_eq!(
            long,
            "see\narn:aws:iam::123456789012:role/very-long-role-name\nok\n"
        );
    }

    #[test]
    fn colour_codes_take_no_columns() {
        let painted = Painter { color: true }.bold("HIGH");
        assert_eq!(visible_width(&painted), 4);
        assert_eq!(wrap("x y", 8, &painted, ""), format!("{painted}x y\n"));
    }
}
