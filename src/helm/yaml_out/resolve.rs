//! Which strings go-yaml v2 writes in double quotes because, unquoted,
//! they would read back as something else: its `resolve` (the bool and
//! null words of YAML 1.1 in their three spellings, `.inf`/`.nan`,
//! timestamps, Go integers in any base, YAML floats) plus the base-60
//! floats it quotes "for compatibility with other parsers". A string that
//! merely looks odd (`yEs`, `0b2`, `1:61`, `<<`) stays plain, as in Helm.

/// Words go-yaml resolves by table, exactly as spelled.
const WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

/// True when go-yaml would write `s` in double quotes.
pub fn reads_as_non_string(s: &str) -> bool {
    // go-yaml only looks further when the first byte hints at a type.
    match s.bytes().next() {
        None => true,
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => {
            WORDS.contains(&s)
        }
        Some(b'.') => WORDS.contains(&s) || dot_float(s),
        Some(b'+' | b'-' | b'0'..=b'9') => {
            WORDS.contains(&s) || timestamp(s) || number(&s.replace('_', "")) || base60_float(s)
        }
        _ => false,
    }
}

/// `.5`, `.5e3`: Go's `ParseFloat` on a string starting with a dot.
fn dot_float(s: &str) -> bool {
    let rest = &s[1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && exponent_or_end(&rest[digits..]) && finite(s)
}

/// Nothing, or `e`/`E`, an optional sign and digits.
fn exponent_or_end(s: &str) -> bool {
    let Some(e) = s.strip_prefix(['e', 'E']) else {
        return s.is_empty();
    };
    let e = e.strip_prefix(['+', '-']).unwrap_or(e);
    !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
}

/// Go's `ParseFloat` fails with a range error where Rust gives infinity.
fn finite(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// An integer for Go's `ParseInt`/`ParseUint` (base 0), a YAML float, or
/// go-yaml's own `0b` fallback; underscores are already gone.
fn number(plain: &str) -> bool {
    go_integer(plain) || yaml_float(plain) || signed_binary(plain)
}

fn go_integer(s: &str) -> bool {
    let (sign, body) = match s.as_bytes().first() {
        Some(&c @ (b'+' | b'-')) => (Some(c), &s[1..]),
        _ => (None, s),
    };
    let Some(magnitude) = go_magnitude(body) else {
        return false;
    };
    match sign {
        Some(b'-') => magnitude <= 1 << 63,
        Some(_) => magnitude < 1 << 63,
        // ParseUint takes what ParseInt cannot.
        None => magnitude <= u64::MAX as u128,
    }
}

/// Digits after Go's base prefix (`0x`, `0o`, `0b`, a bare leading `0`).
fn go_magnitude(body: &str) -> Option<u128> {
    let lower = body.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u128, |acc, c| {
        let d = c.to_digit(radix)?;
        acc.checked_mul(radix as u128)?.checked_add(d as u128)
    })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, in range.
fn yaml_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let int = body.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &body[int..];
    let after_fraction = match rest.strip_prefix('.') {
        Some(f) => {
            let frac = f.bytes().take_while(u8::is_ascii_digit).count();
            if int == 0 && frac == 0 {
                return false;
            }
            &f[frac..]
        }
        None if int == 0 => return false,
        None => rest,
    };
    exponent_or_end(after_fraction) && finite(s)
}

/// go-yaml parses what follows `0b` with a sign of its own: `0b-1` is -1.
fn signed_binary(s: &str) -> bool {
    let Some(bits) = s.strip_prefix("0b") else {
        return false;
    };
    i64::from_str_radix(bits, 2).is_ok()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`: YAML 1.1's `1:20`.
fn base60_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let mut groups = whole.split(':');
    let head = groups.next().unwrap_or("");
    let sixties: Vec<&str> = groups.collect();
    let sixty = |g: &&str| match g.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    };
    let digits_or_underscores = |t: &str| t.bytes().all(|c| c.is_ascii_digit() || c == b'_');
    digits_or_underscores(head)
        && !sixties.is_empty()
        && sixties.iter().all(sixty)
        && digits_or_underscores(fraction)
}

/// A timestamp for go-yaml: Go's `time.Parse` with `2006-1-2`,
/// `2006-1-2 15:4:5.999999999` or `2006-1-2T15:4:5.999999999Z07:00`
/// (`t` also), fields in range.
fn timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let year: u32 = s[..4].parse().unwrap_or(0);
    let mut p = Fields { s: &b[5..] };
    let (Some(month), true, Some(day)) = (p.number(), p.eat(b'-'), p.number()) else {
        return false;
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    let zoned = match p.s.first() {
        None => return true,
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        Some(_) => return false,
    };
    p.s = &p.s[1..];
    let (Some(h), true, Some(m), true, Some(sec)) =
        (p.number(), p.eat(b':'), p.number(), p.eat(b':'), p.number())
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    // Go accepts a comma or a period before fractional seconds.
    if let [b'.' | b',', d, ..] = p.s
        && d.is_ascii_digit()
    {
        let n = p.s[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        p.s = &p.s[1 + n..];
    }
    if !zoned {
        return p.s.is_empty();
    }
    match p.s {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 24
                && (m1 - b'0') * 10 + (m2 - b'0') <= 60
        }
        _ => false,
    }
}

struct Fields<'a> {
    s: &'a [u8],
}

impl Fields<'_> {
    /// One or two digits, as Go's non-padded layout fields read them.
    fn number(&mut self) -> Option<u32> {
        let n = self
            .s
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n == 0 {
            return None;
        }
        let v = self.s[..n]
            .iter()
            .fold(0, |a, c| a * 10 + (c - b'0') as u32);
        self.s = &self.s[n..];
        Some(v)
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.s.first() == Some(&c);
        if hit {
            self.s = &self.s[1..];
        }
        hit
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
