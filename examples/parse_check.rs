//! Per-file syntax check for `benches/compare_hcl_parse.py`: reads file
//! paths from stdin, one a line, and prints for each `ok\tPATH` or
//! `error\tPATH\tMESSAGE` — the same parse the analysis runs, without
//! evaluation, so a corpus of thousands of files is checked in one process.

use std::io::{BufRead, Write};

use strata::source::FileId;

fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let Ok(path) = line else { break };
        let status = match std::fs::read(&path) {
            Err(e) => format!("error\t{path}\tcannot read: {e}"),
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                match strata::terraform::parse_only(&text, FileId(0)).first() {
                    None => format!("ok\t{path}"),
                    Some(d) => {
                        let at = d.span.map_or(0, |s| s.start);
                        let message = d.message.replace(['\t', '\n'], " ");
                        format!("error\t{path}\tbyte {at}: {message}")
                    }
                }
            }
        };
        if writeln!(out, "{status}").is_err() {
            break;
        }
    }
}
