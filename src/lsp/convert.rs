//! The language server's edge: byte spans to LSP positions (UTF-16 code
//! units unless the client negotiated UTF-8), paths to and from `file:`
//! URIs, and findings to diagnostics. The only place that turns engine
//! results into LSP types.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, Uri,
};

use crate::analysis::UnitFinding;
use crate::findings::Severity;
use crate::source::{FileSpan, SourceFile};

/// How columns are counted, as negotiated at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

/// The LSP position of a byte offset in `file`.
pub fn position(file: &SourceFile, offset: u32, encoding: Encoding) -> Position {
    let mut offset = (offset as usize).min(file.text.len());
    while !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.position(offset as u32).line - 1;
    let start = file.line_start(line) as usize;
    let before = &file.text[start..offset];
    let character = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.encode_utf16().count(),
    };
    Position::new(line, character as u32)
}

pub fn range(span: &FileSpan, encoding: Encoding) -> Range {
    Range::new(
        position(&span.file, span.start, encoding),
        position(&span.file, span.end.max(span.start), encoding),
    )
}

/// The byte offset of an LSP position in `text` (clamped to the line).
pub fn offset(text: &str, at: Position, encoding: Encoding) -> usize {
    let mut line_start = 0;
    for _ in 0..at.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (i, ch) in text[line_start..line_end].char_indices() {
        if units >= at.character as usize {
            return line_start + i;
        }
        units += match encoding {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
        };
    }
    line_end
}

/// The file path of a `file:` URI (percent-decoded); `None` for other
/// schemes (untitled buffers, remote files).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode(path)?;
    // Windows drive letters come as `/C:/…`.
    let decoded = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Uri {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut encoded = String::from("file://");
    if !text.starts_with('/') {
        encoded.push('/');
    }
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&byte);
        if keep {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&encoded).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as a diagnostic. Suppressed findings are shown as hints,
/// tagged unnecessary (greyed out), so a suppression stays visible but
/// never nags.
pub fn diagnostic(finding: &UnitFinding, encoding: Encoding) -> Diagnostic {
    let rule = &finding.rule;
    let related = finding
        .trace
        .iter()
        .map(|(span, note)| DiagnosticRelatedInformation {
            location: Location::new(uri_of(&absolute(span.path())), range(span, encoding)),
            message: note.clone(),
        })
        .collect::<Vec<_>>();
    let (severity, tags, message) = match &finding.suppressed {
        None => (severity(rule.severity), None, finding.message.clone()),
        Some(why) => (
            DiagnosticSeverity::HINT,
            Some(vec![DiagnosticTag::UNNECESSARY]),
            format!("{} (suppressed: {})", finding.message, why.justification),
        ),
    };
    Diagnostic {
        range: range(&finding.span, encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(rule.id.clone())),
        // Set by the server when a docs URL is configured.
        code_description: None,
        source: Some("strata".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

/// A path made absolute against the working directory (URIs need it).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        crate::unit::clean_path(path)
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        crate::unit::clean_path(&cwd.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn columns_count_utf16_units_unless_utf8_was_negotiated() {
        // 'é' is 2 bytes and 1 UTF-16 unit; '😀' is 4 bytes and 2 units.
        let file = SourceFile::new("a.tf".into(), Arc::from("x\né😀 = true\n"));
        let at_true = "x\né😀 = ".len() as u32;
        assert_eq!(
            position(&file, at_true, Encoding::Utf16),
            Position::new(1, 6)
        );
        assert_eq!(
            position(&file, at_true, Encoding::Utf8),
            Position::new(1, 9)
        );
        let text = &*file.text;
        assert_eq!(
            offset(text, Position::new(1, 6), Encoding::Utf16),
            at_true as usize
        );
        assert_eq!(
            offset(text, Position::new(1, 9), Encoding::Utf8),
            at_true as usize
        );
        // Past the end of a line clamps to the line end.
        assert_eq!(offset(text, Position::new(0, 40), Encoding::Utf16), 1);
    }

    #[test]
    fn file_uris_round_trip_with_percent_encoding() {
        let path = Path::new("/work/my repo/main.tf");
        let uri = uri_of(path);
        assert_eq!(uri.as_str(), "file:///work/my%20repo/main.tf");
        assert_eq!(path_of(&uri).unwrap(), path);
        assert!(path_of(&Uri::from_str("untitled:Untitled-1").unwrap()).is_none());
    }
}
