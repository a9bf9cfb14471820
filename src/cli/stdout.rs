//! Standard output that a closed pipe does not break: `strata rules |
//! head` stops quietly when `head` has read enough, instead of panicking
//! (as `print!` does) or reporting an error.

use std::io::{self, Write};

/// Runs `write` on buffered, locked standard output and flushes it; a
/// closed pipe counts as success.
pub fn write_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            // Whatever is still buffered has nowhere to go; drop it
            // without the flush on drop trying again.
            let _ = out.into_parts();
            Ok(())
        }
        other => other,
    }
}

/// Prints `text`, quietly stopping at a closed pipe.
pub fn print(text: &str) -> Result<(), String> {
    write_with(|out| out.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write to standard output: {e}"))
}
