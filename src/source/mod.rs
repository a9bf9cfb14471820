//! Source text, file ids, byte spans and line/column lookup.
//!
//! Every value in the model carries a [`Span`] into one of the unit's
//! [`SourceFile`]s. Line and column numbers are computed only when a finding
//! leaves the engine, so the hot path never counts newlines.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a unit's [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

/// 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One loaded file: its path (as given by the front end) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: Arc<str>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset (clamped to the text, snapped back to a char boundary).
    pub fn position(&self, offset: u32) -> Position {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let line_start = self.line_starts[line] as usize;
        let column = self.text[line_start..offset].chars().count() as u32 + 1;
        Position {
            line: line as u32 + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let index = line.saturating_sub(1) as usize;
        let Some(&start) = self.line_starts.get(index) else {
            return "";
        };
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

/// The files of one analysis unit. Ids are dense indices.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    by_path: std::collections::HashMap<PathBuf, FileId>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: Arc<str>) -> FileId {
        if let Some(id) = self.lookup(&path) {
            return id;
        }
        let id = FileId(self.files.len() as u32);
        self.by_path.insert(path.clone(), id);
        self.files.push(SourceFile::new(path, text));
        id
    }

    pub fn lookup(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// A problem met while reading a file (not a security finding): a syntax
/// error, an unreadable module source. Every parser reports these as data.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub file: FileId,
    pub span: Option<Span>,
    pub message: String,
}

/// Why a file could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotFound,
    TooLarge { bytes: u64, limit: u64 },
    Binary,
    NotUtf8 { offset: usize },
    Io(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => write!(f, "file not found"),
            LoadError::TooLarge { bytes, limit } => {
                write!(f, "file is too large ({bytes} bytes; limit {limit})")
            }
            LoadError::Binary => write!(f, "binary file (contains NUL bytes)"),
            LoadError::NotUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {offset})")
            }
            LoadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Where the engine gets text from. The CLI reads the disk; the language
/// server serves open documents from memory and falls back to the disk.
/// The engine itself never touches the file system.
pub trait SourceLoader: Sync {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError>;
    /// Files directly inside `dir` (not recursive), sorted.
    fn list_dir(&self, dir: &Path) -> Vec<PathBuf>;
    /// `path` with every symlink resolved, when the loader can tell
    /// (confinement to the scanned tree); `None`: judge the path as written.
    fn canonical(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// Largest file the loader accepts; IaC files beyond this are generated data.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Turns raw bytes into text, or says why they are not text.
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(LoadError::Binary);
    }
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    // A byte-order mark is not part of the content.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => Arc::from(rest),
        None => Arc::from(text),
    })
}

/// Longest excerpt of source text a message quotes.
pub const MAX_EXCERPT: usize = 80;

/// `text` as a message quotes it: at most [`MAX_EXCERPT`] bytes of its
/// first line, with an ellipsis when anything was cut.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    let line = text.lines().next().unwrap_or("");
    if line.len() == text.len() && line.len() <= MAX_EXCERPT {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = line.len().min(MAX_EXCERPT);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    std::borrow::Cow::Owned(format!("{}…", &line[..end]))
}

/// Reads from the file system: regular files only (a FIFO, a device or a
/// socket — directly or through a symlink — is an error, never a blocking
/// read), and never more than [`MAX_FILE_BYTES`] + 1 bytes, whatever the
/// file's metadata says.
pub struct DiskLoader;

/// `O_NONBLOCK`: opening a FIFO that was swapped in after the check must
/// not wait for a writer (regular files ignore the flag).
#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const O_NONBLOCK: i32 = 0x0004;

/// What a non-regular file is, for the error message.
fn not_regular(meta: &std::fs::Metadata) -> LoadError {
    let what = file_type_name(&meta.file_type());
    LoadError::Io(format!("not a regular file ({what}); not read"))
}

fn file_type_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

impl SourceLoader for DiskLoader {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        use std::io::Read;
        // `metadata` follows symlinks and never blocks.
        let meta = std::fs::metadata(path).map_err(io_error)?;
        if !meta.is_file() {
            return Err(not_regular(&meta));
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(O_NONBLOCK);
        }
        let file = options.open(path).map_err(io_error)?;
        // The file opened may not be the one checked.
        let meta = file.metadata().map_err(io_error)?;
        if !meta.is_file() {
            return Err(not_regular(&meta));
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(LoadError::TooLarge {
                bytes: meta.len().max(bytes.len() as u64),
                limit: MAX_FILE_BYTES,
            });
        }
        decode(bytes)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
            .map(|e| e.path())
            .collect();
        out.sort();
        out
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

fn io_error(e: std::io::Error) -> LoadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        _ => LoadError::Io(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.tf".into(), Arc::from("ab\nçd = 1\n"));
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        // 'ç' is two bytes but one column.
        assert_eq!(f.position(5), Position { line: 2, column: 2 });
        assert_eq!(f.line_text(2), "çd = 1");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn decode_rejects_binary_and_bad_utf8() {
        assert_eq!(decode(vec![b'a', 0, b'b']), Err(LoadError::Binary));
        assert_eq!(
            decode(vec![b'a', 0xff]),
            Err(LoadError::NotUtf8 { offset: 1 })
        );
        assert_eq!(&*decode(b"\xef\xbb\xbfx = 1".to_vec()).unwrap(), "x = 1");
    }

    #[test]
    fn excerpts_are_short_and_cut_on_a_character() {
        assert_eq!(excerpt("a = 1"), "a = 1");
        assert_eq!(excerpt("a\nb"), "a…");
        let long = "é".repeat(1000);
        let cut = excerpt(&long);
        assert!(cut.len() <= MAX_EXCERPT + '…'.len_utf8(), "{cut}");
        assert!(cut.ends_with('…'));
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        for path in ["/dev/zero", "/dev/null", "/"] {
            let Err(LoadError::Io(e)) = DiskLoader.read(Path::new(path)) else {
                panic!("{path} was read");
            };
            assert!(e.contains("not a regular file"), "{e}");
        }
    }
}
