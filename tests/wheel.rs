//! The binary-only install path: pyproject.toml builds a Python wheel that
//! carries the `strata` binary (maturin's `bin` bindings), and installing it
//! into a fresh virtual environment puts a working `strata` on its PATH —
//! what the `language: python` pre-commit hook relies on.
//!
//! Needs `maturin` (on PATH, or named by `STRATA_MATURIN`) and `python3`;
//! skipped with a message otherwise. CI sets `STRATA_REQUIRE_WHEEL_TESTS=1`
//! so it cannot skip there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var_os("STRATA_REQUIRE_WHEEL_TESTS").is_some_and(|v| v != "0")
}

/// The maturin to build with, or why there is none.
fn maturin() -> Result<PathBuf, String> {
    let candidate = std::env::var_os("STRATA_MATURIN").map_or("maturin".into(), PathBuf::from);
    match Command::new(&candidate).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(candidate),
        _ => Err(format!(
            "`{}` is not available (pip install maturin, or set STRATA_MATURIN)",
            candidate.display()
        )),
    }
}

fn run(command: &mut Command) -> std::process::Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_wheel_installs_a_working_strata_without_a_toolchain() {
    let maturin = match maturin() {
        Ok(maturin) => maturin,
        Err(why) if !required() => {
            eprintln!("skipped: {why}; set STRATA_REQUIRE_WHEEL_TESTS=1 to make this an error");
            return;
        }
        Err(why) => panic!("STRATA_REQUIRE_WHEEL_TESTS is set, but {why}"),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheel");
    let _ = std::fs::remove_dir_all(&work);
    let wheels = work.join("wheels");
    // The test profile's build is reused; a release wheel differs only in
    // how the binary was optimised.
    run(Command::new(&maturin)
        .args([
            "build",
            "--profile",
            "dev",
            "--compatibility",
            "linux",
            "--quiet",
        ])
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--out")
        .arg(&wheels));
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("maturin wrote a wheel");
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("strata_iac-{version}-py3-none-")),
        "{name}"
    );

    // A fresh environment, the wheel only: nothing is fetched or compiled.
    let venv = work.join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--no-index", "--no-deps"])
        .arg(&wheel));
    let strata = venv.join("bin/strata");
    let out = run(Command::new(&strata).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("strata {version}")
    );
    let scan = Command::new(&strata)
        .args(["scan", "testdata/examples/terraform", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(scan.status.code(), Some(1), "the example has findings");
    let report: serde_json::Value = serde_json::from_slice(&scan.stdout).unwrap();
    assert!(report["summary"]["findings"].as_u64().unwrap() > 0);
}
