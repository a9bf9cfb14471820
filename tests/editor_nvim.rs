//! End-to-end in a real editor: headless Neovim loads the plugin from
//! `editors/nvim`, starts `strata lsp`, opens the fixtures under
//! `testdata/editors/` and receives the server's diagnostics; then the
//! Terraform buffer is fixed without saving and the finding must go away.
//!
//! The Lua side is `tests/editor_nvim/init.lua` (the minimal init a user would
//! write) and `tests/editor_nvim/driver.lua` (opens, waits, edits, reports
//! JSON). Neovim 0.7 (Debian's package) and later releases are both supported.
//!
//! Without `nvim` on PATH the test says so loudly and passes, unless
//! `STRATA_REQUIRE_EDITOR_TESTS` is set (as CI sets it), when it fails.
//! `STRATA_NVIM` picks another Neovim binary; `STRATA_EDITOR_TEST_SERVER`
//! another server binary (run as `BINARY lsp`) instead of this build's.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod support;
use support::copy_dir;

/// How long the driver waits for each expected change of diagnostics.
const WAIT_MS: u64 = 20_000;
/// The whole Neovim run, a last resort against a hung editor.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

const INIT_LUA: &str = include_str!("editor_nvim/init.lua");
const DRIVER_LUA: &str = include_str!("editor_nvim/driver.lua");

/// One fixture: its path under `testdata/editors/`, the rule the server must
/// report there, and the text the diagnostic must start at (its line and
/// column are looked up in the fixture, 0-based as LSP and Neovim count).
struct Expect {
    file: &'static str,
    code: &'static str,
    at: &'static str,
    filetype: &'static str,
}

/// The Terraform fixture comes first: the driver edits the first file.
const EXPECTED: &[Expect] = &[
    Expect {
        file: "terraform/main.tf",
        code: "AWS009",
        at: "encrypted         = false",
        filetype: "terraform",
    },
    Expect {
        file: "k8s/pod.yaml",
        code: "K8S001",
        at: "privileged: true",
        filetype: "yaml",
    },
    Expect {
        file: "docker/Dockerfile",
        code: "DKR001",
        at: "ubuntu:latest",
        filetype: "dockerfile",
    },
];

