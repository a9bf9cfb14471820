//! Embeds the rule catalog: every `rules/**/*.yaml` becomes an entry of a
//! generated `(path, include_str!(…))` table in `OUT_DIR/builtin_rules.rs`.
//! Also lists the rule fixture folders (`testdata/rules/<ID>-<name>/`) as
//! one test each in `OUT_DIR/rule_fixture_tests.rs`, so `cargo test AWS001`
//! runs that rule's fixtures alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Cargo scans a directory recursively, so added files trigger a rebuild too.
    println!("cargo:rerun-if-changed=rules");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();

    let mut out = String::from("/// Built-in rule files: (path relative to the crate, text).\n");
    out.push_str("pub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        let relative = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let _ = writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    out.push_str("];\n");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin_rules.rs"), out).expect("write builtin_rules.rs");
    write_fixture_tests(&root.join("testdata/rules"), &out_dir);
}

/// One `#[test]` per fixture folder, named after it (`AWS001_s3_bucket_…`).
fn write_fixture_tests(fixtures: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut folders: Vec<String> = std::fs::read_dir(fixtures)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut out = String::new();
    for folder in &folders {
        let name: String = folder
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let _ = writeln!(
            out,
            "#[test]\n#[allow(non_snake_case)]\nfn {name}() {{\n    check_fixture({folder:?});\n}}\n"
        );
    }
    let _ = writeln!(out, "const FIXTURE_FOLDERS: usize = {};", folders.len());
    std::fs::write(out_dir.join("rule_fixture_tests.rs"), out)
        .expect("write rule_fixture_tests.rs");
}

/// Rule files under `dir`, recursively; `README.md` and others are skipped.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
}