#[test]
fn neovim_shows_strata_diagnostics_and_clears_them_after_an_edit() {
    let Some(nvim) = find_nvim() else {
        let required = std::env::var_os("STRATA_REQUIRE_EDITOR_TESTS").is_some();
        let message = "editor_nvim: `nvim` is not on PATH, so the Neovim end-to-end test \
                       did NOT run. Install Neovim (Debian: `apt-get install -y neovim`) to run it.";
        if required {
            panic!("{message} STRATA_REQUIRE_EDITOR_TESTS is set, so this is a failure.");
        }
        // Straight to stderr: the test harness would swallow eprintln! output.
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!!!!\n!!! {message}\n!!!!!!!!!!\n"
        );
        return;
    };

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = scratch("editor-nvim");
    let project = work.join("project");
    copy_dir(&repo.join("testdata/editors"), &project);
    fs::write(work.join("init.lua"), INIT_LUA).unwrap();
    fs::write(work.join("driver.lua"), DRIVER_LUA).unwrap();
    let out_file = work.join("result.json");
    let server = std::env::var_os("STRATA_EDITOR_TEST_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_strata")));
    let expect_env: Vec<String> = EXPECTED
        .iter()
        .map(|e| format!("{}={}", e.file, e.code))
        .collect();

    let stdout = File::create(work.join("nvim.stdout")).unwrap();
    let stderr = File::create(work.join("nvim.stderr")).unwrap();
    let xdg = work.join("xdg");
    let mut child = Command::new(&nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(work.join("init.lua"))
        .arg("-c")
        .arg(format!("luafile {}", work.join("driver.lua").display()))
        .current_dir(&project)
        // Keep Neovim's state, caches and lsp.log inside the scratch folder.
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .env("STRATA_E2E_PLUGIN", repo.join("editors/nvim"))
        .env("STRATA_E2E_SERVER", &server)
        .env("STRATA_E2E_PROJECT", &project)
        .env("STRATA_E2E_OUT", &out_file)
        .env("STRATA_E2E_EXPECT", expect_env.join(";"))
        .env("STRATA_E2E_TIMEOUT_MS", WAIT_MS.to_string())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", nvim.display()));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Neovim did not finish within {RUN_TIMEOUT:?}\n{}",
                logs(&work)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };

    let text = fs::read_to_string(&out_file).unwrap_or_else(|e| {
        panic!(
            "Neovim ({status}) wrote no result to {}: {e}\n{}",
            out_file.display(),
            logs(&work)
        )
    });
    let result: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("result is not JSON ({e}): {text}\n{}", logs(&work)));
    let context = || {
        format!(
            "Neovim {} reported:\n{text}\n{}",
            result["nvim"],
            logs(&work)
        )
    };

    assert!(
        result["error"].is_null(),
        "the driver failed: {}\n{}",
        result["error"],
        context()
    );
    assert_eq!(
        result["timeouts"].as_array().map_or(0, Vec::len),
        0,
        "timed out waiting for: {}\n{}",
        result["timeouts"],
        context()
    );

    for expect in EXPECTED {
        let file = &result["files"][expect.file];
        assert_eq!(
            file["filetype"],
            expect.filetype,
            "{}: filetype\n{}",
            expect.file,
            context()
        );
        let opened = diagnostics(&file["opened"]);
        assert!(
            !opened.is_empty(),
            "{}: no diagnostics from strata\n{}",
            expect.file,
            context()
        );
        let (line, col) = position_of(&project.join(expect.file), expect.at);
        assert!(
            opened
                .iter()
                .any(|d| d.code == expect.code && d.line == line && d.col == col),
            "{}: expected {} at line {line}, column {col} (0-based), got {:?}\n{}",
            expect.file,
            expect.code,
            opened,
            context()
        );
    }

    // One server for the fixture root (testdata/editors holds strata.toml),
    // with every fixture attached to it.
    let clients: Vec<&Value> = result["clients"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["name"] == "strata")
        .collect();
    assert_eq!(clients.len(), 1, "one strata client\n{}", context());
    assert_eq!(
        Path::new(clients[0]["root_dir"].as_str().unwrap_or_default()),
        project.as_path(),
        "client root\n{}",
        context()
    );
    assert_eq!(
        clients[0]["buffers"],
        EXPECTED.len(),
        "attached buffers\n{}",
        context()
    );

    // After `encrypted = true` in the unsaved buffer, AWS009 is gone.
    let tf = &EXPECTED[0];
    let file = &result["files"][tf.file];
    assert_eq!(
        file["modified"],
        true,
        "the buffer must stay unsaved: the server has to analyse its text\n{}",
        context()
    );
    let edited = diagnostics(&file["edited"]);
    assert!(
        edited.iter().all(|d| d.code != tf.code),
        "{} still reported after the fix: {:?}\n{}",
        tf.code,
        edited,
        context()
    );

    let _ = fs::remove_dir_all(&work);
}

#[derive(Debug)]
struct Diagnostic {
    code: String,
    line: u64,
    col: u64,
}

fn diagnostics(list: &Value) -> Vec<Diagnostic> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|d| Diagnostic {
            code: match &d["code"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            },
            line: d["lnum"].as_u64().unwrap_or(u64::MAX),
            col: d["col"].as_u64().unwrap_or(u64::MAX),
        })
        .collect()
}

/// The 0-based line and column (in bytes: the fixtures are ASCII) where
/// `needle` first occurs in `file`.
fn position_of(file: &Path, needle: &str) -> (u64, u64) {
    let text = fs::read_to_string(file).unwrap();
    for (line, content) in text.lines().enumerate() {
        if let Some(col) = content.find(needle) {
            return (line as u64, col as u64);
        }
    }
    panic!("{} does not contain {needle:?}", file.display());
}

fn find_nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("STRATA_NVIM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("nvim"))
        .find(|candidate| candidate.is_file())
}

/// A scratch directory under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Neovim's output and the tail of its LSP log, for failure messages.
fn logs(work: &Path) -> String {
    let read = |path: PathBuf| fs::read_to_string(path).unwrap_or_default();
    let mut lsp_log = String::new();
    for dir in ["cache/nvim", "state/nvim"] {
        lsp_log.push_str(&read(work.join("xdg").join(dir).join("lsp.log")));
    }
    let tail: Vec<&str> = lsp_log.lines().rev().take(40).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!(
        "--- nvim stdout\n{}\n--- nvim stderr\n{}\n--- lsp.log (last 40 lines)\n{}\n(scratch folder kept: {})",
        read(work.join("nvim.stdout")),
        read(work.join("nvim.stderr")),
        tail.join("\n"),
        work.display()
    )
}
